import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_6714f7a939f69659.txt"
DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path, monkeypatch):
    """Keep every test's corpus store and cache out of the user's home."""
    monkeypatch.setenv("NEWSLENS_DB", str(tmp_path / "newslens.db"))
    monkeypatch.delenv("NEWSLENS_MODEL", raising=False)


@pytest.fixture(scope="session")
def nlp():
    from newslens.pipeline import load

    return load()


@pytest.fixture(scope="session")
def seed_article():
    from newslens import analyze_many
    from newslens.readers import read_documents

    os.environ.pop("NEWSLENS_MODEL", None)
    return next(analyze_many(read_documents([str(SEED)])))
