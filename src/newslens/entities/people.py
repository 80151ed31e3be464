"""People: one entity per person, every alias under the fullest name, and the role the text gives them.

A role comes from a title before the name (`Foreign Minister Wang Yi`, `Russian President Vladimir Putin`) or
from an appositive after it (`Gao Fei, a professor of Russian studies at the China Foreign Affairs University,
told ...`). The institution a role names is the person's affiliation; a country it names (`Russian`,
`Chinese Academy of Social Sciences`) is the person's country.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from newslens.entities.gazetteer import country_named, country_of_adjective
from newslens.entities.lexicon import (
    honorifics,
    institution_cues,
    name_descriptors,
    non_person_nouns,
    peerage_titles,
    role_words,
    title_words,
)
from newslens.entities.scan import Tokens
from newslens.entities.spans import Candidate, title_at
from newslens.pronouns import pronouns

_APPOSITIVE_OPENERS = frozenset({"a", "an", "the", "who", "former", "chief", "head", "deputy", "senior"})
_ROLE_STOP = frozenset({",", ";", ".", "(", ")", '"', "“", "”", "\n", "said", "says", "told", "added"})
_MAX_ROLE_TOKENS = 25
_SAYING = frozenset({"said", "says", "told", "added"})


@dataclass
class Role:
    text: str
    affiliation: str | None = None
    country: str | None = None  # ISO3


def clusters(people: list[Candidate]) -> dict[str, str]:
    """Each person name -> the fullest name it is part of (`Putin` -> `Vladimir Putin`).

    Names compare case-insensitively (`CARLOS MENDOZA` in a headline is `Carlos Mendoza`), and the name shown
    is one written in mixed case when the article has one. A one-word name joins the full name whose last word it
    is, else whose first word it is (`Wang` of `Wang Yi`: `Charles` is Prince Charles's before it is Charles
    Kennedy's); when two full names share it (`Wang Yi`, `Wang Wei`), the one nearest before it wins. A name of
    two words or more that ends exactly one longer name is that person (`Parker Bowles`, `Camilla Parker
    Bowles`)."""
    texts = sorted({c.text for c in people}, key=lambda n: (-len(n.split()), n.isupper(), n))
    shown: dict[str, str] = {}
    for text in texts:  # mixed case before ALL CAPS
        shown.setdefault(text.casefold(), text)
    full = [t for t in texts if len(t.split()) >= 2]
    canon: dict[str, str] = {}
    longest: dict[tuple[str, str], str] = {}
    for name in full:  # longest first
        words = name.casefold().split()
        # `Vladimir Putin` inside `Vladimir Vladimirovich Putin`: same first and last word
        canon[name] = longest.setdefault((words[0], words[-1]), shown[name.casefold()])
        canon[name] = longer_name_ending(words, full, canon) or canon[name]
    by_word: dict[str, set[str]] = {}
    by_last: dict[str, set[str]] = {}
    for name in full:
        words = name.casefold().split()
        for word in {words[0], words[-1]}:
            by_word.setdefault(word, set()).add(canon[name])
        by_last.setdefault(words[-1], set()).add(canon[name])
        if words[0] in peerage_titles():  # `Charles` of `Emperor Charles VI`, `Falconer` of `Lord Falconer`
            by_last.setdefault(words[1], set()).add(canon[name])
    latest: dict[str, list[tuple[int, Candidate]]] = {}  # canonical name -> (order, candidate) so far
    in_order = all(a.start <= b.start for a, b in itertools.pairwise(people))
    for order, c in enumerate(people):
        if c.text not in canon:
            # a last name before a first one: `Charles` is Prince Charles's before it is Charles Kennedy's
            owners = by_last.get(c.text.casefold()) or by_word.get(c.text.casefold(), set())
            if len(owners) == 1:
                canon[c.text] = next(iter(owners))
            elif owners:
                before = _named_before(c, owners, people, canon, latest if in_order else None)
                canon[c.text] = canon[before.text] if before is not None else shown[c.text.casefold()]
            else:
                canon[c.text] = shown[c.text.casefold()]
        latest.setdefault(canon[c.text], []).append((order, c))
    return canon


def longer_name_ending(words: list[str], full: list[str], canon: dict[str, str]) -> str | None:
    """`Parker Bowles` (after `Mrs`) ending `Camilla Parker Bowles`: the (canonical) name of the only longer name
    the words end (``full``: the article's full names, longest first, those longer than these named already)."""
    ending = {canon[o] for o in full if len(o.split()) > len(words) and o.casefold().split()[-len(words):] == words}
    return ending.pop() if len(ending) == 1 else None


def _named_before(c: Candidate, owners: set[str], people: list[Candidate], canon: dict[str, str],
                  latest: dict[str, list[tuple[int, Candidate]]] | None) -> Candidate | None:
    """The last of the people before ``c`` whose name is one of ``owners``. With the people in text order, the
    candidates seen so far under each owner answer that without a scan of the whole article (``latest``)."""
    if latest is None:
        before = [p for p in people if canon.get(p.text) in owners and p.start < c.start]
        return before[-1] if before else None
    best: tuple[int, Candidate] | None = None
    for owner in owners:
        seen = latest.get(owner, [])
        k = len(seen) - 1
        while k >= 0 and seen[k][1].start >= c.start:
            k -= 1
        if k >= 0 and (best is None or seen[k][0] > best[0]):
            best = seen[k]
    return best[1] if best is not None else None


def title_role(doc, c: Candidate) -> Role | None:  # noqa: C901
    """The title written just before a person's name: `State Councilor and Foreign Minister Wang Yi`; not the
    title of someone coordinated with them (`the Queen and Duke of Edinburgh`)."""
    if c.start > 0 and doc[c.start - 1].lower_ in ("and", "&"):
        return None
    i = c.start - 1
    first = c.start
    while i >= 0:
        token = doc[i]
        low = token.lower_
        if title_at(doc, i, c.start) or low in title_words():
            first = i
        elif low in ("and", "of", "&") and first == i + 1:
            pass
        elif first == i + 1 and first < c.start and _hyphen_prefix(doc, i):
            first = i = i - 1  # `vice-chairman`, `co-chairman`: the prefix and its hyphen
        elif first == i + 1 and first < c.start and _lower_title_modifier(doc, i, first, c.start):
            first = i  # `chief operating officer`, `project manager`: the title's own modifiers
        elif _title_modifier(doc, i) and first == i + 1:
            first = i  # `Home Secretary David Blunkett`, also opening a sentence: the word before a title is its own
        elif token.text[:1].isupper() and token.is_alpha and not token.is_sent_start:
            # `National Defense` in `Minister of National Defense`; a demonym (`Russian President`)
            if not (country_of_adjective(token.text) or _inside_title(doc, i)):
                break
            first = i
        else:
            break
        i -= 1
    if first < c.start and i >= 0 and any(doc[k].lower_ in role_words() for k in range(first, c.start)):
        # `the Culture and Heritage Secretary Helen Ashby`: capitalized words between `the` and the title
        j = i
        while j >= 0 and ((doc[j].text[:1].isupper() and doc[j].is_alpha) or doc[j].lower_ in ("and", "&")):
            j -= 1
        if j < i and j >= 0 and (doc[j].lower_ in ("the", "a", "an") or doc[j].text in ("'s", "’s")):
            first = j + 1
    while first < c.start and (doc[first].lower_ in ("and", "of", "&", "the") or doc[first].lower_ in honorifics()):
        first += 1
    if first >= c.start or not any(doc[k].lower_ in role_words() for k in range(first, c.start)):
        return None
    country = None
    adjective = country_of_adjective(doc[first].text)
    if adjective:
        country = adjective.iso3
        if c.start - first > 2:  # `Chinese State Councilor and Minister ...`: the adjective is not the title
            first += 1
    last = c.start
    while last > first + 1 and doc[last - 1].lower_ in honorifics():
        last -= 1  # `Attorney General Lord Goldsmith`: the honorific is no part of the role
    text = doc[first:last].text
    return Role(text, None, country)


def _hyphen_prefix(doc, i: int) -> bool:
    """The hyphen of `vice-chairman`, written without spaces after a lower-case word."""
    return doc[i].text in ("-", "‑") and i > 0 and doc[i - 1].is_alpha and doc[i - 1].is_lower and not (
        doc[i].whitespace_ or doc[i - 1].whitespace_)


def _lower_title_modifier(doc, i: int, first: int, end: int) -> bool:
    """A lower-case word that modifies the title begun at first."""
    token = doc[i]
    return token.is_lower and token.is_alpha and token.dep_ in ("amod", "compound", "nmod") and (
        first <= token.head.i < end) and token.pos_ in ("ADJ", "NOUN", "VERB") and not token.is_stop


def _title_modifier(doc, i: int) -> bool:
    """One capitalized word right before a title word (`Home` in `Home Secretary`), not a name's."""
    token = doc[i]
    return (token.text[:1].isupper() and token.is_alpha and i + 1 < len(doc) and doc[i + 1].lower_ in title_words()
            and not token.is_stop and token.ent_type_ != "PERSON"
            and not (i > 0 and doc[i - 1].text[:1].isupper() and doc[i - 1].is_alpha))


def _inside_title(doc, i: int) -> bool:
    """A capitalized word after `of` in a title (`Minister of National Defense`)."""
    j = i - 1
    while j >= 0 and doc[j].text[:1].isupper() and doc[j].lower_ not in title_words():
        j -= 1
    return j >= 1 and doc[j].lower_ == "of" and doc[j - 1].lower_ in title_words()


def appositive_role(doc, c: Candidate, mentions: list[Candidate], shown: bool = False) -> Role | None:
    """`Gao Fei, a professor of Russian studies at the China Foreign Affairs University, told ...` (``mentions``:
    the article's candidates, in text order). With ``shown`` (a role to show, not evidence that a name is a
    person's), not a noun phrase right before a verb of saying: in `Echoing Rice, the prime minister said ...` it
    is the subject of what follows."""
    if c.end + 2 >= len(doc) or doc[c.end].text != ",":
        return None
    first = doc[c.end + 1]
    if first.lower_ not in _APPOSITIVE_OPENERS and not (first.text[:1].islower() and first.pos_ == "NOUN"):
        return None
    start = c.end + 1 + (first.lower_ in ("a", "an", "the"))
    end = start
    while end < len(doc) and end - start < _MAX_ROLE_TOKENS and doc[end].lower_ not in _ROLE_STOP:
        if doc[end].pos_ in ("VERB", "AUX") and doc[end].tag_ != "VBN" and doc[end].tag_ != "VBG":
            return None  # a clause, not an appositive
        end += 1
    if end == start or end - start >= _MAX_ROLE_TOKENS:
        return None
    if shown and end < len(doc) and doc[end].lower_ in _SAYING:
        return None
    start_char, end_char = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    first_inside = bisect.bisect_left(mentions, start_char, key=lambda m: m.start_char)  # mentions in text order
    inside = [m for m in itertools.takewhile(lambda m: m.start_char <= end_char, mentions[first_inside:])
              if m.end_char <= end_char]
    if not names_a_role(doc, start, end, inside):
        return None
    affiliation = next((m for m in reversed(inside) if m.type == "institution"), None)
    country = None
    if affiliation is not None:
        words = affiliation.text.split()
        found = country_of_adjective(words[0]) or country_named(words[0])
        country = found.iso3 if found else None
    if country is None:
        country = next((m.iso3 for m in inside if m.type == "country" and m.form != "demonym"), None)
    return Role(doc[start:end].text,
                affiliation.text if affiliation is not None else None, country)


# words that open what follows a role's head (`professor OF Russian studies`, `lawyer REPRESENTING ...`)
_COMPLEMENT = frozenset({"of", "at", "for", "with", "from", "in", "on", "to", "who", "whose", "which", "that"})


def _role_head(doc, start: int, end: int, inside: list[Candidate]) -> int:
    """The head of a role's words: the last one before its complement (a preposition, a participle, a relative
    pronoun, outside the names in it: `Association of Chief Police Officers' SPOKESMAN on ...`), else the last
    one."""
    named = {k for m in inside for k in range(m.start, m.end)}
    for k in range(start + 1, end):
        if k not in named and (doc[k].lower_ in _COMPLEMENT or doc[k].pos_ == "ADP" or doc[k].tag_ in ("VBG", "VBN")):
            return k - 1
    return end - 1


def names_a_role(doc, start: int, end: int, inside: list[Candidate]) -> bool:
    """Whether the words ``doc[start:end]`` after a name name a role (`a professor of Russian studies`), rather
    than a name (`the 17-year-old Murray`, `Streets and Foo Fighters`) or other people (`critic Roger Clarke
    and ...`, `members of his band and Mr Nogar`): their head (``_role_head``) is no part of a name (other than
    a country's, or a title word); no person is named up to the head (but as an owner: `actor Sylvester's
    mother`); and no person is joined to the head by `and`."""
    head = doc[_role_head(doc, start, end, inside)]
    if head.lower_ not in role_words() and any(m.start <= head.i < m.end and m.type != "country" for m in inside):
        return False
    people = [m for m in inside if m.type == "person"]
    if any(m.start <= head.i and not _owner(doc, m) for m in people):
        return False
    return not any(doc[m.end - 1].dep_ == "conj" and doc[m.end - 1].head.i == head.i for m in people)


def _owner(doc, m: Candidate) -> bool:
    """A name followed by a possessive `'s` (or `'`)."""
    return m.end < len(doc) and doc[m.end].lower_ in ("'s", "'", "’s", "’")


_OWNERS = frozenset({"the"}) | pronouns(case="possessive")


def role_before(doc, c: Candidate) -> Role | None:
    """`Acme's chief executive, Ada Okafor, said`, `Its leader, Roger Knapman,`: a role set off before a name
    (the name closed by a comma too), ending in a title word; the owner (`Acme's`, `its`) is not part of it."""
    if c.start < 3 or doc[c.start - 1].text != "," or c.end >= len(doc) or doc[c.end].text != ",":
        return None
    end = c.start - 1
    if doc[end - 1].lower_ not in title_words():
        return None
    start = end - 1
    while start > 0 and end - start < _MAX_ROLE_TOKENS and doc[start - 1].is_alpha and (
            doc[start - 1].lower_ not in _OWNERS) and doc[start - 1].pos_ not in ("VERB", "AUX", "ADP", "DET", "PRON"):
        start -= 1
    return Role(doc[start:end].text, None, None)


def named_by_appositive(doc, c: Candidate) -> bool:
    """A name the model typed otherwise that an appositive describes as a person (`Sun Zhuangzhi, an expert on
    ...`): two or three capitalized words, no institution word, and an appositive headed by a noun that is not
    one of an institution, a place or a company."""
    words = c.text.split()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
        return False
    if any(w.lower() in institution_cues() for w in words):
        return False
    if c.end + 2 >= len(doc) or doc[c.end].text != "," or doc[c.end + 1].lower_ not in ("a", "an"):
        return False
    for token in doc[c.end + 2:c.end + 8]:
        if token.pos_ == "NOUN" or token.lower_ in title_words():
            return token.lower_ not in non_person_nouns() and token.text[:1].islower()
        if token.is_punct:
            return False
    return False


_APPOSITIVE_COMMA = re.compile(r",\s+an?\s")
_OPEN_BRACKET = re.compile(r"(?<=\s)\(")


def unlabeled_appositive_names(doc, text: str, taken: bytearray, tokens: Tokens) -> list[Candidate]:
    """Names the model missed that an appositive marks as people: `Sun Zhuangzhi, an expert on ...`."""
    return _unlabeled_before(_APPOSITIVE_COMMA, doc, text, taken, tokens, lambda t: t.pos_ == "PROPN",
                             lambda c, d: named_by_appositive(d, c))


def unlabeled_athletes(doc, text: str, taken: bytearray, tokens: Tokens) -> list[Candidate]:
    """Names the model missed in a results list, followed by their country in brackets:
    `Ben Archer ( U.S. ) beat Luis Ordonez ( Spain )`."""
    from newslens.entities.kinds import athlete_context

    return _unlabeled_before(_OPEN_BRACKET, doc, text, taken, tokens, _name_word, athlete_context)


def _unlabeled_before(pattern: re.Pattern[str], doc, text: str, taken: bytearray, tokens: Tokens,
                      word: Callable, is_person: Callable) -> list[Candidate]:
    """People's names the model missed: two or three ``word`` tokens, free, right before a match of ``pattern``,
    that ``is_person(candidate, doc)`` confirms."""
    out = []
    for match in pattern.finditer(text):
        end = tokens.at(match.start())
        if not end or taken[end - 1]:
            continue
        start = end
        while start > 0 and end - start < 3 and not taken[start - 1] and word(doc[start - 1]):
            start -= 1
        if end - start < 2:
            continue
        c = Candidate.from_tokens(doc, start, end)
        if is_person(c, doc):
            c.type, c.strong = "person", True
            out.append(c)
    return out


def _name_word(token) -> bool:
    word = token.text
    return word[:1].isupper() and word.replace("-", "").replace("'", "").isalpha() and not token.is_stop


def named_after_person_noun(doc, c: Candidate) -> bool:
    """`Olympic champion Kwame Oduya`, `finalist Ilse Brandvold`: two or three capitalized words, no
    institution word, just after a lower-case singular noun that only people are."""
    words = c.text.split()
    if not 2 <= len(words) <= 3 or c.start == 0 or any(w.lower() in institution_cues() for w in words):
        return False
    before = doc[c.start - 1]
    # a plural (`campaigners HACAN Clearskies`, `the firms Young & Rubicam`) names several, not the name after it
    return before.text.islower() and before.text in name_descriptors() and before.tag_ != "NNS"
