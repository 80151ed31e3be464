"""Articles into the store and out of it, a batch per transaction: an article's rows, its copy signature, its
names and quotes counted into the corpus's names and the speaker totals, the names linked again once per batch;
an article removed with its rows, counted out, its copies kept (the first of them the story now); metadata set
by `newslens tag`; analyses into the cache.

Inside ``Store.batch()`` the analyses cached (``save``) and the articles stored (``add``) are kept and written
together, in one short transaction per ``BATCH_ARTICLES`` articles or ``BATCH_SECONDS`` seconds (whichever comes
first; the first article at once), never held open while a model runs: a run killed on the way loses at most
that much work, and what was committed is whole (the store is consistent, and running the same ``add`` again
completes it)."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from newslens.errors import StoreError
from newslens.records import Article, Entity, Quote, content_digest
from newslens.store import cache, rows
from newslens.store.connection import chunks_of, marks, quoted, read_only_error, sql_errors, transaction
from newslens.store.copyindex import CopyIndex
from newslens.store.names import CorpusNames
from newslens.store.schema import EDITABLE
from newslens.store.totals import SpeakerTotals

BATCH_ARTICLES = 200  # articles written in one transaction at most ...
BATCH_SECONDS = 2.0  # ... and how long the first of them waits at most


@dataclass
class _Adding:
    """An article waiting for its batch's transaction, with what is computed before it (its copy signature)."""

    article: Article
    model: str
    digest: str
    version: str
    grams: set[str]
    sig: Any
    relink: bool


@dataclass
class _Pending:
    """What a batch holds until it is written."""

    started: float | None = None  # when the first of what it holds came in
    saves: dict[tuple[str, str, str], tuple[float, bytes]] = field(default_factory=dict)
    adds: list[_Adding] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    articles: int = BATCH_ARTICLES
    seconds: float = BATCH_SECONDS
    stored: int = 0  # articles written

    def hold(self) -> None:
        """Something came in (an article, an analysis): the batch's clock starts with the first."""
        if self.started is None:
            self.started = time.monotonic()

    def due(self) -> bool:
        """Whether to write now: the first article at once (a run shows in the store, to a query or after an
        interruption, as soon as one article is in), then every ``articles`` articles or once the first of what
        the batch holds has waited ``seconds``."""
        if not self.stored and self.adds:
            return True
        return len(self.adds) + len(self.saves) >= 2 * self.articles or len(self.adds) >= self.articles or (
            self.started is not None and time.monotonic() - self.started >= self.seconds)


class Writes:
    """The writing methods of ``Store`` (a mixin over its connection ``db`` and its parts)."""

    db: sqlite3.Connection
    copy_index: CopyIndex
    names: CorpusNames
    totals: SpeakerTotals
    _pending: _Pending | None = None

    # -- batches --

    @contextmanager
    def batch(self, articles: int = BATCH_ARTICLES, seconds: float = BATCH_SECONDS) -> Iterator[None]:
        """Within the block, ``save`` and ``add`` write in batches (one transaction per ``articles`` articles or
        ``seconds`` seconds), the rest at its end; an error or an interruption writes what was done first.
        ``cached``, ``load`` and ``stored`` see what waits. ``add`` returns None inside a batch."""
        if self._pending is not None:  # already in one: the outer block writes
            yield
            return
        self._pending = _Pending(articles=articles, seconds=seconds)
        try:
            yield
        except BaseException:
            with contextlib.suppress(sqlite3.Error, StoreError):  # keep the work done (not on a full disk)
                self.flush()
            raise
        finally:
            pending, self._pending = self._pending, None
        self._pending = pending
        try:
            self.flush()
        finally:
            self._pending = None

    @sql_errors
    def flush(self) -> None:
        """Write what the batch holds, in one transaction."""
        pending = self._pending
        if pending is None or not (pending.saves or pending.adds):
            return
        saves, adds = pending.saves, pending.adds
        with transaction(self.db):
            cache.save(self.db, [(*key, *value) for key, value in saves.items()])
            self._write(adds)
        pending.stored += len(adds)
        pending.saves, pending.adds, pending.ids, pending.started = {}, [], set(), None

    def _due(self) -> None:
        if self._pending is not None and self._pending.due():
            self.flush()

    # -- the cache --

    @sql_errors
    def cached(self, digest: str, model: str, version: str | None = None) -> bool:
        """Whether an analysis of this content by this model (and analysis version) is cached."""
        key = (digest, model, version or cache.analysis_version())
        return (self._pending is not None and key in self._pending.saves) or cache.cached(self.db, *key)

    @sql_errors
    def load(self, digest: str, model: str, metadata: dict[str, Any], version: str | None = None) -> Article:
        """The cached Article for this content, with the given reader metadata (its ``id``, title, ...)."""
        key = (digest, model, version or cache.analysis_version())
        waiting = self._pending.saves.get(key) if self._pending is not None else None
        blob = waiting[1] if waiting else cache.load(self.db, *key)
        if blob is None:
            raise KeyError(digest)
        return cache.decode_analysis(blob, metadata)

    @sql_errors
    def save(self, article: Article, model: str, *, digest: str | None = None, version: str | None = None) -> None:
        """Cache an article's analysis under its content, model and version."""
        key = (digest or content_digest(article.text), model, version or cache.analysis_version())
        value = (time.time(), cache.encode_analysis(article))
        if self._pending is not None:
            self._pending.saves[key] = value
            self._pending.hold()
            self._due()
            return
        with transaction(self.db):
            cache.save(self.db, [(*key, *value)])

    # -- the corpus --

    @sql_errors
    def stored(self, id: str) -> tuple[str, str, str] | None:
        """(digest, model, version) of the stored article with this id, or None."""
        if self._pending is not None and id in self._pending.ids:
            self.flush()
        row = self.db.execute("SELECT digest, model, version FROM articles WHERE id=?", (id,)).fetchone()
        return tuple(row) if row else None  # type: ignore[return-value]

    @sql_errors
    def add(self, article: Article, model: str, *, digest: str | None = None, version: str | None = None,
            relink: bool = True) -> str | None:
        """Store an article in the corpus (replacing one with the same id), in one transaction (with its batch's,
        inside ``batch()``). Returns the id of the stored article it is a copy of (``newslens.copies``), or None
        for a story of its own (None inside a batch: it is not written yet).

        The corpus's names are linked again (``newslens.linking``) in the same transaction, unless ``relink`` is
        False: then by the next ``relink()``."""
        from newslens import copies  # (numpy, only when an article is written)

        grams = copies.shingles(article.text)
        adding = _Adding(article, model, digest or content_digest(article.text), version or cache.analysis_version(),
                         grams, copies.signature(grams), relink)
        if self._pending is not None:
            self._pending.adds.append(adding)
            self._pending.ids.add(article.id)
            self._pending.hold()
            self._due()
            return None
        with transaction(self.db):
            return self._write([adding])[0]

    def _write(self, adds: list[_Adding]) -> list[str | None]:
        """Articles' rows, each replacing the one of its id, its copy found among those stored before it; the
        stories' names and quotes counted in once for them all (first, before an article that replaces a stored
        one is counted out: the counts go through the same states as one article at a time); the names linked
        again once for them all."""
        found = []
        counting: tuple[list[Entity], list[tuple[int, Quote]]] = ([], [])
        for adding in adds:
            article = adding.article
            if self.db.execute("SELECT 1 FROM articles WHERE id=?", (article.id,)).fetchone() is not None:
                self._count_in(counting)
                self._delete(article.id)
            row = rows.article_row(article, adding.model, adding.digest, adding.version)
            row["copy_of"] = self.copy_index.copy_of(article.id, adding.digest, adding.grams, adding.sig)
            rows.insert(self.db, "articles", [row])
            seq = self.db.execute("SELECT seq FROM articles WHERE id=?", (article.id,)).fetchone()[0]
            self.copy_index.index([(seq, adding.sig)])
            rows.insert(self.db, "entities", rows.entity_rows(article))
            rows.insert(self.db, "mentions", (m.to_dict() for m in article.mentions))
            rows.insert(self.db, "quotes", rows.quote_rows(article))
            if row["copy_of"] is None:
                qids = [r[0] for r in self.db.execute("SELECT qid FROM quotes WHERE article=? ORDER BY qid",
                                                      (article.id,))]
                counting[0].extend(article.entities)
                counting[1].extend(zip(qids, article.quotes, strict=True))
            found.append(row["copy_of"])
        self._count_in(counting)
        if any(adding.relink for adding in adds):
            self.names.relink()
        return found

    def _count_in(self, counting: tuple[list[Entity], list[tuple[int, Quote]]]) -> None:
        """Stories' entities and (qid, Quote)s counted into the corpus's names and the speaker totals, at once;
        the lists emptied."""
        entities, quotes = counting
        if entities:
            self.names.count(entities, +1)
        if quotes:
            self.totals.count(quotes, +1)
        entities.clear()
        quotes.clear()

    @sql_errors
    def relink(self) -> None:
        """Link the names counted since the last time (``add(..., relink=False)``); on a store that cannot be
        written (a read-only disk), nothing: its queries read the links as they were. What a batch holds is
        written first."""
        self.flush()
        try:
            if self.db.execute("SELECT 1 FROM relink LIMIT 1").fetchone() is None:
                return
            with transaction(self.db):
                self.names.relink()
        except sqlite3.OperationalError as err:
            if not read_only_error(err):
                raise

    @sql_errors
    def remove(self, id: str) -> bool:
        """Remove the stored article with this id (its entities, mentions, quotes, counts); False if none. Its
        copies stay, the first of them now the story's original (``remove_many``)."""
        return self.remove_many([id]) == 1

    @sql_errors
    def remove_many(self, ids: Iterable[str]) -> int:
        """Remove the stored articles with these ids, in one transaction; how many there were. The copies of a
        removed original stay: the first of them (in the order added) becomes the story's original, its quotes
        counted in the totals, and the others its copies. Each table is changed once for all of them, its rows in
        key order (a thousand articles of a store of a million in seconds, not tens of seconds)."""
        self.flush()
        found: list[tuple[int, str, str | None]] = []
        for chunk in chunks_of(ids):
            found += self.db.execute(f"SELECT seq, id, copy_of FROM articles WHERE id IN ({marks(chunk)})",
                                     chunk).fetchall()
        found.sort()
        originals = [id for _, id, copy_of in found if copy_of is None]
        with transaction(self.db):
            self._take_out(found, originals)
            self.names.relink()
        return len(found)

    def _take_out(self, found: list[tuple[int, str, str | None]], originals: list[str]) -> None:
        """Articles (seq, id, copy_of) out of every table, the stories among them (``originals``) counted out
        first and their first copies left promoted (their names linked again by the caller)."""
        self.totals.count(self._quotes_of(originals), -1)
        self.names.count(self._entities_of(originals), -1)
        self.copy_index.drop([seq for seq, _, _ in found])
        for table, column, values in (("articles", "seq", [seq for seq, _, _ in found]),
                                      *((t, "article", sorted(id for _, id, _ in found))
                                        for t in ("entities", "mentions", "quotes"))):
            for chunk in chunks_of(values):
                self.db.execute(f"DELETE FROM {table} WHERE {column} IN ({marks(chunk)})", chunk)
        for id in originals:
            self._promote_copy(id)

    def _delete(self, id: str) -> bool:
        """The stored article of this id out (before a new one of the id is written)."""
        found = self.db.execute("SELECT seq, id, copy_of FROM articles WHERE id=?", (id,)).fetchall()
        if not found:
            return False
        self._take_out(found, [id for _, id, copy_of in found if copy_of is None])
        return True

    def _quotes_of(self, ids: list[str]) -> list[tuple[int, Quote]]:
        """(qid, Quote) of every quote of these articles."""
        quotes = []
        for chunk in chunks_of(ids):
            quotes += [(r[0], rows.quote(r[1:])) for r in self.db.execute(
                f"SELECT qid, {rows.QUOTE_COLUMNS} FROM quotes WHERE article IN ({marks(chunk)})", chunk)]
        return quotes

    def _entities_of(self, ids: list[str]) -> list[Entity]:
        """The entities of these articles."""
        entities = []
        for chunk in chunks_of(ids):
            entities += [rows.entity(r) for r in self.db.execute(
                f"SELECT {rows.ENTITY_COLUMNS} FROM entities WHERE article IN ({marks(chunk)})", chunk)]
        return entities

    def _promote_copy(self, id: str) -> None:
        """The copies of the removed original ``id`` linked again: the first one added is the story now, the
        others its copies."""
        heir = self.db.execute("SELECT id FROM articles WHERE copy_of=? ORDER BY seq LIMIT 1", (id,)).fetchone()
        if heir is None:
            return
        self.db.execute("UPDATE articles SET copy_of=NULL WHERE id=?", heir)
        self.db.execute("UPDATE articles SET copy_of=? WHERE copy_of=?", (heir[0], id))
        self.totals.count(self._quotes_of([heir[0]]), +1)
        self.names.count(self._entities_of([heir[0]]), +1)

    def recount_speakers(self) -> None:
        """The speaker totals from the quotes of the stored articles that are no copies."""
        self.totals.clear()
        for (id,) in self.db.execute("SELECT id FROM articles WHERE copy_of IS NULL ORDER BY seq").fetchall():
            self.totals.count(self._quotes_of([id]), +1)

    # -- metadata --

    @sql_errors
    def tag(self, ids: Iterable[str], values: dict[str, str | None]) -> int:
        """Set metadata of the stored articles with these ids (``values``: field -> new value, None to clear it;
        fields of EDITABLE), in one transaction, without touching their analysis; how many articles were
        found. Results kept over the corpus (a summary) are computed again afterwards."""
        wrong = [name for name in values if name not in EDITABLE]
        if wrong or not values:
            raise ValueError(f"cannot set {', '.join(wrong) or 'nothing'}; the fields are {', '.join(EDITABLE)}")
        self.flush()
        assignments = ", ".join(f"{quoted(name)} = ?" for name in values)
        changed = 0
        with transaction(self.db):
            for chunk in chunks_of(ids):
                changed += self.db.execute(f"UPDATE articles SET {assignments} WHERE id IN ({marks(chunk)})",
                                           [*values.values(), *chunk]).rowcount
            self.db.execute("INSERT INTO meta VALUES ('edits', '1') ON CONFLICT(key) DO UPDATE SET "
                            "value = CAST(value AS INTEGER) + 1")
        return changed
