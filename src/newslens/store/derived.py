"""Results computed over the whole corpus and kept until it changes: a summary (``derived``), and the people and
genders of the quotes for SQL (``quote_people``, ``newslens.sql``), each under the corpus state it was made for."""

from __future__ import annotations

import json
import sqlite3
import time
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newslens.errors import StoreError
from newslens.store.connection import sql_errors, transaction
from newslens.store.schema import meta


class Derived:
    """The kept results of ``Store`` (a mixin over its connection ``db``)."""

    db: sqlite3.Connection
    path: Path
    readonly: bool

    @sql_errors
    def corpus_state(self) -> str:
        """A token that changes whenever an article is added, replaced or removed (by any newslens version):
        the count of articles, the last row number and the sum of the times they were added."""
        count, last, added = self.db.execute("SELECT count(*), max(seq), total(added) FROM articles").fetchone()
        try:
            edits = meta(self.db, "edits") or 0  # metadata changed by `newslens tag`
        except sqlite3.OperationalError:  # a store of schema 0, opened read-only: no meta table
            edits = 0
        return f"{count}:{last}:{added!r}:{edits}"

    @sql_errors
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
                with type(self)(self.path, create=False) as writable:
                    if not writable.readonly and writable.corpus_state() == self.corpus_state():
                        writable.keep_derived(key, data)
            except StoreError:
                pass
            return
        blob = zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)
        try:
            with transaction(self.db):
                self.db.execute("INSERT OR REPLACE INTO derived(key, corpus, added, data) VALUES (?,?,?,?)",
                                (key, self.corpus_state(), time.time(), blob))
        except sqlite3.OperationalError:  # read-only (or busy): the result is computed again next time
            pass

    def quote_people_state(self, scope: str) -> str | None:
        """The corpus_state the ``quote_people`` rows of ``scope`` were made for (None: never made)."""
        try:
            return meta(self.db, f"quote_people:{scope}")
        except sqlite3.OperationalError:  # an older store opened read-only
            return None

    @sql_errors
    def keep_quote_people(self, scope: str, rows: Iterable[tuple], state: str) -> None:
        """Replace the ``quote_people`` rows of ``scope`` with ``rows`` (qid, person, gender, gender_source,
        words), made for the corpus as ``state`` (its corpus_state) says."""
        with transaction(self.db):
            self.db.execute("DELETE FROM quote_people WHERE scope=?", (scope,))
            self.db.executemany("INSERT INTO quote_people(scope, qid, person, gender, gender_source, words) "
                                "VALUES (?, ?, ?, ?, ?, ?)", ((scope, *row) for row in rows))
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"quote_people:{scope}", state))
