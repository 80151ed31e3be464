"""Interrupted and concurrent work on real `newslens add` processes: SIGKILL and SIGTERM mid-run leave no
worker behind and a consistent store that a rerun completes; four adds and a query at once on a new store lose
nothing and fail nowhere."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import psutil
import pytest

from conftest import DATA, SEED

ARTICLES = 48


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Articles enough that a run with two workers takes some seconds: variants of the seed and the test
    articles (each with a line of its own, so that each is analysed)."""
    folder = tmp_path_factory.mktemp("corpus")
    texts = [SEED.read_text(encoding="utf-8")] + [p.read_text(encoding="utf-8", errors="replace")
                                                   for p in sorted((DATA / "articles").glob("*.txt"))]
    for n in range(ARTICLES):
        (folder / f"story-{n:02d}.txt").write_text(texts[n % len(texts)] + f"\nUpdate {n}: the talks go on.\n",
                                                   encoding="utf-8")
    return folder


def add(*args, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "newslens", "add", *map(str, args), "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def rows(db):
    con = sqlite3.connect(db)
    try:
        articles = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY id")]
        quotes = sorted(json.dumps(r) for r in con.execute(
            "SELECT article, speaker, kind, start, end FROM quotes"))
        return articles, quotes, con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def stored(db) -> int:
    try:
        con = sqlite3.connect(db, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def uninterrupted(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("whole") / "whole.db"
    process = add(corpus, "--db", db, "--jobs", "1")
    assert process.wait(timeout=600) == 0, process.stderr.read()
    return rows(db)


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_killed_add_leaves_no_worker_and_a_store_a_rerun_completes(corpus, uninterrupted, tmp_path, signum):
    db = tmp_path / "store.db"
    process = add(corpus, "--db", db, "--jobs", "2")
    deadline = time.monotonic() + 300
    while stored(db) < 1 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert process.poll() is None, "the run ended before it could be interrupted"
    workers = psutil.Process(process.pid).children(recursive=True)
    assert workers, "no worker processes were started"
    os.kill(process.pid, signum)
    process.wait(timeout=60)
    _, alive = psutil.wait_procs(workers, timeout=15)
    assert alive == [], f"workers left running after {signum.name}: {alive}"
    articles, _, integrity = rows(db)
    assert integrity == "ok" and 0 < len(articles) < ARTICLES
    rerun = add(corpus, "--db", db, "--jobs", "1")
    assert rerun.wait(timeout=600) == 0, rerun.stderr.read()
    assert rows(db) == uninterrupted  # every article once, with the rows of an uninterrupted run


def test_four_adds_and_queries_at_once_on_a_new_store(corpus, uninterrupted, tmp_path):
    db = tmp_path / "shared.db"
    files = sorted(corpus.iterdir())
    parts = [files[0:16], files[12:28], files[24:40], [*files[36:], *files[:4]]]  # overlapping inputs
    adds = [add(*part, "--db", db, "--jobs", "1") for part in parts]
    queries = 0
    while any(p.poll() is None for p in adds):
        query = subprocess.run([sys.executable, "-m", "newslens", "quotes", "--db", str(db), "-f", "jsonl"],
                               capture_output=True, text=True, timeout=120)
        assert query.returncode == 0 and "locked" not in query.stderr, query.stderr
        queries += 1
    for process in adds:
        err = process.stderr.read()
        assert process.wait() == 0 and "locked" not in err and "already exists" not in err, err
    assert queries >= 1
    assert rows(db) == uninterrupted  # each article exactly once, rows as one run makes them
