"""The command line, through click's CliRunner: every command in every format, errors and exit codes."""

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from conftest import DATA, SEED
from newslens import __version__
from newslens.cli import cli
from newslens.output import FORMATS
from newslens.records import fragments_text, parse_spans

COMMANDS = [["entities"], ["entities", "--mentions"], ["quotes"], ["speakers"], ["articles"]]


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def run(runner, *args, ok=True):
    result = runner.invoke(cli, [str(a) for a in args])
    if ok:
        assert result.exit_code == 0, result.output + str(result.exception)
    return result


def parse(fmt, text):
    if fmt == "json":
        return json.loads(text)
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    if fmt in ("csv", "tsv"):
        return list(csv.DictReader(io.StringIO(text), delimiter="\t" if fmt == "tsv" else ","))
    return text


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_command_in_every_format(runner, command, fmt):
    result = run(runner, *command, SEED, "--format", fmt)
    rows = parse(fmt, result.stdout)
    expected = len(parse("csv", run(runner, *command, SEED, "--format", "csv").stdout))
    assert expected >= 1  # the seed has entities, mentions, quotes, speakers and an article
    if fmt == "table":
        counted = re.search(r"^(\d+) rows?$", rows, re.MULTILINE)
        assert counted is not None and int(counted.group(1)) == expected
    else:
        assert len(rows) == expected
        assert all(isinstance(r, dict) for r in rows)


def test_version_and_help(runner):
    assert __version__ in run(runner, "--version").output
    for command in ("entities", "quotes", "speakers", "articles"):
        assert "--format" in run(runner, command, "--help").output


def test_python_dash_m_works():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "newslens", "--version"], capture_output=True, text=True, check=True)
    assert __version__ in out.stdout


def test_quotes_jsonl_contract(runner):
    rows = parse("jsonl", run(runner, "quotes", SEED, "-f", "jsonl").stdout)
    text = SEED.read_text(encoding="utf-8")
    keys = {"article", "speaker", "speaker_type", "speaker_text", "speaker_start", "speaker_end", "cue", "kind",
            "text", "start", "end"}
    for row in rows:
        assert keys <= row.keys()
        assert row["article"] == str(SEED)
        spans = parse_spans(row["spans"])  # each fragment as it stands (marks included); text: their words
        assert fragments_text(text, spans) == row["text"] and (row["start"], row["end"]) == (spans[0][0], spans[-1][1])
        if row["speaker_start"] is not None:
            assert text[row["speaker_start"]:row["speaker_end"]] == row["speaker_text"]


def test_mentions_jsonl_contract(runner):
    rows = parse("jsonl", run(runner, "entities", "--mentions", SEED, "-f", "jsonl").stdout)
    text = SEED.read_text(encoding="utf-8")
    assert rows
    for row in rows:
        assert {"article", "entity", "type", "text", "start", "end"} <= row.keys()
        assert row["type"] in ("person", "country", "institution", "place", "other")
        assert text[row["start"]:row["end"]] == row["text"]
        if row["type"] == "country":
            assert row["iso3"]


def test_speaker_filter_matches_any_word_of_any_alias(runner):
    rows = parse("json", run(runner, "quotes", SEED, "--speaker", "gao", "-f", "json").stdout)
    assert rows and {r["speaker"] for r in rows} == {"Gao Fei"}
    assert parse("json", run(runner, "quotes", SEED, "--speaker", "Nobody", "-f", "json").stdout) == []


def test_type_filter(runner):
    rows = parse("json", run(runner, "entities", SEED, "--type", "country", "-f", "json").stdout)
    assert rows and {r["type"] for r in rows} == {"country"}


def test_output_file_and_bom(runner, tmp_path):
    target = tmp_path / "out.csv"
    result = run(runner, "articles", SEED, "-f", "csv", "--bom", "-o", target)
    assert result.stdout == ""
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"Global Times" in data


def test_stdin(runner):
    result = runner.invoke(cli, ["quotes", "-", "-f", "jsonl"],
                           input='"We will rebuild the bridge," Mayor Anna Kovacs said on Monday.\n')
    assert result.exit_code == 0, result.output
    (row,) = parse("jsonl", result.stdout)
    assert row["article"].startswith("stdin-") and row["speaker"] == "Anna Kovacs"  # an id from the content
    named = runner.invoke(cli, ["quotes", "-", "-f", "jsonl", "--id", "kovacs"],
                          input="\"We will rebuild,\" Mayor Anna Kovacs said.\n")
    assert {r["article"] for r in parse("jsonl", named.stdout)} == {"kovacs"}


def test_missing_path_is_a_usage_error(runner):
    result = runner.invoke(cli, ["entities", "no/such/file.txt"])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_bad_option_is_a_usage_error(runner):
    assert runner.invoke(cli, ["quotes", str(SEED), "--format", "xml"]).exit_code == 2


def test_unreadable_file_among_many_warns_and_exits_1(runner, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "good.txt").write_text('"The vote was fair," said Senator Ruth Mayer.\n')
    result = runner.invoke(cli, ["quotes", str(tmp_path), "-f", "jsonl"])
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr and "warning" in result.stderr
    assert "Ruth Mayer" in result.stdout
    assert "empty.txt" not in result.stdout


def test_missing_model_is_one_clear_line(runner):
    result = runner.invoke(cli, ["quotes", str(SEED), "--model", "no_such_model_xyz"])
    assert result.exit_code == 1
    assert "pip install" in result.stderr and "Traceback" not in result.output


def test_folder_of_varied_articles(runner):
    rows = parse("json", run(runner, "articles", DATA / "articles", "-f", "json").stdout)
    ids = {r["article"] for r in rows}
    assert {"wire-001", "wire-002", "letter-7"} <= ids
    assert len(rows) == 6


def test_speakers_ranked_per_article_or_across_the_corpus(runner, tmp_path):
    (tmp_path / "a.txt").write_text('"Rates will fall," said Senator Ruth Mayer.\n\n"They will not," Mayer said.\n')
    (tmp_path / "b.txt").write_text('"The vote was fair," said Senator Ruth Mayer.\n')
    across = parse("json", run(runner, "speakers", tmp_path, "-f", "json").stdout)
    assert [(r["speaker"], r["quotes"], r["articles"]) for r in across] == [("Ruth Mayer", 3, 2)]
    per = parse("json", run(runner, "speakers", tmp_path, "--per-article", "-f", "json").stdout)
    assert [(r["article"].rsplit("/", 1)[-1], r["speaker"], r["quotes"]) for r in per] == [
        ("a.txt", "Ruth Mayer", 2), ("b.txt", "Ruth Mayer", 1)]
