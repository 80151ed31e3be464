"""Local parallelism and the engine's ordering: N worker processes give exactly the one-process Articles, in
order; the engine keeps input order across cache hits and misses and never reads far ahead."""

import pytest

from conftest import DATA, SEED
from newslens import analyze_many
from newslens import engine as engine_module
from newslens.analysis import pieces
from newslens.engine import Done, Engine
from newslens.readers import from_text, read_documents, read_files
from newslens.records import Article
from newslens.store import Store

PATHS = [str(SEED), str(DATA / "articles")]


@pytest.fixture(scope="module")
def fresh():
    return list(analyze_many(read_documents(PATHS)))


def test_two_worker_processes_give_the_one_process_articles(fresh):
    """One pool start for the whole test (each worker loads the model once)."""
    documents = list(read_documents(PATHS)) * 3  # enough batches for both workers
    engine = Engine(store=None, jobs=2)
    got = list(engine.analyze(documents))
    assert engine.stats.backend == "2 processes" and engine.stats.analyzed == len(documents)
    assert got == fresh * 3


def test_library_jobs_gives_the_same_articles(fresh):
    import newslens

    got = list(newslens.analyze_many(read_documents(PATHS), jobs=2))
    assert got == fresh


def test_small_inputs_stay_in_one_process():
    engine = Engine(store=None)
    list(engine.analyze([from_text('"We are fine," Ann Lee said.\n', "a")]))
    assert engine.stats.backend == "1 process"


def test_pieces_join_back_to_the_text():
    text = ("A line of text.\n" * 50) + ("word " * 300)
    parts = pieces(text, 100)
    assert "".join(parts) == text and all(len(p) <= 100 for p in parts)
    assert parts[0].endswith("\n")
    assert pieces("short", 100) == ["short"]


class FakeBackend:
    """A unit-test backend: an 'analysis' that only copies the text, so the ordering logic runs without spaCy."""

    name = "fake"
    batch_size = 4
    capacity = 2

    def __init__(self, by_file=False):
        self.by_file = by_file
        self.submitted = []

    def submit(self, documents):
        self.submitted.append([d.id for d in documents])
        return Done([Article(id=d.id, text=d.text, words=len(d.text.split())) for d in documents])

    def collect(self, handle):
        return handle.result()

    def close(self, cancel=False):
        pass


@pytest.fixture
def fake(monkeypatch):
    backend = FakeBackend()
    monkeypatch.setattr(Engine, "_start", lambda self, chars=0, count=0: backend)
    monkeypatch.setattr(engine_module, "QUEUE_LIMIT", 16)
    return backend


def test_order_is_kept_across_hits_and_misses(tmp_path, fake):
    documents = [from_text(f"Story number {n}.\n", f"s{n}") for n in range(40)]
    with Store(tmp_path / "c.db") as store:
        list(Engine(store=store, jobs=1).analyze(documents[::3]))  # every third one is cached
        engine = Engine(store=store, jobs=1)
        got = list(engine.analyze(documents))
    assert [a.id for a in got] == [d.id for d in documents]
    assert [a.text for a in got] == [d.text for d in documents]
    assert engine.stats.cached == 14 and engine.stats.analyzed == 26


def test_the_engine_never_reads_far_ahead(fake):
    read = 0

    def documents():
        nonlocal read
        for n in range(5000):  # were they all read before the first came out, the test would see it
            read += 1
            yield n, from_text(f"Story {n}.\n", f"s{n}")

    out = Engine(store=None, jobs=1).run(documents())
    for _ in range(100):
        next(out)
        assert read <= 100 + engine_module.QUEUE_LIMIT
    out.close()


def test_dask_partitions_never_split_a_file(monkeypatch):
    engine = Engine(engine="dask")
    engine.backend = FakeBackend(by_file=True)
    slots = [engine_module._Slot({}, "", from_text("x", f"{f}-{n}"), f) for f, n in
             [(0, 0), (1, 0), (1, 1), (1, 2), (2, 0)]]
    parts = [[s.document.id for s in part] for part in engine._partitions(slots)]
    assert parts == [["0-0"], ["1-0", "1-1", "1-2"], ["2-0"]]


def test_read_files_numbers_files():
    items = list(read_files([str(DATA / "articles")]))
    files = [n for n, _ in items]
    assert files == sorted(files) and len(set(files)) == 5 and len(items) == 6  # wire.jsonl holds two
