"""The entity layer's rules, on hand-built Docs (tokens, parts of speech, dependencies and NER spans set by
hand, so that no test depends on what the statistical model happens to predict), and end to end on the seed."""

from __future__ import annotations

import pytest
import spacy

from newslens.entities import resolve_entities
from newslens.entities.caps import _is_caps, caps_lines, true_case
from newslens.records import Article, Entity
from newslens.views import merge_entities


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def make(blank, text: str, ents=(), pos=None, deps=None):
    """A Doc of ``text`` (tokenized by spaCy's English tokenizer) with NER spans given as (substring, label)
    (the n-th occurrence with (substring, label, n)), parts of speech as {word: POS} and dependencies as
    [(word, dep, head word)] (first occurrences)."""
    doc = blank.make_doc(text)
    spans = []
    for ent in ents:
        sub, label, nth = (*ent, 0) if len(ent) == 2 else ent
        start = -1
        for _ in range(nth + 1):
            start = text.index(sub, start + 1)
        span = doc.char_span(start, start + len(sub), label=label)
        assert span is not None, sub
        spans.append(span)
    doc.ents = spans
    for token in doc:
        if pos and token.text in pos:
            token.pos_ = pos[token.text]
    words = [t.text for t in doc]
    for word, dep, head in deps or ():
        token = doc[words.index(word)]
        token.head = doc[words.index(head)]
        token.dep_ = dep
    return doc


def rules(doc, article_id: str):
    """The rules alone on a hand-built Doc: the classifier reads parts of speech and dependencies that such a
    Doc mostly lacks, so it is tested by behaviour on parsed sentences (test_entity_typer.py)."""
    return resolve_entities(doc, article_id, typer=None)


def names(index, type_=None):
    return {e.name for e in index.entities if type_ is None or e.type == type_}


def check_offsets(doc, index):
    for m in index.mentions:
        assert doc.text[m.start:m.end] == m.text


# --- people -------------------------------------------------------------------------------------------------

def test_title_is_not_part_of_the_name_and_never_a_person_alone(blank):
    doc = make(blank, "State Councilor and Foreign Minister Wang Yi arrived. The Councilor spoke.",
               [("Councilor and Foreign Minister Wang Yi", "PERSON"), ("Councilor", "PERSON", 1)])
    index = rules(doc, "a")
    assert names(index, "person") == {"Wang Yi"}
    wang = index.entity("Wang Yi")
    assert wang.role == "State Councilor and Foreign Minister"
    check_offsets(doc, index)


def test_surname_the_model_typed_as_organization_is_the_person(blank):
    doc = make(blank, "Wang Yi will visit Moscow. Wang's visit was postponed, and Wang said so.",
               [("Wang Yi", "PERSON"), ("Moscow", "GPE"), ("Wang", "ORG", 1)])
    index = rules(doc, "a")
    wang = index.entity("Wang Yi")
    assert wang.type == "person" and wang.aliases == ("Wang",)
    assert wang.mentions == 3  # the third `Wang` the model missed is found by propagation
    assert "Wang" not in names(index, "institution")
    check_offsets(doc, index)


def test_title_with_a_nationality_gives_role_and_country(blank):
    doc = make(blank, "talks between Russian President Vladimir Putin and Chinese President Xi Jinping .",
               [("Russian", "NORP"), ("Vladimir Putin", "PERSON"), ("Chinese", "NORP"), ("Xi Jinping", "PERSON")])
    index = rules(doc, "a")
    putin, xi = index.entity("Vladimir Putin"), index.entity("Xi Jinping")
    assert (putin.role, putin.country) == ("Russian President", "RUS")
    assert (xi.role, xi.country) == ("Chinese President", "CHN")


def test_honorific_is_no_role_and_a_title_keeps_its_portfolio(blank):
    doc = make(blank, "announced by the Culture and Heritage Secretary Helen Ashby . Ms Ashby said so .",
               [("Culture and Heritage", "ORG"), ("Helen Ashby", "PERSON"), ("Ms Ashby", "PERSON")])
    index = rules(doc, "a")
    ashby = index.entity("Helen Ashby")
    assert ashby.role == "Culture and Heritage Secretary" and ashby.mentions == 2
    doc = make(blank, "Mr Pennock said it , and Mr Pennock left .", [("Pennock", "PERSON")])
    assert rules(doc, "b").entity("Pennock").role is None


def test_appositive_gives_role_affiliation_and_country(blank):
    text = ("Gao Fei , a professor of Russian studies at the China Foreign Affairs University , told reporters "
            "that Gao was sure.")
    doc = make(blank, text, [("Gao Fei", "PERSON"), ("Russian", "NORP"),
                             ("China Foreign Affairs University", "ORG"), ("Gao", "PERSON", 1)],
               pos={"professor": "NOUN", "studies": "NOUN", "told": "VERB"})
    index = rules(doc, "a")
    gao = index.entity("Gao Fei")
    assert gao.role == "professor of Russian studies at the China Foreign Affairs University"
    assert gao.affiliation == "China Foreign Affairs University"
    assert gao.country == "CHN"
    assert gao.mentions == 2 and gao.aliases == ("Gao",)


def test_appositive_makes_an_unlabeled_name_a_person(blank):
    text = "Sun Zhuangzhi , an expert on relations , told the paper . Sun said more ."
    doc = make(blank, text, [("Sun", "ORG", 1)],
               pos={"Sun": "PROPN", "Zhuangzhi": "PROPN", "expert": "NOUN", "told": "VERB"})
    index = rules(doc, "a")
    sun = index.entity("Sun Zhuangzhi")
    assert sun is not None and sun.type == "person" and sun.mentions == 2
    assert sun.role == "expert on relations"
    assert "Sun" not in names(index, "institution")


def test_initials_join_the_surname(blank):
    doc = make(blank, "Fernhill 91 ( L. Okoro 3-41 ) , K. Brannock 50 and V. Tennakoon 12 .",
               [("L. Okoro 3-41", "PERSON"), ("K.", "PERSON")])
    index = rules(doc, "a")
    assert {"L. Okoro", "K. Brannock", "V. Tennakoon"} <= names(index, "person")
    check_offsets(doc, index)


def test_given_names_the_model_left_out_join_the_surname(blank):
    doc = make(blank, "second round : Margot Delacroix beat Jan Vrabec , sponsored by U.S. Granite .",
               [("Delacroix", "PERSON"), ("Jan Vrabec", "PERSON"), ("U.S. Granite", "ORG")],
               pos={"Margot": "PROPN", "Delacroix": "PROPN"})
    index = rules(doc, "a")
    assert names(index, "person") == {"Margot Delacroix", "Jan Vrabec"}  # `Jan` is no month here
    assert names(index, "institution") == {"U.S. Granite"}  # `U.S.` is no one's initials


def test_compass_abbreviation_hyphenated_name_and_company_person_confusions(blank):
    text = ("N. Korea warns S. Korea . Kim Dae-seo , a veteran , spoke . Valmora SpA and Valmora Cables : "
            "Valmora said Valmora will grow and Valmora agreed .")
    doc = make(blank, text, [("N. Korea", "GPE"), ("S. Korea", "GPE"), ("Kim Dae-seo", "PERSON"),
                             ("Valmora SpA", "PERSON"), ("Valmora Cables", "PERSON"), ("Valmora", "ORG", 2),
                             ("Valmora", "ORG", 3), ("Valmora", "ORG", 4)],
               pos={"veteran": "NOUN"})
    index = rules(doc, "a")
    kinds = {(m.text, m.type) for m in index.mentions}
    assert ("Kim Dae-seo", "person") in kinds
    assert ("Valmora", "institution") in kinds and ("Valmora", "person") not in kinds
    assert ("N. Korea", "place") in kinds and ("S. Korea", "place") in kinds


def test_two_word_demonym(blank):
    doc = make(blank, "North Korean and South African officials met Chinese ones .")
    index = rules(doc, "a")
    assert [(m.text, m.iso3) for m in index.mentions] == [("North Korean", "PRK"), ("South African", "ZAF"),
                                                          ("Chinese", "CHN")]


def test_athlete_with_country_in_brackets_is_a_person(blank):
    doc = make(blank, "Tomas Hradil ( Czech Republic ) beat Luis Ordonez ( Spain ) 7-5 .",
               [("Czech Republic", "GPE"), ("Spain", "GPE")])
    index = rules(doc, "a")
    assert {"Tomas Hradil", "Luis Ordonez"} <= names(index, "person")
    assert index.entity("Czech Republic").iso3 == "CZE"


# --- countries and places -----------------------------------------------------------------------------------

def test_countries_normalized_from_names_demonyms_and_compounds(blank):
    text = ("The People's Republic of China , Britain and the US met . Sino-Russian ties and Russian-Chinese "
            "relations grew as Chinese officials visited Moscow and Europe .")
    doc = make(blank, text, [("People's Republic of China", "GPE"), ("Britain", "GPE"), ("US", "GPE"),
                             ("Moscow", "GPE"), ("Europe", "LOC")])
    index = rules(doc, "a")
    countries = {e.name: e for e in index.entities if e.type == "country"}
    assert {n: e.iso3 for n, e in countries.items()} == {"China": "CHN", "United Kingdom": "GBR",
                                                        "United States": "USA", "Russia": "RUS"}
    assert countries["China"].mentions == 1 and countries["China"].references == 3  # Sino, Chinese, Chinese
    assert countries["Russia"].mentions == 0 and countries["Russia"].references == 2
    demonyms = [m for m in index.mentions if m.form == "demonym"]
    assert {m.text for m in demonyms} == {"Sino", "Russian", "Chinese"}
    places = {e.name: e for e in index.entities if e.type == "place"}
    assert places["Moscow"].country == "RUS" and places["Europe"].country is None
    check_offsets(doc, index)


def test_country_whatever_the_model_label(blank):
    doc = make(blank, "Paraguay beat Costa Rica .", [("Paraguay", "ORG"), ("Costa Rica", "PERSON")])
    index = rules(doc, "a")
    assert {(e.name, e.iso3) for e in index.entities} == {("Paraguay", "PRY"), ("Costa Rica", "CRI")}


def test_an_organization_named_with_and_keeps_the_words_before_it(blank):
    # the model labelled only the words after `and`
    doc = make(blank, "The Trade and Harbour Authority said so .", [("Harbour Authority", "ORG")])
    index = rules(doc, "a")
    assert names(index, "institution") == {"Trade and Harbour Authority"}
    check_offsets(doc, index)
    # a name with its own label before `and` is another entity
    doc = make(blank, "The Okafor and Harbour Authority said so .",
               [("Okafor", "PERSON"), ("Harbour Authority", "ORG")])
    assert "Harbour Authority" in names(rules(doc, "b"), "institution")


def test_a_title_keeps_its_lower_case_modifiers(blank):
    doc = make(blank, "Acme 's chief operating officer Ada Okafor said so .", [("Ada Okafor", "PERSON")],
               pos={"chief": "ADJ", "operating": "VERB", "officer": "NOUN"},
               deps=[("chief", "amod", "officer"), ("operating", "amod", "officer"), ("officer", "compound", "Okafor")])
    assert rules(doc, "a").entity("Ada Okafor").role == "chief operating officer"
    doc = make(blank, "Arsenal vice-chairman Ada Okafor said so .", [("Ada Okafor", "PERSON")],
               pos={"vice": "NOUN", "chairman": "NOUN"},
               deps=[("vice", "compound", "chairman"), ("chairman", "compound", "Okafor")])
    assert rules(doc, "b").entity("Ada Okafor").role.endswith("vice-chairman")
    doc = make(blank, "Tory co-chairman Ada Okafor said so .", [("Ada Okafor", "PERSON")])
    assert rules(doc, "c").entity("Ada Okafor").role.endswith("co-chairman")


def test_a_short_name_after_the_full_name_is_the_same_institution(blank):
    doc = make(blank, "The Bank of Avalon held rates . The Bank said so .",
               [("Bank of Avalon", "ORG"), ("Bank", "ORG", 1)])
    index = rules(doc, "a")
    assert names(index, "institution") == {"Bank of Avalon"} and index.entity("Bank of Avalon").mentions == 2
    # a name given short first and then with more words is another thing (a product, a unit)
    doc = make(blank, "Acme said so . Acme Word sold well .", [("Acme", "ORG"), ("Acme Word", "ORG")])
    assert names(rules(doc, "b"), "institution") == {"Acme", "Acme Word"}


def test_a_role_set_off_before_a_name_is_the_persons_role(blank):
    doc = make(blank, "Acme 's chief executive , Ada Okafor , said so . Ms Okafor left .",
               [("Ada Okafor", "PERSON"), ("Ms Okafor", "PERSON")], pos={"'s": "PART", "said": "VERB"})
    assert rules(doc, "a").entity("Ada Okafor").role == "chief executive"
    # no comma after the name: a list, not an apposition
    doc = make(blank, "the chief executive , Ada Okafor and others said so .", [("Ada Okafor", "PERSON")])
    assert rules(doc, "b").entity("Ada Okafor").role is None


def test_an_honorific_makes_a_person_whatever_the_label(blank):
    doc = make(blank, "Vincent Cable spoke . Mr Cable said so .", [("Vincent Cable", "ORG"), ("Mr Cable", "ORG")])
    index = rules(doc, "a")
    assert names(index, "person") == {"Vincent Cable"} and names(index, "institution") == set()
    assert [m.text for m in index.mentions] == ["Vincent Cable", "Cable"]
    check_offsets(doc, index)
    doc = make(blank, "said the director of the Policy Centre Mr Straw .", [("Policy Centre Mr Straw", "ORG")])
    index = rules(doc, "a")
    assert names(index, "person") == {"Straw"} and names(index, "institution") == {"Policy Centre"}
    doc = make(blank, "Mr Blair wins , as Mr Blair won before .", [("Blair", "PERSON"), ("Blair", "PERSON", 1)],
               deps=[("Blair", "nsubj", "wins")])
    assert names(rules(doc, "a"), "person") == {"Blair"}


def test_a_noun_phrase_before_said_is_the_speaker_not_an_appositive(blank):
    doc = make(blank, "Echoing Ann Rice , the prime minister said so .", [("Ann Rice", "PERSON")])
    assert rules(doc, "a").entity("Ann Rice").role is None
    doc = make(blank, "Ann Rice , the prime minister , said so .", [("Ann Rice", "PERSON")])
    assert rules(doc, "a").entity("Ann Rice").role == "prime minister"


def test_a_word_before_a_title_is_part_of_it_and_an_honorific_after_it_is_not(blank):
    doc = make(blank, "Home Secretary Ann Rice said so .", [("Ann Rice", "PERSON")])
    assert rules(doc, "a").entity("Ann Rice").role == "Home Secretary"
    doc = make(blank, "The law , Attorney General Lord Brook said , is clear .", [("Brook", "PERSON")])
    assert rules(doc, "a").entity("Lord Brook").role == "Attorney General"  # a peerage name keeps its title


# --- institutions -------------------------------------------------------------------------------------------

def test_acronym_and_long_form_are_one_institution(blank):
    text = "a visit for the Shanghai Cooperation Organization (SCO) summit . The SCO meets in June ."
    doc = make(blank, text, [("the Shanghai Cooperation Organization (SCO", "ORG"), ("SCO", "ORG", 1)])
    index = rules(doc, "a")
    sco = index.entity("Shanghai Cooperation Organization")
    assert sco.type == "institution" and sco.aliases == ("SCO",) and sco.mentions == 3
    assert [m.form for m in index.mentions] == ["name", "acronym", "acronym"]
    check_offsets(doc, index)


def test_a_party_abbreviated_is_an_institution(blank):
    doc = make(blank, "The Lib Dems said so .", [("Lib Dems", "PERSON")])
    assert names(rules(doc, "a"), "institution") == {"Lib Dems"}


def test_descriptive_tail_is_an_alias_and_the_leading_the_goes(blank):
    doc = make(blank, "TASS Russian News Agency reported it , the Global Times said , according to TASS .",
               [("TASS Russian News Agency", "ORG"), ("the Global Times", "ORG"), ("TASS", "ORG", 1)])
    index = rules(doc, "a")
    assert names(index, "institution") == {"TASS", "Global Times"}
    assert index.entity("TASS").aliases == ("TASS Russian News Agency",)


def test_ministry_described_after_its_country_is_named_as_its_minister_has_it(blank):
    text = "China 's defense ministry said that China 's Minister of National Defense will visit ."
    doc = make(blank, text, [("China", "GPE"), ("China", "GPE", 1)])
    index = rules(doc, "a")
    ministry = index.entity("Chinese Ministry of National Defense")
    assert ministry is not None and ministry.type == "institution"
    assert ministry.aliases == ("China 's defense ministry",)
    assert index.entity("China").mentions == 2
    check_offsets(doc, index)


def test_a_named_ministry_after_its_country_is_the_same_as_the_described_one(blank):
    text = ("China 's defense ministry said that drills began . China 's Ministry of National Defense named them . "
            "The Ministry of National Defense said so .")
    doc = make(blank, text, [("China", "GPE"), ("China", "GPE", 1), ("Ministry of National Defense", "ORG"),
                             ("Ministry of National Defense", "ORG", 1)])
    index = rules(doc, "a")
    assert names(index, "institution") == {"Chinese Ministry of National Defense"}
    assert index.entity("Chinese Ministry of National Defense").mentions == 3
    check_offsets(doc, index)


def test_ministries_of_two_countries_stay_apart(blank):
    text = "Russia 's Ministry of Defense said no . China 's Ministry of Defense said yes ."
    doc = make(blank, text, [("Russia", "GPE"), ("China", "GPE"), ("Ministry of Defense", "ORG"),
                             ("Ministry of Defense", "ORG", 1)])
    index = rules(doc, "a")
    assert names(index, "institution") == {"Russian Ministry of Defense", "Chinese Ministry of Defense"}


def test_span_boundaries_repaired(blank):
    text = "Calderton 212-6 , Novapress news agency said . CURLING - NEW ZEALAND won . Ashcombe at Millbrook ."
    doc = make(blank, text, [("Calderton 212-6", "PERSON"), ("Novapress news agency", "ORG"),
                             ("CURLING - NEW ZEALAND", "ORG"), ("Ashcombe at Millbrook", "ORG")])
    index = rules(doc, "a")
    texts = {m.text for m in index.mentions}
    assert {"Calderton", "Novapress", "NEW ZEALAND", "Ashcombe", "Millbrook"} <= texts
    assert not any(" " in t and t.split()[-1].isdigit() for t in texts)
    check_offsets(doc, index)


# --- document-level consistency -----------------------------------------------------------------------------

def test_one_sense_per_discourse(blank):
    doc = make(blank, "Westvale won . Westvale lost . Westvale drew .",
               [("Westvale", "ORG"), ("Westvale", "ORG", 1), ("Westvale", "PERSON", 2)])
    index = rules(doc, "a")
    assert {m.type for m in index.mentions} == {"institution"}


def test_place_names_used_as_teams_are_institutions_but_not_where_they_are_places(blank):
    text = "At Millbrook : Ashcombe beat Fernhill . Fernhill 83 , Ashcombe 296 . Rain in Fernhill ."
    doc = make(blank, text, [("Millbrook", "GPE"), ("Ashcombe", "GPE"), ("Fernhill", "GPE"),
                             ("Fernhill", "GPE", 1), ("Ashcombe", "GPE", 1), ("Fernhill", "GPE", 2)],
               deps=[("Ashcombe", "nsubj", "beat"), ("Fernhill", "dobj", "beat")])
    index = rules(doc, "a")
    kinds = [(m.text, m.type) for m in index.mentions]
    assert kinds == [("Millbrook", "place"), ("Ashcombe", "institution"), ("Fernhill", "institution"),
                     ("Fernhill", "institution"), ("Ashcombe", "institution"), ("Fernhill", "place")]


def test_coordinated_unlabeled_name_shares_the_type(blank):
    doc = make(blank, "Harwick , Thornleigh and Calderton will meet again .", [("Thornleigh", "ORG")],
               pos={"Harwick": "PROPN", "Calderton": "PROPN", "Thornleigh": "PROPN"},
               deps=[("Harwick", "conj", "Thornleigh"), ("Calderton", "conj", "Thornleigh")])
    index = rules(doc, "a")
    assert names(index, "institution") == {"Harwick", "Thornleigh", "Calderton"}


def test_unlabeled_country_and_major_city_found_from_the_gazetteer(blank):
    doc = make(blank, "They flew from Mongolia to Murcia and on to Tiny .", pos={
        "Mongolia": "PROPN", "Murcia": "PROPN", "Tiny": "PROPN"})
    index = rules(doc, "a")
    assert {(e.name, e.type, e.iso3 or e.country) for e in index.entities} == {
        ("Mongolia", "country", "MNG"), ("Murcia", "place", "ESP")}


def test_unlabeled_names_facing_each_other_with_scores_are_teams(blank):
    text = "Ashcombe beat Fernhill .\nKelso 3 Arbury 2\nDunmore 1 Westvale 0"
    doc = make(blank, text, [("Ashcombe", "GPE"), ("Fernhill", "GPE")],
               pos={w: "PROPN" for w in ("Kelso", "Arbury", "Dunmore", "Westvale")},
               deps=[("Ashcombe", "nsubj", "beat"), ("Fernhill", "dobj", "beat")])
    index = rules(doc, "a")
    assert names(index, "institution") == {"Ashcombe", "Fernhill", "Kelso", "Arbury", "Dunmore", "Westvale"}


def test_events_are_not_institutions_or_places(blank):
    doc = make(blank, "She won the Marden Cup and the Santa Ilda Open in Santa Ilda .",
               [("Marden Cup", "ORG"), ("Santa Ilda Open", "GPE"), ("Santa Ilda", "GPE", 1)])
    index = rules(doc, "a")
    assert {m.text for m in index.mentions} == {"Santa Ilda"}


def test_line_opening_common_word_is_no_name(blank):
    doc = make(blank, "Turnout was low .\nRelays : the relays ran .",
               [("Relays", "ORG")])
    assert rules(doc, "a").mentions == []


def test_country_name_that_is_a_persons_surname_is_the_person(blank):
    doc = make(blank, "Michael Jordan scored . Jordan said so .",
               [("Michael Jordan", "PERSON"), ("Jordan", "GPE", 1)])
    index = rules(doc, "a")
    assert [(m.text, m.entity) for m in index.mentions] == [("Michael Jordan", "Michael Jordan"),
                                                            ("Jordan", "Michael Jordan")]


def test_places_months_and_surnames_are_told_apart(blank):
    text = "Moving from Linz helped , Scottish Fiona Wakefield said in December and Dana Pennock agreed ."
    doc = make(blank, text, [("Linz", "ORG"), ("Dana Pennock", "PERSON")],
               pos={w: "PROPN" for w in ("Fiona", "Wakefield", "December", "Dana", "Pennock")},
               deps=[("December", "conj", "Pennock")])
    index = rules(doc, "a")
    assert {(e.name, e.type) for e in index.entities} == {
        ("Linz", "place"), ("Dana Pennock", "person"), ("Scotland", "country")}  # `Scottish`: GBR, named as itself


# --- ALL-CAPS lines -----------------------------------------------------------------------------------------

def test_caps_lines_and_true_casing(blank):
    doc = blank.make_doc("ASHCOMBE CLIMB TO SECOND .\n\nBERGEN 2031-05-14\n\nAshcombe climb to second .")
    lines = caps_lines(doc)
    assert [doc[s:e].text for s, e in lines] == ["ASHCOMBE CLIMB TO SECOND .", "BERGEN 2031-05-14"]
    casing = {"ashcombe": "Ashcombe", "climb": "climb", "second": "second"}
    stops = blank.Defaults.stop_words
    assert [true_case(w, casing, stops) for w in ["ASHCOMBE", "CLIMB", "AT", "BERGEN", "U.S."]] == [
        "Ashcombe", "climb", "at", "Bergen", "U.S."]
    assert not _is_caps("Mixed case line with US and UK")


def test_caps_component_runs_right_after_the_ner(nlp):
    names_ = nlp.pipe_names
    assert names_.index("newslens_caps_ner") == names_.index("ner") + 1


def test_caps_headline_reread_by_the_model(nlp):
    doc = nlp("CARLOS MENDOZA RETURNS TO THE RING .\n\nGUADALAJARA 2031-05-14\n\n"
              "Carlos Mendoza will box again next month , his trainer told reporters in Guadalajara .")
    index = resolve_entities(doc, "a")
    headline = [m for m in index.mentions if m.end <= len("CARLOS MENDOZA RETURNS TO THE RING")]
    assert any(m.type == "person" and m.entity == "Carlos Mendoza" for m in headline)
    check_offsets(doc, index)


# --- across a corpus ----------------------------------------------------------------------------------------

def test_corpus_merges_a_surname_with_the_only_full_name():
    a = Article("a", "", entities=(Entity("Vladimir Putin", "person", mentions=2, articles=("a",),
                                          role="Russian President"),))
    b = Article("b", "", entities=(Entity("Putin", "person", mentions=3, articles=("b",)),
                                   Entity("Russia", "country", iso3="RUS", mentions=1, articles=("b",))))
    merged = {e.name: e for e in merge_entities(e for article in (a, b) for e in article.entities)}
    putin = merged["Vladimir Putin"]
    assert putin.mentions == 5 and putin.articles == ("a", "b") and "Putin" in putin.aliases
    assert putin.role == "Russian President"


def test_corpus_merges_an_acronym_and_a_name_written_in_capitals():
    a = Article("a", "", entities=(
        Entity("Shanghai Cooperation Organization", "institution", aliases=("SCO",), mentions=2, articles=("a",)),
        Entity("Santa Ilda", "place", mentions=1, articles=("a",))))
    b = Article("b", "", entities=(Entity("SCO", "institution", mentions=1, articles=("b",)),
                                   Entity("SANTA ILDA", "place", mentions=1, articles=("b",))))
    merged = {e.name: e for e in merge_entities(e for article in (a, b) for e in article.entities)}
    assert set(merged) == {"Shanghai Cooperation Organization", "Santa Ilda"}
    assert merged["Shanghai Cooperation Organization"].articles == ("a", "b")
    assert merged["Santa Ilda"].mentions == 2 and merged["Santa Ilda"].aliases == ("SANTA ILDA",)


# --- the seed article, end to end ---------------------------------------------------------------------------

SEED_PEOPLE = {  # from the hand-made gold annotation of the seed
    "Wang Yi": ("Wang",),
    "Gao Fei": ("Gao",),
    "Wei Fenghe": (),
    "Sergey Lavrov": (),
    "Sun Zhuangzhi": ("Sun",),
    "Vladimir Putin": ("Putin",),
    "Xi Jinping": (),
}
SEED_ROLES = {
    "Wang Yi": "State Councilor and Foreign Minister",
    "Gao Fei": "professor of Russian studies at the China Foreign Affairs University",
    "Wei Fenghe": "State Councilor and Minister of National Defense",
    "Sun Zhuangzhi": "expert on Sino-Russian relations from the Chinese Academy of Social Sciences",
    "Vladimir Putin": "Russian President",
    "Xi Jinping": "Chinese President",
}
SEED_COUNTRIES = {"China": "CHN", "Russia": "RUS", "United States": "USA", "Belarus": "BLR",
                  "United Kingdom": "GBR"}
SEED_INSTITUTIONS = {"Global Times", "Russian Foreign Ministry", "China Foreign Affairs University", "Reuters",
                     "Kremlin", "TASS", "Chinese Academy of Social Sciences", "Shanghai Cooperation Organization",
                     "Chinese Ministry of National Defense"}
NOT_PEOPLE = {"Liu Xin Source", "Councilor", "State Councilor"}
PLACES_NOT_COUNTRIES = {"Moscow", "Kemerovo", "Qingdao", "Europe"}
NOT_INSTITUTIONS = {"Wang", "Sun", "Disqus"}


def test_seed_people_with_aliases_and_roles(seed_article):
    people = {e.name: e for e in seed_article.entities if e.type == "person"}
    assert set(people) == set(SEED_PEOPLE)
    for name, aliases in SEED_PEOPLE.items():
        assert set(aliases) <= set(people[name].aliases)
    for name, role in SEED_ROLES.items():
        assert people[name].role == role
    assert people["Gao Fei"].affiliation == "China Foreign Affairs University"
    assert people["Sun Zhuangzhi"].affiliation == "Chinese Academy of Social Sciences"
    assert not NOT_PEOPLE & set(people)


def test_seed_countries_places_and_institutions(seed_article):
    by_type = {}
    for e in seed_article.entities:
        by_type.setdefault(e.type, {})[e.name] = e
    assert {n: e.iso3 for n, e in by_type["country"].items()} == SEED_COUNTRIES
    assert not PLACES_NOT_COUNTRIES & set(by_type["country"])
    assert set(by_type["place"]) >= PLACES_NOT_COUNTRIES
    assert set(by_type["institution"]) >= SEED_INSTITUTIONS
    assert not NOT_INSTITUTIONS & set(by_type["institution"])
    assert by_type["institution"]["Shanghai Cooperation Organization"].aliases == ("SCO",)
    assert by_type["institution"]["Chinese Ministry of National Defense"].aliases == ("China's defense ministry",)
    china_forms = {m.text for m in seed_article.mentions if m.entity == "China"}
    assert {"China", "Chinese", "People's Republic of China", "Sino"} <= china_forms


def test_seed_mentions_match_the_text(seed_article):
    text = seed_article.text
    assert seed_article.mentions
    for m in seed_article.mentions:
        assert text[m.start:m.end] == m.text
    assert not any(m.text in ("Disqus", "Liu Xin Source") for m in seed_article.mentions)
