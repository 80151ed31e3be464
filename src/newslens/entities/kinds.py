"""What kind of entity a name is: the model's label, overruled by what is known for certain.

A country name is a country whatever the model said (`Paraguay` as ORG, `Costa Rica` as PERSON); a name holding
an institution word is an institution (`Chilean Rowing Federation`); an initial and a surname
(`M. McTavert`) is a person; a city or county that beats, draws with or loses to another, or that stands in a
results line followed by its score, is a team, so an institution (`Ashcombe beat Fernhill`,
`Kelso 3 Arbury 2`), while a country in the same place stays a country (the CoNLL convention: national teams
are locations).
"""

from __future__ import annotations

import re

from newslens.entities.gazetteer import country_named, country_of_adjective, is_region, place_country
from newslens.entities.lexicon import event_cues, honorifics, institution_cues, seats_of_government, team_verbs
from newslens.entities.spans import Candidate, is_initial
from newslens.entities.switches import on

MODEL_TYPES = {"PERSON": "person", "ORG": "institution", "GPE": "place", "LOC": "place", "FAC": "place",
               "NORP": "other"}
_SCORE = re.compile(r"^\d{1,3}(?:-\d{1,3})?$")


def base_type(c: Candidate, doc) -> None:
    """Type a candidate from its own text and label (document context comes later)."""
    country = country_named(c.text)
    tokens = doc[c.start:c.end]
    words = {t.lower_ for t in tokens}
    if (country and c.label != "PERSON") or (country and len(tokens) > 1):
        c.type, c.iso3, c.strong = "country", country.iso3, True
    elif len(tokens) == 1 and country_of_adjective(c.text):  # `Chinese`, `Briton`, whatever the label
        c.type, c.iso3, c.form, c.strong = "country", country_of_adjective(c.text).iso3, "demonym", True
    elif on("event_cues") and len(tokens) > 1 and (
            _cased(tokens[-1].text) in event_cues() or _cased(tokens[-2:].text) in event_cues()):
        c.type, c.strong = "other", True  # `Marden Cup`, `Bergen Open`: an event
    elif words & institution_cues() and len(tokens) > 1:
        c.type, c.strong = "institution", True
    elif c.label == "PERSON" and c.start > 0 and doc[c.start - 1].lower_ in honorifics():
        c.type, c.strong = "person", True  # `Mr Blair wins`: no team, whatever the verb
    elif len(tokens) >= 2 and c.label in ("PERSON", "ORG") and is_initial(tokens[0].text) \
            and tokens[-1].text[:1].isupper():  # not `N. Korea`, which the model calls a place
        c.type, c.strong = "person", True
    else:
        c.type = MODEL_TYPES.get(c.label, "other")
        if c.type == "place" and country:
            c.type, c.iso3 = "country", country.iso3
    if c.type == "institution" and len(tokens) == 1 and is_locative(c, doc) and place_country(c.text):
        c.type = "place"  # `moving from Linz to Vienna`: the model's ORG is the town
    if c.type == "place":
        c.country = None if is_region(c.text) else place_country(c.text)


def _cased(text: str) -> str:
    return text.title() if text.isupper() else text


def team_context(c: Candidate, doc) -> bool:
    """True when a place name is used as a sports team here: subject or object of `beat`, `drew`, ...,
    or followed by a score in a results line (`Kelso 3 Arbury 2`, `Ashcombe 296`)."""
    head = doc[c.end - 1]
    for token in (head, head.head) if on("team_verbs") else ():
        if token.lower_ in team_verbs() and (token is not head) and head.dep_ in ("nsubj", "dobj", "nsubjpass"):
            return True
    if c.end < len(doc) and on("team_scores"):
        nxt = doc[c.end]
        if _SCORE.match(nxt.text) and (c.start == 0 or doc[c.start - 1].is_space or doc[c.start - 1].like_num
                                       or doc[c.start - 1].is_punct):
            after = doc[c.end + 1] if c.end + 1 < len(doc) else None
            if after is None or after.is_space or after.text[:1].isupper() or after.like_num or after.is_punct:
                return True
    return False


def is_locative(c: Candidate, doc) -> bool:
    """`in Murcia`, `at Millbrook`: the name is where something happens."""
    return c.start > 0 and doc[c.start - 1].lower_ in ("in", "at", "near", "from", "to", "outside")


def athlete_context(c: Candidate, doc) -> bool:
    """A name followed by its country in brackets, in a results list: `Daria Voronkina ( Russia ) 11.04`."""
    end = c.end
    if not on("athletes") or end + 2 >= len(doc) or doc[end].text != "(":
        return False
    close = next((k for k in range(end + 2, min(end + 5, len(doc))) if doc[k].text == ")"), None)
    if close is None:
        return False
    inside = doc[end + 1:close].text
    return country_named(inside) is not None or (len(inside) == 3 and inside.isupper())


_ACTING = frozenset({"nsubj", "nsubjpass", "dobj", "agent", "poss"})


def seat_of_government(c: Candidate, doc) -> bool:
    """`the Kremlin said`, `punishing the Kremlin`, `the White House's view`: a government's building named as
    the one who acts or is acted on is the institution, whatever the label (models/seats_of_government.txt)."""
    if c.text not in seats_of_government():
        return False
    head = doc[c.end - 1]
    return head.dep_ in _ACTING or (head.dep_ == "pobj" and head.head.lower_ == "by")
