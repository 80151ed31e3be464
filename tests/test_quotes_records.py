"""From kept candidates to Quote records, on hand-built Docs through the whole road with the rules' scores
(``system="rules"``: no trained model, so that the test depends on neither the model file nor the parser):
fragments and their words, speakers resolved in text order, documents as speakers, acts."""

from __future__ import annotations

import pytest

from newslens.quotes import extract_quotes
from newslens.quotes import speakers as speaker_mod
from newslens.records import fragments_text
from quote_docs import build, index_of


@pytest.fixture(scope="module")
def nlp():
    import spacy

    return spacy.blank("en")


def quotes_of(nlp, text, spec, ents=(), **index):
    doc = build(nlp, text, spec, ents)
    quotes = extract_quotes(doc, index_of(doc, **index), "t", system="rules")
    for q in quotes:
        assert fragments_text(text, q.spans) == q.text
        assert (q.start, q.end) == (q.spans[0][0], q.spans[-1][1])
        if q.speaker_start is not None:
            assert text[q.speaker_start:q.speaker_end] == q.speaker_text
    return quotes


def test_a_direct_quote_is_its_words_without_the_marks(nlp):
    (q,) = quotes_of(nlp, '"We will win," Gao said.',
                     '"/``/punct/7 We/PRP/nsubj/3 will/MD/aux/3 win/VB/ccomp/7 ,/,/punct/7 "/\'\'/punct/7 '
                     'Gao/NNP/nsubj/7 said/VBD/ROOT/7 ././punct/7', people={"Gao": "Gao Fei"})
    assert (q.speaker, q.speaker_text, q.cue, q.kind, q.text, q.spans) == (
        "Gao Fei", "Gao", "said", "direct", "We will win", ((0, 14),))


def test_a_quote_split_around_its_attribution_is_one_record_of_two_fragments(nlp):
    text = 'Gao Fei arrived. "We will win," he said, "and they will lose."'
    spec = ('Gao/NNP/compound/1 Fei/NNP/nsubj/2 arrived/VBD/ROOT/2 ././punct/2 '
            '"/``/punct/11 We/PRP/nsubj/7 will/MD/aux/7 win/VB/ccomp/11 ,/,/punct/11 "/\'\'/punct/11 '
            'he/PRP/nsubj/11 said/VBD/ROOT/11 ,/,/punct/11 "/``/punct/11 and/CC/cc/17 they/PRP/nsubj/17 '
            'will/MD/aux/17 lose/VB/conj/11 ././punct/17 "/\'\'/punct/17')
    (q,) = quotes_of(nlp, text, spec, people={"Gao Fei": "Gao Fei"})
    assert (q.speaker, q.speaker_text, q.kind) == ("Gao Fei", "he", "direct")
    assert q.text == "We will win … and they will lose."
    assert [text[s:e] for s, e in q.spans] == ['"We will win,"', '"and they will lose."']


def test_a_quotation_over_two_paragraphs_is_a_fragment_per_paragraph(nlp):
    text = 'Gao said: "We will win.\n\n"They will lose."'
    spec = ('Gao/NNP/nsubj/1 said/VBD/ROOT/1 :/:/punct/1 "/``/punct/5 We/PRP/nsubj/5 will/MD/aux/5 win/VB/ccomp/1 '
            '././punct/5 NL/_SP/dep/7 "/``/punct/12 They/PRP/nsubj/12 will/MD/aux/12 lose/VB/ROOT/12 '
            '././punct/12 "/\'\'/punct/12')
    (q,) = quotes_of(nlp, text, spec, people={"Gao": "Gao Fei"})
    assert [text[s:e] for s, e in q.spans] == ['"We will win.', 'They will lose."']
    assert q.text == "We will win. … They will lose."


def test_a_pronoun_speaks_for_the_person_named_before(nlp, monkeypatch):
    text = 'Gao Fei arrived. He said China will win.'
    spec = ('Gao/NNP/compound/1 Fei/NNP/nsubj/2 arrived/VBD/ROOT/2 ././punct/2 He/PRP/nsubj/5 said/VBD/ROOT/5 '
            'China/NNP/nsubj/8 will/MD/aux/8 win/VB/ccomp/5 ././punct/5')
    (q,) = quotes_of(nlp, text, spec, people={"Gao Fei": "Gao Fei"})
    assert (q.speaker, q.speaker_type, q.speaker_text, q.text) == ("Gao Fei", "person", "He", "China will win")
    monkeypatch.setattr(speaker_mod, "TOKEN_STRATEGIES", tuple(
        s for s in speaker_mod.TOKEN_STRATEGIES if s.__name__ != "pronoun"))
    (q,) = quotes_of(nlp, text, spec, people={"Gao Fei": "Gao Fei"})
    assert (q.speaker, q.speaker_type) == ("He", "unknown")


def test_a_document_speaks_as_a_document(nlp, monkeypatch):
    text = "The report said prices will rise."
    spec = ("The/DT/det/1 report/NN/nsubj/2 said/VBD/ROOT/2 prices/NNS/nsubj/5 will/MD/aux/5 rise/VB/ccomp/2 "
            "././punct/2")
    (q,) = quotes_of(nlp, text, spec)
    assert (q.speaker, q.speaker_type, q.text) == ("report", "document", "prices will rise")
    monkeypatch.setattr(speaker_mod, "TOKEN_STRATEGIES", tuple(
        s for s in speaker_mod.TOKEN_STRATEGIES if s.__name__ != "document"))
    assert quotes_of(nlp, text, spec)[0].speaker_type == "unknown"


def test_an_unnamed_group_speaks_as_a_group(nlp):
    (q,) = quotes_of(nlp, "China will win, analysts said.",
                     "China/NNP/nsubj/2 will/MD/aux/2 win/VB/ccomp/5 ,/,/punct/5 analysts/NNS/nsubj/5 said/VBD/ROOT/5 "
                     "././punct/5")
    assert (q.speaker, q.speaker_type, q.kind, q.text) == ("analysts", "unnamed", "indirect", "China will win")


def test_a_doc_without_a_parse_has_no_quotes(nlp):
    doc = nlp("Gao said China will win.")
    assert extract_quotes(doc, index_of(doc), "t") == []
