"""Roles are noun phrases that name a role: an appositive that is a name (`the 17-year-old Murray`) or a list of
other people (`members of his band and Mr Nogar`) is no role. Hand-built Docs, the rules alone; each test
switches the rule off and checks that the wrong role comes back."""

from __future__ import annotations

import pytest
import spacy

from newslens.entities import people
from test_entities import make, rules


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def role_of(doc, name: str) -> str | None:
    return next(e.role for e in rules(doc, "a").entities if e.name == name)


def switched_off(monkeypatch) -> None:
    monkeypatch.setattr(people, "names_a_role", lambda *args: True)


def test_a_name_after_a_name_is_no_role(blank, monkeypatch):
    doc = make(blank, "Tim Henman , the 17-year-old Andy Murray , said no .",
               [("Tim Henman", "PERSON"), ("Andy Murray", "PERSON")], pos={"Andy": "PROPN", "Murray": "PROPN"})
    assert role_of(doc, "Tim Henman") is None
    switched_off(monkeypatch)
    assert role_of(doc, "Tim Henman") == "17-year-old Andy Murray"


def test_other_people_joined_to_the_head_are_no_role(blank, monkeypatch):
    doc = make(blank, "Elvis Presley , members of his band and Mr Nogar , were named .",
               [("Elvis Presley", "PERSON"), ("Nogar", "PERSON")], pos={"members": "NOUN", "band": "NOUN"},
               deps=[("Nogar", "conj", "members")])
    assert role_of(doc, "Elvis Presley") is None
    switched_off(monkeypatch)
    assert role_of(doc, "Elvis Presley") == "members of his band and Mr Nogar"


def test_a_person_named_before_the_head_is_no_role(blank, monkeypatch):
    doc = make(blank, "Gillian Anderson , critic Roger Clarke and director Kevin McDonald , judged it .",
               [("Gillian Anderson", "PERSON"), ("Roger Clarke", "PERSON"), ("Kevin McDonald", "PERSON")],
               pos={"critic": "NOUN", "director": "NOUN"})
    assert role_of(doc, "Gillian Anderson") is None
    switched_off(monkeypatch)
    assert role_of(doc, "Gillian Anderson") == "critic Roger Clarke and director Kevin McDonald"


def test_roles_with_people_in_their_complement_stay(blank):
    doc = make(blank, "Gao Fei , a professor of Russian studies , said so .", [("Gao Fei", "PERSON")])
    assert role_of(doc, "Gao Fei") == "professor of Russian studies"
    doc = make(blank, "Louise Christian , a lawyer representing Mr Abbasi and Mr Mubanga , said so .",
               [("Louise Christian", "PERSON"), ("Abbasi", "PERSON"), ("Mubanga", "PERSON")],
               pos={"lawyer": "NOUN", "representing": "VERB"}, deps=[("Mubanga", "conj", "Abbasi")])
    next(t for t in doc if t.text == "representing").tag_ = "VBG"
    assert role_of(doc, "Louise Christian") == "lawyer representing Mr Abbasi and Mr Mubanga"
    doc = make(blank, "Alain Levy , chairman and chief executive of EMI Music , said so .",
               [("Alain Levy", "PERSON"), ("EMI Music", "ORG")], pos={"chairman": "NOUN"})
    assert role_of(doc, "Alain Levy") == "chairman and chief executive of EMI Music"


def test_an_owner_named_before_the_head_and_a_title_head_stay(blank, monkeypatch):
    doc = make(blank, "Jackie Stallone , actor Sylvester 's mother , said so .",
               [("Jackie Stallone", "PERSON"), ("Sylvester", "PERSON")], pos={"actor": "NOUN", "mother": "NOUN"})
    assert role_of(doc, "Jackie Stallone") == "actor Sylvester 's mother"
    monkeypatch.setattr(people, "_owner", lambda *args: False)
    assert role_of(doc, "Jackie Stallone") is None
    doc = make(blank, "Ed Balls , the prospective Labour MP , said so .", [("Ed Balls", "PERSON"), ("Labour", "ORG")],
               pos={"prospective": "ADJ", "MP": "PROPN"})
    assert role_of(doc, "Ed Balls") == "prospective Labour MP"
