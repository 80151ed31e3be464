"""The quote layer's steps on hand-built Docs: each cue finder, speaker strategy, content proposer and boundary
variant does what its docstring says, and each test fails when its rule is switched off (``without``)."""

from __future__ import annotations

import pytest

from newslens.quotes import candidates as cands
from newslens.quotes import cues as cue_mod
from newslens.quotes.candidates import candidates, cue_candidates
from newslens.quotes.cues import find_cues, subject_of
from newslens.quotes.parsed import Parsed
from quote_docs import build


@pytest.fixture(scope="module")
def nlp():
    import spacy

    return spacy.blank("en")


def parsed(nlp, text, spec, ents=()):
    return Parsed(build(nlp, text, spec, ents))


def cue_named(p: Parsed, word: str):
    return next(c for c in find_cues(p) if p.doc[c.i].text == word)


def contents(p: Parsed, cue, proposer: str | None = None) -> set[str]:
    """The texts of a cue's candidates (those a proposer made, when named)."""
    out = set()
    for c in cue_candidates(cue, p):
        if proposer is None or any(name.split("+")[0] == proposer for name in c.proposers):
            out.add(" | ".join(p.text[s:e] for s, e in c.fragments))
    return out


def without(monkeypatch, module, name: str, attribute: str = "PROPOSERS") -> None:
    """Switch one rule off: drop it from its module's ordered list."""
    rules = getattr(module, attribute)
    monkeypatch.setattr(module, attribute, tuple(r for r in rules if r.__name__ != name))


SAID_THAT = ("Gao said that China will win.",
             "Gao/NNP/nsubj/1 said/VBD/ROOT/1 that/IN/mark/5 China/NNP/nsubj/5 will/MD/aux/5 win/VB/ccomp/1 "
             "././punct/1")
QUOTE_BEFORE = ('"We will win," Gao said.',
                '"/``/punct/7 We/PRP/nsubj/3 will/MD/aux/3 win/VB/ccomp/7 ,/,/punct/7 "/\'\'/punct/7 '
                'Gao/NNP/nsubj/7 said/VBD/ROOT/7 ././punct/7')


# -- cues and speakers -----------------------------------------------------------------------------------
def test_a_verb_of_the_lexicon_with_its_subject_is_a_speech_cue(nlp):
    p = parsed(nlp, *SAID_THAT)
    cue = cue_named(p, "said")
    assert (cue.kind, cue.klass, p.doc[cue.speaker].text, cue.start, cue.end) == ("verb", "speech", "Gao", 4, 8)


def test_a_verb_outside_the_lexicon_is_a_cue_of_class_none(nlp):
    p = parsed(nlp, "Gao sensed that China will win.",
               "Gao/NNP/nsubj/1 sensed/VBD/ROOT/1 that/IN/mark/5 China/NNP/nsubj/5 will/MD/aux/5 win/VB/ccomp/1 "
               "././punct/1")
    assert cue_named(p, "sensed").klass == "none"


def test_a_passive_speaks_through_its_agent_or_not_at_all(nlp, monkeypatch):
    p = parsed(nlp, "The plan was criticised by the board.",
               "The/DT/det/1 plan/NN/nsubjpass/3 was/VBD/auxpass/3 criticised/VBN/ROOT/3 by/IN/agent/3 "
               "the/DT/det/6 board/NN/pobj/4 ././punct/3")
    verb = p.doc[3]
    assert subject_of(verb, p).text == "board"
    assert "The plan" in contents(p, cue_named(p, "criticised"), "passive_patient")
    p2 = parsed(nlp, "It was announced that China won.",
                "It/PRP/nsubjpass/2 was/VBD/auxpass/2 announced/VBN/ROOT/2 that/IN/mark/5 China/NNP/nsubj/5 "
                "won/VBD/ccomp/2 ././punct/2")
    assert subject_of(p2.doc[2], p2) is None
    monkeypatch.setattr(cue_mod, "SUBJECT_STRATEGIES", tuple(
        s for s in cue_mod.SUBJECT_STRATEGIES if s.__name__ != "passive"))
    assert subject_of(verb, p, strategies=cue_mod.SUBJECT_STRATEGIES) is None


def test_the_subject_of_the_verb_above_speaks_for_a_conjunct(nlp, monkeypatch):
    p = parsed(nlp, "Gao arrived and said China will win.",
               "Gao/NNP/nsubj/1 arrived/VBD/ROOT/1 and/CC/cc/1 said/VBD/conj/1 China/NNP/nsubj/6 will/MD/aux/6 "
               "win/VB/ccomp/3 ././punct/1")
    assert subject_of(p.doc[3], p).text == "Gao"
    strategies = tuple(s for s in cue_mod.SUBJECT_STRATEGIES if s.__name__ != "subject_above")
    assert subject_of(p.doc[3], p, strategies=strategies) is None


def test_the_object_of_a_verb_of_forcing_does_what_its_infinitive_says(nlp):
    p = parsed(nlp, "They forced Gao to admit the loss.",
               "They/PRP/nsubj/1 forced/VBD/ROOT/1 Gao/NNP/dobj/1 to/TO/aux/4 admit/VB/xcomp/1 the/DT/det/6 "
               "loss/NN/dobj/4 ././punct/1", ents=((2, 3, "PERSON"),))
    assert subject_of(p.doc[4], p).text == "Gao"
    strategies = tuple(s for s in cue_mod.SUBJECT_STRATEGIES if s.__name__ != "object_controller")
    assert subject_of(p.doc[4], p, strategies=strategies).text == "They"


def test_a_bare_passive_participle_has_no_speaker(nlp):
    p = parsed(nlp, "Asked about it, Gao said no.",
               "Asked/VBN/advcl/5 about/IN/prep/0 it/PRP/pobj/1 ,/,/punct/5 Gao/NNP/nsubj/5 said/VBD/ROOT/5 "
               "no/UH/dobj/5 ././punct/5")
    assert subject_of(p.doc[0], p) is None
    strategies = tuple(s for s in cue_mod.SUBJECT_STRATEGIES if s.__name__ != "passive_participle")
    assert subject_of(p.doc[0], p, strategies=strategies).text == "Gao"


def test_the_name_next_to_the_verb_speaks_when_the_parse_took_a_quoted_word(nlp, monkeypatch):
    text = '"Best in the league," Chief Brannock said.'
    spec = ('"/``/punct/8 Best/JJS/nsubj/8 in/IN/prep/1 the/DT/det/4 league/NN/pobj/2 ,/,/punct/8 '
            '"/\'\'/punct/8 Chief/NNP/compound/7 Brannock/NNP/npadvmod/8 said/VBD/ROOT/8 ././punct/8')
    p = parsed(nlp, text, spec)
    cue = cue_named(p, "said")
    assert (p.doc[cue.speaker].text, cue.subject_rule) == ("Brannock", "adjacent_noun_phrase")
    monkeypatch.setattr(cue_mod, "FALLBACK_STRATEGIES", ())
    assert not any(p.doc[c.i].text == "said" for c in find_cues(p))


def test_a_noun_of_saying_with_its_owner_is_a_cue(nlp, monkeypatch):
    p = parsed(nlp, "Gao's claim that China won was false.",
               "Gao/NNP/poss/2 's/POS/case/0 claim/NN/nsubj/6 that/IN/mark/5 China/NNP/nsubj/5 won/VBD/acl/2 "
               "was/VBD/ROOT/6 false/JJ/acomp/6 ././punct/6")
    cue = cue_named(p, "claim")
    assert (cue.kind, cue.klass, p.doc[cue.speaker].text) == ("noun", "noun", "Gao")
    assert "that China won" in contents(p, cue, "noun_clause")
    without(monkeypatch, cue_mod, "noun_cues", "FINDERS")
    assert not any(c.kind == "noun" for c in find_cues(p, cue_mod.FINDERS))


def test_an_adjective_of_attitude_predicated_of_someone_is_a_cue(nlp):
    p = parsed(nlp, "The senator is critical of the plan.",
               "The/DT/det/1 senator/NN/nsubj/2 is/VBZ/ROOT/2 critical/JJ/acomp/2 of/IN/prep/3 the/DT/det/6 "
               "plan/NN/pobj/4 ././punct/2")
    cue = cue_named(p, "critical")
    assert (cue.kind, cue.klass, cue.text) == ("adjective", "adjective", "critical of")
    assert "the plan" in contents(p, cue, "prep_object")


def test_according_to_names_a_source_but_not_a_plan(nlp):
    p = parsed(nlp, "According to TASS, Putin will visit China.",
               "According/VBG/prep/6 to/IN/prep/0 TASS/NNP/pobj/1 ,/,/punct/6 Putin/NNP/nsubj/6 will/MD/aux/6 "
               "visit/VB/ROOT/6 China/NNP/dobj/6 ././punct/6", ents=((2, 3, "ORG"),))
    cue = cue_named(p, "According")
    assert (cue.kind, cue.text, p.doc[cue.speaker].text) == ("source", "according to", "TASS")
    assert "Putin will visit China" in contents(p, cue, "rest_of_sentence")
    p2 = parsed(nlp, "Homes are taxed according to their value.",
                "Homes/NNS/nsubjpass/2 are/VBP/auxpass/2 taxed/VBN/ROOT/2 according/VBG/prep/2 to/IN/prep/3 "
                "their/PRP$/poss/6 value/NN/pobj/4 ././punct/2")
    assert not any(c.kind == "source" for c in find_cues(p2))


def test_a_transcript_label_names_someone_but_a_line_label_does_not(nlp, monkeypatch):
    text = "Pence spoke.\n\nPENCE: Well, we will win the race."
    spec = ("Pence/NNP/nsubj/1 spoke/VBD/ROOT/1 ././punct/1 NL/_SP/dep/2 PENCE/NNP/ROOT/4 :/:/punct/4 "
            "Well/UH/intj/10 ,/,/punct/10 we/PRP/nsubj/10 will/MD/aux/10 win/VB/ROOT/10 the/DT/det/12 "
            "race/NN/dobj/10 ././punct/10")
    p = parsed(nlp, text, spec)
    label = next(c for c in find_cues(p) if c.kind == "label")
    assert p.text[slice(*label.speaker_span)] == "PENCE"
    assert "Well, we will win the race" in contents(p, label, "label_turn")
    text2 = "Prices rose.\n\nENERGY: Oil prices will rise again."
    spec2 = ("Prices/NNS/nsubj/1 rose/VBD/ROOT/1 ././punct/1 NL/_SP/dep/2 ENERGY/NNP/ROOT/4 :/:/punct/4 "
             "Oil/NN/compound/7 prices/NNS/nsubj/9 will/MD/aux/9 rise/VB/ROOT/9 again/RB/advmod/9 ././punct/9")
    assert not any(c.kind == "label" for c in find_cues(parsed(nlp, text2, spec2)))
    monkeypatch.setattr(cue_mod, "_proper_names", lambda doc: frozenset({"energy"}))
    assert any(c.kind == "label" for c in find_cues(parsed(nlp, text2, spec2)))


def test_a_quote_signed_with_a_dash_is_a_cue(nlp, monkeypatch):
    text = '"We will win." ― Jane Doe'
    spec = ('"/``/punct/3 We/PRP/nsubj/3 will/MD/aux/3 win/VB/ROOT/3 ././punct/3 "/\'\'/punct/3 ―/:/punct/3 '
            'Jane/NNP/compound/8 Doe/NNP/appos/3')
    p = parsed(nlp, text, spec)
    dash = next(c for c in find_cues(p) if c.kind == "dash")
    assert p.text[slice(*dash.speaker_span)] == "Jane Doe"
    assert contents(p, dash, "quote_before") == {'"We will win."'}
    without(monkeypatch, cue_mod, "dash_cues", "FINDERS")
    assert not any(c.kind == "dash" for c in find_cues(p, cue_mod.FINDERS))


def test_a_signature_the_tagger_took_for_a_verb_is_still_a_signature(nlp, monkeypatch):
    # `win."― Jane Doe`: the dash glued to the mark, tagged a verb, its own sentence
    text = '"We will win."― Jane Doe'
    spec = ('"/``/punct/3 We/PRP/nsubj/3 will/MD/aux/3 win/VB/ROOT/3 ././punct/3 "―/VBD/ROOT/5 '
            'Jane/NNP/compound/7 Doe/NNP/nsubj/5')
    p = parsed(nlp, text, spec)
    dash = next(c for c in find_cues(p) if c.i == 5)
    assert (dash.kind, p.text[dash.start:dash.end]) == ("dash", "―")
    assert contents(p, dash, "quote_before") == {'"We will win."'}
    assert all(c.group == 0 for c in cue_candidates(dash, p))  # a signature ends what its speaker said
    monkeypatch.setattr(cue_mod, "_is_word", lambda _text: True)  # a dash a verb again
    assert next(c for c in find_cues(p) if c.i == 5).kind == "verb"


def test_a_negated_cue_is_marked(nlp):
    p = parsed(nlp, "Gao did not say that China won.",
               "Gao/NNP/nsubj/3 did/VBD/aux/3 not/RB/neg/3 say/VB/ROOT/3 that/IN/mark/6 China/NNP/nsubj/6 "
               "won/VBD/ccomp/3 ././punct/3")
    assert cue_named(p, "say").negated


# -- what a cue reports ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("proposer", "label", "text", "spec", "cue", "expected"), [
    ("clause_after", "clause_after", *SAID_THAT, "said", {"that China will win", "China will win"}),
    ("clause_before", "clause_before", "China will win, analysts said.",
     "China/NNP/nsubj/2 will/MD/aux/2 win/VB/ccomp/5 ,/,/punct/5 analysts/NNS/nsubj/5 said/VBD/ROOT/5 ././punct/5",
     "said", {"China will win"}),
    ("whole_sentence", "whole_sentence", "The plan, he said, will fail.",
     "The/DT/det/1 plan/NN/nsubj/7 ,/,/punct/1 he/PRP/nsubj/4 said/VBD/parataxis/7 ,/,/punct/7 will/MD/aux/7 "
     "fail/VB/ROOT/7 ././punct/7", "said", {"The plan, he said, will fail"}),
    ("infinitive", "infinitive", "The mayor urged growers to join the plan.",
     "The/DT/det/1 mayor/NN/nsubj/2 urged/VBD/ROOT/2 growers/NNS/dobj/2 to/TO/aux/5 join/VB/xcomp/2 "
     "the/DT/det/7 plan/NN/dobj/5 ././punct/2", "urged", {"growers to join the plan"}),
    ("verb_object", "object", "The mayor cited figures as proof.",
     "The/DT/det/1 mayor/NN/nsubj/2 cited/VBD/ROOT/2 figures/NNS/dobj/2 as/IN/prep/2 proof/NN/pobj/4 ././punct/2",
     "cited", {"figures", "figures as proof"}),
    ("prepositional_object", "prep_object", "The mayor called for a repeal.",
     "The/DT/det/1 mayor/NN/nsubj/2 called/VBD/ROOT/2 for/IN/prep/2 a/DT/det/5 repeal/NN/pobj/3 ././punct/2",
     "called", {"a repeal"}),
    ("light_verb_object", "light_verb_object", "Voters expressed misgivings about the plan.",
     "Voters/NNS/nsubj/1 expressed/VBD/ROOT/1 misgivings/NNS/dobj/1 about/IN/prep/2 the/DT/det/5 plan/NN/pobj/3 "
     "././punct/1", "expressed", {"the plan"}),
])
def test_what_each_proposer_reads_a_cue_to_report(nlp, monkeypatch, proposer, label, text, spec, cue, expected):
    p = parsed(nlp, text, spec)
    found = cue_named(p, cue)
    assert expected <= contents(p, found, label)
    without(monkeypatch, cands, proposer)
    assert not contents(p, found, label)


def test_the_quotations_next_to_an_attribution(nlp):
    p = parsed(nlp, *QUOTE_BEFORE)
    cue = cue_named(p, "said")
    assert contents(p, cue, "quote_before") == {'"We will win,"'}


def test_a_quote_split_around_its_attribution_is_two_fragments_of_one(nlp):
    text = '"We will win," he said, "and they will lose."'
    spec = ('"/``/punct/8 We/PRP/nsubj/3 will/MD/aux/3 win/VB/ccomp/8 ,/,/punct/8 "/\'\'/punct/8 he/PRP/nsubj/7 '
            'said/VBD/parataxis/8 ,/,/punct/8 "/``/punct/8 and/CC/cc/13 they/PRP/nsubj/13 will/MD/aux/13 '
            'lose/VB/ROOT/13 ././punct/13 "/\'\'/punct/13')
    p = parsed(nlp, text, spec)
    cue = cue_named(p, "said")
    split = [c for c in cue_candidates(cue, p) if "quote_split" in c.proposers]
    assert [[p.text[s:e] for s, e in c.fragments] for c in split] == [['"We will win,"', '"and they will lose."']]
    assert split[0].kind == "direct"


def test_a_quote_opening_the_sentence_after_the_attribution_goes_on_with_it(nlp):
    text = '"We will win," he said. "They will lose."'
    spec = ('"/``/punct/7 We/PRP/nsubj/3 will/MD/aux/3 win/VB/ccomp/7 ,/,/punct/7 "/\'\'/punct/7 he/PRP/nsubj/7 '
            'said/VBD/ROOT/7 ././punct/7 "/``/punct/12 They/PRP/nsubj/12 will/MD/aux/12 lose/VB/ROOT/12 '
            '././punct/12 "/\'\'/punct/12')
    p = parsed(nlp, text, spec)
    cue = cue_named(p, "said")
    assert '"We will win," | "They will lose."' in contents(p, cue, "quote_and_next")
    later = [c for c in cue_candidates(cue, p) if c.group == 1]
    assert [p.text[c.start:c.end] for c in later] == ['"They will lose."']


def test_a_block_after_a_colon_ending_a_paragraph(nlp):
    text = "The coach added:\n\nWe will win the league this year."
    spec = ("The/DT/det/1 coach/NN/nsubj/2 added/VBD/ROOT/2 :/:/punct/2 NL/_SP/dep/3 We/PRP/nsubj/7 "
            "will/MD/aux/7 win/VB/ROOT/7 the/DT/det/9 league/NN/dobj/7 this/DT/det/11 year/NN/npadvmod/7 ././punct/7")
    p = parsed(nlp, text, spec)
    cue = cue_named(p, "added")
    assert "We will win the league this year." in contents(p, cue, "block_after_colon")


@pytest.mark.parametrize(("variant", "text", "spec", "words", "expected"), [
    ("without_discourse", "Gao said but the plan will fail.",
     "Gao/NNP/nsubj/1 said/VBD/ROOT/1 but/CC/cc/6 the/DT/det/4 plan/NN/nsubj/6 will/MD/aux/6 fail/VB/ccomp/1 "
     "././punct/1", "but the plan will fail", "the plan will fail"),
    ("without_aside", "Gao backed Halvorsen, the favorite.",
     "Gao/NNP/nsubj/1 backed/VBD/ROOT/1 Halvorsen/NNP/dobj/1 ,/,/punct/2 the/DT/det/5 favorite/NN/appos/2 "
     "././punct/1", "Halvorsen, the favorite", "Halvorsen"),
    ("to_last_comma", "Gao said China will win, in an interview on Monday.",
     "Gao/NNP/nsubj/1 said/VBD/ROOT/1 China/NNP/nsubj/4 will/MD/aux/4 win/VB/ccomp/1 ,/,/punct/1 in/IN/prep/1 "
     "an/DT/det/8 interview/NN/pobj/6 on/IN/prep/8 Monday/NNP/pobj/9 ././punct/1",
     "China will win, in an interview on Monday", "China will win"),
])
def test_each_variant_gives_its_other_boundary(nlp, monkeypatch, variant, text, spec, words, expected):
    p = parsed(nlp, text, spec)
    i, j = p.tokens(text.index(words), text.index(words) + len(words))
    found = getattr(cands, variant)(p, i, j)
    assert found is not None and p.text[slice(*p.chars(*found))] == expected
    cue = next(c for c in find_cues(p) if c.kind == "verb")
    assert expected in contents(p, cue)
    assert any(name.endswith("+" + variant) for c in cue_candidates(cue, p) for name in c.proposers)
    without(monkeypatch, cands, variant, "VARIANTS")
    assert not any(name.endswith("+" + variant) for c in cue_candidates(cue, p) for name in c.proposers)


def test_no_variant_ends_inside_a_quotation_it_opens(nlp, monkeypatch):
    text = 'Gao said Korea was "reckless, provocative and dangerous" again.'
    spec = ('Gao/NNP/nsubj/1 said/VBD/ROOT/1 Korea/NNP/nsubj/3 was/VBD/ccomp/1 "/``/punct/5 reckless/JJ/acomp/3 '
            ',/,/punct/5 provocative/JJ/conj/3 and/CC/cc/7 dangerous/JJ/conj/7 "/\'\'/punct/5 again/RB/advmod/3 '
            '././punct/1')
    p = parsed(nlp, text, spec)
    cue = cue_named(p, "said")
    assert not any(t.endswith('"reckless') for t in contents(p, cue))
    monkeypatch.setattr(Parsed, "cuts_quotation", lambda self, start, end: False)
    assert 'Korea was "reckless' in contents(p, cue)


def test_every_candidate_names_its_proposers_and_the_attribution_is_never_content(nlp):
    p = parsed(nlp, *SAID_THAT)
    found = candidates(p, find_cues(p))
    assert found and all(c.proposers for c in found)
    assert not any(c.start <= c.cue.start < c.end for c in found if len(c.fragments) == 1)
