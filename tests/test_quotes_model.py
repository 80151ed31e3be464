"""The trained attribution model: the training script end to end on a tiny invented set, deterministic; the
shipped model through its behaviour on invented sentences; inference without scikit-learn.

`tests/data/polnear_tiny` holds four made-up articles in PolNeAR's format (articles/<id>.txt, gold.jsonl),
written for these tests; nothing here reads ../shared.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newslens.entities import resolve_entities
from newslens.quotes import extract_quotes
from newslens.quotes.model import QuoteModel, read_model, select, shipped_model

ROOT = Path(__file__).resolve().parents[1]
TINY = Path(__file__).parent / "data" / "polnear_tiny"


def _trainer():
    spec = importlib.util.spec_from_file_location("train_quotes", ROOT / "scripts" / "train_quotes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _train(out: Path, capsys) -> str:
    pytest.importorskip("sklearn")
    code = _trainer().main(["--train", str(TINY), "--dev", str(TINY), "--out", str(out), "--folds", "2",
                            "--min-articles", "1", "--c", "0.3", "1.0"])
    assert code == 0
    return capsys.readouterr().out


def test_training_script_writes_a_model_and_prints_train_and_dev(tmp_path, capsys):
    out = _train(tmp_path / "model.json", capsys)
    model = read_model(tmp_path / "model.json")
    assert model.weights and 0.0 <= model.threshold <= 1.0
    assert model.meta["articles"] == 4 and model.meta["C"] in (0.3, 1.0)
    assert list(model.calibration_x) == sorted(model.calibration_x)
    assert all(0.0 <= y <= 1.0 for y in model.calibration_y)
    header = next(line for line in out.splitlines() if line.startswith("measure"))
    for column in ("rules train", "model train", "model train-CV", "rules dev", "model dev"):
        assert column in header
    assert any(line.startswith("indirect_attribution") for line in out.splitlines())
    assert "reliability (dev)" in out


def test_training_is_deterministic(tmp_path, capsys):
    _train(tmp_path / "a.json", capsys)
    _train(tmp_path / "b.json", capsys)
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_a_model_file_round_trips(tmp_path):
    model = QuoteModel({"w=say": 1.5, "origin=verb": -2.0}, 0.25, (0.1, 0.9), (0.0, 1.0), 0.4, {"C": 0.1})
    model.save(tmp_path / "m.json")
    again = read_model(tmp_path / "m.json")
    assert again == model
    assert json.loads((tmp_path / "m.json").read_text())["format"] == 1
    # a feature the model never saw weighs nothing; calibration interpolates between its points
    assert again.raw([["unseen"]])[0] == pytest.approx(1 / (1 + 2.718281828 ** -0.25), rel=1e-6)
    assert again.confidence([["w=say"]])[0] == pytest.approx((again.raw([["w=say"]])[0] - 0.1) / 0.8)


class _Cand:
    def __init__(self, start: int, end: int) -> None:
        self.quote = type("Q", (), {"start": start, "end": end})()


def test_select_keeps_the_most_confident_of_two_claims_on_one_quote():
    cands = [_Cand(0, 100), _Cand(10, 100), _Cand(200, 260), _Cand(300, 320)]
    kept = select(cands, [0.6, 0.9, 0.5, 0.2], threshold=0.4)
    assert kept == [1, 2]  # 0 overlaps 1 by 90 % of the longer; 3 is below the threshold


# -- the shipped model ------------------------------------------------------------------------------------

needs_model = pytest.mark.skipif(shipped_model() is None, reason="no models/quote_model.json in this checkout")


def _quotes(nlp, text: str, system: str | None = None):
    doc = nlp(text)
    return extract_quotes(doc, resolve_entities(doc, "t"), "t", system=system)


@needs_model
@pytest.mark.parametrize("verb", ["pushed for", "voted against"])
def test_shipped_model_reports_a_position_the_lexicons_miss(nlp, verb):
    text = f"The council met on Monday.\n\nSenator Ada Okafor {verb} a strict limit on campaign donations."
    assert _quotes(nlp, text, system="rules") == []  # neither verb is in a lexicon
    (q,) = _quotes(nlp, text)
    assert (q.cue, q.kind, q.text) == (verb, "indirect", "a strict limit on campaign donations")
    assert q.speaker == "Ada Okafor" and q.confidence >= 0.5


@needs_model
def test_shipped_model_gives_every_quote_a_confidence_and_is_sure_of_a_plain_direct_quote(nlp):
    text = ('Harbor talks stall\n\n"We will not pay for a ferry nobody rides," Mayor Jon Brask said on Tuesday. '
            "The board said the vote would come in June.")
    quotes = _quotes(nlp, text)
    assert quotes and all(q.confidence is not None and 0.0 <= q.confidence <= 1.0 for q in quotes)
    direct = next(q for q in quotes if q.kind == "direct")
    assert direct.text.startswith("We will not pay") and direct.speaker == "Jon Brask"
    assert direct.confidence >= 0.9
    assert all(q.confidence is None for q in _quotes(nlp, text, system="rules"))


@needs_model
def test_shipped_model_finds_nothing_in_plain_narration(nlp):
    text = ("Storm closes the pier\n\nThe ferry left the pier at seven. Heavy rain flooded two streets near "
            "the harbor, and the buses ran late all morning.")
    assert _quotes(nlp, text) == []


def test_inference_needs_no_scikit_learn():
    code = ("import sys\n"
            "from newslens import analyze\n"
            "a = analyze('The mayor said the ferry would run again in May.')\n"
            "assert a.quotes, a\n"
            "assert 'sklearn' not in sys.modules and 'scipy' not in sys.modules, 'imported at run time'\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
