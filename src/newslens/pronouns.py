"""Personal pronouns, from one table (``models/pronouns.tsv``), for every layer that reads them: who `he` may
be, whether `she knows` is someone's own belief, whether `his attacks on` is owned by a person."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from newslens.resources import read_table


@dataclass(frozen=True)
class Pronoun:
    form: str
    person: str  # 1, 2, 3
    number: str  # singular, plural, - (either)
    gender: str  # male, female, neuter, - (either)
    cases: frozenset[str]  # subject, object, possessive


@cache
def _table() -> tuple[Pronoun, ...]:
    return tuple(Pronoun(form, person, number, gender, frozenset(cases.split(",")))
                 for form, person, number, gender, cases in read_table("pronouns.tsv"))


@cache
def pronouns(*, person: str | None = None, number: str | None = None, genders: frozenset[str] | None = None,
             case: str | None = None) -> frozenset[str]:
    """The forms that fit every criterion given: ``person`` (1, 2 or 3), ``number``, ``genders`` (any of) and
    ``case``."""
    return frozenset(p.form for p in _table()
                     if (person is None or p.person == person) and (number is None or p.number == number)
                     and (genders is None or p.gender in genders) and (case is None or case in p.cases))


def pronoun_gender(form: str) -> str | None:
    """`male` for he/him/his, `female` for she/her, else None."""
    found = next((p for p in _table() if p.form == form), None)
    return found.gender if found is not None and found.gender in ("male", "female") else None


GENDERED = frozenset({"male", "female"})
