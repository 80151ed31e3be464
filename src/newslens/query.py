"""What each command shows, from articles being read (analyzed or cached) or from the corpus store.

Both sources give the same rows (``newslens.views``) for the same articles; the store's come from SQL and
never touch spaCy. Rows come in batches (one per article from files, a few hundred from the store) so that
CSV, TSV and JSONL stream; ``arrange`` applies ``--sort`` and ``--limit``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from newslens import views
from newslens.batching import batched
from newslens.records import Article, Entity, Quote

Rows = list[dict[str, Any]]
CHUNK = 500


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

    def quotes(self, *, speaker: str | None = None, kinds: Iterable[str] = (),
               speaker_types: Iterable[str] = ()) -> Iterator[list[Quote]]:
        for article in self.articles:
            yield [q for q in article.quotes
                   if views.quote_matches(q, article, speaker=speaker, kinds=kinds, speaker_types=speaker_types)]

    def summaries(self) -> Iterator[Rows]:
        for article in self.articles:
            yield [{**article.summary(), "copy_of": self.copy_of.get(article.id)}]

    def speaker_totals(self, **_filters) -> None:
        return None  # files are counted quote by quote

    def whole(self) -> Iterator[Article]:
        """The Articles themselves, text and records (for the views that draw an article)."""
        yield from self.articles


class StoreSource:
    """Rows from the corpus store, for the articles the filter keeps (copies left out unless
    ``with_copies``)."""

    def __init__(self, store, keep=None, *, with_copies: bool = False):
        self.store, self.keep, self.with_copies = store, keep, with_copies

    def entities(self, *, types: Iterable[str] = ()) -> Iterator[Entity]:
        return self.store.entities(self.keep, types=types, with_copies=self.with_copies)

    def mentions(self, *, types: Iterable[str] = (), forms: Iterable[str] = ()) -> Iterator[Rows]:
        return _chunks(m.to_dict() for m in self.store.mentions(self.keep, types=types, forms=forms,
                                                                   with_copies=self.with_copies))

    def quotes(self, *, speaker: str | None = None, kinds: Iterable[str] = (),
               speaker_types: Iterable[str] = ()) -> Iterator[list[Quote]]:
        return _chunks(self.store.quotes(self.keep, speaker=speaker, kinds=kinds, speaker_types=speaker_types,
                                         with_copies=self.with_copies))

    def summaries(self) -> Iterator[Rows]:
        return _chunks(self.store.summaries(self.keep, with_copies=self.with_copies))

    def speaker_totals(self, *, speaker_types: Iterable[str] = (), limit: int | None = None) -> Rows | None:
        """The store's running totals, when they answer the question: the whole store, copies left out."""
        if self.keep or self.with_copies:
            return None
        return self.store.speaker_totals(speaker_types=speaker_types, limit=limit)

    def whole(self) -> Iterator[Article]:
        return self.store.articles(self.keep)


def _chunks(items: Iterable) -> Iterator[list]:
    return batched(items, size=CHUNK)


# -- one function per command: batches of rows --

def entity_rows(source, *, types: Iterable[str] = ()) -> Iterator[Rows]:
    # entities merge within their type, so the type can be chosen first (through the store's index)
    yield views.entity_rows(views.merge_entities(source.entities(types=types)), types=types)


def mention_rows(source, *, types: Iterable[str] = (), forms: Iterable[str] = ()) -> Iterator[Rows]:
    return source.mentions(types=types, forms=forms)


def quote_rows(source, **filters: Any) -> Iterator[Rows]:
    for quotes in source.quotes(**filters):
        yield views.quote_rows(quotes)


def speaker_rows(source, *, speaker_types: Iterable[str] = (), per_article: bool = False,
                 limit: int | None = None) -> Iterator[Rows]:
    """Who is quoted most. The store's running totals answer for the whole store at once; otherwise the quotes
    are counted (``limit``: the caller wants no more rows than this, in the ranking's order)."""
    totals = None if per_article else source.speaker_totals(speaker_types=speaker_types, limit=limit)
    if totals is not None:
        yield totals
        return
    yield views.speaker_rows((q for quotes in source.quotes(speaker_types=speaker_types) for q in quotes),
                             per_article=per_article)


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
