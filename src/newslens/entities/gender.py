"""The gender a person's mentions state in the article: honorifics and gendered nouns around each name.

Strategies, in order, for each named mention of a person (pronouns come later, from the speaker resolution):

1. ``honorific_before``: `Ms Hewitt`, `Sir Alex Ferguson` (models/gender_honorifics.tsv); not `Mr and Mrs Blair`,
   a couple.
2. ``title_in_name``: a name that begins with a gendered title (`Prince Charles`, `Queen Rania`).
3. ``noun_before``: a gendered noun right before the name, past an honorific (`spokeswoman Sandra Gidley`,
   `her husband Denis`, `actress Dame Judi Dench`; models/gendered_nouns.tsv, and any `-woman`).
4. ``apposition_after``: the head of an apposition after the name (`Jane Doe, a mother of two,`, `Kate Moss,
   Pete Doherty's girlfriend,`), not the subject of a clause (`Jane Doe, her mother said,`) nor a title of the
   next name (`Jane Doe, husband John and ...`).
5. ``noun_set_off_before``: a gendered noun set off by a comma before the name (`The chairwoman, Jane Doe,
   said`).
6. ``own_pronoun``: the possessive in the clause the name is the subject of, read from the parse (`Kelly
   Holmes marked her first appearance`), with no other person and no quotation mark between; a pronoun further
   off is left to the speaker resolution. A pronoun is the weakest clue (`actress Helen Mirren read out his
   speech`): honorifics and nouns outweigh it (``newslens.gender.from_clues``).

Each finding is a ``newslens.gender.Clue``; what they add up to is decided in ``newslens.gender``.
"""

from __future__ import annotations

from functools import cache

from newslens.entities.scan import Tokens
from newslens.gender import Clue
from newslens.pronouns import pronoun_gender
from newslens.resources import read_table

_OPENERS = frozenset({"a", "an", "the", "his", "her", "their", "its", "our", "my", "your", "former", "then"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_PHRASE_END = frozenset({"of", "for", "at", "in", "from", "with", "to", "on", "who", "whose", "which", "that", "and",
                         "or", "but", "since", "until", "after", "before", "when", "where", "by"})
_SAYING = frozenset({"said", "says", "told", "added", "say", "tells", "explained", "warned", "insisted", "claimed",
                     "argued", "admitted", "believes", "thinks", "is", "was", "has", "had", "will", "would"})
_MAX_APPOSITION = 8
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_QUOTE_MARKS = frozenset('"“”«»')


@cache
def gender_honorifics() -> dict[str, str]:
    """`ms` -> female, `sir` -> male (lower case, no full stop)."""
    return {word.lower(): gender for word, gender in read_table("gender_honorifics.tsv")}


@cache
def gendered_nouns() -> dict[str, str]:
    """`spokeswoman` -> female, `husband` -> male."""
    return {word.lower(): gender for word, gender in read_table("gendered_nouns.tsv")}


def noun_gender(word: str) -> str | None:
    """The gender a noun for a person states, if any: the list, then any `-woman` (`councilwoman`)."""
    low = word.lower()
    found = gendered_nouns().get(low)
    if found is None and low.endswith("woman") and low.isalpha():
        found = "female"
    return found


def _honorific(token) -> str | None:
    if not token.text[:1].isupper():
        return None
    return gender_honorifics().get(token.text.rstrip(".").lower())


def honorific_before(doc, i: int) -> tuple[str, str] | None:
    """(gender, word) of an honorific right before the name starting at token i."""
    if i == 0:
        return None
    gender = _honorific(doc[i - 1])
    if gender is None:
        return None
    if i >= 3 and doc[i - 2].lower_ in ("and", "&") and _honorific(doc[i - 3]) is not None:
        return None  # `Mr and Mrs Blair`: a couple, and the name is both of theirs
    return gender, doc[i - 1].text


def title_in_name(doc, i: int, j: int) -> tuple[str, str] | None:
    """A name of two words or more that begins with a gendered title: `Prince Charles`, `Queen Rania`."""
    if j - i < 2 or not doc[i].text[:1].isupper():
        return None
    gender = noun_gender(doc[i].text) or _honorific(doc[i])
    return (gender, doc[i].text) if gender else None


def noun_before(doc, i: int) -> tuple[str, str] | None:
    """A gendered noun just before the name, an honorific between them allowed: `spokeswoman Sandra Gidley`,
    `Tony Blair's wife Cherie`, `chairman Sir Alan Sugar`."""
    j = i - 1
    if j >= 0 and _honorific(doc[j]) is not None:
        j -= 1
    if j < 0 or not doc[j].is_alpha:
        return None
    gender = noun_gender(doc[j].text)
    return (gender, doc[j].text) if gender else None


def apposition_after(doc, j: int) -> tuple[str, str] | None:
    """The head noun of an apposition after the name ending before token j: `, a mother of two`, `, Pete
    Doherty's girlfriend,`, `, the former chairwoman of ...`."""
    if j >= len(doc) or doc[j].text != ",":
        return None
    k = j + 1
    if k + 1 < len(doc) and doc[k].like_num and doc[k + 1].text == ",":
        k += 2  # `Jane Doe, 45, a mother of two`
    head = None
    end = min(len(doc), k + _MAX_APPOSITION)
    while k < end:
        token = doc[k]
        low = token.lower_
        if low in _OPENERS or token.text in _POSSESSIVE or token.like_num:
            k += 1
            continue
        if low in _PHRASE_END or (not token.is_alpha and token.text not in ("-", "‑")):
            break
        if token.text[:1].isupper():
            if head is not None:
                return None  # `Jane Doe, husband John and ...`: a title of the next name
        elif token.is_alpha:
            head = token
        k += 1
    if head is None:
        return None
    if k < len(doc) and (doc[k].lower_ in _SAYING or doc[k].pos_ in ("VERB", "AUX")):
        return None  # `Jane Doe, her mother said, ...`: the subject of a clause, someone else
    gender = noun_gender(head.text)
    return (gender, head.text) if gender else None


def noun_set_off_before(doc, i: int, j: int) -> tuple[str, str] | None:
    """`The chairwoman, Jane Doe, said`, `Its spokesman, Tom Ince:`: a gendered noun with its determiner,
    set off by a comma before the name, the name closed by punctuation or a verb of saying."""
    if i < 3 or doc[i - 1].text != ",":
        return None
    noun = doc[i - 2]
    gender = noun_gender(noun.text) if noun.is_lower else None
    if gender is None:
        return None
    before = doc[i - 3]
    if not (before.lower_ in _OPENERS or before.text in _POSSESSIVE or (before.is_lower and before.is_alpha)):
        return None
    if j < len(doc) and not (doc[j].is_punct or doc[j].lower_ in _SAYING):
        return None
    return gender, noun.text


def _own_clause(pronoun, verb) -> bool:
    """The pronoun belongs to the verb's clause: no other subject on the way up to the verb."""
    for ancestor in pronoun.ancestors:
        if ancestor.i == verb.i:
            return True
        if any(c.dep_ in _SUBJECTS for c in ancestor.children):
            return False
    return False


def own_pronoun(doc, index, j: int) -> tuple[str, str] | None:
    """(gender, word) of the possessive in the clause the person's name (ending before token j) is the subject
    of: `Kelly Holmes marked her first appearance`. (Not the subject of what they say: `Esther Rantzen said he
    was lovely` is about someone else.)"""
    head = doc[j - 1]
    if head.dep_ not in _SUBJECTS or head.head.i < j:
        return None
    verb = head.head
    end = verb.right_edge.i + 1
    for k in range(j, end):
        token = doc[k]
        if token.text in _QUOTE_MARKS or token.is_sent_start:
            return None
        if token.ent_type_ == "PERSON" or (index.mention_at(token.idx, token.idx + len(token)) is not None and (
                index.mention_at(token.idx, token.idx + len(token)).type == "person")):
            return None  # `Holmes beat Radcliffe in her ...`: whose is unclear
        gender = pronoun_gender(token.lower_)
        if gender is None:
            continue
        if token.dep_ == "poss" and _own_clause(token, verb):
            return gender, token.text
        return None  # the first he/she/his/her after the name is theirs or no one's here
    return None


def article_clues(doc, index, tokens: Tokens | None = None) -> list[Clue]:
    """Every honorific and gendered noun the article writes for one of its people (``index``: the article's
    EntityIndex), in text order."""
    people = [m for m in index.mentions if m.type == "person" and m.form != "pronoun"]
    if not people:
        return []
    tokens = tokens or Tokens(doc)
    clues = []
    for m in people:
        i, last = tokens.at(m.start), tokens.ending_at(m.end)
        if i is None or last is None:
            continue
        j = last + 1
        for found in (honorific_before(doc, i), title_in_name(doc, i, j)):
            if found is not None:
                clues.append(Clue(m.entity, found[0], "honorific", found[1], m.start))
        for found in (noun_before(doc, i), apposition_after(doc, j), noun_set_off_before(doc, i, j)):
            if found is not None:
                clues.append(Clue(m.entity, found[0], "noun", found[1], m.start))
        found = own_pronoun(doc, index, j)
        if found is not None:
            clues.append(Clue(m.entity, found[0], "pronoun", found[1], m.start))
    return clues


__all__ = [
    "apposition_after",
    "article_clues",
    "gender_honorifics",
    "gendered_nouns",
    "honorific_before",
    "noun_before",
    "noun_gender",
    "noun_set_off_before",
    "own_pronoun",
    "title_in_name",
]
