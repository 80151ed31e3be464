"""The standard streams as a hostile shell may hand them over: closed (``<&-``, ``>&-``, ``2>&-``) or full
(``> /dev/full``). Set up once by the command line's entry point, before anything else opens a file.

* A closed stream's file descriptor gets ``/dev/null``, so that the next file opened (the store) never takes
  descriptor 1 or 2 and receives what a library prints.
* Reading a closed stdin, or writing to a closed stdout, raises OSError (``EBADF``): the command reports it in
  one line and exits 1, instead of Python's traceback on ``None``.
* stderr never raises: a message that cannot be written (stderr closed or full) is dropped, and ``lost()``
  says so, for the exit status.

>>> stream = ClosedStream("stdout")
>>> stream.write("x")
Traceback (most recent call last):
OSError: [Errno 9] standard output is closed
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from typing import Any

NAMES = {"stdin": "standard input", "stdout": "standard output", "stderr": "standard error"}


class ClosedStream(io.TextIOBase):
    """In place of ``sys.stdin``/``sys.stdout`` when the shell closed it: reading or writing raises OSError;
    flushing does nothing (a command that writes no data to stdout runs as usual)."""

    def __init__(self, name: str, fd: int | None = None):
        self.stream_name, self.fd = name, fd

    def _refuse(self, *_args: Any) -> Any:
        raise OSError(errno.EBADF, f"{NAMES[self.stream_name]} is closed")

    read = readline = write = _refuse

    @property
    def buffer(self) -> ClosedStream:
        return self

    def readable(self) -> bool:
        return self.stream_name == "stdin"

    def writable(self) -> bool:
        return self.stream_name != "stdin"

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        if self.fd is None:
            raise OSError(errno.EBADF, f"{NAMES[self.stream_name]} is closed")
        return self.fd

    def flush(self) -> None:
        pass


class TolerantStream:
    """stderr that never raises: a write that fails (closed, full) is dropped and remembered, and descriptor 2
    is pointed at /dev/null so that nothing at exit tries again."""

    def __init__(self, stream: Any):
        self._stream = stream
        self.failed = False

    def _fail(self) -> None:
        self.failed = True
        with contextlib.suppress(OSError, ValueError, AttributeError):
            _point_at_null(self._stream.fileno())

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError:
            self._fail()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError:
            self._fail()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class LabelledStream:
    """stdout whose errors say they are stdout's: an OSError on writing or flushing (a full disk behind
    ``> FILE``) is raised again with the file name ``standard output``."""

    def __init__(self, stream: Any):
        self._stream = stream

    def _labelled(self, call: Any, *args: Any) -> Any:
        try:
            return call(*args)
        except OSError as err:
            if err.filename:
                raise
            raise type(err)(err.errno, err.strerror, NAMES["stdout"]) from err

    def write(self, data: Any) -> Any:
        return self._labelled(self._stream.write, data)

    def flush(self) -> None:
        self._labelled(self._stream.flush)

    @property
    def buffer(self) -> Any:
        return LabelledStream(self._stream.buffer) if hasattr(self._stream, "buffer") else self

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _point_at_null(fd: int) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def guard() -> None:
    """Make the standard streams safe (see the module's docstring). Idempotent."""
    closed = [fd for fd in (0, 1, 2) if not _is_open(fd)]
    for fd in closed:  # lowest first: each takes its own number
        _point_at_null(fd)
    if 0 in closed or sys.stdin is None:
        sys.stdin = ClosedStream("stdin", 0)
    if 1 in closed or sys.stdout is None:
        sys.stdout = ClosedStream("stdout", 1)
    elif not isinstance(sys.stdout, LabelledStream):
        sys.stdout = LabelledStream(sys.stdout)
    if not isinstance(sys.stderr, TolerantStream):
        stderr = TolerantStream(sys.stderr if sys.stderr is not None and 2 not in closed else
                                open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 -- for the whole run
        stderr.failed = 2 in closed or sys.stderr is None
        sys.stderr = stderr


def lost() -> bool:
    """Whether a message could not be written to stderr (closed or full) in this run."""
    return isinstance(sys.stderr, TolerantStream) and sys.stderr.failed


def silence_stdout() -> None:
    """Point stdout at /dev/null after it failed (a closed pipe, a full disk), so that the flush at exit does
    not fail a second time."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        _point_at_null(sys.stdout.fileno())


def describe(err: OSError) -> str:
    """One line for an OSError that ends a command: the file (or stream) and the reason.

    >>> describe(FileNotFoundError(2, "No such file or directory", "a.txt"))
    'a.txt: No such file or directory'
    """
    reason = err.strerror or str(err)
    if err.filename:
        return f"{os.fsdecode(err.filename)}: {reason}"
    if err.errno == errno.EBADF and reason.startswith("standard "):  # a ClosedStream's own message
        return f"{reason}: nothing could be written there" if "output" in reason else reason
    return reason
