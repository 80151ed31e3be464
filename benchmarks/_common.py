"""Shared by the corpus-scale benchmarks: pick N articles of a corpus folder, run commands, time them.

The corpus is any folder of articles; by default ../shared/eval/bbc next to the repository (2,225 BBC News
articles in five topic folders). N articles are taken round-robin from the topic folders (sorted), so any
sample spans every topic, or (``order="path"``) the first N in path order, as evaluation scripts take them;
they are linked into a temporary folder: nothing is copied into the repository.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "bbc"
SUFFIXES = {".txt", ".html", ".htm", ".jsonl", ".json", ".csv"}
NOT_ARTICLES = {"README", "LICENSE", "LICENCE", "NOTICE"}  # the BBC folder's README.TXT is not an article


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of articles [%(default)s]")
    p.add_argument("--model", help="spaCy pipeline (default: newslens's default)")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (stores, samples)")
    return p


ORDERS = ("round-robin", "path")


def sample(corpus: Path, n: int | None, order: str = "round-robin") -> list[Path]:
    """N article files (all of them when n is None): round-robin over the corpus's sub-folders, or with
    ``order="path"`` the first N in path order."""
    if not corpus.is_dir():
        sys.exit(f"no corpus at {corpus} (pass --corpus FOLDER)")
    groups: dict[Path, list[Path]] = {}
    for path in sorted(corpus.rglob("*")):
        if (path.is_file() and path.suffix.lower() in SUFFIXES and not path.name.startswith(".")
                and path.stem.upper() not in NOT_ARTICLES):
            groups.setdefault(path.parent, []).append(path)
    if order == "path":
        found = sorted(p for g in groups.values() for p in g)
        if n is not None and len(found) < n:
            sys.exit(f"{corpus} holds {len(found)} articles, fewer than {n}")
        return found[:n] if n is not None else found
    files, lists = [], [list(g) for g in groups.values()]
    while any(lists) and (n is None or len(files) < n):
        for group in lists:
            if group and (n is None or len(files) < n):
                files.append(group.pop(0))
    if n is not None and len(files) < n:
        sys.exit(f"{corpus} holds {len(files)} articles, fewer than {n}")
    return files


class Workspace:
    """A temporary folder with samples (symlinks to the corpus) and fresh stores."""

    def __init__(self, keep: bool = False):
        self.root = Path(tempfile.mkdtemp(prefix="newslens-bench-"))
        self.keep = keep

    def stage(self, files: Sequence[Path], name: str) -> Path:
        folder = self.root / name
        folder.mkdir()
        for path in files:
            (folder / f"{path.parent.name}-{path.name}").symlink_to(path.resolve())
        return folder

    def db(self, name: str) -> Path:
        return self.root / f"{name}.db"

    def close(self) -> None:
        if self.keep:
            print(f"kept {self.root}")
        else:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def newslens(*args: object) -> list[str]:
    return [sys.executable, "-m", "newslens", *map(str, args)]


def env(db: Path | None = None, model: str | None = None) -> dict[str, str]:
    environment = dict(os.environ)
    environment.pop("NEWSLENS_JOBS", None)
    if db is not None:
        environment["NEWSLENS_DB"] = str(db)
    if model:
        environment["NEWSLENS_MODEL"] = model
    else:
        environment.pop("NEWSLENS_MODEL", None)
    return environment


def timed(command: Sequence[str], environment: dict[str, str] | None = None) -> float:
    """Wall seconds of one run (stdout discarded, stderr shown on failure)."""
    started = time.perf_counter()
    result = subprocess.run(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr}")
    return seconds


def stored_corpus(ws: Workspace, db: Path | None, corpus: Path, articles: int | None, model: str | None,
                  name: str) -> Path:
    """The store to query: ``db`` when given (it holds the corpus already), else one built in the workspace by
    `newslens add` over ``articles`` of the corpus (all when None)."""
    if db:
        return db
    db = ws.db(name)
    files = sample(corpus, articles)
    folder = ws.stage(files, "corpus")
    print(f"building the store: {len(files)} articles ...", flush=True)
    seconds = timed(newslens("add", folder, "--quiet", "--db", db), env(model=model))
    print(f"  built in {seconds:.0f}s")
    return db


def median_time(command: Sequence[str], environment: dict[str, str] | None, runs: int) -> float:
    return statistics.median(timed(command, environment) for _ in range(runs))


def peak_rss_mb(command: Sequence[str], environment: dict[str, str] | None = None) -> float:
    """Peak resident memory (MB) of the largest process of one run, measured by a fresh wrapper process so
    that earlier runs do not count (RUSAGE_CHILDREN is a maximum over every waited-for descendant)."""
    wrapper = ("import resource, subprocess, sys; "
               "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if r.returncode == 0 else -1)")
    out = subprocess.run([sys.executable, "-c", wrapper, *command], env=environment, capture_output=True, text=True,
                         check=True)
    kb = int(out.stdout.strip())
    if kb < 0:
        sys.exit(f"failed: {' '.join(command)}")
    return kb / 1024


def conditions() -> str:
    load = os.getloadavg()
    return (f"{os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
            f"Python {sys.version.split()[0]}")


def verdict(ratio: float, target: float, at_most: bool = True) -> str:
    ok = ratio <= target if at_most else ratio >= target
    return f"{'meets' if ok else 'misses'} the target ({'<=' if at_most else '>='} {target})"

