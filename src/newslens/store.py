"""The corpus store and the analysis cache: one SQLite file (standard library, no server).

Two parts share the file:

* the **cache** (``analyses``): one full analysis per (content digest, model id, analysis version). Whatever
  path an article comes from, the same text analyzed by the same model and newslens version is never parsed
  again; a renamed or copied file hits, a changed file, model or version misses.
* the **corpus** (``articles``, ``entities``, ``mentions``, ``quotes``): the articles ``newslens add`` stored,
  one row per record, so that queries are SQL and never need spaCy.

Table columns follow the record dataclasses (``newslens.records``): a field added there becomes a column here
(added to an existing store on open), and cached analyses of another record layout are not reused.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import inspect
import json
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from newslens import firstnames
from newslens.errors import NoStore, StoreError
from newslens.filters import ArticleFilter
from newslens.names import fold, query_words, speaker_matches, speaker_names
from newslens.records import (
    DOCUMENT_FIELDS,
    Article,
    Entity,
    Mention,
    Quote,
    content_digest,
    field_kinds,
    field_names,
    list_fields,
)
from newslens.version import ANALYSIS_VERSION

APP = "newslens"
DB_NAME = "newslens.db"
NESTED = {"entities": Entity, "mentions": Mention, "quotes": Quote}
COMMIT_SECONDS = 2.0  # a long add commits this often, so an interrupted run keeps what it finished


def default_path() -> Path:
    """``$NEWSLENS_DB``, else ``$XDG_DATA_HOME/newslens/newslens.db`` (``~/.local/share/newslens/newslens.db``)."""
    if os.environ.get("NEWSLENS_DB"):
        return Path(os.environ["NEWSLENS_DB"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / APP / DB_NAME


# What an analysis depends on besides the text and the model: newslens's own code and rule files.
ANALYSIS_SOURCES = ("analysis.py", "component.py", "pipeline.py", "readers.py", "header.py", "text.py", "pronouns.py",
                    "resources.py", "records.py", "entities", "quotes", "gender.py", "firstnames.py")


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

    package = Path(__file__).parent
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


# -- table layout -----------------------------------------------------------------------------------------------

SQL_TYPES = {"list": "TEXT", "int": "INTEGER", "bool": "INTEGER", "float": "REAL", "text": "TEXT"}  # lists as JSON


def _columns(cls, *, leave_out: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(column, SQL type) for a record class's fields."""
    return [(name, SQL_TYPES[kind]) for name, kind in field_kinds(cls).items() if name not in leave_out]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


SUMMARY_COLUMNS = tuple(k for k in Article(id="", text="").summary() if k != "article")
ENTITY_FIELDS = tuple(n for n in field_names(Entity) if n != "articles")

TABLES: dict[str, list[tuple[str, str]]] = {
    "articles": [("seq", "INTEGER PRIMARY KEY"), ("id", "TEXT NOT NULL UNIQUE"), ("digest", "TEXT"),
                 ("model", "TEXT"), ("version", "TEXT"), ("added", "REAL"), ("text", "TEXT"),
                 *[(c, "TEXT") for c in DOCUMENT_FIELDS if c != "id"],
                 *[(c, "INTEGER") for c in SUMMARY_COLUMNS if c not in DOCUMENT_FIELDS]],
    "entities": [("article", "TEXT NOT NULL"), *_columns(Entity, leave_out=("articles",))],
    "mentions": _columns(Mention),
    "quotes": [*_columns(Quote), ("speaker_names", "TEXT"), ("speaker_folded", "TEXT")],
    "analyses": [("digest", "TEXT NOT NULL"), ("model", "TEXT NOT NULL"), ("version", "TEXT NOT NULL"),
                 ("added", "REAL"), ("data", "BLOB NOT NULL")],
}
INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS analyses_key ON analyses(digest, model, version)",
    "CREATE INDEX IF NOT EXISTS entities_article ON entities(article)",
    "CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article)",
    "CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article)",
    "CREATE INDEX IF NOT EXISTS articles_digest ON articles(digest)",
)


def _one_of(where: list[str], params: list, *choices: tuple[str, tuple]) -> None:
    """`column IN (?, ...)` for each (column, values) whose values are not empty."""
    for column, chosen in choices:
        if chosen:
            where.append(f"{column} IN ({', '.join('?' * len(chosen))})")
            params.extend(chosen)


def _sql_errors(method: Callable) -> Callable:
    """SQLite's own errors (a locked or full disk, a damaged file) become StoreErrors that name the store."""
    if inspect.isgeneratorfunction(method):
        @functools.wraps(method)
        def rows(self, *args, **kwargs):
            try:
                yield from method(self, *args, **kwargs)
            except sqlite3.Error as err:
                raise StoreError(f"{self.path}: {err}") from err

        return rows

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: {err}") from err

    return call


class Store:
    """One SQLite file holding the corpus and the analysis cache. Use as a context manager (commits on exit)."""

    def __init__(self, path: str | os.PathLike | None = None, *, create: bool = True):
        self.path = Path(path).expanduser() if path else default_path()
        if not create and not self.path.exists():
            raise NoStore(f"no store at {self.path}")
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            try:
                self.db.execute("PRAGMA journal_mode=WAL")  # readers never wait for a running add
                self.db.execute("PRAGMA synchronous=NORMAL")
                self._create()
            except sqlite3.OperationalError:
                if create:
                    raise
                # a store on a read-only disk (a shared corpus, say) can still be queried
                self.db.close()
                self.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=60,
                                          isolation_level=None)
                self._check()
        except (OSError, sqlite3.DatabaseError) as err:
            raise StoreError(f"{self.path}: {getattr(err, 'strerror', None) or err}") from err
        self._in_transaction = False
        self._last_commit = time.monotonic()

    # -- set-up and transactions --

    def _check(self) -> tuple[set[str], bool]:
        """The tables there are, and whether they are a newslens store's (raises StoreError if another's)."""
        existing = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        ours = "meta" in existing and self.db.execute("SELECT value FROM meta WHERE key='app'").fetchone() == (APP,)
        if existing and not ours and not {"articles", "analyses"} <= existing:
            raise StoreError(f"{self.path} is an SQLite file of something else, not a newslens store")
        return existing, ours

    def _create(self) -> None:
        existing, ours = self._check()
        if not ours:
            self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('app', ?), ('created', ?)", (APP, str(time.time())))
        for table, columns in TABLES.items():
            if table not in existing:
                self.db.execute(f"CREATE TABLE {table} ({', '.join(f'{_q(c)} {t}' for c, t in columns)})")
                continue
            have = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
            for column, type_ in columns:
                if column not in have:  # a newer record layout: add the column, old rows read NULL
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN {_q(column)} {type_.split()[0]}")
        for statement in INDEXES:
            self.db.execute(statement)

    def _begin(self) -> None:
        if not self._in_transaction:
            self.db.execute("BEGIN")
            self._in_transaction = True

    @_sql_errors
    def commit(self) -> None:
        if self._in_transaction:
            self.db.execute("COMMIT")
            self._in_transaction = False
        self._last_commit = time.monotonic()

    def _maybe_commit(self) -> None:
        if time.monotonic() - self._last_commit > COMMIT_SECONDS:
            self.commit()

    def close(self) -> None:
        self.commit()
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is not None and self._in_transaction:
            self.commit()  # keep what finished before an interruption
        self.close()

    # -- the cache --

    @_sql_errors
    def cached(self, digest: str, model: str, version: str | None = None) -> bool:
        row = self.db.execute("SELECT 1 FROM analyses WHERE digest=? AND model=? AND version=?",
                              (digest, model, version or analysis_version())).fetchone()
        return row is not None

    @_sql_errors
    def load(self, digest: str, model: str, metadata: dict[str, Any], version: str | None = None) -> Article:
        """The cached Article for this content, with the given reader metadata (its ``id``, title, ...)."""
        row = self.db.execute("SELECT data FROM analyses WHERE digest=? AND model=? AND version=?",
                              (digest, model, version or analysis_version())).fetchone()
        if row is None:
            raise KeyError(digest)
        return decode_analysis(row[0], metadata)

    @_sql_errors
    def save(self, article: Article, model: str, *, digest: str | None = None, version: str | None = None) -> None:
        """Cache an article's analysis under its content, model and version."""
        self._begin()
        self.db.execute("INSERT OR REPLACE INTO analyses(digest, model, version, added, data) VALUES (?,?,?,?,?)",
                        (digest or content_digest(article.text), model, version or analysis_version(), time.time(),
                         encode_analysis(article)))
        self._maybe_commit()

    # -- the corpus --

    @_sql_errors
    def stored(self, id: str) -> tuple[str, str, str] | None:
        """(digest, model, version) of the stored article with this id, or None."""
        row = self.db.execute("SELECT digest, model, version FROM articles WHERE id=?", (id,)).fetchone()
        return tuple(row) if row else None  # type: ignore[return-value]

    @_sql_errors
    def add(self, article: Article, model: str, *, digest: str | None = None, version: str | None = None) -> None:
        """Store an article in the corpus (replacing one with the same id)."""
        self._begin()
        self._delete(article.id)
        summary = article.summary()
        row = {"id": article.id, "digest": digest or content_digest(article.text), "model": model,
               "version": version or analysis_version(), "added": time.time(), "text": article.text,
               **{c: getattr(article, c) for c in DOCUMENT_FIELDS if c != "id"},
               **{c: summary[c] for c in SUMMARY_COLUMNS if c not in DOCUMENT_FIELDS}}
        self._insert("articles", [row])
        self._insert("entities", ({"article": article.id, **{n: getattr(e, n) for n in ENTITY_FIELDS}}
                                  for e in article.entities))
        self._insert("mentions", (m.to_dict() for m in article.mentions))
        quotes = []
        for q in article.quotes:
            names = speaker_names(q, article)
            quotes.append({**q.to_dict(), "speaker_names": json.dumps(names, ensure_ascii=False),
                           "speaker_folded": "\n".join(fold(n) for n in names if n)})
        self._insert("quotes", quotes)
        self._maybe_commit()

    @_sql_errors
    def remove(self, id: str) -> bool:
        self._begin()
        found = self._delete(id)
        self._maybe_commit()
        return found

    def _delete(self, id: str) -> bool:
        found = self.db.execute("DELETE FROM articles WHERE id=?", (id,)).rowcount > 0
        if found:
            for table in ("entities", "mentions", "quotes"):
                self.db.execute(f"DELETE FROM {table} WHERE article=?", (id,))
        return found

    def _insert(self, table: str, rows: Iterable[dict]) -> None:
        columns = [c for c, _ in TABLES[table]]
        if table == "articles":
            columns.remove("seq")
        values = [[json.dumps(list(v), ensure_ascii=False) if isinstance(v := r.get(c), tuple) else v
                   for c in columns] for r in rows]
        if values:
            self.db.executemany(f"INSERT INTO {table} ({', '.join(map(_q, columns))}) "
                                f"VALUES ({', '.join('?' * len(columns))})", values)

    # -- queries --

    @_sql_errors
    def counts(self) -> dict[str, int]:
        return {table: self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}

    def _keep(self, where: list[str], keep: ArticleFilter | None, column: str = "id") -> None:
        """The one filter clause: rows of the articles ``keep`` keeps (``column`` holds their id), decided by the
        same predicate as for files (``ArticleFilter.keeps``, registered as an SQL function)."""
        if not keep:
            return
        self.db.create_function("newslens_keeps", 3, keep.keeps, deterministic=True)
        if column == "id":
            where.append("newslens_keeps(id, source, published)")
        else:
            where.append(f"{column} IN (SELECT id FROM articles WHERE newslens_keeps(id, source, published))")

    def _select(self, table: str, names: Iterable[str], where: list[str], params: list) -> Iterator[sqlite3.Row]:
        sql = f"SELECT {', '.join(map(_q, names))} FROM {table}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        yield from self.db.execute(sql + " ORDER BY rowid", params)

    def summaries(self, keep: ArticleFilter | None = None) -> Iterator[dict[str, Any]]:
        """One ``newslens articles`` row per stored article, in the order they were added."""
        return self.article_rows(keep, SUMMARY_COLUMNS)

    @_sql_errors
    def article_rows(self, keep: ArticleFilter | None, columns: Iterable[str]) -> Iterator[dict[str, Any]]:
        """The ``columns`` of the stored articles (any of the articles table's), each row keyed ``article`` by
        its id first, in the order they were added."""
        columns = tuple(columns)
        where: list[str] = []
        self._keep(where, keep)
        for row in self._select("articles", ("id", *columns), where, []):
            yield {"article": row[0], **dict(zip(columns, row[1:], strict=True))}

    @_sql_errors
    def articles(self, keep: ArticleFilter | None = None) -> Iterator[Article]:
        """The stored Articles, whole, in the order they were added."""
        where: list[str] = []
        self._keep(where, keep)
        columns = (*DOCUMENT_FIELDS, "text", "words")
        for row in self._select("articles", columns, where, []):
            values = dict(zip(columns, row, strict=True))
            id = values["id"]
            yield Article(
                **values,
                entities=tuple(self._entity(r) for r in self.db.execute(
                    f"SELECT article, {', '.join(map(_q, ENTITY_FIELDS))} FROM entities WHERE article=? "
                    "ORDER BY rowid", (id,))),
                mentions=tuple(self._mention(r) for r in self.db.execute(
                    f"SELECT {', '.join(map(_q, field_names(Mention)))} FROM mentions WHERE article=? ORDER BY rowid",
                    (id,))),
                quotes=tuple(self._quote(r) for r in self.db.execute(
                    f"SELECT {', '.join(map(_q, field_names(Quote)))} FROM quotes WHERE article=? ORDER BY rowid",
                    (id,))),
            )

    @staticmethod
    def _entity(row) -> Entity:
        return Entity(**_decoded(Entity, ENTITY_FIELDS, row[1:]), articles=(row[0],))

    @staticmethod
    def _mention(row) -> Mention:
        return Mention(**_decoded(Mention, field_names(Mention), row))

    @staticmethod
    def _quote(row) -> Quote:
        if not list_fields(Quote):  # no JSON lists to decode: the columns in field order (faster, for big queries)
            return Quote(*row[:len(field_names(Quote))])
        return Quote(**_decoded(Quote, field_names(Quote), row))

    @_sql_errors
    def entities(self, keep: ArticleFilter | None = None, *, types: Iterable[str] = (),
                 fields: Iterable[str] | None = None) -> Iterator[Entity]:
        """Per-article entities (each with its one article), in the order stored; ``types`` keeps those types,
        ``fields`` reads only those fields (the others keep their defaults: faster, for a view that needs few)."""
        where: list[str] = []
        params: list = []
        _one_of(where, params, ("type", tuple(types)))
        self._keep(where, keep, "article")
        if fields is None:
            for row in self._select("entities", ("article", *ENTITY_FIELDS), where, params):
                yield self._entity(row)
            return
        names = tuple(n for n in ENTITY_FIELDS if n in set(fields) | {"name", "type"})
        defaults = {f.name: f.default for f in dataclasses.fields(Entity)}
        lists = [k for k, n in enumerate(names) if n in list_fields(Entity)]
        for row in self._select("entities", ("article", *names), where, params):
            values = list(row[1:])
            for k in lists:
                if values[k] is not None:
                    values[k] = () if values[k] == "[]" else tuple(json.loads(values[k]))
            entity = object.__new__(Entity)  # the record without its __init__: some 3x faster, for big reads
            fields_ = {**defaults, **dict(zip(names, values, strict=True)), "articles": (row[0],)}
            object.__setattr__(entity, "__dict__", fields_)
            yield entity

    @_sql_errors
    def mentions(self, keep: ArticleFilter | None = None, *, types: Iterable[str] = (),
                 forms: Iterable[str] = ()) -> Iterator[Mention]:
        where: list[str] = []
        params: list = []
        _one_of(where, params, ("type", tuple(types)), ("form", tuple(forms)))
        self._keep(where, keep, "article")
        for row in self._select("mentions", field_names(Mention), where, params):
            yield self._mention(row)

    @_sql_errors
    def quotes(self, keep: ArticleFilter | None = None, *, speaker: str | None = None, kinds: Iterable[str] = (),
               speaker_types: Iterable[str] = ()) -> Iterator[Quote]:
        """Stored quotes, in order; ``speaker`` keeps those whose speaker matches by the rule of
        ``names.speaker_matches`` (SQL narrows by substring, the word match decides)."""
        where: list[str] = []
        params: list = []
        _one_of(where, params, ("kind", tuple(kinds)), ("speaker_type", tuple(speaker_types)))
        for word in query_words(speaker or ""):
            where.append("speaker_folded LIKE ? ESCAPE '\\'")
            params.append("%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        self._keep(where, keep, "article")
        for row in self._select("quotes", (*field_names(Quote), "speaker_names"), where, params):
            quote = self._quote(row)
            if speaker and not speaker_matches(speaker, json.loads(row[-1]) if row[-1] else
                                               [quote.speaker, quote.speaker_text]):
                continue
            yield quote


def _decoded(cls, names: tuple[str, ...], row) -> dict[str, Any]:
    """Field values from a row of the columns ``names`` (in order; extra columns at the end are ignored):
    JSON lists back into tuples."""
    values = dict(zip(names, row, strict=False))
    for name in list_fields(cls):
        if values.get(name) is not None:
            values[name] = () if values[name] == "[]" else tuple(json.loads(values[name]))
    return values
