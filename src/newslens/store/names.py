"""The corpus's names and their links (``newslens.linking``), kept up to date as articles come and go: each
per-article (type, name) of the stories with its counts and the aliases and context the articles give it
(``corpus_names``), the keys under which names are compared (``name_keys``), where each name goes in the corpus
when it goes elsewhere than itself (``corpus_links``), how often a word opens a person's full name
(``first_words``), and the names to link again (``relink``, ``relink_keys``)."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from newslens import linking
from newslens.names import fold
from newslens.records import Entity
from newslens.store.connection import chunks_of

RELINK_ROUNDS = 4  # how far the names a change may move are followed through the entities they belong to
Key = tuple[str, str]
OnMove = Callable[[Key, Key, Key], None]  # (name, the entity it was counted under, the one it is now)


class CorpusNames:
    def __init__(self, db: sqlite3.Connection, on_move: Iterable[OnMove] = ()):
        self.db = db
        self.on_move = list(on_move)  # what else follows a name to its new entity (the speaker totals)

    def recount(self, counted: str) -> dict[Key, linking.NameStat]:
        """Every name counted again from the stored entities that ``counted`` keeps (an SQL condition: the stories),
        counted in SQL (what Python holds is one record per distinct name, not per entity), and all of them linked at
        once: a store of an older schema, or one whose names were linked by other rules. The entities' speaker
        totals are the caller's to make before the links move them."""
        for table in ("corpus_names", "name_keys", "corpus_links", "relink", "relink_keys", "first_words"):
            self.db.execute(f"DELETE FROM {table}")
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
        self.write_names(stats.values())
        self.db.executemany("INSERT INTO first_words(word, articles) VALUES (?, ?)",
                            linking.first_words(stats).items())
        return stats

    def link_all(self, stats: dict[Key, linking.NameStat]) -> None:
        """Every name linked at once (after ``recount``), each linked name's totals moved to its entity."""
        self.write_links({}, linking.link_names(stats))

    def count(self, entities: Iterable[Entity], sign: int) -> None:
        """Add (``sign`` +1) or take away (-1) articles' entities to the counts of the corpus's names, with the
        keys they are compared under and the first-name counts; each name is to be linked again (``_relink``)."""
        entities = list(entities)
        known = self.stats((e.type, e.name) for e in entities)
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
        self.write_names(kept, keys=False)
        self.write_names(rekeyed, keys=True, counts=False)

    def _keep_old_keys(self, names: list[tuple[str, str]]) -> None:
        """The keys these names have now, kept for the next linking: the names that shared them with them are
        decided again even when the names lose them (`FCC` no longer an alias of `Federal Communications
        Commission`)."""
        for chunk in chunks_of(n for _, n in names):
            self.db.execute(f"INSERT OR IGNORE INTO relink_keys(key) SELECT key FROM name_keys WHERE name IN "
                            f"({', '.join('?' * len(chunk))})", chunk)

    def write_names(self, stats: Iterable[linking.NameStat], keys: bool = True, counts: bool = True) -> None:
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

    def relink(self) -> None:
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
                stats = self.stats(read)
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
        self.write_links({k: v for k, v in old.items() if k in deciding},
                          {k: found[k] for k in deciding if k in found and k in stats})
        self.db.execute("DELETE FROM relink")
        self.db.execute("DELETE FROM relink_keys")

    def _first_use(self, names: Iterable[tuple[str, str]]) -> dict[str, int]:
        """``linking.first_words`` of the whole corpus for the one-word names given (what ``surnames`` asks)."""
        words = {linking.spelling(n) for _, n in names if " " not in n.strip()}
        found: dict[str, int] = {}
        for chunk in chunks_of(words):
            found.update(self.db.execute(f"SELECT word, articles FROM first_words WHERE word IN "
                                         f"({', '.join('?' * len(chunk))})", chunk).fetchall())
        return found

    def _rows_named(self, select: str, wanted: set[tuple[str, str]], column: str = "name",
                    order: str = "") -> Iterator[tuple]:
        """The rows of ``select`` (its first two columns a type and a name) whose ``column`` is the name of one of
        the (type, name) pairs wanted and whose first two columns are that pair, a few hundred names a query."""
        for chunk in chunks_of(n for _, n in wanted):
            rows = self.db.execute(f"{select} WHERE {column} IN ({', '.join('?' * len(chunk))}){order}", chunk)
            yield from (row for row in rows if (row[0], row[1]) in wanted)

    def _keys_of(self, names: Iterable[tuple[str, str]]) -> set[str]:
        return {row[2] for row in self._rows_named("SELECT type, name, key FROM name_keys", set(names))}

    def _names_with(self, keys: Iterable[str]) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        for chunk in chunks_of(keys):
            found.update(self.db.execute(
                f"SELECT DISTINCT type, name FROM name_keys WHERE key IN ({', '.join('?' * len(chunk))})", chunk))
        return found

    def stats(self, names: Iterable[tuple[str, str]]) -> dict[tuple[str, str], linking.NameStat]:
        """The counts of these names (those the corpus has)."""
        return {(row[0], row[1]): _name_stat(row) for row in self._rows_named(
            "SELECT type, name, articles, mentions, aliases, context FROM corpus_names", set(names))}

    def targets(self, names: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
        """(type, name) -> (type, name) of its corpus entity, for the names given that link elsewhere."""
        return {key: (link.type, link.name) for key, link in self.links(names).items()}

    def write_links(self, old: dict[tuple[str, str], linking.Link], new: dict[tuple[str, str], linking.Link]) -> None:
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
                for moved in self.on_move:
                    moved(key, was, now)

    def links(self, names: Iterable[tuple[str, str]] | None = None) -> dict[tuple[str, str], linking.Link]:
        """Where the corpus's names go (``newslens.linking``): (type, name) -> Link, for the names given (all
        when None) that belong to an entity under another name or type."""
        if names is None:
            return {(r[0], r[1]): linking.Link(*r[2:]) for r in self.db.execute(
                "SELECT type, name, target_type, target, how FROM corpus_links")}
        return {(row[0], row[1]): linking.Link(*row[2:]) for row in self._rows_named(
            "SELECT type, name, target_type, target, how FROM corpus_links", set(names))}

    def linked_names(self, entities: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """The other per-article names (type, name) of each corpus entity (type, name) given."""
        found: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for row in self._rows_named("SELECT target_type, target, type, name FROM corpus_links", set(entities),
                                    column="target", order=" ORDER BY type, name"):
            found.setdefault((row[0], row[1]), []).append((row[2], row[3]))
        return found

    def names_like(self, names: Iterable[str]) -> list[tuple[str, str]]:
        """The corpus's names (type, name) written as one of ``names`` but for case and accents."""
        folded = {fold(n) for n in names}
        found = []
        for chunk in chunks_of(folded):
            found += [tuple(r) for r in self.db.execute(
                f"SELECT type, name FROM corpus_names WHERE lower(name) IN ({', '.join('?' * len(chunk))})", chunk)]
        return [k for k in found if fold(k[1]) in folded]


def _name_stat(row) -> linking.NameStat:
    """A corpus_names row (type, name, articles, mentions, aliases, context) as its NameStat."""
    return linking.NameStat(row[0], row[1], row[2], row[3], Counter(json.loads(row[4] or "{}")),
                            Counter(json.loads(row[5] or "{}")))
