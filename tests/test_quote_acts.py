"""The act of a quote (speech, thought, stance): each strategy of newslens.quotes.acts on frames built by hand,
the rules on hand-built Docs, and the --act filter of the commands, from files and from the store."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from newslens.cli import cli
from newslens.quotes import acts
from newslens.quotes.acts import act_of
from newslens.quotes.parsed import Parsed
from quote_docs import build


def kept(cue: str, klass: str, kind: str = "indirect", negated: bool = False, ckind: str = "verb"):
    """A kept candidate as acts sees it: its cue (words, kind, class, negation) and its kind."""
    return SimpleNamespace(cue=SimpleNamespace(text=cue, klass=klass, kind=ckind, negated=negated), kind=kind)


@pytest.mark.parametrize(("cue", "klass", "kind", "ckind", "act"), [
    ("said", "speech", "indirect", "verb", "speech"),
    ("told", "speech", "indirect", "verb", "speech"),
    ("according to", "source", "indirect", "source", "speech"),
    (":", "label", "direct", "label", "speech"),
    ("believes", "belief", "indirect", "verb", "thought"),
    ("wants", "speech", "indirect", "verb", "thought"),  # listed: a want is a thought, whatever the lexicon class
    ("planned", "speech", "indirect", "verb", "thought"),  # the listed lemma, from an inflected form
    ("criticized", "stance", "indirect", "verb", "stance"),
    ("called for", "speech", "indirect", "verb", "stance"),  # a verb with its particle
    ("claim", "noun", "indirect", "noun", "speech"),  # a noun of saying
    ("criticism of", "noun", "indirect", "noun", "stance"),  # a noun listed as a stance
    ("confident", "adjective", "indirect", "adjective", "thought"),  # an adjective of attitude
    ("critical of", "adjective", "indirect", "adjective", "stance"),  # ... listed as a stance
    ("sparred over", "none", "indirect", "verb", "stance"),  # the model's, outside every lexicon
    ("criticized", "stance", "direct", "verb", "speech"),  # words in marks all through are words said
])
def test_act_of_kept_candidates(cue, klass, kind, ckind, act):
    assert act_of(kept(cue, klass, kind, ckind=ckind), None) == act


def test_strategies_decide_in_order():
    """A listed cue wins over its lexicon class: without listed_cue, `wants` (class speech here) is speech."""
    without = tuple(s for s in acts.STRATEGIES if s is not acts.listed_cue)
    assert act_of(kept("wants", "speech"), None, strategies=without) == "speech"
    assert act_of(kept("wants", "speech"), None) == "thought"


def test_a_negated_cue_reports_no_words(nlp):
    assert act_of(kept("said", "speech", negated=True), None) == "stance"
    without = tuple(s for s in acts.STRATEGIES if s is not acts.not_said)
    assert act_of(kept("said", "speech", negated=True), None, strategies=without) == "speech"


def test_a_noun_phrase_after_a_verb_of_saying_is_a_topic(nlp):
    p = Parsed(build(nlp, "The mayor announced a plan.",
                     "The/DT/det/1 mayor/NN/nsubj/2 announced/VBD/ROOT/2 a/DT/det/4 plan/NN/dobj/2 ././punct/2"))
    topic = kept("announced", "speech")
    topic.start, topic.end = p.text.index("a plan"), p.text.index("a plan") + 6
    assert act_of(topic, p) == "topic"
    clause = Parsed(build(nlp, "The mayor announced it failed.",
                          "The/DT/det/1 mayor/NN/nsubj/2 announced/VBD/ROOT/2 it/PRP/nsubj/4 failed/VBD/ccomp/2 "
                          "././punct/2"))
    said = kept("announced", "speech")
    said.start, said.end = clause.text.index("it failed"), clause.text.index("it failed") + 9
    assert act_of(said, clause) == "speech"
    without = tuple(s for s in acts.STRATEGIES if s is not acts.topic_of_speech)
    assert act_of(topic, p, strategies=without) == "speech"


@pytest.fixture(scope="module")
def nlp():
    import spacy

    return spacy.blank("en")


ARTICLE = ("Mayor Lena Ortiz said on Monday that the harbor plan would create 400 jobs.\n\n"
           "Ortiz believes that the city can pay for the new harbor without raising taxes.\n\n"
           "Council member Tom Reyes criticized the plan as too expensive for a small city.\n")


def rows(*args):
    result = CliRunner().invoke(cli, [*map(str, args), "-f", "jsonl"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_quotes_and_speakers_show_speech_unless_asked(tmp_path, monkeypatch):
    path = tmp_path / "harbor.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    every = rows("quotes", path, "--act", "all")
    assert {q["act"] for q in every} >= {"speech", "thought"}  # the real model's parse, through the rules
    assert [q["act"] for q in rows("quotes", path)] == ["speech"] * sum(q["act"] == "speech" for q in every)
    assert {q["act"] for q in rows("quotes", path, "--act", "thought")} == {"thought"}
    two = rows("quotes", path, "--act", "speech", "--act", "thought")
    assert len(two) == sum(q["act"] in ("speech", "thought") for q in every)
    counted = {r["speaker"]: r["quotes"] for r in rows("speakers", path)}
    assert counted["Lena Ortiz"] == sum(q["speaker"] == "Lena Ortiz" and q["act"] == "speech" for q in every)
    # the store: the same rows, and the totals per act agree with counting
    monkeypatch.setenv("NEWSLENS_DB", str(tmp_path / "store.db"))
    assert CliRunner().invoke(cli, ["add", str(path)]).exit_code == 0
    for act in ("speech", "thought", "all"):
        assert rows("quotes", "--act", act) == rows("quotes", path, "--act", act)
        assert rows("speakers", "--act", act) == rows("speakers", path, "--act", act)


def test_min_confidence_keeps_the_sure_rows(tmp_path, monkeypatch):
    path = tmp_path / "harbor.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    every = rows("quotes", path, "--act", "all")
    assert all(0 <= q["confidence"] <= 1 for q in every)
    cut = sorted(q["confidence"] for q in every)[len(every) // 2]
    sure = rows("quotes", path, "--act", "all", "--min-confidence", cut)
    assert sure == [q for q in every if q["confidence"] >= cut] and 0 < len(sure) <= len(every)
    monkeypatch.setenv("NEWSLENS_DB", str(tmp_path / "store.db"))
    assert CliRunner().invoke(cli, ["add", str(path)]).exit_code == 0
    assert rows("quotes", "--act", "all", "--min-confidence", cut) == sure
    result = CliRunner().invoke(cli, ["quotes", str(path), "--min-confidence", "1.5"])
    assert result.exit_code == 2
