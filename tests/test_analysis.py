"""The library API end to end on real text: offsets, records, the closed-pipe behaviour."""

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

import newslens
from conftest import DATA, SEED
from newslens import analyze_many
from newslens.readers import read_documents
from newslens.records import fragments_text


@pytest.fixture(scope="module")
def varied():
    return list(analyze_many(read_documents([str(SEED), str(DATA / "articles")])))


def test_offsets_point_into_the_text_as_read(varied):
    assert len(varied) == 7
    for article in varied:
        path = Path(article.id)
        text = path.read_text(encoding="utf-8") if path.suffix == ".txt" and "cp1252" not in path.name else article.text
        assert article.text == text
        for m in article.mentions:
            assert text[m.start:m.end] == m.text, (article.id, m)
        for q in article.quotes:
            assert fragments_text(text, q.spans) == q.text, (article.id, q)
            assert (q.spans[0][0], q.spans[-1][1]) == (q.start, q.end)
            if q.speaker_start is not None:
                assert text[q.speaker_start:q.speaker_end] == q.speaker_text, (article.id, q)
            if q.cue_start is not None:
                assert text[q.cue_start:q.cue_end].lower() == q.cue or q.cue == "according to"


def test_records_are_frozen(seed_article):
    with pytest.raises(dataclasses.FrozenInstanceError):
        seed_article.title = "x"  # type: ignore[misc]
    assert all(dataclasses.is_dataclass(e) for e in seed_article.entities)


def test_analyze_and_analyze_many():
    article = newslens.analyze('"The dam will hold," engineer Paolo Rossi said.', id="dam")
    assert article.id == "dam"
    assert any(e.name == "Paolo Rossi" and e.type == "person" for e in article.entities)
    many = list(newslens.analyze_many(["Angela Merkel visited Paris.", "Rain fell in Oslo."]))
    assert [a.id for a in many] == ["<text 1>", "<text 2>"]


def test_long_article_is_processed_in_pieces(nlp, monkeypatch):
    monkeypatch.setattr(nlp, "max_length", 2000)
    paragraph = "Officials in Geneva said on Monday that talks would resume. Maria Lopez attended.\n\n"
    text = paragraph * 60
    article = newslens.analyze(text, id="long")
    assert len(text) > 2000
    people = [m for m in article.mentions if m.entity == "Maria Lopez"]
    assert len(people) == 60
    assert all(text[m.start:m.end] == m.text for m in article.mentions)


def test_closed_pipe_ends_quietly():
    cmd = f"'{sys.executable}' -m newslens entities --mentions '{SEED}' -f csv | head -n 1"
    result = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=120)
    assert result.stdout.startswith("article,entity")
    assert result.stderr == ""


def test_to_frame_gives_pandas_rows(seed_article):
    quotes = newslens.to_frame(seed_article.quotes)
    assert len(quotes) == len(seed_article.quotes)
    assert {"speaker", "kind", "text", "start", "end"} <= set(quotes.columns)
    assert quotes.groupby("speaker").size()["Gao Fei"] >= 1
    articles = newslens.to_frame([seed_article])
    assert articles.loc[0, "source"] == "Global Times"


def test_a_line_break_ends_a_sentence_and_a_plain_word_never_does(nlp):
    doc = nlp.make_doc("Okafor cited remarks Kim had made.\nKim said nothing. Lee left.")
    nlp.get_pipe("newslens_paragraphs")(doc)
    starts = {t.text + str(t.i): t.is_sent_start for t in doc}
    assert starts["Kim3"] is False  # after the plain word `remarks`
    assert starts["Kim8"] is True  # after the line break
    assert starts["Lee12"] is None  # after a full stop: the parser decides


def test_a_sentence_starts_after_a_figure_whose_unit_keeps_its_full_stop(nlp):
    doc = nlp.make_doc("Profits rose to £350m. Shares fell.")
    assert [t.text for t in doc][:6] == ["Profits", "rose", "to", "£", "350", "m."]
    nlp.get_pipe("newslens_paragraphs")(doc)
    assert doc[6].text == "Shares" and doc[6].is_sent_start is True


def test_a_long_article_reports_its_pieces(nlp, monkeypatch):
    from newslens.analysis import analyze_batch
    from newslens.readers import from_text

    monkeypatch.setattr(nlp, "max_length", 2000)
    text = "Officials in Geneva said on Monday that talks would resume. Maria Lopez attended.\n\n" * 60
    heard = []
    (article,) = analyze_batch(nlp, [from_text(text, "long")], on_piece=lambda *args: heard.append(args))
    assert len(article.mentions) > 60
    assert heard[-1][0] == "long" and heard[-1][1] == heard[-1][2] > 2
    assert [done for _, done, _ in heard] == sorted(done for _, done, _ in heard)


def test_progress_lines_when_stderr_is_no_terminal(monkeypatch):
    import io

    from newslens import progress

    monkeypatch.setattr(progress, "LOG_SECONDS", 0.0)
    stream = io.StringIO()
    log = progress.tracker(4, quiet=False, description="Adding", log=True, stream=stream)
    assert isinstance(log, progress.ProgressLog)
    with log:
        log.advance()
        log.piece("corpus/transcript.txt", 3, 10)
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("newslens: adding: 1 of 4 articles (") and "left" in lines[0]
    assert lines[1].endswith("; corpus/transcript.txt: piece 3 of 10")
    assert progress.tracker(4, quiet=True, log=True, stream=io.StringIO()).enabled is False  # --quiet: nothing
