"""The stored corpus as Parquet: ``articles``, ``entities``, ``mentions``, ``quotes`` and ``links`` files for
DuckDB, Spark, pandas or Polars. Articles, entities and mentions are written in row groups as the store is
read, so memory stays flat; the quotes are read whole first, since a speaker's gender is decided over the
corpus (as `speakers --by gender` decides it). ``links`` says where each per-article (type, name) goes across
the corpus (``newslens.linking``; the names that go elsewhere than themselves): join it to ``entities`` or
``mentions`` to count by corpus entity.

Columns are the record fields (``newslens.records``), with ``article`` (the article's id) on every row; lists
(aliases) are Parquet lists of strings, and a quote's ``spans`` a list of ``[start, end]`` lists of int64 (one per
fragment, in text order). ``articles.parquet`` carries the text too, so offsets can be checked against it, its
``published`` date as a Parquet DATE (the day; ``published_text`` keeps the value as stored, time and all) and
``copy_of`` (the story an article is a copy of). Each quote row has its speaker's ``person``,
``speaker_gender`` and ``gender_source`` as `speakers --by gender` counts them (``query.quote_people``: the
same function), so that a count over the export is the count the command prints.

Rows come through the Store's own queries, with the same filters as every other command, each story once
unless ``with_copies``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newslens.batching import batched
from newslens.errors import ExportError
from newslens.outfiles import replacing
from newslens.records import DOCUMENT_FIELDS, Entity, Mention, Quote, field_kinds
from newslens.store import SUMMARY_COLUMNS

ROW_GROUP = 20_000
ARTICLE_GROUP = 500  # articles carry their text: smaller row groups keep memory flat
ARTICLE_COLUMNS = (*[c for c in DOCUMENT_FIELDS if c != "id"],
                   *[c for c in SUMMARY_COLUMNS if c not in DOCUMENT_FIELDS], "copy_of", "digest", "model", "version",
                   "text")
PERSON_COLUMNS = ("person", "speaker_gender", "gender_source")  # a quote's speaker, as the people views count
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _arrow_types() -> dict[str, Any]:
    import pyarrow as pa

    return {"list": pa.list_(pa.string()), "spans": pa.list_(pa.list_(pa.int64())), "int": pa.int64(),
            "float": pa.float64(), "bool": pa.bool_(), "text": pa.string()}


def _fields(cls, *, leave_out: tuple[str, ...] = ()) -> list:
    import pyarrow as pa

    types = _arrow_types()
    return [pa.field(name, types[kind]) for name, kind in field_kinds(cls).items() if name not in leave_out]


def schemas() -> dict[str, Any]:
    import pyarrow as pa

    article = [pa.field("article", pa.string())]
    for name in ARTICLE_COLUMNS:
        if name == "published":
            article += [pa.field(name, pa.date32()), pa.field("published_text", pa.string())]
        else:
            article.append(pa.field(name, pa.int64() if name in SUMMARY_COLUMNS and name not in DOCUMENT_FIELDS
                                    else pa.string()))
    return {
        "articles": pa.schema(article),
        "entities": pa.schema([pa.field("article", pa.string()), *_fields(Entity, leave_out=("articles",))]),
        "mentions": pa.schema(_fields(Mention)),
        "quotes": pa.schema([*_fields(Quote), *(pa.field(name, pa.string()) for name in PERSON_COLUMNS)]),
        # where each per-article name goes across the corpus (newslens.linking): the names that go elsewhere
        "links": pa.schema([pa.field(c, pa.string()) for c in ("type", "name", "entity_type", "entity", "how")]),
    }


def day_of(published: str | None) -> datetime.date | None:
    """The day of a stored date (`2005-03-01T00:00:00` -> 2005-03-01); None without a valid one.

    >>> day_of("2005-03-01T10:00:00"), day_of("March 2005")
    (datetime.date(2005, 3, 1), None)
    """
    if not published or not _DAY.match(published):
        return None
    try:
        return datetime.date.fromisoformat(published[:10])
    except ValueError:
        return None


def _rows(store, table: str, keep, with_copies: bool) -> Iterator[dict[str, Any]]:
    if table == "articles":
        for row in store.article_rows(keep, ARTICLE_COLUMNS, with_copies=with_copies):
            yield {**row, "published": day_of(row["published"]), "published_text": row["published"]}
    elif table == "entities":
        for entity in store.entities(keep, with_copies=with_copies):
            row = entity.to_dict()
            row["article"] = row.pop("articles")[0]
            yield row
    elif table == "mentions":
        for mention in store.mentions(keep, form="all", with_copies=with_copies):
            yield mention.to_dict()
    elif table == "links":
        for (type_, name), link in sorted(store.links().items()):
            yield {"type": type_, "name": name, "entity_type": link.type, "entity": link.name, "how": link.how}
    else:
        from newslens.query import StoreSource, quote_people

        for quote, person in quote_people(StoreSource(store, keep, with_copies=with_copies)):
            yield {**quote.to_dict(), **dict(zip(PERSON_COLUMNS, person, strict=True))}


def export_parquet(store, directory: str | Path, *, keep=None, with_copies: bool = False) -> dict[str, int]:
    """Write ``<directory>/<table>.parquet`` for each table, each story once unless ``with_copies``; returns
    {path: rows written}."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as err:
        raise ExportError("Parquet export needs pyarrow: pip install 'newslens[parquet]'") from err

    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ExportError(f"cannot write to {directory}: {err.strerror or err}") from err
    written = {}
    for table, schema in schemas().items():
        path = directory / f"{table}.parquet"
        count = 0
        # a temporary file renamed over the old one when complete: a full disk leaves the old file, or none
        with replacing(path, binary=True) as stream, pq.ParquetWriter(stream, schema) as writer:
            for batch in batched(_rows(store, table, keep, with_copies),
                                 size=ARTICLE_GROUP if table == "articles" else ROW_GROUP):
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
        written[str(path)] = count
    return written
