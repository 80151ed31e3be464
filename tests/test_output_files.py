"""Outputs never touch inputs, and are whole or absent: every writer goes through a temporary file renamed into
place (newslens.outfiles), and an output that is the store or an input is refused (newslens.corpus.output_clash).
"""

import errno
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEED
from newslens.cli import cli
from newslens.corpus import output_clash
from newslens.errors import OutputError
from newslens.outfiles import TEMP_SUFFIX, replacing


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(f"*{TEMP_SUFFIX}"))


def test_a_file_is_replaced_only_when_complete(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), replacing(target) as stream:
        stream.write("half")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "old\n" and leftovers(tmp_path) == []
    with replacing(target) as stream:
        stream.write("new\n")
    assert target.read_text(encoding="utf-8") == "new\n" and leftovers(tmp_path) == []


def test_a_failed_write_is_an_output_error_and_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("newslens.outfiles.os.fsync", full)
    with pytest.raises(OutputError, match="No space left on device"), replacing(target) as stream:
        stream.write("new\n")
    assert target.read_text(encoding="utf-8") == "old\n" and leftovers(tmp_path) == []


def test_permissions_and_links_are_kept(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    with replacing(link) as stream:
        stream.write("new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    assert real.stat().st_mode & 0o777 == 0o640


def test_a_device_is_written_in_place():
    with replacing("/dev/null") as stream:
        stream.write("anything")
    assert Path("/dev/null").is_char_device()
    with pytest.raises(OutputError, match="No space left"), replacing("/dev/full") as stream:
        stream.write("x" * 100_000)


def test_clashes_by_path_link_and_folder(tmp_path):
    store = tmp_path / "s.db"
    store.write_bytes(b"")
    article = tmp_path / "a.txt"
    article.write_text("x", encoding="utf-8")
    (tmp_path / "hard.txt").hardlink_to(article)
    (tmp_path / "soft.txt").symlink_to(article)
    assert output_clash(store, db=store) == "the store"
    assert output_clash(f"{store}-shm", db=store) == "the store's SHM file"
    for name in ("a.txt", "hard.txt", "soft.txt"):
        assert output_clash(tmp_path / name, inputs=[str(article)], db=store) == "an input of this run"
    assert "input folder" in output_clash(article, inputs=[str(tmp_path)], db=tmp_path / "other.db")
    assert output_clash(tmp_path / ".hidden.txt", inputs=[str(tmp_path)], db=store) is None
    assert output_clash(tmp_path / "new.csv", inputs=[str(article)], db=store) is None
    # a folder written as DIR/*.parquet: the store in it under that suffix
    parquet_store = tmp_path / "quotes.parquet"
    assert "the store" in output_clash(tmp_path, db=parquet_store, suffix=".parquet")
    assert output_clash(tmp_path, db=parquet_store, suffix=".png") is None


def _disk_full(_fd):
    raise OSError(errno.ENOSPC, "No space left on device")


WRITERS = {
    "csv": (["quotes", str(SEED), "-o", "{out}/out.csv"], "out.csv"),
    "html": (["summary", str(SEED), "--html", "{out}/page.html"], "page.html"),
    "show": (["show", str(SEED), "--html", "{out}/page.html"], "page.html"),
    "png": (["summary", str(SEED), "--png", "{out}"], "speakers.png"),
    "gexf": (["network", str(SEED), "-f", "gexf", "-o", "{out}/net.gexf"], "net.gexf"),
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_every_writer_leaves_the_old_file_on_a_full_disk(writer, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    pytest.importorskip("networkx")
    args, name = WRITERS[writer]
    args = [a.replace("{out}", str(tmp_path)) for a in args]
    (tmp_path / name).write_bytes(b"old")
    monkeypatch.setattr("newslens.outfiles.os.fsync", _disk_full)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / name).read_bytes() == b"old" and leftovers(tmp_path) == []
    monkeypatch.undo()
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert (tmp_path / name).read_bytes() != b"old" and leftovers(tmp_path) == []


def test_export_leaves_the_old_files_on_a_full_disk(tmp_path, monkeypatch):
    pytest.importorskip("pyarrow")
    db = str(tmp_path / "s.db")
    assert CliRunner().invoke(cli, ["add", str(SEED), "--db", db, "-q"]).exit_code == 0
    out = tmp_path / "out"
    out.mkdir()
    (out / "quotes.parquet").write_bytes(b"old")
    monkeypatch.setattr("newslens.outfiles.os.fsync", _disk_full)
    result = CliRunner().invoke(cli, ["export", str(out), "--db", db])
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert (out / "quotes.parquet").read_bytes() == b"old" and leftovers(out) == []


def _small_files():  # a file may grow to 4 KB: past that, writes fail (EFBIG) as on a full disk
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE as a full disk")
def test_a_real_failed_write_in_a_process_of_its_own(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("old\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "newslens", "quotes", str(SEED), "--no-cache", "-o", str(out)],
                          capture_output=True, text=True, timeout=300, preexec_fn=_small_files,
                          env={**os.environ, "NEWSLENS_DB": str(tmp_path / "s.db")})
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1 and "cannot write" in done.stderr and "Traceback" not in done.stderr
    assert out.read_text(encoding="utf-8") == "old\n" and leftovers(tmp_path) == []
