"""The store's layout: its tables (their columns follow the record dataclasses of ``newslens.records``), keys,
indexes, full-text indexes and SQL views, its schema number, and the checks and steps that make a new store or
upgrade an older one (the upgrades that recount rows are the parts' own: ``Store._set_up`` runs them)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from newslens.errors import StoreError
from newslens.filters import values_of
from newslens.records import DOCUMENT_FIELDS, SPEECH, Article, Entity, Mention, Quote, field_kinds, field_names
from newslens.store.connection import quoted as _q

APP = "newslens"
# the layout of the tables: 0, stores of newslens before it was numbered; 1, the schema made in one transaction;
# 2, copies, the names index and the speaker totals; 3, speaker totals per act; 4, the corpus's names, their links
# and the totals of their entities. Older stores are upgraded when opened.
SCHEMA = 4

# -- table layout -----------------------------------------------------------------------------------------------

# lists as JSON; a quote's spans as JSON pairs (`[[1, 2], [15, 16]]`) when it has several fragments, else NULL (one
# fragment, the quote's bounds: how records.Quote reads it, a store written before fragments too, and 3 us a row
# less to read than JSON)
SQL_TYPES = {"list": "TEXT", "spans": "TEXT", "int": "INTEGER", "bool": "INTEGER", "float": "REAL", "text": "TEXT"}


def _columns(cls, *, leave_out: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(column, SQL type) for a record class's fields."""
    return [(name, SQL_TYPES[kind]) for name, kind in field_kinds(cls).items() if name not in leave_out]


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


def view_sql(name: str) -> str:
    return f"CREATE VIEW {name} AS {VIEWS[name]}"


def tables(db: sqlite3.Connection) -> set[str]:
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return row[0] if row else None


def views(db: sqlite3.Connection) -> dict[str, str]:
    return dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall())


def check(db: sqlite3.Connection, path) -> bool:
    """Read, and write nothing: True for an empty file; raises StoreError for an SQLite file of another
    application, or a store of another schema than this newslens reads."""
    existing = tables(db)
    if not existing:
        return True
    if "meta" in existing:
        if meta(db, "app") != APP:
            raise StoreError(f"{path} is an SQLite file of something else, not a newslens store; it was left untouched")
    elif not {"articles", "analyses"} <= existing:
        raise StoreError(f"{path} is an SQLite file of something else, not a newslens store; it was left untouched")
    schema = int(meta(db, "schema") or 0) if "meta" in existing else 0
    if schema > SCHEMA:
        raise StoreError(f"{path} was written by a newer newslens (store schema {schema}, this one reads "
                         f"{SCHEMA}): upgrade newslens, or use another --db")
    return False


def needs_upgrade(db: sqlite3.Connection, links_version: str) -> bool:
    """Whether the store is of an older schema, or its tables lack a column the record layout now has, or its
    names were linked by other rules (``links_version``: the linking rules' fingerprint)."""
    if int(meta(db, "schema") or 0) < SCHEMA or meta(db, "links") != links_version:
        return True
    for table, columns in TABLES.items():
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if not have or any(column not in have for column, _ in columns):
            return True
    indexes = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    if any(statement.split(" ON ")[0].split()[-1] not in indexes for statement in INDEXES):
        return True
    return "quote_words" not in tables(db) or views(db) != {n: view_sql(n) for n in VIEWS}


def create(db: sqlite3.Connection, schema: int) -> None:
    """Every table, column, index, full-text index and view of this schema that the store lacks (inside the
    set-up's transaction; ``schema``: the store's before it)."""
    if schema < 3:  # the totals gain a key column (the act): made again from the quotes by the caller
        db.execute("DROP TABLE IF EXISTS speaker_totals")
        db.execute("DROP TABLE IF EXISTS speaker_roles")
    for table, columns in TABLES.items():
        definition = ", ".join(f"{_q(c)} {t}" for c, t in columns)
        db.execute(f"CREATE TABLE IF NOT EXISTS {table} ({definition}{TABLE_KEYS.get(table, ')')}")
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if table == "quotes" and "qid" not in have:
            _rebuild_quotes(db, have)
            have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        for column, type_ in columns:
            if column not in have:  # an older store: add the column, old rows read NULL
                db.execute(f"ALTER TABLE {table} ADD COLUMN {_q(column)} {type_.split()[0]}")
    for statement in (*INDEXES, *NAME_INDEX, *TEXT_INDEX):
        db.execute(statement)
    make_views(db)


def make_views(db: sqlite3.Connection) -> None:
    """The SQL views as this version defines them (made again when a definition changed)."""
    have = views(db)
    for name in VIEWS:
        if have.get(name) != view_sql(name):
            db.execute(f"DROP VIEW IF EXISTS {name}")
            db.execute(view_sql(name))


def _rebuild_quotes(db: sqlite3.Connection, have: set[str]) -> None:
    """Schema 1 to 2: the quotes table gets a stable key (``qid``), its rows kept in order."""
    old = [c for c, _ in TABLES["quotes"] if c in have]
    for view in VIEWS:  # (made again at the end of the set-up: a view would stop the renaming)
        db.execute(f"DROP VIEW IF EXISTS {view}")
    db.execute("ALTER TABLE quotes RENAME TO quotes_schema1")
    definition = ", ".join(f"{_q(c)} {t}" for c, t in TABLES["quotes"])
    db.execute(f"CREATE TABLE quotes ({definition})")
    names = ", ".join(map(_q, old))
    db.execute(f"INSERT INTO quotes ({names}) SELECT {names} FROM quotes_schema1 ORDER BY rowid")
    db.execute("DROP TABLE quotes_schema1")
