"""What each command shows, from articles being read (analyzed or cached) or from the corpus store.

Both sources (``ArticleSource``, ``StoreSource``) are a ``Source``, and give the same rows (``newslens.views``)
for the same articles; the store's come from SQL and never touch spaCy. Both filter quotes with one object
(``filters.QuoteFilter``: the files' records decided by it, the store's narrowed by its SQL). Rows come in
batches (one per article from files, a few hundred from the store) so that CSV, TSV and JSONL stream;
``arrange`` applies ``--sort`` and ``--limit``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from newslens import linking, views
from newslens.batching import batched
from newslens.filters import QuoteFilter
from newslens.gender import Overrides, apply_overrides
from newslens.linking import Key, Link, LinkOverrides
from newslens.names import speaker_names
from newslens.records import Article, Entity, Quote

Rows = list[dict[str, Any]]
CHUNK = 500


@dataclass
class Quoted:
    """What the speaker views need: quotes (their speakers under their corpus names), the people entities of
    their articles (and the entities of other types the corpus takes for people), each article's metadata
    (``source``, ``published``) by id, and the corpus links of those entities' names."""

    quotes: list[Quote]
    people: list[Entity]
    articles: dict[str, dict[str, Any]]
    links: dict[Key, Link]


@runtime_checkable
class Source(Protocol):
    """What a query command reads, files or the store: the same methods, the same rows for the same articles,
    copies left out unless ``with_copies``, names under their corpus entities (``newslens.linking``)."""

    with_copies: bool
    link_overrides: LinkOverrides | None

    def links(self, keys: Iterable[Key] | None = None) -> dict[Key, Link]:
        """The corpus links of these names (all when None)."""

    def entities(self, *, types: Iterable[str] = ()) -> Iterator[Entity]:
        """Per-article entities of these types (all when empty)."""

    def linked_entities(self, types: Iterable[str] = ()) -> tuple[list[Entity], dict[Key, Link]]:
        """The per-article entities of the corpus entities of these types, with the links that join them."""

    def mentions(self, *, types: Iterable[str] = (), forms: Iterable[str] = ()) -> Iterator[Rows]:
        """Mention rows in batches."""

    def quotes(self, *, speaker: str | None = None, kinds: Iterable[str] = (), speaker_types: Iterable[str] = (),
               acts: Iterable[str] = (), min_confidence: float | None = None,
               search: str | None = None) -> Iterator[list[Quote]]:
        """The quotes that pass the filters (``quote_filter``), each speaker under its corpus name, in batches."""

    def summaries(self) -> Iterator[Rows]:
        """One ``newslens articles`` row per article, in batches."""

    def speaker_totals(self, *, speaker_types: Iterable[str] = (), acts: Iterable[str] = (),
                       limit: int | None = None) -> Rows | None:
        """The speakers' totals when the source keeps them for this question, else None (counted quote by
        quote)."""

    def whole(self) -> Iterator[Article]:
        """The Articles themselves, text and records."""

    def quoted_people(self, *, speaker_types: Iterable[str] = (), acts: Iterable[str] = ()) -> Quoted:
        """What the speaker views need, in one pass."""


def quote_filter(*, speaker: str | None = None, kinds: Iterable[str] = (), acts: Iterable[str] = (),
                 min_confidence: float | None = None, search: str | None = None,
                 also_speakers: Iterable[str] = ()) -> QuoteFilter:
    """The one quote filter both sources apply (the speaker type is decided after linking, on the corpus
    entity's type, by each source)."""
    return QuoteFilter(kinds=tuple(kinds), acts=tuple(acts), min_confidence=min_confidence, search=search,
                       speaker=speaker, also_speakers=tuple(also_speakers))


class ArticleSource:
    """Rows from Articles as they are analyzed (or read from the cache): one batch per article. Unless
    ``with_copies``, an article that is a copy of one read before it (``newslens.copies``) is left out."""

    def __init__(self, articles: Iterable[Article], *, with_copies: bool = False,
                 link_overrides: LinkOverrides | None = None):
        self.with_copies = with_copies
        self.link_overrides = link_overrides
        self.copy_of: dict[str, str | None] = {}
        self._links: dict[Key, Link] | None = None
        stories = self._stories(articles)
        # a list stays a list, to be read more than once (summary); a stream stays a stream
        self.articles: Iterable[Article] = list(stories) if isinstance(articles, list | tuple) else stories

    def links(self, keys: Iterable[Key] | None = None) -> dict[Key, Link]:  # noqa: ARG002 (the store's narrows)
        """The corpus links of the articles' names (``newslens.linking``): every article is read (analyzed)
        before the first row, since a name's entity depends on the whole corpus."""
        if self._links is None:
            if not isinstance(self.articles, list):
                self.articles = list(self.articles)
            self._links = dict(linking.link((e for a in self.articles for e in a.entities), self.link_overrides))
        return self._links

    def _stories(self, articles: Iterable[Article]) -> Iterator[Article]:
        from newslens.copies import CopyFinder

        finder = CopyFinder()
        for article in articles:
            copy_of = self.copy_of[article.id] = finder.copy_of(article.id, article.text)
            if copy_of is None or self.with_copies:
                yield article

    def entities(self, *, types: Iterable[str] = ()) -> Iterator[Entity]:
        types = set(types)
        for article in self.articles:
            yield from (e for e in article.entities if not types or e.type in types)

    def linked_entities(self, types: Iterable[str] = ()) -> tuple[list[Entity], dict[Key, Link]]:
        """The per-article entities of the corpus entities of these types (all when empty), with the links."""
        types = set(types)
        links = self.links()
        return [e for e in self.entities() if not types or linking.target(links, e.type, e.name)[0] in types], links

    def mentions(self, *, types: Iterable[str] = (), forms: Iterable[str] = ()) -> Iterator[Rows]:
        links = self.links()
        for article in self.articles:
            yield views.mention_rows(article.mentions, types=types, forms=forms, links=links)

    def quotes(self, *, speaker: str | None = None, kinds: Iterable[str] = (), speaker_types: Iterable[str] = (),
               acts: Iterable[str] = (), min_confidence: float | None = None,
               search: str | None = None) -> Iterator[list[Quote]]:
        """The quotes that pass the filters, each speaker under its corpus name; ``speaker`` matches any name
        of the speaker's corpus entity (`Clinton` in one article finds `Bill Clinton` of another)."""
        links = self.links()
        names = linking.names_of(links) if speaker else {}
        chosen = quote_filter(speaker=speaker, kinds=kinds, acts=acts, min_confidence=min_confidence, search=search)
        for article in self.articles:
            # the speaker matched on its own names and on those of its corpus entity
            kept = [(q, own) for q, own in zip(views.linked_quotes(article.quotes, links), article.quotes, strict=True)
                    if chosen.keeps(own, article, names=[*speaker_names(own, article),
                                                         *names.get((q.speaker_type, q.speaker or ""), ())]
                                    if speaker else ())]
            yield [q for q, _ in kept if not speaker_types or q.speaker_type in speaker_types]

    def summaries(self) -> Iterator[Rows]:
        for article in self.articles:
            yield [{**article.summary(), "copy_of": self.copy_of.get(article.id)}]

    def speaker_totals(self, *, speaker_types: Iterable[str] = (), acts: Iterable[str] = (),  # noqa: ARG002
                       limit: int | None = None) -> None:  # noqa: ARG002
        return None  # files are counted quote by quote

    def whole(self) -> Iterator[Article]:
        """The Articles themselves, text and records (for the views that draw an article)."""
        yield from self.articles

    def quoted_people(self, *, speaker_types: Iterable[str] = (), acts: Iterable[str] = ()) -> Quoted:
        """The quotes, the people entities and each article's source and date, in one pass over the articles."""
        links = self.links()
        found = Quoted([], [], {}, links)
        for article in self.articles:
            found.quotes.extend(q for q in views.linked_quotes(article.quotes, links)
                                if views.quote_matches(q, article, speaker_types=speaker_types, acts=acts))
            found.people.extend(e for e in article.entities
                                if linking.target(links, e.type, e.name)[0] == "person")
            found.articles[article.id] = {"source": article.source, "published": article.published}
        return found


class StoreSource:
    """Rows from the corpus store, for the articles the filter keeps (copies left out unless
    ``with_copies``), each name under its corpus entity as the store keeps them linked (``newslens.linking``)."""

    def __init__(self, store, keep=None, *, with_copies: bool = False, link_overrides: LinkOverrides | None = None):
        self.store, self.keep, self.with_copies = store, keep, with_copies
        self.link_overrides = link_overrides

    def links(self, keys: Iterable[Key] | None = None) -> dict[Key, Link]:
        """The store's links of these names (all when None), with the user's overrides."""
        keys = None if keys is None else set(keys)
        found = self.store.links(keys)
        if self.link_overrides is None:
            return found
        listed = self.store.names_like(self.link_overrides.names)
        return self.link_overrides.apply(found, [k for k in listed if keys is None or k in keys] + list(keys or ()))

    def entities(self, *, types: Iterable[str] = (), fields: Iterable[str] | None = None) -> Iterator[Entity]:
        return self.store.entities(self.keep, type=tuple(types), with_copies=self.with_copies, fields=fields)

    def linked_entities(self, types: Iterable[str] = (), fields: Iterable[str] | None = None,
                        ) -> tuple[list[Entity], dict[Key, Link]]:
        """The per-article entities of the corpus entities of these types (all when empty), those typed
        otherwise by their own article among them, with the links that join them."""
        types = tuple(types)
        links = self.links()
        entities = list(self.entities(types=types, fields=fields))
        if types:
            others = {k[1] for k, link in links.items() if link.type in types and k[0] not in types}
            entities += [e for e in self.store.entities(self.keep, names=others, with_copies=self.with_copies,
                                                        fields=fields) if e.type not in types] if others else []
            entities = [e for e in entities if linking.target(links, e.type, e.name)[0] in types]
        return entities, links

    def people_named(self, names: Iterable[str]) -> Iterator[Entity]:
        """The entities of these per-article names, in every article (copies left out), with the speaker views'
        fields: what the listed speakers' corpus genders are decided from (by the names index, a few hundred
        names at a time; no name, no entity)."""
        names = list(dict.fromkeys(names))
        for start in range(0, len(names), 500):
            yield from self.store.entities(names=names[start:start + 500], fields=views.PEOPLE_FIELDS)

    def mentions(self, *, types: Iterable[str] = (), forms: Iterable[str] = ()) -> Iterator[Rows]:
        # the type filter is the corpus entity's: read every type, link, then keep
        for batch in _chunks(self.store.mentions(self.keep, form=tuple(forms) or None,
                                                 with_copies=self.with_copies)):
            links = self.links({(m.type, m.entity) for m in batch})
            rows = views.mention_rows(batch, types=types, links=links)
            if rows:
                yield rows

    def quotes(self, *, speaker: str | None = None, kinds: Iterable[str] = (), speaker_types: Iterable[str] = (),
               acts: Iterable[str] = (), min_confidence: float | None = None,
               search: str | None = None) -> Iterator[list[Quote]]:
        """The quotes, each speaker under its corpus name; ``speaker`` also finds the quotes of the other names
        of the corpus entity it names (`Bill Clinton` finds `Clinton` of an article that has no full name)."""
        chosen = quote_filter(speaker=speaker, kinds=kinds, acts=acts, min_confidence=min_confidence, search=search,
                              also_speakers=self._other_names(speaker) if speaker else ())
        for batch in _chunks(self.store.quotes_kept(chosen, self.keep, with_copies=self.with_copies)):
            quotes = views.linked_quotes(batch, self.links({(q.speaker_type, q.speaker or "") for q in batch}))
            quotes = [q for q in quotes if not speaker_types or q.speaker_type in speaker_types]
            if quotes:
                yield quotes

    def _other_names(self, speaker: str) -> tuple[str, ...]:
        """The other per-article names of the corpus entities named ``speaker`` (as typed, or in title case)."""
        wanted = {speaker.strip(), speaker.strip().title()}
        found = self.store.linked_names((t, n) for t in ("person", "institution") for n in wanted)
        return tuple(dict.fromkeys(n for names in found.values() for _, n in names))

    def summaries(self) -> Iterator[Rows]:
        return _chunks(self.store.summaries(self.keep, with_copies=self.with_copies))

    def speaker_totals(self, *, speaker_types: Iterable[str] = (), acts: Iterable[str] = (),
                       limit: int | None = None) -> Rows | None:
        """The store's running totals of its corpus entities, when they answer the question: the whole store,
        copies left out, one act or all of them, the store's own links (no override file)."""
        acts = tuple(acts)
        if self.keep or self.with_copies or len(acts) > 1 or self.link_overrides is not None:
            return None
        return self.store.entity_totals(speaker_types=speaker_types, act=acts[0] if acts else None, limit=limit)

    def whole(self) -> Iterator[Article]:
        return self.store.articles(self.keep)

    def quoted_people(self, *, speaker_types: Iterable[str] = (), acts: Iterable[str] = ()) -> Quoted:
        copies = self.with_copies
        people, links = self.linked_entities(("person",), fields=views.PEOPLE_FIELDS)
        quotes = views.linked_quotes(self.store.quotes(self.keep, act=tuple(acts) or None, with_copies=copies),
                                     links)
        return Quoted([q for q in quotes if not speaker_types or q.speaker_type in speaker_types], people,
                      {row["article"]: row for row in self.store.article_rows(self.keep, ("source", "published"),
                                                                              with_copies=copies)}, links)

    def speakers_quoted(self, names: Iterable[str], acts: Iterable[str] = ()) -> list[views.Said]:
        """Which articles quote each of the person speakers ``names`` (per-article names; the store's copies
        left out)."""
        return [views.Said(*row) for row in self.store.person_speakers_in(names, acts=acts)]


def _chunks(items: Iterable) -> Iterator[list]:
    return batched(items, size=CHUNK)


# -- one function per command: batches of rows --

def merged_entities(source: Source, *, types: Iterable[str] = (), genders: Overrides | None = None) -> list[Entity]:
    """The entities of the corpus, merged across its articles through the corpus links (``views.merge_entities``,
    ``newslens.linking``), with the overrides."""
    # entities merge into their corpus entity's type, so the type is chosen by the links (through the store's
    # index, and the names the corpus types otherwise)
    entities, links = source.linked_entities(types)
    return apply_overrides(views.merge_entities(entities, links), genders)


def entity_rows(source: Source, *, types: Iterable[str] = (), genders: Overrides | None = None) -> Iterator[Rows]:
    yield views.entity_rows(merged_entities(source, types=types, genders=genders), types=types)


def mention_rows(source: Source, *, types: Iterable[str] = (), forms: Iterable[str] = ()) -> Iterator[Rows]:
    return source.mentions(types=types, forms=forms)


def quote_rows(source: Source, **filters: Any) -> Iterator[Rows]:
    for quotes in source.quotes(**filters):
        yield views.quote_rows(quotes)


def speaker_rows(source: Source, *, speaker_types: Iterable[str] = (), acts: Iterable[str] = (),
                 per_article: bool = False, genders: Overrides | None = None,
                 limit: int | None = None) -> Iterator[Rows]:
    """Who is quoted most, each speaker under the name of its corpus entity. The store's running totals rank the
    whole store at once (``limit``: the caller wants no more rows than this, in the ranking's order), and only
    the listed people's genders are then looked up; otherwise the quotes are counted."""
    totals = None if per_article else source.speaker_totals(speaker_types=speaker_types, acts=acts, limit=limit)
    if totals is not None:
        yield _with_genders(source, totals, acts, genders)
        return
    found = source.quoted_people(speaker_types=speaker_types, acts=acts)
    yield views.speaker_rows(found.quotes, per_article=per_article, people=_people(found, per_article, genders))


def _with_genders(source: StoreSource, rows: Rows, acts: Iterable[str], genders: Overrides | None) -> Rows:
    """The store's totals with each person's corpus gender, decided as ``views.speaker_rows`` decides it, from
    the entities of the listed people's names (and of the other names linked to them) in every article, read
    through indexes: not from every person entity of the store (minutes and gigabytes at a million articles)."""
    people = [("person", r["speaker"]) for r in rows if r["speaker_type"] == "person"]
    members = source.store.linked_names(people)
    names = list(dict.fromkeys([n for _, n in people] + [n for names in members.values() for _, n in names]))
    entities = list(source.people_named(names))
    links = source.links({(e.type, e.name) for e in entities})
    quoted = [views.Said(s.article, *reversed(linking.target(links, s.speaker_type, s.speaker)))
              for s in source.speakers_quoted(names, acts)]
    decided = views.speaker_genders(quoted, views.corpus_people(entities, quoted, genders, links))
    for row in rows:
        person = row["speaker_type"] == "person"
        row["gender"], row["gender_source"] = decided.get(row["speaker"], (None, None)) if person else (None, None)
    return rows


def _people(found: Quoted, per_article: bool, genders: Overrides | None) -> dict:
    """(article, corpus name) -> the person's Entity with its gender: the corpus's, or with ``per_article``
    the article's own (the corpus's where the article says nothing that decides)."""
    corpus = views.corpus_people(found.people, found.quotes, genders, found.links)
    if per_article:
        return views.article_people(found.people, found.links, corpus, genders)
    return corpus


def gender_shares(source: Source, *, by: Sequence[str] = ("gender",), acts: Iterable[str] = (),
                  genders: Overrides | None = None) -> list[dict[str, Any]]:
    """The people quoted (their quotes, words) grouped by ``by`` (any of views.SHARE_KEYS), with the share of
    each gender in each group: what `speakers --by` shows, for any view that wants the shares."""
    return share_tables(source, [by], acts=acts, genders=genders)[0]


def share_tables(source: Source, bys: Sequence[Sequence[str]], *, acts: Iterable[str] = (),
                 genders: Overrides | None = None) -> list[list[dict[str, Any]]]:
    """``gender_shares`` for several groupings at once (the quotes and people read once)."""
    found = source.quoted_people(speaker_types=("person",), acts=acts)  # only people have a gender
    people = _people(found, False, genders)
    return [views.gender_shares(found.quotes, people, found.articles, by) for by in bys]


def quote_people(source: Source, *, genders: Overrides | None = None) -> list[tuple[Quote, tuple[str | None, ...]]]:
    """Every quote of the source (every act and speaker type, in order) with its (person, gender, gender_source)
    as ``gender_shares`` counts them (``views.quote_person``): what the Parquet export and the store's
    ``quote_facts`` view carry, so that they give the numbers `speakers --by gender` prints."""
    found = source.quoted_people(speaker_types=(), acts=())
    people = _people(found, False, genders)
    return [(q, views.quote_person(q, people)) for q in found.quotes]


def share_rows(source: Source, **options: Any) -> Iterator[Rows]:
    yield gender_shares(source, **options)


def article_rows(source: Source) -> Iterator[Rows]:
    return source.summaries()


# -- --sort and --limit --

def sort_key(column: str) -> tuple[str, bool]:
    """('name', descending) from 'name' or '-name'."""
    return (column[1:], True) if column.startswith("-") else (column, False)


def arrange(batches: Iterable[Rows], *, sort: Sequence[str] = (), limit: int | None = None) -> Iterator[Rows]:
    """The batches sorted by the ``sort`` columns (``-column`` for descending; empty values last, text without
    regard to case) and cut after ``limit`` rows. Without sorting, rows keep streaming and reading stops at the
    limit."""
    if sort:
        rows = [row for batch in batches for row in batch]
        for column, descending in reversed([sort_key(s) for s in sort]):
            present = [r for r in rows if r.get(column) is not None]
            present.sort(key=lambda r, c=column: _comparable(r[c]), reverse=descending)
            rows = present + [r for r in rows if r.get(column) is None]
        batches = [rows]
    if limit is None:
        yield from batches
        return
    left = limit
    if left <= 0:
        return
    for batch in batches:
        yield batch[:left]
        left -= len(batch)
        if left <= 0:
            return  # stop reading (and analyzing) here


def _comparable(value: Any) -> Any:
    if isinstance(value, str):
        return (1, value.casefold())
    if isinstance(value, bool | int | float):
        return (0, value)
    return (2, str(value))
