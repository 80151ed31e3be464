"""Lines and paragraphs of an article's text, one definition for every layer.

News exports put one paragraph (or headline, or byline) on a line. A line ends at any break that
``str.splitlines`` knows: ``\\n``, ``\\r\\n``, a lone ``\\r`` (old Mac exports), ``\\u2028``/``\\u2029`` (some CMS
exports), and the rarer control breaks. The text spaCy sees has every such break written as ``\\n``
(``analysis_text``: same length, so offsets do not move), so that the parse, the sentence starts and the rules,
which look for ``\\n``, agree with ``paragraphs``.
"""

from __future__ import annotations

import re

# every quotation mark newslens knows, defined here once: double and single, straight and curly, low and
# guillemets; which can open a quote and which can close one (a straight mark can do both)
DOUBLE = "\"“”„‟«»"
SINGLE = "'‘’‚‛"
OPEN_GLYPHS = "“„‟«‘‚‛"
CLOSE_GLYPHS = "”»’"
MARKS = DOUBLE + SINGLE + "`"
OPEN = "\"'`" + OPEN_GLYPHS
CLOSE = "\"'" + CLOSE_GLYPHS


def quoted_words(text: str) -> str:
    """A fragment of a quote without its quotation marks and the comma or space that leads back to the sentence.

    >>> quoted_words('"We will win," ')
    'We will win'
    """
    return text.strip().strip(OPEN + CLOSE + " \t\n\u00a0").rstrip(", \t\n\u00a0").lstrip(", ")


# every line break of str.splitlines but "\n" itself, and the "\r" of "\r\n" (which "\n" already breaks)
_OTHER_BREAKS = re.compile("\r(?!\n)|[\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, its break left out (blank lines included)."""
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")
        spans.append((pos, pos + len(body)))
        pos += len(line)
    return spans


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, surrounding whitespace trimmed."""
    spans = []
    for start, end in lines(text):
        line = text[start:end]
        stripped = line.strip()
        if stripped:
            lead = start + len(line) - len(line.lstrip())
            spans.append((lead, lead + len(stripped)))
    return spans


def unify_line_breaks(text: str) -> str:
    """The text with every line break written as ``\\n``, character for character (offsets unchanged)."""
    return _OTHER_BREAKS.sub("\n", text)
