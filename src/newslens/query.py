"""What each command shows, from articles being read (analyzed or cached) or from the corpus store.

Both sources give the same rows (``newslens.views``) for the same articles; the store's come from SQL and
never touch spaCy. Rows come in batches (one per article from files, a few hundred from the store) so that
CSV, TSV and JSONL stream; ``arrange`` applies ``--sort`` and ``--limit``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from newslens import views
from newslens.batching import batched
from newslens.gender import Overrides, apply_overrides
from newslens.records import Article, Entity, Quote

Rows = list[dict[str, Any]]
CHUNK = 500


@dataclass
class Quoted:
    """What the speaker views need: quotes, the people entities of their articles, and each article's metadata
    (``source``, ``published``) by id."""

    quotes: list[Quote]
    people: list[Entity]
    articles: dict[str, dict[str, Any]]


class ArticleSource:
    """Rows from Articles as they are analyzed (or read from the cache): one batch per article. Unless
    ``with_copies``, an article that is a copy of one read before it (``newslens.copies``) is left out."""

    def __init__(self, articles: Iterable[Article], *, with_copies: bool = False):
        self.with_copies = with_copies
        self.copy_of: dict[str, str | None] = {}
        stories = self._stories(articles)
        # a list stays a list, to be read more than once (summary); a stream stays a stream
        self.articles: Iterable[Article] = list(stories) if isinstance(articles, list | tuple) else stories

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

    def mentions(self, *, types: Iterable[str] = (), forms: Iterable[str] = ()) -> Iterator[Rows]:
        for article in self.articles:
            yield views.mention_rows(article.mentions, types=types, forms=forms)

    def quotes(self, *, speaker: str | None = None, kinds: Iterable[str] = (), speaker_types: Iterable[str] = (),
               acts: Iterable[str] = (), min_confidence: float | None = None,
               search: str | None = None) -> Iterator[list[Quote]]:
        for article in self.articles:
            yield [q for q in article.quotes if views.quote_matches(
                q, article, speaker=speaker, kinds=kinds, speaker_types=speaker_types, acts=acts,
                min_confidence=min_confidence, search=search)]

    def summaries(self) -> Iterator[Rows]:
        for article in self.articles:
            yield [{**article.summary(), "copy_of": self.copy_of.get(article.id)}]

    def speaker_totals(self, **_filters) -> None:
        return None  # files are counted quote by quote

    def whole(self) -> Iterator[Article]:
        """The Articles themselves, text and records (for the views that draw an article)."""
        yield from self.articles

    def quoted_people(self, *, speaker_types: Iterable[str] = (), acts: Iterable[str] = ()) -> Quoted:
        """The quotes, the people entities and each article's source and date, in one pass over the articles."""
        found = Quoted([], [], {})
        for article in self.articles:
            found.quotes.extend(q for q in article.quotes
                                if views.quote_matches(q, article, speaker_types=speaker_types, acts=acts))
            found.people.extend(e for e in article.entities if e.type == "person")
            found.articles[article.id] = {"source": article.source, "published": article.published}
        return found


class StoreSource:
    """Rows from the corpus store, for the articles the filter keeps (copies left out unless
    ``with_copies``)."""

    def __init__(self, store, keep=None, *, with_copies: bool = False):
        self.store, self.keep, self.with_copies = store, keep, with_copies

    def entities(self, *, types: Iterable[str] = (), fields: Iterable[str] | None = None) -> Iterator[Entity]:
        return self.store.entities(self.keep, type=tuple(types), with_copies=self.with_copies, fields=fields)

    def people_named(self, names: Iterable[str]) -> Iterator[Entity]:
        """The person entities of these names, in every article (copies left out), with the speaker views'
        fields: what the listed speakers' corpus genders are decided from."""
        return self.store.people_named(names, fields=views.PEOPLE_FIELDS)

    def mentions(self, *, types: Iterable[str] = (), forms: Iterable[str] = ()) -> Iterator[Rows]:
        return _chunks(m.to_dict() for m in self.store.mentions(self.keep, type=tuple(types), form=tuple(forms) or None,
                                                                   with_copies=self.with_copies))

    def quotes(self, *, speaker: str | None = None, kinds: Iterable[str] = (), speaker_types: Iterable[str] = (),
               acts: Iterable[str] = (), min_confidence: float | None = None,
               search: str | None = None) -> Iterator[list[Quote]]:
        return _chunks(self.store.quotes(self.keep, speaker=speaker, kind=tuple(kinds),
                                         speaker_type=tuple(speaker_types), act=tuple(acts) or None,
                                         min_confidence=min_confidence, search=search, with_copies=self.with_copies))

    def summaries(self) -> Iterator[Rows]:
        return _chunks(self.store.summaries(self.keep, with_copies=self.with_copies))

    def speaker_totals(self, *, speaker_types: Iterable[str] = (), acts: Iterable[str] = (),
                       limit: int | None = None) -> Rows | None:
        """The store's running totals, when they answer the question: the whole store, copies left out, one act
        or all of them."""
        acts = tuple(acts)
        if self.keep or self.with_copies or len(acts) > 1:
            return None
        return self.store.speaker_totals(speaker_types=speaker_types, act=acts[0] if acts else None, limit=limit)

    def whole(self) -> Iterator[Article]:
        return self.store.articles(self.keep)

    def quoted_people(self, *, speaker_types: Iterable[str] = (), acts: Iterable[str] = ()) -> Quoted:
        copies = self.with_copies
        return Quoted(list(self.store.quotes(self.keep, speaker_type=tuple(speaker_types), act=tuple(acts) or None,
                                             with_copies=copies)),
                      list(self.entities(types=("person",), fields=views.PEOPLE_FIELDS)),
                      {row["article"]: row for row in self.store.article_rows(self.keep, ("source", "published"),
                                                                              with_copies=copies)})

    def speakers_quoted(self, names: Iterable[str], acts: Iterable[str] = ()) -> list[views.Said]:
        """Which articles quote each of the person speakers ``names`` (the store's copies left out)."""
        return [views.Said(*row) for row in self.store.person_speakers_in(names, acts=acts)]


def _chunks(items: Iterable) -> Iterator[list]:
    return batched(items, size=CHUNK)


# -- one function per command: batches of rows --

def merged_entities(source, *, types: Iterable[str] = (), genders: Overrides | None = None) -> list[Entity]:
    """The entities of the corpus, merged across its articles (``views.merge_entities``), with the overrides."""
    # entities merge within their type, so the type can be chosen first (through the store's index)
    return apply_overrides(views.merge_entities(source.entities(types=types)), genders)


def entity_rows(source, *, types: Iterable[str] = (), genders: Overrides | None = None) -> Iterator[Rows]:
    yield views.entity_rows(merged_entities(source, types=types, genders=genders), types=types)


def mention_rows(source, *, types: Iterable[str] = (), forms: Iterable[str] = ()) -> Iterator[Rows]:
    return source.mentions(types=types, forms=forms)


def quote_rows(source, **filters: Any) -> Iterator[Rows]:
    for quotes in source.quotes(**filters):
        yield views.quote_rows(quotes)


def speaker_rows(source, *, speaker_types: Iterable[str] = (), acts: Iterable[str] = (), per_article: bool = False,
                 genders: Overrides | None = None, limit: int | None = None) -> Iterator[Rows]:
    """Who is quoted most. The store's running totals rank the whole store at once (``limit``: the caller wants
    no more rows than this, in the ranking's order), and only the listed people's genders are then looked up;
    otherwise the quotes are counted."""
    totals = None if per_article else source.speaker_totals(speaker_types=speaker_types, acts=acts, limit=limit)
    if totals is not None:
        yield _with_genders(source, totals, acts, genders)
        return
    found = source.quoted_people(speaker_types=speaker_types, acts=acts)
    yield views.speaker_rows(found.quotes, per_article=per_article, people=_people(found, per_article, genders))


def _with_genders(source, rows: Rows, acts: Iterable[str], genders: Overrides | None) -> Rows:
    """The store's totals with each person's corpus gender, decided as ``views.speaker_rows`` decides it from
    the entities of the listed people's names in every article (read through an index). Unlike the full count,
    a one-word name of another article (`Blair` alone) is not joined to the full name here: reading every
    person entity of a million articles to find those takes minutes and gigabytes."""
    names = [r["speaker"] for r in rows if r["speaker_type"] == "person"]
    quoted = source.speakers_quoted(names, acts)
    people = views.corpus_people(source.people_named(names), quoted, genders)
    decided = views.speaker_genders(quoted, people)
    for row in rows:
        person = row["speaker_type"] == "person"
        row["gender"], row["gender_source"] = decided.get(row["speaker"], (None, None)) if person else (None, None)
    return rows


def _people(found: Quoted, per_article: bool, genders: Overrides | None) -> dict:
    """(article, name) -> the person's Entity with its gender: the article's own, or the corpus's."""
    if per_article:
        return views.people_index(apply_overrides(found.people, genders))
    return views.corpus_people(found.people, found.quotes, genders)


def gender_shares(source, *, by: Sequence[str] = ("gender",), acts: Iterable[str] = (),
                  genders: Overrides | None = None) -> list[dict[str, Any]]:
    """The people quoted (their quotes, words) grouped by ``by`` (any of views.SHARE_KEYS), with the share of
    each gender in each group: what `speakers --by` shows, for any view that wants the shares."""
    return share_tables(source, [by], acts=acts, genders=genders)[0]


def share_tables(source, bys: Sequence[Sequence[str]], *, acts: Iterable[str] = (),
                 genders: Overrides | None = None) -> list[list[dict[str, Any]]]:
    """``gender_shares`` for several groupings at once (the quotes and people read once)."""
    found = source.quoted_people(speaker_types=("person",), acts=acts)  # only people have a gender
    people = _people(found, False, genders)
    return [views.gender_shares(found.quotes, people, found.articles, by) for by in bys]


def quote_people(source, *, genders: Overrides | None = None) -> list[tuple[Quote, tuple[str | None, ...]]]:
    """Every quote of the source (every act and speaker type, in order) with its (person, gender, gender_source)
    as ``gender_shares`` counts them (``views.quote_person``): what the Parquet export and the store's
    ``quote_facts`` view carry, so that they give the numbers `speakers --by gender` prints."""
    found = source.quoted_people(speaker_types=(), acts=())
    people = _people(found, False, genders)
    return [(q, views.quote_person(q, people)) for q in found.quotes]


def share_rows(source, **options: Any) -> Iterator[Rows]:
    yield gender_shares(source, **options)


def article_rows(source) -> Iterator[Rows]:
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
