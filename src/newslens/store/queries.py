"""What the store answers: every query method of ``Store`` (``newslens.store``), with the command line's
filters, reading through one connection (``self.db``) and never importing spaCy. Rows come back in the order
stored; the filters are ``newslens.filters``' objects, whose SQL the store runs and whose predicates decide the
rest, so that the store and the files agree."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from newslens import linking
from newslens.filters import ArticleFilter, QuoteFilter, article_filter, values_of
from newslens.records import DOCUMENT_FIELDS, SPEECH, Article, Entity, Mention, Quote, field_names, list_fields
from newslens.store import rows
from newslens.store.connection import chunks_of, one_of, sql_errors
from newslens.store.connection import quoted as _q
from newslens.store.names import CorpusNames
from newslens.store.schema import (
    ACT,
    ALL_ACTS,
    EDITABLE,
    ENTITY_FIELDS,
    MENTION_FORMS_SHOWN,
    SUMMARY_COLUMNS,
    TABLES,
    acts_of,
)
from newslens.store.totals import SpeakerTotals


class Queries:
    """The query methods of ``Store`` (a mixin over its connection ``db``, its ``path`` and its ``names``)."""

    db: sqlite3.Connection
    names: CorpusNames
    totals: SpeakerTotals

    @sql_errors
    def metadata(self, id: str) -> dict[str, Any] | None:
        """The stored article's metadata (title, subtitle, author, source, published, section), or None."""
        row = self.db.execute(f"SELECT {', '.join(EDITABLE)} FROM articles WHERE id=?", (id,)).fetchone()
        return dict(zip(EDITABLE, row, strict=True)) if row else None

    @sql_errors
    def ids(self, keep: ArticleFilter | None = None, *, with_copies: bool = True) -> list[str]:
        """The ids of the stored articles ``keep`` keeps, copies too unless ``with_copies`` is False, in the
        order added: what `newslens tag` and `remove` act on."""
        where: list[str] = []
        self._keep(where, keep, with_copies=with_copies)
        return [row[0] for row in self._select("articles", ("id",), where, [])]

    @sql_errors
    def copies_of(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """The stored copies of the articles ``ids`` that are not among them: original -> its copies' ids."""
        ids = list(dict.fromkeys(ids))
        chosen = set(ids)
        found: dict[str, list[str]] = {}
        for chunk in chunks_of(ids):
            for copy, original in self.db.execute(f"SELECT id, copy_of FROM articles WHERE copy_of IN "
                                                  f"({', '.join('?' * len(chunk))}) ORDER BY seq", chunk):
                if copy not in chosen:
                    found.setdefault(original, []).append(copy)
        return found

    @sql_errors
    def values_of(self, column: str) -> dict[str, int]:
        """Each value of an article metadata column (``source``, ``section``) with its number of articles."""
        if column not in EDITABLE:
            raise ValueError(f"{column!r} is not an article metadata column")
        return dict(self.db.execute(f"SELECT {_q(column)}, count(*) FROM articles WHERE {_q(column)} IS NOT NULL "
                                    f"GROUP BY {_q(column)} ORDER BY count(*) DESC, {_q(column)}").fetchall())

    @sql_errors
    def has_value(self, column: str, value: str) -> bool:
        """Whether an article has this ``source`` or ``section`` (case-insensitive; through its index)."""
        if column not in ("source", "section"):
            raise ValueError(f"{column!r} has no index")
        row = self.db.execute(f"SELECT 1 FROM articles WHERE {_q(column)} = ? COLLATE NOCASE LIMIT 1",
                              (value,)).fetchone()
        return row is not None

    # -- the speakers' people, for SQL (newslens.sql) --

    @sql_errors
    def quote_ids(self, *, with_copies: bool = False) -> list[int]:
        """The key (qid) of every stored quote, in the order ``quotes(act='all')`` gives them."""
        where: list[str] = []
        self._keep(where, None, "article", with_copies)
        return [row[0] for row in self._select("quotes", ("qid",), where, [])]

    @sql_errors
    def counts(self) -> dict[str, int]:
        """The number of rows of each table (articles, entities, mentions, quotes, analyses, ...)."""
        return {table: self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}

    def _keep(self, where: list[str], keep: ArticleFilter | None, column: str = "id",
              with_copies: bool = False) -> None:
        """The one filter clause: rows of the articles ``keep`` keeps (``column`` holds their id), decided by the
        same predicate as for files (``ArticleFilter.where``), and, unless ``with_copies``, not of an article
        that is a copy of another."""
        if not with_copies:
            where.append("copy_of IS NULL" if column == "id" else
                         f"{column} NOT IN (SELECT id FROM articles WHERE copy_of > '')")
        if not keep:
            return
        keep.register(self.db)
        where.append(keep.where() if column == "id" else f"{column} IN (SELECT id FROM articles WHERE {keep.where()})")

    def _select(self, table: str, names: Iterable[str], where: list[str], params: list) -> Iterator[tuple]:
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

    @sql_errors
    def article_rows(self, keep: ArticleFilter | None, columns: Iterable[str], *,
                     with_copies: bool = False) -> Iterator[dict[str, Any]]:
        """The ``columns`` of the stored articles (any of the articles table's), each row keyed ``article`` by
        its id first, in the order they were added."""
        columns = tuple(columns)
        where: list[str] = []
        self._keep(where, keep, with_copies=with_copies)
        for row in self._select("articles", ("id", *columns), where, []):
            yield {"article": row[0], **dict(zip(columns, row[1:], strict=True))}

    @sql_errors
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
                entities=tuple(rows.entity(r) for r in self.db.execute(
                    f"SELECT article, {', '.join(map(_q, ENTITY_FIELDS))} FROM entities WHERE article=? "
                    "ORDER BY rowid", (id,))),
                mentions=tuple(rows.mention(r) for r in self.db.execute(
                    f"SELECT {', '.join(map(_q, field_names(Mention)))} FROM mentions WHERE article=? ORDER BY rowid",
                    (id,))),
                quotes=tuple(rows.quote(r) for r in self.db.execute(
                    f"SELECT {', '.join(map(_q, field_names(Quote)))} FROM quotes WHERE article=? ORDER BY rowid",
                    (id,))),
            )

    @sql_errors
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
        one_of(where, params, ("type", values_of(type)), ("name", tuple(names)))
        self._keep(where, keep, "article", with_copies)
        if fields is None:
            for row in self._select("entities", ("article", *ENTITY_FIELDS), where, params):
                yield rows.entity(row)
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

    def people_named(self, names: Iterable[str], fields: Iterable[str] | None = None) -> Iterator[Entity]:
        """The person entities of these names in every article, copies left out: by the names index alone (with
        the type in SQL too, SQLite would walk every person of the store)."""
        for chunk in chunks_of(names):
            yield from (e for e in self.entities(names=chunk, fields=fields) if e.type == "person")

    @sql_errors
    def person_speakers_in(self, names: Iterable[str], *, acts: Iterable[str] = ()) -> list[tuple[str, str, str]]:
        """(article, speaker, type) for every article that quotes a person (or institution) speaker named in
        ``names`` (with a quote of one of the ``acts``), copies left out: what a person's corpus gender needs,
        without reading every quote."""
        # `copy_of > ''` (an id is never empty) lets SQLite use its index, where IS NOT NULL scans the articles
        # an institution speaker may be a person's name that its article typed otherwise (`Kilroy-Silk`)
        where = ["speaker_type IN ('person', 'institution')",
                 "article NOT IN (SELECT id FROM articles WHERE copy_of > '')"]
        params: list = []
        one_of(where, params, (ACT, tuple(acts)))
        found: list[tuple[str, str, str]] = []
        for chunk in chunks_of(names):
            found += self.db.execute(
                f"SELECT DISTINCT article, speaker, speaker_type FROM quotes WHERE speaker IN "
                f"({', '.join('?' * len(chunk))}) AND {' AND '.join(where)} ORDER BY article, speaker",
                [*chunk, *params]).fetchall()
        return found

    @sql_errors
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
        one_of(where, params, ("type", values_of(type)), ("form", () if ALL_ACTS in forms else forms))
        self._keep(where, keep, "article", with_copies)
        for row in self._select("mentions", field_names(Mention), where, params):
            yield rows.mention(row)

    @sql_errors
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
        chosen = QuoteFilter(kinds=values_of(kind), acts=acts_of(act), speaker_types=values_of(speaker_type),
                             min_confidence=min_confidence, search=search, speaker=speaker,
                             also_speakers=tuple(also_speakers))
        yield from self.quotes_kept(chosen, keep, with_copies=with_copies)

    @sql_errors
    def quotes_kept(self, chosen: QuoteFilter, keep: ArticleFilter | None = None, *,
                    with_copies: bool = False) -> Iterator[Quote]:
        """The stored quotes a QuoteFilter keeps, of the articles ``keep`` keeps, in order: its SQL narrows, and
        its speaker rule decides on each quote's stored names."""
        where, params = chosen.where()
        self._keep(where, keep, "article", with_copies)
        for row in self._select("quotes", (*field_names(Quote), "speaker_names"), where, params):
            quote = rows.quote(row)
            if chosen.speaker and not chosen.keeps_speaker(
                    quote, json.loads(row[-1]) if row[-1] else [quote.speaker, quote.speaker_text]):
                continue
            yield quote

    # -- the speaker totals and the corpus's names --

    @sql_errors
    def speaker_totals(self, *, speaker_types: Iterable[str] = (), act: str | None = None,
                       limit: int | None = None) -> list[dict[str, Any]]:
        """`newslens speakers` over the whole store, copies left out, from the totals kept as articles come and
        go (no scan of the quotes), for one ``act`` or (None) all: ranked by quotes, then words quoted, then
        name; the role is the one given most often (the first given, on a tie)."""
        return self.totals.speakers(speaker_types=speaker_types, act=act, limit=limit)

    @sql_errors
    def entity_totals(self, *, speaker_types: Iterable[str] = (), act: str | None = None,
                      limit: int | None = None) -> list[dict[str, Any]]:
        """``speaker_totals`` for the corpus's entities: each speaker under the name of its corpus entity
        (``newslens.linking``: `Clinton` of one article and `Bill Clinton` of another counted together), its
        role the one given most often under any of its names. An article that quotes one entity under two of
        its names (rare: the entity layer gives a person one name per article) counts twice in ``articles``."""
        return self.totals.entities(self.names.linked_names, speaker_types=speaker_types, act=act, limit=limit)

    @sql_errors
    def links(self, names: Iterable[tuple[str, str]] | None = None) -> dict[tuple[str, str], linking.Link]:
        """Where the corpus's names go (``newslens.linking``): (type, name) -> Link, for the names given (all
        when None) that belong to an entity under another name or type."""
        return self.names.links(names)

    @sql_errors
    def linked_names(self, entities: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """The other per-article names (type, name) of each corpus entity (type, name) given."""
        return self.names.linked_names(entities)

    @sql_errors
    def names_like(self, names: Iterable[str]) -> list[tuple[str, str]]:
        """The corpus's names (type, name) written as one of ``names`` but for case and accents."""
        return self.names.names_like(names)
