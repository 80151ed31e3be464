"""The analysis cache (``analyses``): one full analysis per (content digest, model id, analysis version), so that
whatever path an article comes from, the same text analyzed by the same model and newslens version is never parsed
again (a renamed or copied file hits; a changed file, model or version misses). An analysis is kept as compact
JSON without its article's id and reader metadata, which come from the file at hand."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from functools import cache
from pathlib import Path
from typing import Any

from newslens import firstnames
from newslens.records import DOCUMENT_FIELDS, Article, Entity, Mention, Quote, field_names
from newslens.version import ANALYSIS_VERSION

NESTED = {"entities": Entity, "mentions": Mention, "quotes": Quote}


# What an analysis depends on besides the text and the model: newslens's own code and rule files.
ANALYSIS_SOURCES = ("analysis.py", "attributes.py", "component.py", "pipeline.py", "readers.py", "header.py", "text.py",
                    "pronouns.py", "resources.py", "records.py", "entities", "quotes", "gender.py", "firstnames.py")


@cache
def analysis_version() -> str:
    """The cache key's version: ANALYSIS_VERSION, a fingerprint of the record layout (cached analyses are
    stored field by field) and one of the analysis code and rule files (``models/``), so that a change to
    the entity or quote rules never serves results of the old ones, even when nobody bumped the version."""
    layout = ";".join(f"{cls.__name__}:{','.join(field_names(cls))}" for cls in (Article, Entity, Mention, Quote))
    layout += f";names:{firstnames.data_version()}"  # the first-name table the genders come from
    return f"{ANALYSIS_VERSION}+{hashlib.sha1(layout.encode()).hexdigest()[:8]}.{code_fingerprint()[:12]}"


@cache
def code_fingerprint() -> str:
    """SHA-1 over the analysis code and the rule files (a few hundred KB: about a millisecond)."""
    from newslens.resources import models_dir

    package = Path(__file__).parent.parent  # (newslens/, this being newslens/store/cache.py)
    files: list[tuple[str, Path]] = []
    for name in ANALYSIS_SOURCES:
        path = package / name
        found = sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.is_file() else []
        files += [(str(f.relative_to(package)), f) for f in found]
    try:
        models = models_dir()
        files += [(f"models/{f.relative_to(models)}", f) for f in sorted(models.rglob("*")) if f.is_file()]
    except FileNotFoundError:
        pass
    digest = hashlib.sha1()
    for name, path in files:
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


# -- the cache codec: an Article's analysis as compact JSON, without its id or reader metadata ----------------

def _encode_record(record, own: str) -> list:
    values = []
    for name in field_names(type(record)):
        value = getattr(record, name)
        if name == "article":
            continue  # always the article's own id: restored on decoding
        if name == "articles":
            value = [None if a == own else a for a in value]
        elif isinstance(value, tuple):
            value = list(value)
        values.append(value)
    return values


def _decode_record(cls, values: list, own: str):
    args, it = [], iter(values)
    for name in field_names(cls):
        if name == "article":
            args.append(own)
            continue
        value = next(it)
        if name == "articles":
            value = tuple(own if a is None else a for a in value)
        elif isinstance(value, list):
            value = tuple(value)
        args.append(value)
    return cls(*args)


def encode_analysis(article: Article) -> bytes:
    data: dict[str, Any] = {}
    for name in field_names(Article):
        if name in DOCUMENT_FIELDS:
            continue
        value = getattr(article, name)
        if name in NESTED:
            value = [_encode_record(r, article.id) for r in value]
        elif isinstance(value, tuple):
            value = list(value)
        data[name] = value
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


def decode_analysis(blob: bytes, metadata: dict[str, Any]) -> Article:
    """The Article from a cached analysis and the reader's metadata (``id``, ``title``, ...)."""
    data = json.loads(zlib.decompress(blob))
    own = metadata["id"]
    values = {}
    for name in field_names(Article):
        if name in DOCUMENT_FIELDS:
            values[name] = metadata.get(name)
        elif name in NESTED:
            values[name] = tuple(_decode_record(NESTED[name], r, own) for r in data[name])
        else:
            value = data[name]
            values[name] = tuple(value) if isinstance(value, list) else value
    return Article(**values)


# -- the rows --

def cached(db: sqlite3.Connection, digest: str, model: str, version: str) -> bool:
    return db.execute("SELECT 1 FROM analyses WHERE digest=? AND model=? AND version=?",
                      (digest, model, version)).fetchone() is not None


def load(db: sqlite3.Connection, digest: str, model: str, version: str) -> bytes | None:
    row = db.execute("SELECT data FROM analyses WHERE digest=? AND model=? AND version=?",
                     (digest, model, version)).fetchone()
    return row[0] if row else None


def save(db: sqlite3.Connection, rows: list[tuple[str, str, str, float, bytes]]) -> None:
    """(digest, model, version, added, data) rows into the cache, in key order (inside the caller's transaction)."""
    db.executemany("INSERT OR REPLACE INTO analyses(digest, model, version, added, data) VALUES (?,?,?,?,?)",
                   sorted(rows, key=lambda row: row[:3]))
