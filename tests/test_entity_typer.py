"""The learned type classifier: by behaviour on invented sentences through the real pipeline, its artifact's
shape, and the training script end to end on a tiny invented set (tests/data/entity_set)."""

from __future__ import annotations

from pathlib import Path

import numpy
import pytest

from newslens.entities import resolve_entities
from newslens.entities.typer import CLASSES, N_DENSE, Typer, default_typer

SET = Path(__file__).parent / "data" / "entity_set"


def typed(nlp, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.type) for m in resolve_entities(nlp(text), "t").mentions]


def test_the_shipped_artifact_loads_with_numpy_alone():
    typer = default_typer()
    assert typer is not None
    assert typer.w1.shape == typer.w2.shape == (len(typer.index), len(CLASSES))
    assert typer.d2.shape == (N_DENSE, len(CLASSES))


def test_people_companies_and_places_in_an_invented_story(nlp):
    mentions = typed(nlp, "Marta Oskarsen, the chief executive of Velbrook Holdings, said on Monday that profits "
                          "rose. Oskarsen added that the company would hire 200 people in Oslo.")
    assert mentions == [("Marta Oskarsen", "person"), ("Velbrook Holdings", "institution"),
                        ("Oskarsen", "person"), ("Oslo", "place")]


def test_one_name_one_type_but_a_founder_and_his_firm_stay_apart(nlp):
    mentions = typed(nlp, "Halvor Greene founded Greene Motors in 1952. Greene Motors said on Friday it would cut "
                          "500 jobs, and Greene's grandson opposed the plan.")
    assert ("Halvor Greene", "person") in mentions and ("Greene", "person") in mentions
    assert [t for m, t in mentions if m == "Greene Motors"] == ["institution", "institution"]


def test_pronouns_are_no_one(nlp):
    assert typed(nlp, "He said the talks would continue. She did not comment.") == []


def test_an_honorific_makes_a_person_and_the_surname_follows(nlp):
    mentions = typed(nlp, "Mr Pennick told the Daily Ledger that the vote would be on Tuesday. Pennick said he "
                          "expected to win.")
    assert [t for m, t in mentions if m == "Pennick"] == ["person", "person"]


def test_the_training_script_runs_end_to_end_on_a_tiny_set(tmp_path, capsys):
    pytest.importorskip("sklearn")
    import importlib.util

    script = Path(__file__).resolve().parents[1] / "scripts" / "train_entity_typer.py"
    spec = importlib.util.spec_from_file_location("train_entity_typer", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "typer.npz"
    assert module.main([str(SET), "--valid", str(SET), "--out", str(out), "--cache", str(tmp_path / "docs"),
                        "--min-count", "1"]) == 0
    printed = capsys.readouterr().out
    assert "rules + classifier" in printed and "valid (6 documents)" in printed
    typer = Typer.load(out)
    assert "b" in typer.index and numpy.isfinite(typer.w2).all()
    # deterministic: the same data and options give the same weights
    again = tmp_path / "again.npz"
    module.main([str(SET), "--out", str(again), "--cache", str(tmp_path / "docs"), "--min-count", "1"])
    assert numpy.array_equal(Typer.load(again).w1, typer.w1)
