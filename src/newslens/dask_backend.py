"""The distributed backend of the engine: the same analysis on a Dask cluster (``pip install 'newslens[dask]'``).

``newslens add PATH... --engine dask [--scheduler ADDRESS]``: the client reads the files (workers need no
access to them), checks the cache, and submits one task per file (an export holding many articles is cut
into several). Each worker loads the spaCy model once, when it joins (a worker plugin; later tasks find it in
the worker's own cache): the graph carries Documents and returns small records, never the model or Docs.
Results come back in input order and are stored by the client, so the rows are those of the local engine.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from distributed import Client, LocalCluster, WorkerPlugin

from newslens.errors import EngineError
from newslens.readers import Document
from newslens.records import Article

PARTITION = 64  # at most this many articles of one export in one task
IN_FLIGHT = 4  # tasks queued per worker thread
CONNECT_TIMEOUT = "30s"
_lock = threading.Lock()  # one analysis at a time per worker process (a spaCy pipeline is not thread-safe)


class ModelLoader(WorkerPlugin):
    """Load the model when a worker starts, into the worker process's own cache (``pipeline.load``)."""

    name = "newslens-model"

    def __init__(self, model: str | None):
        self.model = model

    def setup(self, worker) -> None:  # noqa: ARG002 (Dask's plugin protocol passes the worker by keyword)
        from newslens.pipeline import load

        with _lock:
            load(self.model)


def analyze_partition(documents: list[Document], model: str | None) -> tuple[str, list[Article]]:
    """One task, on a worker: (the worker's model id, the Articles without their text)."""
    from newslens.analysis import analyze_batch
    from newslens.pipeline import load, model_id

    with _lock:
        articles = analyze_batch(load(model), documents)
    return model_id(model), [replace(article, text="") for article in articles]


class DaskBackend:
    """A Dask client (to ``scheduler``, or to a local cluster of ``workers`` single-threaded processes) that
    analyzes batches of Documents: one task per file, or per PARTITION articles of an export."""

    name = "dask"
    batch_size = PARTITION
    by_file = True

    def __init__(self, model: str | None, *, scheduler: str | None = None, workers: int = 1):
        from newslens.pipeline import model_id

        self.model = model
        self.expected = model_id(model)
        self.cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as err:
                raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from err
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        self.client.register_plugin(ModelLoader(model))
        threads = sum(self.client.nthreads().values()) or 1
        self.capacity = threads * IN_FLIGHT

    def submit(self, documents: list[Document]):
        return self.client.submit(analyze_partition, documents, self.model, pure=False)

    def collect(self, future) -> list[Article]:
        worker_model, articles = future.result()
        if worker_model != self.expected:
            raise EngineError(f"a Dask worker analyzed with {worker_model}, not {self.expected}: install the same "
                               "model (and newslens) on the workers")
        return articles

    def close(self, cancel: bool = False) -> None:  # noqa: ARG002 (closing the client releases all its tasks)
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
