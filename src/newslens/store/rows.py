"""Records into rows and back: an Article's row, its entities', mentions' and quotes' rows (lists as JSON, a
quote's speaker names folded for ``--speaker``), and the records read back from those rows."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from typing import Any

from newslens.names import fold, speaker_names
from newslens.records import DOCUMENT_FIELDS, Article, Entity, Mention, Quote, field_names, list_fields
from newslens.store.connection import quoted
from newslens.store.schema import ENTITY_FIELDS, SUMMARY_COLUMNS, TABLES

ENTITY_COLUMNS = ", ".join(map(quoted, ("article", *ENTITY_FIELDS)))
MENTION_COLUMNS = ", ".join(map(quoted, field_names(Mention)))
QUOTE_COLUMNS = ", ".join(map(quoted, field_names(Quote)))


def article_row(article: Article, model: str, digest: str, version: str) -> dict[str, Any]:
    """The articles table's row of an Article (its ``copy_of`` decided by the caller)."""
    summary = article.summary()
    return {"id": article.id, "digest": digest, "model": model, "version": version, "added": time.time(),
            "text": article.text, **{c: getattr(article, c) for c in DOCUMENT_FIELDS if c != "id"},
            **{c: summary[c] for c in SUMMARY_COLUMNS if c not in DOCUMENT_FIELDS}}


def entity_rows(article: Article) -> list[dict[str, Any]]:
    return [{"article": article.id, **{n: getattr(e, n) for n in ENTITY_FIELDS}} for e in article.entities]


def quote_rows(article: Article) -> list[dict[str, Any]]:
    """The quotes' rows, each with its speaker's names (JSON) and their folded words for ``--speaker``; a quote's
    spans as JSON pairs only when it has several fragments."""
    rows = []
    for q in article.quotes:
        names = speaker_names(q, article)
        rows.append({**q.to_dict(), "spans": q.spans if len(q.spans) > 1 else None,
                     "speaker_names": json.dumps(names, ensure_ascii=False),
                     "speaker_folded": "\n".join(fold(n) for n in names if n)})
    return rows


def insert(db: sqlite3.Connection, table: str, rows: Iterable[dict]) -> None:
    """Rows (dicts by column) into a table; tuples as JSON lists."""
    columns = [c for c, t in TABLES[table] if t != "INTEGER PRIMARY KEY"]  # SQLite numbers those
    values = [[json.dumps(list(v), ensure_ascii=False) if isinstance(v := r.get(c), tuple) else v
               for c in columns] for r in rows]
    if values:
        db.executemany(f"INSERT INTO {table} ({', '.join(map(quoted, columns))}) "
                       f"VALUES ({', '.join('?' * len(columns))})", values)


def decoded(cls, names: tuple[str, ...], row) -> dict[str, Any]:
    """Field values from a row of the columns ``names`` (in order; extra columns at the end are ignored):
    JSON lists back into tuples."""
    values = dict(zip(names, row, strict=False))
    for name in list_fields(cls):
        if values.get(name) is not None:
            values[name] = () if values[name] == "[]" else tuple(json.loads(values[name]))
    return values


def entity(row) -> Entity:
    """An Entity from a row of ``ENTITY_COLUMNS`` (its article first)."""
    return Entity(**decoded(Entity, ENTITY_FIELDS, row[1:]), articles=(row[0],))


def mention(row) -> Mention:
    return Mention(**decoded(Mention, field_names(Mention), row))


def quote(row) -> Quote:
    if not list_fields(Quote):  # no JSON lists to decode: the columns in field order (faster, for big queries)
        return Quote(*row[:len(field_names(Quote))])  # spans: JSON text, or NULL; Quote reads either
    return Quote(**decoded(Quote, field_names(Quote), row))
