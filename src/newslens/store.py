"""The corpus store and the analysis cache: one SQLite file (standard library, no server).

Two parts share the file:

* the **cache** (``analyses``): one full analysis per (content digest, model id, analysis version). Whatever
  path an article comes from, the same text analyzed by the same model and newslens version is never parsed
  again; a renamed or copied file hits, a changed file, model or version misses.
* the **corpus** (``articles``, ``entities``, ``mentions``, ``quotes``): the articles ``newslens add`` stored,
  one row per record, so that queries are SQL and never need spaCy. Two views (``quote_facts``, and
  ``quote_facts_all`` with the copies) join each quote to its article's metadata and its speaker's gender, for
  ``newslens sql`` and any SQLite client (docs/store.md describes every table).

Table columns follow the record dataclasses (``newslens.records``): a field added there becomes a column here
(added to an existing store on open), and cached analyses of another record layout are not reused.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import inspect
import json
import os
import sqlite3
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from newslens import firstnames, linking
from newslens.errors import NoStore, StoreError
from newslens.filters import ArticleFilter, article_filter, has_glob, values_of
from newslens.names import fold, query_words, speaker_matches, speaker_names
from newslens.records import (
    ACTS,
    DOCUMENT_FIELDS,
    SPEECH,
    UNKNOWN_SPEAKER,
    Article,
    Entity,
    Mention,
    Quote,
    content_digest,
    field_kinds,
    field_names,
    list_fields,
)
from newslens.search import fts_query
from newslens.version import ANALYSIS_VERSION

APP = "newslens"
DB_NAME = "newslens.db"
NESTED = {"entities": Entity, "mentions": Mention, "quotes": Quote}
# the layout of the tables: 0, stores of newslens before it was numbered; 1, the schema made in one transaction;
# 2, copies, the names index and the speaker totals. Older stores are upgraded when opened.
SCHEMA = 4  # 3: speaker totals per act; 4: the corpus's names, their links and the totals of their entities
BUSY_SECONDS = 60  # how long a writer waits for another before SQLite says the store is locked ...
RETRIES = 5  # ... and how many times it then tries again
RELINK_ROUNDS = 4  # how far the names a change may move are followed through the entities they belong to


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

# lists as JSON; a quote's spans as JSON pairs (`[[1, 2], [15, 16]]`) when it has several fragments, else NULL (one
# fragment, the quote's bounds: how records.Quote reads it, a store written before fragments too, and 3 us a row
# less to read than JSON)
SQL_TYPES = {"list": "TEXT", "spans": "TEXT", "int": "INTEGER", "bool": "INTEGER", "float": "REAL", "text": "TEXT"}


def _columns(cls, *, leave_out: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(column, SQL type) for a record class's fields."""
    return [(name, SQL_TYPES[kind]) for name, kind in field_kinds(cls).items() if name not in leave_out]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


SUMMARY_COLUMNS = tuple(k for k in Article(id="", text="").summary() if k != "article")
# `joined` is a corpus entity's (how its names were joined, newslens.linking): an article's entity has none
ENTITY_FIELDS = tuple(n for n in field_names(Entity) if n not in ("articles", "joined"))

# a quote's act as the filters read it: one stored before acts existed (NULL) is speech, as in views.quote_matches
ACT = f"coalesce(act, '{SPEECH}')"
ALL_ACTS = "all"  # the speaker totals of every act together
TOTALS = ("quotes", "direct", "indirect", "mixed", "words", "articles")
MENTION_FORMS_SHOWN = ("name", "alias", "acronym")  # the forms `entities --mentions` lists unless asked


def acts_of(act: str | Iterable[str] | None) -> tuple[str, ...]:
    """The acts a query keeps, from ``act`` as the command line's ``--act`` takes it (one act or several):
    ``all`` or None is every act, which is no filter (``()``)."""
    acts = values_of(act)
    return () if act is None or ALL_ACTS in acts else acts
TABLES: dict[str, list[tuple[str, str]]] = {
    "articles": [("seq", "INTEGER PRIMARY KEY"), ("id", "TEXT NOT NULL UNIQUE"), ("digest", "TEXT"),
                 ("model", "TEXT"), ("version", "TEXT"), ("added", "REAL"), ("text", "TEXT"),
                 *[(c, "TEXT") for c in DOCUMENT_FIELDS if c != "id"],
                 *[(c, "INTEGER") for c in SUMMARY_COLUMNS if c not in DOCUMENT_FIELDS], ("copy_of", "TEXT")],
    "entities": [("article", "TEXT NOT NULL"), *_columns(Entity, leave_out=("articles", "joined"))],
    "mentions": _columns(Mention),
    # qid: a key VACUUM keeps, for the names index below
    "quotes": [("qid", "INTEGER PRIMARY KEY"), *_columns(Quote), ("speaker_names", "TEXT"),
               ("speaker_folded", "TEXT")],
    "analyses": [("digest", "TEXT NOT NULL"), ("model", "TEXT NOT NULL"), ("version", "TEXT NOT NULL"),
                 ("added", "REAL"), ("data", "BLOB NOT NULL")],
    # copies (newslens.copies): the LSH band keys and MinHash signature of every stored article
    "copy_keys": [("key", "INTEGER NOT NULL"), ("seq", "INTEGER NOT NULL")],
    "copy_signatures": [("seq", "INTEGER PRIMARY KEY"), ("sig", "BLOB NOT NULL")],
    # `speakers` over the whole store, kept up to date as articles come and go (copies left out)
    # per act (records.ACTS) and for all of them together (ALL_ACTS)
    "speaker_totals": [("act", "TEXT NOT NULL"), ("speaker", "TEXT NOT NULL"), ("speaker_type", "TEXT NOT NULL"),
                       *[(c, "INTEGER NOT NULL DEFAULT 0") for c in TOTALS]],
    "speaker_roles": [("act", "TEXT NOT NULL"), ("speaker", "TEXT NOT NULL"), ("speaker_type", "TEXT NOT NULL"),
                      ("role", "TEXT NOT NULL"),
                      ("n", "INTEGER NOT NULL DEFAULT 0"), ("first", "INTEGER")],
    # the corpus's names (newslens.linking): each per-article (type, name) of the articles that are no copies,
    # with its counts and the aliases the articles give it; the keys under which names are compared; where each
    # name goes in the corpus (only those that go elsewhere than themselves); the names to link again
    "corpus_names": [("type", "TEXT NOT NULL"), ("name", "TEXT NOT NULL"), ("articles", "INTEGER NOT NULL DEFAULT 0"),
                     ("mentions", "INTEGER NOT NULL DEFAULT 0"), ("aliases", "TEXT"), ("context", "TEXT")],
    "name_keys": [("key", "TEXT NOT NULL"), ("type", "TEXT NOT NULL"), ("name", "TEXT NOT NULL")],
    "corpus_links": [("type", "TEXT NOT NULL"), ("name", "TEXT NOT NULL"), ("target_type", "TEXT NOT NULL"),
                     ("target", "TEXT NOT NULL"), ("how", "TEXT")],
    "relink": [("type", "TEXT NOT NULL"), ("name", "TEXT NOT NULL")],
    "relink_keys": [("key", "TEXT PRIMARY KEY")],  # keys names had before their counts changed them
    # word -> articles of people's full names that open with it (``linking.first_words``)
    "first_words": [("word", "TEXT PRIMARY KEY"), ("articles", "INTEGER NOT NULL DEFAULT 0")],
    # the speaker totals of each corpus entity (the totals of the names linked to it), kept as links change
    "entity_totals": [("act", "TEXT NOT NULL"), ("speaker", "TEXT NOT NULL"), ("speaker_type", "TEXT NOT NULL"),
                      *[(c, "INTEGER NOT NULL DEFAULT 0") for c in TOTALS]],
    # each quote's speaker as the people views count them (newslens.facts): the corpus person, gender and its
    # evidence, and the words quoted; for the stories (copies left out) and for every article, as of
    # meta `quote_people:<scope>` (a corpus_state), made again when `newslens sql` or `export` needs it
    "quote_people": [("scope", "TEXT NOT NULL"), ("qid", "INTEGER NOT NULL"), ("person", "TEXT"), ("gender", "TEXT"),
                     ("gender_source", "TEXT"), ("words", "INTEGER")],
    # results computed over the whole corpus (a summary), kept until the corpus changes: see ``derived``
    "derived": [("key", "TEXT PRIMARY KEY"), ("corpus", "TEXT NOT NULL"), ("added", "REAL"),
                ("data", "BLOB NOT NULL")],
}
TABLE_KEYS = {  # composite keys, written after the columns
    "copy_keys": ", PRIMARY KEY (key, seq)) WITHOUT ROWID",
    "speaker_totals": ", PRIMARY KEY (act, speaker, speaker_type))",
    "speaker_roles": ", PRIMARY KEY (act, speaker, speaker_type, role))",
    "corpus_names": ", PRIMARY KEY (name, type))",  # looked up by name IN (...)
    "name_keys": ", PRIMARY KEY (key, type, name)) WITHOUT ROWID",
    "corpus_links": ", PRIMARY KEY (name, type))",
    "relink": ", PRIMARY KEY (type, name)) WITHOUT ROWID",
    "entity_totals": ", PRIMARY KEY (act, speaker, speaker_type))",
    "quote_people": ", PRIMARY KEY (scope, qid)) WITHOUT ROWID",
}
INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS analyses_key ON analyses(digest, model, version)",
    "CREATE INDEX IF NOT EXISTS entities_article ON entities(article)",
    "CREATE INDEX IF NOT EXISTS entities_type ON entities(type)",
    "CREATE INDEX IF NOT EXISTS entities_name ON entities(name)",  # a listed speaker's entities (genders)
    "CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article)",
    "CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article)",
    "CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker)",  # the listed speakers' articles (genders)
    "CREATE INDEX IF NOT EXISTS articles_digest ON articles(digest)",
    "CREATE INDEX IF NOT EXISTS articles_copy_of ON articles(copy_of)",
    "CREATE INDEX IF NOT EXISTS speaker_totals_rank ON speaker_totals(act, quotes DESC, words DESC)",
    "CREATE INDEX IF NOT EXISTS name_keys_name ON name_keys(name, type)",
    "CREATE INDEX IF NOT EXISTS corpus_links_target ON corpus_links(target, target_type)",
    "CREATE INDEX IF NOT EXISTS entity_totals_rank ON entity_totals(act, quotes DESC, words DESC)",
    "CREATE INDEX IF NOT EXISTS articles_source ON articles(source COLLATE NOCASE)",  # the sources there are
    "CREATE INDEX IF NOT EXISTS articles_section ON articles(section COLLATE NOCASE)",
)
# `quotes --speaker NAME`: a full-text index of each quote's folded names (FTS5, kept in step by triggers)
NAME_INDEX = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS quote_names USING fts5(speaker_folded, content='quotes', "
    "content_rowid='qid', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS quotes_named AFTER INSERT ON quotes BEGIN "
    "INSERT INTO quote_names(rowid, speaker_folded) VALUES (new.qid, new.speaker_folded); END",
    "CREATE TRIGGER IF NOT EXISTS quotes_unnamed AFTER DELETE ON quotes BEGIN "
    "INSERT INTO quote_names(quote_names, rowid, speaker_folded) VALUES ('delete', old.qid, old.speaker_folded); END",
)
# `quotes --search WORDS`: a full-text index of each quote's words (FTS5, kept in step by triggers; newslens.search)
TEXT_INDEX = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS quote_words USING fts5(text, content='quotes', content_rowid='qid', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS quotes_worded AFTER INSERT ON quotes BEGIN "
    "INSERT INTO quote_words(rowid, text) VALUES (new.qid, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS quotes_unworded AFTER DELETE ON quotes BEGIN "
    "INSERT INTO quote_words(quote_words, rowid, text) VALUES ('delete', old.qid, old.text); END",
)
# Views for SQL (`newslens sql`, Datasette, sqlite-utils): every quote with its article's metadata and its
# speaker's gender as `speakers --by gender` decides it (quote_people: NULL for quotes that are no person's)
_QUOTE_FACTS = (
    "SELECT q.qid, q.article, a.title, a.source, a.section, a.published, "
    "CASE WHEN a.published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' THEN substr(a.published, 1, 7) END AS month, "
    "q.speaker, q.speaker_type, p.person, p.gender, p.gender_source, q.role, q.affiliation, q.cue, q.kind, "
    f"coalesce(q.act, '{SPEECH}') AS act, q.text, p.words, q.confidence, a.copy_of "
    "FROM quotes q JOIN articles a ON a.id = q.article "
    "LEFT JOIN quote_people p ON p.scope = '{scope}' AND p.qid = q.qid{where}")
VIEWS = {
    "quote_facts": _QUOTE_FACTS.format(scope="stories", where=" WHERE a.copy_of IS NULL"),  # as the commands count
    "quote_facts_all": _QUOTE_FACTS.format(scope="all", where=""),  # copies too (--with-copies)
}
EDITABLE = tuple(c for c in DOCUMENT_FIELDS if c != "id")  # the metadata `newslens tag` changes



def _view_sql(name: str) -> str:
    return f"CREATE VIEW {name} AS {VIEWS[name]}"


def _while_locked(action: Callable[[], object]) -> None:
    """Run ``action``, again while another process holds the store beyond the busy timeout (RETRIES times)."""
    for attempt in range(RETRIES):
        try:
            action()
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or attempt == RETRIES - 1:
                raise
            time.sleep(0.1 * (attempt + 1))


def _chunks_of(values: Iterable[str], size: int = 500) -> Iterator[list[str]]:
    """The distinct values in lists of at most ``size``: an `IN (?, ...)` within SQLite's limit on parameters."""
    values = list(dict.fromkeys(values))
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _one_of(where: list[str], params: list, *choices: tuple[str, tuple]) -> None:
    """`column IN (?, ...)` for each (column, values) whose values are not empty."""
    for column, chosen in choices:
        if chosen:
            where.append(f"{column} IN ({', '.join('?' * len(chosen))})")
            params.extend(chosen)


def _literal(text: str) -> str:
    """A string as an SQL literal."""
    return "'" + text.replace("'", "''") + "'"


def _id_range(keep: ArticleFilter) -> list[str]:
    """An SQL condition on `id` that every article ``keep`` keeps meets, through the index of ids: its exact
    ids and the prefixes of its glob patterns (GLOB, which SQLite reads through the index). Empty when a
    pattern has a bracket (fnmatch's `[!a]` is no GLOB) or when no id is asked for: the filter's own
    predicate (``newslens_keeps``) decides either way."""
    if not keep.articles or any("[" in pattern for pattern in keep.articles):
        return []
    exact = [p for p in keep.articles if not has_glob(p)]
    terms = [f"id GLOB {_literal(p)}" for p in keep.articles if has_glob(p)]
    if exact:
        terms.append(f"id IN ({', '.join(map(_literal, exact))})")
    return [f"({' OR '.join(terms)})"]


def _reason(err: BaseException) -> str:
    """What went wrong, in words a user can act on."""
    reason = getattr(err, "strerror", None) or str(err)
    if "readonly database" in reason:
        return f"{reason} (the store cannot be written here: give another --db, or a writable copy)"
    if "unable to open database file" in reason:
        return f"{reason} (can its folder be written?)"
    if "malformed" in reason or "not a database" in reason:
        return f"{reason} (the store is damaged: restore a copy, or start a new one with another --db)"
    return reason


def _sql_errors(method: Callable) -> Callable:
    """SQLite's own errors (a locked or full disk, a damaged file) become StoreErrors that name the store."""
    if inspect.isgeneratorfunction(method):
        @functools.wraps(method)
        def rows(self, *args, **kwargs):
            try:
                yield from method(self, *args, **kwargs)
            except sqlite3.Error as err:
                raise StoreError(f"{self.path}: {_reason(err)}") from err

        return rows

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: {_reason(err)}") from err

    return call


class Store:
    """One SQLite file holding the corpus and the analysis cache. Use as a context manager.

    Any number of processes may add to and query one store at once: the schema is created in one write
    transaction (and again as a no-op by whoever comes second), every write is its own short transaction, never
    held open while a model runs, and a writer waits for another (SQLite's busy timeout, then a retry). A file
    that is not a newslens store, or a store of another schema, is refused before anything is written."""

    def __init__(self, path: str | os.PathLike | None = None, *, create: bool = True, readonly: bool = False):
        """``create``: make the store when there is none. ``readonly``: open it for queries only (SQLite's
        ``mode=ro``), so that a store on a read-only disk or without write permission is queried all the
        same; an older store is still upgraded first when the file can be written."""
        self.path = Path(path).expanduser() if path else default_path()
        self.readonly = readonly
        if not create and not self.path.exists():
            raise NoStore(f"no store at {self.path}")
        try:
            if readonly:
                self._open_readonly()
                return
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
            try:
                fresh = self._check()
                if fresh or create or self._needs_upgrade():
                    self._set_up()
            except sqlite3.OperationalError:
                if create:
                    raise
                # a store on a read-only disk (a shared corpus, say) can still be queried
                self.db.close()
                self.readonly = True
                self._open_readonly(upgrade=False)  # it was just tried
        except (OSError, sqlite3.DatabaseError) as err:
            raise StoreError(f"{self.path}: {_reason(err)}") from err

    def _connect_readonly(self) -> sqlite3.Connection:
        """A read-only connection: ``mode=ro``; and where SQLite cannot keep its shared-memory file beside the
        store (a read-only folder, which no newslens can be writing to), ``immutable=1``."""
        uri = self.path.resolve().as_uri()
        for mode in ("mode=ro", "immutable=1"):
            db = sqlite3.connect(f"{uri}?{mode}", uri=True, timeout=BUSY_SECONDS, isolation_level=None)
            try:
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return db
            except sqlite3.OperationalError:
                db.close()
                if mode == "immutable=1":
                    raise
        raise AssertionError("unreachable")

    def _open_readonly(self, upgrade: bool = True) -> None:
        """Open for queries; a store without its tables yet (another process is making it) or of an older
        schema is set up first when it can be (by a writable Store). A file with no tables that cannot be set up
        is no store (NoStore)."""
        self.db = self._connect_readonly()
        fresh = self._check()
        if upgrade and (fresh or self._needs_upgrade()):
            self.db.close()
            with contextlib.suppress(StoreError):  # a read-only older store: queried as it is
                Store(self.path, create=False).close()
            self.db = self._connect_readonly()
            fresh = self._check()
        if fresh:
            self.db.close()
            raise NoStore(f"no store at {self.path} (an empty file)")

    # -- set-up and transactions --

    def _tables(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def _check(self) -> bool:
        """Read, and write nothing: True for an empty file; raises StoreError for an SQLite file of another
        application, or a store of another schema than this newslens reads."""
        existing = self._tables()
        if not existing:
            return True
        if "meta" in existing:
            if self._meta("app") != APP:
                raise StoreError(f"{self.path} is an SQLite file of something else, not a newslens store; "
                                 "it was left untouched")
        elif not {"articles", "analyses"} <= existing:
            raise StoreError(f"{self.path} is an SQLite file of something else, not a newslens store; it was "
                             "left untouched")
        schema = int(self._meta("schema") or 0) if "meta" in existing else 0
        if schema > SCHEMA:
            raise StoreError(f"{self.path} was written by a newer newslens (store schema {schema}, this one reads "
                             f"{SCHEMA}): upgrade newslens, or use another --db")
        return False

    def _needs_upgrade(self) -> bool:
        """Whether the store is of an older schema, or its tables lack a column the record layout now has, or its
        names were linked by other rules."""
        if int(self._meta("schema") or 0) < SCHEMA or self._meta("links") != linking.version():
            return True
        for table, columns in TABLES.items():
            have = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
            if not have or any(column not in have for column, _ in columns):
                return True
        indexes = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        if any(statement.split(" ON ")[0].split()[-1] not in indexes for statement in INDEXES):
            return True
        return "quote_words" not in self._tables() or self._views() != {n: _view_sql(n) for n in VIEWS}

    def _views(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall())

    def _set_up(self) -> None:
        """Create or upgrade the schema in one write transaction: idempotent, so that the second of two
        processes opening a new store at once finds it made."""
        self._wal()
        with self._transaction():
            self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('app', ?), ('created', ?)", (APP, str(time.time())))
            schema = int(self._meta("schema") or 0)
            had = self._tables()
            if schema < 3:  # the totals gain a key column (the act): made again from the quotes below
                self.db.execute("DROP TABLE IF EXISTS speaker_totals")
                self.db.execute("DROP TABLE IF EXISTS speaker_roles")
            for table, columns in TABLES.items():
                definition = ", ".join(f"{_q(c)} {t}" for c, t in columns)
                self.db.execute(f"CREATE TABLE IF NOT EXISTS {table} ({definition}{TABLE_KEYS.get(table, ')')}")
                have = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
                if table == "quotes" and "qid" not in have:
                    self._rebuild_quotes(have)
                    have = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
                for column, type_ in columns:
                    if column not in have:  # an older store: add the column, old rows read NULL
                        self.db.execute(f"ALTER TABLE {table} ADD COLUMN {_q(column)} {type_.split()[0]}")
            for statement in (*INDEXES, *NAME_INDEX, *TEXT_INDEX):
                self.db.execute(statement)
            if "quote_words" not in had and "quotes" in had:  # an older store: index the words it holds
                self.db.execute("INSERT INTO quote_words(quote_words) VALUES ('rebuild')")
            self._make_views()
            if schema < 2 and "articles" in had:  # a store of schema 0 or 1: index what it holds
                self.db.execute("INSERT INTO quote_names(quote_names) VALUES ('rebuild')")
                self._index_copies()
            if schema < 3 and "articles" in had:
                self._recount_speakers()
            if schema < 4 and "articles" in had:
                self._recount_names()
            elif "articles" in had and self._meta("links") != linking.version():
                self._recount_names()  # another newslens's rules counted and linked these names: again
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('links', ?)", (linking.version(),))

    def _make_views(self) -> None:
        """The SQL views as this version defines them (made again when a definition changed)."""
        views = self._views()
        for name in VIEWS:
            if views.get(name) != _view_sql(name):
                self.db.execute(f"DROP VIEW IF EXISTS {name}")
                self.db.execute(_view_sql(name))

    def _rebuild_quotes(self, have: set[str]) -> None:
        """Schema 1 to 2: the quotes table gets a stable key (``qid``), its rows kept in order."""
        old = [c for c, _ in TABLES["quotes"] if c in have]
        for view in VIEWS:  # (made again at the end of the set-up: a view would stop the renaming)
            self.db.execute(f"DROP VIEW IF EXISTS {view}")
        self.db.execute("ALTER TABLE quotes RENAME TO quotes_schema1")
        definition = ", ".join(f"{_q(c)} {t}" for c, t in TABLES["quotes"])
        self.db.execute(f"CREATE TABLE quotes ({definition})")
        names = ", ".join(map(_q, old))
        self.db.execute(f"INSERT INTO quotes ({names}) SELECT {names} FROM quotes_schema1 ORDER BY rowid")
        self.db.execute("DROP TABLE quotes_schema1")

    def _index_copies(self) -> None:
        """Copies among the articles an older store holds, found as `add` finds them, in the order added."""
        from newslens import copies  # (numpy, only when an article is written)

        for seq, id, digest, text in self.db.execute(
                "SELECT seq, id, digest, text FROM articles ORDER BY seq").fetchall():
            grams = copies.shingles(text or "")
            sig = copies.signature(grams)
            copy_of = self._copy_of(id, digest, grams, sig, before=seq)
            self.db.execute("UPDATE articles SET copy_of=? WHERE seq=?", (copy_of, seq))
            self._index_signature(seq, sig)

    def _recount_speakers(self) -> None:
        """The speaker totals from the quotes of the stored articles that are no copies."""
        self.db.execute("DELETE FROM speaker_totals")
        self.db.execute("DELETE FROM speaker_roles")
        self.db.execute("DELETE FROM entity_totals")
        for (id,) in self.db.execute("SELECT id FROM articles WHERE copy_of IS NULL ORDER BY seq").fetchall():
            self._count_article(id, +1)

    def _count_article(self, id: str, sign: int) -> None:
        """Count a stored article's quotes in (+1) or out (-1) of the speaker totals."""
        rows = self.db.execute(f"SELECT qid, {', '.join(map(_q, field_names(Quote)))} FROM quotes "
                               "WHERE article=? ORDER BY qid", (id,)).fetchall()
        self._count_speakers([(r[0], self._quote(r[1:])) for r in rows], sign)

    def _recount_names(self) -> None:
        """Schema 3 to 4: the corpus's names from the entities of the stored articles that are no copies, counted
        in SQL (what Python holds is one record per distinct name, not per entity), all of them linked at once,
        and the entities' speaker totals from the names'."""
        for table in ("corpus_names", "name_keys", "corpus_links", "relink", "relink_keys", "entity_totals",
                      "first_words"):
            self.db.execute(f"DELETE FROM {table}")
        counted = "article NOT IN (SELECT id FROM articles WHERE copy_of > '')"
        stats = {(t, n): linking.NameStat(t, n, a, m or 0) for t, n, a, m in self.db.execute(
            f"SELECT type, name, count(*), sum(mentions) FROM entities WHERE {counted} GROUP BY type, name")}
        for row in self.db.execute(
                f"SELECT type, name, aliases, role, gender, gender_source FROM entities WHERE {counted} AND "
                "(aliases <> '[]' OR (type = 'person' AND (role <> '' OR gender_source LIKE 'article%')))"):
            entity = Entity(row[1], row[0], tuple(json.loads(row[2] or "[]")), role=row[3], gender=row[4],
                            gender_source=row[5])
            stat = stats[(row[0], row[1])]
            stat.aliases.update(dict.fromkeys(entity.aliases, 1))
            stat.context.update(linking.context_of(entity))
        self._write_names(stats.values())
        self.db.executemany("INSERT INTO first_words(word, articles) VALUES (?, ?)",
                            linking.first_words(stats).items())
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('links', ?)", (linking.version(),))
        self.db.execute(f"INSERT INTO entity_totals(act, speaker, speaker_type, {', '.join(TOTALS)}) "
                        f"SELECT act, speaker, speaker_type, {', '.join(TOTALS)} FROM speaker_totals")
        self._write_links({}, linking.link_names(stats))  # each linked name's totals move to its entity

    def _wal(self) -> None:
        """Write-ahead logging (readers never wait for a writer), set once in the file."""
        def set_wal() -> None:
            if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")

        _while_locked(set_wal)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One short write transaction, taken as soon as it starts (BEGIN IMMEDIATE: no deadlock between two
        readers that both want to write), retried while another process holds the store beyond the busy
        timeout."""
        _while_locked(lambda: self.db.execute("BEGIN IMMEDIATE"))
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        """Close the store's connection (``with Store(...) as store:`` does it at the end of the block)."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the cache --

    @_sql_errors
    def cached(self, digest: str, model: str, version: str | None = None) -> bool:
        """Whether an analysis of this content by this model (and analysis version) is cached."""
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
        values = (digest or content_digest(article.text), model, version or analysis_version(), time.time(),
                  encode_analysis(article))
        with self._transaction():
            self.db.execute("INSERT OR REPLACE INTO analyses(digest, model, version, added, data) "
                            "VALUES (?,?,?,?,?)", values)

    # -- the corpus --

    @_sql_errors
    def stored(self, id: str) -> tuple[str, str, str] | None:
        """(digest, model, version) of the stored article with this id, or None."""
        row = self.db.execute("SELECT digest, model, version FROM articles WHERE id=?", (id,)).fetchone()
        return tuple(row) if row else None  # type: ignore[return-value]

    @_sql_errors
    def add(self, article: Article, model: str, *, digest: str | None = None, version: str | None = None,
            relink: bool = True) -> str | None:
        """Store an article in the corpus (replacing one with the same id), in one transaction. Returns the id
        of the stored article it is a copy of (``newslens.copies``), or None for a story of its own.

        The corpus's names are linked again (``newslens.linking``) in the same transaction, unless ``relink`` is
        False: then by the next ``relink()`` (``add_paths`` links once after a batch of articles, and a query
        of the store links what is left first)."""
        from newslens import copies  # (numpy, only when an article is written)

        summary = article.summary()
        row = {"id": article.id, "digest": digest or content_digest(article.text), "model": model,
               "version": version or analysis_version(), "added": time.time(), "text": article.text,
               **{c: getattr(article, c) for c in DOCUMENT_FIELDS if c != "id"},
               **{c: summary[c] for c in SUMMARY_COLUMNS if c not in DOCUMENT_FIELDS}}
        entities = [{"article": article.id, **{n: getattr(e, n) for n in ENTITY_FIELDS}} for e in article.entities]
        quotes = []
        for q in article.quotes:
            names = speaker_names(q, article)
            quotes.append({**q.to_dict(), "spans": q.spans if len(q.spans) > 1 else None,
                           "speaker_names": json.dumps(names, ensure_ascii=False),
                           "speaker_folded": "\n".join(fold(n) for n in names if n)})
        grams = copies.shingles(article.text)
        sig = copies.signature(grams)
        with self._transaction():
            self._delete(article.id)
            row["copy_of"] = self._copy_of(article.id, row["digest"], grams, sig)
            self._insert("articles", [row])
            seq = self.db.execute("SELECT seq FROM articles WHERE id=?", (article.id,)).fetchone()[0]
            self._index_signature(seq, sig)
            self._insert("entities", entities)
            self._insert("mentions", (m.to_dict() for m in article.mentions))
            self._insert("quotes", quotes)
            if row["copy_of"] is None:
                self._count_names(article.entities, +1)
            if relink:
                self._relink()
            if row["copy_of"] is None:
                qids = [r[0] for r in self.db.execute("SELECT qid FROM quotes WHERE article=? ORDER BY qid",
                                                      (article.id,))]
                self._count_speakers(list(zip(qids, article.quotes, strict=True)), +1)
        return row["copy_of"]

    @_sql_errors
    def relink(self) -> None:
        """Link the names counted since the last time (``add(..., relink=False)``); on a store that cannot be
        written (a read-only disk), nothing: its queries read the links as they were."""
        try:
            if self.db.execute("SELECT 1 FROM relink LIMIT 1").fetchone() is None:
                return
            with self._transaction():
                self._relink()
        except sqlite3.OperationalError as err:
            if "readonly" not in str(err) and "read-only" not in str(err) and "no such table" not in str(err):
                raise

    @_sql_errors
    def remove(self, id: str) -> bool:
        """Remove the stored article with this id (its entities, mentions, quotes, counts); False if none. Its
        copies stay, the first of them now the story's original (``remove_many``)."""
        with self._transaction():
            removed = self._delete(id)
            self._relink()
            return removed

    @_sql_errors
    def remove_many(self, ids: Iterable[str]) -> int:
        """Remove the stored articles with these ids, in one transaction; how many there were. The copies of a
        removed original stay: the first of them (in the order added) becomes the story's original, its quotes
        counted in the totals, and the others its copies. As ``remove`` one after another, but each table is
        changed once for all of them, its rows in key order (a thousand articles of a store of a million in
        seconds, not tens of seconds)."""
        found: list[tuple[int, str, str | None]] = []
        for chunk in _chunks_of(ids):
            found += self.db.execute(f"SELECT seq, id, copy_of FROM articles WHERE id IN "
                                     f"({', '.join('?' * len(chunk))})", chunk).fetchall()
        found.sort()
        originals = [id for _, id, copy_of in found if copy_of is None]
        with self._transaction():
            self._count_speakers(self._quotes_of(originals), -1)
            self._count_names(self._entities_of(originals), -1)
            self._drop_signatures([seq for seq, _, _ in found])
            for table, column, values in (("articles", "seq", [seq for seq, _, _ in found]),
                                          *((t, "article", sorted(id for _, id, _ in found))
                                            for t in ("entities", "mentions", "quotes"))):
                for chunk in _chunks_of(values):
                    self.db.execute(f"DELETE FROM {table} WHERE {column} IN ({', '.join('?' * len(chunk))})", chunk)
            for id in originals:
                self._promote_copy(id)
            self._relink()
        return len(found)

    def _quotes_of(self, ids: list[str]) -> list[tuple[int, Quote]]:
        """(qid, Quote) of every quote of these articles."""
        quotes = []
        for chunk in _chunks_of(ids):
            rows = self.db.execute(f"SELECT qid, {', '.join(map(_q, field_names(Quote)))} FROM quotes WHERE article "
                                   f"IN ({', '.join('?' * len(chunk))})", chunk).fetchall()
            quotes += [(r[0], self._quote(r[1:])) for r in rows]
        return quotes

    def _entities_of(self, ids: list[str]) -> list[Entity]:
        """The entities of these articles."""
        entities = []
        for chunk in _chunks_of(ids):
            entities += [self._entity(r) for r in self.db.execute(
                f"SELECT article, {', '.join(map(_q, ENTITY_FIELDS))} FROM entities WHERE article IN "
                f"({', '.join('?' * len(chunk))})", chunk)]
        return entities

    def _drop_signatures(self, seqs: list[int]) -> None:
        """The copy signatures and band keys of these articles, taken out (the keys in key order)."""
        import numpy

        from newslens import copies

        keys = []
        for chunk in _chunks_of(seqs):
            for seq, sig in self.db.execute(f"SELECT seq, sig FROM copy_signatures WHERE seq IN "
                                            f"({', '.join('?' * len(chunk))})", chunk):
                keys += [(key, seq) for key in copies.band_keys(numpy.frombuffer(sig, dtype=numpy.uint32))]
            self.db.execute(f"DELETE FROM copy_signatures WHERE seq IN ({', '.join('?' * len(chunk))})", chunk)
        self.db.executemany("DELETE FROM copy_keys WHERE key=? AND seq=?", sorted(keys))

    def _delete(self, id: str) -> bool:
        found = self.db.execute("SELECT seq, copy_of FROM articles WHERE id=?", (id,)).fetchone()
        if found is None:
            return False
        seq, copy_of = found
        if copy_of is None:  # its quotes and names were counted: count them out (linked again by the caller)
            self._count_article(id, -1)
            self._count_names([self._entity(r) for r in self.db.execute(
                f"SELECT article, {', '.join(map(_q, ENTITY_FIELDS))} FROM entities WHERE article=?", (id,))], -1)
        self.db.execute("DELETE FROM articles WHERE seq=?", (seq,))
        if copy_of is None:
            self._promote_copy(id)
        sig = self.db.execute("SELECT sig FROM copy_signatures WHERE seq=?", (seq,)).fetchone()
        if sig is not None:  # by its band keys: keyed (key, seq), the table would be scanned for a seq (1 min at 1M)
            import numpy

            from newslens import copies

            self.db.executemany("DELETE FROM copy_keys WHERE key=? AND seq=?",
                                [(key, seq) for key in copies.band_keys(numpy.frombuffer(sig[0], dtype=numpy.uint32))])
        self.db.execute("DELETE FROM copy_signatures WHERE seq=?", (seq,))
        for table in ("entities", "mentions", "quotes"):
            self.db.execute(f"DELETE FROM {table} WHERE article=?", (id,))
        return True

    def _promote_copy(self, id: str) -> None:
        """The copies of the removed original ``id`` linked again: the first one added is the story now, the
        others its copies."""
        heir = self.db.execute("SELECT id FROM articles WHERE copy_of=? ORDER BY seq LIMIT 1", (id,)).fetchone()
        if heir is None:
            return
        self.db.execute("UPDATE articles SET copy_of=NULL WHERE id=?", heir)
        self.db.execute("UPDATE articles SET copy_of=? WHERE copy_of=?", (heir[0], id))
        self._count_article(heir[0], +1)
        self._count_names([self._entity(r) for r in self.db.execute(  # (linked again by the caller)
            f"SELECT article, {', '.join(map(_q, ENTITY_FIELDS))} FROM entities WHERE article=?", heir)], +1)

    # -- metadata --

    @_sql_errors
    def metadata(self, id: str) -> dict[str, Any] | None:
        """The stored article's metadata (title, subtitle, author, source, published, section), or None."""
        row = self.db.execute(f"SELECT {', '.join(EDITABLE)} FROM articles WHERE id=?", (id,)).fetchone()
        return dict(zip(EDITABLE, row, strict=True)) if row else None

    @_sql_errors
    def tag(self, ids: Iterable[str], values: dict[str, str | None]) -> int:
        """Set metadata of the stored articles with these ids (``values``: field -> new value, None to clear it;
        fields of EDITABLE), in one transaction, without touching their analysis; how many articles were
        found. Results kept over the corpus (a summary) are computed again afterwards."""
        wrong = [name for name in values if name not in EDITABLE]
        if wrong or not values:
            raise ValueError(f"cannot set {', '.join(wrong) or 'nothing'}; the fields are {', '.join(EDITABLE)}")
        assignments = ", ".join(f"{_q(name)} = ?" for name in values)
        changed = 0
        with self._transaction():
            for chunk in _chunks_of(ids):
                changed += self.db.execute(f"UPDATE articles SET {assignments} WHERE id IN "
                                           f"({', '.join('?' * len(chunk))})", [*values.values(), *chunk]).rowcount
            self.db.execute("INSERT INTO meta VALUES ('edits', '1') ON CONFLICT(key) DO UPDATE SET "
                            "value = CAST(value AS INTEGER) + 1")
        return changed

    @_sql_errors
    def ids(self, keep: ArticleFilter | None = None, *, with_copies: bool = True) -> list[str]:
        """The ids of the stored articles ``keep`` keeps, copies too unless ``with_copies`` is False, in the
        order added: what `newslens tag` and `remove` act on."""
        where: list[str] = []
        self._keep(where, keep, with_copies=with_copies)
        return [row[0] for row in self._select("articles", ("id",), where, [])]

    @_sql_errors
    def copies_of(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """The stored copies of the articles ``ids`` that are not among them: original -> its copies' ids."""
        ids = list(dict.fromkeys(ids))
        chosen = set(ids)
        found: dict[str, list[str]] = {}
        for chunk in _chunks_of(ids):
            for copy, original in self.db.execute(f"SELECT id, copy_of FROM articles WHERE copy_of IN "
                                                  f"({', '.join('?' * len(chunk))}) ORDER BY seq", chunk):
                if copy not in chosen:
                    found.setdefault(original, []).append(copy)
        return found

    @_sql_errors
    def values_of(self, column: str) -> dict[str, int]:
        """Each value of an article metadata column (``source``, ``section``) with its number of articles."""
        if column not in EDITABLE:
            raise ValueError(f"{column!r} is not an article metadata column")
        return dict(self.db.execute(f"SELECT {_q(column)}, count(*) FROM articles WHERE {_q(column)} IS NOT NULL "
                                    f"GROUP BY {_q(column)} ORDER BY count(*) DESC, {_q(column)}").fetchall())

    @_sql_errors
    def has_value(self, column: str, value: str) -> bool:
        """Whether an article has this ``source`` or ``section`` (case-insensitive; through its index)."""
        if column not in ("source", "section"):
            raise ValueError(f"{column!r} has no index")
        row = self.db.execute(f"SELECT 1 FROM articles WHERE {_q(column)} = ? COLLATE NOCASE LIMIT 1",
                              (value,)).fetchone()
        return row is not None

    # -- the speakers' people, for SQL (newslens.sql) --

    @_sql_errors
    def quote_ids(self, *, with_copies: bool = False) -> list[int]:
        """The key (qid) of every stored quote, in the order ``quotes(act='all')`` gives them."""
        where: list[str] = []
        self._keep(where, None, "article", with_copies)
        return [row[0] for row in self._select("quotes", ("qid",), where, [])]

    def quote_people_state(self, scope: str) -> str | None:
        """The corpus_state the ``quote_people`` rows of ``scope`` were made for (None: never made)."""
        try:
            return self._meta(f"quote_people:{scope}")
        except sqlite3.OperationalError:  # an older store opened read-only
            return None

    @_sql_errors
    def keep_quote_people(self, scope: str, rows: Iterable[tuple], state: str) -> None:
        """Replace the ``quote_people`` rows of ``scope`` with ``rows`` (qid, person, gender, gender_source,
        words), made for the corpus as ``state`` (its corpus_state) says."""
        with self._transaction():
            self.db.execute("DELETE FROM quote_people WHERE scope=?", (scope,))
            self.db.executemany("INSERT INTO quote_people(scope, qid, person, gender, gender_source, words) "
                                "VALUES (?, ?, ?, ?, ?, ?)", ((scope, *row) for row in rows))
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"quote_people:{scope}", state))

    # -- copies --

    def _copy_of(self, id: str, digest: str, grams: set[str], sig, before: int | None = None) -> str | None:
        """The first stored article (before seq ``before``) of the same story: the same text, else a near copy
        among those that share an LSH band with it (``newslens.copies``)."""
        import numpy

        from newslens import copies  # (numpy, only when an article is written)

        limit = "" if before is None else f" AND seq < {int(before)}"
        same = self.db.execute(f"SELECT id, copy_of FROM articles WHERE digest=? AND id<>?{limit} ORDER BY seq "
                               "LIMIT 1", (digest, id)).fetchone()
        if same is not None:
            return same[1] or same[0]
        keys = copies.band_keys(sig)
        found = self.db.execute(f"SELECT DISTINCT seq FROM copy_keys WHERE key IN ({', '.join('?' * len(keys))})"
                                f"{limit} ORDER BY seq", keys).fetchall()
        for (seq,) in found:
            other = self.db.execute("SELECT sig FROM copy_signatures WHERE seq=?", (seq,)).fetchone()
            if other is None or copies.agreement(sig, numpy.frombuffer(other[0], dtype=numpy.uint32)) < (
                    copies.SIGNATURE_FLOOR):
                continue
            candidate = self.db.execute("SELECT id, copy_of, text FROM articles WHERE seq=?", (seq,)).fetchone()
            if candidate[0] != id and copies.same_story(grams, copies.shingles(candidate[2] or "")):
                return candidate[1] or candidate[0]
        return None

    def _index_signature(self, seq: int, sig) -> None:
        from newslens import copies  # (numpy, only when an article is written)

        self.db.execute("INSERT OR REPLACE INTO copy_signatures(seq, sig) VALUES (?, ?)", (seq, sig.tobytes()))
        self.db.executemany("INSERT OR IGNORE INTO copy_keys(key, seq) VALUES (?, ?)",
                            [(key, seq) for key in copies.band_keys(sig)])

    # -- speaker totals --

    def _count_speakers(self, quotes: list[tuple[int, Quote]], sign: int) -> None:
        """Add (``sign`` +1) or take away (-1) the quotes of one article (or several) to the speaker totals of their
        act and of all acts: quotes, by kind, words, articles, and the roles given, each with the first quote that
        gave it. A quote stored before acts existed counts as speech, as the filters read it. The rows are
        written in key order (a store of a million articles reads fewer pages so)."""
        totals: dict[tuple[str, str, str], dict[str, int]] = {}
        roles: dict[tuple[str, str, str, str], list[int]] = {}
        seen: set[tuple[str, str, str, str]] = set()  # (article, *key): each article counts once per speaker
        for qid, q in sorted(quotes, key=lambda pair: pair[0]):
            for act in (q.act or SPEECH, ALL_ACTS):
                key = (act, q.speaker or UNKNOWN_SPEAKER, q.speaker_type)
                row = totals.setdefault(key, dict.fromkeys(TOTALS, 0))
                row["quotes"] += 1
                if q.kind in row:
                    row[q.kind] += 1
                row["words"] += len(q.text.split())
                if (q.article, *key) not in seen:
                    seen.add((q.article, *key))
                    row["articles"] += 1
                if q.role:
                    counted = roles.setdefault((*key, q.role), [0, qid])
                    counted[0] += 1
        totals = dict(sorted(totals.items()))
        self._add_totals("speaker_totals", [(*key, *(sign * row[c] for c in TOTALS)) for key, row in totals.items()])
        targets = self._targets({(type_, speaker) for _, speaker, type_ in totals})
        entity_keys = [(act, *reversed(targets.get((type_, speaker), (type_, speaker))))
                       for act, speaker, type_ in totals]
        self._add_totals("entity_totals", [(*key, *(sign * row[c] for c in TOTALS))
                                           for key, row in zip(entity_keys, totals.values(), strict=True)])
        if sign > 0:
            self.db.executemany(
                "INSERT INTO speaker_roles(act, speaker, speaker_type, role, n, first) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(act, speaker, speaker_type, role) DO UPDATE SET n = n + excluded.n, "
                "first = min(first, excluded.first)", [(*key, n, first) for key, (n, first) in roles.items()])
            return
        self.db.executemany(
            "UPDATE speaker_roles SET n = n - ? WHERE act=? AND speaker=? AND speaker_type=? AND role=?",
            [(n, *key) for key, (n, _) in sorted(roles.items())])
        # only the rows counted down can have reached 0: by their keys (a scan of the totals takes a second a
        # removed article in a store of a million)
        self.db.executemany("DELETE FROM speaker_totals WHERE act=? AND speaker=? AND speaker_type=? AND quotes <= 0",
                            sorted(totals))
        self.db.executemany("DELETE FROM speaker_roles WHERE act=? AND speaker=? AND speaker_type=? AND role=? "
                            "AND n <= 0", sorted(roles))
        self.db.executemany("DELETE FROM entity_totals WHERE act=? AND speaker=? AND speaker_type=? AND quotes <= 0",
                            entity_keys)

    def _add_totals(self, table: str, rows: list[tuple]) -> None:
        """Add rows of (act, speaker, speaker_type, *TOTALS) to a totals table (negative numbers take away)."""
        columns = ", ".join(TOTALS)
        updates = ", ".join(f"{c} = {c} + excluded.{c}" for c in TOTALS)
        self.db.executemany(
            f"INSERT INTO {table}(act, speaker, speaker_type, {columns}) VALUES (?, ?, ?{', ?' * len(TOTALS)}) "
            f"ON CONFLICT(act, speaker, speaker_type) DO UPDATE SET {updates}", rows)

    # -- the corpus's names and their links (newslens.linking) --

    def _count_names(self, entities: Iterable[Entity], sign: int) -> None:
        """Add (``sign`` +1) or take away (-1) articles' entities to the counts of the corpus's names, with the
        keys they are compared under and the first-name counts; each name is to be linked again (``_relink``)."""
        entities = list(entities)
        known = self._stats((e.type, e.name) for e in entities)
        self.db.executemany("INSERT OR IGNORE INTO relink(type, name) VALUES (?, ?)",
                            [(e.type, e.name) for e in entities])
        before = {key: (set(stat.aliases), set(stat.context)) for key, stat in known.items()}
        touched: dict[tuple[str, str], linking.NameStat] = {}
        firsts: Counter = Counter()
        for e in entities:  # (several articles' entities: a name's counts add up)
            key = (e.type, e.name)
            stat = touched.get(key) or known.get(key) or linking.NameStat(e.type, e.name)
            touched[key] = stat
            linking.count_in(stat, e, sign)
            firsts.update({word: sign * n for word, n in linking.first_words({key: linking.NameStat(*key, 1)}).items()})
        gone = [key for key, stat in touched.items() if stat.articles <= 0]
        kept = [stat for stat in touched.values() if stat.articles > 0]
        rekeyed = [stat for stat in kept if before.get(stat.key) != (set(stat.aliases), set(stat.context))]
        self._keep_old_keys([*gone, *(stat.key for stat in rekeyed)])
        self.db.executemany("DELETE FROM corpus_names WHERE type=? AND name=?", gone)
        self.db.executemany("DELETE FROM name_keys WHERE type=? AND name=?", gone)
        self.db.executemany("INSERT INTO first_words(word, articles) VALUES (?, ?) ON CONFLICT(word) DO UPDATE SET "
                            "articles = articles + excluded.articles", firsts.items())
        self._write_names(kept, keys=False)
        self._write_names(rekeyed, keys=True, counts=False)

    def _keep_old_keys(self, names: list[tuple[str, str]]) -> None:
        """The keys these names have now, kept for the next linking: the names that shared them with them are
        decided again even when the names lose them (`FCC` no longer an alias of `Federal Communications
        Commission`)."""
        for chunk in _chunks_of(n for _, n in names):
            self.db.execute(f"INSERT OR IGNORE INTO relink_keys(key) SELECT key FROM name_keys WHERE name IN "
                            f"({', '.join('?' * len(chunk))})", chunk)

    def _write_names(self, stats: Iterable[linking.NameStat], keys: bool = True, counts: bool = True) -> None:
        """Names' counts (``counts``) and keys (``keys``) as they are now."""
        stats = list(stats)
        if counts:
            self.db.executemany(
                "INSERT OR REPLACE INTO corpus_names(type, name, articles, mentions, aliases, context) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(s.type, s.name, s.articles, s.mentions, json.dumps(dict(s.aliases), ensure_ascii=False),
                  json.dumps(dict(s.context), ensure_ascii=False)) for s in stats])
        if keys:
            self.db.executemany("DELETE FROM name_keys WHERE type=? AND name=?", [(s.type, s.name) for s in stats])
            self.db.executemany("INSERT OR IGNORE INTO name_keys(key, type, name) VALUES (?, ?, ?)",
                                [(k, s.type, s.name) for s in stats
                                 for k in linking.family_keys(s.type, s.name, s.aliases, s.context)])

    def _relink(self) -> None:
        """Link again the names counted since the last time, every name that shares a key with one of them (the
        names whose decision they may change: ``linking.family_keys``), the other names of those names' entities
        before and after, and the names that share a key with a name that moved; each decided from every name
        that shares a key with it (all that a decision reads). A name whose link changes takes its speaker
        totals along."""
        dirty = {tuple(r) for r in self.db.execute("SELECT type, name FROM relink").fetchall()}
        if not dirty:
            return
        keys = self._keys_of(dirty) | {r[0] for r in self.db.execute("SELECT key FROM relink_keys")}
        deciding = self._names_with(linking.directed(keys, linking.AFFECTS)) | dirty
        # the other names of their entities as they are, decided with them (else a second round finds them)
        now = self.links(deciding)
        deciding |= {k for names in self.linked_names({linking.target(now, *k) for k in deciding}).values()
                     for k in names}
        read: set[tuple[str, str]] = set()
        for _ in range(RELINK_ROUNDS):
            wider = self._names_with(linking.directed(self._keys_of(deciding), linking.READS)) | deciding
            # and what decides the type of those (the same name typed otherwise: ``linking.one_type``)
            wider |= self._names_with(k for k in self._keys_of(wider) if k.startswith("w:"))
            if wider != read:  # (the same names read: the same decisions)
                read = wider
                stats = self._stats(read)
                found = linking.link_names(stats, self._first_use(read))
                old = self.links(read)
            entities = {linking.target(old, *k) for k in deciding} | {linking.target(found, *k) for k in deciding}
            mates = {k for k in read if linking.target(old, *k) in entities or linking.target(found, *k) in entities}
            mates |= {k for names in self.linked_names(entities).values() for k in names}
            # a name that goes elsewhere now (another entity, another type) weighs otherwise in its neighbours'
            # decisions (`Downing Street` a place, no longer a person whose first name is `Downing`)
            moved = {k for k in deciding if linking.target(old, *k) != linking.target(found, *k)}
            mates |= self._names_with(linking.directed(self._keys_of(moved), linking.AFFECTS))
            if mates <= deciding:
                break
            deciding |= mates
        self._write_links({k: v for k, v in old.items() if k in deciding},
                          {k: found[k] for k in deciding if k in found and k in stats})
        self.db.execute("DELETE FROM relink")
        self.db.execute("DELETE FROM relink_keys")

    def _first_use(self, names: Iterable[tuple[str, str]]) -> dict[str, int]:
        """``linking.first_words`` of the whole corpus for the one-word names given (what ``surnames`` asks)."""
        words = {linking.spelling(n) for _, n in names if " " not in n.strip()}
        found: dict[str, int] = {}
        for chunk in _chunks_of(words):
            found.update(self.db.execute(f"SELECT word, articles FROM first_words WHERE word IN "
                                         f"({', '.join('?' * len(chunk))})", chunk).fetchall())
        return found

    def _keys_of(self, names: Iterable[tuple[str, str]]) -> set[str]:
        wanted = set(names)
        keys: set[str] = set()
        for chunk in _chunks_of(n for _, n in wanted):
            keys.update(key for key, type_, name in self.db.execute(
                f"SELECT key, type, name FROM name_keys WHERE name IN ({', '.join('?' * len(chunk))})", chunk)
                if (type_, name) in wanted)
        return keys

    def _names_with(self, keys: Iterable[str]) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        for chunk in _chunks_of(keys):
            found.update(self.db.execute(
                f"SELECT DISTINCT type, name FROM name_keys WHERE key IN ({', '.join('?' * len(chunk))})", chunk))
        return found

    def _stats(self, names: Iterable[tuple[str, str]]) -> dict[tuple[str, str], linking.NameStat]:
        """The counts of these names (those the corpus has)."""
        wanted = set(names)
        stats: dict[tuple[str, str], linking.NameStat] = {}
        for chunk in _chunks_of(n for _, n in wanted):
            for row in self.db.execute(f"SELECT type, name, articles, mentions, aliases, context FROM corpus_names "
                                       f"WHERE name IN ({', '.join('?' * len(chunk))})", chunk):
                if (row[0], row[1]) in wanted:
                    stats[(row[0], row[1])] = _name_stat(row)
        return stats

    def _links_of(self, names: Iterable[tuple[str, str]]) -> dict[tuple[str, str], linking.Link]:
        return self.links(names)

    def _targets(self, names: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
        """(type, name) -> (type, name) of its corpus entity, for the names given that link elsewhere."""
        return {key: (link.type, link.name) for key, link in self._links_of(names).items()}

    def _write_links(self, old: dict[tuple[str, str], linking.Link], new: dict[tuple[str, str], linking.Link]) -> None:
        """The links of the names of ``old`` and ``new`` as ``new`` has them (a name missing from it is its own
        entity), each name's speaker totals moved to its new entity."""
        for key in old.keys() | new.keys():
            before, after = old.get(key), new.get(key)
            if before == after:
                continue
            if after is None:
                self.db.execute("DELETE FROM corpus_links WHERE type=? AND name=?", key)
            else:
                self.db.execute("INSERT OR REPLACE INTO corpus_links(type, name, target_type, target, how) "
                                "VALUES (?, ?, ?, ?, ?)", (*key, after.type, after.name, after.how))
            was = (before.type, before.name) if before else key
            now = (after.type, after.name) if after else key
            if was != now:
                self._move_totals(key, was, now)

    def _move_totals(self, key: tuple[str, str], was: tuple[str, str], now: tuple[str, str]) -> None:
        """A name's speaker totals counted under entity ``now`` instead of ``was``."""
        acts = (*ACTS, ALL_ACTS)  # (the key's first column: by the key, not a scan of every speaker's totals)
        rows = self.db.execute(f"SELECT act, {', '.join(TOTALS)} FROM speaker_totals WHERE act IN "
                               f"({', '.join('?' * len(acts))}) AND speaker=? AND speaker_type=?",
                               (*acts, key[1], key[0])).fetchall()
        if not rows:
            return
        self._add_totals("entity_totals", [(r[0], was[1], was[0], *(-v for v in r[1:])) for r in rows])
        self._add_totals("entity_totals", [(r[0], now[1], now[0], *r[1:]) for r in rows])
        self.db.executemany("DELETE FROM entity_totals WHERE act=? AND speaker=? AND speaker_type=? AND quotes <= 0",
                            [(r[0], was[1], was[0]) for r in rows])

    def _insert(self, table: str, rows: Iterable[dict]) -> None:
        columns = [c for c, t in TABLES[table] if t != "INTEGER PRIMARY KEY"]  # SQLite numbers those
        values = [[json.dumps(list(v), ensure_ascii=False) if isinstance(v := r.get(c), tuple) else v
                   for c in columns] for r in rows]
        if values:
            self.db.executemany(f"INSERT INTO {table} ({', '.join(map(_q, columns))}) "
                                f"VALUES ({', '.join('?' * len(columns))})", values)

    # -- results derived from the corpus --

    @_sql_errors
    def corpus_state(self) -> str:
        """A token that changes whenever an article is added, replaced or removed (by any newslens version):
        the count of articles, the last row number and the sum of the times they were added."""
        count, last, added = self.db.execute("SELECT count(*), max(seq), total(added) FROM articles").fetchone()
        try:
            edits = self._meta("edits") or 0  # metadata changed by `newslens tag`
        except sqlite3.OperationalError:  # a store of schema 0, opened read-only: no meta table
            edits = 0
        return f"{count}:{last}:{added!r}:{edits}"

    @_sql_errors
    def derived(self, key: str) -> Any | None:
        """A result kept under ``key`` for the corpus as it is now (JSON data), or None."""
        try:
            row = self.db.execute("SELECT corpus, data FROM derived WHERE key=?", (key,)).fetchone()
        except sqlite3.OperationalError:  # an older store opened read-only has no such table
            return None
        if row is None or row[0] != self.corpus_state():
            return None
        return json.loads(zlib.decompress(row[1]))

    def keep_derived(self, key: str, data: Any) -> None:
        """Keep a result computed over the corpus as it is now; a store opened for queries keeps it through a
        writable connection of its own, when the file can be written; otherwise nothing is kept."""
        if self.readonly:
            try:
                with Store(self.path, create=False) as writable:
                    if not writable.readonly and writable.corpus_state() == self.corpus_state():
                        writable.keep_derived(key, data)
            except StoreError:
                pass
            return
        blob = zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)
        try:
            with self._transaction():
                self.db.execute("INSERT OR REPLACE INTO derived(key, corpus, added, data) VALUES (?,?,?,?)",
                                (key, self.corpus_state(), time.time(), blob))
        except sqlite3.OperationalError:  # read-only: the result is computed again next time
            pass

    # -- queries --

    @_sql_errors
    def counts(self) -> dict[str, int]:
        """The number of rows of each table (articles, entities, mentions, quotes, analyses, ...)."""
        return {table: self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}

    def _keep(self, where: list[str], keep: ArticleFilter | None, column: str = "id",
              with_copies: bool = False) -> None:
        """The one filter clause: rows of the articles ``keep`` keeps (``column`` holds their id), decided by the
        same predicate as for files (``ArticleFilter.keeps``, registered as an SQL function), and, unless
        ``with_copies``, not of an article that is a copy of another."""
        if not with_copies:
            where.append("copy_of IS NULL" if column == "id" else
                         f"{column} NOT IN (SELECT id FROM articles WHERE copy_of > '')")
        if not keep:
            return
        self.db.create_function("newslens_keeps", 4, keep.keeps, deterministic=True)
        kept = " AND ".join([*_id_range(keep), "newslens_keeps(id, source, published, section)"])
        if column == "id":
            where.append(kept)
        else:
            where.append(f"{column} IN (SELECT id FROM articles WHERE {kept})")

    def _select(self, table: str, names: Iterable[str], where: list[str], params: list) -> Iterator[sqlite3.Row]:
        sql = f"SELECT {', '.join(map(_q, names))} FROM {table}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        yield from self.db.execute(sql + " ORDER BY rowid", params)

    # The query methods take the command line's filters as keywords, with its defaults: ``source`` and
    # ``section`` (one name or several, case-insensitive), ``since``/``until`` (YYYY, YYYY-MM or YYYY-MM-DD),
    # ``article`` (ids or glob patterns), ``with_copies`` (every copy of a story, not once); ``keep``, an
    # ArticleFilter, instead of them.

    def summaries(self, keep: ArticleFilter | None = None, *, with_copies: bool = False,
                  source: str | Iterable[str] = (), since: str | None = None, until: str | None = None,
                  article: str | Iterable[str] = (), section: str | Iterable[str] = ()) -> Iterator[dict[str, Any]]:
        """One ``newslens articles`` row per stored article (with ``copy_of``: the stored story it is a copy
        of), in the order they were added; the filters are the command line's."""
        keep = article_filter(keep, source=source, since=since, until=until, article=article, section=section)
        return self.article_rows(keep, (*SUMMARY_COLUMNS, "copy_of"), with_copies=with_copies)

    @_sql_errors
    def article_rows(self, keep: ArticleFilter | None, columns: Iterable[str], *,
                     with_copies: bool = False) -> Iterator[dict[str, Any]]:
        """The ``columns`` of the stored articles (any of the articles table's), each row keyed ``article`` by
        its id first, in the order they were added."""
        columns = tuple(columns)
        where: list[str] = []
        self._keep(where, keep, with_copies=with_copies)
        for row in self._select("articles", ("id", *columns), where, []):
            yield {"article": row[0], **dict(zip(columns, row[1:], strict=True))}

    @_sql_errors
    def articles(self, keep: ArticleFilter | None = None, *, with_copies: bool = False,
                 source: str | Iterable[str] = (), since: str | None = None, until: str | None = None,
                 article: str | Iterable[str] = (), section: str | Iterable[str] = ()) -> Iterator[Article]:
        """The stored Articles, whole (every act of quote), in the order they were added; the filters are the
        command line's."""
        keep = article_filter(keep, source=source, since=since, until=until, article=article, section=section)
        where: list[str] = []
        self._keep(where, keep, with_copies=with_copies)
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
            return Quote(*row[:len(field_names(Quote))])  # spans: JSON text, or NULL; Quote reads either
        return Quote(**_decoded(Quote, field_names(Quote), row))

    @_sql_errors
    def entities(self, keep: ArticleFilter | None = None, *, type: str | Iterable[str] = (),
                 names: Iterable[str] = (), with_copies: bool = False, fields: Iterable[str] | None = None,
                 source: str | Iterable[str] = (), since: str | None = None, until: str | None = None,
                 article: str | Iterable[str] = (), section: str | Iterable[str] = ()) -> Iterator[Entity]:
        """Per-article entities (each with its one article), in the order stored; ``newslens.corpus_entities(store)``
        merges them across the corpus as ``newslens entities`` does. ``type`` and ``names`` keep those (through
        indexes; at most some hundred names); ``fields`` reads only those fields (the others keep their
        defaults: faster, for a view that needs few); the other filters are the command line's."""
        keep = article_filter(keep, source=source, since=since, until=until, article=article, section=section)
        where: list[str] = []
        params: list = []
        _one_of(where, params, ("type", values_of(type)), ("name", tuple(names)))
        self._keep(where, keep, "article", with_copies)
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
    def speaker_totals(self, *, speaker_types: Iterable[str] = (), act: str | None = None,
                       limit: int | None = None) -> list[dict[str, Any]]:
        """`newslens speakers` over the whole store, copies left out, from the totals kept as articles come and
        go (no scan of the quotes), for one ``act`` or (None) all: ranked by quotes, then words quoted, then
        name; the role is the one given most often (the first given, on a tie)."""
        where: list[str] = ["act = ?"]
        params: list = [act or ALL_ACTS]
        _one_of(where, params, ("speaker_type", tuple(speaker_types)))
        role = ("(SELECT role FROM speaker_roles r WHERE r.act = t.act AND r.speaker = t.speaker "
                "AND r.speaker_type = t.speaker_type ORDER BY n DESC, first LIMIT 1)")
        sql = f"SELECT speaker, speaker_type, {role}, {', '.join(TOTALS)} FROM speaker_totals t"
        sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY quotes DESC, words DESC, speaker, speaker_type"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        columns = ("speaker", "speaker_type", "role", *TOTALS)
        return [dict(zip(columns, row, strict=True)) for row in self.db.execute(sql, params)]

    @_sql_errors
    def entity_totals(self, *, speaker_types: Iterable[str] = (), act: str | None = None,
                      limit: int | None = None) -> list[dict[str, Any]]:
        """``speaker_totals`` for the corpus's entities: each speaker under the name of its corpus entity
        (``newslens.linking``: `Clinton` of one article and `Bill Clinton` of another counted together), its
        role the one given most often under any of its names. An article that quotes one entity under two of
        its names (rare: the entity layer gives a person one name per article) counts twice in ``articles``."""
        where: list[str] = ["act = ?"]
        params: list = [act or ALL_ACTS]
        _one_of(where, params, ("speaker_type", tuple(speaker_types)))
        sql = f"SELECT speaker, speaker_type, {', '.join(TOTALS)} FROM entity_totals WHERE {' AND '.join(where)}"
        sql += " ORDER BY quotes DESC, words DESC, speaker, speaker_type"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        columns = ("speaker", "speaker_type", *TOTALS)
        rows = [dict(zip(columns, row, strict=True)) for row in self.db.execute(sql, params)]
        members = self.linked_names((r["speaker_type"], r["speaker"]) for r in rows)
        for row in rows:
            key = (row["speaker_type"], row["speaker"])
            row["role"] = self._role(act or ALL_ACTS, [key, *members.get(key, ())])
        return [{c: r[c] for c in ("speaker", "speaker_type", "role", *TOTALS)} for r in rows]

    def _role(self, act: str, names: list[tuple[str, str]]) -> str | None:
        """The role given most often to a speaker under any of its names (the first given, on a tie)."""
        best = None
        for type_, name in names:
            for role, n, first in self.db.execute("SELECT role, n, first FROM speaker_roles WHERE act=? AND "
                                                  "speaker=? AND speaker_type=?", (act, name, type_)):
                if best is None or (n, -(first or 0)) > (best[1], -(best[2] or 0)):
                    best = (role, n, first)
        return best[0] if best else None

    @_sql_errors
    def links(self, names: Iterable[tuple[str, str]] | None = None) -> dict[tuple[str, str], linking.Link]:
        """Where the corpus's names go (``newslens.linking``): (type, name) -> Link, for the names given (all
        when None) that belong to an entity under another name or type."""
        if names is None:
            return {(r[0], r[1]): linking.Link(*r[2:]) for r in self.db.execute(
                "SELECT type, name, target_type, target, how FROM corpus_links")}
        wanted = set(names)
        found: dict[tuple[str, str], linking.Link] = {}
        for chunk in _chunks_of(n for _, n in wanted):
            for row in self.db.execute(f"SELECT type, name, target_type, target, how FROM corpus_links WHERE name "
                                       f"IN ({', '.join('?' * len(chunk))})", chunk):
                if (row[0], row[1]) in wanted:
                    found[(row[0], row[1])] = linking.Link(*row[2:])
        return found

    @_sql_errors
    def linked_names(self, entities: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """The other per-article names (type, name) of each corpus entity (type, name) given."""
        wanted = set(entities)
        found: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for chunk in _chunks_of(n for _, n in wanted):
            for row in self.db.execute(f"SELECT target_type, target, type, name FROM corpus_links WHERE target "
                                       f"IN ({', '.join('?' * len(chunk))}) ORDER BY type, name", chunk):
                if (row[0], row[1]) in wanted:
                    found.setdefault((row[0], row[1]), []).append((row[2], row[3]))
        return found

    @_sql_errors
    def names_like(self, names: Iterable[str]) -> list[tuple[str, str]]:
        """The corpus's names (type, name) written as one of ``names`` but for case and accents."""
        folded = {fold(n) for n in names}
        found = []
        for chunk in _chunks_of(folded):
            found += [tuple(r) for r in self.db.execute(
                f"SELECT type, name FROM corpus_names WHERE lower(name) IN ({', '.join('?' * len(chunk))})", chunk)]
        return [k for k in found if fold(k[1]) in folded]

    def people_named(self, names: Iterable[str], fields: Iterable[str] | None = None) -> Iterator[Entity]:
        """The person entities of these names in every article, copies left out: by the names index alone (with
        the type in SQL too, SQLite would walk every person of the store)."""
        for chunk in _chunks_of(names):
            yield from (e for e in self.entities(names=chunk, fields=fields) if e.type == "person")

    @_sql_errors
    def person_speakers_in(self, names: Iterable[str], *, acts: Iterable[str] = ()) -> list[tuple[str, str, str]]:
        """(article, speaker, type) for every article that quotes a person (or institution) speaker named in
        ``names`` (with a quote of one of the ``acts``), copies left out: what a person's corpus gender needs,
        without reading every quote."""
        # `copy_of > ''` (an id is never empty) lets SQLite use its index, where IS NOT NULL scans the articles
        # an institution speaker may be a person's name that its article typed otherwise (`Kilroy-Silk`)
        where = ["speaker_type IN ('person', 'institution')",
                 "article NOT IN (SELECT id FROM articles WHERE copy_of > '')"]
        params: list = []
        _one_of(where, params, (ACT, tuple(acts)))
        found: list[tuple[str, str, str]] = []
        for chunk in _chunks_of(names):
            found += self.db.execute(
                f"SELECT DISTINCT article, speaker, speaker_type FROM quotes WHERE speaker IN "
                f"({', '.join('?' * len(chunk))}) AND {' AND '.join(where)} ORDER BY article, speaker",
                [*chunk, *params]).fetchall()
        return found

    @_sql_errors
    def mentions(self, keep: ArticleFilter | None = None, *, type: str | Iterable[str] = (),
                 form: str | Iterable[str] | None = MENTION_FORMS_SHOWN, with_copies: bool = False,
                 source: str | Iterable[str] = (), since: str | None = None, until: str | None = None,
                 article: str | Iterable[str] = (), section: str | Iterable[str] = ()) -> Iterator[Mention]:
        """Stored mentions, in order, as ``newslens entities --mentions`` lists them: ``form`` names, aliases
        and acronyms by default (``all`` or None: every form, demonyms and pronouns too); ``type`` keeps those
        entity types; the other filters are the command line's."""
        keep = article_filter(keep, source=source, since=since, until=until, article=article, section=section)
        forms = values_of(form)
        where: list[str] = []
        params: list = []
        _one_of(where, params, ("type", values_of(type)), ("form", () if ALL_ACTS in forms else forms))
        self._keep(where, keep, "article", with_copies)
        for row in self._select("mentions", field_names(Mention), where, params):
            yield self._mention(row)

    @_sql_errors
    def quotes(self, keep: ArticleFilter | None = None, *, speaker: str | None = None, kind: str | Iterable[str] = (),
               speaker_type: str | Iterable[str] = (), act: str | Iterable[str] | None = SPEECH,
               search: str | None = None,
               min_confidence: float | None = None, with_copies: bool = False, source: str | Iterable[str] = (),
               since: str | None = None, until: str | None = None,
               article: str | Iterable[str] = (), section: str | Iterable[str] = (),
               also_speakers: Iterable[str] = ()) -> Iterator[Quote]:
        """Stored quotes, in order, as ``newslens quotes`` lists them: ``act`` speech by default (one act or
        several of speech, thought, stance; ``all`` or None: every act); ``kind`` (direct, indirect, mixed) and
        ``speaker_type`` keep those; ``min_confidence`` the quotes whose confidence reaches it; ``speaker`` those
        whose speaker matches by the rule of ``names.speaker_matches`` (the full-text index of their names finds
        every quote with each word of the query among its names' words, a superset; the word match decides);
        ``search`` those whose text has its words and "phrases" (``newslens.search``, through the full-text
        index of the quotes' words); with ``speaker``, also those whose speaker is one of ``also_speakers`` (the
        other names of the corpus entity the query names); the other filters are the command line's.

        >>> [q.text for q in store.quotes(speaker="Gao", since="2024-05")]
        >>> [q.speaker for q in store.quotes(search='"tuition fees"')]
        """
        keep = article_filter(keep, source=source, since=since, until=until, article=article, section=section)
        also_speakers = tuple(also_speakers)
        where: list[str] = []
        params: list = []
        _one_of(where, params, ("kind", values_of(kind)), ("speaker_type", values_of(speaker_type)))
        _one_of(where, params, (ACT, acts_of(act)))
        if min_confidence is not None:
            where.append("confidence >= ?")  # NULL (the rules alone) fails, as in views.quote_matches
            params.append(min_confidence)
        words = query_words(speaker or "")
        if words:
            named = "qid IN (SELECT rowid FROM quote_names WHERE quote_names MATCH ?)"
            params.append(" AND ".join('"' + word.replace('"', '""') + '"' for word in words))
            if also_speakers:
                named = f"({named} OR speaker IN ({', '.join('?' * len(also_speakers))}))"
                params.extend(also_speakers)
            where.append(named)
        if search is not None and (matching := fts_query(search)):
            where.append("qid IN (SELECT rowid FROM quote_words WHERE quote_words MATCH ?)")
            params.append(matching)
        self._keep(where, keep, "article", with_copies)
        for row in self._select("quotes", (*field_names(Quote), "speaker_names"), where, params):
            quote = self._quote(row)
            if speaker and quote.speaker not in also_speakers and not speaker_matches(
                    speaker, json.loads(row[-1]) if row[-1] else [quote.speaker, quote.speaker_text]):
                continue
            yield quote


def _name_stat(row) -> linking.NameStat:
    """A corpus_names row (type, name, articles, mentions, aliases, context) as its NameStat."""
    return linking.NameStat(row[0], row[1], row[2], row[3], Counter(json.loads(row[4] or "{}")),
                            Counter(json.loads(row[5] or "{}")))


def _decoded(cls, names: tuple[str, ...], row) -> dict[str, Any]:
    """Field values from a row of the columns ``names`` (in order; extra columns at the end are ignored):
    JSON lists back into tuples."""
    values = dict(zip(names, row, strict=False))
    for name in list_fields(cls):
        if values.get(name) is not None:
            values[name] = () if values[name] == "[]" else tuple(json.loads(values[name]))
    return values
