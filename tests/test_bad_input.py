"""Every row of the bad-input table in docs/errors.md, run through the command line: the exit status and the
message the table promises. The table is read from the docs, so that it stays true."""

import os
import re
import shlex
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEED
from newslens.cli import cli

TABLE = ROOT / "docs" / "errors.md"
# records of distinct stories (an identical text would be a copy, counted once)
GOOD = '{"id": "good-%(n)d", "text": "\\"We will win game %(n)d,\\" coach Ada Okafor said after training %(n)d."}'


def documented() -> dict[str, int]:
    rows = re.findall(r"^\| `([a-z0-9-]+)` \|.*\| (\d) \|$", TABLE.read_text(encoding="utf-8"), re.MULTILINE)
    return {case: int(status) for case, status in rows}


@dataclass
class Case:
    """A row's run: ``args`` through CliRunner, or ``shell`` (a bash line where ``NEWSLENS`` runs the command
    line in a process of its own, for what CliRunner cannot do: closed or full standard streams). ``kept``: the
    articles the output must hold; ``unchanged``: files that must hold the same bytes afterwards."""

    args: list[str] | None = None
    message: str = ""
    kept: set[str] | None = None
    unchanged: list[Path] = field(default_factory=list)
    shell: str | None = None
    cleanup: object = None  # called after the run, whatever happened

    def __post_init__(self):
        self.before = {path: path.read_bytes() for path in self.unchanged}


NEWSLENS = f"'{sys.executable}' -m newslens"


def jsonl(tmp: Path, *lines: str) -> Path:
    path = tmp / "export.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def case_missing_path(tmp):
    return ["entities", str(tmp / "nowhere.txt")], "does not exist"


def case_bad_option(_tmp):
    return ["quotes", str(SEED), "--limit", "-1", "--no-cache"], "Invalid value for '--limit'"


def case_unwritable_output(_tmp):
    return ["quotes", str(SEED), "-o", "/no/such/dir/x.csv", "--no-cache"], "cannot write"


def case_jsonl_line(tmp):
    path = jsonl(tmp, GOOD % {"n": 1}, "{not json", GOOD % {"n": 2})
    return ["quotes", str(path), "--no-cache", "-f", "jsonl"], "line 2: not JSON", {"good-1", "good-2"}


def case_not_an_object(tmp):
    return ["quotes", str(jsonl(tmp, "[1, 2]", GOOD % {"n": 3})), "--no-cache", "-f", "jsonl"], \
        "line 1: not an object", {"good-3"}


def case_no_text_field(tmp):
    return ["quotes", str(jsonl(tmp, '{"title": "x"}', GOOD % {"n": 4})), "--no-cache", "-f", "jsonl"], \
        "line 1: no text field", {"good-4"}


def case_empty_csv_cell(tmp):
    path = tmp / "rows.csv"
    path.write_text('id,text\nr1,\nr2,"""We are fine,"" Ann Lee said."\n', encoding="utf-8")
    return ["quotes", str(path), "--no-cache", "-f", "jsonl"], "row 2: empty text", {"r2"}


def case_no_text_column(tmp):
    path = tmp / "rows.tsv"
    path.write_text("id\ttitle\nr1\tx\n", encoding="utf-8")
    return ["articles", str(path), "--no-cache"], "no text column"


def case_bad_json(tmp):
    path = tmp / "all.json"
    path.write_text('[{"text": "x"', encoding="utf-8")
    return ["articles", str(path), "--no-cache"], "not JSON"


def case_empty_file(tmp):
    (tmp / "blank.txt").write_text("  \n", encoding="utf-8")
    return ["articles", str(tmp / "blank.txt"), "--no-cache"], "empty file"


def case_binary(tmp):
    (tmp / "x.txt").write_bytes(bytes(range(256)) * 80)
    return ["entities", str(tmp / "x.txt"), "--no-cache"], "binary data"


def case_utf_16(tmp):
    (tmp / "wide.txt").write_bytes('"We will win," coach Ada Okafor said.\n'.encode("utf-16-le"))
    return ["quotes", str(tmp / "wide.txt"), "--no-cache", "-f", "jsonl"], "decoded as UTF-16-LE", {"wide.txt"}


def case_cp1252(tmp):
    (tmp / "old.txt").write_bytes("\u201cCaf\u00e9s will open,\u201d Ann Lee said.\n".encode("cp1252"))
    return ["quotes", str(tmp / "old.txt"), "--no-cache", "-f", "jsonl"], "decoded as cp1252", {"old.txt"}


def case_html_no_article(tmp):
    (tmp / "login.html").write_text(
        "<html><head><title>Login</title></head><body><form><input name=user><input name=pw>"
        "<button>Login</button></form><footer>&copy; 2024 Example News</footer></body></html>", encoding="utf-8")
    return ["articles", str(tmp / "login.html"), "--no-cache"], "no article body found"


def case_device(_tmp):
    return ["entities", "/dev/zero", "--no-cache"], "not a regular file"


def case_too_long(tmp):
    (tmp / "long.txt").write_text("Ann Lee spoke. " * 20, encoding="utf-8")
    return ["entities", str(tmp / "long.txt"), "--no-cache", "--max-chars", "100"], "larger than an article may be"


def case_unknown_suffix(tmp):
    folder = tmp / "folder"
    folder.mkdir()
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    (folder / "story.txt").write_text('"We are fine," Ann Lee said.\n', encoding="utf-8")
    return ["quotes", str(folder), "--no-cache", "-f", "jsonl"], "not an article format (.pdf); skipped", \
        {"story.txt"}


def case_strict(tmp):
    path = jsonl(tmp, GOOD % {"n": 5}, "{not json", GOOD % {"n": 6})
    return ["quotes", str(path), "--no-cache", "-f", "jsonl", "--strict"], "line 2: not JSON"


def case_foreign_store(tmp):
    db = tmp / "other.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE articles (x)")
    con.execute("INSERT INTO articles VALUES (1)")
    con.commit()
    con.close()
    return ["add", str(SEED), "--db", str(db)], "not a newslens store"


def case_newer_store(tmp):
    db = tmp / "newer.db"
    CliRunner().invoke(cli, ["info", "--db", str(db)])  # nothing written: info of a store that is not there
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    con.execute("INSERT INTO meta VALUES ('app', 'newslens'), ('schema', '999')")
    con.commit()
    con.close()
    return ["quotes", "--db", str(db)], "newer newslens"


def case_missing_model(_tmp):
    return ["entities", str(SEED), "--no-cache", "--model", "no_such_model_xyz"], "is not installed"


# -- outputs never touch inputs; a failed write leaves nothing half-written -------------------------------------

def _store(tmp) -> Path:
    """An empty newslens store (made without the model)."""
    from newslens.store import Store

    Store(tmp / "corpus.db").close()
    return tmp / "corpus.db"


def _article(tmp, name="a.txt") -> Path:
    path = tmp / name
    path.write_text('"We will win," coach Ada Okafor said after training.\n', encoding="utf-8")
    return path


def case_output_is_store(tmp):
    db = _store(tmp)
    return Case(["quotes", "--db", str(db), "-o", str(db)], "is the store", unchanged=[db])


def case_output_is_wal(tmp):
    db = _store(tmp)
    return Case(["summary", "--db", str(db), "--html", f"{db}-wal"], "is the store's WAL file", unchanged=[db])


def case_output_is_input(tmp):
    path = _article(tmp)
    return Case(["quotes", str(path), "-o", str(path), "--no-cache"], "is an input of this run", unchanged=[path])


def case_page_is_input(tmp):
    path = _article(tmp)
    return Case(["show", str(path), "--html", str(path), "--no-cache"], "is an input of this run",
                unchanged=[path])


def case_output_in_input_folder(tmp):
    folder = tmp / "folder"
    folder.mkdir()
    path = _article(folder, "b.txt")
    return Case(["entities", str(folder), "-o", str(path), "--no-cache"], "is an article in the input folder",
                unchanged=[path])


def case_full_disk(_tmp):
    return Case(["quotes", str(SEED), "--no-cache", "-o", "/dev/full"], "No space left on device")


def case_full_stdout(_tmp):
    return Case(shell=f"NEWSLENS quotes {shlex.quote(str(SEED))} --no-cache > /dev/full",
                message="standard output: No space left on device")


def case_closed_stdout(_tmp):
    return Case(shell=f"NEWSLENS quotes {shlex.quote(str(SEED))} --no-cache >&-",
                message="standard output is closed")


def case_closed_stdin(_tmp):
    return Case(shell="NEWSLENS quotes - --no-cache <&-", message="-: standard input is closed")


def case_full_stderr(tmp):
    # a warning only (an encoding assumed): exit 0 if it could be shown; lost, it makes the status 1
    (tmp / "old.txt").write_bytes("\u201cCaf\u00e9s will open,\u201d Ann Lee said.\n".encode("cp1252"))
    return Case(shell=f"NEWSLENS quotes {shlex.quote(str(tmp / 'old.txt'))} --no-cache -f jsonl 2>/dev/full",
                kept={"old.txt"})


# -- nothing dropped without a line; no traceback -----------------------------------------------------------

STORY = '"We will win game %d," coach Ada Okafor said after training.\n'


def _folder(tmp, *names: str) -> Path:
    """A folder of articles (distinct stories) under the given names."""
    folder = tmp / "folder"
    folder.mkdir(exist_ok=True)
    for n, name in enumerate(names):
        (folder / name).write_text(STORY % n, encoding="utf-8")
    return folder


def case_unreadable_folder(tmp, monkeypatch):
    folder = _folder(tmp, "a.txt")
    locked = folder / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(STORY % 9, encoding="utf-8")
    real = os.scandir

    def scandir(path):  # what a folder without read permission does (root may read any folder)
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr("newslens.readers.os.scandir", scandir)
    return Case(["quotes", str(folder), "--no-cache", "-f", "jsonl"], "folder/locked: cannot read this folder "
                "(Permission denied)", kept={"a.txt"})


def case_fifo_in_folder(tmp):
    folder = _folder(tmp, "a.txt")
    os.mkfifo(folder / "pipe.txt")
    return Case(["quotes", str(folder), "--no-cache", "-f", "jsonl"], "pipe.txt: not a regular file (a FIFO); skipped",
                kept={"a.txt"})


def case_socket_in_folder(tmp):
    import socket

    folder = _folder(tmp, "a.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock"))
    return Case(["quotes", str(folder), "--no-cache", "-f", "jsonl"], "sock: not a regular file (a socket); skipped",
                kept={"a.txt"}, cleanup=sock.close)


def case_dangling_link(tmp):
    folder = _folder(tmp, "a.txt")
    (folder / "gone.txt").symlink_to(tmp / "nowhere.txt")
    return Case(["quotes", str(folder), "--no-cache", "-f", "jsonl"], "gone.txt: a link to nothing", kept={"a.txt"})


def case_duplicate_id(tmp):
    path = jsonl(tmp, '{"id": "x", "text": "\\"We will win,\\" coach Ada Okafor said."}',
                 '{"id": "x", "text": "\\"We lost,\\" coach Bo Lee said."}')
    return Case(["quotes", str(path), "--no-cache", "-f", "jsonl"], "line 2: id 'x' was read before "
                f"({path}: line 1); this article is kept as 'x#2'", kept={"x", "x#2"})


def case_csv_unclosed_quote(tmp):
    path = tmp / "rows.csv"
    path.write_text('id,text\nr1,"""We are fine,"" Ann Lee said."\nr2,"An unclosed quotation mark.\n'
                    'r3,"""Good,"" Bo Lee said."\nr4,"""Also good,"" Cy Day said."\n', encoding="utf-8")
    return Case(["quotes", str(path), "--no-cache", "-f", "jsonl"], "rows.csv: line 3: not CSV",
                kept={"r1", "r3", "r4"})


def case_csv_extra_cells(tmp):
    path = tmp / "rows.csv"
    path.write_text('id,text\nr1,Fine, Ann Lee said.\nr2,"""Good,"" Bo Lee said.",\n', encoding="utf-8")
    return Case(["quotes", str(path), "--no-cache", "-f", "jsonl"], "line 2: 3 cells where the header has 2",
                kept={"r2"})


def case_deep_json(tmp):
    path = jsonl(tmp, "[" * 100_000 + "]" * 100_000, GOOD % {"n": 7})
    return Case(["quotes", str(path), "--no-cache", "-f", "jsonl"], "line 1: not JSON (nested too deeply)",
                kept={"good-7"})


def case_lone_surrogate(tmp):
    path = jsonl(tmp, '{"id": "s", "text": "\\"We will win \\ud800,\\" coach Ada Okafor said."}')
    return Case(["quotes", str(path), "--no-cache", "-f", "jsonl"], "lone surrogate escapes (not characters) in "
                "text, title, read as U+FFFD", kept={"s"})


def case_utf_16_bom(tmp):
    (tmp / "bom.txt").write_bytes('"We will win," coach Ada Okafor said.\n'.encode("utf-16"))
    return Case(["quotes", str(tmp / "bom.txt"), "--no-cache", "-f", "jsonl"], "decoded as UTF-16 (byte order mark)",
                kept={"bom.txt"})


def case_non_utf8_name(tmp):
    folder = tmp / "folder"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(STORY % 1, encoding="utf-8")
    return Case(["quotes", str(folder), "--no-cache", "-f", "jsonl"], "", kept={"caf\\xe9.txt"})


def case_control_characters(tmp):
    (tmp / "x\x1b[2Jy.txt").write_text("", encoding="utf-8")
    return Case(["quotes", str(tmp / "x\x1b[2Jy.txt"), "--no-cache"], "x\\x1b[2Jy.txt: empty file")


def case_punctuation_run(tmp):
    (tmp / "run.txt").write_text('"We will win," coach Ada Okafor said.\n\n' + "=" * 20_000 + "\n", encoding="utf-8")
    return Case(["quotes", str(tmp / "run.txt"), "--no-cache", "-f", "jsonl"], "", kept={"run.txt"})


def _read_only(paths: list[Path]):
    """Make files and folders read-only even for root (the immutable attribute), or skip; the undo."""
    if os.geteuid() != 0:
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)
        return lambda: [path.chmod(0o755) for path in paths]
    done = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("root, and chattr cannot make a file read-only here")
    return lambda: subprocess.run(["chattr", "-i", *map(str, paths)], check=False)


def _stored(tmp) -> Path:
    db = tmp / "store" / "corpus.db"
    db.parent.mkdir()
    assert CliRunner().invoke(cli, ["add", str(_article(tmp)), "--db", str(db), "-q"]).exit_code == 0
    return db


def case_read_only_store(tmp):
    db = _stored(tmp)
    for extra in db.parent.glob("corpus.db-*"):
        extra.unlink()
    undo = _read_only([db, db.parent])
    return Case(["quotes", "--db", str(db), "-f", "jsonl"], "", kept={"a.txt"}, cleanup=undo)


def case_damaged_store(tmp):
    db = _stored(tmp)
    import sqlite3

    con = sqlite3.connect(db)
    page = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'quotes'").fetchone()[0]
    con.close()
    data = bytearray(db.read_bytes())
    data[(page - 1) * 4096:page * 4096] = b"\xab" * 4096
    db.write_bytes(bytes(data))
    return Case(["quotes", "--db", str(db)], "the store is damaged")


def case_wrong_type(tmp):
    script = tmp / "library.py"
    script.write_text("import newslens\ntry:\n    newslens.analyze(b'text')\nexcept newslens.NewslensError as err:\n"
                      "    print(type(err).__name__, err)\n    raise SystemExit(1)\n", encoding="utf-8")
    return Case(shell=f"'{sys.executable}' {shlex.quote(str(script))}", message="InputError got bytes")


CASES = {name.removeprefix("case_").replace("_", "-"): fn for name, fn in dict(globals()).items()
         if name.startswith("case_")}


def test_every_row_has_a_case_and_every_case_a_row():
    assert set(documented()) - {"closed-pipe"} == set(CASES)


def _run(case: Case) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of a case."""
    if case.shell is None:
        result = CliRunner().invoke(cli, case.args)
        return result.exit_code, result.stdout, result.stderr
    done = subprocess.run(["bash", "-c", case.shell.replace("NEWSLENS", NEWSLENS)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "COLUMNS": "200"})
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_table_row_holds(case, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    make = CASES[case]
    made = make(tmp_path, monkeypatch) if make.__code__.co_argcount == 2 else make(tmp_path)
    run = made if isinstance(made, Case) else Case(made[0], made[1], *made[2:])
    before = (tmp_path / "other.db").read_bytes() if case == "foreign-store" else None
    try:
        status, stdout, stderr = _run(run)
    finally:
        if run.cleanup is not None:
            run.cleanup()
    assert "\x1b" not in stderr  # no control character of an input reaches a terminal through a message
    assert status == documented()[case], stdout + stderr
    assert run.message in stderr + stdout
    assert "Traceback" not in stderr
    if run.kept is not None:  # the good records around the bad one were processed
        import json

        articles = {Path(json.loads(line)["article"]).name for line in stdout.splitlines()}
        assert articles == run.kept
    if case == "strict":
        assert "good-6" not in stdout
    if before is not None:
        assert (tmp_path / "other.db").read_bytes() == before  # refused before anything was written
    for path, content in run.before.items():
        assert path.read_bytes() == content, f"{path} was changed"


def test_closed_pipe_exits_zero_quietly():
    code = f"'{sys.executable}' -m newslens entities --mentions '{SEED}' --no-cache -f csv | head -n 1"
    result = subprocess.run(["bash", "-c", f"{code}; echo status ${{PIPESTATUS[0]}}"], capture_output=True,
                            text=True, timeout=120, env={**os.environ, "COLUMNS": "100"})
    assert result.stdout.startswith("article,entity") and "status 0" in result.stdout
    assert result.stderr == ""
