"""Tables that fit the terminal: each command's reading columns at 80 and 200 columns, text wrapped between
words (never inside one), --columns in every format, article ids shortened."""

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from conftest import DATA, SEED
from newslens.cli import cli
from newslens.output import TableView, render, short_id
from newslens.table_layout import ColumnSize, choose, widths

COMMANDS = [["entities"], ["entities", "--mentions"], ["quotes"], ["speakers"], ["speakers", "--per-article"],
            ["articles"]]
BOX = "\u2500-\u257f"  # the box-drawing block


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def table(runner, *args, width=80):
    result = runner.invoke(cli, [*map(str, args), "-f", "table"], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout


def words_of(runner, *args) -> set[str]:
    """Every whole word the command's rows hold (all columns, from CSV), with article ids as tables show them."""
    text = runner.invoke(cli, [*map(str, args), "-f", "csv"]).stdout
    found: set[str] = set()
    for row in csv.DictReader(io.StringIO(text)):
        for column, value in row.items():
            found.update(value.split())
            found.add(column)
            if column == "article":
                found.update(short_id(value).split())
    return found


def body_tokens(text: str) -> list[str]:
    """The words inside the table's cells (the title and the row count left out)."""
    lines = text.splitlines()
    cells = [line for line in lines if re.match(f"[{BOX}]", line)]
    return [token for line in cells for token in re.split(f"[\\s{BOX}]+", line) if token]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("width", [80, 200])
def test_every_table_fits_and_breaks_no_word(runner, command, width):
    inputs = [SEED, DATA / "articles"]
    text = table(runner, *command, *inputs, width=width)
    assert all(cell_len(line) <= width for line in text.splitlines())
    known = words_of(runner, *command, *inputs)
    broken = [token for token in body_tokens(text) if token not in known]
    assert broken == []


def test_the_seeds_quotes_are_readable_on_80_columns(runner):
    narrow, wide = table(runner, "quotes", SEED, width=80), table(runner, "quotes", SEED, width=200)
    assert len(narrow.splitlines()) < 120
    assert len(wide.splitlines()) < len(narrow.splitlines())
    header = next(line for line in narrow.splitlines() if line.startswith("┃"))
    assert [c.strip() for c in header.strip("┃").split("┃")] == ["speaker", "kind", "text"]
    wide_header = next(line for line in wide.splitlines() if line.startswith("┃"))
    assert [c.strip() for c in wide_header.strip("┃").split("┃")] == ["speaker", "role", "cue", "kind", "text"]
    assert "17 rows" in narrow and "Gao Fei" in narrow
    assert str(SEED.name) in narrow.splitlines()[0] or "seeds" in narrow  # one article: its id in the title


def test_columns_chooses_the_columns_in_every_format(runner):
    args = ["quotes", str(SEED), "--columns", "speaker,cue,start"]
    rows = list(csv.DictReader(io.StringIO(runner.invoke(cli, [*args, "-f", "csv"]).stdout)))
    assert list(rows[0]) == ["speaker", "cue", "start"] and len(rows) == 17
    data = json.loads(runner.invoke(cli, [*args, "-f", "json"]).stdout)
    assert list(data[0]) == ["speaker", "cue", "start"]
    text = table(runner, *args)
    header = next(line for line in text.splitlines() if line.startswith("┃"))
    assert [c.strip() for c in header.strip("┃").split("┃")] == ["speaker", "cue", "start"]  # offsets when asked


def test_csv_and_json_keep_every_column_by_default(runner):
    rows = list(csv.DictReader(io.StringIO(runner.invoke(cli, ["quotes", str(SEED), "-f", "csv"]).stdout)))
    assert {"article", "speaker", "role", "cue", "kind", "text", "start", "end", "speaker_start"} <= set(rows[0])


def test_a_column_that_does_not_exist_is_a_usage_error(runner):
    result = runner.invoke(cli, ["speakers", str(SEED), "--columns", "speaker,nope"])
    assert result.exit_code == 2 and "nope" in result.output


def test_long_article_ids_are_shortened_in_tables_only():
    rows = [{"article": f"/data/bbc/politics/{n:03d}.txt", "speaker": "Tony Blair", "text": "We will win"}
            for n in (36, 37)]
    out = io.StringIO()
    render(rows, "table", out, view=TableView(("article", "speaker", "text")))
    assert "…/politics/036.txt" in out.getvalue() and "/data/bbc" not in out.getvalue()
    out = io.StringIO()
    render(rows, "csv", out)
    assert "/data/bbc/politics/036.txt" in out.getvalue()
    assert short_id("seeds/a.txt") == "seeds/a.txt"


def test_widths_never_go_below_the_longest_word_and_hand_the_rest_by_weight():
    sizes = [ColumnSize("speaker", 24, 8, 2), ColumnSize("kind", 8, 8, 1), ColumnSize("text", 300, 12, 8)]
    fitted = widths(sizes, 80)
    assert fitted is not None and sum(fitted) + 10 == 80
    assert fitted[0] >= 8 and fitted[1] == 8 and fitted[2] > 2 * fitted[0]
    assert widths(sizes, 30) is None  # the longest words alone do not fit


def test_optional_columns_come_only_when_the_main_column_keeps_room():
    sizes = {"speaker": ColumnSize("speaker", 24, 8, 2), "kind": ColumnSize("kind", 8, 8, 1),
             "cue": ColumnSize("cue", 9, 9, 1), "text": ColumnSize("text", 300, 12, 8)}
    required, order = ["speaker", "kind", "text"], ["speaker", "cue", "kind", "text"]
    assert choose(sizes, required, ["cue"], 80, order=order)[0] == ["speaker", "kind", "text"]
    assert choose(sizes, required, ["cue"], 200, order=order)[0] == ["speaker", "cue", "kind", "text"]
