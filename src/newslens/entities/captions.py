"""Photo captions and credits: the credit words on them are no names, the names on them are.

Wire copy scraped from the web carries captions inline: `FILE PHOTO: Minister Ola Drummond speaks in Brindle.
REUTERS/Kay Pellor/File Photo`, `Slideshow (3 Images)`, `Photo: AFP`. What a caption names (the minister, the
place, the photographer) is named like anything else in the article, and annotated so in news corpora (leaving
those lines out cost about 4 points of F1 on Reuters news of 2020); but the credit words themselves
(`REUTERS/`, `FILE PHOTO:`, `Slideshow`, `(3 Images)`, `/File Photo`), which the small model reads as names, are
not. A candidate that overlaps a credit marker of models/caption_lines.txt is dropped.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from newslens.resources import read_lines


@cache
def _markers() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{line})" for line in read_lines("caption_lines.txt")), re.MULTILINE)


@lru_cache(maxsize=4)  # asked for twice or three times per article
def credit_words(text: str) -> tuple[tuple[int, int], ...]:
    """Character ranges [start, end) of the caption and credit markers of a text (`REUTERS/`, `FILE PHOTO:`)."""
    return tuple((m.start(), m.end()) for m in _markers().finditer(text) if m.end() > m.start())


def caption_lines(text: str) -> tuple[tuple[int, int], ...]:
    """Character ranges [start, end) of the lines of a text that hold a caption or credit marker."""
    out: list[tuple[int, int]] = []
    for first, _ in credit_words(text):
        start = text.rfind("\n", 0, first) + 1
        end = text.find("\n", first)
        end = len(text) if end < 0 else end
        if not out or start >= out[-1][1]:
            out.append((start, end))
    return tuple(out)


def outside_credits(cands: list, text: str) -> list:
    """The candidates that overlap no credit marker (those on a caption line otherwise stay)."""
    marks = credit_words(text)
    if not marks:
        return cands
    return [c for c in cands if not any(s < c.end_char and c.start_char < e for s, e in marks)]
