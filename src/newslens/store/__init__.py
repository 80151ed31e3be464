"""The corpus store and the analysis cache: one SQLite file (standard library, no server), behind one connection.

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

The package, bottom first (each module imports only those above it in this list; ``tests/test_layers.py``):

* ``connection``: opening the file, short write transactions that wait for another writer, SQLite's errors in
  words a user can act on, SQL pieces;
* ``schema``: the tables, indexes, full-text indexes and views, the schema number, checks and upgrades;
* ``cache``: the analysis cache's key (the analysis version) and its codec; ``rows``: records into rows and back;
* ``copyindex``: copies among the stored articles; ``names``: the corpus's names and their links;
  ``totals``: the speaker totals, per name and per corpus entity; ``derived``: results kept until the corpus
  changes;
* ``writes``: articles in and out, a batch per transaction; ``queries``: every query, with the command line's
  filters;
* this module: ``Store``, which opens the file and holds the parts over its one connection.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path

from newslens import linking
from newslens.errors import NoStore, StoreError
from newslens.store import schema
from newslens.store.cache import analysis_version, code_fingerprint, decode_analysis, encode_analysis
from newslens.store.connection import BUSY_SECONDS, connect, connect_readonly, reason, set_wal, transaction
from newslens.store.copyindex import CopyIndex
from newslens.store.derived import Derived
from newslens.store.names import CorpusNames
from newslens.store.queries import Queries
from newslens.store.schema import (
    ALL_ACTS,
    APP,
    EDITABLE,
    INDEXES,
    NAME_INDEX,
    SCHEMA,
    SUMMARY_COLUMNS,
    TABLES,
    TEXT_INDEX,
    acts_of,
    meta,
)
from newslens.store.totals import SpeakerTotals
from newslens.store.writes import BATCH_ARTICLES, BATCH_SECONDS, Writes

__all__ = ["ALL_ACTS", "APP", "BATCH_ARTICLES", "BATCH_SECONDS", "BUSY_SECONDS", "DB_NAME", "EDITABLE", "INDEXES",
           "NAME_INDEX", "SCHEMA", "SUMMARY_COLUMNS", "TABLES", "TEXT_INDEX", "Store", "acts_of", "analysis_version",
           "code_fingerprint", "decode_analysis", "default_path", "encode_analysis"]

DB_NAME = "newslens.db"
STORIES = "article NOT IN (SELECT id FROM articles WHERE copy_of > '')"  # rows of the articles that are no copies


def default_path() -> Path:
    """``$NEWSLENS_DB``, else ``$XDG_DATA_HOME/newslens/newslens.db`` (``~/.local/share/newslens/newslens.db``)."""
    if os.environ.get("NEWSLENS_DB"):
        return Path(os.environ["NEWSLENS_DB"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / APP / DB_NAME


class Store(Writes, Queries, Derived):
    """One SQLite file holding the corpus and the analysis cache. Use as a context manager.

    Any number of processes may add to and query one store at once: the schema is created in one write
    transaction (and again as a no-op by whoever comes second), every write is its own short transaction (a
    batch of articles at most, ``batch()``), never held open while a model runs, and a writer waits for another
    (SQLite's busy timeout, then a retry). A file that is not a newslens store, or a store of another schema, is
    refused before anything is written.

    Its parts work over its one connection (``db``): ``copy_index`` (copies), ``names`` (the corpus's names and
    links), ``totals`` (the speaker totals); the methods come from ``Writes``, ``Queries`` and ``Derived``."""

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
            self.use(connect(self.path))
            try:
                fresh = schema.check(self.db, self.path)
                if fresh or create or schema.needs_upgrade(self.db, linking.version()):
                    self._set_up()
            except sqlite3.OperationalError:
                if create:
                    raise
                # a store on a read-only disk (a shared corpus, say) can still be queried
                self.db.close()
                self.readonly = True
                self._open_readonly(upgrade=False)  # it was just tried
        except (OSError, sqlite3.DatabaseError) as err:
            raise StoreError(f"{self.path}: {reason(err)}") from err

    def use(self, db: sqlite3.Connection) -> None:
        """Work over this connection: the parts are made over it."""
        self.db = db
        self.copy_index = CopyIndex(db)
        self.totals = SpeakerTotals(db, targets=lambda names: self.names.targets(names))
        self.names = CorpusNames(db, on_move=[self.totals.move])

    def _open_readonly(self, upgrade: bool = True) -> None:
        """Open for queries; a store without its tables yet (another process is making it) or of an older
        schema is set up first when it can be (by a writable Store). A file with no tables that cannot be set up
        is no store (NoStore)."""
        self.use(connect_readonly(self.path))
        fresh = schema.check(self.db, self.path)
        if upgrade and (fresh or schema.needs_upgrade(self.db, linking.version())):
            self.db.close()
            with contextlib.suppress(StoreError):  # a read-only older store: queried as it is
                Store(self.path, create=False).close()
            self.use(connect_readonly(self.path))
            fresh = schema.check(self.db, self.path)
        if fresh:
            self.db.close()
            raise NoStore(f"no store at {self.path} (an empty file)")

    # -- set-up --

    def _set_up(self) -> None:
        """Create or upgrade the schema in one write transaction: idempotent, so that the second of two
        processes opening a new store at once finds it made. An older store's rows are indexed and counted as
        this schema keeps them."""
        set_wal(self.db)
        db = self.db
        with transaction(db):
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute("INSERT OR IGNORE INTO meta VALUES ('app', ?), ('created', ?)", (APP, str(time.time())))
            was = int(meta(db, "schema") or 0)
            had = schema.tables(db)
            schema.create(db, was)
            if "quote_words" not in had and "quotes" in had:  # an older store: index the words it holds
                db.execute("INSERT INTO quote_words(quote_words) VALUES ('rebuild')")
            if was < 2 and "articles" in had:  # a store of schema 0 or 1: index what it holds
                db.execute("INSERT INTO quote_names(quote_names) VALUES ('rebuild')")
                self.copy_index.index_all()
            if was < 3 and "articles" in had:
                self.recount_speakers()
            if "articles" in had and (was < 4 or meta(db, "links") != linking.version()):
                self.recount_names()  # schema 3 to 4, or another newslens's rules counted and linked these names
            db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('links', ?)", (linking.version(),))

    def recount_names(self) -> None:
        """The corpus's names from the entities of the stored stories, counted in SQL, all of them linked at once,
        and the entities' speaker totals from the names' (inside the caller's transaction)."""
        self.db.execute("DELETE FROM entity_totals")
        stats = self.names.recount(STORIES)
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('links', ?)", (linking.version(),))
        columns = ", ".join(schema.TOTALS)
        self.db.execute(f"INSERT INTO entity_totals(act, speaker, speaker_type, {columns}) "
                        f"SELECT act, speaker, speaker_type, {columns} FROM speaker_totals")
        self.names.link_all(stats)  # each linked name's totals move to its entity

    def close(self) -> None:
        """Close the store's connection (``with Store(...) as store:`` does it at the end of the block); what a
        ``batch()`` still holds is written first."""
        with contextlib.suppress(sqlite3.Error, StoreError):
            self.flush()
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
