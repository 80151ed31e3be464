"""Records as typed pandas DataFrames (``newslens.to_frame``): the same columns for a kind of record whether
there are rows or none, nullable integers for offsets and counts, ``published`` a datetime, categoricals for
the columns of a small set of values.

pandas is imported here only: the command line's query path never loads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from newslens.errors import InputError
from newslens.records import (
    ACTS,
    ENTITY_TYPES,
    GENDERS,
    MENTION_FORMS,
    QUOTE_KINDS,
    SPEAKER_TYPES,
    Article,
    Entity,
    Mention,
    Quote,
    Skipped,
    field_kinds,
    field_names,
)

if TYPE_CHECKING:
    import pandas

KINDS: dict[str, type] = {"articles": Article, "quotes": Quote, "mentions": Mention, "entities": Entity,
                          "skipped": Skipped}
# an Article's row: its summary (as `newslens articles` prints it) with the subtitle, and copy_of (a copy of
# another stored story: from the store's summaries; None for an Article analysed here)
ARTICLE_FRAME = ["article", "title", "subtitle", "author", "source", "published", "section", "words", "people",
                 "countries", "institutions", "quotes", "copy_of"]
ARTICLE_COUNTS = ("words", "people", "countries", "institutions", "quotes")
# columns whose values are one of a small set: categorical, with every known value as a category (so that two
# frames concatenate and an empty group counts as zero), and any other value found added after them
CATEGORIES: dict[str, tuple[str, ...]] = {"type": ENTITY_TYPES, "speaker_type": SPEAKER_TYPES, "kind": QUOTE_KINDS,
                                          "act": ACTS, "form": MENTION_FORMS, "gender": GENDERS}
DATES = ("published",)


def to_frame(records: Any, kind: str | type | None = None) -> pandas.DataFrame:
    """The frame of ``records`` (``newslens.to_frame``'s docstring)."""
    import pandas as pd

    items = _listed(records)
    cls = _kind(kind, items)
    if cls is not None and cls is not Article and any(isinstance(r, Article) for r in items):
        plural = next(name for name, c in KINDS.items() if c is cls)
        items = [x for r in items for x in (getattr(r, plural) if isinstance(r, Article) else (r,))]
    rows = [_row(r) for r in items]
    columns = _columns(cls, rows)
    frame = pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame({c: [] for c in columns}, dtype=object)
    return _typed(frame, cls)


def _listed(records: Any) -> list:
    """One record, or any iterable of them, as a list."""
    if records is None:
        return []
    if isinstance(records, Article | Quote | Mention | Entity | Skipped | Mapping):
        return [records]
    if isinstance(records, str | bytes):
        raise InputError("to_frame takes records (Articles, Quotes, Mentions, Entities) or row dicts, not text")
    return list(records)


def _kind(kind: str | type | None, items: list) -> type | None:
    """The record class the frame is of: the one named, else the first record's (None for row dicts)."""
    if isinstance(kind, str):
        if kind not in KINDS:
            raise InputError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
        return KINDS[kind]
    if kind is not None:
        if kind not in KINDS.values():
            raise InputError(f"unknown kind {kind!r}: one of {', '.join(KINDS)} or their record classes")
        return kind
    first = items[0] if items else None
    return type(first) if first is not None and type(first) in KINDS.values() else None


def _row(record: Any) -> dict[str, Any]:
    if isinstance(record, Article):
        return {**record.summary(), "subtitle": record.subtitle, "copy_of": None}
    if isinstance(record, Mapping):
        return dict(record)
    if hasattr(record, "to_dict"):
        return record.to_dict()
    raise InputError(f"to_frame takes records or row dicts, not {type(record).__name__}")


def _columns(cls: type | None, rows: list[dict[str, Any]]) -> list[str]:
    """The kind's columns (then any other a row has), or for row dicts the columns of the rows, in order."""
    known = ARTICLE_FRAME if cls is Article else list(field_names(cls)) if cls is not None else []
    return list(dict.fromkeys([*known, *(key for row in rows for key in row)]))


def _int_columns(cls: type | None) -> set[str]:
    if cls is Article:
        return set(ARTICLE_COUNTS)
    return {name for name, kind in field_kinds(cls).items() if kind == "int"} if cls is not None else set()


def _typed(frame: pandas.DataFrame, cls: type | None) -> pandas.DataFrame:
    """Each column in its type: categories, dates, nullable integers and floats, booleans; the rest as pandas
    infers it (text, tuples)."""
    import pandas as pd

    ints = _int_columns(cls)
    floats = {n for n, k in field_kinds(cls).items() if k == "float"} if cls not in (None, Article) else set()
    for column in frame.columns:
        values = frame[column]
        present = [v for v in values if v is not None and not (isinstance(v, float) and v != v)]
        if column in CATEGORIES and all(isinstance(v, str) for v in present):
            extra = sorted(set(present) - set(CATEGORIES[column]))
            frame[column] = pd.Categorical(values.where(values.notna(), None),
                                           categories=[*CATEGORIES[column], *extra])
        elif column in DATES and all(isinstance(v, str) for v in present):
            frame[column] = _dates(values)
        elif column in ints or (present and all(isinstance(v, int) and not isinstance(v, bool) for v in present)):
            frame[column] = pd.array([None if _missing(v) else int(v) for v in values], dtype="Int64")
        elif column in floats or (present and all(isinstance(v, float | int) and not isinstance(v, bool)
                                                  for v in present)):
            frame[column] = pd.array([None if _missing(v) else float(v) for v in values], dtype="Float64")
        elif present and all(isinstance(v, bool) for v in present):
            frame[column] = pd.array([None if _missing(v) else bool(v) for v in values], dtype="boolean")
    return frame


def _dates(values: pandas.Series) -> pandas.Series:
    """ISO 8601 dates as datetimes, naive; a date with an offset is converted to UTC; one that is not a date,
    NaT."""
    import pandas as pd

    parsed = pd.to_datetime(values, errors="coerce", format="ISO8601", utc=True)
    return parsed.dt.tz_convert(None).astype("datetime64[ns]")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or type(value).__name__ in (
        "NAType", "NaTType")

