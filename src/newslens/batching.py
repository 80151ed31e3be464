"""Cutting a stream into lists, one way for every layer: the spaCy groups, the engine's tasks, the store's
chunks of rows and the export's row groups."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], *, size: int | None = None, chars: int | None = None,
            length: Callable[[T], int] = len, apart: Callable[[T, T], bool] | None = None) -> Iterator[list[T]]:
    """The items in order, in lists of at most ``size`` items and ``chars`` characters (by ``length``; an item
    longer than ``chars`` goes alone), and never holding two neighbours that ``apart(before, after)`` says
    belong to different lists. Streams: one list is held at a time."""
    batch: list[T] = []
    total = 0
    for item in items:
        n = length(item) if chars is not None else 0
        if batch and ((size is not None and len(batch) >= size) or (chars is not None and total + n > chars)
                      or (apart is not None and apart(batch[-1], item))):
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += n
    if batch:
        yield batch
