"""Document-level entity resolution over spaCy's NER spans (docs/entities.md has the whole story).

In order, each a small function:
1. Name spans with repaired boundaries (spans.py), common words opening a line dropped, each span typed from
   its text and label (kinds.py); appositives, person nouns and bracketed countries mark people (people.py);
   names the model missed entirely are found by the same patterns and by initials (`V. Tennakoon`).
2. Teams: a place name used as a team (`Ashcombe beat Fernhill`) is an institution everywhere in the
   article except where it is a location (`in Fernhill`).
3. One sense per discourse: every mention of the same name gets the type its mentions vote for (a sure rule
   outvotes the model); unlabeled names coordinated with a typed one share its type.
4. People: a surname the model typed as something else is the person's (`Wang` as ORG).
5. Propagation: a name the article uses is found again where the model missed it; unlabeled country names
   and major cities are found from the gazetteer.
6. Country references in adjectives and compounds (`Chinese`, `Sino-Russian`): demonym mentions; a ministry
   described after its country (`China's defense ministry`) named.
7. Entities built: people under their fullest name (`Putin` -> `Vladimir Putin`) with roles, affiliations
   and countries (people.py); institutions with acronym and long form merged (`Shanghai Cooperation
   Organization (SCO)`) and a descriptive tail (`TASS Russian News Agency`) an alias of the short name.
8. Gender clues: the honorifics and gendered nouns written around each person's name (gender.py), for the
   speaker resolution and the gender of each person (``newslens.gender``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from newslens.entities.captions import outside_credits
from newslens.entities.gazetteer import (
    country_by_iso,
    country_named,
    country_of_adjective,
    country_part,
    demonym_of,
    major_place_country,
    place_country,
)
from newslens.entities.gender import article_clues
from newslens.entities.index import EntityIndex
from newslens.entities.kinds import (
    athlete_context,
    base_type,
    is_locative,
    seat_of_government,
    team_context,
)
from newslens.entities.lexicon import (
    MONTHS,
    honorifics,
    institution_cues,
    name_designators,
    party_names,
    title_words,
)
from newslens.entities.people import (
    Role,
    appositive_role,
    clusters,
    named_after_person_noun,
    named_by_appositive,
    role_before,
    title_role,
    unlabeled_appositive_names,
    unlabeled_athletes,
)
from newslens.entities.scan import Tokens
from newslens.entities.spans import Candidate, candidates, initial_names, peerage_name, unlabeled_names
from newslens.entities.switches import on
from newslens.entities.typer import Typer, apply_types, default_typer, doc_context, features
from newslens.records import Entity, Mention

NAMED_TYPES = ("person", "country", "institution", "place")
_STRONG_VOTE = 3
_REPEATED = 3  # model labels that make a one-word name's own type hard to overrule
_SPORTS_REPORT = 2  # names used as teams that make an article a sports report


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")


def _common_words(doc, text: str, cands: list[Candidate]) -> set[int]:
    """Ids of one-word names at the start of a sentence or line that the article also writes in lower case
    (`Relays : the relays ran`, `Turnout : 4,500`): common words, not names."""
    opening = [c for c in cands if not c.strong and c.end - c.start == 1 and c.text[:1].isupper()
               and c.text[1:].islower() and (c.start == 0 or doc[c.start - 1].is_space or doc[c.start].is_sent_start)]
    if not opening:
        return set()
    lower = set(_LOWER_WORD.findall(text))
    return {id(c) for c in opening if c.text.lower() in lower}


def _teams(cands: list[Candidate], doc) -> bool:
    """Place names used as teams become institutions, in every non-locative mention of the name.

    In a sports report (two or more names used as teams), every other city or county name that is not a
    location (`at Murcia`) or a venue (`Millbrook : ...`) is a team too."""
    people = clusters([c for c in cands if c.type == "person"])
    surnames = {w for name in set(people.values()) if " " in name for w in (name.split()[0], name.split()[-1])}

    def lone_name(c: Candidate) -> bool:
        """A one-word name the model took for a person that is no part of a person's name in the article."""
        return on("sports_lone_names") and c.type == "person" and not c.strong and " " not in c.text \
            and c.text not in surnames

    teams = set()
    for c in cands:
        if c.strong or c.type == "country":
            continue
        if (c.type == "place" or place_country(c.text) or lone_name(c)) and team_context(c, doc):
            teams.add(c.key)
    sports = len(teams) >= _SPORTS_REPORT
    for c in cands:
        if c.type == "country" or (c.strong and c.type == "person"):
            continue
        if is_locative(c, doc) and on("team_locatives"):
            if c.key in teams or (sports and lone_name(c)):  # `in Fernhill`
                c.type, c.strong = "place", True
            continue
        # the model took a county or city name for a person: in a sports report, it is a team
        if c.key in teams or (sports and lone_name(c)):
            c.type, c.strong, c.country = "institution", True, None
    return sports


def _coordinated(doc, cands: list[Candidate], teams: bool, tokens: Tokens) -> list[Candidate]:
    """Names the model left unlabeled that share the type of a name they are coordinated with (`Harwick ,
    Thornleigh and Calderton`), and, in a sports report, city or county names used as teams (`Harwick 372`)."""
    owner: dict[int, Candidate] = {}
    for c in cands:
        if c.type in NAMED_TYPES:
            for i in range(c.start, c.end):
                owner[i] = c
    out: list[Candidate] = []
    propn = tokens.with_pos("PROPN")
    for _ in range(2):  # a list of three reaches its last member in two steps
        found = []
        for i in propn:
            if i in owner or tokens.in_entity[i]:
                continue
            token = doc[i]
            if not _proper(token) or token.lower_ in title_words() or token.lower_ in MONTHS:
                continue  # `Special Envoy ..., State Councilor`; `in December and Dana Pennock`
            start = token.i
            while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == token.i \
                    and doc[start - 1].pos_ == "PROPN" and start - 1 not in owner:
                start -= 1
            model = None
            if token.dep_ == "conj" and token.head.i in owner:
                model = owner[token.head.i]
            else:
                model = next((owner[c.i] for c in token.children if c.dep_ == "conj" and c.i in owner), None)
            c = Candidate.from_tokens(doc, start, token.i + 1)
            span_text = c.text
            if model is not None and model.type != "country" and not country_named(span_text):
                c.type, c.strong = model.type, True
            elif teams and on("coordinated_teams") and not country_named(span_text) and (
                    team_context(c, doc)):
                c.type, c.strong = "institution", True
            else:
                continue
            found.append(c)
            for i in range(c.start, c.end):
                owner[i] = c
        out += found
        if not found:
            break
    return out


def _gazetteer_names(doc, text: str, cands: list[Candidate], tokens: Tokens) -> list[Candidate]:
    """Proper nouns the model left unlabeled that name a country (`Mongolia`) or a city of 100,000 people or
    more (`Murcia`)."""
    taken = _occupied(cands, len(doc), tokens)
    out = []
    for i in tokens.with_pos("PROPN"):
        if taken[i]:
            continue
        token = doc[i]
        if not _proper(token) or token.lower_ in MONTHS:
            continue
        start = i
        while start > 0 and not taken[start - 1] and doc[start - 1].pos_ == "PROPN" and i - start < 2 \
                and doc[start - 1].text[:1].isupper():
            start -= 1
        for s in range(start, i + 1):  # longest first: `Sri Lanka` before `Lanka`
            span_text = text[doc[s].idx:token.idx + len(token)]
            country = country_named(span_text)
            # a city only as the whole name: `Wakefield` in `Fiona Wakefield` is her surname
            place = None if country or s > start else major_place_country(span_text)
            if country or place:
                c = Candidate(s, i + 1, doc[s].idx, token.idx + len(token), span_text, "", strong=True,
                              type="country" if country else "place", iso3=country.iso3 if country else None,
                              country=place)
                out.append(c)
                taken[s:i + 1] = b"\x01" * (i + 1 - s)
                break
    return out


def _one_sense(cands: list[Candidate]) -> None:
    """Every mention of a name takes the type its mentions vote for (sure rules weigh more)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for c in cands:
        votes[c.key][c.type] += _STRONG_VOTE if c.strong else 1
    first_of: dict[tuple[str, str], Candidate] = {}  # the first candidate of each name and type
    for c in cands:
        first_of.setdefault((c.key, c.type), c)
    for c in cands:
        if c.strong:
            continue
        best, _ = votes[c.key].most_common(1)[0]
        if best != c.type:
            sure = first_of.get((c.key, best))
            c.type = best
            if sure is not None:
                c.iso3, c.country = sure.iso3, sure.country


def _relabel_surnames(doc, cands: list[Candidate]) -> None:
    """A surname the model typed otherwise is the person's (`Wang` as ORG), and so is a full name the model
    typed otherwise whose surname the article uses alone for a person (`Kofi Oduro` as ORG, `Oduro`)."""
    lone = {c.key for c in cands if c.type == "person" and " " not in c.text}
    for c in cands:
        words = c.text.split()
        if (c.type in ("institution", "place") and not c.strong and 2 <= len(words) <= 3
                and words[-1].casefold() in lone and all(w[:1].isupper() for w in words)):
            c.type, c.strong = "person", True
    people = [c for c in cands if c.type == "person"]
    canon = clusters(people)
    multi = {name.casefold() for name in canon.values() if len(name.split()) >= 2}
    last_words = {name.split()[-1] for name in multi}
    first_words = {name.split()[0] for name in multi}
    votes = Counter(c.key for c in cands if c.type != "person" and not c.strong)
    described: set[str] | None = None  # first words of the people the article gives a title or role
    name_words = last_words | first_words
    for c in cands:
        if c.type == "person" or c.key not in name_words:
            continue
        if (c.type == "country" and " " in c.text) or (c.strong and c.type == "institution"):
            continue
        if c.key not in last_words and votes[c.key] >= _REPEATED:
            # `Valmora` (ORG nine times) and `Valmora Cables` (a PERSON once): a first word the model keeps
            # calling something else is a person's only when the article gives that person a title or role
            if described is None:
                described = {p.key.split()[0] for p in people if " " in p.text and (
                    title_role(doc, p) or appositive_role(doc, p, cands))}
            if c.key not in described:
                continue
        c.type, c.strong, c.iso3 = "person", True, None  # `Jordan` in an article about Michael Jordan


def _occupied(cands: list[Candidate], n: int, tokens: Tokens | None = None) -> bytearray:
    """Tokens inside the candidates (and, given ``tokens``, inside any span the model labeled)."""
    taken = bytearray(tokens.in_entity) if tokens is not None else bytearray(n)
    for c in cands:
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
    return taken


def _propagate(doc, text: str, cands: list[Candidate], canon: dict[str, str], tokens: Tokens) -> list[Candidate]:
    """The article's names found again where the model missed them (exact, case-sensitive match on whole
    tokens): every name it typed, and the first and last word of every person's full name."""
    models: dict[str, Candidate] = {}
    for c in cands:
        if c.type in NAMED_TYPES and c.form == "name":
            models.setdefault(c.text, c)
    for name in set(canon.values()):
        words = name.split()
        if len(words) >= 2 and name in models:
            for word in (words[0], words[-1]):
                models.setdefault(word, models[name])
    if not models:
        return []
    by_first: dict[str, list[tuple[str, Candidate]]] = defaultdict(list)
    for name in sorted(models, key=len, reverse=True):
        by_first[name.split()[0].rstrip(".")].append((name, models[name]))
        if not name.isupper():  # `ASHCOMBE` in a headline is the `Ashcombe` of the text
            by_first[name.split()[0].rstrip(".").upper()].append((name.upper(), models[name]))
    taken = _occupied(cands, len(doc), tokens)
    found: list[Candidate] = []
    for match in _CAPITALIZED_WORD.finditer(text):
        options = by_first.get(match.group().rstrip("."))
        if not options:
            continue
        start = match.start()
        for name, model in options:
            end_char = start + len(name)
            if not text.startswith(name, start) or (end_char < len(text) and _WORD_CHAR.match(text, end_char)):
                continue
            i, last = tokens.at(start), tokens.ending_at(end_char)
            if i is None or last is None or any(taken[i:last + 1]):
                continue
            if i == last and not _proper(doc[i]):
                continue
            found.append(Candidate(i, last + 1, start, end_char, name, "", type=model.type, iso3=model.iso3,
                                   country=model.country, strong=True))
            taken[i:last + 1] = b"\x01" * (last + 1 - i)
            break
    return found


_CAPITALIZED_WORD = re.compile(r"(?<![\w'’.-])[A-Z][\w.'’-]*")
_WORD_CHAR = re.compile(r"[\w'’-]")


def _proper(token) -> bool:
    if not token.text[:1].isupper():
        return False
    if token.tag_ in ("NNP", "NNPS") or token.text.isupper():
        return True
    return not token.is_sent_start and not token.is_stop


_CAPITALIZED = re.compile(r"(?<![\w'’])[A-Z][a-z]+(?![\w'’])")


def _demonyms(doc, text: str, cands: list[Candidate], tokens: Tokens) -> list[Candidate]:
    """`Chinese`, `Russians`, `North Korean`, the parts of `Sino-Russian`: adjectival references to a country."""
    taken = _occupied([c for c in cands if c.type != "other"], len(doc))
    out = []
    matches = list(_CAPITALIZED.finditer(text))
    skip_next = False
    for k, match in enumerate(matches):
        if skip_next:
            skip_next = False
            continue
        start, end = match.span()
        nxt = matches[k + 1] if k + 1 < len(matches) else None
        country = None
        if nxt is not None and nxt.start() == end + 1 and text[end] == " ":
            country = country_of_adjective(text[start:nxt.end()])  # `North Korean`, `South African`
            if country is not None:
                end, skip_next = nxt.end(), True
        country = country or country_of_adjective(match.group())
        if country is None:
            continue
        i, last = tokens.at(start), tokens.ending_at(end)
        if i is None or last is None or any(taken[i:last + 1]):
            continue
        out.append(Candidate(i, last + 1, start, end, text[start:end], "NORP",
                             type="country", form="demonym", iso3=country.iso3, strong=True))
    return out


_GOVERNMENT_BODY = re.compile(r"(?<![\w'’])([A-Z][\w.]*(?: [A-Z][\w.]*){0,2}) ?['’]s\s+((?:[a-z]+\s+){0,2}?)"
                             r"(ministry|department)\b")
_MINISTER_OF = re.compile(r"\bMinist(?:er|ry) of ((?:the )?[A-Z][\w-]*(?: [A-Z][\w-]*)*)")


_GOVERNMENT_NAME = re.compile(r"(?:Ministry|Department) of [A-Z]")
_COUNTRY_POSSESSIVE = re.compile(r"(?<![\w'’])([A-Z][\w.]*(?: [A-Z][\w.]*){0,2}) ?['’]s\s+(?:the\s+)?\Z")


def _government_bodies(text: str, tokens: Tokens) -> list[Candidate]:
    """`China's defense ministry`: a ministry described, not named, after its country. Its name is the one
    the article gives the ministry's minister (`China's Minister of National Defense` -> `Chinese Ministry of
    National Defense`), else the description's words (`Chinese Defense Ministry`)."""
    out: list[Candidate] = []
    if "ministry" not in text and "department" not in text:
        return out
    for match in _GOVERNMENT_BODY.finditer(text):
        country = country_named(match.group(1))
        demonym = demonym_of(country.iso3) if country else None
        topic = match.group(2).split()
        if demonym is None or not topic:
            continue
        i, last = tokens.at(match.start()), tokens.ending_at(match.end())
        if i is None or last is None:
            continue
        noun = match.group(3).capitalize()
        portfolio = next((m.group(1) for m in _MINISTER_OF.finditer(text)
                          if topic[-1] in m.group(1).lower().split()), None)
        if portfolio:
            name = f"{demonym} {noun} of {portfolio}"
        else:
            name = f"{demonym} {' '.join(w.capitalize() for w in topic)} {noun}"
        out.append(Candidate(i, last + 1, match.start(), match.end(), match.group(), "", type="institution",
                             form="alias", strong=True, canonical=name))
    return out


def _institution_names(doc, text: str, cands: list[Candidate]) -> dict[str, tuple[str, str]]:
    """Institution mention text -> (canonical name, form): acronyms and descriptive tails merged."""
    insts = [c for c in cands if c.type == "institution"]
    names = {c.text for c in insts}
    canon = _acronyms_of_long_forms(doc, insts)
    _ministries_by_country(text, insts, canon)
    _descriptive_tails(names, canon)
    _opening_words(doc, text, insts, names, canon)
    return canon


def _acronyms_of_long_forms(doc, insts: list[Candidate]) -> dict[str, tuple[str, str]]:
    """`Shanghai Cooperation Organization (SCO)`: an all-caps name in brackets right after a long form."""
    canon: dict[str, tuple[str, str]] = {}
    ending_at: dict[int, Candidate] = {}
    for c in insts:
        ending_at.setdefault(c.end, c)
    for c in insts:
        if (c.text.isupper() and c.start >= 2 and doc[c.start - 1].text == "(" and c.end < len(doc)
                and doc[c.end].text == ")"):
            long_form = ending_at.get(c.start - 1)
            if long_form is not None and long_form.text != c.text:
                canon[c.text] = (long_form.text, "acronym")
    return canon


def _ministries_by_country(text: str, insts: list[Candidate], canon: dict[str, tuple[str, str]]) -> None:
    """`China's Ministry of National Defense` and `China's defense ministry` (named `Chinese Ministry of National
    Defense` after its minister) are one ministry: a ministry named after its country's possessive takes the
    country's demonym, and one named bare takes the name a described ministry of the article has."""
    described = [c.canonical for c in insts if c.canonical]
    last_named: dict[str, str] = {}
    for c in sorted(insts, key=lambda c: c.start):
        if c.canonical or c.text in canon or not _GOVERNMENT_NAME.match(c.text):
            continue
        before = _COUNTRY_POSSESSIVE.search(text, 0, c.start_char)
        country = country_named(before.group(1)) if before is not None else None
        demonym = demonym_of(country.iso3) if country else None
        name = f"{demonym} {c.text}" if demonym else last_named.get(c.text) or next(
            (d for d in described if d.endswith(" " + c.text)), None)
        if name is not None:
            c.canonical, c.form = name, "alias"
            last_named[c.text] = name


def _descriptive_tails(names: set[str], canon: dict[str, tuple[str, str]]) -> None:
    """`Reuters News`: a name that is a shorter one's with cue words or nationalities after it."""
    cue_words = institution_cues() | {"news", "the"}
    for name in names:
        if name in canon:
            continue
        words = name.split()
        for k in range(1, len(words)):
            short = " ".join(words[:k])
            rest = words[k:]
            if short in names and all(w.lower() in cue_words or country_of_adjective(w) for w in rest):
                canon[name] = (canon.get(short, (short, "name"))[0], "alias")
                break


def _opening_words(doc, text: str, insts: list[Candidate], names: set[str],
                   canon: dict[str, tuple[str, str]]) -> None:
    """`Sony` after `Sony Corporation`, `the Bank` after `the Bank of England`: a one-word name that opens exactly
    one longer name the article gave first is that institution, named in full, when the longer name only adds a
    legal form or designator (models/name_designators.txt) or the short name is itself a word for a body
    (`Bank`). Not a company and its product or subsidiary (`Apple iPod`, `Sony Pictures Entertainment`), nor a
    city and its team (`Newcastle Falcons`): those share only a first word."""
    headline_end = text.find("\n")  # a headline names things short before the story names them in full
    first_at: dict[str, int] = {}
    for c in insts:
        pos = c.start if headline_end < 0 or c.start_char > headline_end else len(doc) + c.start
        first_at[c.text] = min(first_at.get(c.text, pos), pos)
    opening: dict[str, list[str]] = defaultdict(list)  # first word -> the longer names it opens (no N^2 scan)
    for o in names:
        if " " in o:
            opening[o.partition(" ")[0]].append(o)
    designators = name_designators()
    for name in names:
        if " " in name or name in canon or name.isupper():
            continue
        generic = name.lower() in institution_cues()
        longer = {canon.get(o, (o, "name"))[0] for o in opening.get(name, ())
                  if o not in canon and first_at[o] < first_at[name]
                  and (generic or all(w.lower() in designators for w in o.split()[1:]))}
        if len(longer) == 1:
            canon[name] = (longer.pop(), "alias")


def rule_candidates(doc, text: str, tokens: Tokens) -> tuple[list[Candidate], bool]:
    """Steps 1-5: every name the rules find, typed by them (``other`` for events and names they drop), and
    whether the article is a sports report. The classifier (typer.py) sees exactly these."""
    cands = [c for c in candidates(doc, text) if c.label != "NORP"]
    cands = outside_credits(cands, text)
    common = _common_words(doc, text, cands) if on("common_words") else set()
    cands = [c for c in cands if id(c) not in common]
    for c in cands:
        base_type(c, doc)
        if not c.strong and c.type != "person" and (named_by_appositive(doc, c) or athlete_context(c, doc)
                                                    or named_after_person_noun(doc, c)):
            c.type, c.strong = "person", True
    cands += unlabeled_appositive_names(doc, text, _occupied(cands, len(doc)), tokens)
    cands += initial_names(doc, text, _occupied(cands, len(doc)), tokens)
    cands += unlabeled_athletes(doc, text, _occupied(cands, len(doc)), tokens)
    cands.sort(key=lambda c: c.start)
    sports = _teams(cands, doc)
    _one_sense(cands)
    cands += _coordinated(doc, cands, sports, tokens)
    cands.sort(key=lambda c: c.start)
    _relabel_surnames(doc, cands)
    _one_sense(cands)
    canon = clusters([c for c in cands if c.type == "person"])
    cands += _propagate(doc, text, cands, canon, tokens)
    cands += _gazetteer_names(doc, text, cands, tokens)
    cands = outside_credits(cands, text)
    cands.sort(key=lambda c: c.start)
    return cands, sports


def judged_candidates(cands: list[Candidate]) -> list[Candidate]:
    """The candidates the classifier types: names, not demonyms (references to a country, not names of it)."""
    return [c for c in cands if c.form != "demonym"]


def typed_by_model(doc, text: str, cands: list[Candidate], sports: bool,
                   typer: Typer | None) -> dict[str, dict[str, float]]:
    """The classifier's type for every candidate it judges (not demonyms, which are references, not names);
    returns the per-name evidence it counted."""
    if typer is None:
        return {}
    judged = judged_candidates(cands)
    if not judged:
        return {}
    ctx = doc_context(text, judged, sports)
    _, probs = typer.predict(judged, [features(doc, c, ctx) for c in judged])
    return apply_types(judged, probs)


def _sure_people(doc, cands: list[Candidate]) -> None:
    """After the classifier, what it cannot overrule: a name right after an honorific (`Mr Kilroy-Silk`, `Sir Alex
    Ferguson`) or opening with a title of nobility (`Lord Falconer`) is a person (the classifier, trained on news
    agency copy that seldom writes `Mr`, drops many of them), and so is every other mention of the same name; a
    one-word name that the article's people have as their last name is theirs (`Kilroy-Silk` typed an
    institution beside `Robert Kilroy-Silk`), unless it is a country or a place."""
    sure = {c.key for c in cands
            if c.form != "demonym" and (_after_honorific(doc, c) or peerage_name(doc, c.start, c.end))}
    lasts = {c.key.split()[-1] for c in cands if c.type == "person" and len(c.key.split()) >= 2}
    for c in cands:
        if c.key in sure or (c.key in lasts and c.type in ("institution", "other") and " " not in c.key
                             and c.form == "name"):
            c.type, c.iso3, c.country, c.canonical = "person", None, None, None


def _after_honorific(doc, c: Candidate) -> bool:
    before = doc[c.start - 1] if c.start > 0 else None
    return before is not None and before.text[:1].isupper() and before.lower_ in honorifics()


def _acronyms_in_brackets(doc, cands: list[Candidate]) -> None:
    """`Shanghai Cooperation Organization (SCO)`: capitals in brackets right after a name, spelling its initials,
    are that name's acronym and take its type (a sure reading the classifier, seeing one bracketed word, lacks)."""
    previous = None
    for c in cands:
        if (previous is not None and previous.type in NAMED_TYPES and c.text.isupper() and " " not in c.text
                and c.start == previous.end + 1 and doc[previous.end].text == "(" and c.end < len(doc)
                and doc[c.end].text == ")" and initials(previous.text) == c.text):
            c.type, c.iso3, c.country = previous.type, previous.iso3, previous.country
        previous = c


def is_party(key: str) -> bool:
    """A party's short name (`labour`, `tories`, and `lib dem` for the listed `lib dems`), casefolded. A one-word
    singular is not folded: `Green` is a surname as often as the Greens' member."""
    return key in party_names() or (" " in key and key + "s" in party_names())


def initials(name: str) -> str:
    """`Shanghai Cooperation Organization` -> `SCO`; `Bank of England` -> `BE` (lower-case words skipped)."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def with_extra_candidates(doc, text: str, cands: list[Candidate], tokens: Tokens) -> list[Candidate]:
    """The rules' candidates and those only the classifier judges, in text order."""
    return sorted(cands + outside_credits(extra_candidates(doc, text, cands, tokens), text), key=lambda c: c.start)


def extra_candidates(doc, doc_text: str, cands: list[Candidate], tokens: Tokens) -> list[Candidate]:
    """What only the classifier judges: capitalized runs nothing covers, and nationalities the model labeled
    that name no country (`Bucharest` as NORP)."""
    from newslens.entities.gazetteer import country_of_adjective

    taken = _occupied(cands, len(doc))
    out = []
    for start, end in tokens.norp_spans():
        if any(taken[start:end]):
            continue
        c = Candidate.from_tokens(doc, start, end, label="NORP")
        if country_of_adjective(c.text) is None and c.text[:1].isupper():
            out.append(c)
            taken[start:end] = b"\x01" * (end - start)
    return out + unlabeled_names(doc, doc_text, taken, tokens)


_DEFAULT = object()


def resolve_entities(doc, article_id: str, text: str | None = None, typer=_DEFAULT) -> EntityIndex:
    """The article's entities and mentions. ``text`` is ``doc.text`` when the caller has it (spaCy rebuilds
    ``Doc.text`` from every token on each access). ``typer`` is the learned type classifier (default: the shipped
    one, models/entity_typer.npz); None leaves the types to the rules alone."""
    text = doc.text if text is None else text
    tokens = Tokens(doc)
    cands, sports = rule_candidates(doc, text, tokens)
    typer = default_typer() if typer is _DEFAULT else typer
    evidence = {}
    if typer is not None:
        cands = with_extra_candidates(doc, text, cands, tokens)
        evidence = typed_by_model(doc, text, cands, sports, typer)
    _acronyms_in_brackets(doc, cands)
    _sure_people(doc, cands)
    for c in cands:
        if c.type in ("place", "institution") and seat_of_government(c, doc):
            c.type, c.country = "institution", None  # a product convention, after the classifier (kinds.py)
        elif c.type == "person" and is_party(c.key):
            c.type = "institution"  # `Lib Dem spokesman Vince Cable`: a party is no person, whatever the evidence
    cands = [c for c in cands if c.type in NAMED_TYPES]
    cands += _demonyms(doc, text, cands, tokens)
    cands += _government_bodies(text, tokens)
    cands.sort(key=lambda c: c.start)
    canon = clusters([c for c in cands if c.type == "person"])
    institutions = _institution_names(doc, text, cands)
    index = _build(doc, article_id, cands, canon, institutions)
    index.evidence = evidence
    index.clues = article_clues(doc, index, tokens)
    return index


def _build(doc, article_id: str, cands: list[Candidate], canon: dict[str, str],
           institutions: dict[str, tuple[str, str]]) -> EntityIndex:
    entities: dict[tuple[str, str], dict] = {}
    mentions: list[Mention] = []
    roles: dict[str, Role] = {}
    shown: dict[tuple[str, str], str] = {}  # `SANTA ILDA` in a headline is shown as the text writes it
    for c in sorted(cands, key=lambda c: c.text.isupper()):
        shown.setdefault((c.type, c.key), c.text)
    for c in cands:
        if c.type == "person":
            name = canon.get(c.text, c.text)
            form = "name" if name == c.text else "alias"
            if name not in roles:
                role = appositive_role(doc, c, cands, shown=True) or title_role(doc, c) or role_before(doc, c)
                if role is not None:
                    roles[name] = role
        elif c.type == "country":
            country = country_by_iso(c.iso3) if c.iso3 else None
            # `Scotland` (GBR) is no name of the United Kingdom: a part of a country keeps its own
            name = country_part(c.text) or (country.name if country else c.text)
            form = "demonym" if c.form == "demonym" else ("name" if name == c.text else "alias")
        elif c.canonical:
            name, form = c.canonical, c.form
        elif c.type == "institution":
            name, form = institutions.get(c.text, (shown[(c.type, c.key)], "name"))
        else:
            name, form = shown[(c.type, c.key)], "name"
        entry = entities.setdefault((c.type, name), {"aliases": [], "mentions": 0, "references": 0,
                                                     "iso3": c.iso3, "country": c.country})
        if c.text != name and c.text not in entry["aliases"]:
            entry["aliases"].append(c.text)
        entry["references" if form == "demonym" else "mentions"] += 1
        mentions.append(Mention(article_id, name, c.type, c.text, c.start_char, c.end_char, form, c.iso3))
    result = []
    for (type_, name), e in entities.items():
        role = roles.get(name) if type_ == "person" else None
        affiliation = None
        country = e["country"]
        if role is not None:
            if role.affiliation:
                affiliation = institutions.get(role.affiliation, (role.affiliation, ""))[0]
            country = role.country
        result.append(Entity(name=name, type=type_, aliases=tuple(e["aliases"]), mentions=e["mentions"],
                             references=e["references"], iso3=e["iso3"], role=role.text if role else None,
                             affiliation=affiliation, country=country, articles=(article_id,)))
    return EntityIndex(article_id, result, mentions)


__all__ = ["resolve_entities"]
