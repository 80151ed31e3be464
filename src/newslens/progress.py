"""Progress of long runs, on stderr: a bar on a terminal, a line every 30 seconds otherwise.

On a terminal (and not ``--quiet``) a rich bar shows articles done, articles per second and time left; rich is
imported only then, so a piped or scripted run pays nothing for it. When stderr is not a terminal, ``add``
logs a line every ``LOG_SECONDS`` or every ``LOG_ARTICLES`` articles: done, rate, time left. An article long
enough to be parsed in pieces (a transcript) reports its pieces as they are done, so that it shows progress
too.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import IO, TypeVar

T = TypeVar("T")
LOG_SECONDS = 30.0
LOG_ARTICLES = 1000


def wanted(quiet: bool, stream: IO[str] | None = None) -> bool:
    stream = stream or sys.stderr
    return not quiet and bool(getattr(stream, "isatty", lambda: False)())


def tracker(total: int | None, *, quiet: bool, description: str = "Analyzing", log: bool = False,
            stream: IO[str] | None = None) -> Progress | ProgressLog:
    """The bar on a terminal; with ``log``, the periodic lines elsewhere; else nothing shown."""
    stream = stream or sys.stderr
    if not quiet and not wanted(quiet, stream) and log:
        return ProgressLog(total, description=description, stream=stream)
    return Progress(total, enabled=wanted(quiet, stream), description=description, stream=stream)


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Progress:
    """``with Progress(total, enabled=...) as bar: for x in bar.track(items): ...``; a no-op when disabled."""

    def __init__(self, total: int | None, *, enabled: bool, description: str = "Analyzing",
                 stream: IO[str] | None = None):
        self.total, self.enabled, self.description = total, enabled, description
        self.stream = stream or sys.stderr
        self._progress = None
        self._task = None

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), _speed_column(), console=Console(file=self.stream), transient=False)
            self._progress.start()
            self._task = self._progress.add_task(self.description, total=self.total)
        return self

    def advance(self, count: int = 1) -> None:
        if self._progress is not None:
            self._progress.update(self._task, advance=count, description=self.description)

    def piece(self, article: str, done: int, total: int) -> None:
        """A long article parsed in pieces: ``done`` of ``total`` so far."""
        if self._progress is not None:
            from rich.markup import escape  # the description is rich markup: an id's `[b]` is text

            shown = escape(_short(article))
            self._progress.update(self._task, description=f"{self.description} {shown}: piece {done} of {total}")

    def track(self, items: Iterable[T]) -> Iterator[T]:
        for item in items:
            yield item
            self.advance()
        self.finish()

    def finish(self) -> None:
        """Stop showing the bar (before the results are printed)."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def __exit__(self, *exc) -> None:
        self.finish()


class ProgressLog:
    """Progress as a line on stderr every LOG_SECONDS or every LOG_ARTICLES articles, for runs whose stderr is
    a log file or a pipe (a batch job, a container)."""

    def __init__(self, total: int | None, *, description: str = "Analyzing", stream: IO[str] | None = None):
        self.total, self.description = total, description
        self.stream = stream or sys.stderr
        self.done = 0
        self.started = self.last = time.monotonic()
        self.last_done = 0
        self.working: str | None = None

    def __enter__(self) -> ProgressLog:
        return self

    def advance(self, count: int = 1) -> None:
        self.done += count
        self.working = None
        self._maybe_log()

    def piece(self, article: str, done: int, total: int) -> None:
        self.working = f"{_short(article)}: piece {done} of {total}"
        self._maybe_log()

    def _maybe_log(self) -> None:
        now = time.monotonic()
        if now - self.last >= LOG_SECONDS or self.done - self.last_done >= LOG_ARTICLES:
            self._log(now)

    def _log(self, now: float) -> None:
        elapsed = now - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        line = f"newslens: {self.description.lower()}: {self.done:,}"
        if self.total is not None:
            line += f" of {self.total:,}"
        line += f" articles ({rate:.1f}/s, {_clock(elapsed)} elapsed"
        if self.total is not None and rate > 0 and self.done < self.total:
            line += f", {_clock((self.total - self.done) / rate)} left"
        line += ")"
        if self.working:
            line += f"; {self.working}"
        print(line, file=self.stream, flush=True)
        self.last, self.last_done = now, self.done

    def finish(self) -> None:
        pass

    def __exit__(self, *exc) -> None:
        self.finish()


def _short(article: str, width: int = 40) -> str:
    """An article id for a progress line: its end, control characters escaped (``output.escaped``)."""
    from newslens.output import escaped

    article = escaped(article)
    return article if len(article) <= width else "…" + article[-(width - 1):]


def _speed_column():
    """Articles per second and time left, from the average since the start: articles come out in batches, so
    rich's own short-window estimate would jump."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class Speed(ProgressColumn):
        def render(self, task) -> Text:
            elapsed = task.finished_time if task.finished else task.elapsed
            if not elapsed or not task.completed:
                return Text("- articles/s", style="progress.data.speed")
            speed = task.completed / elapsed
            text = f"{speed:.1f} articles/s"
            if task.total is not None and not task.finished:
                text += f", {_clock((task.total - task.completed) / speed)} left"
            return Text(text, style="progress.data.speed")

    return Speed()
