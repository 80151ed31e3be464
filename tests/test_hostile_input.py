"""Hostile input, guard by guard: each test here fails when the guard it names is switched off (the rows of
docs/errors.md are run end to end by test_bad_input.py)."""

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEED
from newslens.cli import cli
from newslens.errors import InputError, NewslensError
from newslens.output import Renderer, escaped, printable
from newslens.readers import expand, read_documents
from newslens.tokenizer import MAX_STRETCH, SUFFIX_WINDOW, LinearTokenizer, TailSearch

# -- the tokenizer guard ----------------------------------------------------------------------------------------


class Recorder:
    """A stand-in pattern that records where each search starts."""

    def __init__(self, pattern):
        self.pattern, self.starts = pattern, []

    def search(self, string, pos=0):
        self.starts.append((len(string), pos))
        return self.pattern.search(string, pos)


def test_the_suffix_search_looks_at_the_tail_only():
    pattern = re.compile(r"(?:'s|\.\.+|km|\"|=)$")
    recorder = Recorder(pattern)
    search = TailSearch(recorder)
    for text in ("=" * 5000, "word's", '10km"', "a" * 300 + "...", "x"):
        found, expected = search(text), pattern.search(text)
        assert (found and found.span()) == (expected and expected.span())  # the same suffix, shorter than the window
    assert all(length - pos <= SUFFIX_WINDOW for length, pos in recorder.starts)


def test_the_pipeline_tokenizer_is_guarded(nlp):
    assert isinstance(nlp.tokenizer, LinearTokenizer)
    assert isinstance(nlp.tokenizer.tokenizer.suffix_search, TailSearch)


def test_ordinary_text_tokenizes_as_spacy_does(nlp):
    inner = nlp.tokenizer.tokenizer
    text = SEED.read_text(encoding="utf-8") + "\nSee https://www.example.com/news/2024/05/03/a-long-story-about-it " \
        "and e-mail ann.lee@example.org... Don't! (1990s) £350m. U.S. \u2014 it's 10km.\n" + "x" * 40 + " end"
    ours = [(t.text, t.whitespace_, t.norm_) for t in nlp.tokenizer(text)]
    guard = inner.suffix_search
    inner.suffix_search = guard.__self__.search  # spaCy's own, for the comparison
    try:
        bare = [(t.text, t.whitespace_, t.norm_) for t in inner(text)]
    finally:
        inner.suffix_search = guard
    assert ours == bare


def test_long_and_dense_stretches_are_guarded_with_the_text_exact(nlp):
    seen = []
    guarded = LinearTokenizer(nlp.tokenizer.tokenizer)
    inner = guarded.tokenizer

    class Spy:
        vocab = inner.vocab

        def __call__(self, text):
            seen.append(max((len(s) for s in text.split()), default=0))
            return inner(text)

    guarded.tokenizer = Spy()
    text = 'He said "yes". ' + '"' * 5000 + " and " + "abc" * 1000 + ' then "no," he said.'
    doc = guarded(text)
    assert doc.text == text and max(seen) <= MAX_STRETCH
    run = [t for t in doc if 15 <= t.idx < 5015]
    assert len(run) == 5000 // 8 and all(len(t) == 8 for t in run)  # junk tokens, not one per mark
    assert all(text[t.idx:t.idx + len(t)] == t.text for t in doc)
    assert doc[-1].text == "." and doc[-2].text == "said"


def test_a_region_of_one_token_a_character_becomes_junk_tokens(nlp):
    text = "Intro.\n" + "a\n" * 2000 + "\n" + '"We will win," coach Ada Okafor said.'
    doc = nlp.tokenizer(text)
    assert doc.text == text and len(doc) < 4000 / 4  # spaCy's own: a token a character, 4,000 and more
    assert [t.text for t in doc][-3:] == ["Okafor", "said", "."]
    dialogue = '"No."\n\u201cYes.\u201d\n' * 50  # lines of dialogue are prose: left as spaCy cuts them
    assert len(nlp.tokenizer(dialogue)) == len(nlp.tokenizer.tokenizer(dialogue))


def test_a_run_of_punctuation_tokenizes_in_linear_time(nlp):
    started = time.perf_counter()
    doc = nlp.tokenizer("=" * 20_000 + " " + '"' * 20_000)
    assert time.perf_counter() - started < 10  # unguarded: minutes (the suffix search is quadratic)
    assert len(doc.text) == 40_001


def test_offsets_are_the_same_with_a_run_after_the_article(nlp):
    from newslens.analysis import analyze_batch
    from newslens.readers import from_text

    text = SEED.read_text(encoding="utf-8")
    plain, padded = (analyze_batch(nlp, [from_text(t, "x")])[0] for t in (text, text + "\n\n" + "=" * 3000 + "\n"))
    assert [(q.start, q.end, q.speaker) for q in plain.quotes] == [(q.start, q.end, q.speaker) for q in padded.quotes]


# -- readers ---------------------------------------------------------------------------------------------------


def test_a_byte_order_mark_is_not_text(tmp_path):
    text = '"We will win," coach Ada Okafor said.\nThe team trained on Monday.\n'
    for codec in ("utf-8-sig", "utf-16", "utf-32", "utf-16-be"):
        (tmp_path / f"{codec}.txt").write_bytes(text.encode(codec))
    documents = list(read_documents([str(tmp_path)]))
    assert [d.text for d in documents] == [text] * 4
    assert {d.title for d in documents} == {'"We will win," coach Ada Okafor said.'}


def test_a_jsonl_record_may_hold_unicode_line_separators(tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "One\u2028two\x0cthree said Ann."}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    problems = []
    documents = list(read_documents([str(path)], on_error=lambda *p: problems.append(p)))
    assert [d.id for d in documents] == ["a"] and problems == []


def test_a_file_or_folder_is_read_once(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    notes = []
    found = list(expand([str(tmp_path / "a.txt"), str(tmp_path)], on_skip=lambda *n: notes.append(n)))
    assert [id for id, _ in found] == [str(tmp_path / "a.txt")]
    assert len(notes) == 2  # the folder's a.txt, and the link to it


def test_a_file_name_that_is_not_utf8_is_stored_escaped(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text('"We will win," coach Ada Okafor said.\n', encoding="utf-8")
    db = str(tmp_path / "s.db")
    assert CliRunner().invoke(cli, ["add", str(folder), "--db", db, "-q"]).exit_code == 0
    result = CliRunner().invoke(cli, ["articles", "--db", db, "-f", "csv", "--columns", "article"])
    assert result.stdout.splitlines()[1] == f"{folder}/caf\\xe9.txt"


# -- the library -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("item", [None, b"text", 5, 2.5, "a lone \ud800 surrogate", ("text", {"id": "\udce9"})])
def test_the_library_raises_input_errors(item):
    import newslens

    with pytest.raises(InputError) as raised:
        newslens.analyze(item)
    assert isinstance(raised.value, NewslensError) and str(raised.value)


# -- the store ---------------------------------------------------------------------------------------------------


def test_queries_open_the_store_read_only(tmp_path):
    from newslens.corpus import Reading, query_source

    db = tmp_path / "s.db"
    assert CliRunner().invoke(cli, ["add", str(SEED), "--db", str(db), "-q"]).exit_code == 0
    with query_source([], db=db, reading=Reading()) as source, pytest.raises(sqlite3.OperationalError,
                                                                              match="readonly"):
        source.store.db.execute("CREATE TABLE x (y)")
    # a result derived from the corpus is kept all the same, through a writable connection of its own
    assert CliRunner().invoke(cli, ["summary", "--db", str(db), "-f", "json"]).exit_code == 0
    assert sqlite3.connect(db).execute("SELECT count(*) FROM derived").fetchone()[0] >= 1


# -- terminals and spreadsheets ------------------------------------------------------------------------------


class Terminal:
    """A text stream that says it is a terminal."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return True

    def value(self):
        return "".join(self.parts)


HOSTILE = {"article": "a\x1b[2Jb.txt", "text": "Clear\x1b[2J the\x9b31m screen", "title": "[/b]closing tag"}


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "jsonl"])
def test_no_control_character_reaches_a_terminal(fmt):
    from newslens.output import open_renderer

    terminal = Terminal()
    with open_renderer(fmt, terminal, columns=list(HOSTILE)) as out:
        out.write([HOSTILE])
    shown = terminal.value()
    assert "\x1b[2J" not in shown and "\x9b" not in shown
    assert "closing tag" in shown


def test_files_and_pipes_keep_the_fields_as_they_are():
    import io

    stream = io.StringIO()
    Renderer("csv", stream, columns=list(HOSTILE)).write([HOSTILE])
    assert "\x1b[2J" in stream.getvalue()


def test_messages_escape_control_characters():
    assert escaped("a\x1b[2J\nb") == "a\\x1b[2J\\nb" and printable("a\x1b[2J\n") == "a\ufffd[2J\n"


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="a pseudo-terminal")
@pytest.mark.parametrize("command", [["quotes", "-f", "table"], ["show"], ["summary"], ["quotes", "-f", "csv"]])
def test_no_control_character_reaches_a_real_terminal(command, tmp_path):
    article = tmp_path / "x\x1b[2Jy.txt"
    article.write_text('"We will \x1b[2Jwin," coach Ada Okafor said.\n', encoding="utf-8")
    leader, follower = os.openpty()
    env = {**os.environ, "COLUMNS": "120", "NEWSLENS_DB": str(tmp_path / "s.db"), "TERM": "xterm"}
    process = subprocess.Popen([sys.executable, "-m", "newslens", *command, str(article)], stdout=follower,
                               stderr=subprocess.PIPE, env=env)
    os.close(follower)
    shown = b""
    while True:  # read as it comes: a full terminal would block the command
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the command closed its end
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    done = subprocess.CompletedProcess(process.args, process.wait(timeout=300), None, process.stderr.read())
    assert done.returncode == 0, done.stderr
    assert b"\x1b[2J" not in shown and b"Okafor" in shown


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_start_like_a_formula_are_defused(cell):
    import io

    for fmt, raw in (("csv", False), ("tsv", False), ("csv", True)):
        stream = io.StringIO()
        renderer = Renderer(fmt, stream, columns=["text"], raw=raw)
        renderer.write([{"text": cell}])
        renderer.close()
        written = stream.getvalue().splitlines()[1] if "\r" not in cell else stream.getvalue()
        assert ("'" + cell[:1] in written) != raw


def test_a_hostile_folder_through_add_loses_nothing_silently(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for n, name in enumerate(["a.txt", "b.md", os.fsdecode(b"\xff.txt")]):
        (folder / name).write_text(f'"We will win game {n}," coach Ada Okafor said.\n', encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere")
    (folder / "dup.jsonl").write_text('{"id": "x", "text": "\\"One,\\" Ann said."}\n'
                                      '{"id": "x", "text": "\\"Two,\\" Bo said."}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["add", str(folder), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 1 and "2 skipped" in result.stderr and "added 5 articles" in result.stderr
    assert result.stderr.count("warning:") == 4  # the FIFO, the link, the second x, the count
    assert Path(tmp_path / "s.db").exists()
