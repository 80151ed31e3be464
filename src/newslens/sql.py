"""``newslens sql "SELECT ..."``: read-only SQL over the corpus store, and the facts its views read.

The query runs on a connection of its own that cannot write, twice over: the file is opened read-only
(SQLite's ``mode=ro``, as a query command opens the store), and an authorizer allows nothing but reading
(SELECT, reading columns, calling functions, recursive common table expressions and the pragmas that
describe the schema); an INSERT, UPDATE, DELETE, CREATE, DROP, ATTACH, a transaction or a pragma that sets
something is refused before it runs.

The views ``quote_facts`` (copies left out, as every command counts) and ``quote_facts_all`` join each quote
to its article's metadata and to its speaker's corpus person and gender, from the ``quote_people`` table.
Those genders are decided over the whole corpus (``query.quote_people``, the very function behind
`speakers --by gender`), so they are made again here, before a query that reads them, when the corpus
changed since they were last made (a few seconds for thousands of articles).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newslens.errors import NoStore, QueryError, StoreError
from newslens.query import StoreSource, quote_people
from newslens.store import BUSY_SECONDS, Store, default_path

SCOPES = {"stories": False, "all": True}  # quote_people's scopes: with_copies
BATCH = 500
# what the authorizer lets a query do: read (and the pragmas that only describe the schema)
_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
_PRAGMAS = {"table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
            "foreign_key_list", "function_list", "collation_list", "pragma_list", "compile_options",
            "data_version"}  # (read by the full-text index when it connects)


def authorize(action: int, arg1: str | None, _arg2: str | None, _db: str | None, _trigger: str | None) -> int:
    """The authorizer: reading is allowed, and the pragmas that only describe (``PRAGMA table_info(quotes)``);
    anything else is denied."""
    if action in _ALLOWED:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() in _PRAGMAS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_UPDATE and arg1 == "sqlite_master":
        # SQLite asks this, column by column, when it connects a virtual table (the full-text indexes) for a
        # query; the schema itself can never be written here (SQLite refuses it without the writable_schema
        # pragma, which is denied; and the file is read-only)
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection to the store that cannot write: ``mode=ro`` (``immutable=1`` where SQLite cannot keep its
    shared-memory file beside the store, a read-only folder), ``query_only``, and the authorizer."""
    uri = path.resolve().as_uri()
    for mode in ("mode=ro", "immutable=1"):
        db = sqlite3.connect(f"{uri}?{mode}", uri=True, timeout=BUSY_SECONDS, isolation_level=None)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            break
        except sqlite3.OperationalError:
            db.close()
            if mode == "immutable=1":
                raise
    db.execute("PRAGMA query_only = ON")
    db.set_authorizer(authorize)
    return db


def scopes_read(query: str) -> list[str]:
    """The scopes of quote_people a query reads (through the views, or the table itself)."""
    text = query.lower()
    scopes = []
    if "quote_people" in text or re.search(r"quote_facts(?!_all)", text):
        scopes.append("stories")
    if "quote_people" in text or "quote_facts_all" in text:
        scopes.append("all")
    return scopes


def refresh_people(store: Store, scopes: list[str]) -> list[str]:
    """Make quote_people again for each scope whose rows are older than the corpus; the scopes made."""
    made = []
    for scope in scopes:
        state = store.corpus_state()
        if store.quote_people_state(scope) == state:
            continue
        found = quote_people(StoreSource(store, None, with_copies=SCOPES[scope]))
        qids = store.quote_ids(with_copies=SCOPES[scope])
        if len(qids) != len(found):
            raise StoreError(f"{store.path}: the quotes changed while their people were counted; run it again")
        store.keep_quote_people(scope, ((qid, *person, len(q.text.split()))
                                        for qid, (q, person) in zip(qids, found, strict=True)), state)
        made.append(scope)
    return made


@dataclass
class Answer:
    """A query's columns and its rows, in batches of dicts (a column named twice gets `_2`, `_3`)."""

    columns: list[str]
    batches: Iterator[list[dict[str, Any]]]


def run(query: str, db: str | Path | None = None, *, on_note: Callable[[str], None] | None = None) -> Answer:
    """Run one read-only SQL statement over the store at ``db`` (the default store when None). Raises
    QueryError for SQL that SQLite cannot run or that would write, NoStore when there is no store."""
    path = Path(db).expanduser() if db else default_path()
    if not path.exists():
        raise NoStore(f"no store at {path}")
    _prepare(path, scopes_read(query), on_note)
    connection = read_only_connection(path)
    try:
        cursor = connection.execute(query)
    except sqlite3.DatabaseError as err:
        connection.close()
        raise QueryError(_why(err)) from err
    columns = _unique([d[0] for d in cursor.description or ()])
    return Answer(columns, _batches(connection, cursor, columns))


def _prepare(path: Path, scopes: list[str], on_note: Callable[[str], None] | None) -> None:
    """The people of the quotes, made again where the query reads them and the corpus changed (on a store that
    cannot be written, they stay as they were, and the note says so)."""
    if not scopes:
        return
    try:
        with Store(path, create=False) as store:
            made = refresh_people(store, scopes)
    except StoreError as err:
        if on_note:
            on_note(f"the speakers' genders could not be brought up to date ({err}); quote_facts shows them as "
                    "they were last made")
        return
    if made and on_note:
        on_note(f"counted the people of the quotes again for {', '.join(made)} (the corpus changed)")


def _batches(connection: sqlite3.Connection, cursor: sqlite3.Cursor, columns: list[str]
             ) -> Iterator[list[dict[str, Any]]]:
    try:
        while True:
            try:
                rows = cursor.fetchmany(BATCH)
            except sqlite3.DatabaseError as err:
                raise QueryError(_why(err)) from err
            if not rows:
                return
            yield [dict(zip(columns, map(_value, row), strict=True)) for row in rows]
    finally:
        connection.close()


def _value(value: Any) -> Any:
    """A cell any format can write: a BLOB (a MinHash signature, a compressed analysis) as its size."""
    return f"<{len(value)} bytes>" if isinstance(value, bytes) else value


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return unique


def _why(err: sqlite3.DatabaseError) -> str:
    message = str(err)
    if "not authorized" in message or "readonly" in message or "query_only" in message:
        return f"{message}: newslens sql only reads the store (SELECT ...)"
    return message
