"""A quote in several fragments (`"A," he said, "B."`): one Quote with ``spans``, carried by the record, the
store, the cache, every output format, the Parquet export and ``show``. Built by hand: no model needed."""

import csv
import io
import json
import sqlite3
from dataclasses import replace

import pytest

from newslens import annotate, output, views
from newslens.records import Article, Entity, Mention, Quote, fragments_text, parse_spans, spans_text
from newslens.render_article import plain_paragraph
from newslens.store import Store, decode_analysis, encode_analysis

TEXT = '"We will win," Gao Fei said, "and we will win soon."\nRain fell.'
FIRST = (1, 13)  # We will win,
SECOND = (30, 51)  # and we will win soon.
SAID = TEXT.index("said")


def split_quote(**changes) -> Quote:
    values = dict(article="a.txt", speaker="Gao Fei", speaker_type="person", speaker_text="Gao Fei",
                  speaker_start=15, speaker_end=22, cue="said", kind="direct",
                  text=fragments_text(TEXT, (FIRST, SECOND)), start=FIRST[0], end=SECOND[1], cue_start=SAID,
                  cue_end=SAID + 4, spans=(FIRST, SECOND))
    return Quote(**{**values, **changes})


def article(*quotes: Quote) -> Article:
    entity = Entity(name="Gao Fei", type="person", mentions=1, articles=("a.txt",))
    mention = Mention(article="a.txt", entity="Gao Fei", type="person", text="Gao Fei", start=15, end=22)
    return Article(id="a.txt", text=TEXT, words=14, entities=(entity,), mentions=(mention,), quotes=quotes)


def test_the_text_is_the_fragments_words_joined():
    quote = split_quote()
    assert quote.text == "We will win … and we will win soon."  # the words, not the marks or their comma
    assert "said" not in quote.text and (quote.start, quote.end) == (FIRST[0], SECOND[1])


def test_a_plain_quote_has_one_span_its_bounds():
    plain = split_quote(spans=(), text=TEXT[1:13], end=13)
    assert plain.spans == ((1, 13),)
    assert replace(plain, start=2).spans == ((2, 13),)  # a replaced bound moves the one span with it
    assert replace(split_quote(), article="b").spans == (FIRST, SECOND)


def test_spans_from_lists_json_and_csv_cells():
    assert split_quote(spans=[list(FIRST), list(SECOND)]).spans == (FIRST, SECOND)
    assert split_quote(spans="[[1, 13], [30, 51]]").spans == (FIRST, SECOND)
    assert split_quote(spans="1-13;30-51").spans == (FIRST, SECOND)
    assert split_quote(spans=None).spans == ((1, 51),)
    assert parse_spans(spans_text((FIRST, SECOND))) == (FIRST, SECOND)


def test_the_store_keeps_the_fragments(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.add(article(split_quote()), "m")
        assert [q.spans for q in store.quotes()] == [(FIRST, SECOND)]
        assert [q for a in store.articles() for q in a.quotes] == [split_quote()]


def test_a_quote_stored_before_fragments_reads_back_with_one_span(tmp_path):
    path = tmp_path / "old.db"
    plain = split_quote(spans=(), text=TEXT[1:13], end=13)
    with Store(path) as store:
        store.add(article(plain), "m")
    db = sqlite3.connect(path)
    db.execute("ALTER TABLE quotes DROP COLUMN spans")  # as if written before Quote had this field
    db.commit()
    db.close()
    with Store(path) as store:  # the column comes back, NULL for the old rows
        assert [q.spans for q in store.quotes()] == [((1, 13),)]
        store.add(replace(article(split_quote()), id="b.txt"), "m")
        assert [q.spans for q in store.quotes()] == [((1, 13),), (FIRST, SECOND)]


def test_the_cache_keeps_the_fragments():
    found = article(split_quote())
    assert decode_analysis(encode_analysis(found), {"id": "a.txt"}) == found


def rendered(fmt: str) -> str:
    stream = io.StringIO()
    output.render(views.quote_rows([split_quote()]), fmt, stream, columns=views.QUOTE_COLUMNS)
    return stream.getvalue()


def test_json_rows_carry_spans_as_lists_of_pairs():
    assert json.loads(rendered("json"))[0]["spans"] == [list(FIRST), list(SECOND)]
    assert json.loads(rendered("jsonl"))["spans"] == [list(FIRST), list(SECOND)]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_write_spans_as_start_end_pairs(fmt):
    rows = list(csv.DictReader(io.StringIO(rendered(fmt)), delimiter="\t" if fmt == "tsv" else ","))
    assert views.QUOTE_COLUMNS[-1] == "spans" and rows[0]["spans"] == "1-13;30-51"


def test_a_table_leaves_the_offsets_out():
    assert "1-13" not in rendered("table")


def test_parquet_carries_the_fragments(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from newslens.export import export_parquet

    with Store(tmp_path / "s.db") as store:
        store.add(article(split_quote()), "m")
        export_parquet(store, tmp_path / "out")
    table = pq.read_table(tmp_path / "out" / "quotes.parquet")
    assert table.column("spans").to_pylist() == [[list(FIRST), list(SECOND)]]
    from newslens.export import PERSON_COLUMNS

    assert table.column_names[-len(PERSON_COLUMNS) - 1] == "spans"  # the record's last field, then the speaker's


def test_show_marks_each_fragment_not_the_attribution():
    annotated = annotate.annotate(article(split_quote()))
    runs = annotated.paragraphs[0]
    inside = "".join(run.text for run in runs if run.quote == 1)
    assert inside == TEXT[slice(*FIRST)] + TEXT[slice(*SECOND)]
    assert plain_paragraph(runs).count("{Q1 ") == 2  # two marked fragments, the attribution outside both
    assert "said^Q1 Q1}" not in plain_paragraph(runs)


def test_show_html_marks_each_fragment():
    from newslens.render_article import html_article

    page = html_article(annotate.annotate(article(split_quote())))
    assert page.count('class="quote" id=') == 2 and page.count('<span class="label">1</span>') == 1
