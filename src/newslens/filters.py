"""Which articles a query keeps: by source, section, published date and article id. One predicate serves both
the files a command reads (before they are analyzed) and the store (as an SQL function), so both agree."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cached_property

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
