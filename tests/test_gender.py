"""The gender of people (issue 16): the article's clues on hand-built Docs, the first-name table, the decision
per article and across a corpus, the override file, the shares, and `he`/`she` kept off a person of the other
gender."""

from __future__ import annotations

import json

import pytest
import spacy

from newslens import firstnames, gender
from newslens.entities.gender import article_clues
from newslens.entities.index import EntityIndex
from newslens.errors import GenderFileError
from newslens.gender import Clue, Overrides, apply_overrides, combine, decide, from_clues, read_overrides
from newslens.records import Entity, Mention, Quote
from newslens.views import gender_shares, merge_entities, people_index, speaker_rows


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def index_of(doc, people: dict[str, str]) -> EntityIndex:
    """Person mentions for every occurrence of each surface form (form -> full name)."""
    mentions, text = [], doc.text
    for form, name in people.items():
        pos = text.find(form)
        while pos >= 0:
            mentions.append(Mention("t", name, "person", form, pos, pos + len(form)))
            pos = text.find(form, pos + 1)
    return EntityIndex("t", [Entity(n, "person") for n in set(people.values())], mentions)


def clues(blank, text: str, people: dict[str, str]) -> set[tuple[str, str, str, str]]:
    doc = blank.make_doc(text)
    return {(c.entity, c.gender, c.kind, c.word) for c in article_clues(doc, index_of(doc, people))}


# --- article evidence -----------------------------------------------------------------------------------------

def test_an_honorific_before_the_name(blank):
    assert clues(blank, "Ms Hewitt said so. Later Sir Alex Ferguson agreed.",
                 {"Hewitt": "Patricia Hewitt", "Alex Ferguson": "Alex Ferguson"}) == {
        ("Patricia Hewitt", "female", "honorific", "Ms"), ("Alex Ferguson", "male", "honorific", "Sir")}


def test_a_couple_says_nothing_of_either(blank):
    assert clues(blank, "Mr and Mrs Blair arrived.", {"Blair": "Tony Blair"}) == set()


def test_a_gendered_noun_before_the_name(blank):
    assert clues(blank, "Liberal Democrat spokeswoman Sandra Gidley and Blair's wife Cherie spoke.",
                 {"Sandra Gidley": "Sandra Gidley", "Cherie": "Cherie Blair"}) == {
        ("Sandra Gidley", "female", "noun", "spokeswoman"), ("Cherie Blair", "female", "noun", "wife")}


def test_a_noun_before_an_honorific_and_a_title_in_the_name(blank):
    assert clues(blank, "The actress Dame Judi Dench met Prince Charles.",
                 {"Judi Dench": "Judi Dench", "Prince Charles": "Prince Charles"}) == {
        ("Judi Dench", "female", "noun", "actress"), ("Judi Dench", "female", "honorific", "Dame"),
        ("Prince Charles", "male", "honorific", "Prince")}


def test_the_head_of_an_apposition(blank):
    assert clues(blank, "Jane Doe, 45, a mother of two, said it. Kate Moss, Pete Doherty's girlfriend, did not.",
                 {"Jane Doe": "Jane Doe", "Kate Moss": "Kate Moss", "Pete Doherty": "Pete Doherty"}) == {
        ("Jane Doe", "female", "noun", "mother"), ("Kate Moss", "female", "noun", "girlfriend")}


def test_an_apposition_that_is_a_clause_or_a_title_of_the_next_name_says_nothing(blank):
    assert clues(blank, "Jane Doe, her husband said, was out. Ann Lee, husband Tom and son Joe came.",
                 {"Jane Doe": "Jane Doe", "Ann Lee": "Ann Lee"}) == set()


def test_a_noun_set_off_before_the_name(blank):
    assert clues(blank, "The chairwoman, Jane Doe, said no.", {"Jane Doe": "Jane Doe"}) == {
        ("Jane Doe", "female", "noun", "chairwoman")}


def test_no_clue_from_a_neutral_title(blank):
    assert clues(blank, "Dr Reid and Chancellor Gordon Brown, the MP for Kirkcaldy, spoke.",
                 {"Reid": "John Reid", "Gordon Brown": "Gordon Brown"}) == set()


# --- the decision ---------------------------------------------------------------------------------------------

def clue(name, g, kind="honorific", word="Ms"):
    return Clue(name, g, kind, word, 0)


def test_article_evidence_decides_and_conflicting_evidence_is_unknown():
    assert from_clues([clue("A", "female"), clue("A", "female", "pronoun", "she")]) == (
        "female", "article: Ms, she")
    g, source = from_clues([clue("A", "female"), clue("A", "male", "noun", "chairman")])
    assert g == "unknown" and source == "article conflict: female (Ms), male (chairman)"
    g, source = from_clues([clue("A", "female", "pronoun", "she"), clue("A", "male", "pronoun", "he")])
    assert g == "unknown" and source == "article conflict: female (she), male (he)"
    # a pronoun, which newslens infers, is outweighed by the article's own words
    assert from_clues([clue("A", "female", "noun", "actress"), clue("A", "male", "pronoun", "his")]) == (
        "female", "article: actress; outweighed: his")


def test_the_first_name_decides_when_the_article_says_nothing():
    assert decide(Entity("Patricia Hewitt", "person"), ()) == ("female", "first name Patricia: p(female)=1.00")
    assert decide(Entity("Gordon Brown", "person"), ())[0] == "male"
    assert decide(Entity("Jordan Henderson", "person"), ())[0] == "male"  # p(female) 0.11, inside the 0.25 band
    assert decide(Entity("Kim Howells", "person"), ())[0] == "unknown"  # 0.67
    assert decide(Entity("Blair", "person"), ()) == ("unknown", "no evidence (one-word name)")
    assert decide(Entity("V. Tennakoon", "person"), ()) == ("unknown", "no evidence (initials)")
    assert decide(Entity("Minister Lord Falconer", "person"), ()) == ("unknown", "no evidence (one-word name)")
    assert decide(Entity("President Hugo Chavez", "person"), ())[1] == "first name Hugo: p(female)=0.00"
    # the article's own words win over the name; a pronoun alone (the speaker resolution's inference, the
    # likelier to be wrong) does not win over a sure first name, and is reported
    assert decide(Entity("Patricia Hewitt", "person"), [clue("Patricia Hewitt", "male", "noun", "chairman")]) == (
        "male", "article: chairman")
    assert decide(Entity("Tony Blair", "person"), [clue("Tony Blair", "female", "pronoun", "she")]) == (
        "male", "first name Tony: p(female)=0.05; outweighed: she")
    assert decide(Entity("Kim Lee", "person"), [clue("Kim Lee", "female", "pronoun", "she")]) == (
        "female", "article: she")  # Kim: p(female) 0.67, ambiguous: the pronoun decides


def test_pronouns_of_both_genders_decide_by_the_name_or_a_clear_majority(monkeypatch):
    he, she = clue("A", "male", "pronoun", "he"), clue("A", "female", "pronoun", "she")
    assert decide(Entity("James Hume", "person"), [she, she, she, he, he]) == (
        "male", "first name James: p(female)=0.00; outweighed: she (3)")
    assert decide(Entity("Kim Lee", "person"), [he, he, he, she]) == ("male", "article: he (3); outweighed: she")
    assert decide(Entity("Kim Lee", "person"), [he, he, she])[0] == "male"
    assert decide(Entity("Kim Lee", "person"), [he, she])[0] == "unknown"
    monkeypatch.setattr(gender, "_pronoun_majority", lambda clues: None)
    assert decide(Entity("Kim Lee", "person"), [he, he, he, she])[0] == "unknown"


def test_no_gender_for_an_institution_or_a_group():
    assert decide(Entity("Patricia Holdings", "institution"), [clue("Patricia Holdings", "female")]) == (None, None)
    assert gender.assign([Entity("Labour", "institution")], []) == [Entity("Labour", "institution")]


def person(name, article, g, source):
    return Entity(name, "person", articles=(article,), gender=g, gender_source=source)


def test_across_articles_the_articles_evidence_wins_unless_they_disagree():
    agree = [person("Ann Lee", "a", "female", "article: Ms"), person("Ann Lee", "b", "female", "article: she"),
             person("Ann Lee", "c", "unknown", "first name Ann: p(female)=0.99")]
    assert combine(agree) == ("female", "articles: 2 of 2 female (Ms, she)")
    disagree = [person("Sam Lee", "a", "female", "article: Ms"), person("Sam Lee", "b", "male", "article: Mr"),
                person("Sam Lee", "c", "male", "article: he")]
    assert combine(disagree) == ("unknown", "articles disagree: 1 female, 1 male")
    pronouns = [person("Sam Lee", "a", "female", "article: she"), person("Sam Lee", "b", "male", "article: he")]
    assert combine(pronouns) == ("unknown", "articles disagree: 1 female, 1 male")
    # an honorific outweighs a pronoun the speaker resolution gave another article
    outweighed = [person("Sam Lee", "a", "female", "article: she"), person("Sam Lee", "b", "male", "article: Mr"),
                  person("Sam Lee", "c", "male", "article: he")]
    assert combine(outweighed) == ("male", "articles: 2 of 3 male (Mr, he); 1 female by pronoun only")
    named = [person("Tom Lee", "a", "male", "first name Tom: p(female)=0.00"),
             person("Tom Lee", "b", "unknown", "article conflict: female (she), male (Mr)")]
    assert combine(named) == ("unknown", "article conflict in 1 article")
    # merge_entities carries it: a one-word name joins the full one, and the article's evidence comes along
    merged = merge_entities([person("Ann Lee", "a", "female", "first name Ann: p(female)=0.99"),
                             person("Lee", "b", "female", "article: Mrs")])
    assert [(e.name, e.gender, e.gender_source) for e in merged] == [
        ("Ann Lee", "female", "articles: 1 of 1 female (Mrs)")]


def test_the_override_file_wins(tmp_path):
    path = tmp_path / "genders.csv"
    path.write_text("name,gender\nAnn Lee,male\n# a comment\nJosé Ortiz,female\n", encoding="utf-8")
    overrides = read_overrides(path)
    assert overrides.genders == {"ann lee": "male", "jose ortiz": "female"}
    out = apply_overrides([person("Ann Lee", "a", "female", "article: Ms"), Entity("Acme", "institution"),
                           Entity("Ortiz", "person", aliases=("Jose Ortiz",))], overrides)
    assert [(e.gender, e.gender_source) for e in out] == [("male", "override: genders.csv"), (None, None),
                                                          ("female", "override: genders.csv")]
    path.write_text("Ann Lee,woman\nBob,robot\n", encoding="utf-8")
    with pytest.raises(GenderFileError, match="line 2"):
        read_overrides(path)


# --- the first-name table -------------------------------------------------------------------------------------

def test_the_sorted_reader_finds_every_key_of_a_small_table():
    table = {"ann": [3, 900, 0.99, 3], "bob": [2, 80, 0.01, [0, 3]], "jos\u00e9": [1, 60, 0.02, 3],
             "zo\u00eb": [1, 70, 0.97, 3], "\u007fx": [1, 1, 0.0, 3]}
    data = json.dumps(dict(sorted(table.items()))).encode()
    reader = firstnames._SortedJSON(data)
    for key, value in table.items():
        assert reader.get(key) == tuple(value[:3])
    assert reader.get("carl") is None and reader.get("") is None and reader.get("zzz") is None


def test_the_installed_table_is_read_without_loading_it():
    assert firstnames.available()
    found = firstnames.first_name_gender("Patricia")
    assert found.gender == "female" and found.count > 1000
    assert firstnames.first_name_gender("Zoë").gender == "female"  # accents folded as the package does
    assert firstnames.first_name_gender("Xqzzy") is None


# --- speakers and shares --------------------------------------------------------------------------------------

def quote(article, speaker, speaker_type="person", text="a b c"):
    return Quote(article, speaker, speaker_type, speaker, 0, 1, "said", "direct", text, 0, len(text))


def test_shares_count_the_unknown_and_every_gender_of_every_group():
    people = [person("Ann Lee", "a", "female", "article: Ms"), person("Tom Ash", "a", "male", "article: Mr"),
              person("Tom Ash", "b", "male", "article: he"), person("Kim Poe", "b", "unknown", "first name Kim")]
    quotes = [quote("a", "Ann Lee"), quote("a", "Tom Ash"), quote("b", "Tom Ash", text="a b"),
              quote("b", "Kim Poe"), quote("b", "Acme", "institution")]
    articles = {"a": {"source": "Herald", "published": "2023-09-02"}, "b": {"source": "Courier", "published": None}}
    index = people_index(merge_entities(people))
    rows = gender_shares(quotes, index, articles, ("gender",))
    assert [(r["gender"], r["people"], r["quotes"], r["words"], r["people_share"], r["known_share"]) for r in rows] == [
        ("female", 1, 1, 3, 0.3333, 0.5), ("male", 1, 2, 5, 0.3333, 0.5), ("unknown", 1, 1, 3, 0.3333, None)]
    by_source = gender_shares(quotes, index, articles, ("source", "gender"))
    assert [(r["source"], r["gender"], r["people"], r["people_share"]) for r in by_source] == [
        ("Courier", "female", 0, 0.0), ("Courier", "male", 1, 0.5), ("Courier", "unknown", 1, 0.5),
        ("Herald", "female", 1, 0.5), ("Herald", "male", 1, 0.5), ("Herald", "unknown", 0, 0.0)]
    by_month = gender_shares(quotes, index, articles, ("month",))
    assert [(r["month"], r["people"], r["quotes"]) for r in by_month] == [("2023-09", 2, 2), (None, 2, 2)]
    with pytest.raises(ValueError):
        gender_shares(quotes, index, articles, ("colour",))


def test_speaker_rows_carry_the_gender_of_the_article_or_of_the_corpus():
    people = [person("Sam Lee", "a", "female", "article: she"), person("Sam Lee", "b", "female", "first name Sam")]
    quotes = [quote("a", "Sam Lee"), quote("b", "Sam Lee"), quote("b", "Acme", "institution")]
    rows = speaker_rows(quotes, people=people_index(merge_entities(people)))
    assert [(r["speaker"], r["gender"], r["gender_source"]) for r in rows] == [
        ("Sam Lee", "female", "articles: 1 of 1 female (she)"), ("Acme", None, None)]
    rows = speaker_rows(quotes, per_article=True, people=people_index(people))
    assert [(r["article"], r["gender_source"]) for r in rows if r["speaker"] == "Sam Lee"] == [
        ("a", "article: she"), ("b", "first name Sam")]


def test_overrides_reach_the_speakers():
    people = [person("Sam Lee", "a", "female", "article: she")]
    overridden = apply_overrides(merge_entities(people), Overrides("g.csv", {"sam lee": "male"}))
    (row,) = speaker_rows([quote("a", "Sam Lee")], people=people_index(overridden))
    assert (row["gender"], row["gender_source"]) == ("male", "override: g.csv")


# --- he/she kept off a person the article shows to be of the other gender --------------------------------------

def resolved(text, spec, people):
    from quote_docs import quotes_of

    return [(q.speaker, q.speaker_text) for q in quotes_of(spacy.blank("en"), text, spec, people=people)]


_WON = ('"/``/punct/13 We/PRP/nsubj/9 won/VBD/ccomp/13 ,/,/punct/13 "/\'\'/punct/13 he/PRP/nsubj/13 '
        'said/VBD/ROOT/13 ././punct/13')


def test_he_is_not_a_person_the_article_calls_a_spokeswoman():
    text = 'Spokeswoman Ada Okafor met Tom Ash. "We won," he said.'
    spec = 'Spokeswoman/NN/compound/2 Ada/NNP/compound/2 Okafor/NNP/nsubj/3 met/VBD/ROOT/3 Tom/NNP/compound/5 ' \
           'Ash/NNP/dobj/3 ././punct/3 ' + _WON
    assert resolved(text, spec, {"Ada Okafor": "Ada Okafor", "Tom Ash": "Tom Ash"}) == [("Tom Ash", "he")]


def test_without_evidence_he_is_the_subject_named_last_as_before():
    text = 'Teacher Ada Okafor met Tom Ash. "We won," he said.'
    spec = 'Teacher/NN/compound/2 Ada/NNP/compound/2 Okafor/NNP/nsubj/3 met/VBD/ROOT/3 Tom/NNP/compound/5 ' \
           'Ash/NNP/dobj/3 ././punct/3 ' + _WON
    assert resolved(text, spec, {"Ada Okafor": "Ada Okafor", "Tom Ash": "Tom Ash"}) == [("Ada Okafor", "he")]


def test_her_own_pronoun_in_her_clause_keeps_a_later_he_off_her():
    text = 'Okafor lost her seat. Okafor met Ash. "We lost," he said.'
    spec = ('Okafor/NNP/nsubj/1 lost/VBD/ROOT/1 her/PRP$/poss/3 seat/NN/dobj/1 ././punct/1 '
            'Okafor/NNP/nsubj/6 met/VBD/ROOT/6 Ash/NNP/dobj/6 ././punct/6 "/``/punct/15 We/PRP/nsubj/11 '
            'lost/VBD/ccomp/15 ,/,/punct/15 "/\'\'/punct/15 he/PRP/nsubj/15 said/VBD/ROOT/15 ././punct/15')
    assert resolved(text, spec, {"Okafor": "Ada Okafor", "Ash": "Tom Ash"}) == [("Tom Ash", "he")]


def test_own_pronoun_rules(blank):
    from quote_docs import build

    def own(text, spec, people):
        doc = build(blank, text, spec)
        return {(c.entity, c.gender, c.kind, c.word) for c in article_clues(doc, index_of(doc, people))}

    assert own("Holmes marked her first win.", "Holmes/NNP/nsubj/1 marked/VBD/ROOT/1 her/PRP$/poss/4 "
               "first/JJ/amod/4 win/NN/dobj/1 ././punct/1", {"Holmes": "Kelly Holmes"}) == {
        ("Kelly Holmes", "female", "pronoun", "her")}
    # another person between: whose `her` is unclear; a pronoun of another clause's subject is someone else's
    assert own("Holmes beat Lee in her race.", "Holmes/NNP/nsubj/1 beat/VBD/ROOT/1 Lee/NNP/dobj/1 in/IN/prep/1 "
               "her/PRP$/poss/5 race/NN/pobj/3 ././punct/1", {"Holmes": "Kelly Holmes", "Lee": "Ann Lee"}) == set()
    assert own("Holmes knew the coach lost his job.", "Holmes/NNP/nsubj/1 knew/VBD/ROOT/1 the/DT/det/3 "
               "coach/NN/nsubj/4 lost/VBD/ccomp/1 his/PRP$/poss/6 job/NN/dobj/4 ././punct/1",
               {"Holmes": "Kelly Holmes"}) == set()
