"""Which articles and which quotes a query keeps. Each filter is one object that both decides for a record in hand
(the files a command reads) and writes its SQL (the store), so that both agree:

* ``ArticleFilter``: by source, section, published date and article id; its predicate is also the store's SQL
  function (``newslens_keeps``), narrowed through the index of ids when ids are asked for;
* ``QuoteFilter``: by kind, act, speaker type, confidence, the words of the text (``newslens.search``) and the
  speaker's names (``newslens.names``), through the store's full-text indexes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cached_property
from typing import Any

from newslens.names import query_words, speaker_matches, speaker_names
from newslens.records import SPEECH
from newslens.search import fts_query, text_matches

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def date_bound(value: str, *, end: bool = False) -> str:
    """An ISO date bound from YYYY, YYYY-MM or YYYY-MM-DD: the first day of the period, or with ``end`` the
    last (as a string that compares right, so '2005-02' ends at '2005-02-31'). Raises ValueError."""
    match = _DATE.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = match.groups()
    month_ = int(month) if month else (12 if end else 1)
    day_ = int(day) if day else (31 if end else 1)
    if not (1 <= month_ <= 12 and 1 <= day_ <= 31):
        raise ValueError(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return f"{year}-{month_:02d}-{day_:02d}"


@dataclass(frozen=True)
class ArticleFilter:
    """Keep an article when its source is one of ``sources`` and its section one of ``sections`` (both
    case-insensitive), its published date is within ``since``..``until`` (inclusive; an article without a date
    is dropped by either bound) and its id matches one of the ``articles`` glob patterns (``*``, ``?``,
    ``[...]``; an exact id is a pattern too).

    >>> ArticleFilter(sources=("BBC News",), articles=("bbc/*",)).keeps("bbc/tech/001.txt", "bbc news", None)
    True
    """

    sources: tuple[str, ...] = ()
    since: str | None = None  # YYYY-MM-DD
    until: str | None = None
    articles: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.sources or self.since or self.until or self.articles or self.sections)

    @cached_property
    def _folded(self) -> tuple[frozenset[str], frozenset[str]]:
        return frozenset(s.casefold() for s in self.sources), frozenset(s.casefold() for s in self.sections)

    @cached_property
    def _ids(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """(exact ids, glob patterns) of ``articles``: an id without a glob character is looked up, not matched."""
        exact = frozenset(p for p in self.articles if not has_glob(p))
        return exact, tuple(p for p in self.articles if p not in exact)

    def keeps(self, id: str, source: str | None, published: str | None, section: str | None = None) -> bool:
        sources, sections = self._folded
        if sources and (source or "").casefold() not in sources:
            return False
        if sections and (section or "").casefold() not in sections:
            return False
        if self.since or self.until:
            day = (published or "")[:10]
            if not day or (self.since and day < self.since) or (self.until and day > self.until):
                return False
        if not self.articles:
            return True
        exact, patterns = self._ids
        return id in exact or any(fnmatchcase(id, pattern) for pattern in patterns)

    def keeps_document(self, document) -> bool:
        return self.keeps(document.id, document.source, document.published, document.section)

    def where(self) -> str:
        """The filter as an SQL condition over the articles table (``id``, ``source``, ``published``,
        ``section``): ``keeps`` itself, as the SQL function ``newslens_keeps`` (``register`` it on the
        connection first), after a condition on ``id`` that SQLite answers through the index of ids when ids
        or glob patterns are asked for (their exact ids, the prefixes of their patterns; none when a pattern
        has a bracket: fnmatch's `[!a]` is no GLOB).

        >>> ArticleFilter(articles=("bbc/*", "x")).where()
        "(id GLOB 'bbc/*' OR id IN ('x')) AND newslens_keeps(id, source, published, section)"
        """
        clauses = []
        if self.articles and not any("[" in pattern for pattern in self.articles):
            exact = [p for p in self.articles if not has_glob(p)]
            terms = [f"id GLOB {_literal(p)}" for p in self.articles if has_glob(p)]
            if exact:
                terms.append(f"id IN ({', '.join(map(_literal, exact))})")
            clauses.append(f"({' OR '.join(terms)})")
        return " AND ".join([*clauses, f"{KEEPS_FUNCTION}(id, source, published, section)"])

    def register(self, db) -> None:
        """Make ``keeps`` the SQL function that ``where`` calls, on an sqlite3 connection."""
        db.create_function(KEEPS_FUNCTION, 4, self.keeps, deterministic=True)


KEEPS_FUNCTION = "newslens_keeps"


def _literal(text: str) -> str:
    """A string as an SQL literal."""
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class QuoteFilter:
    """Keep a quote when its kind is one of ``kinds``, its act one of ``acts`` (a quote of a store made before
    acts has none and passes as speech), its speaker type one of ``speaker_types``, its confidence reaches
    ``min_confidence`` (a quote without one, the rules alone, fails), its text has the words of ``search``
    (``newslens.search``) and its speaker's names match ``speaker`` (``names.speaker_matches``), or its speaker
    is one of ``also_speakers`` (the other names of the corpus entity that ``speaker`` names). An empty value is
    no filter.

    >>> from newslens.records import Quote
    >>> QuoteFilter(kinds=("direct",), speaker="Blair").keeps(Quote("a", "Tony Blair", "person", "said", "direct",
    ...                                                             "We will.", 0, 8))
    True
    """

    kinds: tuple[str, ...] = ()
    acts: tuple[str, ...] = ()
    speaker_types: tuple[str, ...] = ()
    min_confidence: float | None = None
    search: str | None = None
    speaker: str | None = None
    also_speakers: tuple[str, ...] = ()

    def keeps(self, quote, article=None, names: Sequence[str | None] | None = None) -> bool:
        """Whether the quote passes; the speaker is matched on ``names``, else on the quote's own names in
        ``article`` (``names.speaker_names``)."""
        if self.min_confidence is not None and (quote.confidence is None or quote.confidence < self.min_confidence):
            return False
        if self.kinds and quote.kind not in self.kinds:
            return False
        if self.acts and (quote.act or SPEECH) not in self.acts:
            return False
        if self.speaker_types and quote.speaker_type not in self.speaker_types:
            return False
        if self.search and not text_matches(self.search, quote.text):
            return False
        return self.keeps_speaker(quote, speaker_names(quote, article) if names is None else names)

    def keeps_speaker(self, quote, names: Sequence[str | None]) -> bool:
        """The speaker part alone: ``speaker`` matches one of the ``names``, or the speaker is one of
        ``also_speakers``."""
        return not self.speaker or quote.speaker in self.also_speakers or speaker_matches(self.speaker, names)

    def where(self) -> tuple[list[str], list[Any]]:
        """The filter as SQL conditions over the store's quotes table, with their parameters. The speaker's
        names are narrowed through the full-text index of their folded words (``quote_names``: every quote
        whose names have each word of the query, a superset), then decided by ``keeps_speaker``; the words of
        the text through the index of the quotes' words (``quote_words``)."""
        where: list[str] = []
        params: list[Any] = []
        for column, chosen in (("kind", self.kinds), ("speaker_type", self.speaker_types),
                               (f"coalesce(act, '{SPEECH}')", self.acts)):
            if chosen:
                where.append(f"{column} IN ({', '.join('?' * len(chosen))})")
                params.extend(chosen)
        if self.min_confidence is not None:
            where.append("confidence >= ?")  # NULL (the rules alone) fails, as in ``keeps``
            params.append(self.min_confidence)
        words = query_words(self.speaker or "")
        if words:
            named = "qid IN (SELECT rowid FROM quote_names WHERE quote_names MATCH ?)"
            params.append(" AND ".join('"' + word.replace('"', '""') + '"' for word in words))
            if self.also_speakers:
                named = f"({named} OR speaker IN ({', '.join('?' * len(self.also_speakers))}))"
                params.extend(self.also_speakers)
            where.append(named)
        if self.search is not None and (matching := fts_query(self.search)):
            where.append("qid IN (SELECT rowid FROM quote_words WHERE quote_words MATCH ?)")
            params.append(matching)
        return where, params


def has_glob(pattern: str) -> bool:
    """Whether an --article value is a glob pattern (``*``, ``?`` or ``[``) rather than an id."""
    return any(ch in pattern for ch in "*?[")


def values_of(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """A filter's values, given as one string or several (None: none)."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def article_filter(keep: ArticleFilter | None = None, *, source: str | Iterable[str] = (), since: str | None = None,
                   until: str | None = None, article: str | Iterable[str] = (),
                   section: str | Iterable[str] = ()) -> ArticleFilter | None:
    """The filter of the command line's ``--source``, ``--section``, ``--since``, ``--until`` and ``--article``
    given as keyword arguments (dates as YYYY, YYYY-MM or YYYY-MM-DD), or ``keep`` itself when none is given.
    Raises InputError for a date that is not one, or for both ``keep`` and keywords."""
    from newslens.errors import InputError

    sources, articles, sections = values_of(source), values_of(article), values_of(section)
    if not (sources or since or until or articles or sections):
        return keep
    if keep:
        raise InputError("give the filters either as an ArticleFilter or as keywords, not both")
    try:
        return ArticleFilter(sources=sources, since=date_bound(_day(since)) if since else None,
                             until=date_bound(_day(until), end=True) if until else None, articles=articles,
                             sections=sections)
    except ValueError as err:
        raise InputError(str(err)) from err


def _day(value) -> str:
    """A date bound as text: a date or datetime object (or pandas Timestamp) as its day."""
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)
