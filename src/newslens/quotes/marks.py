"""Quotation marks: where the quoted passages of an article are, paragraph by paragraph.

Marks are paired by what surrounds them more than by their glyph (news text mixes straight and curly marks
and often types the wrong curly one): a mark at the start of a word opens, a mark after a word closes.
Double marks nest single ones. A quote left open at the end of a paragraph continues when the next paragraph
opens with a mark (the convention for quotes that run over several paragraphs); otherwise it ends with its
paragraph, so one odd mark never costs the rest of the article.
"""

from __future__ import annotations

from dataclasses import dataclass

from newslens.text import CLOSE, CLOSE_GLYPHS, DOUBLE, MARKS, OPEN, OPEN_GLYPHS, SINGLE, paragraphs  # (defined once)

_BEFORE_OPEN = " \t\n([{—–-/:;,…\u00a0" + DOUBLE + SINGLE
_AFTER_CLOSE = " \t\n)]}.,;:!?—–-…\u00a0" + DOUBLE + SINGLE


@dataclass(frozen=True)
class Quoted:
    """A quoted passage: marks included in [start, end); ``inner`` excludes them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool  # the passage ends at a closing mark (not cut at a paragraph end)
    paragraphs: int = 1  # how many paragraphs it runs over


def _width(text: str, i: int, end: int) -> int:
    """2 for a double mark typed as two single ones (`''`, `‘‘`, `````), else 1."""
    ch = text[i]
    return 2 if i + 1 < end and text[i + 1] == ch and ch in SINGLE + "`" else 1


def _role(text: str, i: int, start: int, end: int, width: int = 1) -> str:
    """'open', 'close' or '?' for the mark at text[i], from its neighbours within [start, end)."""
    before = text[i - 1] if i > start else " "
    after = text[i + width] if i + width < end else " "
    opens = before in _BEFORE_OPEN and after not in " \t\n\u00a0"
    closes = after in _AFTER_CLOSE and before not in " \t\n\u00a0"
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    ch = text[i]
    if ch in OPEN_GLYPHS:
        return "open"
    if ch in CLOSE_GLYPHS:
        return "close"
    return "?"


def _single_role(text: str, i: int, start: int, end: int) -> str | None:
    """Single marks double as apostrophes: only a mark at a word edge counts, and only outside words."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if before.isalnum() and after.isalnum():
        return None  # it's, Xi’an
    if before in _BEFORE_OPEN and after.isalpha():
        return "open"
    if after in _AFTER_CLOSE and (before.isalnum() or before in ".,!?…"):
        return "close"
    return None


def _resumes(text: str, i: int, start: int) -> bool:
    """Does the mark at i follow the end of a sentence (`hardest. "`)?"""
    j = i - 1
    while j > start and text[j] in " \t\u00a0":
        j -= 1
    return j > start and j < i - 1 and text[j] in ".?!…"


def _straight(ch: str) -> bool:
    return ch in "\"'`"


class _Scanner:
    """The state of pairing marks through the paragraphs of one text (``find_quoted``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[Quoted] = []
        self.carry: int | None = None  # start of a quote left open by the previous paragraph
        self.carry_width = 1
        self.carry_paras = 0

    def paragraph(self, p_start: int, p_end: int, nxt: tuple[int, int] | None) -> None:
        self.depth, self.single_open, self.open_at, self.open_width = 0, None, None, 1
        self.p_start, self.p_end = p_start, p_end
        i = self._resume_carried(p_start, p_end)
        text = self.text
        while i < p_end:
            ch = text[i]
            width = _width(text, i, p_end) if ch in SINGLE or ch == "`" else 1
            if ch in DOUBLE or width == 2:
                self._double(i, width)
                i += width
                continue
            if ch in SINGLE and self.depth == 0:
                self._single(i)
            i += 1
        if self.open_at is not None:
            self._left_open(nxt)

    def _resume_carried(self, p_start: int, p_end: int) -> int:
        """A quote left open goes on when this paragraph opens with a double mark."""
        if self.carry is None:
            return p_start
        text, carry = self.text, self.carry
        self.carry = None
        first = text[p_start] if p_start < p_end else ""
        width = _width(text, p_start, p_end)
        if (first in DOUBLE or width == 2) and _role(text, p_start, p_start, p_end, width) != "close":
            self.open_at, self.open_width, self.depth = carry, self.carry_width, 1
            return p_start + width
        return p_start

    def _double(self, i: int, width: int) -> None:
        text = self.text
        role = _role(text, i, self.p_start, self.p_end, width)
        if role == "?":
            role = "close" if self.depth else "open"
        if role == "open" and self.depth == 1 and self.open_at is not None and _resumes(text, i, self.p_start) and (
                _straight(text[i]) == _straight(text[self.open_at])):
            # `"... the hardest. "By pledging ..."`: paragraphs joined into one line keep the mark that opened
            # each paragraph of a long quote; the quote goes on (a real nested quote is rare right after a
            # full stop, and nested quotes take single marks)
            self.carry_paras += 1
            return
        if role == "open":
            if self.depth == 0:
                self.open_at, self.open_width, self.single_open = i, width, None
            self.depth += 1
        elif self.depth:
            self.depth -= 1
            if self.depth == 0 and self.open_at is not None:
                self.out.append(Quoted(self.open_at, i + width, self.open_at + self.open_width, i, True,
                                       self.carry_paras + 1))
                self.open_at, self.carry_paras = None, 0

    def _single(self, i: int) -> None:
        role = _single_role(self.text, i, self.p_start, self.p_end)
        if role == "open" and self.single_open is None:
            self.single_open = i
        elif role == "close" and self.single_open is not None:
            if i - self.single_open > 1:
                self.out.append(Quoted(self.single_open, i + 1, self.single_open + 1, i, True))
            self.single_open = None

    def _left_open(self, nxt: tuple[int, int] | None) -> None:
        """A quote open at the paragraph's end goes on when the next paragraph opens with the same style of
        mark (a change of style, `"` then `“`, starts a new quote instead); otherwise it ends here."""
        text = self.text
        if nxt is not None:
            width = _width(text, nxt[0], nxt[1])
            first = text[nxt[0]]
            if (first in DOUBLE or width == 2) and _role(text, nxt[0], nxt[0], nxt[1], width) != "close" and (
                    _straight(first) == _straight(text[self.open_at])):
                self.carry, self.carry_width, self.carry_paras = self.open_at, self.open_width, self.carry_paras + 1
                return
        self.out.append(Quoted(self.open_at, self.p_end, self.open_at + self.open_width, self.p_end, False,
                               self.carry_paras + 1))
        self.carry_paras = 0


def find_quoted(text: str) -> list[Quoted]:
    """Every top-level quoted passage of the text, in order.

    >>> [(q.start, q.end) for q in find_quoted('He said: "We won." Sun\u2019s too.')]
    [(9, 18)]
    """
    scanner = _Scanner(text)
    paras = paragraphs(text)
    for n, (p_start, p_end) in enumerate(paras):
        scanner.paragraph(p_start, p_end, paras[n + 1] if n + 1 < len(paras) else None)
    return scanner.out


__all__ = ["CLOSE", "DOUBLE", "MARKS", "OPEN", "SINGLE", "Quoted", "find_quoted"]
