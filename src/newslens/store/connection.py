"""The store's one SQLite connection: opening it for writing or for queries only, short write transactions that
wait for another writer, and SQLite's errors in words a user can act on."""

from __future__ import annotations

import functools
import inspect
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from newslens.errors import StoreError

BUSY_SECONDS = 60  # how long a writer waits for another before SQLite says the store is locked ...
RETRIES = 5  # ... and how many times it then tries again
IN_CHUNK = 500  # values in one `IN (?, ...)`: within SQLite's limit on parameters


def connect(path: Path) -> sqlite3.Connection:
    """A connection that may write (autocommit: every transaction is explicit, ``transaction``)."""
    return sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection: ``mode=ro``; and where SQLite cannot keep its shared-memory file beside the
    store (a read-only folder, which no newslens can be writing to), ``immutable=1``."""
    uri = path.resolve().as_uri()
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


def while_locked(action: Callable[[], object]) -> None:
    """Run ``action``, again while another process holds the store beyond the busy timeout (RETRIES times)."""
    for attempt in range(RETRIES):
        try:
            action()
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or attempt == RETRIES - 1:
                raise
            time.sleep(0.1 * (attempt + 1))


def set_wal(db: sqlite3.Connection) -> None:
    """Write-ahead logging (readers never wait for a writer), set once in the file."""
    def set_it() -> None:
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")

    while_locked(set_it)


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One short write transaction, taken as soon as it starts (BEGIN IMMEDIATE: no deadlock between two
    readers that both want to write), retried while another process holds the store beyond the busy
    timeout."""
    while_locked(lambda: db.execute("BEGIN IMMEDIATE"))
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def reason(err: BaseException) -> str:
    """What went wrong, in words a user can act on."""
    said = getattr(err, "strerror", None) or str(err)
    if "readonly database" in said:
        return f"{said} (the store cannot be written here: give another --db, or a writable copy)"
    if "unable to open database file" in said:
        return f"{said} (can its folder be written?)"
    if "malformed" in said or "not a database" in said:
        return f"{said} (the store is damaged: restore a copy, or start a new one with another --db)"
    return said


def sql_errors(method: Callable) -> Callable:
    """SQLite's own errors (a locked or full disk, a damaged file) become StoreErrors that name the store
    (``self.path``)."""
    if inspect.isgeneratorfunction(method):
        @functools.wraps(method)
        def rows(self, *args, **kwargs):
            try:
                yield from method(self, *args, **kwargs)
            except sqlite3.Error as err:
                raise StoreError(f"{self.path}: {reason(err)}") from err

        return rows

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: {reason(err)}") from err

    return call


def read_only_error(err: sqlite3.OperationalError) -> bool:
    """Whether SQLite refused a write because the store cannot be written (or is of a schema without the table)."""
    said = str(err)
    return "readonly" in said or "read-only" in said or "no such table" in said


# -- SQL pieces --

def chunks_of(values: Iterable, size: int = IN_CHUNK) -> Iterator[list]:
    """The distinct values in lists of at most ``size``: an `IN (?, ...)` within SQLite's limit on parameters."""
    values = list(dict.fromkeys(values))
    for start in range(0, len(values), size):
        yield values[start:start + size]


def marks(values: list | tuple) -> str:
    """`?, ?, ?` for an `IN (...)` of these values."""
    return ", ".join("?" * len(values))


def one_of(where: list[str], params: list, *choices: tuple[str, tuple]) -> None:
    """`column IN (?, ...)` for each (column, values) whose values are not empty."""
    for column, chosen in choices:
        if chosen:
            where.append(f"{column} IN ({marks(chosen)})")
            params.extend(chosen)


def quoted(name: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'
