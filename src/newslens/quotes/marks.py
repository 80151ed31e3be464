"""Quotation marks: where the quoted passages of an article are, paragraph by paragraph.

Marks are paired by what surrounds them more than by their glyph (news text mixes straight and curly marks
and often types the wrong curly one): a mark at the start of a word opens, a mark after a word closes.
Double marks nest single ones. A quote left open at the end of a paragraph continues when the next paragraph
opens with a mark (the convention for quotes that run over several paragraphs); otherwise it ends with its
paragraph, so one odd mark never costs the rest of the article.
"""

from __future__ import annotations

from dataclasses import dataclass

from newslens.text import paragraphs

DOUBLE = "\"“”„‟«»"
SINGLE = "'‘’‚‛"
OPEN_GLYPHS = "“„‟«‘‚‛"
CLOSE_GLYPHS = "”»’"
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


def find_quoted(text: str) -> list[Quoted]:  # noqa: C901
    """Every top-level quoted passage of the text, in order."""
    out: list[Quoted] = []
    paras = paragraphs(text)
    carry: int | None = None  # start of a quote left open by the previous paragraph
    carry_paras = 0
    carry_width = 1
    for n, (p_start, p_end) in enumerate(paras):
        depth_double = 0
        single_open: int | None = None
        open_at: int | None = None
        open_width = 1
        i = p_start
        if carry is not None:
            first = text[p_start] if p_start < p_end else ""
            first_width = _width(text, p_start, p_end)
            if (first in DOUBLE or first_width == 2) and _role(text, p_start, p_start, p_end, first_width) != "close":
                open_at, open_width, depth_double = carry, carry_width, 1
                i = p_start + first_width
            carry = None
        while i < p_end:
            ch = text[i]
            width = _width(text, i, p_end) if ch in SINGLE or ch == "`" else 1
            if ch in DOUBLE or width == 2:
                role = _role(text, i, p_start, p_end, width)
                if role == "?":
                    role = "close" if depth_double else "open"
                if role == "open" and depth_double == 1 and open_at is not None and _resumes(text, i, p_start) and (
                        _straight(ch) == _straight(text[open_at])):
                    # `"... the hardest. "By pledging ..."`: paragraphs joined into one line keep the mark that
                    # opened each paragraph of a long quote; the quote goes on (a real nested quote is rare
                    # right after a full stop, and nested quotes take single marks)
                    carry_paras += 1
                    i += width
                    continue
                if role == "open":
                    if depth_double == 0:
                        open_at, open_width, single_open = i, width, None
                    depth_double += 1
                elif depth_double:
                    depth_double -= 1
                    if depth_double == 0 and open_at is not None:
                        out.append(Quoted(open_at, i + width, open_at + open_width, i, True, carry_paras + 1))
                        open_at, carry_paras = None, 0
                i += width
                continue
            elif ch in SINGLE and depth_double == 0:
                role = _single_role(text, i, p_start, p_end)
                if role == "open" and single_open is None:
                    single_open = i
                elif role == "close" and single_open is not None:
                    if i - single_open > 1:
                        out.append(Quoted(single_open, i + 1, single_open + 1, i, True))
                    single_open = None
            i += 1
        if open_at is not None:
            nxt = paras[n + 1][0] if n + 1 < len(paras) else None
            nxt_width = _width(text, nxt, paras[n + 1][1]) if nxt is not None else 1
            if nxt is not None and (text[nxt] in DOUBLE or nxt_width == 2) and _role(
                    text, nxt, nxt, paras[n + 1][1], nxt_width) != "close" and _straight(
                    text[nxt]) == _straight(text[open_at]):
                # the next paragraph opens with the same style of mark: the quote goes on (a change of style,
                # `"` then `“`, starts a new quote instead)
                carry, carry_width, carry_paras = open_at, open_width, carry_paras + 1
            else:
                # an unclosed quote ends with its paragraph
                out.append(Quoted(open_at, p_end, open_at + open_width, p_end, False, carry_paras + 1))
                carry_paras = 0
    return out


__all__ = ["Quoted", "find_quoted"]
