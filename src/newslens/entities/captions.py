"""Photo captions and credits: lines that describe a picture, not the story, and name no entity of it.

Wire copy scraped from the web carries them inline: `FILE PHOTO: ... REUTERS/Jane Doe/File Photo`,
`Slideshow (3 Images)`, `Photo: AFP`. The photographer in a credit is no one the story is about, and the small
model reads `File Photo` or `Slideshow` as people. A line with one of the markers in models/caption_lines.txt
produces no entity at all.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from newslens.resources import read_lines


@cache
def _markers() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{line})" for line in read_lines("caption_lines.txt")), re.MULTILINE)


@lru_cache(maxsize=4)  # asked for twice or three times per article
def caption_lines(text: str) -> tuple[tuple[int, int], ...]:
    """Character ranges [start, end) of the caption and photo-credit lines of a text."""
    pattern = _markers()
    out = []
    for match in pattern.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return tuple(out)


def outside_captions(cands: list, text: str) -> list:
    """The candidates that lie on no caption line."""
    lines = caption_lines(text)
    if not lines:
        return cands
    return [c for c in cands if not any(s <= c.start_char < e for s, e in lines)]
