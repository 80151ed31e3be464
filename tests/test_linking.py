"""Corpus-wide linking (newslens.linking): which per-article names are one entity across a corpus, on hand-made
per-article entities, each rule checked to fail when it is switched off; and the store keeping the links (and
the entities' speaker totals) as the full computation has them, whatever the order articles come and go in."""

from __future__ import annotations

import random

import pytest

from newslens import linking, views
from newslens.errors import LinkFileError
from newslens.records import Article, Entity, Quote
from newslens.store import Store

_COUNT = iter(range(10**6))


def ent(name: str, type_: str = "person", mentions: int = 1, aliases=(), article: str | None = None) -> Entity:
    return Entity(name, type_, tuple(aliases), mentions, articles=(article or f"a{next(_COUNT)}",))


def targets(entities, **kwargs) -> dict[tuple[str, str], tuple[str, str]]:
    links = linking.link(entities, **kwargs)
    return {(e.type, e.name): links.target(e.type, e.name) for e in entities}


@pytest.fixture
def fresh():
    """The name-reading functions' caches cleared before and after (a test that switches one of them off)."""
    def clear():
        for f in (linking.person_parts, linking.titled, linking.is_full_name, linking.initials_form,
                  linking.surname_form, linking.acronym_letters, linking.initials_of, linking.head_of):
            f.cache_clear()

    clear()
    yield
    clear()


def without(monkeypatch, step):
    monkeypatch.setattr(linking, "STEPS", tuple(s for s in linking.STEPS if s is not step))


# --- people ------------------------------------------------------------------------------------------------------

def test_a_surname_joins_the_only_full_name_that_ends_with_it(monkeypatch):
    corpus = [ent("Bill Clinton", aliases=("Clinton",)), ent("Clinton", mentions=3), ent("Clinton")]
    assert targets(corpus)[("person", "Clinton")] == ("person", "Bill Clinton")
    merged = {e.name: e for e in views.merge_entities(corpus)}
    assert set(merged) == {"Bill Clinton"} and merged["Bill Clinton"].mentions == 5
    assert any(j.startswith("Clinton: surname of 'Bill Clinton'") for j in merged["Bill Clinton"].joined)
    without(monkeypatch, linking.surnames)
    assert targets(corpus)[("person", "Clinton")] == ("person", "Clinton")


def test_a_surname_two_full_names_share_stays_apart():
    corpus = [ent("Michael Howard"), ent("John Howard"), ent("Howard")]
    assert targets(corpus)[("person", "Howard")] == ("person", "Howard")


def test_what_the_articles_say_tells_apart_the_full_names_a_surname_may_stand_for(monkeypatch):
    def said(name, gender=None, role=None, **kw):
        source = f"article: {'Mrs' if gender == 'female' else 'Mr'}" if gender else None
        return Entity(name, "person", (), 1, role=role, articles=(f"a{next(_COUNT)}",), gender=gender,
                      gender_source=source)

    corpus = [said("Bill Clinton", "male", "President"), said("Hillary Clinton", "female", "Senator"),
              said("Clinton", "female"), said("Boris Yeltsin", role="President"), said("Naina Yeltsin", "female"),
              said("Yeltsin", role="President"), said("Howard")]
    found = targets(corpus)
    assert found[("person", "Clinton")] == ("person", "Hillary Clinton")  # `Mrs Clinton`
    assert found[("person", "Yeltsin")] == ("person", "Boris Yeltsin")
    link = linking.link(corpus)[("person", "Yeltsin")]
    assert link.how.endswith("given the role 'president', as its articles give it")
    monkeypatch.setattr(linking, "_told_apart", lambda stats, key, owners: (owners, ""))
    assert targets(corpus)[("person", "Clinton")] == ("person", "Clinton")


def test_a_shared_first_name_is_never_an_alias():
    # `Charles` alone is Ray Charles's surname once, and the first name of two others in more articles
    corpus = [ent("Charles Kennedy"), ent("Charles Kennedy"), ent("Charles Clarke"), ent("Ray Charles"),
              ent("Charles")]
    assert targets(corpus)[("person", "Charles")] == ("person", "Charles")
    assert targets([ent("Charles Kennedy"), ent("Charles")])[("person", "Charles")] == ("person", "Charles")


def test_initials_join_the_full_name_of_that_surname_and_initial(monkeypatch):
    corpus = [ent("Adam Hollioake"), ent("A. Hollioake", mentions=5), ent("Mark Waugh"), ent("Steve Waugh"),
              ent("S. Waugh")]
    found = targets(corpus)
    assert found[("person", "A. Hollioake")] == ("person", "Adam Hollioake")
    assert found[("person", "S. Waugh")] == ("person", "Steve Waugh")
    without(monkeypatch, linking.initials)
    assert targets(corpus)[("person", "A. Hollioake")] == ("person", "A. Hollioake")


def test_a_surname_with_particles_and_the_same_first_and_last_name(monkeypatch):
    corpus = [ent("Wilfried Van Moer"), ent("Van Moer"), ent("Vladimir Vladimirovich Putin"),
              *(ent("Vladimir Putin") for _ in range(5))]
    found = targets(corpus)
    assert found[("person", "Van Moer")] == ("person", "Wilfried Van Moer")
    # the fullest form used in a quarter as many articles as the most used, else the most used
    assert found[("person", "Vladimir Vladimirovich Putin")] == ("person", "Vladimir Putin")
    without(monkeypatch, linking.full_names)
    assert targets(corpus)[("person", "Vladimir Vladimirovich Putin")][1] == "Vladimir Vladimirovich Putin"


# --- spelling and type ---------------------------------------------------------------------------------------------

def test_case_accents_and_full_stops_are_one_name_of_one_type(monkeypatch):
    corpus = [ent("New York", "place"), ent("NEW YORK", "place"), ent("U.N.", "institution"),
              ent("UN", "institution"), ent("NEW YORK", "institution")]
    found = targets(corpus)
    assert found[("place", "NEW YORK")] == ("place", "New York")
    assert found[("institution", "UN")] == found[("institution", "U.N.")]
    assert found[("institution", "NEW YORK")] == ("institution", "NEW YORK")  # a team stays apart from the city
    without(monkeypatch, linking.same_spelling)
    assert targets(corpus)[("place", "NEW YORK")] == ("place", "NEW YORK")


def test_one_type_per_entity_across_the_corpus(monkeypatch):
    corpus = [ent("Bob Dole", mentions=5), ent("Dole", mentions=4), ent("Dole", "institution", 3),
              ent("Pirelli", "institution", 8), ent("Pirelli", "person", 1),
              ent("Chicago", "place", 3), ent("Chicago", "institution", 10), ent("Jordan", "country", 5),
              ent("Michael Jordan", mentions=9)]
    found = targets(corpus)
    assert found[("institution", "Dole")] == ("person", "Bob Dole")
    assert found[("person", "Pirelli")] == ("institution", "Pirelli")
    assert found[("place", "Chicago")] == ("place", "Chicago")  # places and institutions stay apart
    assert found[("country", "Jordan")] == ("country", "Jordan")
    merged = {(e.type, e.name): e for e in views.merge_entities(corpus)}
    assert merged[("person", "Bob Dole")].mentions == 12 and ("institution", "Dole") not in merged
    assert merged[("institution", "Pirelli")].gender is None
    without(monkeypatch, linking.one_type)
    assert targets(corpus)[("institution", "Dole")] == ("institution", "Dole")


def test_a_name_of_several_words_needs_several_readings_to_change_type():
    corpus = [ent("Time Warner", "person"), ent("Time Warner", "person"), ent("Time Warner", "institution")]
    assert targets(corpus)[("institution", "Time Warner")] == ("institution", "Time Warner")


# --- institutions --------------------------------------------------------------------------------------------------

def test_an_acronym_joins_the_only_name_of_those_initials(monkeypatch):
    corpus = [ent("Kurdistan Democratic Party", "institution", 13), ent("KDP", "institution", 3),
              ent("Patriotic Union of Kurdistan", "institution"), ent("PUK", "institution"),
              ent("Irish Republican Army", "institution"), ent("Individual Retirement Accounts", "institution"),
              ent("IRA", "institution")]
    found = targets(corpus)
    assert found[("institution", "KDP")] == ("institution", "Kurdistan Democratic Party")
    assert found[("institution", "PUK")] == ("institution", "Patriotic Union of Kurdistan")
    assert found[("institution", "IRA")] == ("institution", "IRA")  # two long forms: apart
    without(monkeypatch, linking.acronyms)
    assert targets(corpus)[("institution", "KDP")] == ("institution", "KDP")


def test_an_alias_an_article_gave_joins_its_owner(monkeypatch):
    corpus = [ent("Shanghai Cooperation Organization", "institution", 2, ("SCO",)), ent("SCO", "institution"),
              ent("Commerce Bancshares Inc.", "institution", aliases=("Commerce",)), ent("Commerce", "institution")]
    found = targets(corpus)
    assert found[("institution", "SCO")] == ("institution", "Shanghai Cooperation Organization")
    assert found[("institution", "Commerce")] == ("institution", "Commerce")  # one word: its own article's only
    without(monkeypatch, linking.written_aliases)
    without(monkeypatch, linking.acronyms)
    assert targets(corpus)[("institution", "SCO")] == ("institution", "SCO")


def test_a_legal_form_or_designator_after_a_name_is_the_same_institution(monkeypatch):
    corpus = [ent("Sony", "institution", 5), ent("Sony Corporation", "institution"),
              ent("Sony Pictures Entertainment", "institution"), ent("Apple", "institution"),
              ent("Apple iPod", "institution"), ent("Cardiff", "institution"), ent("Cardiff University", "institution"),
              ent("Central", "institution"), ent("Central Bank", "institution"), ent("Central Office", "institution")]
    found = targets(corpus)
    assert found[("institution", "Sony Corporation")] == found[("institution", "Sony")]
    for name in ("Sony Pictures Entertainment", "Apple iPod", "Cardiff University", "Central Bank", "Central Office"):
        assert found[("institution", name)] == ("institution", name)
    assert found[("institution", "Apple")] == ("institution", "Apple")
    without(monkeypatch, linking.descriptive_tails)
    assert targets(corpus)[("institution", "Sony Corporation")] == ("institution", "Sony Corporation")


def test_a_partys_short_plural_and_adjective_forms_are_one_entity(monkeypatch):
    corpus = [ent("Lib Dems", "institution", 85), ent("Lib Dem", "institution", 52),
              ent("Liberal Democrats", "institution", 40), ent("Conservatives", "institution", 34),
              ent("Conservative", "institution", 18), ent("Inter Milan", "institution"),
              ent("Internazionale Milan", "institution")]
    found = targets(corpus)
    assert found[("institution", "Lib Dems")] == found[("institution", "Lib Dem")] == (
        "institution", "Liberal Democrats")
    assert found[("institution", "Conservative")] == ("institution", "Conservatives")
    assert found[("institution", "Inter Milan")] == ("institution", "Internazionale Milan")
    without(monkeypatch, linking.abbreviations)
    assert targets(corpus)[("institution", "Lib Dem")] == ("institution", "Lib Dem")


def test_the_name_shown_is_the_fullest_common_form():
    stats = {("institution", n): linking.NameStat("institution", n, a) for n, a in
             (("U.N.", 13), ("United Nations", 3), ("UNITED NATIONS", 1))}
    assert linking.canonical(stats, list(stats), "institution") == "United Nations"
    stats = {("person", n): linking.NameStat("person", n, a) for n, a in
             (("William Jefferson Clinton", 1), ("Bill Clinton", 7), ("Clinton", 13))}
    assert linking.canonical(stats, list(stats), "person") == "Bill Clinton"


# --- the override file -----------------------------------------------------------------------------------------------

def test_the_link_file_joins_and_parts_names(tmp_path):
    path = tmp_path / "links.csv"
    path.write_text("name,entity\n# Howard is the Tory leader here\nhoward,Michael Howard\nClinton,\n",
                    encoding="utf-8")
    overrides = linking.read_link_overrides(path)
    corpus = [ent("Michael Howard"), ent("John Howard"), ent("Howard"), ent("Bill Clinton"), ent("Clinton")]
    found = targets(corpus, overrides=overrides)
    assert found[("person", "Howard")] == ("person", "Michael Howard")
    assert found[("person", "Clinton")] == ("person", "Clinton")
    link = linking.link(corpus, overrides)[("person", "Howard")]
    assert link.how == "override: links.csv"
    path.write_text("Howard,Michael Howard,extra\n", encoding="utf-8")
    with pytest.raises(LinkFileError, match="line 1"):
        linking.read_link_overrides(path)


# --- the store keeps the links ---------------------------------------------------------------------------------------

def _article(id: str, *entities: tuple[str, str], quotes: tuple[str, ...] = ()) -> Article:
    return Article(id, f"Text of {id} " * 3, entities=tuple(Entity(n, t, (), 1, articles=(id,)) for n, t in entities),
                   quotes=tuple(Quote(id, speaker, "person", speaker, 0, 1, "said", "direct", f"We won {k}.", 2, 5)
                                for k, speaker in enumerate(quotes)))


CORPUS = [
    _article("a", ("Bill Clinton", "person"), ("Kurdistan Democratic Party", "institution"), quotes=("Bill Clinton",)),
    _article("b", ("Clinton", "person"), ("KDP", "institution"), quotes=("Clinton", "Clinton")),
    _article("c", ("Hillary Clinton", "person"), ("Dole", "institution"), quotes=("Hillary Clinton",)),
    _article("d", ("Dole", "person"), ("Bob Dole", "person"), quotes=("Dole",)),
    _article("e", ("Clinton", "person"), ("NEW YORK", "place"), quotes=("Clinton",)),
    _article("f", ("New York", "place"), ("Dole", "person")),
]


def _totals(store: Store) -> dict:
    rows = store.db.execute("SELECT act, speaker, speaker_type, quotes FROM entity_totals")
    return {tuple(r[:3]): r[3] for r in rows}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_store_keeps_the_links_the_whole_corpus_gives_as_articles_come_and_go(tmp_path, seed):
    order = list(CORPUS)
    random.Random(seed).shuffle(order)
    with Store(tmp_path / "s.db") as store:
        for k, article in enumerate(order):
            store.add(article, "m", relink=k % 2 == 0)
        store.relink()
        gone = order[seed]
        store.remove(gone.id)
        kept = [a for a in CORPUS if a.id != gone.id]
        expected = linking.link_names(linking.name_stats(e for a in kept for e in a.entities))
        assert store.links() == expected
        per_name = {}
        for a in kept:
            for q in a.quotes:
                key = linking.target(expected, "person", q.speaker)
                per_name[("all", key[1], key[0])] = per_name.get(("all", key[1], key[0]), 0) + 1
        assert {k: v for k, v in _totals(store).items() if k[0] == "all"} == per_name
        store.add(gone, "m")
        assert store.links() == linking.link_names(linking.name_stats(e for a in CORPUS for e in a.entities))


def test_the_store_ranks_speakers_by_their_corpus_entity(tmp_path):
    with Store(tmp_path / "s.db") as store:
        for article in CORPUS:
            store.add(article, "m")
        ranked = {r["speaker"]: r["quotes"] for r in store.entity_totals(act="all")}
    # `Clinton` of b and e has two full names in the corpus (Bill and Hillary): it stays apart
    assert ranked == {"Clinton": 3, "Bill Clinton": 1, "Hillary Clinton": 1, "Bob Dole": 1}


def test_a_peers_name_is_their_surname_and_a_royals_their_given_name(monkeypatch, fresh):
    corpus = [ent("Charles Falconer"), ent("Lord Falconer", mentions=11), ent("Lord Woolf"), ent("Woolf"),
              ent("Prince Charles"), ent("Ray Charles"), ent("Charles")]
    found = targets(corpus)
    assert found[("person", "Lord Falconer")] == ("person", "Charles Falconer")
    assert found[("person", "Woolf")] == ("person", "Lord Woolf")  # no full name: the peer's
    assert found[("person", "Prince Charles")] == ("person", "Prince Charles")
    assert found[("person", "Charles")] == ("person", "Charles")
    monkeypatch.setattr(linking, "_titles", dict)
    linking.titled.cache_clear()
    linking.is_full_name.cache_clear()
    linking.surname_form.cache_clear()
    found = targets(corpus)
    assert found[("person", "Lord Falconer")] == ("person", "Lord Falconer")


def test_two_party_names_the_same_people_hold_the_same_office_under_are_one_party(monkeypatch):
    def holding(name, role):
        return Entity(name, "person", (), 1, role=role, articles=(f"a{next(_COUNT)}",))

    corpus = [holding("Michael Howard", "Tory leader"), holding("Michael Howard", "Conservative leader"),
              holding("Oliver Letwin", "Tory shadow chancellor"),
              holding("Oliver Letwin", "Conservative shadow chancellor"),
              holding("Shaun Woodward", "Tory MP"), holding("Shaun Woodward", "Labour MP"),
              ent("Tories", "institution", 45), ent("Conservatives", "institution", 34),
              ent("Labour", "institution", 50)]
    found = targets(corpus)
    assert found[("institution", "Tories")] == found[("institution", "Conservatives")]
    assert found[("institution", "Labour")] == ("institution", "Labour")  # one person changed party: no witness
    monkeypatch.setattr(linking, "PARTY_WITNESSES", 3)
    assert targets(corpus)[("institution", "Tories")] != targets(corpus)[("institution", "Conservatives")]


def test_the_store_keeps_the_links_when_articles_are_removed_together(tmp_path):
    with Store(tmp_path / "s.db") as store:
        for article in CORPUS:
            store.add(article, "m", relink=False)
        store.relink()
        store.remove_many(["a", "d"])  # the full names of Clinton and Dole go
        kept = [a for a in CORPUS if a.id not in ("a", "d")]
        assert store.links() == linking.link_names(linking.name_stats(e for a in kept for e in a.entities))
        assert ("institution", "Dole") not in store.links()  # no full name left to make it a person
