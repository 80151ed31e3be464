"""Analysis at corpus scale: the cache in front, the work on one process, N local processes or a Dask cluster.

``Engine.run`` takes Documents as the readers stream them and yields their Articles in the same order:

* an article whose content, model and analysis version are in the cache (``newslens.store``) is read back,
  with no spaCy at all (the model id comes from the model's meta.json);
* the others are batched and analyzed by a backend: in this process, in worker processes
  (``newslens.parallel``) or on Dask workers (``newslens.dask_engine``), and cached as they come back.

Memory is bounded: the readers stream, a few batches are in flight, and a queue of at most ``QUEUE_LIMIT``
articles waits for its turn to come out in order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from newslens.readers import RECORD_SUFFIXES, Document, expand, read_documents
from newslens.records import Article

QUEUE_LIMIT = 512  # articles waiting to come out in order (cache hits behind a batch being analyzed)
TASK_CHARS = 200_000  # a batch of work closes at this many characters, whatever its article count
# With --jobs left to choose: worker processes start only when this much text needs the model (on 2 cores,
# starting workers costs about what one process analyzes in 2-3 seconds, some 100 news articles).
AUTO_PARALLEL_CHARS = 250_000
ENGINES = ("local", "dask")
DASK_PARTITION = 64  # at most this many articles of one export in one Dask task
METADATA = ("id", "title", "subtitle", "author", "source", "published", "section")


class EngineError(Exception):
    """An engine that cannot run (Dask missing, a scheduler out of reach)."""


class Done:
    """The result of a batch analyzed in this process: ready at once."""

    def __init__(self, result: list[Article]):
        self._result = result

    def done(self) -> bool:
        return True

    def result(self) -> list[Article]:
        return self._result


class InProcess:
    """Analyze in this process, with the model loaded here."""

    batch_size = 8  # the progress bar moves every few articles (spaCy is as fast as with bigger batches)
    capacity = 1

    def __init__(self, model: str | None):
        from newslens.pipeline import load

        self.nlp = load(model)

    def submit(self, documents: list[Document]) -> Done:
        from newslens.analysis import analyze_batch

        return Done(analyze_batch(self.nlp, documents))

    def collect(self, handle) -> list[Article]:
        return handle.result()

    def close(self, cancel: bool = False) -> None:
        pass


class Processes:
    """Analyze in local worker processes (``newslens.parallel``)."""

    def __init__(self, model: str | None, jobs: int):
        from newslens.parallel import BATCH_SIZE, LocalPool

        self.pool = LocalPool(model, jobs)
        self.batch_size = BATCH_SIZE
        self.capacity = self.pool.capacity

    def submit(self, documents: list[Document]):
        return self.pool.submit(documents)

    def collect(self, handle) -> list[Article]:
        return handle.result()

    def close(self, cancel: bool = False) -> None:
        self.pool.close(cancel)


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


def read_files(paths: Iterable[str], on_error: Callable[[str, str], None] | None = None
               ) -> Iterator[tuple[int, Document]]:
    """(file number, Document) for every article under the paths: folders walked, exports split in records."""
    for number, (id, _) in enumerate(expand(paths)):
        for document in read_documents([id], on_error=on_error):
            yield number, document


def count_articles(paths: Iterable[str]) -> int | None:
    """How many articles the paths hold, when that is known without reading them (no exports, no stdin)."""
    total = 0
    for id, path in expand(paths):
        if path is None or Path(id).suffix.lower() in RECORD_SUFFIXES:
            return None
        total += 1
    return total


class Engine:
    """Articles for Documents, in order, each analyzed at most once per content, model and analysis version.

    ``store``: the cache (a ``newslens.store.Store``), or None for none. ``jobs``: worker processes, or None to
    decide from the work (one process on small inputs). ``engine``: ``local`` or ``dask`` (with ``scheduler``
    the address of a running Dask scheduler, else a local cluster of ``jobs`` workers)."""

    def __init__(self, *, model: str | None = None, jobs: int | None = None, store=None, engine: str = "local",
                 scheduler: str | None = None):
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r}; one of {', '.join(ENGINES)}")
        self.model, self.jobs, self.store, self.engine, self.scheduler = model, jobs, store, engine, scheduler
        self.backend = None
        self.stats = Stats()

    @property
    def model_id(self) -> str:
        """The model's name and version, as the cache and the store key analyses by."""
        from newslens.pipeline import model_id

        return model_id(self.model)

    # -- backends --

    def _start(self, pending_chars: int, pending: int):
        """The backend, chosen once enough is known: the engine asked for, else the number of jobs, else one
        process when the work is small."""
        from newslens.parallel import cpu_count

        if self.engine == "dask":
            try:
                from newslens.dask_engine import DaskPool
            except ImportError as err:
                raise EngineError("the Dask engine needs Dask: pip install 'newslens[dask]'") from err
            self.stats.backend = "dask"
            return DaskPool(self.model, scheduler=self.scheduler, workers=self.jobs)
        jobs = self.jobs
        if jobs is None:
            enough = pending_chars >= AUTO_PARALLEL_CHARS and pending >= 4 * cpu_count()
            jobs = cpu_count() if enough else 1
        if jobs > 1:
            self.stats.backend = f"{jobs} processes"
            return Processes(self.model, jobs)
        self.stats.backend = "1 process"
        return InProcess(self.model)

    def close(self, cancel: bool = False) -> None:
        if self.backend is not None:
            self.backend.close(cancel)
            self.backend = None

    # -- the run --

    def analyze(self, documents: Iterable[Document]) -> Iterator[Article]:
        """Like ``run``, for Documents that do not come from files (each is its own partition)."""
        return self.run(enumerate(documents))

    def run(self, items: Iterable[tuple[int, Document]]) -> Iterator[Article]:
        """Articles for (file number, Document) pairs, in order."""
        model = self.model_id  # a missing model fails here, before any work
        store = self.store
        queue: deque[_Slot] = deque()  # every article not yet out, in input order
        waiting: list[_Slot] = []  # misses not yet submitted
        waiting_chars = 0
        in_flight = 0
        unfinished: set[str] = set()  # digests of the misses not out yet

        def submit() -> None:
            nonlocal waiting, waiting_chars, in_flight
            if not waiting:
                return
            if self.backend is None:
                self.backend = self._start(waiting_chars, len(waiting))
            for part in self._partitions(waiting):
                batch = _Batch(self.backend.submit([slot.document for slot in part]), part)
                for index, slot in enumerate(part):
                    slot.batch, slot.index = batch, index
                in_flight += 1
            waiting, waiting_chars = [], 0

        def emit(slot: _Slot) -> Article:
            nonlocal in_flight
            if slot.document is None:
                self.stats.cached += 1
                return store.load(slot.digest, model, slot.metadata)
            if slot.batch is None:
                submit()
            batch = slot.batch
            if batch.results is None:
                batch.results = collect(batch)
                in_flight -= 1
            article = batch.results[slot.index]
            batch.results[slot.index] = None  # let it go once out
            self.stats.analyzed += 1
            return article

        def collect(batch: _Batch) -> list[Article | None]:
            """A batch's Articles, with their texts back, cached as soon as they are in (all of them, even
            when the caller stops reading before they are out)."""
            articles: list[Article | None] = []
            for slot, article in zip(batch.slots, self.backend.collect(batch.handle), strict=True):
                if article.text != slot.document.text:
                    article = replace(article, text=slot.document.text)
                if store is not None:
                    store.save(article, model, digest=slot.digest)
                unfinished.discard(slot.digest)
                articles.append(article)
            batch.slots = []
            return articles

        def ready(slot: _Slot) -> bool:
            return slot.document is None or (slot.batch is not None and (
                slot.batch.results is not None or slot.batch.handle.done()))

        try:
            for file, document in items:
                digest = document.digest
                metadata = {name: getattr(document, name) for name in METADATA}
                if store is not None and (digest in unfinished or store.cached(digest, model)):
                    # cached, or a copy of an article on its way: read back from the cache when its turn comes
                    queue.append(_Slot(metadata, digest))
                else:
                    if waiting and self._closes(waiting, waiting_chars, file):
                        submit()
                    slot = _Slot(metadata, digest, document, file)
                    unfinished.add(digest)
                    queue.append(slot)
                    waiting.append(slot)
                    waiting_chars += len(document.text)
                if len(queue) >= QUEUE_LIMIT:
                    submit()
                while queue and (ready(queue[0]) or len(queue) >= QUEUE_LIMIT
                                 or in_flight > getattr(self.backend, "capacity", 1)):
                    yield emit(queue.popleft())
            submit()
            while queue:
                yield emit(queue.popleft())
        except BaseException:
            self.close(cancel=True)
            raise
        finally:
            if store is not None:
                store.commit()
        self.close()

    def _closes(self, waiting: list[_Slot], chars: int, file: int) -> bool:
        """Whether the misses waiting are submitted before an article of ``file`` joins them."""
        if self.backend is None and self.engine == "local" and self.jobs is None:
            return chars >= AUTO_PARALLEL_CHARS  # still deciding how many processes the work deserves
        if self.engine == "dask":
            return file != waiting[-1].file or len(waiting) >= DASK_PARTITION or chars >= TASK_CHARS
        return len(waiting) >= getattr(self.backend, "batch_size", 32) or chars >= TASK_CHARS

    def _partitions(self, slots: list[_Slot]) -> Iterator[list[_Slot]]:
        """The waiting misses cut into batches: by size, and for Dask by file (a partition is whole files,
        or part of an export that holds more than one partition's worth)."""
        size = DASK_PARTITION if self.engine == "dask" else self.backend.batch_size
        part: list[_Slot] = []
        chars = 0
        for slot in slots:
            if part and (len(part) >= size or chars >= TASK_CHARS
                         or (self.engine == "dask" and slot.file != part[-1].file)):
                yield part
                part, chars = [], 0
            part.append(slot)
            chars += len(slot.document.text)
        if part:
            yield part

