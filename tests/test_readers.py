"""Reading inputs: headers, boilerplate, exports, HTML, encodings, folders. No spaCy model needed."""

import json

import pytest

from conftest import DATA, SEED
from newslens.decoding import decode
from newslens.readers import ReadError, read_bytes, read_documents


def test_seed_header_is_parsed_and_masked():
    (doc,) = read_documents([str(SEED)])
    assert doc.title == "Western pressure brings China and Russia closer as Chinese officials visit Moscow"
    assert doc.author == "Liu Xin"
    assert doc.source == "Global Times"
    assert doc.published == "2018-04-02T20:23:39"
    assert doc.subtitle == "Two Chinese State Councilors visit Russia"
    assert doc.section == "DIPLOMACY"
    masked = doc.analysis_text()
    assert len(masked) == len(doc.text)
    for gone in ("Liu Xin Source", "Disqus", "Posted in", "Newspaper headline"):
        assert gone in doc.text and gone not in masked
    assert "Gao Fei, a professor" in masked
    assert doc.text == SEED.read_text(encoding="utf-8")


def test_folder_is_read_recursively_with_ids_inside_it():
    ids = [d.id for d in read_documents([str(DATA / "articles")])]
    assert any(i.endswith("harbor.txt") for i in ids)
    assert "wire-001" in ids and "wire-002" in ids and "letter-7" in ids
    assert any(i.endswith("trade.html") for i in ids)


def test_jsonl_and_csv_records_carry_metadata():
    docs = {d.id: d for d in read_documents([str(DATA / "articles" / "exports")])}
    assert docs["wire-001"].title == "Rescue teams reach flooded villages"
    assert docs["wire-001"].published == "2023-09-02T00:00:00"
    assert docs["letter-7"].author == "Pierre Dubois"
    assert docs["letter-7"].text.startswith("Thousands of farmers")


def test_html_main_text_is_extracted_without_navigation():
    (doc,) = read_documents([str(DATA / "articles" / "trade.html")])
    assert "Swedish exporters are bracing" in doc.text
    assert "Markets" not in doc.text
    assert doc.title == "Exporters wary as tariffs rise"


def test_non_utf8_is_decoded_with_a_stated_fallback():
    (doc,) = read_documents([str(DATA / "articles" / "lyon-cp1252.txt")])
    assert "Café owners in Lyon" in doc.text
    assert "\u201cIt is a good day for us,\u201d" in doc.text
    assert doc.warnings and "cp1252" in doc.warnings[0]
    assert decode(b"\xef\xbb\xbfplain").text == "plain"


def test_unreadable_inputs_are_reported_and_the_rest_read(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "ok.txt").write_text("Officials said the bridge would reopen.")
    (tmp_path / "bad.jsonl").write_text("{not json}\n")
    errors = []
    docs = list(read_documents([str(tmp_path)], on_error=lambda i, m: errors.append((i, m))))
    assert [d.text for d in docs] == ["Officials said the bridge would reopen."]
    assert sorted(i.rsplit("/", 1)[-1] for i, _ in errors) == ["bad.jsonl", "empty.txt"]
    with pytest.raises(ReadError):
        list(read_documents([str(tmp_path / "empty.txt")]))


def test_record_without_text_field_is_an_error():
    with pytest.raises(ReadError, match="no text field"):
        list(read_bytes(json.dumps({"title": "x"}).encode(), "x.json", ".json"))
