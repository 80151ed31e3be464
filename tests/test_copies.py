"""Copies of one story counted once: the copy rule on invented texts, the store's copy_of, --with-copies, the
names index and the speaker totals against a scan, and the upgrade of a store of the schema before."""

import json
import random
import sqlite3

import pytest
from click.testing import CliRunner

from conftest import DATA, SEED
from newslens import analyze_many, copies, query, views
from newslens.cli import cli
from newslens.readers import from_text, read_documents
from newslens.store import Store

SENTENCES = [f"Sentence {n} of the story says that the council met the {w} on Tuesday to talk about the plan."
             for n, w in enumerate(["unions", "mayor", "farmers", "police", "teachers", "traders", "nurses",
                                    "drivers", "students", "bankers", "judges", "builders", "fishermen",
                                    "doctors", "porters", "clerks", "pilots", "miners", "bakers", "cooks"])]


def story(sentences: list[str], headline: str = "Council meets the town") -> str:
    return headline + "\n\n" + "\n\n".join(sentences) + "\n"


@pytest.mark.parametrize("edit", ["headline", "byline", "trimmed", "changed"])
def test_near_copies_are_one_story(edit):
    original = story(SENTENCES)
    rng = random.Random(7)
    if edit == "headline":
        copy = story(SENTENCES, "Talks at the town hall go on")
    elif edit == "byline":
        copy = "By Jane Roe, Staff Writer\n\n" + original
    elif edit == "trimmed":
        copy = story(SENTENCES[:15])
    else:  # a fifth of the sentences rewritten
        changed = list(SENTENCES)
        for k in rng.sample(range(len(changed)), 4):
            changed[k] = f"An editor wrote a new sentence {k} here, about something else entirely, on Wednesday."
        copy = story(changed)
    finder = copies.CopyFinder()
    assert finder.copy_of("a", original) is None
    assert finder.copy_of("b", copy) == "a"


def test_two_stories_on_one_topic_are_two():
    """The same council, the same groups, the same day: other sentences, so another story."""
    other = [f"Members of the {w} told reporters the council plan for the town would cost more than expected."
             for w in ["unions", "mayor", "farmers", "police", "teachers", "traders", "nurses", "drivers"]]
    finder = copies.CopyFinder()
    assert finder.copy_of("a", story(SENTENCES)) is None
    assert finder.copy_of("b", story(other)) is None
    assert finder.copy_of("c", " ".join(reversed(story(SENTENCES).split()))) is None  # its words, not its text


@pytest.fixture(scope="module")
def fresh():
    return list(analyze_many(read_documents([str(SEED), str(DATA / "articles")])))


def copy_of_seed(fresh, id="wire/seed-again.txt"):
    seed = fresh[0]
    text = "Reprinted from the Global Times\n" + seed.text
    (article,) = analyze_many([from_text(text, id)])
    return article


def test_the_store_records_copies_and_counts_each_story_once(tmp_path, fresh):
    again = copy_of_seed(fresh)
    exact = copy_of_seed(fresh, "wire/seed-third.txt")
    with Store(tmp_path / "c.db") as store:
        for article in [*fresh, again, exact]:
            store.add(article, "m")
        assert store.stored(again.id) is not None
        rows = {r["article"]: r for r in store.summaries(with_copies=True)}
        assert rows[again.id]["copy_of"] == fresh[0].id and rows[exact.id]["copy_of"] == fresh[0].id
        assert [r["article"] for r in store.summaries()] == [a.id for a in fresh]
        assert list(store.quotes(act="all")) == [q for a in fresh for q in a.quotes]
        assert len(list(store.quotes(with_copies=True, act="all"))) == sum(len(a.quotes) for a in fresh) + 2 * 17


def test_with_copies_on_the_command_line(tmp_path, fresh):
    folder = tmp_path / "wire"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text("Reprinted by another paper\n" + text, encoding="utf-8")
    runner = CliRunner()
    once = runner.invoke(cli, ["quotes", str(folder), "-f", "jsonl", "--no-cache"])
    every = runner.invoke(cli, ["quotes", str(folder), "-f", "jsonl", "--no-cache", "--with-copies"])
    assert len(once.stdout.splitlines()) == 17 and len(every.stdout.splitlines()) == 34
    db = tmp_path / "s.db"
    assert runner.invoke(cli, ["add", str(folder), "--db", str(db)]).exit_code == 0
    rows = [json.loads(line) for line in runner.invoke(cli, ["articles", "--db", str(db), "--with-copies", "-f",
                                                              "jsonl"]).stdout.splitlines()]
    assert [r["copy_of"] for r in rows] == [None, str(folder / "a.txt")]
    stored = runner.invoke(cli, ["quotes", "--db", str(db), "-f", "jsonl"]).stdout.splitlines()
    assert len(stored) == 17


def _counted(quotes):
    """The speaker ranking counted quote by quote, without the gender columns the totals leave to the caller."""
    return [{k: v for k, v in r.items() if k not in ("gender", "gender_source")} for r in views.speaker_rows(quotes)]


def test_speaker_totals_equal_counting_the_quotes(tmp_path, fresh):
    with Store(tmp_path / "t.db") as store:
        for article in fresh:
            store.add(article, "m")
        scan = _counted(q for a in fresh for q in a.quotes)
        assert store.speaker_totals() == scan
        assert store.speaker_totals(limit=3) == scan[:3]
        assert store.speaker_totals(speaker_types=("person",)) == [r for r in scan if r["speaker_type"] == "person"]
        store.remove(fresh[0].id)  # counted out again
        assert store.speaker_totals() == _counted(q for a in fresh[1:] for q in a.quotes)
        store.add(fresh[0], "m")
        store.add(copy_of_seed(fresh), "m")  # a copy adds nothing to the totals
        assert sorted(map(json.dumps, store.speaker_totals())) == sorted(map(json.dumps, scan))


def test_speakers_from_the_totals_have_the_genders_of_the_full_count(tmp_path, fresh):
    """The totals' rows get each person's corpus gender from the articles quoting them: the same rows, genders
    included, as counting every quote with every person entity."""
    with Store(tmp_path / "t.db") as store:
        for article in fresh:
            store.add(article, "m")
        source = query.StoreSource(store)
        assert source.speaker_totals() is not None  # the fast path is the one under test
        fast = [r for rows in query.speaker_rows(source) for r in rows]
        full = [r for rows in query.speaker_rows(query.ArticleSource(fresh)) for r in rows]
        assert fast == full
        assert any(r["gender"] in ("female", "male") for r in fast)
        top = [r for rows in query.speaker_rows(source, limit=2) for r in rows]
        assert top == full[:2]


def test_a_store_of_the_schema_before_is_upgraded(tmp_path, fresh):
    """A schema-1 store (no qid, no copy_of, no names index, no totals) opens, and answers as a new one does."""
    db = tmp_path / "old.db"
    with Store(db) as store:
        for article in [*fresh, copy_of_seed(fresh)]:
            store.add(article, "m")
        expected = (list(store.quotes(act="all")), list(store.quotes(speaker="gao")), store.speaker_totals(),
                    list(store.summaries(with_copies=True)))
    con = sqlite3.connect(db)
    con.executescript("""
        DROP VIEW quote_facts; DROP VIEW quote_facts_all; DROP TABLE quote_people;
        DROP TRIGGER quotes_worded; DROP TRIGGER quotes_unworded; DROP TABLE quote_words;
        DROP TRIGGER quotes_named; DROP TRIGGER quotes_unnamed; DROP TABLE quote_names; DROP INDEX articles_copy_of;
        DROP TABLE copy_keys; DROP TABLE copy_signatures; DROP TABLE speaker_totals; DROP TABLE speaker_roles;
        CREATE TABLE q1 AS SELECT * FROM quotes; DROP TABLE quotes;
        ALTER TABLE q1 DROP COLUMN qid; ALTER TABLE q1 RENAME TO quotes;
        ALTER TABLE articles DROP COLUMN copy_of;
        UPDATE meta SET value = '1' WHERE key = 'schema';
    """)
    con.close()
    with Store(db) as store:
        assert (list(store.quotes(act="all")), list(store.quotes(speaker="gao")), store.speaker_totals(),
                list(store.summaries(with_copies=True))) == expected
