"""Rule assets newslens maintains itself (cue verbs, titles, institution cues) live under ``models/``.

In an installed wheel they ship as ``newslens/models``; in a source checkout they are read from the
repository's top-level ``models/`` folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def models_dir() -> Path:
    packaged = Path(__file__).parent / "models"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "models"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("newslens rule assets (models/) are missing from this installation")


@cache
def read_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a data file under models/."""
    lines = (models_dir() / name).read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))


@cache
def read_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Tab-separated rows of a data file under models/ (comments and blank lines skipped)."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in read_lines(name))


@cache
def read_words(name: str) -> frozenset[str]:
    """The lines of a word list under models/, lower-cased."""
    return frozenset(line.lower() for line in read_lines(name))
