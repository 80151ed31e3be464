"""Gender on the command line: the columns of `entities` and `speakers`, `speakers --by`, `--genders FILE`, from
files and from the store, and the usage errors. On tests/data/gender/voices.jsonl, two invented articles from
two sources and months: Ada Okafor (`Ms`, then `she`), Tom Brask (`Mr`, `he`), Kim Lee (an ambiguous first
name), Peter Hall (a first name only)."""

import csv
import io

import pytest
from click.testing import CliRunner

from conftest import DATA, SEED
from newslens.cli import cli

VOICES = DATA / "gender" / "voices.jsonl"


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def rows(runner, *args, code=0):
    result = runner.invoke(cli, [str(a) for a in args])
    assert result.exit_code == code, result.output + str(result.exception)
    return list(csv.DictReader(io.StringIO(result.stdout))) if code == 0 else result


def genders(found, key="name"):
    return {r[key]: (r["gender"], r["gender_source"]) for r in found if r.get("gender")}


def test_entities_have_a_gender_and_its_evidence(runner):
    found = rows(runner, "entities", VOICES, "-t", "person", "-f", "csv")
    assert genders(found) == {
        "Ada Okafor": ("female", "articles: 2 of 2 female (Ms, she)"),
        "Tom Brask": ("male", "article: Mr, he"),
        "Kim Lee": ("unknown", "first name Kim: p(female)=0.67, ambiguous"),
        "Peter Hall": ("male", "first name Peter: p(female)=0.00"),
    }
    others = rows(runner, "entities", SEED, "-t", "institution", "-t", "country", "-f", "csv")
    assert others and all(r["gender"] == r["gender_source"] == "" for r in others)


def test_speakers_have_the_corpus_gender_and_per_article_their_article_s(runner):
    found = rows(runner, "speakers", VOICES, "-f", "csv")
    assert genders(found, "speaker")["Ada Okafor"] == ("female", "articles: 2 of 2 female (Ms, she)")
    assert next(r for r in found if r["speaker"] == "council")["gender"] == ""
    per_article = rows(runner, "speakers", VOICES, "--per-article", "-f", "csv")
    assert {(r["article"], r["gender_source"]) for r in per_article if r["speaker"] == "Ada Okafor"} == {
        ("voices-1", "article: Ms"), ("voices-2", "article: she")}


def shares(found, *keys):
    return {tuple(r[k] for k in keys): (int(r["people"]), r["people_share"]) for r in found}


def test_speakers_by_gender_source_and_month(runner):
    by_gender = rows(runner, "speakers", VOICES, "--by", "gender", "-f", "csv")
    assert shares(by_gender, "gender") == {("female",): (1, "0.25"), ("male",): (2, "0.5"),
                                           ("unknown",): (1, "0.25")}
    by_source = rows(runner, "speakers", VOICES, "--by", "source,gender", "-f", "csv")
    assert shares(by_source, "source", "gender") == {
        ("Harbour Herald", "female"): (1, "0.3333"), ("Harbour Herald", "male"): (1, "0.3333"),
        ("Harbour Herald", "unknown"): (1, "0.3333"), ("Valley Courier", "female"): (1, "0.5"),
        ("Valley Courier", "male"): (1, "0.5"), ("Valley Courier", "unknown"): (0, "0.0")}
    by_month = rows(runner, "speakers", VOICES, "--by", "month,gender", "-f", "csv")
    assert {r["month"] for r in by_month} == {"2023-09", "2023-10"}
    assert list(by_month[0]) == ["month", "gender", "people", "quotes", "words", "people_share", "known_share",
                                 "quotes_share", "words_share"]
    by_source_only = rows(runner, "speakers", VOICES, "--by", "source", "-f", "csv")
    assert [(r["source"], r["people"]) for r in by_source_only] == [("Harbour Herald", "3"), ("Valley Courier", "2")]


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "tsv"])
def test_speakers_by_in_every_format(runner, fmt):
    result = runner.invoke(cli, ["speakers", str(VOICES), "--by", "source,gender", "-f", fmt])
    assert result.exit_code == 0, result.output
    assert ("6 rows" if fmt == "table" else "Valley Courier") in result.stdout


def test_the_override_file_wins(runner, tmp_path):
    path = tmp_path / "genders.csv"
    path.write_text("name,gender\nKim Lee,female\nAda Okafor,unknown\n", encoding="utf-8")
    found = genders(rows(runner, "entities", VOICES, "-t", "person", "--genders", path, "-f", "csv"))
    assert found["Kim Lee"] == ("female", "override: genders.csv")
    assert found["Ada Okafor"] == ("unknown", "override: genders.csv")
    by_gender = rows(runner, "speakers", VOICES, "--by", "gender", "--genders", path, "-f", "csv")
    assert shares(by_gender, "gender")[("female",)] == (1, "0.25")  # Kim Lee now, Ada Okafor unknown


def test_the_store_gives_the_same_answers(runner, tmp_path):
    db = tmp_path / "store.db"
    assert runner.invoke(cli, ["add", str(VOICES), "--db", str(db), "-q"]).exit_code == 0
    for args in (["entities", "-t", "person"], ["speakers"], ["speakers", "--by", "source,gender"],
                 ["speakers", "--by", "month,gender"]):
        from_files = rows(runner, *args, VOICES, "-f", "csv")
        assert rows(runner, *args, "--db", db, "-f", "csv") == from_files, args


def test_usage_mistakes_and_a_bad_override_file(runner, tmp_path):
    assert rows(runner, "speakers", VOICES, "--by", "colour", code=2).exit_code == 2
    assert rows(runner, "speakers", VOICES, "--by", "gender,gender", code=2).exit_code == 2
    assert rows(runner, "speakers", VOICES, "--by", "gender", "--per-article", code=2).exit_code == 2
    assert rows(runner, "speakers", VOICES, "--by", "gender", "--speaker-type", "institution", code=2).exit_code == 2
    assert rows(runner, "entities", VOICES, "--genders", tmp_path / "missing.csv", code=2).exit_code == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("Kim Lee,robot\n", encoding="utf-8")
    result = rows(runner, "entities", VOICES, "--genders", bad, code=1)
    assert "bad.csv, line 1" in result.output and "Traceback" not in result.output
