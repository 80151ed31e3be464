"""The result of entity resolution for one article, with the lookups the quote layer needs."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from newslens.gender import Clue
from newslens.records import Entity, Mention

_DETERMINERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "former", "then"})
_OF = frozenset({"of", "for", "to", "at"})
_END = 1 << 62  # a position after any text


def role_words_of(text: str) -> tuple[str, tuple[str, ...]] | None:
    """(head, other words) of a role or a role noun phrase, lower case, without determiners and owners:
    `the Chancellor of the Exchequer` -> ('chancellor', ('exchequer',)), `Britain's prime minister` ->
    ('minister', ('prime',)); None when nothing is left."""
    words = [w for w in text.lower().replace("-", " ").split()
             if w not in _DETERMINERS and not w.endswith(("'s", "’s"))]
    cut = next((k for k, w in enumerate(words) if w in _OF), len(words))
    if cut == 0:
        return None
    return words[cut - 1], tuple(w for w in words if w != words[cut - 1] and w not in _OF)


# words that make a role another office than the one the bare noun names (`shadow chancellor` is not the
# chancellor, `Deputy Prime Minister` not the prime minister)
_QUALIFIERS = frozenset({"deputy", "shadow", "vice", "former", "acting", "assistant", "junior", "ex", "co", "interim",
                         "outgoing", "late", "under", "sub", "associate"})


def _fills(role: tuple[str, tuple[str, ...]] | None, wanted: tuple[str, tuple[str, ...]]) -> bool:
    """A person's role answers a role noun phrase: the same head, the phrase's other words among the role's, and
    no word that makes the role another office (`shadow`, `deputy`) unless the phrase has it too."""
    if role is None or role[0] != wanted[0] or not set(wanted[1]) <= set(role[1]):
        return False
    return not (set(role[1]) - set(wanted[1])) & _QUALIFIERS


@dataclass
class EntityIndex:
    article: str
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)  # sorted by start
    # per name (casefolded mention text): the classifier's summed probabilities per class (PER, ORG, LOC) over
    # the article's mentions, for corpus-level voting; empty when the rules alone typed the article
    evidence: dict[str, dict[str, float]] = field(default_factory=dict)
    clues: list[Clue] | None = None  # what the article says of its people's gender (gender.py); None: not looked for

    def __post_init__(self) -> None:
        self.mentions.sort(key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self.mentions]
        self._by_name = {e.name: e for e in self.entities}
        self._first_ends: dict[str, dict[str, int]] = {}
        self._selections: dict[tuple, tuple[list[int], list[Mention]]] = {}

    def entity(self, name: str | None) -> Entity | None:
        return self._by_name.get(name) if name else None

    def role_holder(self, noun: str, pos: int | None = None) -> Entity | None:
        """The person the article names in the role a noun phrase stands for, as the quote layer meets it
        (`the chancellor said`, `the prime minister`, `the Tory leader`): a person whose role has the phrase's
        head (`Chancellor` of `Chancellor Gordon Brown`, `Chancellor of the Exchequer`) and every other word of
        it, named by ``pos`` (the latest named before it when several are); None when none is.

        >>> index.role_holder("the chancellor", quote.speaker_start)   # doctest: +SKIP
        Entity(name='Gordon Brown', ..., role='Chancellor', ...)
        """
        wanted = role_words_of(noun)
        if not wanted:
            return None
        holders = frozenset(e.name.lower() for e in self.entities if e.type == "person" and e.role
                            and _fills(role_words_of(e.role), wanted))
        if not holders:
            return None
        found = self.last_before(_END if pos is None else pos, "person", names=holders)
        return self.entity(found.entity) if found is not None else None

    def role_holders(self) -> dict[str, list[str]]:
        """Each role the article gives its people, in lower case -> the names of the people it gives it to."""
        out: dict[str, list[str]] = {}
        for e in self.entities:
            if e.type == "person" and e.role:
                out.setdefault(e.role.lower(), []).append(e.name)
        return out

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

    def named_by(self, pos: int, name: str, type_: str = "person") -> bool:
        """Whether a mention of this type names the entity by pos (ending at or before it)."""
        if type_ not in self._first_ends:
            ends: dict[str, int] = {}
            for m in self.mentions:
                if m.type == type_ and m.end < ends.get(m.entity, m.end + 1):
                    ends[m.entity] = m.end
            self._first_ends[type_] = ends
        return self._first_ends[type_].get(name, pos + 1) <= pos

    def last_before(self, pos: int, type_: str, word: str | None = None,
                    names: frozenset[str] | None = None) -> Mention | None:
        """The nearest mention of a type ending at or before pos (by start, latest first) whose entity has
        ``word`` among the words of its name, or whose lower-case name is one of ``names``. Indexed once per
        question, so that asking before every quote of a long article stays linear."""
        key = (type_, word, names)
        found = self._selections.get(key)
        if found is None:
            chosen = [m for m in self.mentions if m.type == type_ and (
                word is None or word in m.entity.lower().split()) and (names is None or m.entity.lower() in names)]
            found = self._selections[key] = ([m.start for m in chosen], chosen)
        starts, chosen = found
        i = bisect.bisect_left(starts, pos) - 1
        while i >= 0 and chosen[i].end > pos:
            i -= 1
        return chosen[i] if i >= 0 else None
