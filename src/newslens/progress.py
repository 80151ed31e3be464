"""A progress bar on stderr for long runs: articles done, articles per second, time left.

Shown only when stderr is a terminal and the run is not ``--quiet``; rich is imported only then, so a piped
or scripted run pays nothing for it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import IO, TypeVar

T = TypeVar("T")


def wanted(quiet: bool, stream: IO[str] | None = None) -> bool:
    stream = stream or sys.stderr
    return not quiet and bool(getattr(stream, "isatty", lambda: False)())


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
            self._progress.advance(self._task, count)

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
                left = int((task.total - task.completed) / speed)
                text += f", {left // 3600}:{left // 60 % 60:02d}:{left % 60:02d} left"
            return Text(text, style="progress.data.speed")

    return Speed()
