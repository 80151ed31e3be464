"""The stored corpus as Parquet: ``articles``, ``entities``, ``mentions`` and ``quotes`` files for DuckDB,
Spark, pandas or Polars. Written in row groups as the store is read, so memory stays flat.

Columns are the record fields (``newslens.records``), with ``article`` (the article's id) on every row; lists
(aliases) are Parquet lists of strings, and a quote's ``spans`` a list of ``[start, end]`` lists of int64 (one per
fragment, in text order). ``articles.parquet`` carries the text too, so offsets can be checked against it.
Rows come through the Store's own queries, with the same filters as every other command.
"""

from __future__ import annotations

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
                   *[c for c in SUMMARY_COLUMNS if c not in DOCUMENT_FIELDS], "digest", "model", "version", "text")


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
    article += [pa.field(name, pa.int64() if name in SUMMARY_COLUMNS and name not in DOCUMENT_FIELDS
                         else pa.string()) for name in ARTICLE_COLUMNS]
    return {
        "articles": pa.schema(article),
        "entities": pa.schema([pa.field("article", pa.string()), *_fields(Entity, leave_out=("articles",))]),
        "mentions": pa.schema(_fields(Mention)),
        "quotes": pa.schema(_fields(Quote)),
    }


def _rows(store, table: str, keep) -> Iterator[dict[str, Any]]:
    if table == "articles":
        yield from store.article_rows(keep, ARTICLE_COLUMNS)
    elif table == "entities":
        for entity in store.entities(keep):
            row = entity.to_dict()
            row["article"] = row.pop("articles")[0]
            yield row
    elif table == "mentions":
        for mention in store.mentions(keep, form="all"):
            yield mention.to_dict()
    else:
        for quote in store.quotes(keep, act="all"):
            yield quote.to_dict()


def export_parquet(store, directory: str | Path, *, keep=None) -> dict[str, int]:
    """Write ``<directory>/<table>.parquet`` for each table; returns {path: rows written}."""
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
            for batch in batched(_rows(store, table, keep), size=ARTICLE_GROUP if table == "articles" else ROW_GROUP):
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
        written[str(path)] = count
    return written
