"""``newslens summary``: a corpus at a glance, computed from the very rows the other commands print.

The articles are ``articles``' rows, the top people, countries and institutions ``entities``' rows, the
most-quoted people ``speakers``' rows of persons (the other speakers counted apart, one line per kind: groups,
documents, unknown speakers) and the splits of the quotes ``quotes``' rows, read once from the same source
(files or the store): so a count here is the row count there. Women's share of the people quoted comes by
month and by source from `speakers --by month,gender` and `--by source,gender`, with the number of people
and the unknowns at each point. Quotes are split by every categorical
column in ``QUOTE_SPLITS`` that the rows have (a column added to the quote records later, a speech act or a
speaker's gender, is split by adding its name there), and counted per source and period where dates are known.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from newslens import query, views
from newslens.query import ArticleSource, StoreSource
from newslens.records import UNKNOWN_SPEAKER

TOP_TYPES = ("person", "country", "institution")
# the speakers that are no person, counted apart from the ranking of people: (label, what decides it)
APART = (("institutions", "institution"), ("groups and unnamed sources", "unnamed"),
         ("documents and other speakers", "unknown"), ("no speaker found", None))
QUOTE_SPLITS = ("speaker_type", "kind", "act", "speaker_gender")  # those the rows have are split
ENTITY_SPLITS = ("type", "gender")
UNDATED = "(no date)"
NO_SOURCE = "(no source)"


def replayable(source):
    """A source that can be read more than once: articles being analysed are kept (each analysed once)."""
    if isinstance(source, ArticleSource) and not isinstance(source.articles, list | tuple):
        # the copies were left out (or kept) by the source already
        replay = ArticleSource([], with_copies=True, link_overrides=source.link_overrides)
        replay.articles, replay.copy_of = list(source.articles), source.copy_of
        return replay
    return source


def summarize(source, *, top: int = 10, acts: Iterable[str] = ()) -> dict[str, Any]:
    """The summary of a query source as plain, JSON-ready data (see the module docstring).

    Over the store, the summary is kept there (``Store.keep_derived``) under its filter, ``top`` and the code
    that computes it, and served again while no article is added or removed: merging the entities of a
    corpus of thousands of articles takes longer than the rest of the command."""
    if isinstance(source, StoreSource):
        overrides = source.link_overrides
        key = json.dumps(["summary", _code_version(), top, _filter_key(source.keep), source.with_copies,
                          sorted(acts), sorted(overrides.names.items(), key=str) if overrides else None])
        kept = source.store.derived(key)
        if kept is None:
            kept = compute(source, top=top, acts=acts)
            source.store.keep_derived(key, kept)
        return kept
    return compute(source, top=top, acts=acts)


@cache
def _code_version() -> str:
    """A fingerprint of the code a summary is computed by (a changed rule never serves an old summary)."""
    digest = hashlib.sha1()
    package = Path(__file__).parent
    for name in ("summary.py", "views.py", "query.py", "names.py", "records.py", "linking.py"):
        digest.update((package / name).read_bytes())
    return digest.hexdigest()[:16]


def _filter_key(keep) -> list:
    return [list(keep.sources), keep.since, keep.until, list(keep.articles), list(keep.sections)] if keep else []


def compute(source, *, top: int = 10, acts: Iterable[str] = ()) -> dict[str, Any]:
    """The summary, computed from the rows of the commands (no kept result); the quotes of the ``acts`` (all
    when empty)."""
    source = replayable(source)
    articles = [row for batch in query.article_rows(source) for row in batch]
    entities = [row for batch in query.entity_rows(source) for row in batch]
    quotes = [q for batch in source.quotes(acts=acts) for q in batch]
    quote_rows = views.quote_rows(quotes)
    speakers = views.speaker_rows(quotes)
    people = [row for row in speakers if row["speaker_type"] == "person"]
    by_gender, by_month, by_source = query.share_tables(source, [("gender",), ("month", "gender"),
                                                                 ("source", "gender")], acts=acts)
    dates = sorted(row["published"][:10] for row in articles if row.get("published"))
    return {
        "articles": len(articles),
        "first": dates[0] if dates else None,
        "last": dates[-1] if dates else None,
        "dated": len(dates),
        "sources": _counted((row.get("source") or NO_SOURCE for row in articles), "source", "articles"),
        "counts": {"entities": len(entities), "mentions": sum(row["mentions"] or 0 for row in entities),
                   "quotes": len(quote_rows), "speakers": len(speakers)},
        "top": {t: sorted((_pick(row, "name", "mentions", "articles", "role") for row in entities
                           if row["type"] == t and row["mentions"]),
                          key=lambda row: -(row["mentions"] or 0))[:top] for t in TOP_TYPES},
        "speakers": [_pick(row, "speaker", "speaker_type", "quotes", "words", "articles", "role")
                     for row in people][:top],
        "speakers_apart": speakers_apart(speakers),
        "quote_splits": {column: dict(Counter(row[column] or "(none)" for row in quote_rows).most_common())
                         for column in QUOTE_SPLITS if any(column in row for row in quote_rows)},
        "entity_splits": {column: dict(Counter(row[column] or "(none)" for row in entities).most_common())
                          for column in ENTITY_SPLITS if any(column in row for row in entities)},
        # whose voices (`speakers --by gender`): the people quoted, unknowns counted
        "people_by_gender": by_gender,
        "women_by_month": women_series(by_month, "month"),
        "women_by_source": women_series(by_source, "source"),
        "over_time": over_time(articles, quote_rows),
        "sources_speakers": speakers_by_source(articles, quotes, top=min(top, 5)),
    }


def speakers_apart(speakers: list[dict]) -> list[dict]:
    """The quotes of the speakers that are no person, one line per kind (APART), with their three most quoted
    speakers as examples: what the ranking of people leaves out, shown beside it."""
    lines = []
    for label, kind in APART:
        if kind is None:
            rows = [r for r in speakers if r["speaker"] == UNKNOWN_SPEAKER]
        else:
            rows = [r for r in speakers if r["speaker_type"] == kind and r["speaker"] != UNKNOWN_SPEAKER]
        if rows:
            lines.append({"label": label, "quotes": sum(r["quotes"] for r in rows), "speakers": len(rows),
                          "examples": [r["speaker"] for r in rows[:3]] if kind else []})
    return lines


def women_series(rows: list[dict], key: str) -> dict[str, Any]:
    """Women's share of the people quoted per ``key`` (month or source), from `speakers --by KEY,gender` rows:
    each point with its number of people (``people``), women, men and unknowns, ``share`` (women among the
    people whose gender is known) and ``unknown_share``; points in order of month, or of people for sources.
    ``missing``: the people of the rows without a month or a source (counted per group, so a person quoted in
    two such groups counts twice), left out of the points."""
    points: dict[Any, dict[str, Any]] = {}
    for row in rows:
        point = points.setdefault(row[key], {key: row[key], "people": 0, "female": 0, "male": 0, "unknown": 0})
        point[row["gender"]] += row["people"]
        point["people"] += row["people"]
    missing = points.pop(None, {"people": 0})["people"]
    for point in points.values():
        known = point["female"] + point["male"]
        point["share"] = round(point["female"] / known, 4) if known else None
        point["unknown_share"] = round(point["unknown"] / point["people"], 4) if point["people"] else None
    order = sorted(points.values(), key=(lambda p: p[key]) if key == "month" else (lambda p: (-p["people"], p[key])))
    return {"key": key, "points": [p for p in order if p["people"]], "missing": missing}


def _pick(row: dict, *columns: str) -> dict:
    return {c: row.get(c) for c in columns}


def _counted(values: Iterable[str], key: str, count: str) -> list[dict]:
    return [{key: value, count: n} for value, n in Counter(values).most_common()]


def over_time(articles: list[dict], quote_rows: list[dict]) -> dict[str, Any]:
    """Quotes per source and period (month, or year when the dates span more than three years), for the
    articles with a date; ``periods`` in order and one count list per source."""
    where = {row["article"]: (row.get("source") or NO_SOURCE, (row.get("published") or "")[:10])
             for row in articles}
    dated = [day for _, day in where.values() if day]
    if not dated:
        return {"period": None, "periods": [], "series": {}, "undated_quotes": len(quote_rows)}
    span_years = int(max(dated)[:4]) - int(min(dated)[:4])
    width = 4 if span_years > 3 else 7  # YYYY or YYYY-MM
    counts: dict[str, Counter] = defaultdict(Counter)
    undated = 0
    for row in quote_rows:
        source, day = where.get(row["article"], (NO_SOURCE, ""))
        if not day:
            undated += 1
            continue
        counts[source][day[:width]] += 1
    periods = _periods(min(dated)[:width], max(dated)[:width])
    series = {source: [counts[source][p] for p in periods]
              for source in sorted(counts, key=lambda s: -sum(counts[s].values()))}
    return {"period": "year" if width == 4 else "month", "periods": periods, "series": series,
            "undated_quotes": undated}


def _periods(first: str, last: str) -> list[str]:
    """Every period from first to last, empty ones included (so a chart's time axis has no gaps)."""
    if len(first) == 4:
        return [str(year) for year in range(int(first), int(last) + 1)]
    year, month = int(first[:4]), int(first[5:7])
    periods = []
    while f"{year:04d}-{month:02d}" <= last:
        periods.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


def speakers_by_source(articles: list[dict], quotes: list, *, top: int = 5) -> dict[str, list[dict]]:
    """Which outlets quote whom: the most-quoted people within each source (when there are several)."""
    source_of = {row["article"]: row.get("source") or NO_SOURCE for row in articles}
    if len(set(source_of.values())) < 2:
        return {}
    by_source: dict[str, list] = defaultdict(list)
    for q in quotes:
        by_source[source_of.get(q.article, NO_SOURCE)].append(q)
    return {source: [_pick(row, "speaker", "speaker_type", "quotes") for row in views.speaker_rows(qs)
                     if row["speaker_type"] == "person"][:top]
            for source, qs in sorted(by_source.items(), key=lambda item: -len(item[1]))}
