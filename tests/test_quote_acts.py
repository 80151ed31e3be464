"""The act of a quote (speech, thought, stance): each strategy of newslens.quotes.acts on frames built by hand,
the rules on hand-built Docs, and the --act filter of the commands, from files and from the store."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from newslens.quotes.frames import Frame

from newslens.cli import cli
from newslens.quotes import acts
from newslens.quotes.acts import act_of
from test_quotes_rules import quotes_of


def frame(cue: str, klass: str) -> Frame:
    return Frame(cue, 0, len(cue), klass, None, 0, len(cue), 0, 40)


@pytest.mark.parametrize(("cue", "klass", "origin", "kind", "act"), [
    ("said", "speech", "rule", "indirect", "speech"),
    ("told", "speech", "rule", "indirect", "speech"),
    ("according to", "source", "rule", "indirect", "speech"),
    (":", "label", "rule", "direct", "speech"),
    ("believes", "belief", "rule", "indirect", "thought"),
    ("wants", "speech", "rule", "indirect", "thought"),  # listed: a want is a thought, whatever the frame
    ("planned", "speech", "rule", "indirect", "thought"),  # the listed lemma, from an inflected form
    ("criticized", "stance", "rule", "indirect", "stance"),
    ("called for", "speech", "rule", "indirect", "stance"),  # a verb with its particle
    ("claim", "belief", "rule", "indirect", "speech"),  # a noun of saying
    ("criticism of", "belief", "rule", "indirect", "stance"),  # a noun listed as a stance
    ("confident", "stance", "rule", "indirect", "thought"),  # an adjective of attitude
    ("critical of", "stance", "rule", "indirect", "stance"),  # ... listed as a stance
    ("sparred over", "stance", "predicate", "indirect", "stance"),  # the model's, outside every lexicon
    ("criticized", "stance", "rule", "direct", "speech"),  # words in marks all through are words said
])
def test_act_of_frames(cue, klass, origin, kind, act):
    assert act_of(frame(cue, klass), origin, kind) == act


def test_strategies_decide_in_order():
    """A listed cue wins over its verb class: without listed_cue, `wants` (a stance verb in cues.tsv) would be
    a stance."""
    without = tuple(s for s in acts.STRATEGIES if s is not acts.listed_cue)
    assert act_of(frame("wants", "speech"), "rule", "indirect", strategies=without) == "stance"
    assert act_of(frame("wants", "speech"), "rule", "indirect") == "thought"


def test_rules_give_acts_on_hand_built_docs(nlp):
    (said,) = quotes_of(nlp, "Gao said the talks failed.",
                        "Gao/NNP/nsubj/1 said/VBD/ROOT/1 the/DT/det/3 talks/NNS/nsubj/4 failed/VBD/ccomp/1 "
                        "././punct/1", people={"Gao": "Gao Fei"})
    (thinks,) = quotes_of(nlp, "Gao believes the talks failed.",
                          "Gao/NNP/nsubj/1 believes/VBZ/ROOT/1 the/DT/det/3 talks/NNS/nsubj/4 failed/VBD/ccomp/1 "
                          "././punct/1", people={"Gao": "Gao Fei"})
    assert (said.speaker, said.act) == ("Gao Fei", "speech")
    assert (thinks.speaker, thinks.act) == ("Gao Fei", "thought")


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
