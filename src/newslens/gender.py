"""Whose voices: the gender of the people an article names, with the evidence for it (docs/gender.md).

Each person entity gets ``female``, ``male`` or ``unknown`` and a ``gender_source`` saying why. Evidence, in
order of trust:

1. the user's override file (``--genders FILE``, CSV ``name,gender``): wins over everything (applied when rows
   are made, to per-article and corpus entities alike; ``apply_overrides``);
2. the article itself: honorifics (`Ms Hewitt`), gendered nouns (`spokeswoman Sandra Gidley`, `Jane Doe, a
   mother of two`) and the pronouns that the speaker resolution attaches to the person (`she said`), found as
   ``Clue`` records (``entities/gender.py``, ``pronoun_clues``); clues of both genders give ``unknown``;
3. the first name, from the name table (``newslens.firstnames``), for a person named with a first name and no
   article evidence; an ambiguous or unknown name gives ``unknown``.

Across a corpus (``combine``) the articles' own evidence wins: a person whom the articles that say anything
show to be female is female, unless they disagree (then ``unknown``, with that reason); only when no article
says anything does the first name decide. Institutions and unnamed groups never get a gender.

Pure records in, records out: no spaCy, so the store's queries use it too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from newslens import firstnames
from newslens.errors import GenderFileError
from newslens.firstnames import first_name_gender
from newslens.names import fold, override_rows
from newslens.pronouns import pronoun_gender
from newslens.records import GENDERS, Entity, Quote
from newslens.resources import read_lines

FEMALE, MALE, UNKNOWN = GENDERS
CLUE_KINDS = ("honorific", "noun", "pronoun")  # in order of trust (all article evidence: any conflict is unknown)

# What ``gender_source`` begins with, by the evidence that decided.
ARTICLE = "article"  # `article: Ms (2), she (1)`
CONFLICT = "article conflict"  # `article conflict: female (Ms), male (he)`
FIRST_NAME = "first name"  # `first name Patricia: p(female)=1.00`
NO_EVIDENCE = "no evidence"  # `no evidence (one-word name)`
ARTICLES = "articles"  # corpus: `articles: 3 of 4 female (Ms, she)`
DISAGREE = "articles disagree"  # corpus: `articles disagree: 2 female, 1 male`
OVERRIDE = "override"  # `override: genders.csv`
CORPUS = "corpus"  # one article's person whom the article leaves unknown: `corpus: articles: 3 of 3 male (Mr)`


@dataclass(frozen=True)
class Clue:
    """One piece of article evidence for one person."""

    entity: str  # canonical name of the person
    gender: str  # female | male
    kind: str  # one of CLUE_KINDS
    word: str  # the word as written: `Ms`, `spokeswoman`, `she`
    start: int  # where it is in the text


def pronoun_clues(quotes: Iterable[Quote]) -> list[Clue]:
    """`she said`, `his comments`: a he/she/his/her the speaker resolution took for a person."""
    out = []
    for q in quotes:
        if q.speaker_type != "person" or not q.speaker or not q.speaker_text or q.speaker_start is None:
            continue
        gender = pronoun_gender(q.speaker_text.lower())
        if gender is not None:
            out.append(Clue(q.speaker, gender, "pronoun", q.speaker_text, q.speaker_start))
    return out


def _counted(words: Iterable[str]) -> str:
    counts = Counter(words)
    return ", ".join(w if n == 1 else f"{w} ({n})" for w, n in counts.items())


def strongest(clues: Sequence[Clue]) -> list[Clue]:
    """The clues that decide: honorifics and gendered nouns when there are any (the article's own words), else
    the pronouns (which newslens reads through its parse or its speaker resolution, and can misread)."""
    strong = [c for c in clues if c.kind != "pronoun"]
    return strong or list(clues)


def from_clues(clues: Sequence[Clue]) -> tuple[str, str] | None:
    """(gender, source) from one person's article evidence; None when there is none. Clues of both genders
    among those that decide (``strongest``) give ``unknown``; pronouns that an honorific or a noun outweighs
    are reported in the source."""
    if not clues:
        return None
    ordered = sorted(strongest(clues), key=lambda c: (CLUE_KINDS.index(c.kind), c.start))
    genders = {c.gender for c in ordered}
    if len(genders) == 1:
        gender = ordered[0].gender
        agreeing = [c for c in sorted(clues, key=lambda c: (CLUE_KINDS.index(c.kind), c.start)) if c.gender == gender]
        outweighed = [c for c in clues if c.gender != gender]
        note = f"; outweighed: {_counted(c.word for c in outweighed)}" if outweighed else ""
        return gender, f"{ARTICLE}: {_counted(c.word for c in agreeing)}{note}"
    parts = [f"{g} ({_counted(c.word for c in ordered if c.gender == g)})" for g in (FEMALE, MALE)]
    return UNKNOWN, f"{CONFLICT}: {', '.join(parts)}"


@cache
def _title_words() -> frozenset[str]:
    """One-word titles and honorifics (models/titles.txt, models/honorifics.txt), lower case."""
    return frozenset(w.lower() for f in ("titles.txt", "honorifics.txt") for w in read_lines(f) if " " not in w)


def by_first_name(name: str) -> tuple[str, str]:
    """(gender, source) from the name table, for a person's full name (a first name and more)."""
    words = name.split()
    while words and words[0].lower() in _title_words():
        words = words[1:]  # `Minister Lord Falconer`: a title the entity layer left in the name is no first name
    if len(words) < 2:
        return UNKNOWN, f"{NO_EVIDENCE} (one-word name)"
    first = words[0]
    if len(first.rstrip(".")) < 2 or (first.isupper() and len(first) <= 2) or first.endswith("."):
        return UNKNOWN, f"{NO_EVIDENCE} (initials)"  # `V. Tennakoon`, `JK Rowling`
    found = first_name_gender(first)
    if found is None and "-" in first:
        found = first_name_gender(first.split("-")[0])  # `Jean-Marie`: the table may know only `jean`
    if found is None:
        return UNKNOWN, f"{FIRST_NAME} {first}: not in the name table"
    if found.gender == UNKNOWN:
        decided = found.p_female <= firstnames.THRESHOLD or found.p_female >= 1 - firstnames.THRESHOLD
        why = f"{found.count} people counted" if decided else "ambiguous"
        return UNKNOWN, f"{FIRST_NAME} {first}: p(female)={found.p_female:.2f}, {why}"
    return found.gender, f"{FIRST_NAME} {first}: p(female)={found.p_female:.2f}"


PRONOUN_MAJORITY = 2  # pronouns of one gender that outnumber the other's this many times decide (no sure name)


def decide(entity: Entity, clues: Sequence[Clue]) -> tuple[str | None, str | None]:
    """One entity's gender in one article: article evidence, else the first name; None for a non-person.

    Pronouns are the one kind of article evidence newslens infers itself (the speaker resolution chose the
    person), and the one most often wrong: when they are all there is, a first name the table is sure of
    outweighs them (`she` given to Tony Blair: male, the `she` reported), and pronouns of both genders decide
    only when one outnumbers the other PRONOUN_MAJORITY times (docs/gender.md: on the BBC corpus, the name was
    right in nearly every such conflict)."""
    if entity.type != "person":
        return None, None
    found = from_clues(clues)
    if found is None:
        return by_first_name(entity.name)
    if all(c.kind == "pronoun" for c in strongest(clues)):
        named = by_first_name(entity.name)
        against = [c.word for c in clues if c.gender != named[0]]
        if known(named[0]) and against:
            return named[0], f"{named[1]}; outweighed: {_counted(against)}"
        if found[0] == UNKNOWN:
            return _pronoun_majority(clues) or found
    return found


def _pronoun_majority(clues: Sequence[Clue]) -> tuple[str, str] | None:
    """The gender of pronouns that outnumber the other gender's PRONOUN_MAJORITY times, with the rest reported."""
    votes = Counter(c.gender for c in clues)
    for gender, other in ((FEMALE, MALE), (MALE, FEMALE)):
        if votes[gender] >= PRONOUN_MAJORITY * votes[other] and votes[other]:
            agreeing = _counted(c.word for c in clues if c.gender == gender)
            return gender, f"{ARTICLE}: {agreeing}; outweighed: {_counted(c.word for c in clues if c.gender == other)}"
    return None


def assign(entities: Iterable[Entity], clues: Iterable[Clue]) -> list[Entity]:
    """The article's entities with ``gender`` and ``gender_source`` set (people only)."""
    by_entity: dict[str, list[Clue]] = {}
    for clue in clues:
        by_entity.setdefault(clue.entity, []).append(clue)
    out = []
    for e in entities:
        gender, source = decide(e, by_entity.get(e.name, ()))
        out.append(replace(e, gender=gender, gender_source=source) if gender else e)
    return out


def known(gender: str | None) -> bool:
    return gender in (FEMALE, MALE)


def _words(source: str) -> list[str]:
    """The words an `article: Ms (2), she` source lists."""
    if ": " not in source:
        return []
    listed = source.split(": ", 1)[1].split("; ", 1)[0]
    return [w.split(" (")[0] for w in listed.split(", ")]


def _pronouns_only(source: str) -> bool:
    return all(pronoun_gender(w.lower()) is not None for w in _words(source))


def combine(members: Sequence[Entity]) -> tuple[str | None, str | None]:
    """One person's gender across the articles of a corpus, from the per-article entities merged into it.

    The articles' evidence wins over the first name. Among the articles, those that name the person with an
    honorific or a gendered noun outweigh those whose only evidence is a pronoun the speaker resolution gave
    them (the likelier to be wrong): the weaker are counted and reported, but decide only when no article has
    the stronger. Articles that disagree at the level that decides give ``unknown``."""
    if not members or members[0].type != "person":
        return None, None
    if len(members) == 1 or len({(e.gender, e.gender_source) for e in members}) == 1:
        return members[0].gender, members[0].gender_source  # one article, or every article alike
    sources = [(e.gender, e.gender_source or "") for e in members]
    said = [(g, s) for g, s in sources if s.startswith(ARTICLE + ":") and known(g)]
    conflicts = sum(s.startswith(CONFLICT) for _, s in sources)
    strong = [(g, s) for g, s in said if not _pronouns_only(s)]
    deciding = strong or said
    votes = Counter(g for g, _ in deciding)
    outweighed = Counter(g for g, s in said if strong and _pronouns_only(s) and g not in votes)
    notes = [f"{n} {g} by pronoun only" for g, n in sorted(outweighed.items())]
    notes += [f"{conflicts} in conflict"] if conflicts else []
    note = f"; {', '.join(notes)}" if notes else ""
    if len(votes) == 1:
        gender = next(iter(votes))
        agreeing = [s for g, s in said if g == gender]
        words = dict.fromkeys(w for s in agreeing for w in _words(s))
        return gender, f"{ARTICLES}: {len(agreeing)} of {len(said) + conflicts} {gender} ({', '.join(words)}){note}"
    if len(votes) > 1:
        tally = ", ".join(f"{votes[g]} {g}" for g in (FEMALE, MALE))
        return UNKNOWN, f"{DISAGREE}: {tally}{note}"
    if conflicts:
        return UNKNOWN, f"{CONFLICT} in {conflicts} article{'s' if conflicts > 1 else ''}"
    named = {(g, s) for g, s in sources if s.startswith(FIRST_NAME)}
    decided = {g for g, _ in named if known(g)}
    if len(decided) == 1:
        return next((g, s) for g, s in sorted(named) if known(g))
    if len(decided) > 1:
        return UNKNOWN, f"{FIRST_NAME}s disagree"
    return UNKNOWN, (sorted(named) or sorted(sources, key=lambda gs: gs[1]))[0][1] or NO_EVIDENCE


# -- the override file ------------------------------------------------------------------------------------------

_SPELLINGS = {"female": FEMALE, "f": FEMALE, "woman": FEMALE, "male": MALE, "m": MALE, "man": MALE,
              "unknown": UNKNOWN, "": UNKNOWN}


@dataclass(frozen=True)
class Overrides:
    """Genders the user states, by person name (case and accents folded)."""

    path: str
    genders: dict[str, str]

    def find(self, entity: Entity) -> str | None:
        for name in (entity.name, *entity.aliases):
            found = self.genders.get(fold(name))
            if found is not None:
                return found
        return None


def read_overrides(path: str | Path) -> Overrides:
    """A CSV file of ``name,gender`` rows (a header row of those words is optional), gender ``female``,
    ``male`` or ``unknown``."""
    genders: dict[str, str] = {}
    for number, cells, row in override_rows(path, ("name", "gender"), GenderFileError):
        if len(cells) < 2 or not cells[0] or cells[1].lower() not in _SPELLINGS:
            raise GenderFileError(f"{path}, line {number}: expected 'name,gender' with gender female, male or "
                                  f"unknown, found {','.join(row)!r}")
        genders[fold(cells[0])] = _SPELLINGS[cells[1].lower()]
    return Overrides(str(path), genders)


def apply_overrides(entities: Iterable[Entity], overrides: Overrides | None) -> Iterable[Entity]:
    """The entities, with the override file's gender for the people it names."""
    if overrides is None or not overrides.genders:
        return entities
    return [_overridden(e, overrides) for e in entities]


def _overridden(entity: Entity, overrides: Overrides) -> Entity:
    if entity.type != "person":
        return entity
    found = overrides.find(entity)
    if found is None:
        return entity
    return replace(entity, gender=found, gender_source=f"{OVERRIDE}: {Path(overrides.path).name}")


__all__ = ["Clue", "Overrides", "apply_overrides", "assign", "by_first_name", "combine", "decide", "from_clues",
           "pronoun_clues", "read_overrides", "strongest"]
