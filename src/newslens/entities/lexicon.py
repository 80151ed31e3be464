"""The word lists the entity layer maintains itself (models/*.txt), loaded once."""

from __future__ import annotations

from functools import cache

from newslens.resources import read_lines, read_table, read_words

_CALENDAR = ("january february march april june july august september october november december "
             "monday tuesday wednesday thursday friday saturday sunday")
MONTHS = frozenset(_CALENDAR.split(" "))  # and weekdays: `Tuesday Harwick Council ...` opens with a date


_CONNECTORS = frozenset({"of", "the", "and", "for", "&"})


@cache
def honorifics() -> frozenset[str]:
    """`mr`, `mr.`, `ms`, ...: stripped from names, but no role."""
    return read_words("honorifics.txt")


@cache
def peerage_titles() -> frozenset[str]:
    """`lord`, `baroness`, `prince`: before one name, part of how the person is known (models/peerage_titles.tsv)."""
    return frozenset(row[0].lower() for row in read_table("peerage_titles.tsv"))


@cache
def titles() -> tuple[tuple[str, ...], ...]:
    """Titles and honorifics as lower-case token tuples, longest first (`state councilor`, `mr.`)."""
    tokenized = {tuple(t.lower().split()) for t in (*read_lines("titles.txt"), *read_lines("honorifics.txt"))}
    return tuple(sorted(tokenized, key=len, reverse=True))


@cache
def role_words() -> frozenset[str]:
    """The words that make a phrase before a name a role (`minister`, `president`; not `mr` or `of`)."""
    return frozenset(w for t in read_lines("titles.txt") for w in t.lower().split()) - _CONNECTORS


@cache
def titles_by_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Titles indexed by their first word, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for title in titles():
        out.setdefault(title[0], []).append(title)
    return {word: tuple(options) for word, options in out.items()}


@cache
def title_words() -> frozenset[str]:
    """Every word that occurs in a title, lower case (`minister`, `foreign`, `state`)."""
    return frozenset(w for t in titles() for w in t)


@cache
def institution_cues() -> frozenset[str]:
    return read_words("institution_cues.txt")


@cache
def non_person_nouns() -> frozenset[str]:
    """Nouns that, heading an appositive (`X, a news agency`), say X is not a person."""
    return read_words("non_person_nouns.txt") | institution_cues()


@cache
def person_nouns() -> frozenset[str]:
    """Nouns that name a person or a group of people, as a speaker or in apposition (`professor`, `spokesman`,
    `nominee`, `analysts`): one-word titles (models/titles.txt), models/speaker_roles.txt, and the speaker groups
    (models/speaker_groups.txt) but for the police and the authorities, which are institutions."""
    words = {line.lower() for line in read_lines("titles.txt") if " " not in line} | read_words("speaker_roles.txt")
    return frozenset(words | (read_words("speaker_groups.txt") - {"police", "authorities"}))


@cache
def name_descriptors() -> frozenset[str]:
    """Nouns that, just before a name, make it a person's (`champion Kwame Oduya`, `politician Pim Fortuyn`):
    models/person_nouns.txt, one-word titles and honorifics, and the person nouns above."""
    return read_words("person_nouns.txt") | {t[0] for t in titles() if len(t) == 1} | person_nouns()


@cache
def name_designators() -> frozenset[str]:
    """`inc`, `corporation`, `party`: words after a name that name the same institution
    (models/name_designators.txt, shared with the corpus links, ``newslens.linking``)."""
    return read_words("name_designators.txt")


@cache
def event_cues() -> frozenset[str]:
    return frozenset(read_lines("event_cues.txt"))


@cache
def team_verbs() -> frozenset[str]:
    return read_words("team_verbs.txt")


@cache
def party_names() -> frozenset[str]:
    """Parties by a short name (models/party_names.txt, shared with the quote layer), lower case."""
    return read_words("party_names.txt")


@cache
def seats_of_government() -> frozenset[str]:
    """Buildings that stand for a government (`Kremlin`, `White House`), as written."""
    return frozenset(read_lines("seats_of_government.txt"))
