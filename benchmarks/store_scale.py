"""Store scale: the corpus store's queries and `add` at 10k, 100k and 1M articles, without running spaCy for them.

A base store of real analyzed articles (`newslens add /work/shared/eval/bbc --db BASE`) is replicated in SQL under
new ids until the synthetic store holds N articles: articles, entities, mentions and quotes rows are copied with
INSERT ... SELECT. Replica 0 is the real rows as they are; replica k >= 1 gives every person a synthetic name,
word by word (a name's first word becomes a first name, its last word a surname, each drawn for (word, k) from a
Zipf-like ranking of 3,000 real first names and 27,000 made-up surnames), in entities (name, aliases), mentions
(entity, text), and quotes (speaker, speaker_text, speaker_names, speaker_folded), so that speaker names have a
realistic cardinality: a few common, most rare. Replicas are no copies of one another: copy_of NULL, a digest of
their own, and MinHash signatures of seeded random uint32 values (the shapes of distinct texts: LSH buckets of
distinct texts). The article text is kept whole (bytes per article are honest). speaker_totals and speaker_roles
are the real aggregates of the synthetic quotes (SQL GROUP BY, per act and for act 'all', as
``SpeakerTotals.count`` counts them; checked against ``Store.recount_speakers`` on the smallest size with
--check); the corpus's names, their links and the entities' speaker totals (issue 21) are made by the Store's
own upgrade of an older store (``Store.recount_names``). The build drops the FTS triggers and the indexes,
inserts with synchronous=OFF and no journal, then makes the indexes, triggers and names index again, sets WAL
back, and opens the file with ``newslens.store.Store`` to check that it is accepted with no upgrade work and an
unchanged schema. Each size grows from the one before.

100 real articles are held out of the replication (stories of their own: no copy in the base store); their
analyses are copied into each measured store's cache, so that `add` of those 100 files costs the same analysis
work (none: cached) into an empty store and into the N-article store, and the ratio shows the store's share.

At each size it measures, with the real CLI in a subprocess (wall clock, median of --runs after a warm-up):
`quotes --speaker NAME --limit 100 -f jsonl` for a common and a rare full name and a common surname (target at
1M: <= 0.5 s), `speakers --limit 20 -f jsonl` (target <= 2 s), `entities --type person --limit 100 -f jsonl`,
`python -c "import newslens.cli"` (the start-up every command pays), `add` of the 100 held-out articles into the
store and into an empty store (the added articles are removed again between runs, untimed; target: ratio <= 1.2)
and the size on disk (db + wal) per article. Then the researcher's edits (issue 24): `quotes --search` for a
phrase (`"tuition fees"`, every match) and for a common word (`government --limit 100`) against
`python -c "import spacy"` (target: <= 0.5 x), `tag --set section=...` of 1,000 articles named by --article
(median of --runs) and, at the last size only (it changes the store), `remove` of those 1,000 (one run;
target for both: under 5 s).

    python benchmarks/store_scale.py --base /tmp/scale/bbc.db [--work /tmp/scale] [--sizes 10000 100000 1000000]
        [--runs 5] [--add-runs 5] [--budget 300] [--check] [--reuse]
"""

from __future__ import annotations

import bisect
import functools
import json
import os
import sqlite3
import statistics
import sys
import time
import zlib
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import conditions, env, parser, timed
from newslens import copies, firstnames, linking, store
from newslens.names import fold
from newslens.records import SPEECH, UNKNOWN_SPEAKER
from newslens.store import schema
from newslens.store.connection import transaction

HELD_OUT = 100
SEED = 17
FIRST_NAMES = 3000
SYLLABLES = ("ba", "ber", "cal", "dor", "el", "fen", "gar", "hol", "ir", "jan", "kel", "lor", "mar", "nor", "os",
             "pel", "quin", "ros", "sal", "tor", "ul", "van", "wes", "yar", "zel", "bri", "chen", "dal", "ford",
             "ton")


# -- synthetic names --------------------------------------------------------------------------------------------

@functools.cache
def _pools() -> tuple[list[str], list[float], list[str], list[float]]:
    """(first names, their cumulative weights, surnames, theirs): the 3,000 first names the first-name table
    counts most people for, in that order, and 27,000 made-up surnames; weights ~ 1/(rank + offset)."""
    path = firstnames.data_file()
    ranked: list[str] = []
    if path is not None:
        table = json.loads(path.read_bytes())
        names = [(v[1], k) for k, v in table.items() if k.isascii() and k.isalpha() and len(k) > 2]
        ranked = [k.capitalize() for _, k in sorted(names, key=lambda x: (-x[0], x[1]))[:FIRST_NAMES]]
    if len(ranked) < 100:  # no table installed: made-up first names
        ranked = [(a + b).capitalize() for a in SYLLABLES for b in SYLLABLES][:FIRST_NAMES]
    surnames = [(a + b + c).capitalize() for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES]
    order = numpy.random.default_rng(SEED).permutation(len(surnames))  # the common ones spread over the alphabet
    surnames = [surnames[i] for i in order]

    def cumulative(n: int, offset: float) -> list[float]:
        weights = 1.0 / (numpy.arange(n) + offset)
        return (numpy.cumsum(weights) / weights.sum()).tolist()

    return ranked, cumulative(len(ranked), 5), surnames, cumulative(len(surnames), 20)


@functools.lru_cache(maxsize=1 << 20)
def _word(word: str, k: int, first: bool) -> str:
    names, cdf, surnames, scdf = _pools()
    u = zlib.crc32(f"{word}\0{k}\0{first}".encode()) / 2 ** 32
    if first:
        return names[min(bisect.bisect_left(cdf, u), len(names) - 1)]
    return surnames[min(bisect.bisect_left(scdf, u), len(surnames) - 1)]


@functools.lru_cache(maxsize=1 << 20)
def renamed(text: str | None, name: str | None, k: int) -> str | None:
    """``text`` with the words of the person ``name`` replaced for replica k: its last word by a surname, its
    first word (of a name of two or more) by a first name; other words are kept (`Mr`, `W.`)."""
    if not text or not name:
        return text
    words = name.split()
    if not words:
        return text
    out = []
    for token in text.split(" "):
        if token == words[-1]:
            out.append(_word(token, k, False))
        elif len(words) > 1 and token == words[0]:
            out.append(_word(token, k, True))
        else:
            out.append(token)
    return " ".join(out)


def renamed_name(name: str | None, k: int) -> str | None:
    return renamed(name, name, k)


@functools.lru_cache(maxsize=1 << 18)
def _renamed_list(values: str | None, name: str | None, k: int) -> tuple[str | None, str | None]:
    """(JSON list, folded lines) of a quote's speaker_names (or an entity's aliases) renamed for replica k."""
    if values is None:
        return None, None
    names = [renamed(n, name, k) if isinstance(n, str) else n for n in json.loads(values)]
    return json.dumps(names, ensure_ascii=False), "\n".join(fold(n) for n in names if n)


def renamed_json(values, name, k):
    return _renamed_list(values, name, k)[0]


def renamed_folded(values, name, k):
    return _renamed_list(values, name, k)[1]


def word_count(text: str | None) -> int:
    return len((text or "").split())


# -- building ---------------------------------------------------------------------------------------------------

def _columns(db: sqlite3.Connection, table: str, schema: str = "main") -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA {schema}.table_info({table})")]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def held_out(base: Path, n: int) -> list[tuple[str, str]]:
    """(id, digest) of n base articles that are stories of their own (no copy, copied by none), spread evenly."""
    db = sqlite3.connect(f"file:{base}?mode=ro", uri=True)
    rows = db.execute("SELECT id, digest FROM articles a WHERE copy_of IS NULL AND id NOT LIKE '%README%' "
                      "AND NOT EXISTS (SELECT 1 FROM articles b WHERE b.copy_of = a.id) "
                      "AND NOT EXISTS (SELECT 1 FROM articles c WHERE c.digest = a.digest AND c.id <> a.id) "
                      "ORDER BY seq").fetchall()
    db.close()
    step = len(rows) / n
    return [rows[int(i * step)] for i in range(n)]


class Builder:
    """Grows one synthetic store, size after size."""

    def __init__(self, base: Path, path: Path, held: list[tuple[str, str]]):
        self.base, self.path = base, path
        self.held = held
        fresh = not path.exists()
        if fresh:
            store.Store(path).close()  # the exact schema the Store creates
        self.schema = self.master()
        self.db = sqlite3.connect(path, isolation_level=None)
        db = self.db
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-2000000", "temp_store=FILE"):
            db.execute(f"PRAGMA main.{pragma}" if "temp_store" not in pragma else f"PRAGMA {pragma}")
        db.execute(f"ATTACH DATABASE 'file:{base}?mode=ro' AS base")
        db.execute("PRAGMA base.cache_size=-200000")
        for name, fn, n in (("nl_name", renamed_name, 2), ("nl_text", renamed, 3), ("nl_json", renamed_json, 3),
                            ("nl_folded", renamed_folded, 3), ("nl_words", word_count, 1)):
            db.create_function(name, n, fn, deterministic=True)
        held_ids = [i for i, _ in held]
        db.execute("CREATE TEMP TABLE base_order (pos INTEGER PRIMARY KEY, seq INTEGER, id TEXT, copy_of TEXT)")
        db.execute("INSERT INTO base_order (pos, seq, id, copy_of) SELECT row_number() OVER (ORDER BY seq) - 1, "
                   "seq, id, copy_of FROM base.articles "
                   f"WHERE id NOT LIKE '%README%' AND id NOT IN ({', '.join('?' * len(held_ids))}) ORDER BY seq",
                   held_ids)
        self.per_replica = db.execute("SELECT count(*) FROM base_order").fetchone()[0]
        self.count = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        if fresh:  # the held-out articles' analyses, cached: `add` of them analyzes nothing
            db.execute("INSERT INTO analyses SELECT * FROM base.analyses WHERE digest IN "
                       f"({', '.join('?' * len(held))})", [d for _, d in held])

    def master(self) -> list[tuple]:
        db = sqlite3.connect(self.path)
        rows = sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall(),
                      key=lambda r: (r[0], r[1]))
        db.close()
        return rows

    def grow(self, size: int) -> dict[str, float]:
        """Add replicas up to ``size`` articles; returns seconds per step."""
        db, steps = self.db, {}
        started = time.perf_counter()
        for trigger in ("quotes_named", "quotes_unnamed", "quotes_worded", "quotes_unworded"):
            db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        for sql in store.INDEXES:
            db.execute(f"DROP INDEX IF EXISTS {sql.split(' IF NOT EXISTS ')[1].split(' ON ')[0]}")
        db.execute("CREATE TEMP TABLE IF NOT EXISTS new_keys (key INTEGER, seq INTEGER)")
        steps["drop"] = time.perf_counter() - started
        mark = time.perf_counter()
        while self.count < size:
            k, pos = divmod(self.count, self.per_replica)
            n = min(self.per_replica - pos, size - self.count)
            db.execute("BEGIN")
            self._replica(k, pos, n)
            db.execute("COMMIT")
            self.count += n
            if k % 20 == 0 or self.count >= size:
                print(f"    {self.count:,} articles ({time.perf_counter() - mark:.0f}s)", flush=True)
        steps["rows"] = time.perf_counter() - mark
        mark = time.perf_counter()
        db.execute("BEGIN")
        db.execute("INSERT OR IGNORE INTO copy_keys (key, seq) SELECT key, seq FROM new_keys ORDER BY key, seq")
        db.execute("DELETE FROM new_keys")
        db.execute("COMMIT")
        steps["copy keys"] = time.perf_counter() - mark
        mark = time.perf_counter()
        for sql in store.INDEXES:
            db.execute(sql)
        steps["indexes"] = time.perf_counter() - mark
        mark = time.perf_counter()
        db.execute("INSERT INTO quote_names(quote_names) VALUES ('rebuild')")
        for sql in store.NAME_INDEX[1:]:
            db.execute(sql)
        steps["names index"] = time.perf_counter() - mark
        mark = time.perf_counter()
        db.execute("INSERT INTO quote_words(quote_words) VALUES ('rebuild')")
        for sql in store.TEXT_INDEX[1:]:
            db.execute(sql)
        steps["words index"] = time.perf_counter() - mark
        mark = time.perf_counter()
        self._totals()
        steps["speaker totals"] = time.perf_counter() - mark
        mark = time.perf_counter()
        self._names()
        steps["corpus names"] = time.perf_counter() - mark
        steps["total"] = time.perf_counter() - started
        return steps

    def _names(self) -> None:
        """The corpus's names, their keys and links, and the entities' speaker totals, made by the Store's own
        upgrade of an older store (``Store.recount_names``: counts in SQL, every name linked at once)."""
        made = store.Store.__new__(store.Store)
        made.path = self.path
        made.use(self.db)
        self.db.execute("BEGIN")
        made.recount_names()
        self.db.execute("COMMIT")

    def _replica(self, k: int, pos: int, n: int) -> None:
        """Articles pos .. pos+n-1 of replica k, with all their rows."""
        db = self.db
        first_seq = (db.execute("SELECT max(seq) FROM articles").fetchone()[0] or 0) + 1
        prefix = "" if k == 0 else f"r{k:05d}:"
        rng = f"o.pos >= {pos} AND o.pos < {pos + n}"
        db.execute("CREATE TEMP TABLE IF NOT EXISTS chunk AS SELECT * FROM base_order WHERE 0")
        db.execute("DELETE FROM chunk")
        db.execute(f"INSERT INTO chunk SELECT * FROM base_order o WHERE {rng} ORDER BY pos")
        person = "{t}.type = 'person'"

        def copy(table: str, alias: str, override: dict[str, str], join: str, order: str) -> None:
            columns = [c for c in _columns(db, table) if c not in ("qid", "seq") or table == "articles"]
            exprs = [override.get(c, f"{alias}.{_q(c)}") for c in columns]
            db.execute(f"INSERT INTO {table} ({', '.join(map(_q, columns))}) SELECT {', '.join(exprs)} "
                       f"FROM chunk o JOIN base.{table} {alias} ON {join} ORDER BY {order}")

        if k == 0:
            articles = {"seq": f"{first_seq} + o.pos - {pos}"}
            copy("articles", "a", articles, "a.id = o.id", "o.pos")
            for table, alias in (("entities", "e"), ("mentions", "m"), ("quotes", "q")):
                copy(table, alias, {}, f"{alias}.article = o.id", f"o.pos, {alias}.rowid")
        else:
            art = f"'{prefix}' || o.id"
            articles = {"seq": f"{first_seq} + o.pos - {pos}", "id": art, "copy_of": "NULL",
                        "digest": f"substr(a.digest, 1, 56) || printf('%08x', {k})"}
            copy("articles", "a", articles, "a.id = o.id", "o.pos")
            p = person.format(t="e")
            copy("entities", "e", {"article": art,
                                   "name": f"CASE WHEN {p} THEN nl_name(e.name, {k}) ELSE e.name END",
                                   "aliases": f"CASE WHEN {p} THEN nl_json(e.aliases, e.name, {k}) ELSE e.aliases END"},
                 "e.article = o.id", "o.pos, e.rowid")
            p = person.format(t="m")
            copy("mentions", "m", {"article": art,
                                   "entity": f"CASE WHEN {p} THEN nl_name(m.entity, {k}) ELSE m.entity END",
                                   "text": f"CASE WHEN {p} THEN nl_text(m.text, m.entity, {k}) ELSE m.text END"},
                 "m.article = o.id", "o.pos, m.rowid")
            p = "q.speaker_type = 'person'"
            copy("quotes", "q", {
                "article": art,
                "speaker": f"CASE WHEN {p} THEN nl_name(q.speaker, {k}) ELSE q.speaker END",
                "speaker_text": f"CASE WHEN {p} THEN nl_text(q.speaker_text, q.speaker, {k}) ELSE q.speaker_text END",
                "speaker_names": f"CASE WHEN {p} THEN nl_json(q.speaker_names, q.speaker, {k}) "
                                 "ELSE q.speaker_names END",
                "speaker_folded": f"CASE WHEN {p} THEN nl_folded(q.speaker_names, q.speaker, {k}) "
                                  "ELSE q.speaker_folded END"}, "q.article = o.id", "o.pos, q.rowid")
        # copy detection: the real signatures for replica 0, seeded random ones (distinct texts) for the others
        if k == 0:
            db.execute(f"INSERT INTO copy_signatures (seq, sig) SELECT {first_seq} + o.pos - {pos}, s.sig "
                       "FROM chunk o JOIN base.copy_signatures s ON s.seq = o.seq")
            db.execute(f"INSERT INTO new_keys (key, seq) SELECT c.key, {first_seq} + o.pos - {pos} "
                       "FROM chunk o JOIN base.copy_keys c ON c.seq = o.seq")
            return
        sigs = numpy.random.default_rng([SEED, k, pos]).integers(0, 2 ** 32, size=(n, copies.NUM_PERM),
                                                                 dtype=numpy.uint32)
        seqs = numpy.arange(first_seq, first_seq + n)
        db.executemany("INSERT INTO copy_signatures (seq, sig) VALUES (?, ?)",
                       ((int(s), sig.tobytes()) for s, sig in zip(seqs, sigs, strict=True)))
        db.executemany("INSERT INTO new_keys (key, seq) VALUES (?, ?)",
                       ((key, int(s)) for s, keys in zip(seqs, _band_keys(sigs), strict=True) for key in keys))

    def _totals(self) -> None:
        """speaker_totals and speaker_roles from every quote of an article that is no copy, as
        ``SpeakerTotals.count`` adds them up one article after another."""
        db = self.db
        act = f"coalesce(nullif(act, ''), '{SPEECH}')"
        key = f"coalesce(nullif(speaker, ''), '{UNKNOWN_SPEAKER}')"
        counted = (f"SELECT qid, article, {act} AS act, {key} AS speaker, speaker_type, kind, nl_words(text) AS words, "
                   "role FROM quotes WHERE article NOT IN (SELECT id FROM articles WHERE copy_of IS NOT NULL)")
        db.execute("BEGIN")
        db.execute("DROP TABLE IF EXISTS temp.counted")
        db.execute(f"CREATE TEMP TABLE counted AS {counted}")
        db.execute("DELETE FROM speaker_totals")
        db.execute("DELETE FROM speaker_roles")
        for which in ("act", f"'{store.ALL_ACTS}'"):
            db.execute(
                "INSERT INTO speaker_totals (act, speaker, speaker_type, quotes, direct, indirect, mixed, words, "
                f"articles) SELECT {which}, speaker, speaker_type, count(*), sum(kind = 'direct'), "
                "sum(kind = 'indirect'), sum(kind = 'mixed'), sum(words), count(DISTINCT article) FROM counted "
                f"GROUP BY {which}, speaker, speaker_type")
            db.execute(
                "INSERT INTO speaker_roles (act, speaker, speaker_type, role, n, first) "
                f"SELECT {which}, speaker, speaker_type, role, count(*), min(qid) FROM counted "
                f"WHERE role IS NOT NULL AND role <> '' GROUP BY {which}, speaker, speaker_type, role")
        db.execute("DROP TABLE temp.counted")
        db.execute("COMMIT")

    def finish(self) -> None:
        """WAL again, as the Store leaves it; then the Store must accept the file as it is."""
        self.db.execute("DETACH DATABASE base")
        self.db.execute("PRAGMA main.journal_mode=WAL")
        self.db.close()
        check = sqlite3.connect(self.path, isolation_level=None)
        upgrade = schema.needs_upgrade(check, linking.version())
        check.close()
        with store.Store(self.path) as s:
            s.counts()
        if upgrade or self.master() != self.schema:
            sys.exit(f"{self.path}: the Store would upgrade it (needs upgrade: {upgrade}) or its schema changed")

    def reopen(self) -> None:
        self.__init__(self.base, self.path, self.held)


def _band_keys(sigs: numpy.ndarray) -> list[list[int]]:
    """``copies.band_keys`` of many signatures at once."""
    values = sigs.astype(numpy.uint64).reshape(len(sigs), copies.BANDS, copies.ROWS)
    mixed = values[:, :, 0]
    for k in range(1, copies.ROWS):
        mixed = (mixed * numpy.uint64(0x9E3779B1) + values[:, :, k]) & numpy.uint64(0xFFFFFFFF)
    keys = (numpy.arange(copies.BANDS, dtype=numpy.uint64) << numpy.uint64(32)) | mixed
    return keys.astype(numpy.int64).tolist()


def check_totals(path: Path) -> None:
    """The SQL totals equal those ``Store.recount_speakers`` counts quote by quote (on a copy of the store)."""
    import shutil

    copy = path.with_suffix(".check.db")
    shutil.copy(path, copy)
    db = sqlite3.connect(copy, isolation_level=None)
    ours = [sorted(db.execute(f"SELECT * FROM {t}").fetchall()) for t in ("speaker_totals", "speaker_roles")]
    db.close()
    with store.Store(copy) as s, transaction(s.db):
        s.recount_speakers()
    db = sqlite3.connect(copy)
    theirs = [sorted(db.execute(f"SELECT * FROM {t}").fetchall()) for t in ("speaker_totals", "speaker_roles")]
    db.close()
    copy.unlink()
    same = ours == theirs
    print(f"  speaker totals check ({len(ours[0]):,} totals, {len(ours[1]):,} roles): "
          f"{'same as Store.recount_speakers' if same else 'DIFFERENT from Store.recount_speakers'}")
    if not same:
        sys.exit(1)


# -- measuring --------------------------------------------------------------------------------------------------

def cli(*args: object) -> list[str]:
    return [sys.executable, "-m", "newslens.cli", *map(str, args)]


def measure(command: list[str], environment: dict[str, str], runs: int, budget: float,
            between=None) -> tuple[float, int]:
    """(median wall seconds, runs) after one warm-up; fewer runs when they would pass ``budget`` seconds."""
    spent = timed(command, environment)
    if between:
        between()
    if spent > budget / 2:  # too slow to repeat: the one run it took (n=0: no warm-up before it)
        return spent, 0
    times: list[float] = []
    while len(times) < runs and (not times or spent + sum(times) + times[-1] <= budget):
        times.append(timed(command, environment))
        if between:
            between()
    return statistics.median(times), len(times)


def disk(path: Path) -> int:
    return sum(os.path.getsize(p) for p in (path, Path(f"{path}-wal")) if p.exists())


def names_to_query(path: Path) -> dict[str, tuple[str, int]]:
    """A common and a rare person speaker (full names), and the commonest surname, with their quote counts."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    common = db.execute("SELECT speaker, quotes FROM speaker_totals WHERE act = 'all' AND speaker_type = 'person' "
                        "AND speaker LIKE '% %' ORDER BY quotes DESC, speaker LIMIT 1").fetchone()
    rare = db.execute("SELECT speaker, quotes FROM speaker_totals WHERE act = 'all' AND speaker_type = 'person' "
                      "AND speaker LIKE '% %' AND quotes = 1 ORDER BY speaker LIMIT 1 OFFSET 7").fetchone()
    surnames: dict[str, int] = {}
    for speaker, n in db.execute("SELECT speaker, quotes FROM speaker_totals WHERE act = 'all' "
                                 "AND speaker_type = 'person'"):
        surnames[speaker.split()[-1]] = surnames.get(speaker.split()[-1], 0) + n
    surname = max(surnames.items(), key=lambda x: (x[1], x[0]))
    db.close()
    return {"common": tuple(common), "rare": tuple(rare), "surname": surname}


def thousand(path: Path) -> list[str]:
    """1,000 article ids from the middle of the store (in the order added), none of them a held-out one."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    middle = db.execute("SELECT max(seq) / 2 FROM articles").fetchone()[0]
    ids = [r[0] for r in db.execute("SELECT id FROM articles WHERE seq > ? ORDER BY seq LIMIT 1000", (middle,))]
    db.close()
    return ids


def stage(held: list[tuple[str, str]], folder: Path) -> Path:
    """The held-out articles' files, linked into a folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for id, _ in held:
        source = Path(id)
        link = folder / f"{source.parent.name}-{source.name}"
        if not link.exists():
            link.symlink_to(source)
    return folder


def remover(path: Path, held: list[tuple[str, str]]):
    """Take the added articles out again (untimed), so that each add run meets the same store."""
    digests = [d for _, d in held]

    def remove() -> None:
        with store.Store(path) as s:
            ids = [r[0] for r in s.db.execute(
                f"SELECT id FROM articles WHERE digest IN ({', '.join('?' * len(digests))})", digests)]
            for id in ids:
                s.remove(id)
            if len(ids) != HELD_OUT:
                sys.exit(f"expected {HELD_OUT} added articles in {path}, found {len(ids)}")
    return remove


def empty_store(base: Path, held: list[tuple[str, str]], path: Path) -> None:
    """A new store holding nothing but the held-out articles' cached analyses."""
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    store.Store(path).close()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"ATTACH DATABASE 'file:{base}?mode=ro' AS base")
    db.execute(f"INSERT INTO analyses SELECT * FROM base.analyses WHERE digest IN ({', '.join('?' * len(held))})",
               [d for _, d in held])
    db.close()


def user_env(db: Path, args) -> dict[str, str]:
    """The CLI's environment, as an installed newslens runs: compiled modules are kept (in --work, not in the
    repository) even when this shell says PYTHONDONTWRITEBYTECODE, so that no run pays for compiling newslens."""
    environment = env(db, args.model)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = str(args.work / "pycache")
    return environment


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--base", type=Path, default=Path("/tmp/scale/bbc.db"), help="store of real analyzed articles")
    p.add_argument("--work", type=Path, default=Path("/tmp/scale"), help="folder for the synthetic stores")
    p.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--add-runs", type=int, default=5)
    p.add_argument("--budget", type=float, default=300, help="seconds one measurement may take at most [300]")
    p.add_argument("--check", action="store_true", help="check the SQL totals against the Store's at the first size")
    p.add_argument("--reuse", action="store_true", help="measure the synthetic store already built, no growing")
    p.add_argument("--resume", action="store_true", help="grow the synthetic store already built (sizes above it)")
    p.add_argument("--no-add", action="store_true", help="leave out the add-100 measurements")
    args = p.parse_args()
    if not args.base.exists():
        sys.exit(f"no base store at {args.base}: newslens add {args.corpus} --db {args.base}")
    args.work.mkdir(parents=True, exist_ok=True)
    held = held_out(args.base, HELD_OUT)
    folder = stage(held, args.work / "held_out")
    path = args.work / "synthetic.db"
    if not (args.reuse or args.resume):
        for f in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            f.unlink(missing_ok=True)
    builder = Builder(args.base, path, held)
    print(f"base {args.base}: {builder.per_replica:,} articles replicated, {HELD_OUT} held out for add; "
          f"{conditions()}; {time.strftime('%Y-%m-%d %H:%M:%S %Z')}", flush=True)
    empty = args.work / "empty.db"
    table = []
    for size in args.sizes:
        if args.resume and size <= builder.count:
            continue
        if args.reuse:
            builder.db.close()
            size = builder.count
        else:
            print(f"building {size:,} articles ...", flush=True)
            steps = builder.grow(size)
            builder.finish()
            print("  built: " + ", ".join(f"{k} {v:.0f}s" for k, v in steps.items()), flush=True)
            if args.check and size == args.sizes[0]:
                check_totals(path)
        environment = user_env(path, args)
        chosen = names_to_query(path)
        print(f"measuring {size:,} articles: {conditions()}; {time.strftime('%H:%M:%S')}; names "
              + ", ".join(f"{k} {n!r} ({c} quotes)" for k, (n, c) in chosen.items()), flush=True)
        row: dict[str, object] = {"size": size}
        row["import"] = measure([sys.executable, "-c", "import newslens.cli"], environment, args.runs, args.budget)
        for kind, (name, _) in chosen.items():
            row[kind] = measure(cli("quotes", "--speaker", name, "--limit", 100, "-f", "jsonl"), environment,
                                args.runs, args.budget)
        row["speakers"] = measure(cli("speakers", "--limit", 20, "-f", "jsonl"), environment, args.runs, args.budget)
        row["entities"] = measure(cli("entities", "--type", "person", "--limit", 100, "-f", "jsonl"), environment,
                                  args.runs, args.budget)
        row["spacy"] = measure([sys.executable, "-c", "import spacy"], environment, args.runs, args.budget)
        row["search phrase"] = measure(cli("quotes", "--search", '"tuition fees"', "-f", "jsonl"), environment,
                                       args.runs, args.budget)
        row["search word"] = measure(cli("quotes", "--search", "government", "--limit", 100, "-f", "jsonl"),
                                     environment, args.runs, args.budget)
        chosen_ids = thousand(path)
        named = [a for id in chosen_ids for a in ("--article", id)]
        row["tag"] = measure(cli("tag", "--set", "section=benchmark", *named, "-q"), environment, args.runs,
                             args.budget)
        if size == args.sizes[-1] or args.reuse:
            row["remove"] = (timed(cli("remove", *named, "-q"), environment), 0)
        print("  queries: " + ", ".join(f"{k} {v[0]:.3f}s" for k, v in row.items() if k != "size"), flush=True)
        row["bytes"] = disk(path) / size
        if not args.no_add:
            add = cli("add", folder, "--quiet", "--jobs", 1)
            row["add"] = measure(add, environment, args.add_runs, args.budget, remover(path, held))

            def fresh() -> None:
                empty_store(args.base, held, empty)

            fresh()
            row["add empty"] = measure(add, user_env(empty, args), args.add_runs, args.budget, fresh)
            print(f"  add-100: {row['add'][0]:.2f}s into the store, {row['add empty'][0]:.2f}s into an empty one; "
                  f"{row['bytes']:,.0f} bytes/article; {conditions()}", flush=True)
        table.append(row)
        if args.reuse:
            break
        builder.reopen()
    print_table(table)
    print(f"after: {conditions()}; {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")


def print_table(table: list[dict]) -> None:
    def s(value) -> str:
        seconds, n = value
        return f"{seconds:.3f}" + ("" if n >= 5 else f" (n={n})" if n else " (1 run, no warm-up)")

    head = ("articles", "import", "quotes common", "quotes rare", "quotes surname", "speakers 20",
            "entities person", "add-100", "add-100 empty", "ratio", "bytes/article")
    print()
    print(" | ".join(head))
    for r in table:
        if "add" not in r:
            r["add"] = r["add empty"] = (float("nan"), 0)
        ratio = r["add"][0] / r["add empty"][0]
        cells = (f"{r['size']:,}", s(r["import"]), s(r["common"]), s(r["rare"]), s(r["surname"]), s(r["speakers"]),
                 s(r["entities"]), s(r["add"]), s(r["add empty"]), f"{ratio:.2f}", f"{r['bytes']:,.0f}")
        print(" | ".join(cells))
    print("seconds, median of 5 runs after a warm-up unless said otherwise; targets at 1M: quotes <= 0.5 s, "
          "speakers <= 2 s, add-100 ratio <= 1.2")
    print()
    print(" | ".join(("articles", "import spacy", "search phrase", "ratio", "search word --limit 100", "ratio",
                      "tag 1,000", "remove 1,000")))
    for r in table:
        spacy_ = r["spacy"][0]
        cells = (f"{r['size']:,}", s(r["spacy"]), s(r["search phrase"]), f"{r['search phrase'][0] / spacy_:.3f}",
                 s(r["search word"]), f"{r['search word'][0] / spacy_:.3f}", s(r["tag"]),
                 s(r["remove"]) if "remove" in r else "-")
        print(" | ".join(cells))
    print("targets: search <= 0.5 x import spacy; tag and remove of 1,000 articles under 5 s")


if __name__ == "__main__":
    main()
