"""``quotes --search WORDS``: which quotes a search finds by the words of their text, from files and from the
store alike.

The store answers through an FTS5 index of every quote's text (``Store.quotes(search=...)``); files are
matched here by the same rule, so that both agree: a quote is found when its text has every word of the
search, and every "quoted phrase" as consecutive words; a word ending in ``*`` is a prefix (`fee*` finds
`fees`). Words are compared as SQLite's ``unicode61`` tokenizer with ``remove_diacritics 2`` splits and folds
them: runs of letters and digits, lower case, without accents.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+")  # letters and digits: the unicode61 tokenizer's token characters
_TERM = re.compile(r'"([^"]*)"?|(\S+)')


def words_of(text: str) -> list[str]:
    """A text's words as the index holds them.

    >>> words_of("Tuition fees, Zürich's 2005-06 budget")
    ['tuition', 'fees', 'zurich', 's', '2005', '06', 'budget']
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _WORD.findall(plain)


@dataclass(frozen=True)
class Term:
    """One thing a search asks for: a phrase (one word or several, consecutive), its last word a prefix when
    written with ``*``."""

    words: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        """The term in FTS5's query syntax: a quoted phrase, ``*`` after it for a prefix."""
        return '"' + " ".join(self.words) + '"' + (" *" if self.prefix else "")

    def found_in(self, words: list[str]) -> bool:
        n = len(self.words)
        for start in range(len(words) - n + 1):
            if words[start:start + n - 1] == list(self.words[:-1]) and (
                    words[start + n - 1].startswith(self.words[-1]) if self.prefix
                    else words[start + n - 1] == self.words[-1]):
                return True
        return False


def terms(query: str) -> list[Term]:
    """The terms of a search: each "quoted phrase", and each other word (``*`` at its end: a prefix).

    >>> [t.fts() for t in terms('"tuition fees" univ*')]
    ['"tuition fees"', '"univ" *']
    """
    found = []
    for phrase, word in _TERM.findall(query):
        text = phrase if phrase or not word else word
        prefix = text.rstrip().endswith("*")
        words = tuple(words_of(text))
        if words:
            found.append(Term(words, prefix))
    return found


def fts_query(query: str) -> str | None:
    """The search as an FTS5 MATCH expression (every term), or None when it has no word."""
    found = terms(query)
    return " AND ".join(term.fts() for term in found) if found else None


def text_matches(query: str, text: str) -> bool:
    """Whether a quote's text has every term of the search (a search without a word finds every quote)."""
    words = words_of(text)
    return all(term.found_in(words) for term in terms(query))
