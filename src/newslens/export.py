"""The stored corpus as Parquet: ``articles``, ``entities``, ``mentions`` and ``quotes`` files for DuckDB,
Spark, pandas or Polars. Written in row groups as the store is read, so memory stays flat.

Columns are the record fields (``newslens.records``), with ``article`` (the article's id) on every row; lists
(aliases) are Parquet lists. ``articles.parquet`` carries the text too, so offsets can be checked against it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import fields
from itertools import islice
from pathlib import Path
from typing import Any

from newslens.records import Entity, Mention, Quote

ROW_GROUP = 20_000
ARTICLE_GROUP = 500  # articles carry their text: smaller row groups keep memory flat
TABLES = ("articles", "entities", "mentions", "quotes")


class ExportError(Exception):
    """The export cannot be written (pyarrow missing)."""


def _arrow_type(annotation: Any):
    import pyarrow as pa

    text = str(annotation)
    if "tuple" in text:
        return pa.list_(pa.string())
    if "int" in text:
        return pa.int64()
    if "float" in text:
        return pa.float64()
    if "bool" in text:
        return pa.bool_()
    return pa.string()


def schemas() -> dict[str, Any]:
    import pyarrow as pa

    from newslens.store import DOCUMENT_FIELDS, SUMMARY_COLUMNS

    article = [pa.field("article", pa.string())]
    article += [pa.field(name, pa.string()) for name in DOCUMENT_FIELDS if name != "id"]
    article += [pa.field(name, pa.int64()) for name in SUMMARY_COLUMNS if name not in DOCUMENT_FIELDS]
    article += [pa.field("digest", pa.string()), pa.field("model", pa.string()), pa.field("version", pa.string()),
                pa.field("text", pa.string())]
    entity = [pa.field("article", pa.string())]
    entity += [pa.field(f.name, _arrow_type(f.type)) for f in fields(Entity) if f.name != "articles"]
    return {
        "articles": pa.schema(article),
        "entities": pa.schema(entity),
        "mentions": pa.schema([pa.field(f.name, _arrow_type(f.type)) for f in fields(Mention)]),
        "quotes": pa.schema([pa.field(f.name, _arrow_type(f.type)) for f in fields(Quote)]),
    }


def _rows(store, table: str, keep) -> Iterator[dict[str, Any]]:
    if table == "articles":
        columns = [name for name in schemas()["articles"].names if name != "article"]
        where = ""
        if keep:
            store.db.create_function("newslens_keeps", 3, keep.keeps, deterministic=True)
            where = " WHERE newslens_keeps(id, source, published)"
        names = ", ".join(f'"{c}"' for c in ("id", *columns))
        for row in store.db.execute(f"SELECT {names} FROM articles{where} ORDER BY rowid"):
            yield {"article": row[0], **dict(zip(columns, row[1:], strict=True))}
    elif table == "entities":
        for entity in store.entities(keep):
            row = entity.to_dict()
            row["article"] = row.pop("articles")[0]
            yield row
    elif table == "mentions":
        for mention in store.mentions(keep):
            yield mention.to_dict()
    else:
        for quote in store.quotes(keep):
            yield quote.to_dict()


def _batches(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


def export_parquet(store, directory: str | Path, *, keep=None) -> dict[str, int]:
    """Write ``<directory>/<table>.parquet`` for each table; returns {path: rows written}."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as err:
        raise ExportError("Parquet export needs pyarrow: pip install 'newslens[parquet]'") from err

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = {}
    for table, schema in schemas().items():
        path = directory / f"{table}.parquet"
        count = 0
        with pq.ParquetWriter(path, schema) as writer:
            for batch in _batches(_rows(store, table, keep), ARTICLE_GROUP if table == "articles" else ROW_GROUP):
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
        written[str(path)] = count
    return written
