"""Name folding and matching: how ``--speaker NAME`` finds a speaker, from files and from the store alike."""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from newslens.records import Article, Quote


def fold(text: str) -> str:
    """Lower case without accents, for forgiving name matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def name_matches(query: str, names: Iterable[str | None]) -> bool:
    """True when every word of the query is a word of one of the names (case- and accent-insensitive)."""
    wanted = fold(query).split()
    return any(bool(name) and all(word in fold(name).replace("-", " ").split() for word in wanted) for name in names)


def speaker_matches(query: str, names: Iterable[str | None]) -> bool:
    """The --speaker rule over a quote's names (``speaker_names``). The store narrows its SQL to quotes whose
    folded names contain every word of ``query_words(query)`` as a substring before applying this: keep that a
    necessary condition."""
    return name_matches(query.replace("-", " "), names)


def query_words(query: str) -> list[str]:
    """The folded words of a --speaker query; a hyphen splits words as it does in names (`Marsh-Okafor` finds
    `Nadia Marsh-Okafor`)."""
    return fold(query.replace("-", " ")).split()


def speaker_names(quote: Quote, article: Article | None) -> list[str | None]:
    """The names a speaker filter looks at: the speaker, the words naming it, and its entity's aliases."""
    names: list[str | None] = [quote.speaker, quote.speaker_text]
    if article is not None:
        entity = next((e for e in article.entities if e.name == quote.speaker), None)
        if entity:
            names.extend(entity.aliases)
    return names


def override_rows(path: str | Path, header: tuple[str, str],
                  error: type[Exception]) -> Iterator[tuple[int, list[str], list[str]]]:
    """The rows of a `name,VALUE` override file (``--genders``, ``--links``) as (line number, cells stripped, the
    row as read): blank lines, `#` comments and a first row of the ``header`` words left out. A file that cannot
    be read raises ``error``."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    except (OSError, UnicodeDecodeError) as err:
        raise error(f"{path}: {getattr(err, 'strerror', None) or err}") from err
    for number, row in enumerate(rows, 1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and [c.lower() for c in cells[:2]] == list(header):
            continue
        yield number, cells, row
