"""Document-level entity resolution over spaCy's NER spans.

Steps, each a small function: clean the span (leading `the`, trailing `'s`, brackets, titles), type it
(person, country, institution, place), split adjectival compounds (`Sino-Russian`), group a person's aliases
under the fullest name, and relabel surname mentions the model typed otherwise (`Wang` as ORG).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newslens.entities.gazetteer import (
    country_by_iso,
    country_named,
    country_of_adjective,
    is_region,
    place_country,
)
from newslens.entities.index import EntityIndex
from newslens.records import Entity, Mention
from newslens.resources import read_lines

_TRIM_CHARS = " \t\n\"'“”‘’()[]{},.;:!?-–—"
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")


@cache
def titles() -> tuple[str, ...]:
    """Titles, longest first, lower case."""
    return tuple(sorted({t.lower() for t in read_lines("titles.txt")}, key=len, reverse=True))


@dataclass
class Candidate:
    start: int
    end: int
    text: str
    type: str  # person | country | institution | place | other
    label: str  # spaCy label it came from
    form: str = "name"
    iso3: str | None = None
    country: str | None = None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim quotes, brackets, punctuation, a leading `the` and a trailing `'s`."""
    while start < end and text[start] in _TRIM_CHARS:
        start += 1
    if text[start:end].lower().startswith("the "):
        start += 4
    possessive = _POSSESSIVE.search(text[start:end])
    if possessive:
        end -= len(possessive.group())
    while end > start and text[end - 1] in _TRIM_CHARS and not text[start:end].endswith("."):
        end -= 1
    # a trailing period belongs to an abbreviation (U.S.) but not to the sentence
    if text[start:end].endswith(".") and not re.search(r"(?:\b\w\.)+$", text[start:end]):
        end -= 1
    if text[start:end].count("(") != text[start:end].count(")"):
        cut = text.find("(", start, end)
        if cut > start:
            end = cut
            while end > start and text[end - 1] in _TRIM_CHARS:
                end -= 1
    return start, end


def _strip_title(text: str, start: int, end: int) -> tuple[int, int]:
    """Remove leading titles (`State Councilor`, `President`, `Mr.`) from a person span."""
    changed = True
    while changed and start < end:
        changed = False
        lowered = text[start:end].lower()
        for title in titles():
            if lowered.startswith(title) and (len(lowered) == len(title) or lowered[len(title)] in " ."):
                rest = len(title)
                while start + rest < end and text[start + rest] in " .":
                    rest += 1
                start += rest
                changed = True
                break
    return start, end


def _candidates(doc) -> list[Candidate]:
    text = doc.text
    out: list[Candidate] = []
    for ent in doc.ents:
        label = ent.label_
        if label not in ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"):
            continue
        start, end = _trim(text, ent.start_char, ent.end_char)
        if label == "PERSON":
            start, end = _strip_title(text, start, end)
        if start >= end or not any(ch.isalpha() for ch in text[start:end]):
            continue
        span_text = text[start:end]
        if label == "NORP" or (label in ("GPE", "ORG") and "-" in span_text and not country_named(span_text)):
            out.extend(_adjectival(text, start, end, label))
            continue
        country = country_named(span_text)
        if label in ("GPE", "LOC", "FAC"):
            if country:
                out.append(Candidate(start, end, span_text, "country", label, iso3=country.iso3))
            else:
                iso = None if is_region(span_text) else place_country(span_text)
                out.append(Candidate(start, end, span_text, "place", label, country=iso))
        elif label == "ORG":
            out.append(Candidate(start, end, span_text, "institution", label))
        else:
            out.append(Candidate(start, end, span_text, "person", label))
    return out


def _adjectival(text: str, start: int, end: int, label: str) -> list[Candidate]:
    """Country references in an adjective or compound: `Chinese`, `Sino-Russian`, `Russian-Chinese`."""
    out = []
    pos = start
    for part in re.split(r"([-–])", text[start:end]):
        if part and part not in "-–":
            country = country_of_adjective(part) or (country_named(part) if "-" in text[start:end] else None)
            if country:
                out.append(Candidate(pos, pos + len(part), part, "country", label, form="demonym",
                                     iso3=country.iso3))
        pos += len(part)
    return out


def _person_clusters(cands: list[Candidate]) -> dict[str, str]:
    """Map each person name to the canonical (fullest) name it is an alias of."""
    full_names = [c.text for c in cands if c.type == "person" and len(c.text.split()) >= 2]
    canon: dict[str, str] = {}
    for name in sorted(set(full_names), key=lambda n: -len(n)):
        canon.setdefault(name, name)
        parts = name.split()
        for alias in (parts[-1], parts[0]):
            canon.setdefault(alias, canon[name])
    return canon


def resolve_entities(doc, article_id: str) -> EntityIndex:
    text = doc.text
    cands = _candidates(doc)
    canon = _person_clusters(cands)
    # A surname the model typed as an organization or place is still the person (`Wang` as ORG).
    for c in cands:
        if c.type in ("institution", "place") and c.text in canon and c.label != "GPE":
            c.type, c.form = "person", "alias"
    covered = {(c.start, c.end) for c in cands}
    occupied = set()
    for c in cands:
        occupied.update(range(c.start, c.end))
    # Propagate known person names to mentions the model missed.
    for token in doc:
        if token.text in canon and token.idx not in occupied and token.text[:1].isupper():
            cands.append(Candidate(token.idx, token.idx + len(token), token.text, "person", "", form="alias"))
            occupied.update(range(token.idx, token.idx + len(token)))
    entities: dict[tuple[str, str], dict] = {}
    mentions: list[Mention] = []
    for c in sorted(cands, key=lambda c: c.start):
        if (c.start, c.end) not in covered and c.label:
            continue
        if c.type == "person":
            name = canon.get(c.text, c.text)
            form = "name" if name == c.text else "alias"
        elif c.type == "country":
            country = country_by_iso(c.iso3) if c.iso3 else None
            name = country.name if country else c.text
            form = c.form if c.form == "demonym" else ("name" if name == c.text else "alias")
        else:
            name, form = c.text, "name"
        key = (c.type, name)
        entry = entities.setdefault(key, {"aliases": [], "mentions": 0, "references": 0, "iso3": c.iso3,
                                          "country": c.country})
        if c.text != name and c.text not in entry["aliases"]:
            entry["aliases"].append(c.text)
        entry["references" if form == "demonym" else "mentions"] += 1
        mentions.append(Mention(article_id, name, c.type, text[c.start:c.end], c.start, c.end, form, c.iso3))
    result = [
        Entity(name=name, type=type_, aliases=tuple(e["aliases"]), mentions=e["mentions"],
               references=e["references"], iso3=e["iso3"], country=e["country"], articles=(article_id,))
        for (type_, name), e in entities.items()
    ]
    return EntityIndex(article_id, result, mentions)


__all__ = ["resolve_entities"]
