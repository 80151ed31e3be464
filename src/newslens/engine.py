"""Analysis at any scale, through one scheduler: the cache in front, the work on a backend.

``Engine.run`` takes (file number, Document) pairs as the readers stream them and yields their Articles in
the same order:

* an article whose content, model and analysis version are in the cache (``newslens.store``) is read back,
  with no spaCy at all (the model id comes from the model's meta.json);
* the others are cut into batches and submitted to a backend, and cached as they come back. A backend is
  anything with the small ``Backend`` protocol below: ``InProcess`` (the model loaded here), ``Processes``
  (local worker processes) or ``DaskBackend`` (a Dask cluster, ``newslens.dask_backend``). Each runs the same
  unit of work, ``analysis.analyze_batch``.

Memory is bounded: the readers stream, a few batches per worker are in flight, and a queue of at most
``QUEUE_LIMIT`` articles waits for its turn to come out in order. Every scheduling knob is defined here.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, Protocol

from newslens.batching import batched
from newslens.errors import EngineError
from newslens.readers import Document
from newslens.records import DOCUMENT_FIELDS, Article

ENGINES = ("local", "dask")
QUEUE_LIMIT = 512  # articles waiting to come out in order (cache hits behind a batch being analyzed)
TASK_CHARS = 200_000  # a batch of work closes at this many characters, whatever its article count
# With the number of jobs left to choose: worker processes start only when this much text needs the model (on
# 2 cores, starting workers costs about what one process analyzes in 2-3 seconds, some 100 news articles).
AUTO_PARALLEL_CHARS = 250_000
IN_PROCESS_BATCH = 8  # the progress bar moves every few articles (spaCy is as fast as with bigger batches)
WORKER_BATCH = 8  # articles per task: small, so that the last tasks of a run end close together
WORKER_IN_FLIGHT = 3  # tasks queued per worker: enough that a worker never waits for the parent
PARENT_CHECK_SECONDS = 0.5  # how often a worker looks whether its parent is still there


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Handle(Protocol):
    def done(self) -> bool: ...


class Backend(Protocol):
    """Where batches are analysed. ``submit`` returns at once; ``collect`` waits for the batch's Articles."""

    name: str  # for messages: "1 process", "2 processes", "dask"
    batch_size: int  # articles per batch
    capacity: int  # batches in flight at most
    by_file: bool  # a batch never holds articles of two files (one Dask task per file)

    def submit(self, documents: list[Document]) -> Handle: ...

    def collect(self, handle: Any) -> list[Article]: ...

    def close(self, cancel: bool = False) -> None: ...


class Done:
    """The result of a batch analysed in this process: ready at once."""

    def __init__(self, result: list[Article]):
        self._result = result

    def done(self) -> bool:
        return True

    def result(self) -> list[Article]:
        return self._result


class InProcess:
    """Analyse in this process, with the model loaded here."""

    name = "1 process"
    batch_size = IN_PROCESS_BATCH
    capacity = 1
    by_file = False

    def __init__(self, model: str | None, on_piece=None):
        from newslens.pipeline import load

        self.nlp = load(model)
        self.on_piece = on_piece  # a long article parsed in pieces reports them (worker processes do not)

    def submit(self, documents: list[Document]) -> Done:
        from newslens.analysis import analyze_batch

        return Done(analyze_batch(self.nlp, documents, on_piece=self.on_piece))

    def collect(self, handle: Done) -> list[Article]:
        return handle.result()

    def close(self, cancel: bool = False) -> None:
        pass


_worker_model: str | None = None


def _start_worker(model: str | None) -> None:
    """A worker process's start-up: load the model once for the worker's life. Ctrl-C is the parent's to
    handle (it stops the workers itself), and a worker whose parent dies (SIGKILL leaves no one to stop it)
    exits within a second."""
    global _worker_model
    import signal
    import threading

    from newslens.pipeline import load

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="newslens-parent-watch").start()
    _worker_model = model
    load(model)


def _exit_with(parent: int) -> None:
    """Exit this worker when its parent is gone (the worker is then a child of another process)."""
    import time

    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _analyze_in_worker(documents: list[Document]) -> list[Article]:
    """One task in a worker: the Articles of a batch, their text left out (the parent has it)."""
    from newslens.analysis import analyze_batch
    from newslens.pipeline import load

    return [replace(article, text="") for article in analyze_batch(load(_worker_model), documents)]


class Processes:
    """Analyse in local worker processes, started with ``spawn`` (safe next to threads, the same on every
    platform); the parent does not load spaCy at all."""

    batch_size = WORKER_BATCH
    by_file = False

    def __init__(self, model: str | None, jobs: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.name = f"{jobs} processes"
        self.capacity = jobs * WORKER_IN_FLIGHT
        self.executor = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_start_worker, initargs=(model,))

    def submit(self, documents: list[Document]):
        return self.executor.submit(_analyze_in_worker, documents)

    def collect(self, handle) -> list[Article]:
        return handle.result()

    def close(self, cancel: bool = False) -> None:
        if cancel:
            # an interrupted run stops now: a worker may be minutes into a long article (the executor keeps its
            # processes in `_processes`; it has no public way to stop running tasks)
            for process in list(getattr(self.executor, "_processes", {}).values()):
                process.terminate()
        self.executor.shutdown(wait=True, cancel_futures=cancel)


class _Batch:
    """Articles submitted together; collected once, when the first of them comes out."""

    def __init__(self, handle, slots: list):
        self.handle = handle
        self.slots = slots
        self.results: list[Article | None] | None = None


@dataclass
class _Slot:
    """One article on its way out: a cache hit (no document kept) or a miss, in a batch once submitted."""

    metadata: dict[str, Any]  # the reader's metadata (id, title, ...), enough to rebuild a cached Article
    digest: str
    document: Document | None = None  # kept for a miss only: its text goes back into the Article
    file: int = 0
    batch: _Batch | None = None
    index: int = 0


@dataclass
class Stats:
    analyzed: int = 0
    cached: int = 0
    backend: str = "none"


class Engine:
    """Articles for Documents, in order, each analysed at most once per content, model and analysis version.

    ``store``: the cache (a ``newslens.store.Store``), or None for none. ``jobs``: worker processes, or None to
    decide from the work (one process on small inputs, every core on large ones). ``engine``: ``local`` or
    ``dask`` (with ``scheduler`` the address of a running Dask scheduler, else a local cluster of ``jobs``
    workers). ``on_piece(id, done, total)``: the pieces of a long article parsed in this process."""

    def __init__(self, *, model: str | None = None, jobs: int | None = None, store=None, engine: str = "local",
                 scheduler: str | None = None, on_piece=None):
        if engine not in ENGINES:
            raise EngineError(f"unknown engine {engine!r}; one of {', '.join(ENGINES)}")
        self.model, self.jobs, self.store, self.engine, self.scheduler = model, jobs, store, engine, scheduler
        self.on_piece = on_piece  # ``(id, done, total)`` for a long article parsed in pieces in this process
        self.backend: Backend | None = None
        self.stats = Stats()

    @property
    def model_id(self) -> str:
        """The model's name and version, as the cache and the store key analyses by."""
        from newslens.pipeline import model_id

        return model_id(self.model)

    # -- backends --

    def _start(self, pending_chars: int = 0, pending: int = 0) -> Backend:
        """The backend: the engine asked for, else the number of jobs, else one process when the work waiting
        is small."""
        if self.engine == "dask":
            try:
                from newslens.dask_backend import DaskBackend
            except ImportError as err:
                raise EngineError("the Dask engine needs Dask: pip install 'newslens[dask]'") from err
            backend: Backend = DaskBackend(self.model, scheduler=self.scheduler,
                                           workers=self.jobs or cpu_count())
        else:
            jobs = self.jobs
            if jobs is None:
                enough = pending_chars >= AUTO_PARALLEL_CHARS and pending >= 4 * cpu_count()
                jobs = cpu_count() if enough else 1
            backend = Processes(self.model, jobs) if jobs > 1 else InProcess(self.model, self.on_piece)
        self.stats.backend = backend.name
        return backend

    def _decided(self) -> bool:
        """Whether the backend is known before any work is seen."""
        return self.engine == "dask" or self.jobs is not None

    def close(self, cancel: bool = False) -> None:
        if self.backend is not None:
            self.backend.close(cancel)
            self.backend = None

    # -- the run --

    def analyze(self, documents: Iterable[Document]) -> Iterator[Article]:
        """Like ``run``, for Documents that do not come from files (each is its own file)."""
        return self.run(enumerate(documents))

    def run(self, items: Iterable[tuple[int, Document]]) -> Iterator[Article]:
        """Articles for (file number, Document) pairs, in order."""
        run = _Run(self, self.model_id)  # a missing model fails here, before any work
        try:
            for file, document in items:
                run.take(file, document)
                yield from run.ready()
            run.submit()
            yield from run.rest()
        except BaseException:
            self.close(cancel=True)
            raise
        self.close()

    def _closes(self, waiting: list[_Slot], chars: int, file: int) -> bool:
        """Whether the misses waiting are submitted before an article of ``file`` joins them."""
        backend = self.backend
        if backend is None:
            return chars >= AUTO_PARALLEL_CHARS  # still deciding how many processes the work deserves
        return (len(waiting) >= backend.batch_size or chars >= TASK_CHARS
                or (backend.by_file and file != waiting[-1].file))

    def _partitions(self, slots: list[_Slot]) -> Iterator[list[_Slot]]:
        """The waiting misses cut into batches by size, and, for a backend that wants them so, by file (a
        partition is whole files, or part of an export that holds more than one partition's worth)."""
        assert self.backend is not None
        apart = (lambda a, b: a.file != b.file) if self.backend.by_file else None
        return batched(slots, size=self.backend.batch_size, chars=TASK_CHARS,
                       length=lambda slot: len(slot.document.text), apart=apart)


class _Run:
    """The state of one ``Engine.run``: every article not yet out, in input order, and the misses waiting to be
    submitted or in flight."""

    def __init__(self, engine: Engine, model: str):
        self.engine, self.model, self.store = engine, model, engine.store
        self.queue: deque[_Slot] = deque()
        self.waiting: list[_Slot] = []
        self.waiting_chars = 0
        self.in_flight = 0
        self.unfinished: set[str] = set()  # digests of the misses not out yet

    def take(self, file: int, document: Document) -> None:
        """Queue an article: a cache hit, or a miss that waits for its batch."""
        digest = document.digest
        metadata = {name: getattr(document, name) for name in DOCUMENT_FIELDS}
        if self.store is not None and (digest in self.unfinished or self.store.cached(digest, self.model)):
            # cached, or a copy of an article on its way: read back from the cache when its turn comes
            self.queue.append(_Slot(metadata, digest))
        else:
            engine = self.engine
            if engine.backend is None and engine._decided():
                engine.backend = engine._start()
            if self.waiting and engine._closes(self.waiting, self.waiting_chars, file):
                self.submit()
            slot = _Slot(metadata, digest, document, file)
            self.unfinished.add(digest)
            self.queue.append(slot)
            self.waiting.append(slot)
            self.waiting_chars += len(document.text)
        if len(self.queue) >= QUEUE_LIMIT:
            self.submit()

    def ready(self) -> Iterator[Article]:
        """The articles that can come out now: those done, or the oldest when too many wait."""
        backend = self.engine.backend
        while self.queue and (self._done(self.queue[0]) or len(self.queue) >= QUEUE_LIMIT
                              or self.in_flight > (backend.capacity if backend else 1)):
            yield self._emit(self.queue.popleft())

    def rest(self) -> Iterator[Article]:
        while self.queue:
            yield self._emit(self.queue.popleft())

    def submit(self) -> None:
        """The misses waiting go to the backend, in batches."""
        if not self.waiting:
            return
        engine = self.engine
        if engine.backend is None:
            engine.backend = engine._start(self.waiting_chars, len(self.waiting))
        for part in engine._partitions(self.waiting):
            batch = _Batch(engine.backend.submit([slot.document for slot in part]), part)
            for index, slot in enumerate(part):
                slot.batch, slot.index = batch, index
            self.in_flight += 1
        self.waiting, self.waiting_chars = [], 0

    @staticmethod
    def _done(slot: _Slot) -> bool:
        return slot.document is None or (slot.batch is not None and (
            slot.batch.results is not None or slot.batch.handle.done()))

    def _emit(self, slot: _Slot) -> Article:
        stats = self.engine.stats
        if slot.document is None:
            stats.cached += 1
            return self.store.load(slot.digest, self.model, slot.metadata)
        if slot.batch is None:
            self.submit()
        batch = slot.batch
        if batch.results is None:
            batch.results = self._collect(batch)
            self.in_flight -= 1
        article = batch.results[slot.index]
        batch.results[slot.index] = None  # let it go once out
        stats.analyzed += 1
        return article

    def _collect(self, batch: _Batch) -> list[Article | None]:
        """A batch's Articles, with their texts back, cached as soon as they are in (all of them, even when the
        caller stops reading before they are out)."""
        articles: list[Article | None] = []
        for slot, article in zip(batch.slots, self.engine.backend.collect(batch.handle), strict=True):
            if article.text != slot.document.text:
                article = replace(article, text=slot.document.text)
            if self.store is not None:
                self.store.save(article, self.model, digest=slot.digest)
            self.unfinished.discard(slot.digest)
            articles.append(article)
        batch.slots = []
        return articles
