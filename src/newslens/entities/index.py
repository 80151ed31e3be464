"""The result of entity resolution for one article, with the lookups the quote layer needs."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from newslens.gender import Clue
from newslens.records import Entity, Mention


@dataclass
class EntityIndex:
    article: str
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)  # sorted by start
    clues: list[Clue] | None = None  # what the article says of its people's gender (gender.py); None: not looked for

    def __post_init__(self) -> None:
        self.mentions.sort(key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self.mentions]
        self._by_name = {e.name: e for e in self.entities}

    def entity(self, name: str | None) -> Entity | None:
        return self._by_name.get(name) if name else None

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Mentions lying inside [start, end)."""
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def mention_at(self, start: int, end: int) -> Mention | None:
        """The longest mention overlapping [start, end)."""
        best = None
        i = max(0, bisect.bisect_left(self._starts, start) - 8)
        while i < len(self.mentions) and self.mentions[i].start < end:
            m = self.mentions[i]
            if m.end > start and (best is None or m.end - m.start > best.end - best.start):
                best = m
            i += 1
        return best

    def mentions_before(self, pos: int, types: tuple[str, ...] = ("person",)) -> list[Mention]:
        """Mentions of the given types ending before pos, nearest first."""
        i = bisect.bisect_left(self._starts, pos)
        return [m for m in reversed(self.mentions[:i]) if m.type in types and m.end <= pos]
