"""The entity layer's span and typing rules added with the classifier, on hand-built Docs (the rules alone,
``typer=None``). Each test also switches its rule off (monkeypatch or switches.off) and checks that the
behaviour goes away, so that no test passes without the rule it is about."""

from __future__ import annotations

import numpy
import pytest
import spacy

from newslens.entities import captions, resolve, resolve_entities, spans, switches
from newslens.entities.spans import Candidate
from newslens.entities.typer import evidence, name_key
from test_entities import make


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def people(doc) -> set[str]:
    return {e.name for e in resolve_entities(doc, "a", typer=None).entities if e.type == "person"}


# --- name particles and hyphenated given names ----------------------------------------------------------------

def test_particles_join_the_surname_the_model_cut_off(blank, monkeypatch):
    doc = make(blank, "Commission chief Ursula von der Leyen spoke .", [("Ursula von der", "PERSON"), ("Leyen", "GPE")])
    assert people(doc) == {"Ursula von der Leyen"}
    monkeypatch.setattr(spans, "PARTICLES", frozenset())
    assert "Ursula von der Leyen" not in people(doc)


def test_particles_before_a_labeled_surname_belong_to_it(blank, monkeypatch):
    doc = make(blank, "Later von der Leyen said no .", [("Leyen", "PERSON")])
    assert people(doc) == {"von der Leyen"}
    monkeypatch.setattr(spans, "PARTICLES", frozenset())
    assert people(doc) == {"Leyen"}


def test_a_particle_inside_a_name_is_kept(blank, monkeypatch):
    doc = make(blank, "Prince Khalid bin Farhan met bin Farhan 's aides .", [("Khalid bin", "PERSON")])
    assert "Khalid bin Farhan" in people(doc)
    monkeypatch.setattr(spans, "PARTICLES", frozenset())
    assert "Khalid bin Farhan" not in people(doc)


def test_the_lower_case_half_of_a_hyphenated_given_name_is_kept(blank, monkeypatch):
    doc = make(blank, "President Moon Jae-in arrived .", [("Moon Jae", "PERSON")])
    assert people(doc) == {"Moon Jae-in"}
    monkeypatch.setattr(spans, "extend_person", lambda doc, s, e: (s, e))
    assert people(doc) == {"Moon Jae"}


# --- pronouns and captions -------------------------------------------------------------------------------------

def test_a_pronoun_is_never_a_name_but_capitals_make_us_a_country(blank, monkeypatch):
    doc = make(blank, "He said the US would wait .", [("He", "PERSON"), ("US", "GPE")])
    index = resolve_entities(doc, "a", typer=None)
    assert {(m.text, m.type) for m in index.mentions} == {("US", "country")}
    monkeypatch.setattr(spans, "PRONOUNS", frozenset())
    assert ("He", "person") in {(m.text, m.type) for m in resolve_entities(doc, "a", typer=None).mentions}


CAPTIONED = ("Talks ended in Brindle .\nFILE PHOTO : Minister Ola Drummond speaks in Brindle . REUTERS/Kay Pellor\n"
             "Slideshow ( 3 Images )\nOla Drummond left .")


def test_names_on_caption_lines_are_kept_and_credit_words_are_not_names(blank, monkeypatch):
    doc = make(blank, CAPTIONED, [("Brindle", "GPE"), ("Ola Drummond", "PERSON"), ("Brindle", "GPE", 1),
                                  ("REUTERS", "ORG"), ("Kay Pellor", "PERSON"), ("Slideshow", "PERSON"),
                                  ("Ola Drummond", "PERSON", 1)])
    index = resolve_entities(doc, "a", typer=None)
    found = {m.text for m in index.mentions}
    assert found == {"Brindle", "Ola Drummond", "Kay Pellor"}  # the minister, the place, the photographer
    assert len([m for m in index.mentions if m.text == "Ola Drummond"]) == 2
    assert not {"REUTERS", "Slideshow"} & found  # credit words
    monkeypatch.setattr(resolve, "outside_credits", lambda cands, text: cands)
    assert {"REUTERS", "Slideshow"} & {m.text for m in resolve_entities(doc, "a", typer=None).mentions}


def test_caption_lines_are_found_by_their_markers():
    text = "Story line .\nA man walks . REUTERS/Jo Bell/File Photo\nPhoto : AFP\nPlain line about Reuters ."
    lines = captions.caption_lines(text)
    assert [text[s:e] for s, e in lines] == ["A man walks . REUTERS/Jo Bell/File Photo", "Photo : AFP"]
    assert [text[s:e] for s, e in captions.credit_words(text)] == ["REUTERS/", "/File Photo", "Photo :"]


# --- acronyms and seats of government ---------------------------------------------------------------------------

def test_an_acronym_in_brackets_takes_its_long_forms_type(blank, monkeypatch):
    doc = make(blank, "Envoys of the Harbour Trade Council ( HTC ) met .",
               [("Harbour Trade Council", "ORG"), ("HTC", "PERSON")])
    typed = {(m.text, m.type) for m in resolve_entities(doc, "a", typer=None).mentions}
    assert ("HTC", "institution") in typed
    monkeypatch.setattr(resolve, "_acronyms_in_brackets", lambda doc, cands: None)
    assert ("HTC", "person") in {(m.text, m.type) for m in resolve_entities(doc, "a", typer=None).mentions}


def test_a_seat_of_government_that_acts_is_the_institution(blank, monkeypatch):
    doc = make(blank, "The Kremlin said talks in the Kremlin went well .", [("Kremlin", "FAC"), ("Kremlin", "FAC", 1)],
               deps=[("Kremlin", "nsubj", "said")])
    assert [m.type for m in resolve_entities(doc, "a", typer=None).mentions] == ["institution", "place"]
    monkeypatch.setattr(resolve, "seat_of_government", lambda c, doc: False)
    assert [m.type for m in resolve_entities(doc, "a", typer=None).mentions] == ["place", "place"]


def test_a_party_short_name_is_never_a_person(blank, monkeypatch):
    doc = make(blank, "Lib Dem spokesman Vince Cable said Labour was wrong .",
               [("Lib Dem", "PERSON"), ("Vince Cable", "PERSON"), ("Labour", "PERSON")])
    typed = {(m.text, m.type) for m in resolve_entities(doc, "a", typer=None).mentions}
    assert typed == {("Lib Dem", "institution"), ("Vince Cable", "person"), ("Labour", "institution")}
    monkeypatch.setattr(resolve, "is_party", lambda key: False)
    assert ("Lib Dem", "person") in {(m.text, m.type) for m in resolve_entities(doc, "a", typer=None).mentions}


# --- genre rules behind switches ----------------------------------------------------------------------------------

def test_every_switch_names_a_rule_and_unknown_names_are_refused():
    with pytest.raises(KeyError), switches.off("no_such_rule"):
        pass
    with switches.off(*switches.RULES):
        assert not any(switches.on(r) for r in switches.RULES)
    assert all(switches.on(r) for r in switches.RULES)


def test_a_place_beating_another_is_a_team_only_with_its_rule(blank):
    doc = make(blank, "Ashcombe beat Fernhill on Sunday .", [("Ashcombe", "GPE"), ("Fernhill", "GPE")],
               deps=[("Ashcombe", "nsubj", "beat"), ("Fernhill", "dobj", "beat")])
    assert {m.type for m in resolve_entities(doc, "a", typer=None).mentions} == {"institution"}
    with switches.off("team_verbs"):
        assert {m.type for m in resolve_entities(doc, "a", typer=None).mentions} == {"place"}


def test_a_place_with_its_score_opening_a_line_is_a_team_only_with_its_rule(blank):
    doc = make(blank, "Results :\nKelso 3 Arbury 2\nDunmore 1 Westvale 0",
               [("Kelso", "GPE"), ("Arbury", "GPE"), ("Dunmore", "GPE"), ("Westvale", "GPE")])
    assert {m.type for m in resolve_entities(doc, "a", typer=None).mentions} == {"institution"}
    with switches.off("team_scores"):
        assert {m.type for m in resolve_entities(doc, "a", typer=None).mentions} == {"place"}


def test_trailing_figures_are_cut_only_with_their_rule(blank):
    doc = make(blank, "Calderton 212-6 declared .", [("Calderton 212-6", "ORG")])
    assert [m.text for m in resolve_entities(doc, "a", typer=None).mentions] == ["Calderton"]
    with switches.off("score_trim"):
        assert [m.text for m in resolve_entities(doc, "a", typer=None).mentions] == ["Calderton 212-6"]


# --- the classifier's evidence, on invented probabilities --------------------------------------------------------

def test_evidence_pools_a_name_its_plural_and_keeps_a_surname_apart_from_a_firm_named_after_it():
    assert name_key("lib dems") == name_key("lib dem") and name_key("ross") == "ross"
    cands = [Candidate(0, 2, 0, 12, "Halvor Greene", "PERSON"), Candidate(3, 5, 20, 33, "Greene Motors", "ORG"),
             Candidate(9, 10, 50, 56, "Greene", "PERSON")]
    probs = numpy.array([[0, 1, 0, 0], [0, 0.2, 0.8, 0], [0, 0.6, 0.4, 0]], dtype=numpy.float32)
    dense = evidence(cands, probs)
    assert dense.shape == (3, 22)
    assert dense[2, 9:13].tolist() == pytest.approx([0, 1, 0, 0])  # `Greene` ends `Halvor Greene`
    assert dense[2, 17:21].tolist() == pytest.approx([0, 0.2, 0.8, 0])  # and opens `Greene Motors`
    assert dense[0, 9:13].tolist() == pytest.approx([0, 0.6, 0.4, 0])  # the full name's surname alone
    assert dense[1, 9:14].tolist() == pytest.approx([0, 0, 0, 0, 0])  # the firm shares no last word with him


# --- titles, honorifics and one person per name (issue 21) ----------------------------------------------------

class _DropsEverything:
    """A classifier that takes every candidate for no name at all (as the trained one does for many names
    after `Mr` in BBC text)."""

    def predict(self, cands, feats):
        probs = numpy.zeros((len(cands), 4))
        probs[:, 0] = 1.0
        return probs, probs


def test_a_name_after_an_honorific_or_with_a_peerage_title_stays_a_person(blank, monkeypatch):
    doc = make(blank, "Mr Kilroy-Silk said so . Lord Falconer agreed , and Kilroy-Silk left .",
               [("Kilroy-Silk", "ORG"), ("Falconer", "PERSON"), ("Kilroy-Silk", "ORG", 1)])
    index = resolve_entities(doc, "a", typer=_DropsEverything())
    assert {(e.name, e.mentions) for e in index.entities if e.type == "person"} == {
        ("Kilroy-Silk", 2), ("Lord Falconer", 1)}
    monkeypatch.setattr(resolve, "_sure_people", lambda doc, cands: None)
    assert not [e for e in resolve_entities(doc, "a", typer=_DropsEverything()).entities if e.type == "person"]


def test_a_surname_the_classifier_calls_an_institution_is_the_persons(blank, monkeypatch):
    class _Institutions(_DropsEverything):
        def predict(self, cands, feats):
            probs = numpy.zeros((len(cands), 4))
            for k, c in enumerate(cands):
                probs[k, 1 if " " in c.text else 2] = 1.0  # full names people, one word an institution
            return probs, probs

    doc = make(blank, "Robert Kilroy-Silk spoke . Kilroy-Silk left .",
               [("Robert Kilroy-Silk", "PERSON"), ("Kilroy-Silk", "PERSON", 1)])
    index = resolve_entities(doc, "a", typer=_Institutions())
    assert {(e.name, e.type) for e in index.entities} == {("Robert Kilroy-Silk", "person")}
    monkeypatch.setattr(resolve, "_sure_people", lambda doc, cands: None)
    assert ("Kilroy-Silk", "institution") in {(e.name, e.type) for e in resolve_entities(
        doc, "a", typer=_Institutions()).entities}


def test_a_peerage_or_royal_title_before_one_name_is_part_of_it(blank, monkeypatch):
    doc = make(blank, "Prince Charles met Charles Kennedy and the Duke of Edinburgh . Charles smiled .",
               [("Prince Charles", "PERSON"), ("Charles Kennedy", "PERSON"), ("Duke", "PERSON"),
                ("Charles", "PERSON", 2)])
    index = resolve_entities(doc, "a", typer=None)
    assert {e.name for e in index.entities if e.type == "person"} == {"Prince Charles", "Charles Kennedy",
                                                                     "Duke of Edinburgh"}
    assert index.entity("Prince Charles").mentions == 2  # the nearest full name before the lone `Charles`
    monkeypatch.setattr(spans, "peerage_name", lambda doc, start, end: False)
    assert "Prince Charles" not in {e.name for e in resolve_entities(doc, "a", typer=None).entities}


def test_no_role_from_the_title_of_someone_coordinated_with_the_person(blank, monkeypatch):
    doc = make(blank, "The Queen and Duke of Edinburgh said so .", [("Duke of Edinburgh", "PERSON")])
    assert resolve_entities(doc, "a", typer=None).entity("Duke of Edinburgh").role is None
    doc = make(blank, "Home Secretary and Lord Chancellor Ann Rice said so .", [("Ann Rice", "PERSON")])
    assert resolve_entities(doc, "a", typer=None).entity("Ann Rice").role is not None


def test_a_name_that_ends_the_only_longer_name_is_that_person(blank, monkeypatch):
    doc = make(blank, "Camilla Parker Bowles arrived . Mrs Parker Bowles smiled .",
               [("Camilla Parker Bowles", "PERSON"), ("Parker Bowles", "PERSON", 1)])
    assert people(doc) == {"Camilla Parker Bowles"}
    from newslens.entities import people as people_module

    monkeypatch.setattr(people_module, "longer_name_ending", lambda words, full, canon: None)
    assert people(doc) == {"Camilla Parker Bowles", "Parker Bowles"}


def test_a_part_of_a_country_is_named_as_itself(blank, monkeypatch):
    doc = make(blank, "England beat Scotland , and Britain cheered the Welsh side .",
               [("England", "GPE"), ("Scotland", "GPE"), ("Britain", "GPE")])
    index = resolve_entities(doc, "a", typer=None)
    found = {(e.name, e.iso3) for e in index.entities}
    assert {("England", "GBR"), ("Scotland", "GBR"), ("United Kingdom", "GBR"), ("Wales", "GBR")} <= found
    monkeypatch.setattr(resolve, "country_part", lambda text: None)
    assert {e.name for e in resolve_entities(doc, "a", typer=None).entities} == {"United Kingdom"}


def test_a_company_is_not_its_product_nor_a_city_its_team(blank, monkeypatch):
    doc = make(blank, "Apple iPod sales rose at Sony Corporation and Apple . Sony said so .",
               [("Apple iPod", "ORG"), ("Sony Corporation", "ORG"), ("Apple", "ORG", 1), ("Sony", "ORG", 1)])
    index = resolve_entities(doc, "a", typer=None)
    assert {e.name for e in index.entities} == {"Apple iPod", "Apple", "Sony"}  # `Sony Corporation` an alias
    monkeypatch.setattr(resolve, "name_designators", lambda: frozenset({"ipod", "corporation"}))
    assert "Apple" not in {e.name for e in resolve_entities(doc, "a", typer=None).entities}


def test_a_role_noun_resolves_to_the_person_the_article_names_in_it(blank):
    doc = make(blank, "Chancellor Gordon Brown met Foreign Secretary Jack Straw . Later the chancellor said so .",
               [("Gordon Brown", "PERSON"), ("Jack Straw", "PERSON")])
    index = resolve_entities(doc, "a", typer=None)
    later = doc.text.index("the chancellor")
    assert index.role_holder("the chancellor", later).name == "Gordon Brown"
    assert index.role_holder("the foreign secretary", later).name == "Jack Straw"
    assert index.role_holder("the prime minister", later) is None
    assert index.role_holder("the chancellor", 0) is None  # not named yet
    assert index.role_holders() == {"chancellor": ["Gordon Brown"], "foreign secretary": ["Jack Straw"]}
    doc = make(blank, "Shadow chancellor Oliver Letwin spoke . Later the chancellor said so .",
               [("Oliver Letwin", "PERSON")])
    index = resolve_entities(doc, "a", typer=None)
    assert index.role_holder("the chancellor", doc.text.index("the chancellor")) is None  # another office
    assert index.role_holder("the shadow chancellor", doc.text.index("the chancellor")).name == "Oliver Letwin"


def test_a_description_or_a_party_opening_a_persons_name_is_cut_off(blank, monkeypatch):
    doc = make(blank, "Lawyer Louise Christian said so . Lib Dem MP Lembit Opik agreed . Hope Powell left .",
               [("Lawyer Louise Christian", "PERSON"), ("Lib Dem MP Lembit Opik", "PERSON"),
                ("Hope Powell", "PERSON")])
    assert people(doc) == {"Louise Christian", "Lembit Opik", "Hope Powell"}  # `Hope` is a given name
    monkeypatch.setattr(spans, "_descriptor_word", lambda doc, i: False)
    monkeypatch.setattr(spans, "_party_at", lambda doc, start, end: 0)
    assert people(doc) == {"Lawyer Louise Christian", "Lib Dem MP Lembit Opik", "Hope Powell"}
