"""Local multiprocessing: N worker processes, each loading the model once and running the whole analysis
(spaCy, entities, quotes) on batches of Documents, sending back small records, never Docs.

Workers are started with ``spawn`` (safe next to threads, the same on every platform); the parent does not
load spaCy at all. At most a few batches per worker are in flight, so memory stays flat on any corpus.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace

from newslens import analysis
from newslens.readers import Document
from newslens.records import Article

BATCH_SIZE = 8  # articles per task: small, so that the last tasks of a run end close together
TASK_CHARS = 200_000
IN_FLIGHT = 3  # tasks queued per worker: enough that a worker never waits for the parent

_model: str | None = None


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _start(model: str | None) -> None:
    """Worker start-up: load the model once for the worker's life."""
    global _model
    from newslens.pipeline import load

    _model = model
    load(model)


def analyze_in_worker(documents: list[Document]) -> list[Article]:
    """One task: the Articles of a batch, their text left out (the parent has it)."""
    from newslens.analysis import analyze_batch
    from newslens.pipeline import load

    return [replace(article, text="") for article in analyze_batch(load(_model), documents)]


class LocalPool:
    """Worker processes that analyze batches: ``submit(documents)`` returns a Future of their Articles."""

    def __init__(self, model: str | None, jobs: int):
        import multiprocessing

        self.jobs = jobs
        self.executor = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_start, initargs=(model,))

    def submit(self, documents: list[Document]) -> Future:
        return self.executor.submit(analyze_in_worker, documents)

    @property
    def capacity(self) -> int:
        """How many batches may be in flight at once."""
        return self.jobs * IN_FLIGHT

    def close(self, cancel: bool = False) -> None:
        self.executor.shutdown(wait=True, cancel_futures=cancel)


def analyze_parallel(documents: Iterable[Document], *, model: str | None = None, jobs: int = 2,
                     batch_size: int = BATCH_SIZE) -> Iterator[Article]:
    """Articles for Documents, in order, analyzed by ``jobs`` worker processes (the library's ``jobs=N``)."""
    from newslens.pipeline import model_id

    model_id(model)  # a missing model fails here, with one clear message, not in every worker
    pool = LocalPool(model, jobs)
    pending: deque[tuple[list[Document], Future]] = deque()
    batches = analysis.batches(documents, size=batch_size, chars=TASK_CHARS)
    finished = False
    try:
        while True:
            while not finished and len(pending) < pool.capacity:
                batch = next(batches, None)
                if batch is None:
                    finished = True
                    break
                pending.append((batch, pool.submit(batch)))
            if not pending:
                break
            batch, future = pending.popleft()
            for document, article in zip(batch, future.result(), strict=True):
                yield replace(article, text=document.text)
    except BaseException:
        pool.close(cancel=True)
        raise
    pool.close()
