"""The one output module: every format from the same rows. No spaCy model needed."""

import csv
import io
import json

from newslens.output import Renderer, default_format, render

ROWS = [
    {"speaker": "Gao Fei", "aliases": ("Gao",), "start": 10, "end": 20, "text": "“Ça va,” he said"},
    {"speaker": "Sun Zhuangzhi", "aliases": (), "start": None, "end": None, "text": "x, y"},
]


def rendered(fmt, **kw):
    out = io.StringIO()
    render(ROWS, fmt, out, **kw)
    return out.getvalue()


def test_csv_has_header_utf8_and_joined_lists():
    text = rendered("csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["aliases"] == "Gao" and rows[0]["text"] == "“Ça va,” he said"
    assert rows[1]["start"] == ""  # a missing offset stays empty, not NaN or 10.0
    assert rows[0]["start"] == "10"


def test_bom_is_opt_in():
    assert not rendered("csv").startswith("\ufeff")
    assert rendered("csv", bom=True).startswith("\ufeff")


def test_tsv_uses_tabs():
    assert rendered("tsv").splitlines()[0] == "speaker\taliases\tstart\tend\ttext"


def test_json_and_jsonl_keep_unicode_and_lists():
    data = json.loads(rendered("json"))
    assert data[0]["aliases"] == ["Gao"] and data[1]["start"] is None
    assert "Ça va" in rendered("json")  # ensure_ascii=False
    lines = rendered("jsonl").splitlines()
    assert [json.loads(line)["speaker"] for line in lines] == ["Gao Fei", "Sun Zhuangzhi"]


def test_table_lists_every_row():
    text = rendered("table", title="Quotes")
    assert "Gao Fei" in text and "Sun Zhuangzhi" in text and "2 rows" in text


def test_streaming_writes_header_once_and_empty_output_keeps_header():
    out = io.StringIO()
    r = Renderer("csv", out, columns=["a", "b"])
    r.write([{"a": 1, "b": 2}])
    r.write([{"a": 3, "b": 4}])
    r.close()
    assert out.getvalue() == "a,b\n1,2\n3,4\n"
    out = io.StringIO()
    render([], "csv", out, columns=["a", "b"])
    assert out.getvalue() == "a,b\n"


def test_default_format_is_table_only_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    assert default_format(Tty()) == "table"
    assert default_format(io.StringIO()) == "csv"


def test_table_leaves_out_offsets_and_empty_columns():
    rows = [{"speaker": "Gao Fei", "role": None, "start": 10, "end": 20, "speaker_start": 1, "text": "Yes"}]
    text = io.StringIO()
    render(rows, "table", text, columns=["speaker", "role", "start", "end", "speaker_start", "text"])
    header = text.getvalue().splitlines()[1:4]
    assert any("speaker" in line for line in header) and any("text" in line for line in header)
    assert not any("start" in line or "role" in line for line in header)
