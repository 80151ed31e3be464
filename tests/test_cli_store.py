"""The corpus store from the command line: add, queries with no FILE, the cache, filters, --sort/--limit,
export, --jobs, and a warm query that imports neither spaCy nor pandas."""

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import DATA, SEED
from newslens.cli import cli
from newslens.records import fragments_text, parse_spans

PATHS = [SEED, DATA / "articles"]
QUERIES = [["quotes"], ["quotes", "--speaker", "gao"], ["entities"], ["entities", "--type", "person"],
           ["entities", "--mentions"], ["entities", "--mentions", "--forms", "all"], ["speakers"], ["articles"]]


def run(*args, ok=True, input=None):
    result = CliRunner().invoke(cli, [str(a) for a in args], input=input)
    if ok:
        assert result.exit_code == 0, result.output + repr(result.exception)
    return result


def jsonl(*args):
    return [json.loads(line) for line in run(*args, "-f", "jsonl").stdout.splitlines()]


@pytest.fixture
def stored():
    """The seed and the varied folder, added to this test's store (NEWSLENS_DB, see conftest)."""
    result = run("add", *PATHS)
    assert "added 7 articles (7 analyzed" in result.stderr
    return result


@pytest.fixture
def no_model(monkeypatch):
    """Any attempt to load the spaCy pipeline fails the test: whatever passes ran from the cache or store."""
    import newslens.pipeline

    def refuse(*args, **kwargs):
        raise AssertionError("the spaCy pipeline was loaded")

    monkeypatch.setattr(newslens.pipeline, "load", refuse)


@pytest.mark.parametrize("query", QUERIES, ids=" ".join)
def test_store_queries_give_the_rows_of_a_fresh_analysis(stored, query):
    from_files = jsonl(*query, *PATHS, "--no-cache")
    assert from_files  # every query has rows on the seed (Gao Fei is quoted there)
    if "--speaker" in query:
        assert {row["speaker"] for row in from_files} == {"Gao Fei"}
    assert jsonl(*query) == from_files


def test_entities_from_the_cache_never_run_the_model(monkeypatch):
    first = jsonl("entities", *PATHS)
    import newslens.pipeline

    monkeypatch.setattr(newslens.pipeline, "load", lambda *a, **k: pytest.fail("the model was loaded"))
    assert jsonl("entities", *PATHS) == first


def test_without_the_cache_the_model_is_needed(no_model):
    # the check that the cache tests mean something: with nothing cached, the refusing loader is reached
    result = run("quotes", SEED, "-f", "jsonl", ok=False)
    assert isinstance(result.exception, AssertionError)


def test_cache_hits_renames_and_changes(tmp_path, monkeypatch):
    import newslens.pipeline

    story = tmp_path / "story.txt"
    story.write_text('"The bridge is safe," engineer Paolo Rossi said on Monday.\n', encoding="utf-8")
    original = jsonl("quotes", story)
    calls = []
    real = newslens.pipeline.load
    monkeypatch.setattr(newslens.pipeline, "load", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert jsonl("quotes", story) == original and calls == []  # unchanged: from the cache
    renamed = tmp_path / "renamed.txt"
    story.rename(renamed)
    assert jsonl("quotes", renamed) == [{**row, "article": str(renamed)} for row in original]
    assert calls == []  # renamed: recognized by content
    renamed.write_text('"The bridge is closed," engineer Paolo Rossi said on Monday.\n', encoding="utf-8")
    (changed,) = jsonl("quotes", renamed)
    assert "closed" in changed["text"] and calls  # changed: analyzed again


@pytest.mark.parametrize("change", ["model", "version"])
def test_another_model_or_analysis_version_is_analyzed_again(monkeypatch, change):
    import newslens.pipeline
    import newslens.store.cache

    run("entities", SEED)
    if change == "model":
        monkeypatch.setattr(newslens.pipeline, "model_id", lambda model=None: "en_other_model-9.9")
    else:
        monkeypatch.setattr(newslens.store.cache, "analysis_version", lambda: "another-version")
    calls = []
    real = newslens.pipeline.load
    monkeypatch.setattr(newslens.pipeline, "load", lambda *a, **k: calls.append(a) or real(*a, **k))
    run("entities", SEED)
    assert calls  # analyzed again
    calls.clear()
    run("entities", SEED)
    assert not calls  # and cached under the new key


def test_store_queries_import_neither_spacy_nor_pandas(stored):
    code = ("import sys; from newslens.cli import main; sys.argv = ['newslens', 'quotes', '--speaker', 'Gao', "
            "'-f', '{fmt}']\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('spacy', 'pandas', 'rich', 'thinc') if m in sys.modules), file=sys.stderr)")
    for fmt in ("csv", "jsonl", "json", "tsv"):
        out = subprocess.run([sys.executable, "-c", code.format(fmt=fmt)], capture_output=True, text=True,
                             env=os.environ, timeout=60)
        assert "Gao Fei" in out.stdout, out.stderr
        assert out.stderr.strip().endswith("[]"), (fmt, out.stderr)


def test_add_skips_unchanged_articles(stored):
    result = run("add", *PATHS)
    assert "added 0 articles" in result.stderr and "7 already stored" in result.stderr
    assert run("add", *PATHS, "--quiet").stderr == ""


def test_add_then_an_unchanged_entities_run_needs_no_model(stored, no_model):
    assert jsonl("entities", SEED)
    assert jsonl("articles", DATA / "articles")


def test_filters_from_the_store_and_from_files_agree(stored):
    cases = [["--source", "Wire Service"], ["--source", "global times", "--source", "coastal herald"],
             ["--since", "2022"], ["--until", "2021-06-14"], ["--since", "2021", "--until", "2023-09-02"],
             ["--article", "wire-*"], ["--article", str(SEED)]]
    for case in cases:
        stored_rows = jsonl("articles", *case)
        assert stored_rows == jsonl("articles", *case, *PATHS), case
        assert jsonl("quotes", *case) == jsonl("quotes", *case, *PATHS), case
        assert jsonl("entities", *case) == jsonl("entities", *case, *PATHS), case
    assert {r["article"] for r in jsonl("articles", "--source", "wire service")} == {"wire-001", "wire-002"}
    assert [r["published"][:4] for r in jsonl("articles", "--since", "2022")] == ["2024", "2023", "2023", "2022"]


def test_sort_and_limit(stored):
    rows = jsonl("entities", "--sort", "-mentions", "--sort", "name", "--limit", "5")
    assert len(rows) == 5
    keys = [(-r["mentions"], r["name"].casefold()) for r in rows]
    assert keys == sorted(keys)
    everything = jsonl("entities", "--sort", "-mentions", "--sort", "name")
    assert everything[:5] == rows
    assert [r["article"] for r in jsonl("articles", "--sort", "published")][-1] == str(DATA / "articles" /
                                                                                         "lyon-cp1252.txt")
    assert len(jsonl("quotes", "--limit", "3")) == 3
    assert len(jsonl("quotes", "--limit", "3", *PATHS)) == 3
    assert jsonl("quotes", "--limit", "0") == []


def test_bad_sort_column_and_bad_date_are_usage_errors(stored):
    result = run("entities", "--sort", "nope", ok=False)
    assert result.exit_code == 2 and "nope" in result.output
    result = run("quotes", "--since", "last week", ok=False)
    assert result.exit_code == 2 and "date" in result.output


def test_an_empty_store_is_a_warning_not_an_error(tmp_path):
    result = run("quotes", "--db", tmp_path / "none.db", "-f", "csv")
    assert result.stdout.splitlines()[0].startswith("article,speaker")
    assert "newslens add" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_export_parquet(stored, tmp_path):
    import pyarrow.parquet as pq

    result = run("export", "--format", "parquet", tmp_path / "out")
    tables = {name: pq.read_table(tmp_path / "out" / f"{name}.parquet").to_pylist()
              for name in ("articles", "entities", "mentions", "quotes")}
    assert len(tables["articles"]) == 7 and "articles.parquet: 7 rows" in result.stderr
    texts = {row["article"]: row["text"] for row in tables["articles"]}
    for row in tables["mentions"]:
        assert texts[row["article"]][row["start"]:row["end"]] == row["text"]
    for row in tables["quotes"]:
        assert fragments_text(texts[row["article"]], parse_spans(row["spans"])) == row["text"]
    from newslens.export import PERSON_COLUMNS

    plain = [{k: v for k, v in r.items() if k not in PERSON_COLUMNS} for r in tables["quotes"]]
    assert plain == jsonl("quotes", "--act", "all")
    gao = next(r for r in tables["entities"] if r["name"] == "Gao Fei")
    assert gao["aliases"] == ["Gao"] and gao["article"] == str(SEED)
    # the corpus links: each linked name's entity is an entity of `entities`, its mentions under that name
    links = pq.read_table(tmp_path / "out" / "links.parquet").to_pylist()
    corpus = {(r["type"], r["name"]) for r in jsonl("entities")}
    assert all((r["entity_type"], r["entity"]) in corpus for r in links)
    linked = {(r["type"], r["name"]): (r["entity_type"], r["entity"]) for r in links}
    shown = {(m["article"], m["start"]): (m["type"], m["entity"]) for m in jsonl("entities", "--mentions")}
    for m in tables["mentions"]:
        if (m["type"], m["entity"]) in linked and m["form"] != "demonym":
            assert shown[(m["article"], m["start"])] == linked[(m["type"], m["entity"])]
    run("export", tmp_path / "wire", "--source", "Wire Service")
    assert pq.read_table(tmp_path / "wire" / "articles.parquet").num_rows == 2


def test_add_with_two_jobs_stores_the_same_rows(tmp_path):
    run("add", *PATHS, "--db", tmp_path / "one.db", "--jobs", "1")
    run("add", *PATHS, "--db", tmp_path / "two.db", "--jobs", "2")
    for query in (["quotes"], ["entities", "--mentions"], ["articles"]):
        assert jsonl(*query, "--db", tmp_path / "two.db") == jsonl(*query, "--db", tmp_path / "one.db")


def test_info_counts_the_store(stored):
    (row,) = jsonl("info")
    assert row["articles"] == 7 and row["cached"] == 7 and row["quotes"] > 0


def test_stdin_add_and_the_unreadable(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "good.txt").write_text('"The vote was fair," said Senator Ruth Mayer.\n')
    result = run("add", tmp_path, ok=False)
    assert result.exit_code == 1 and "empty.txt" in result.stderr
    run("add", "-", input='"We will rebuild the bridge," Mayor Anna Kovacs said on Monday.\n')
    speakers = {r["speaker"] for r in jsonl("quotes")}
    assert speakers == {"Ruth Mayer", "Anna Kovacs"}


def test_progress_only_on_a_terminal():
    from newslens.progress import Progress, wanted

    class Tty(io.StringIO):
        def isatty(self):
            return True

    assert wanted(False, Tty()) and not wanted(True, Tty()) and not wanted(False, io.StringIO())
    stream = Tty()
    with Progress(3, enabled=True, stream=stream) as bar:
        assert list(bar.track("abc")) == ["a", "b", "c"]
    assert "3/3" in stream.getvalue() and "articles/s" in stream.getvalue()
    silent = io.StringIO()
    with Progress(3, enabled=False, stream=silent) as bar:
        list(bar.track("abc"))
    assert silent.getvalue() == ""


def test_csv_is_what_pandas_writes():
    import pandas as pd

    from newslens.output import render

    rows = [{"a": 1, "b": 'say "hi", then\nleave', "c": None, "d": 0.1, "e": True},
            {"a": None, "b": "", "d": 1e20, "e": False, "x": "dropped"}]
    columns = ["a", "b", "c", "d", "e"]
    out = io.StringIO()
    render(rows, "csv", out, columns=columns)
    expected = pd.DataFrame(rows, columns=columns, dtype=object).to_csv(index=False, lineterminator="\n")
    assert out.getvalue() == expected
    assert list(csv.reader(io.StringIO(out.getvalue())))[1][1] == 'say "hi", then\nleave'


def test_a_file_that_is_not_a_store_is_one_clear_error(tmp_path):
    import sqlite3

    other = tmp_path / "other.sqlite"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE notes (body TEXT)")
    db.commit()
    db.close()
    for args in (["quotes", "--db", other], ["add", SEED, "--db", other], ["quotes", "--db", SEED]):
        result = run(*args, ok=False)
        assert result.exit_code == 1 and "Traceback" not in result.output, args
        assert "not a" in result.stderr, result.stderr
    assert sqlite3.connect(other).execute("SELECT name FROM sqlite_master").fetchall() == [("notes",)]


def test_a_limit_stops_early_and_keeps_what_was_analyzed():
    assert len(jsonl("quotes", *PATHS, "--limit", "1", "--jobs", "1")) == 1
    (row,) = jsonl("info")
    assert row["cached"] == 7  # the whole first batch (all seven) went to the cache, not only the one shown


def test_the_dask_engine_without_dask_says_how_to_get_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "newslens.dask_backend", None)  # as if dask were not installed
    result = run("add", SEED, "--engine", "dask", ok=False)
    assert result.exit_code == 1 and "newslens[dask]" in result.stderr


def test_scheduler_without_dask_engine_is_a_usage_error():
    assert run("add", SEED, "--scheduler", "tcp://127.0.0.1:8786", ok=False).exit_code == 2
