"""What ``newslens.analyze`` and ``newslens.analyze_many`` accept, each made into a ``Document``:

* a string: the article's text (its header, when it has one, gives the title, byline and date);
* a ``(text, context)`` pair, as spaCy's ``nlp.pipe(as_tuples=True)`` takes it: the context a dict of metadata
  (below), or a string, the id;
* a dict with ``text`` and any of ``id``, ``title``, ``subtitle``, ``author``, ``source``, ``published``,
  ``section`` (read as a record of a JSONL export is: ``body``/``content`` for the text, ``headline`` for the
  title, ``url`` for the id and the like work too; other keys are ignored, missing values - None, NaN - are
  missing);
* a ``newslens.Document``, as the readers make it.

``analyze_many`` also takes a pandas DataFrame: its rows, as dicts.

``check_item`` is the one check of an item's type; ``document_of`` the one conversion.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from newslens.errors import InputError
from newslens.header import iso_date
from newslens.readers import Document, from_record, from_text
from newslens.records import DOCUMENT_FIELDS

ITEM_FORMS = ("a str", "a (text, context) pair", "a dict with 'text'", "a newslens.Document")


def check_item(item: object) -> None:
    """Raise InputError, saying what to give instead, for an item that is none of the forms analyze takes."""
    if isinstance(item, str | Document | Mapping):
        return
    if isinstance(item, tuple | list) and len(item) == 2 and isinstance(item[0], str):
        return
    if isinstance(item, bytes | bytearray):
        raise InputError("got bytes: decode them to a str first (data.decode('utf-8'))")
    shown = "None" if item is None else f"{type(item).__name__} {_short(item)}"
    raise InputError(f"cannot analyze {shown}: give {', '.join(ITEM_FORMS[:-1])} or {ITEM_FORMS[-1]}")


def _short(item: object) -> str:
    text = repr(item)
    return text if len(text) <= 40 else text[:37] + "..."


def document_of(item: object, default_id: str, **meta: Any) -> Document:
    """The Document of one item (``check_item`` first); ``meta`` (id, title, ... as keywords) wins over what the
    item says. Raises InputError for an item that cannot be analyzed."""
    check_item(item)
    if isinstance(item, Document):
        document = item
    elif isinstance(item, Mapping):
        document = _from_dict(item, default_id)
    elif isinstance(item, str):
        document = from_text(item, default_id)
    else:
        text, context = item  # type: ignore[misc]
        document = _from_pair(text, context, default_id)
    return _characters_only(_with_meta(document, meta))


def _characters_only(document: Document) -> Document:
    """Raise InputError for a lone surrogate in the text or the metadata (a code point that is no character:
    UTF-8, the store and every output refuse it), saying where it is and how to get text instead."""
    for name in ("text", *DOCUMENT_FIELDS):
        value = getattr(document, name, None)
        if isinstance(value, str) and (found := _SURROGATE.search(value)):
            raise InputError(f"the {name} holds a lone surrogate ({found.group()!a} at character "
                             f"{found.start()}), not a character: decode bytes with errors='replace', or replace "
                             "surrogates before analyzing")
    return document


_SURROGATE = re.compile("[\ud800-\udfff]")


def _from_pair(text: str, context: object, default_id: str) -> Document:
    if isinstance(context, Mapping):
        return _from_dict({**context, "text": text}, default_id)
    if isinstance(context, str):
        if "\n" in context:  # (id, text) given the other way round, most likely
            raise InputError("the context of a (text, context) pair has a line break: the text comes first")
        return from_text(text, context or default_id)
    if context is None:
        return from_text(text, default_id)
    raise InputError(f"the context of a (text, context) pair is a dict of metadata or an id, not "
                     f"{type(context).__name__}")


def _from_dict(item: Mapping, default_id: str) -> Document:
    """A dict as a record of a JSONL export is read (``readers.from_record``), plus ``subtitle`` and ``section``."""
    record = {str(k): v for k, v in item.items() if not _missing(v)}
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        raise InputError(f"the 'text' of a dict is {type(text).__name__}, not a str")
    document = from_record(record, default_id)
    if document is None:
        raise InputError("a dict without text: give its article's text, not empty, under 'text'")
    extra = {k: str(record[k]) for k in ("subtitle", "section") if k in record}
    return replace(document, **extra) if extra else document


def _missing(value: object) -> bool:
    """None, NaN, and pandas's NA and NaT: a cell with no value."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or type(value).__name__ in (
        "NAType", "NaTType")


def _with_meta(document: Document, meta: dict[str, Any]) -> Document:
    given = {k: str(v) for k, v in meta.items() if v is not None and not _missing(v)}
    unknown = set(given) - set(DOCUMENT_FIELDS)
    if unknown:
        raise InputError(f"unknown metadata {', '.join(sorted(unknown))}: one of {', '.join(DOCUMENT_FIELDS)}")
    if "published" in given:
        given["published"] = iso_date(given["published"]) or given["published"]
    return replace(document, **given) if given else document
