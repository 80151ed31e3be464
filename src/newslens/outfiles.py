"""Output files that are whole or absent: every file newslens writes (CSV, tables, HTML pages, charts, graphs,
Parquet) goes to a temporary file in the same folder, is synced, and is renamed over the target only when it is
complete. A full disk, a Ctrl-C or a crash leaves the old file (or none) and no temporary file behind.

A target that exists and is not a regular file (``/dev/stdout``, ``/dev/null``, ``/dev/full``, a FIFO) is
written in place: there is nothing to rename over, and nothing to lose. A symbolic link is followed (the file it
points at is replaced, the link kept).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with replacing(folder / "out.csv") as stream:
...     _ = stream.write("a,b\\n")
>>> (folder / "out.csv").read_text(), sorted(p.name for p in folder.iterdir())
('a,b\\n', ['out.csv'])
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from newslens.errors import OutputError

TEMP_SUFFIX = ".part"


def _real(path: str | os.PathLike) -> Path:
    """The path with every symbolic link resolved (the target's folder is where its temporary file goes)."""
    return Path(os.path.realpath(os.fspath(path)))


def _in_place(target: Path) -> bool:
    """A device, FIFO or socket: written as it is, never replaced."""
    try:
        return not stat.S_ISREG(target.stat().st_mode)
    except FileNotFoundError:
        return False


def _mode_for(target: Path) -> int:
    """The permissions the finished file gets: the old file's, else what ``open`` would give (umask applied)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def _failed(target: Path, err: OSError, *, replaced: bool = True) -> OutputError:
    reason = err.strerror or str(err)
    kept = "; nothing was written there (a file it held is unchanged)" if replaced else ""
    return OutputError(f"cannot write {target}: {reason}{kept}")


def open_temporary(path: str | os.PathLike, *, binary: bool = False) -> tuple[Path, Path, IO]:
    """(target, temporary path, open stream) for writing ``path``; raises OSError when its folder cannot be
    written (the caller's usage mistake, before any work)."""
    target = _real(path)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    stream = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
    return target, Path(temporary), stream


def finish(target: Path, temporary: Path, stream: IO) -> None:
    """Sync and close the temporary file, give it the target's permissions, rename it over the target."""
    stream.flush()
    os.fsync(stream.fileno())
    stream.close()
    os.chmod(temporary, _mode_for(target))
    os.replace(temporary, target)


def discard(temporary: Path, stream: IO) -> None:
    """Close and remove a temporary file that will not be finished (errors closing it are moot)."""
    with contextlib.suppress(OSError):
        stream.close()
    with contextlib.suppress(OSError):
        temporary.unlink()


@contextlib.contextmanager
def replacing(path: str | os.PathLike, *, binary: bool = False) -> Iterator[IO]:
    """A stream whose content replaces ``path`` when the block ends without an error, and only then. An
    OSError while writing (a full disk) becomes an OutputError that names the file; the temporary file is
    removed whatever happens. The temporary file is made on entry, so a folder that cannot be written fails
    (OSError) before the block runs."""
    target = _real(path)
    if _in_place(target):
        yield from _written_in_place(target, binary)
        return
    target, temporary, stream = open_temporary(target, binary=binary)
    try:
        yield stream
        finish(target, temporary, stream)
    except OSError as err:
        discard(temporary, stream)
        raise _failed(target, err) from err
    except BaseException:
        discard(temporary, stream)
        raise


def _written_in_place(target: Path, binary: bool) -> Iterator[IO]:
    stream = open(target, "wb") if binary else open(target, "w", encoding="utf-8", newline="")  # noqa: SIM115
    try:
        yield stream
        stream.close()
    except OSError as err:
        with contextlib.suppress(OSError):
            stream.close()
        raise _failed(target, err, replaced=False) from err
    except BaseException:
        with contextlib.suppress(OSError):
            stream.close()
        raise
