"""A researcher's corpus, end to end, from the command line: metadata given, fixed and kept (add --source,
re-adding with new metadata, tag), articles removed with their copies relinked, record fields never dropped
silently, read-only SQL with its views, full-text search of quotes, --by over missing data, unknown sources,
the summary's charts, and Parquet whose counts are the CLI's.

The store is built once per module (the seed, the varied articles, the gender articles and a story with two
copies) and copied into each test's own store."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DATA, SEED
from newslens.cli import cli

VOICES = DATA / "gender" / "voices.jsonl"
STORY = ("Harbour plan approved\n\nThe city council approved the harbour plan on Monday after a long debate about "
         "tuition fees for the new maritime college.\n\n\"We will build it this year,\" said Mayor Carla Jensen, "
         "who has led the city since 2019.\n\nCritics said the plan would raise taxes for every household in the "
         "old town and would not help the fishing families who live there.\n")


def run(*args, ok=True, input=None, env=None):
    result = CliRunner().invoke(cli, [str(a) for a in args], input=input, env=env)
    if ok:
        assert result.exit_code == 0, result.output + repr(result.exception)
    return result


def csv_rows(*args, **kwargs) -> list[dict]:
    return list(csv.DictReader(io.StringIO(run(*args, "-f", "csv", **kwargs).stdout)))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A store of the seed, tests/data/articles, the gender articles and a story with two copies; the story's
    files are kept beside it."""
    folder = tmp_path_factory.mktemp("corpus")
    for name in ("wire/story.txt", "paper/story.txt", "radio/story.txt"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(STORY, encoding="utf-8")
    db = folder / "corpus.db"
    result = run("add", SEED, DATA / "articles", VOICES, folder / "wire", folder / "paper", folder / "radio",
                 "--db", db)
    assert "added 12 articles" in result.stderr
    return db


@pytest.fixture
def store(corpus, tmp_path, monkeypatch) -> Path:
    """This test's own copy of the module's store (NEWSLENS_DB)."""
    db = tmp_path / "newslens.db"
    with sqlite3.connect(corpus) as source, sqlite3.connect(db) as target:
        source.backup(target)
    monkeypatch.setenv("NEWSLENS_DB", str(db))
    return db


@pytest.fixture
def no_model(monkeypatch):
    import newslens.pipeline

    def refuse(*args, **kwargs):
        raise AssertionError("the spaCy pipeline was loaded")

    monkeypatch.setattr(newslens.pipeline, "load", refuse)


def articles(**filters) -> dict[str, dict]:
    args = [a for k, v in filters.items() for a in (f"--{k.replace('_', '-')}", v)]
    return {row["article"]: row for row in csv_rows("articles", "--with-copies", *args)}


# -- metadata given, fixed and kept ------------------------------------------------------------------------------

def test_add_tags_what_it_adds_and_readding_updates_the_metadata_without_the_model(tmp_path, monkeypatch):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    monkeypatch.setenv("NEWSLENS_DB", str(tmp_path / "tagged.db"))
    run("add", story, "--source", "City Wire", "--section", "local", "--published", "2005-03-04")
    row = articles()[str(story)]
    assert (row["source"], row["section"], row["published"]) == ("City Wire", "local", "2005-03-04T00:00:00")
    import newslens.pipeline

    monkeypatch.setattr(newslens.pipeline, "load", lambda *a, **k: pytest.fail("the model was loaded"))
    result = run("add", story, "--source", "BBC News")
    assert "1 already stored (1 with new metadata: updated, not analyzed again)" in result.stderr
    row = articles()[str(story)]
    assert (row["source"], row["section"]) == ("BBC News", "local")  # what the run does not give is kept
    assert "with new metadata" not in run("add", story, "--source", "BBC News").stderr  # nothing new


def test_add_refuses_a_date_that_is_not_one(tmp_path):
    result = run("add", SEED, "--published", "last week", "--db", tmp_path / "x.db", ok=False)
    assert result.exit_code == 2 and "not a date" in result.output


def test_tag_changes_the_metadata_of_the_articles_the_filters_keep(store, no_model):
    before = run("summary", "-f", "json").stdout
    result = run("tag", "--article", "*story.txt", "--set", "source=Harbour Wire", "--set", "section=local")
    assert "tagged 3 articles" in result.stderr  # the story and its two copies
    tagged = articles(source="harbour wire", section="LOCAL")
    assert len(tagged) == 3 and all(row["source"] == "Harbour Wire" for row in tagged.values())
    assert json.loads(run("summary", "-f", "json").stdout)["sources"] != json.loads(before)["sources"]
    run("tag", "--source", "Harbour Wire", "--set", "section=")
    assert all(row["section"] == "" for row in articles(source="Harbour Wire").values())


def test_tag_and_remove_need_a_filter_or_all(store):
    for command in (["tag", "--set", "source=X"], ["remove"]):
        result = run(*command, ok=False)
        assert result.exit_code == 2 and "--all" in result.output
    assert run("tag", "--set", "colour=red", "--all", ok=False).exit_code == 2
    assert "tagged 12 articles" in run("tag", "--set", "source=Everyone", "--all").stderr


def test_remove_takes_the_articles_out_and_relinks_the_copies(store, corpus, no_model):
    stories = sorted(a for a in articles() if a.endswith("story.txt"))
    original = next(a for a, row in articles().items() if a.endswith("story.txt") and not row["copy_of"])
    result = run("remove", "--article", original)
    assert "removed 1 article; 2 copies of 1 removed story kept" in result.stderr
    left = {a: row["copy_of"] for a, row in articles().items() if a.endswith("story.txt")}
    heir = next(a for a in stories if a != original and not left[a])
    assert set(left) == set(stories) - {original} and set(left.values()) == {"", heir}
    # the new original's quotes count now, as a fresh count of the store says
    assert csv_rows("speakers", "--speaker-type", "person")[0]["speaker"]
    from newslens.store import Store
    from newslens.store.connection import transaction

    with Store(store) as s:
        kept = sorted(s.db.execute("SELECT * FROM speaker_totals").fetchall())
        with transaction(s.db):
            s.recount_speakers()
        assert sorted(s.db.execute("SELECT * FROM speaker_totals").fetchall()) == kept
    assert "Carla Jensen" in {row["speaker"] for row in csv_rows("speakers")}


def test_remove_by_source_counts_what_it_removed(store):
    assert "removed 2 articles" in run("remove", "--source", "wire service").stderr
    assert not articles(source="Wire Service")


def test_record_fields_are_kept_or_named(tmp_path):
    export = tmp_path / "export.csv"
    export.write_text("id,text,category,url,lang\na1,\"" + STORY.replace('"', '""') + "\",politics,http://x/1,en\n",
                      encoding="utf-8")
    result = run("articles", export, "-f", "csv")
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert row["section"] == "politics"
    assert "fields not kept: url, lang" in result.stderr


# -- asking anything: SQL, search, missing data, near matches ------------------------------------------------

def test_sql_reads_in_every_format(store):
    query = "SELECT source, count(*) AS n FROM articles GROUP BY source ORDER BY n DESC, source"
    rows = csv_rows("sql", query)
    assert sum(int(r["n"]) for r in rows) == 12 and list(rows[0]) == ["source", "n"]
    assert json.loads(run("sql", query, "-f", "json").stdout)[0]["n"] == int(rows[0]["n"])
    assert len(run("sql", query, "-f", "jsonl").stdout.splitlines()) == len(rows)
    assert "source" in run("sql", query, "-f", "table").stdout


@pytest.mark.parametrize("statement", [
    "DELETE FROM articles", "UPDATE articles SET source = 'x'", "DROP TABLE quotes", "INSERT INTO meta VALUES (1, 2)",
    "CREATE TABLE x (a)", "CREATE TEMP TABLE x (a)", "ATTACH DATABASE ':memory:' AS other", "PRAGMA user_version = 7",
    "VACUUM", "BEGIN", "SELECT 1; DELETE FROM articles", "UPDATE sqlite_master SET type = 'x'",
    "PRAGMA writable_schema = 1", "INSERT INTO quote_words(quote_words) VALUES ('rebuild')"])
def test_sql_cannot_write(store, statement):
    before = store.read_bytes()
    result = run("sql", statement, ok=False)
    assert result.exit_code == 2 and "QUERY" in result.output
    assert store.read_bytes() == before


def test_the_authorizer_alone_refuses_writes(store):
    """Each guard on its own: on a writable connection, the authorizer refuses what the read-only file would."""
    from newslens.sql import authorize

    db = sqlite3.connect(store)
    db.set_authorizer(authorize)
    with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
        db.execute("DELETE FROM articles")
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 12
    assert db.execute("PRAGMA table_info(articles)").fetchall()


def test_the_connection_alone_cannot_write(store):
    from newslens.sql import read_only_connection

    db = read_only_connection(store)
    db.set_authorizer(None)  # the file opened read-only, query_only: no write even without the authorizer
    with pytest.raises(sqlite3.OperationalError):
        db.execute("DELETE FROM articles")


def test_speakers_by_gender_equals_sql_and_parquet(store, tmp_path):
    import pyarrow.parquet as pq

    cli = {r["gender"]: (int(r["people"]), int(r["quotes"]), int(r["words"])) for r in csv_rows("speakers", "--by",
                                                                                            "gender")}
    sql = {r["gender"]: (int(r["people"]), int(r["quotes"]), int(r["words"])) for r in csv_rows(
        "sql", "SELECT gender, count(DISTINCT person) AS people, count(*) AS quotes, sum(words) AS words "
               "FROM quote_facts WHERE act = 'speech' AND gender IS NOT NULL GROUP BY gender")}
    run("export", tmp_path / "out")
    quotes = pq.read_table(tmp_path / "out" / "quotes.parquet").to_pandas()
    spoken = quotes[(quotes.act == "speech") & quotes.speaker_gender.notna()]
    parquet = {gender: (group.person.nunique(), len(group), int(group.text.str.split().str.len().sum()))
               for gender, group in spoken.groupby("speaker_gender")}
    assert sum(n for n, _, _ in cli.values()) >= 5
    assert {g: v for g, v in cli.items() if v[1]} == sql == parquet


def test_parquet_types_dates_and_keeps_copies_when_asked(store, tmp_path):
    import datetime

    import pyarrow.parquet as pq

    run("export", tmp_path / "once")
    table = pq.read_table(tmp_path / "once" / "articles.parquet")
    assert str(table.schema.field("published").type) == "date32[day]"
    seed = next(r for r in table.to_pylist() if r["article"] == str(SEED))
    assert seed["published"] == datetime.date(2018, 4, 2) and seed["published_text"].startswith("2018-04-02T")
    assert table.num_rows == 10  # the two copies of the story left out
    run("export", tmp_path / "all", "--with-copies")
    every = pq.read_table(tmp_path / "all" / "articles.parquet").to_pylist()
    assert len(every) == 12 and sum(bool(r["copy_of"]) for r in every) == 2
    assert len(pq.read_table(tmp_path / "all" / "quotes.parquet")) > len(pq.read_table(tmp_path / "once" /
                                                                                      "quotes.parquet"))


def test_search_finds_words_and_phrases_in_store_and_files_alike(store, corpus):
    files = [SEED, DATA / "articles", VOICES, corpus.parent / "wire"]
    for words in ('"tuition fees"', "build THIS year", "Russia*", "cooperation China"):
        stored = csv_rows("quotes", "--search", words)
        read = csv_rows("quotes", *files, "--search", words, "--no-cache")
        assert stored == read, words
    assert [r["speaker"] for r in csv_rows("quotes", "--search", '"build it this year"')] == ["Carla Jensen"]
    by_sql = csv_rows("sql", "SELECT q.speaker FROM quote_facts q JOIN quote_words w ON w.rowid = q.qid "
                             "WHERE quote_words MATCH '\"build it this year\"'")
    assert [r["speaker"] for r in by_sql] == ["Carla Jensen"]
    assert csv_rows("quotes", "--search", '"year this build"') == []
    assert run("quotes", "--search", "  ", ok=False).exit_code == 2


def test_search_index_is_built_for_an_older_store_and_kept_on_remove(store):
    with sqlite3.connect(store) as db:
        db.execute("DROP TABLE quote_words")
    found = csv_rows("quotes", "--search", "build")
    assert "Carla Jensen" in {r["speaker"] for r in found}
    run("remove", "--article", "*story.txt")
    assert "Carla Jensen" not in {r["speaker"] for r in csv_rows("quotes", "--search", "build")}
    with sqlite3.connect(store) as db:
        db.execute("INSERT INTO quote_words(quote_words) VALUES ('integrity-check')")


def test_by_over_missing_data_says_how_much(store):
    result = run("speakers", "--by", "month,gender", "-f", "csv")
    assert "--by month:" in result.stderr and "of articles with no date" in result.stderr
    assert ",female," in result.stdout
    assert "--by" not in run("speakers", "--by", "gender", "-f", "csv").stderr


def test_an_unknown_source_lists_the_near_ones(store):
    result = run("quotes", "--source", "wire", "-f", "csv")
    assert "no stored article has the source 'wire'" in result.stderr and "'Wire Service'" in result.stderr
    assert "'Wire Service'" in run("articles", "--source", "Wire Servce", "-f", "csv").stderr
    assert "no stored article" not in run("articles", "--source", "WIRE SERVICE", "-f", "csv").stderr
    result = run("articles", "--section", "politcs", "-f", "csv")
    assert "section" in result.stderr


# -- charts and tables that carry the answer ----------------------------------------------------------------------

def test_summary_ranks_people_and_shows_womens_share_with_captions(store, tmp_path):
    data = json.loads(run("summary", "-f", "json").stdout)
    assert all(s["speaker_type"] == "person" for s in data["speakers"])
    assert data["context"] == {"corpus": f"store {store}", "filters": "--act speech"}
    sources = data["women_by_source"]["points"]
    assert {p["source"] for p in sources} >= {"Harbour Herald", "Valley Courier"}
    assert all(p["people"] == p["female"] + p["male"] + p["unknown"] for p in sources)
    run("summary", "--png", tmp_path / "png", "--source", "Harbour Herald", "--source", "Valley Courier")
    written = {p.name for p in (tmp_path / "png").iterdir()}
    assert {"women-by-source.png", "women-by-month.png", "speakers.png"} <= written
    data = json.loads(run("summary", "-f", "json", "--source", "Harbour Herald").stdout)
    assert data["context"]["filters"] == "--source 'Harbour Herald' --act speech"


def test_narrow_tables_break_no_number_date_or_word(store):
    for width in (60, 80):
        text = run("speakers", "--by", "source,gender", "-f", "table", env={"COLUMNS": str(width)}).stdout
        assert all(len(line) <= width for line in text.splitlines())
        words = {w for line in text.splitlines() if line.startswith("│") for w in line.strip("│").replace("│", " ")
                 .split()}
        values = {w for row in csv_rows("speakers", "--by", "source,gender") for v in row.values() for w in v.split()}
        assert words <= values  # every word whole: no `0.145` over `5`, no `unknow` over `n`
        assert "not shown at this width" in text


# -- inputs ----------------------------------------------------------------------------------------------------

def test_stdin_is_sniffed_for_html_and_json_lines():
    page = ("<!DOCTYPE html><html><head><title>Harbour plan approved</title></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in STORY.split("\n\n")[1:]) + "</article></body></html>")
    html = csv_rows("articles", "-", input=page)
    assert html[0]["title"] == "Harbour plan approved"
    assert "DOCTYPE" not in {r["name"] for r in csv_rows("entities", "-", input=page)}
    other = "Bridge closed\n\nThe old bridge will close for repairs in May, engineer Paolo Rossi told reporters.\n"
    lines = "".join(json.dumps({"id": f"r{n}", "text": text}) + "\n" for n, text in enumerate((STORY, other)))
    assert [r["article"] for r in csv_rows("articles", "-", input=lines)] == ["r0", "r1"]


def test_a_corpus_readme_is_skipped_with_a_message(tmp_path):
    (tmp_path / "README.TXT").write_text("This corpus holds 2,225 articles from the BBC.\n", encoding="utf-8")
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    result = run("articles", tmp_path, "-f", "csv")
    assert [r["article"] for r in csv.DictReader(io.StringIO(result.stdout))] == [str(tmp_path / "story.txt")]
    assert "README.TXT: the corpus's own documentation, not an article; skipped" in result.stderr
    assert len(csv_rows("articles", tmp_path / "README.TXT")) == 1  # given by itself, it is read


def test_every_command_writes_through_the_registry():
    from newslens import output

    shapes = {shape for shape, _ in output.WRITERS}
    assert shapes == {"rows", "summary", "graph", "article", "store"}
    assert set(output.formats("rows")) == set(output.FORMATS)
    assert output.writer_for("graph", "gexf").binary and output.writer_for("summary", "png").folder
    with pytest.raises(ValueError):
        output.writer_for("summary", "gexf")
    source = Path(output.__file__).with_name("cli.py").read_text(encoding="utf-8")
    for bypass in ("write_graph(", "write_pngs(", "json.dump(", "open_renderer(", "export_parquet("):
        assert bypass not in source, bypass
