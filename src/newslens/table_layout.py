"""Column widths for a table on a terminal: which of a command's columns fit, and how wide each one is.

A table gives each column at least the width of its longest word (so no word is ever broken) and at most the
width of its longest cell; what is left goes to the wide columns (quote text, titles, roles) in proportion
to their weight. Optional columns are added, in order, only while the main column keeps room to be read.
Pure arithmetic on widths measured by the caller (in terminal cells), so it needs neither rich nor a terminal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

LONGEST_WORD = 40  # a longer "word" (a URL, say) may be folded: holding a column that wide helps nobody
# An optional column is shown only while the main column (the required one of most weight) keeps this many
# cells (or all it needs), and each optional one this many: a quote squeezed into a strip is worse than a cue
# left for CSV.
MAIN_ROOM = 40
OPTIONAL_ROOM = 20


@dataclass(frozen=True)
class ColumnSize:
    """What one column needs: its longest cell (``natural``), its longest word (``minimum``), its weight."""

    name: str
    natural: int
    minimum: int
    weight: int = 1


def overhead(columns: int) -> int:
    """Cells a rich table with a box adds: one padding cell either side of each column and n + 1 rules."""
    return 3 * columns + 1


def longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def header_parts(name: str) -> list[str]:
    """A column name's pieces, each ending at an underscore: where its header may wrap (`people_`, `share`)."""
    return [part for part in re.split(r"(?<=_)", name) if part]


def header_lines(name: str, width: int) -> str:
    """A column name wrapped at its underscores to ``width`` cells (never inside a piece).

    >>> header_lines("known_share", 6)
    'known_\nshare'
    """
    lines: list[str] = []
    for part in header_parts(name):
        if lines and len(lines[-1]) + len(part) <= width:
            lines[-1] += part
        else:
            lines.append(part)
    return "\n".join(lines)


def widths(columns: Sequence[ColumnSize], total: int) -> list[int] | None:
    """Each column's width for a table ``total`` cells wide, or None when even the minimum widths do not fit.

    Every column starts at its minimum; the room left is handed out by weight, a column never growing past its
    natural width, until the room or the wants run out."""
    room = total - overhead(len(columns))
    least = [min(LONGEST_WORD, max(c.minimum, 1)) for c in columns]
    sizes = [max(m, 1) for m in least]
    if sum(max(c.natural, s) for c, s in zip(columns, sizes, strict=True)) <= room:
        return [max(c.natural, s) for c, s in zip(columns, sizes, strict=True)]
    if sum(sizes) > room:
        return None
    left = room - sum(sizes)
    while left > 0:
        wanting = [n for n, c in enumerate(columns) if sizes[n] < c.natural and c.weight > 0]
        if not wanting:
            break
        weight = sum(columns[n].weight for n in wanting)
        handed = 0
        for n in wanting:
            share = max(1, left * columns[n].weight // weight)
            grant = min(share, columns[n].natural - sizes[n], left - handed)
            sizes[n] += grant
            handed += grant
            if handed >= left:
                break
        if handed == 0:
            break
        left -= handed
    return sizes


def choose(sizes: dict[str, ColumnSize], required: Sequence[str], optional: Sequence[str], total: int, *,
           order: Sequence[str] = ()) -> tuple[list[str], list[int] | None]:
    """The columns to show and their widths: the ``required`` ones, then each ``optional`` one (in order) that
    fits while the main column (the required one of most weight) keeps ``MAIN_ROOM`` cells and every optional
    one ``OPTIONAL_ROOM`` (or all it needs). Columns are shown in ``order`` (the command's). When even the
    required ones do not fit, the last of them are left out until the rest do (the caller says which): a
    column narrower than its longest word would break numbers, dates and words. None for the widths only when
    not even the first column fits."""
    order = list(order) or [*required, *optional]
    kept = [c for c in required if c in sizes]
    best = widths([sizes[c] for c in _ordered(kept, order)], total)
    while best is None and len(kept) > 1:
        kept.pop()
        best = widths([sizes[c] for c in _ordered(kept, order)], total)
    shown = _ordered(kept, order)
    main = max(shown, key=lambda c: sizes[c].weight, default=None)
    if best is None:
        return shown, None
    for column in optional:
        if column not in sizes:
            continue
        trial = _ordered([*shown, column], order)
        fitted = widths([sizes[c] for c in trial], total)
        if fitted is None or any(width < min(sizes[c].natural, MAIN_ROOM if c == main else OPTIONAL_ROOM)
                                 for c, width in zip(trial, fitted, strict=True) if c == main or c not in shown):
            continue
        shown, best = trial, fitted
    return shown, best


def _ordered(columns: list[str], order: Sequence[str]) -> list[str]:
    """The columns in the order the command lists them."""
    rank = {name: n for n, name in enumerate(order)}
    return sorted(columns, key=lambda c: rank.get(c, len(rank)))
