"""One entity, one name, across a corpus: which per-article names are the same person or institution
(docs/entities.md, "Across a corpus").

Inside one article the entity layer already puts every mention under one name (`Clinton` under `Bill Clinton`
when the article names him in full). Across a corpus the same entity is written otherwise in other articles:
by surname alone, with initials, as an acronym or a short form, in capitals, or typed otherwise by one
article. This module decides, from the corpus's names alone, which per-article names are one entity, under
which name and type, and why: records in, links out, no spaCy (the store keeps the links up to date as
articles come and go, and every query over a store or over several FILEs reads them).

The steps, in order (each joins names and says how, in words a researcher can check):

1. ``same_spelling``: names of one type written alike but for case, accents and full stops (`NEW YORK`,
   `New York`; `U.N.`, `UN`).
2. ``one_type``: a name typed a person in some articles and an institution or a place in others is a person
   when the person readings (its own and the full names it ends) clearly outnumber the others (`Dole`), and an
   institution when the institution readings do (`Pirelli`). Places and institutions stay apart (a city and
   its team), and countries keep their type.
3. ``full_names``: full names with the same first and last name (`Vladimir Vladimirovich Putin`).
4. ``initials``: `A. Hollioake` joins the only full name of its surname whose first name has that initial.
5. ``surnames``: a surname alone (`Clinton`, `Van Moer`), or with a peer's title (`Lord Falconer`), joins the
   only full name that ends with it (`Charles Falconer`; a lone surname, else, the only peer's name: `Falconer`,
   `Lord Falconer`), unless the corpus uses the word as a first name about as often (a shared first name is
   never an alias); a royal title's name is a given name (`Prince Charles` is no Ray Charles). Where several
   full names end with it, what the articles say tells them apart: the gender (`Mrs Clinton`), else the role
   (`President Yeltsin`); if that leaves one, it joins it, else it stays its own entity.
6. ``written_aliases``: an institution name that the articles give as another's alias (`SCO` of
   `Shanghai Cooperation Organization`) joins it when it is the alias of that one only.
7. ``acronyms``: capitals spelling the initials of exactly one institution's name (`KDP`, `U.N.`).
8. ``descriptive_tails``: a name and the same name with a legal form or a designator after it
   (models/name_designators.txt: `Sony` and `Sony Corporation`, `Labour` and `Labour Party`, `Commerce` and
   `Commerce Department`), when the corpus has one such longer form only; not another body of the same name
   (`Cardiff University`), a company's product or subsidiary (`Apple iPod`, `Sony Pictures Entertainment`), nor
   a place's team (`Newcastle Falcons`).
9. ``abbreviations``: word-by-word shortenings of exactly one longer name (`Lib Dems` of `Liberal
   Democrats`, `Inter Milan` of `Internazionale Milan`), and a party's singular and plural (`Lib Dem`, `Lib
   Dems`; `Conservative`, `Conservatives`).
10. ``party_roles``: two party names the corpus gives the same people in the same role (`Tory leader` and
   `Conservative leader` Michael Howard, and another such person): one party (`Tories`, `Conservatives`).

Where a short name fits several entities (`Howard`: Michael Howard and John Howard), it stays its own entity.
The name shown is the fullest common form (``canonical``): a person's most used full name, an institution's
most used long form. ``LinkOverrides`` (``--links FILE``) lets a researcher join or part names by hand.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from newslens.errors import LinkFileError
from newslens.names import fold, override_rows
from newslens.records import Entity
from newslens.resources import read_table, read_words

PERSON, INSTITUTION, PLACE, COUNTRY = "person", "institution", "place", "country"
Key = tuple[str, str]  # (type, name) of a per-article entity

# How much the readings of one type must outnumber the others before a name takes that type corpus-wide.
PERSON_MAJORITY = 2  # `Dole` a person 9 times, an institution 3 times: a person
INSTITUTION_MAJORITY = 3  # `Pirelli` an institution 8 times, a person once: an institution
MIN_READINGS = 3  # and a name of several words on no fewer (`Time Warner` a person twice, an institution once)
FIRST_NAME_SHARE = 3  # a surname alone joins its full name only if the corpus uses it as a last name 3x as often
COMMON_SHARE = 4  # a form is common when its articles are at least a quarter of the most used form's


@cache
def version() -> str:
    """A fingerprint of the linking rules (this module and the word lists it reads): a store whose links were
    made by other rules links its names again (``Store``)."""
    import hashlib

    from newslens.resources import models_dir

    digest = hashlib.sha1(Path(__file__).read_bytes())
    for name in ("name_designators.txt", "peerage_titles.tsv", "party_names.txt"):
        digest.update((models_dir() / name).read_bytes())
    return digest.hexdigest()[:16]


# -- what the corpus says of each name ---------------------------------------------------------------------------

@dataclass
class NameStat:
    """One per-article name of the corpus (type and name), with its counts over the articles that use it."""

    type: str
    name: str
    articles: int = 0
    mentions: int = 0
    aliases: Counter = field(default_factory=Counter)  # other names the articles give it -> articles
    # what the articles say of it (people): `g:female` / `g:male` (their own words or pronouns decided the
    # gender), `r:president` (the head of the role they give it) -> articles; what tells apart the full names a
    # surname alone may stand for (``surnames``)
    context: Counter = field(default_factory=Counter)

    @property
    def key(self) -> Key:
        return (self.type, self.name)


def name_stats(entities: Iterable[Entity]) -> dict[Key, NameStat]:
    """The corpus's names from per-article entities (each with its one article).

    >>> stats = name_stats([Entity("Bill Clinton", "person", ("Clinton",), 3, articles=("a",)),
    ...                     Entity("Clinton", "person", (), 2, articles=("b",))])
    >>> stats[("person", "Bill Clinton")].aliases["Clinton"], stats[("person", "Clinton")].mentions
    (1, 2)
    """
    stats: dict[Key, NameStat] = {}
    for e in entities:
        stat = stats.get((e.type, e.name))
        if stat is None:
            stat = stats[(e.type, e.name)] = NameStat(e.type, e.name)
        count_in(stat, e, +1)
    return stats


def count_in(stat: NameStat, entity: Entity, sign: int) -> None:
    """Add (``sign`` +1) or take away (-1) one article's entity to the counts of its name."""
    stat.articles += sign * max(1, len(entity.articles))
    stat.mentions += sign * entity.mentions
    _count(stat.aliases, dict.fromkeys(entity.aliases), sign)
    _count(stat.context, context_of(entity), sign)


def _count(counter: Counter, keys: Iterable[str], sign: int) -> None:
    for key in keys:
        counter[key] += sign
        if counter[key] <= 0:
            del counter[key]


def context_of(entity: Entity) -> list[str]:
    """What one article says of a person that tells them apart from another of the same surname: the gender its
    own evidence decided (`g:male`), the head of the role it gives them (`r:president`)."""
    if entity.type != PERSON:
        return []
    out = []
    if entity.gender in ("female", "male") and (entity.gender_source or "").startswith("article"):
        out.append(f"g:{entity.gender}")
    head = role_head(entity.role)
    if head:
        out.append(f"r:{head}")
        if _party_of_role(entity.role.lower()):
            out.append("t:" + " ".join(entity.role.lower().split()))  # `t:tory leader`: a party's role
    return out


def _party_of_role(role: str) -> str | None:
    """The party a role opens with (`tory` of `tory leader`, `lib dem` of `lib dem spokesman`), lower case."""
    words = role.lower().split()
    for n in (2, 1):
        if len(words) > n and is_party_form(" ".join(words[:n])):
            return " ".join(words[:n])
    return None


def role_head(role: str | None) -> str | None:
    """The head noun of a role (`Russian President` -> `president`, `Chancellor of the Exchequer` ->
    `chancellor`), lower case; None for none."""
    if not role:
        return None
    words = role.lower().replace("-", " ").split()
    cut = next((k for k, w in enumerate(words) if w in ("of", "for", "at", "to")), len(words))
    return words[cut - 1].strip(",.") if cut else None


# -- the words of names ----------------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_INITIAL = re.compile(r"^(?:[A-Z]\.?-?){1,3}$")
_CONNECTORS = frozenset({"of", "the", "and", "for", "&", "de", "du", "des", "la", "le", "del", "der", "von", "van"})


@lru_cache(maxsize=1 << 20)
def spelling(name: str) -> str:
    """The name without case, accents, full stops and a leading `the`: how two spellings are compared.

    >>> spelling("U.N."), spelling("NEW YORK"), spelling("the Times")
    ('un', 'new york', 'times')
    """
    folded = _SPACES.sub(" ", fold(name).replace("’", "'").replace(".", "")).strip()
    return folded[4:] if folded.startswith("the ") else folded


def words(name: str) -> list[str]:
    return spelling(name).replace("-", "- ").split()


@cache
def _particles() -> frozenset[str]:
    return frozenset({"von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das", "la", "le",
                      "bin", "ibn", "al", "el", "ben", "ter", "zu", "st"})


def is_initial(word: str) -> bool:
    """`A.`, `J.R.`, `A`: a given name written as initials."""
    return bool(_INITIAL.match(word)) and len(word.replace(".", "").replace("-", "")) <= 3


@lru_cache(maxsize=1 << 20)
def person_parts(name: str) -> tuple[str, ...]:
    """The words of a person's name, folded (`Wilfried Van Moer` -> ('wilfried', 'van', 'moer')); a hyphenated
    surname is one word (`kilroy-silk`)."""
    return tuple(spelling(name).split())


@cache
def _titles() -> dict[str, str]:
    """Titles of nobility and royalty -> what the name after them is: `surname` or `given name`
    (models/peerage_titles.tsv)."""
    return {row[0].lower(): row[1] for row in read_table("peerage_titles.tsv")}


@lru_cache(maxsize=1 << 20)
def titled(name: str) -> tuple[str, str] | None:
    """(what the name after the title is, the name's words after it) of a name that opens with a title of
    nobility or royalty (`Lord Falconer` -> ('surname', 'falconer'), `Prince Charles` -> ('given name',
    'charles')); None for other names."""
    raw = name.split()
    kind = _titles().get(raw[0].lower()) if len(raw) >= 2 else None
    return (kind, " ".join(person_parts(" ".join(raw[1:])))) if kind else None


@lru_cache(maxsize=1 << 20)
def is_full_name(name: str) -> bool:
    """Two words or more, the first no initial, title nor particle, each capitalized or a particle: `Bill
    Clinton`; not `A. Hollioake`, `Lord Falconer`, `Van Moer`, nor a span run over a lower-case word (`J.
    Gillespie st Kaluwitharana`)."""
    raw = name.split()
    if len(raw) < 2 or is_initial(raw[0]) or raw[0].lower() in _particles() or titled(name):
        return False  # (`Van Moer`, `da Silva`: a surname with its particles)
    return all(w[:1].isupper() or w.lower() in _particles() for w in raw)


@lru_cache(maxsize=1 << 20)
def initials_form(name: str) -> tuple[str, tuple[str, ...]] | None:
    """(initials, surname words) of `A. Hollioake` / `J.R. Smith`; None for other names."""
    raw = name.split()
    if len(raw) < 2:
        return None
    k = 0
    letters = ""
    while k < len(raw) - 1 and is_initial(raw[k]):
        letters += raw[k].replace(".", "").replace("-", "").lower()
        k += 1
    if not letters or not all(w[:1].isupper() or w.lower() in _particles() for w in raw[k:]):
        return None
    return letters, person_parts(" ".join(raw[k:]))


@lru_cache(maxsize=1 << 20)
def surname_form(name: str) -> tuple[str, ...] | None:
    """The words of a name that can only be a surname: one word (`Clinton`), particles and a word (`Van Moer`),
    or what follows a peer's title (`Lord Falconer`)."""
    title = titled(name)
    if title is not None:
        return tuple(title[1].split()) if title[0] == "surname" and " of " not in f" {title[1]} " else None
    parts = person_parts(name)
    if len(parts) == 1 and not is_initial(name):
        return parts
    if 1 < len(parts) <= 3 and all(p in _particles() for p in parts[:-1]):
        return parts
    return None


@lru_cache(maxsize=1 << 20)
def acronym_letters(name: str) -> str | None:
    """The letters of a name written as an acronym (`KDP`, `U.N.`, `NATO`): two to six capitals; None otherwise."""
    compact = name.replace(".", "").replace(" ", "")
    if 2 <= len(compact) <= 6 and compact.isalpha() and compact.isupper():
        return compact.lower()
    return None


@lru_cache(maxsize=1 << 20)
def initials_of(name: str) -> str | None:
    """The initials of a name of two capitalized words or more, its small words skipped (`Patriotic Union of
    Kurdistan` -> `puk`); None for one word or an acronym."""
    raw = [w for w in name.replace("-", " ").split() if w.lower() not in _CONNECTORS]
    if len(raw) < 2 or not all(w[:1].isupper() for w in raw):
        return None
    return "".join(w[0] for w in raw).lower()


@cache
def _designators() -> frozenset[str]:
    """Words after a name that name the same institution (models/name_designators.txt), without full stops."""
    return frozenset(w.replace(".", "") for w in read_words("name_designators.txt"))


@cache
def _party_names() -> frozenset[str]:
    return read_words("party_names.txt")


@lru_cache(maxsize=1 << 20)
def head_of(name: str) -> str | None:
    """The name without the words after it that name the same institution (`Commerce Department` -> `commerce`,
    `Magna International Inc` -> `magna international`; not `Cardiff University`); None when nothing is cut."""
    parts = spelling(name).split()
    if is_party_form(name):
        return None  # `Lib Dems`: the word that says it is a party is part of its name
    k = len(parts)
    while k > 1 and parts[k - 1] in _designators():
        k -= 1
    return " ".join(parts[:k]) if k < len(parts) else None


@lru_cache(maxsize=1 << 20)
def singular(name: str) -> str:
    """A name's last word without its plural ending (`lib dems` -> `lib dem`, `tories` -> `tory`)."""
    parts = spelling(name).split()
    last = parts[-1] if parts else ""
    if last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        last = last[:-1]
    return " ".join([*parts[:-1], last])


@cache
def _party_singulars() -> frozenset[str]:
    return frozenset(singular(p) for p in _party_names())


def is_party_form(name: str) -> bool:
    """A party's name, or its member's noun, in the singular or the plural (models/party_names.txt)."""
    key = spelling(name)
    return key in _party_names() or key + "s" in _party_names() or singular(key) in _party_singulars()


def abbreviates(short: str, long: str) -> bool:
    """Each word of ``short`` opens the word of ``long`` in its place, one at least shorter, at least two words
    (`Lib Dems`, `Liberal Democrats`; `Inter Milan`, `Internazionale Milan`).

    >>> abbreviates("Lib Dems", "Liberal Democrats"), abbreviates("New York", "Newcastle Yorkshire")
    (True, False)
    """
    a, b = singular(short).split(), singular(long).split()
    if len(a) != len(b) or len(a) < 2 or a == b:
        return False
    shorter = 0
    for x, y in zip(a, b, strict=True):
        if x == y:
            continue
        if len(x) < 3 or not y.startswith(x):
            return False
        shorter += 1
    return 0 < shorter < len(a) or (all(len(x) >= 3 for x in a) and shorter == len(a) and len(a) >= 2)


# Keys are symmetric (`w:`, `i:`, `a:`, `y:`, `fl:`: names that share one weigh in each other's decisions), or
# directed: a name with `p>clinton` (a full name ending so) weighs in the decision of one with `p<clinton` (a
# surname alone) and not the other way round, as `f>` (a full name's first word) does in that of `f<` (a word
# alone), and `yp` (a person given a party's role) in that of every party's name (`y*`: the few names of
# parties weigh in each other's, `party_roles`).
AFFECTS = {"p>": ("p<",), "f>": ("f<",), "yp": ("y*",), "y*": ("y*",)}
READS = {"p<": ("p>",), "y*": ("y*", "yp")}  # (a word alone reads the first-name counts, ``first_words``)
_DIRECTED = frozenset({"p>", "p<", "f>", "f<", "yp", "y*"})


def family_keys(type_: str, name: str, aliases: Iterable[str] = (), context: Iterable[str] = ()) -> set[str]:
    """The keys under which the steps compare names: a name's decision reads only names that share a key with it
    (directed keys: ``AFFECTS``, ``READS``). The store finds by them the names a new article's names may change,
    and what their decisions read (``Store``: the ``name_keys`` table).

    >>> sorted(family_keys("person", "Bill Clinton")), sorted(family_keys("person", "Clinton"))
    (['f>bill', 'fl:bill clinton', 'p>clinton', 'w:bill clinton'], ['f<clinton', 'p<clinton', 'w:clinton'])
    """
    keys = {"w:" + spelling(name)}
    if type_ != PERSON:  # an institution's aliases weigh in (``written_aliases``); a person's are its own article's
        keys |= {"w:" + spelling(a) for a in aliases}
    keys |= _person_keys(type_, name)
    if type_ != PERSON:
        keys |= _institution_keys(name)
    if any(c.startswith("t:") for c in context):
        keys.add("yp")  # given a party's role
    return keys


def _person_keys(type_: str, name: str) -> set[str]:
    parts = person_parts(name)
    if not parts:
        return set()
    if type_ == PERSON and is_full_name(name):
        return {"p>" + parts[-1], "f>" + parts[0], f"fl:{parts[0]} {parts[-1]}"}
    if len(parts) == 1:
        return {"p<" + parts[0], "f<" + parts[0]}
    if type_ != PERSON:
        return set()
    title = titled(name)
    if title is not None:  # a peer's surname reads full names and is read by a lone surname; a royal's neither
        last = title[1].split()[-1] if title[1] else ""
        return {"p<" + last, "p>" + last} if title[0] == "surname" and last else set()
    return {"p<" + parts[-1]} if initials_form(name) or surname_form(name) else set()


def _institution_keys(name: str) -> set[str]:
    keys = set()
    found = acronym_letters(name) or initials_of(name)
    if found:
        keys.add("i:" + found)
    head = head_of(name)
    if head:
        keys.add("w:" + head)
    plain = singular(name).split()
    if len(plain) >= 2:
        keys.add(f"a:{len(plain)}:{''.join(p[0] for p in plain)}")
    if is_party_form(name):
        keys |= {"y:" + singular(name), "y*"}
    elif head and is_party_form(head):
        keys |= {"y:" + singular(head), "y*"}  # `Conservative Party`
    return keys


def directed(keys: Iterable[str], table: Mapping[str, tuple[str, ...]]) -> set[str]:
    """The keys to look names up by: a directed key through ``table`` (AFFECTS: the names a name's change may
    move; READS: the names its decision reads), dropped when the table does not take it; the others as they are."""
    out = set()
    for key in keys:
        prefix = key[:2]
        if prefix in _DIRECTED:
            out.update(to + key[2:] for to in table.get(prefix, ()))
        else:
            out.add(key)
    return out


# -- groups of names, joined with reasons ----------------------------------------------------------------------

class _Groups:
    """Union-find over the corpus's names; each join records how."""

    def __init__(self, stats: Mapping[Key, NameStat], first_use: Mapping[str, int] | None = None):
        self.stats = stats
        # word -> articles of people's full names that open with it (``first_words``; the store keeps them)
        self.first_use = first_words(stats) if first_use is None else first_use
        self.keys = sorted(stats)  # every step reads the names in one order: the same links, however counted
        self.parent: dict[Key, Key] = {k: k for k in self.keys}
        self.how: dict[Key, str] = {}
        self.joined_by: dict[Key, tuple[Key, str]] = {}  # a name others were joined to -> the first, and how
        self.retyped: dict[Key, str] = {}  # name -> the type it takes corpus-wide

    def find(self, key: Key) -> Key:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, key: Key, into: Key, how: str) -> None:
        """Join ``key``'s group to ``into``'s, saying how ``key`` came to it (its first reason stands)."""
        a, b = self.find(key), self.find(into)
        if a != b:
            self.parent[a] = b
        if key not in self.how:
            self.how[key] = how
            self.joined_by.setdefault(into, (key, how))

    def type_of(self, key: Key) -> str:
        return self.retyped.get(key, key[0])

    def members(self) -> dict[Key, list[Key]]:
        out: dict[Key, list[Key]] = defaultdict(list)
        for key in self.keys:
            out[self.find(key)].append(key)
        return out


def _articles(stats: Mapping[Key, NameStat], keys: Iterable[Key]) -> int:
    return sum(stats[k].articles for k in keys)


def same_spelling(groups: _Groups) -> None:
    """`NEW YORK` and `New York`, `U.N.` and `UN`: one name of one type, written otherwise."""
    by_spelling: dict[tuple[str, str], list[Key]] = defaultdict(list)
    for key in groups.keys:
        by_spelling[(key[0], spelling(key[1]))].append(key)
    for keys in by_spelling.values():
        if len(keys) > 1:
            keys.sort(key=lambda k: (k[1].isupper(), -groups.stats[k].articles, k[1]))
            for k in keys[1:]:
                groups.join(k, keys[0], f"written {keys[0][1]!r} elsewhere")


def one_type(groups: _Groups) -> None:
    """A name typed otherwise by a few articles takes the type most of the corpus gives it: a person when the
    readings as a person (its own, and the full names of people it ends) outnumber the others PERSON_MAJORITY
    times; an institution when its readings as an institution outnumber those as a person INSTITUTION_MAJORITY
    times (and it ends no person's full name). Countries keep their type; places and
    institutions stay apart (a city and its team)."""
    stats = groups.stats
    by_spelling: dict[str, dict[str, list[Key]]] = defaultdict(lambda: defaultdict(list))
    for key in groups.keys:
        by_spelling[spelling(key[1])][key[0]].append(key)
    ending = _person_endings(stats)
    for word, typed in by_spelling.items():
        if not (PERSON in typed or word in ending) or not (typed.keys() & {INSTITUTION, PLACE}):
            continue
        person = sum(stats[k].mentions for k in typed.get(PERSON, ())) + ending.get(word, 0)
        others = {t: sum(stats[k].mentions for k in typed[t]) for t in (INSTITUTION, PLACE) if t in typed}
        least = MIN_READINGS if " " in word else 1  # a full name typed two ways: more readings needed
        if person >= max(least, PERSON_MAJORITY * sum(others.values())):
            target = min(typed[PERSON], key=lambda k: (k[1].isupper(), k[1])) if PERSON in typed else None
            for t in others:
                for k in typed[t]:
                    groups.retyped[k] = PERSON
                    how = f"a person in the corpus ({person} readings to {others[t]} as {t})"
                    if target is None:
                        groups.how[k] = how
                    else:
                        groups.join(k, target, how)
            continue
        if PERSON not in typed:
            continue
        institution = others.get(INSTITUTION, 0)
        if INSTITUTION in typed and institution >= max(least, INSTITUTION_MAJORITY * person) and (
                word not in ending):
            into = min(typed[INSTITUTION], key=lambda k: (k[1].isupper(), k[1]))
            for k in typed[PERSON]:
                groups.retyped[k] = INSTITUTION
                groups.join(k, into, f"an institution in the corpus ({institution} readings to {person} as a person)")


def _person_endings(stats: Mapping[Key, NameStat]) -> Counter:
    """Mentions of people's full names by their last word: how often a word is read as a person's surname."""
    out: Counter = Counter()
    for (type_, name), stat in stats.items():
        if type_ == PERSON and is_full_name(name):
            out[person_parts(name)[-1]] += stat.mentions
    return out


def _people(groups: _Groups) -> list[Key]:
    return [k for k in groups.keys if groups.type_of(k) == PERSON]


def full_names(groups: _Groups) -> None:
    """`Vladimir Vladimirovich Putin` and `Vladimir Putin`: the same first and last name."""
    by_ends: dict[tuple[str, str], list[Key]] = defaultdict(list)
    for key in _people(groups):
        if is_full_name(key[1]):
            parts = person_parts(key[1])
            by_ends[(parts[0], parts[-1])].append(key)
    for keys in by_ends.values():
        if len(keys) > 1:
            keys.sort(key=lambda k: (-groups.stats[k].articles, -len(k[1]), k[1]))
            for k in keys[1:]:
                groups.join(k, keys[0], f"the same first and last name as {keys[0][1]!r}")


def _full_name_groups(groups: _Groups, peers: bool = False) -> dict[tuple[str, ...], dict[Key, list[Key]]]:
    """Full names' groups by each tail of their words that a surname alone could be (`moer`, `van moer`); with
    ``peers``, the groups of peers' names by their surname (`falconer` of `Lord Falconer`)."""
    out: dict[tuple[str, ...], dict[Key, list[Key]]] = defaultdict(lambda: defaultdict(list))
    for key in _people(groups):
        if peers:
            title = titled(key[1])
            if title is not None and title[0] == "surname":
                out[tuple(title[1].split())][groups.find(key)].append(key)
        elif is_full_name(key[1]):
            parts = person_parts(key[1])
            for k in range(1, len(parts)):
                tail = parts[k:]
                if len(tail) == 1 or all(p in _particles() for p in tail[:-1]):
                    out[tail][groups.find(key)].append(key)
    return out


def initials(groups: _Groups) -> None:
    """`A. Hollioake`: the only full name with that surname whose first name begins with the initial."""
    tails = _full_name_groups(groups)
    for key in _people(groups):
        form = initials_form(key[1])
        if form is None:
            continue
        letters, surname = form
        fits = {root: members for root, members in tails.get(surname, {}).items()
                if any(person_parts(m[1])[0].startswith(letters[0]) for m in members)}
        if len(fits) == 1:
            root, members = next(iter(fits.items()))
            groups.join(key, root, f"initials of {_most_used(groups.stats, members)[1]!r}, the only full name "
                                   "of that surname and initial in the corpus")


def surnames(groups: _Groups) -> None:
    """`Clinton`: the only full name of the corpus that ends with it, unless the corpus uses the word as a
    first name nearly as often (`Charles`: Charles Kennedy, Charles Clarke; Ray Charles)."""
    tails = _full_name_groups(groups)
    peers = _full_name_groups(groups, peers=True)
    first_use = groups.first_use
    for key in _people(groups):
        surname = surname_form(key[1])
        if surname is None:
            continue
        # a full name first (`Charles Falconer`), else a peer's (`Falconer` alone: `Lord Falconer`)
        owners = tails.get(surname) or ({} if titled(key[1]) else peers.get(surname, {}))
        kind = "full name" if surname in tails else "peer's name"
        why = ""
        if len(owners) > 1:
            owners, why = _told_apart(groups.stats, key, owners)
        if len(owners) != 1:
            continue
        root, members = next(iter(owners.items()))
        as_last = _articles(groups.stats, members)
        if len(surname) == 1 and first_use.get(surname[0], 0) * FIRST_NAME_SHARE > as_last:
            continue
        groups.join(key, root, f"surname of {_most_used(groups.stats, members)[1]!r}, the only {kind} "
                               f"ending so in the corpus{why}")


def _told_apart(stats: Mapping[Key, NameStat], key: Key, owners: dict[Key, list[Key]]
                ) -> tuple[dict[Key, list[Key]], str]:
    """The full names a surname alone may stand for, narrowed by what the articles say of each: the gender
    (`Mrs Clinton`'s articles leave out a Bill Clinton whom the corpus shows to be a man), else the role (`President
    Yeltsin`, of the one Yeltsin given that role); the narrowed owners and how, in words."""
    own = stats[key].context
    context = {root: sum((stats[m].context for m in members), Counter()) for root, members in owners.items()}
    genders = {g for g in ("female", "male") if own[f"g:{g}"]}
    if len(genders) == 1:
        (gender,) = genders
        other = "male" if gender == "female" else "female"
        fit = {r: m for r, m in owners.items() if not (context[r][f"g:{other}"] and not context[r][f"g:{gender}"])}
        if len(fit) == 1:
            return fit, f" that is a {'woman' if gender == 'female' else 'man'}'s, as its articles say"
        owners = fit or owners
    roles = {k for k in own if k.startswith("r:")}
    fit = {r: m for r, m in owners.items() if roles & set(context[r])}
    if len(fit) == 1:
        shared = sorted(roles & set(context[next(iter(fit))]))[0][2:]
        return fit, f" given the role {shared!r}, as its articles give it"
    return owners, ""


def _institutions(groups: _Groups) -> list[Key]:
    return [k for k in groups.keys if groups.type_of(k) == INSTITUTION]


def written_aliases(groups: _Groups) -> None:
    """`SCO`, which an article gave as the alias of `Shanghai Cooperation Organization`: the one name it is
    written as an alias of (acronyms and names of several words: a one-word short form is an alias only in its
    own article, `Sun` of `Sun Microsystems`)."""
    owners: dict[tuple[str, str], set[Key]] = defaultdict(set)
    for key in groups.keys:
        for alias in groups.stats[key].aliases:
            owners[(groups.type_of(key), spelling(alias))].add(groups.find(key))
    for key in _institutions(groups):
        if acronym_letters(key[1]) is None and " " not in key[1].strip():
            continue  # `Commerce`, an alias of `Commerce Bancshares Inc.` in its article, is no alias elsewhere
        found = owners.get((INSTITUTION, spelling(key[1])), set()) - {groups.find(key)}
        if len(found) == 1:
            root = next(iter(found))
            groups.join(key, root, f"written as its alias in articles naming {root[1]!r}")


def acronyms(groups: _Groups) -> None:
    """`KDP`: the capitals spell the initials of exactly one institution's name in the corpus."""
    by_initials: dict[str, set[Key]] = defaultdict(set)
    insts = _institutions(groups)
    for key in insts:
        found = initials_of(key[1])
        if found and len(found) >= 2:
            by_initials[found].add(groups.find(key))
    for key in insts:
        letters = acronym_letters(key[1])
        if letters is None:
            continue
        owners = by_initials.get(letters, set()) - {groups.find(key)}
        if len(owners) == 1:
            root = next(iter(owners))
            groups.join(key, root, f"the acronym of {root[1]!r}, the only name of those initials in the corpus")


def descriptive_tails(groups: _Groups) -> None:
    """`Commerce Department` and `Commerce`, `Labour Party` and `Labour`: a name and the same name with
    institution words after it."""
    insts = _institutions(groups)
    by_spelling = {spelling(k[1]): k for k in insts}
    longer: dict[str, set[str]] = defaultdict(set)  # a short name -> its longer forms (as spelt)
    for key in insts:
        head = head_of(key[1])
        if head and head in by_spelling:
            longer[head].add(spelling(key[1]))
    for key in insts:
        head = head_of(key[1])
        if head and head in by_spelling and acronym_letters(by_spelling[head][1]) is None and len(longer[head]) == 1:
            # one longer form only: `Central` with `Central Bank` and `Central Office` stays apart from both
            groups.join(key, by_spelling[head], f"{by_spelling[head][1]!r} with institution words after it")


def abbreviations(groups: _Groups) -> None:
    """`Lib Dems` and `Liberal Democrats`: each word the opening of the other's word in its place (one longer
    name only); a party's singular and plural (`Lib Dem`, `Lib Dems`)."""
    insts = _institutions(groups)
    by_shape: dict[tuple[int, str], list[Key]] = defaultdict(list)  # (words, initials) -> names
    for key in insts:
        parts = singular(key[1]).split()
        if len(parts) >= 2:
            by_shape[(len(parts), "".join(p[0] for p in parts))].append(key)
    for key in insts:
        parts = singular(key[1]).split()
        if len(parts) < 2:
            continue
        longer = {groups.find(k) for k in by_shape[(len(parts), "".join(p[0] for p in parts))]
                  if k != key and len(k[1]) > len(key[1]) and abbreviates(key[1], k[1])}
        if len(longer) == 1:
            root = next(iter(longer))
            groups.join(key, root, f"a shortening of {root[1]!r}")
    by_singular: dict[str, list[Key]] = defaultdict(list)
    for key in insts:
        if is_party_form(key[1]):
            by_singular[singular(key[1])].append(key)
    for keys in by_singular.values():
        keys.sort(key=lambda k: (-groups.stats[k].articles, k[1]))
        for k in keys[1:]:
            groups.join(k, keys[0], f"the singular or plural of the party name {keys[0][1]!r}")


PARTY_WITNESSES = 2  # people each given the same role under both party names, before the names are one party


def party_roles(groups: _Groups) -> None:
    """`Tories` and `Conservatives`: two party names that the corpus gives the same people in the same role
    (`Tory leader` and `Conservative leader` Michael Howard; `Tory shadow chancellor` and `Conservative shadow
    chancellor` Oliver Letwin), for PARTY_WITNESSES people at least (one who changed party is no witness)."""
    by_party: dict[str, list[Key]] = defaultdict(list)
    for key in _institutions(groups):
        head = head_of(key[1]) or spelling(key[1])
        if is_party_form(head):
            by_party[singular(head)].append(key)
    for (a, b), people in sorted(_party_witnesses(groups).items()):
        if len(people) >= PARTY_WITNESSES and by_party.get(a) and by_party.get(b):
            example = _most_used(groups.stats, people)[1]
            for key in by_party[a]:
                groups.join(key, by_party[b][0], f"the same party as {by_party[b][0][1]!r}: the corpus gives "
                                                 f"{len(people)} people (one is {example!r}) the same role under both")


def _party_witnesses(groups: _Groups) -> dict[tuple[str, str], set[Key]]:
    """(party, party) -> the people (groups) given the same office under both party names."""
    witnesses: dict[tuple[str, str], set[Key]] = defaultdict(set)
    for person, given in _party_roles_of(groups).items():
        by_office: dict[str, set[str]] = defaultdict(set)
        for role in given:
            party = _party_of_role(role)
            if party:
                by_office[role[len(party):].strip()].add(singular(party))
        for parties in by_office.values():
            for a, b in itertools.combinations(sorted(parties), 2):
                witnesses[(a, b)].add(person)
    return witnesses


def _party_roles_of(groups: _Groups) -> dict[Key, Counter]:
    """Each person (group) -> the roles of a party the articles give them (`tory leader`) -> articles."""
    roles: dict[Key, Counter] = defaultdict(Counter)
    for key in _people(groups):
        for item, n in groups.stats[key].context.items():
            if item.startswith("t:"):
                roles[groups.find(key)][item[2:]] += n
    return roles


STEPS = (same_spelling, one_type, full_names, initials, surnames, written_aliases, acronyms, descriptive_tails,
         abbreviations, party_roles)


# -- the name each entity is shown under ------------------------------------------------------------------------

def _most_used(stats: Mapping[Key, NameStat], keys: Iterable[Key]) -> Key:
    return min(keys, key=lambda k: (-stats[k].articles, -stats[k].mentions, k[1].isupper(), k[1]))


def canonical(stats: Mapping[Key, NameStat], keys: list[Key], type_: str) -> str:
    """The fullest common form: among a person's full names (else initials, else the rest), or an institution's
    names that are not acronyms, those used in at least a quarter as many articles as the most used one, the
    one of most words and letters (then the most used; mixed case before capitals).

    >>> s = {("person", "Clinton"): NameStat("person", "Clinton", 13), ("person", "Bill Clinton"):
    ...      NameStat("person", "Bill Clinton", 7)}
    >>> canonical(s, list(s), "person")
    'Bill Clinton'
    """
    if type_ == PERSON:
        tiers = ([k for k in keys if is_full_name(k[1])], [k for k in keys if initials_form(k[1])], keys)
    else:
        tiers = ([k for k in keys if acronym_letters(k[1]) is None and not k[1].isupper()],
                 [k for k in keys if acronym_letters(k[1]) is None], keys)
    chosen = next(t for t in tiers if t)
    most = max(stats[k].articles for k in chosen)
    common = [k for k in chosen if stats[k].articles * COMMON_SHARE >= most]
    return min(common, key=lambda k: (-len(k[1].split()), -len(k[1]), -stats[k].articles, -stats[k].mentions,
                                      k[1].isupper(), k[1]))[1]


# -- links --------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Link:
    """Where one per-article name goes in the corpus: the entity's type and name, and how it was joined."""

    type: str
    name: str
    how: str


class Links(Mapping):
    """(type, name) of a per-article entity -> its Link, for the names that go elsewhere than themselves (a
    name not in it is its own entity)."""

    def __init__(self, links: Mapping[Key, Link] | None = None):
        self._links: dict[Key, Link] = dict(links or {})

    def __getitem__(self, key: Key) -> Link:
        return self._links[key]

    def __iter__(self) -> Iterator[Key]:
        return iter(self._links)

    def __len__(self) -> int:
        return len(self._links)

    def target(self, type_: str, name: str) -> Key:
        """(type, name) of the corpus entity the per-article name belongs to."""
        return target(self._links, type_, name)


def target(links: Mapping[Key, Link], type_: str, name: str) -> Key:
    """(type, name) of the corpus entity a per-article name belongs to, given the corpus's links."""
    link = links.get((type_, name))
    return (link.type, link.name) if link is not None else (type_, name)


def names_of(links: Mapping[Key, Link]) -> dict[Key, set[str]]:
    """Each corpus entity that other names link to (type, name) -> all its names."""
    out: dict[Key, set[str]] = defaultdict(set)
    for key, link in links.items():
        out[(link.type, link.name)].update((key[1], link.name))
    return out


def first_words(stats: Mapping[Key, NameStat]) -> Counter:
    """word -> articles of the people's full names (as their articles type them) that open with it: how often
    the corpus uses a word as a first name (``surnames``).

    >>> first_words({("person", "Charles Kennedy"): NameStat("person", "Charles Kennedy", 3)})["charles"]
    3
    """
    out: Counter = Counter()
    for (type_, name), stat in stats.items():
        if type_ == PERSON and is_full_name(name):
            out[person_parts(name)[0]] += stat.articles
    return out


def link_names(stats: Mapping[Key, NameStat], first_use: Mapping[str, int] | None = None) -> dict[Key, Link]:
    """Every name of the corpus that belongs to an entity shown under another name or type, with how it was
    joined (``STEPS``, in order). ``first_use`` (``first_words`` of the whole corpus) is given when ``stats``
    holds only some of its names (the store's)."""
    groups = _Groups(stats, first_use)
    for step in STEPS:
        step(groups)
    links: dict[Key, Link] = {}
    for keys in groups.members().values():
        if len(keys) == 1 and keys[0] not in groups.retyped:
            continue
        type_ = _group_type(groups, keys)
        name = canonical(stats, keys, type_)
        for key in keys:
            if key != (type_, name):
                links[key] = Link(type_, name, _how(groups, key, name))
    return links


def _group_type(groups: _Groups, keys: list[Key]) -> str:
    votes = Counter()
    for k in keys:
        votes[groups.type_of(k)] += groups.stats[k].mentions
    return votes.most_common(1)[0][0]


def _how(groups: _Groups, key: Key, name: str) -> str:
    """How a name came to the entity: its own join, or (for the name that others joined) what joined it."""
    if key in groups.how:
        return groups.how[key]
    if key in groups.joined_by:  # `Liberal Democrats`, which `Lib Dem` was joined to, shown as `Lib Dems`
        other, how = groups.joined_by[key]
        return f"{other[1]!r} was joined to it ({how}); named {name!r} in the corpus"
    return f"named {name!r} in the corpus"


def link(entities: Iterable[Entity], overrides: LinkOverrides | None = None) -> Links:
    """The corpus links of per-article entities (``name_stats``, ``link_names``), with the user's overrides."""
    stats = name_stats(entities)
    found = link_names(stats)
    return Links(overrides.apply(found, stats) if overrides else found)


# -- the override file --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LinkOverrides:
    """Names the user joins to an entity, or keeps apart (``--links FILE``): folded name -> entity name, or
    None to keep the name its own entity."""

    path: str
    names: dict[str, str | None]

    def apply(self, links: Mapping[Key, Link], names: Iterable[Key] = ()) -> dict[Key, Link]:
        """The links with the file's rows applied to every name it lists (those of ``links`` and ``names``)."""
        out = dict(links)
        source = f"override: {Path(self.path).name}"
        for key in sorted({*links, *names}):
            wanted = self.names.get(fold(key[1]), ...)
            if wanted is ...:
                continue
            if wanted is None or wanted == key[1]:
                out.pop(key, None)
                continue
            type_ = links[key].type if key in links else key[0]
            seen = {key}
            while (type_, wanted) in out and (type_, wanted) not in seen:  # the entity the named one belongs to
                seen.add((type_, wanted))
                type_, wanted = out[(type_, wanted)].type, out[(type_, wanted)].name
            out[key] = Link(type_, wanted, source)
        return out


def read_link_overrides(path: str | Path) -> LinkOverrides:
    """A CSV file of ``name,entity`` rows (a header row of those words is optional): the name is that entity;
    an empty entity keeps the name its own entity."""
    names: dict[str, str | None] = {}
    for number, cells, row in override_rows(path, ("name", "entity"), LinkFileError):
        if not cells[0] or len(cells) > 2:
            raise LinkFileError(f"{path}, line {number}: expected 'name,entity' (an empty entity keeps the name "
                                f"apart), found {','.join(row)!r}")
        names[fold(cells[0])] = (cells[1] if len(cells) > 1 else "") or None
    return LinkOverrides(str(path), names)


__all__ = ["Link", "LinkOverrides", "Links", "NameStat", "canonical", "link", "link_names", "name_stats",
           "read_link_overrides"]
