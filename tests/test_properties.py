"""Property tests (hypothesis) over input handling and the analysis: whatever the text, the quotation marks or
the corruption of an export, no exception escapes but a ReadError, and every offset points at its words."""

import csv
import io
import json

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newslens.analysis import analyze_batch
from newslens.errors import ReadError
from newslens.quotes.marks import find_quoted
from newslens.readers import from_text, read_bytes
from newslens.records import fragments_text

WORDS = ["said", "Ann Lee", "the minister", "Okafor", "told", "reporters", "China", "Reuters", "he", "she",
         "according to", "We", "will", "win", "Mr.", "Ms", "Gao Fei", "U.S.", "officials", "warned", "that",
         "BERLIN", "--", ":", ",", ".", "!", "?", "\n", "\n\n", " ", "\t", "\u2028", "\r\n"]
MARKS = ['"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "''", "``", "\u00ab", "\u00bb"]
newsish = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS), st.text(max_size=6)),
                   max_size=60).map(" ".join)


@given(st.binary(max_size=2000), st.sampled_from([".txt", ".html", ".jsonl", ".json", ".csv", ".tsv", ""]))
@settings(max_examples=150, deadline=None)
def test_any_bytes_give_documents_or_a_read_error(data, suffix):
    problems = []
    try:
        docs = list(read_bytes(data, "x" + suffix, suffix, on_error=lambda i, m: problems.append(m)))
    except ReadError:
        return
    for doc in docs:
        assert doc.text.strip()
        assert len(doc.analysis_text()) == len(doc.text)


def _export(records: list[dict], suffix: str) -> bytes:
    if suffix == ".jsonl":
        return "".join(json.dumps(r) + "\n" for r in records).encode()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["id", "title", "text"], delimiter="\t" if suffix == ".tsv" else ",")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue().encode()


@given(st.lists(st.fixed_dictionaries({"id": st.text(min_size=1, max_size=8), "title": st.text(max_size=10),
                                       "text": newsish}), min_size=1, max_size=6),
       st.sampled_from([".jsonl", ".csv", ".tsv"]), st.integers(min_value=0, max_value=4000),
       st.binary(max_size=20))
@settings(max_examples=150, deadline=None)
def test_truncated_or_corrupted_exports_keep_their_good_records(records, suffix, cut, junk):
    data = _export(records, suffix)
    broken = data[:cut] + junk + data[cut:]
    problems = []
    try:
        docs = list(read_bytes(broken, "x" + suffix, suffix, on_error=lambda i, m: problems.append(m)))
    except ReadError:
        return
    assert all(d.text.strip() for d in docs)
    if broken == data:  # untouched: every record with text comes out
        assert len(docs) == sum(1 for r in records if r["text"].strip())


@given(st.text(max_size=300) | newsish)
@settings(max_examples=200, deadline=None)
def test_quoted_passages_lie_inside_the_text(text):
    for q in find_quoted(text):
        assert 0 <= q.start <= q.inner_start <= q.inner_end <= q.end <= len(text)


@given(st.text(min_size=1, max_size=400) | newsish, st.sampled_from(["", "Ann Lee said: ", "\u201cNo,\u201d "]))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_analysis_of_any_text_keeps_its_offsets(nlp, text, lead):
    text = lead + text
    assume(text.strip())
    (article,) = analyze_batch(nlp, [from_text(text, "p")])
    for m in article.mentions:
        assert text[m.start:m.end] == m.text
    for q in article.quotes:
        assert fragments_text(text, q.spans) == q.text and (q.spans[0][0], q.spans[-1][1]) == (q.start, q.end)
        if q.speaker_start is not None:
            assert text[q.speaker_start:q.speaker_end] == q.speaker_text
