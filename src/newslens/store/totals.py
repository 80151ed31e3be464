"""The speaker totals behind `newslens speakers` over the whole store, kept up to date as articles come and go
(copies left out): per speaker name (``speaker_totals``, with the roles given in ``speaker_roles``) and per corpus
entity (``entity_totals``: the totals of the names linked to it, ``newslens.linking``), for each act and for all of
them together (``ALL_ACTS``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from newslens.records import ACTS, SPEECH, UNKNOWN_SPEAKER, Quote
from newslens.store.connection import marks, one_of
from newslens.store.schema import ALL_ACTS, TOTALS

Key = tuple[str, str]  # (type, name)
Targets = Callable[[Iterable[Key]], dict[Key, Key]]  # the corpus entity of each name that links elsewhere


class SpeakerTotals:
    def __init__(self, db: sqlite3.Connection, targets: Targets):
        self.db = db
        self.targets = targets

    def count(self, quotes: list[tuple[int, Quote]], sign: int) -> None:
        """Add (``sign`` +1) or take away (-1) the quotes (qid, Quote) of articles to the totals of their act and of
        all acts: quotes, by kind, words, articles, and the roles given, each with the first quote that gave it. A
        quote stored before acts existed counts as speech, as the filters read it. The rows are written in key
        order (a store of a million articles reads fewer pages so)."""
        totals, roles = _tally(quotes)
        self.add("speaker_totals", [(*key, *(sign * row[c] for c in TOTALS)) for key, row in totals.items()])
        targets = self.targets({(type_, speaker) for _, speaker, type_ in totals})
        entity_keys = [(act, *reversed(targets.get((type_, speaker), (type_, speaker))))
                       for act, speaker, type_ in totals]
        self.add("entity_totals", sorted((*key, *(sign * row[c] for c in TOTALS))
                                         for key, row in zip(entity_keys, totals.values(), strict=True)))
        if sign > 0:
            self.db.executemany(
                "INSERT INTO speaker_roles(act, speaker, speaker_type, role, n, first) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(act, speaker, speaker_type, role) DO UPDATE SET n = n + excluded.n, "
                "first = min(first, excluded.first)", [(*key, n, first) for key, (n, first) in roles.items()])
            return
        self.db.executemany(
            "UPDATE speaker_roles SET n = n - ? WHERE act=? AND speaker=? AND speaker_type=? AND role=?",
            [(n, *key) for key, (n, _) in roles.items()])
        # only the rows counted down can have reached 0: by their keys (a scan of the totals takes a second a
        # removed article in a store of a million)
        self.db.executemany("DELETE FROM speaker_totals WHERE act=? AND speaker=? AND speaker_type=? AND quotes <= 0",
                            list(totals))
        self.db.executemany("DELETE FROM speaker_roles WHERE act=? AND speaker=? AND speaker_type=? AND role=? "
                            "AND n <= 0", list(roles))
        self.db.executemany("DELETE FROM entity_totals WHERE act=? AND speaker=? AND speaker_type=? AND quotes <= 0",
                            sorted(set(entity_keys)))

    def add(self, table: str, rows: list[tuple]) -> None:
        """Add rows of (act, speaker, speaker_type, *TOTALS) to a totals table (negative numbers take away)."""
        columns = ", ".join(TOTALS)
        updates = ", ".join(f"{c} = {c} + excluded.{c}" for c in TOTALS)
        self.db.executemany(
            f"INSERT INTO {table}(act, speaker, speaker_type, {columns}) VALUES (?, ?, ?{', ?' * len(TOTALS)}) "
            f"ON CONFLICT(act, speaker, speaker_type) DO UPDATE SET {updates}", rows)

    def move(self, key: Key, was: Key, now: Key) -> None:
        """A name's speaker totals counted under the corpus entity ``now`` instead of ``was``."""
        acts = (*ACTS, ALL_ACTS)  # (the key's first column: by the key, not a scan of every speaker's totals)
        rows = self.db.execute(f"SELECT act, {', '.join(TOTALS)} FROM speaker_totals WHERE act IN ({marks(acts)}) "
                               "AND speaker=? AND speaker_type=?", (*acts, key[1], key[0])).fetchall()
        if not rows:
            return
        self.add("entity_totals", [(r[0], was[1], was[0], *(-v for v in r[1:])) for r in rows])
        self.add("entity_totals", [(r[0], now[1], now[0], *r[1:]) for r in rows])
        self.db.executemany("DELETE FROM entity_totals WHERE act=? AND speaker=? AND speaker_type=? AND quotes <= 0",
                            [(r[0], was[1], was[0]) for r in rows])

    def clear(self) -> None:
        for table in ("speaker_totals", "speaker_roles", "entity_totals"):
            self.db.execute(f"DELETE FROM {table}")

    # -- reading --

    def speakers(self, *, speaker_types: Iterable[str] = (), act: str | None = None,
                 limit: int | None = None) -> list[dict[str, Any]]:
        """Per speaker name, ranked by quotes, then words quoted, then name; the role is the one given most often
        (the first given, on a tie)."""
        where: list[str] = ["act = ?"]
        params: list = [act or ALL_ACTS]
        one_of(where, params, ("speaker_type", tuple(speaker_types)))
        role = ("(SELECT role FROM speaker_roles r WHERE r.act = t.act AND r.speaker = t.speaker "
                "AND r.speaker_type = t.speaker_type ORDER BY n DESC, first LIMIT 1)")
        sql = f"SELECT speaker, speaker_type, {role}, {', '.join(TOTALS)} FROM speaker_totals t"
        sql += " WHERE " + " AND ".join(where) + " ORDER BY quotes DESC, words DESC, speaker, speaker_type"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        columns = ("speaker", "speaker_type", "role", *TOTALS)
        return [dict(zip(columns, row, strict=True)) for row in self.db.execute(sql, params)]

    def entities(self, members: Callable[[Iterable[Key]], dict[Key, list[Key]]], *,
                 speaker_types: Iterable[str] = (), act: str | None = None,
                 limit: int | None = None) -> list[dict[str, Any]]:
        """Per corpus entity (``members``: the other names of each), ranked as ``speakers``; the role the one given
        most often under any of its names."""
        where: list[str] = ["act = ?"]
        params: list = [act or ALL_ACTS]
        one_of(where, params, ("speaker_type", tuple(speaker_types)))
        sql = f"SELECT speaker, speaker_type, {', '.join(TOTALS)} FROM entity_totals WHERE {' AND '.join(where)}"
        sql += " ORDER BY quotes DESC, words DESC, speaker, speaker_type"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        columns = ("speaker", "speaker_type", *TOTALS)
        rows = [dict(zip(columns, row, strict=True)) for row in self.db.execute(sql, params)]
        linked = members((r["speaker_type"], r["speaker"]) for r in rows)
        for row in rows:
            key = (row["speaker_type"], row["speaker"])
            row["role"] = self.role(act or ALL_ACTS, [key, *linked.get(key, ())])
        return [{c: r[c] for c in ("speaker", "speaker_type", "role", *TOTALS)} for r in rows]

    def role(self, act: str, names: list[Key]) -> str | None:
        """The role given most often to a speaker under any of its names (the first given, on a tie)."""
        best = None
        for type_, name in names:
            for role, n, first in self.db.execute("SELECT role, n, first FROM speaker_roles WHERE act=? AND "
                                                  "speaker=? AND speaker_type=?", (act, name, type_)):
                if best is None or (n, -(first or 0)) > (best[1], -(best[2] or 0)):
                    best = (role, n, first)
        return best[0] if best else None


def _tally(quotes: list[tuple[int, Quote]]) -> tuple[dict[tuple, dict[str, int]], dict[tuple, list[int]]]:
    """The totals and roles of some quotes, by (act, speaker, speaker_type) in key order; each article counts
    once per speaker in ``articles``."""
    totals: dict[tuple[str, str, str], dict[str, int]] = {}
    roles: dict[tuple[str, str, str, str], list[int]] = {}
    seen: set[tuple[str, str, str, str]] = set()
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
    return dict(sorted(totals.items())), dict(sorted(roles.items()))
