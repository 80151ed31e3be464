"""Hostile input: a seeded generator of articles no one should have to read (every Unicode oddity, quotation
marks, runs of punctuation, sizes, encodings, file names, broken exports) run through `newslens quotes` and
`newslens add`, counting what must stay at zero, and the time per character of the slowest against ordinary
news.

Counted, each target 0:

* **tracebacks**: a `Traceback` on stderr of either command, or an exception other than a NewslensError when
  the articles are read and analysed one by one;
* **hangs**: a command that runs past its time limit, or one article past ``--hang`` seconds;
* **silent drops**: an article (a file, or a record of an export) that is neither in the output (the store
  after `add`; `newslens articles FOLDER`, which reads as `quotes` does) nor named, with its line, by a warning.

Time: each hostile article is analysed alone (read, spaCy pipeline, newslens's layers) and its time compared
with what ordinary news of the same length takes: the line ``a + b x characters`` fitted (least squares) to
BBC articles timed alone in the same process, interleaved with the hostile ones so that both see the same load.
The ratio of the slowest (time over the line's value at its length) is the figure; target <= 5. The brief's
plainer figure is printed too: the slowest time per character among hostile articles of at least 1,000
characters over the median time per character of the BBC articles.

    python benchmarks/hostile.py [--articles 1000] [--seed 23] [--corpus ../shared/eval/bbc]
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import DEFAULT_CORPUS, conditions, env, newslens, sample, verdict

# -- the generator ------------------------------------------------------------------------------------------

PROSE = ['"We will not back down," said Maria Lopez, the union\'s spokeswoman.',
         "The minister told reporters on Tuesday that talks would resume in Geneva.",
         "According to officials, 40 people were hurt; the BBC reported that police had arrived.",
         "\u201cIt is a disgrace,\u201d the mayor, John Smith, said in a statement.",
         "Analysts at Goldman Sachs said prices could rise by 3% next year.",
         "\u2018We were never told,\u2019 she added. Shares fell 2.5% in London."]
MARKS = list('"\'=()[]{}<>%$#*_-.,:;!?/\\|~^&@+') + list("\u201c\u201d\u2018\u2019\u00ab\u00bb\u2014\u2013\u2026")
ODD = ["\u200b", "\u200d", "\u200e", "\u202e", "\u2066", "\ufeff", "\ufffd", "\u0301", "\u0336", "\u00a0", "\u2028",
       "\u2029", "\u3000", "\U0001F600", "\U0001F1FA\U0001F1F8", "\U0001F468\u200d\U0001F469\u200d\U0001F467",
       "\U0001D400", "\uff02", "\u00ad", "\x1b[2J", "\x07", "\x0b", "\x0c", "\x1c", "\x85", "\r"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1"]


@dataclass
class Unit:
    """An article the generator wrote: its file, the record's line (exports), the id it should get."""

    file: str
    id: str
    line: int | None = None


@dataclass
class Made:
    units: list[Unit] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)


def prose(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.choice(PROSE) for _ in range(sentences))


def run_of(rng: random.Random) -> str:
    """A run: one mark, two marks alternating, a mark after each letter, or a mark and a space."""
    length = rng.choice([40, 200, 1_000, 5_000, 20_000])
    a, b = rng.choice(MARKS), rng.choice(MARKS + ODD[:16])
    unit = rng.choice([a, a + b, "x" + a, a + " ", "'s", a + "\n"])
    return (unit * (length // len(unit) + 1))[:length]


def odd_text(rng: random.Random) -> str:
    """Prose salted with Unicode oddities, a few control characters among them."""
    words = prose(rng, rng.randint(3, 30)).split(" ")
    for _ in range(rng.randint(1, 40)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(ODD) * rng.randint(1, 3))
    return " ".join(words)


def quotes_text(rng: random.Random) -> str:
    """Quotation marks unbalanced, nested, doubled, across paragraphs."""
    parts = []
    for _ in range(rng.randint(2, 40)):
        s = rng.choice(PROSE)
        cut = rng.randrange(len(s))
        parts.append(s[:cut] + rng.choice(["\"", "\u201c", "\u2019", "''", "``", "\u00ab", "\"\"\""]) + s[cut:])
    return rng.choice(["\n\n", " ", "\n"]).join(parts)


def body(rng: random.Random, kind: str) -> str:
    if kind == "run":
        return prose(rng, 2) + rng.choice([" ", "\n", ""]) + run_of(rng) + rng.choice([" ", "\n\n"]) + prose(rng, 2)
    if kind == "odd":
        return odd_text(rng)
    if kind == "quotes":
        return quotes_text(rng)
    if kind == "size":
        return rng.choice(["", " ", "\n\n\n", "x", '"', prose(rng, 1), prose(rng, 1000)])
    if kind == "lines":
        return rng.choice(["a\n", "\"\n", "\n", "\r\n", "x.\n", "\u2028"]) * rng.choice([100, 1_000, 5_000])
    if kind == "blob":
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
        return prose(rng, 1) + " " + "".join(rng.choice(alphabet) for _ in range(rng.choice([300, 3_000, 20_000])))
    return prose(rng, rng.randint(1, 20))


def name_bytes(rng: random.Random, n: int) -> bytes:
    """A file name: plain, or with bytes that are not UTF-8, control characters, spaces, a leading dash, many
    dots, or as long as a file name may be."""
    stem = f"a{n:04d}"
    choice = rng.randrange(8)
    if choice == 1:
        return stem.encode() + b"-caf\xe9.txt"  # Latin-1, not UTF-8
    if choice == 2:
        return (stem + "-\x1b[2J\x07").encode() + b".txt"
    if choice == 3:
        return ("-" + stem + " with spaces").encode() + b".txt"
    if choice == 4:
        return (stem + "." * 5).encode() + b"txt"
    if choice == 5:
        return stem.encode() + b"x" * (250 - len(stem)) + b".txt"
    if choice == 6:
        return (stem + "-\u0645\u0631\u062d\u0628\u0627-\U0001F600").encode() + b".txt"
    return stem.encode() + rng.choice([b".txt", b".md", b"", b".text"])


def write_bytes(folder: Path, name: bytes, data: bytes) -> str:
    """Write a file under a name given as bytes; returns the id newslens gives it (the name shown escaped)."""
    from newslens.readers import shown_name

    path = os.fsencode(folder) + b"/" + name
    with open(path, "wb") as handle:
        handle.write(data)
    return shown_name(os.fsdecode(path))


def export(rng: random.Random, folder: Path, n: int, made: Made) -> None:
    """A JSONL, CSV or JSON export with good records among broken ones (not JSON, not an object, nested too deep,
    unclosed quotation marks, extra cells, lone surrogate escapes, repeated ids)."""
    fmt = rng.choice(["jsonl", "csv", "json"])
    name = f"e{n:04d}.{fmt}"
    file_id = str(folder / name)
    ids = [f"r{n:04d}-{k}" for k in range(rng.randint(1, 12))]
    if rng.random() < 0.3 and len(ids) > 1:
        ids[-1] = ids[0]  # a repeated id: kept under id#2
    if fmt == "jsonl":
        lines = []
        for id in ids:
            text = body(rng, rng.choice(["plain", "odd", "quotes", "run"]))
            if rng.random() < 0.15:
                lines.append(rng.choice(["{not json", "[1, 2]", "[" * 50_000 + "]" * 50_000, '"just a string"']))
            record = {"id": id, "text": text}
            line = json.dumps(record, ensure_ascii=rng.random() < 0.5)
            if rng.random() < 0.1:
                line = line.replace('"text": "', '"text": "\\ud800', 1)
            lines.append(line)
            made.units.append(Unit(file_id, id, len(lines)))
        data = "\n".join(lines) + "\n"
    elif fmt == "csv":
        import csv
        import io

        stream = io.StringIO()
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["id", "text"])
        for id in ids:
            text = body(rng, rng.choice(["plain", "odd", "quotes"])).replace("\r", " ")
            row = stream.getvalue().count("\n") + 1
            if rng.random() < 0.15:
                stream.write(f'{id},"An unclosed quotation mark {text[:40]}\n')
            else:
                writer.writerow([id, text])
            made.units.append(Unit(file_id, id, row))
        data = stream.getvalue()
    else:
        records = [{"id": id, "text": body(rng, rng.choice(["plain", "odd"]))} for id in ids]
        data = json.dumps(records)
        made.units += [Unit(file_id, id, k) for k, id in enumerate(ids, 1)]
    (folder / name).write_text(data, encoding="utf-8", errors="surrogatepass")


def generate(folder: Path, count: int, seed: int) -> Made:
    rng = random.Random(seed)
    made = Made()
    kinds = ["run"] * 6 + ["odd"] * 5 + ["quotes"] * 4 + ["size"] * 2 + ["lines"] * 2 + ["blob"] * 2 + \
        ["export"] * 3 + ["html"] + ["encoding"] * 3
    for n in range(count):
        kind = rng.choice(kinds)
        made.kinds[kind] = made.kinds.get(kind, 0) + 1
        if kind == "export":
            export(rng, folder, n, made)
            continue
        text = body(rng, rng.choice(["run", "odd", "quotes", "plain"]) if kind in ("encoding", "html") else kind)
        encoding = rng.choice(ENCODINGS) if kind == "encoding" else "utf-8"
        if kind == "html":
            text = f"<html><head><title>{text[:80]}</title></head><body><article><p>{text}</p></article></body></html>"
            data, name = text.encode("utf-8"), f"h{n:04d}.html".encode()
        else:
            data, name = text.encode(encoding, errors="replace"), name_bytes(rng, n)
        made.units.append(Unit(write_bytes(folder, name, data), ""))
    return made


# -- running the commands and accounting for every article --------------------------------------------------

def run(command: list[str], environment: dict[str, str], limit: float) -> tuple[int | None, str, str, float]:
    """(exit status or None on a hang, stdout, stderr, seconds)."""
    started = time.perf_counter()
    try:
        done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=limit,
                              errors="surrogateescape")
    except subprocess.TimeoutExpired as timeout:
        return None, "", str(timeout.stderr or ""), time.perf_counter() - started
    return done.returncode, done.stdout, done.stderr, time.perf_counter() - started


def silent_drops(made: Made, ids: list[str], stderr: str) -> list[Unit]:
    """The units neither in ``ids`` (the articles out) nor named by a warning: a record is told when a warning
    names its file and line and says it was skipped (that first: a record skipped may share its id with one
    read), a file when a warning names it."""
    from newslens.output import escaped

    found: dict[str, int] = {}
    for id in ids:  # x#2 is the second article read with the id x
        base = re.sub(r"#\d+$", "", id)
        found[base] = found.get(base, 0) + 1
    warnings = [line for line in stderr.splitlines() if "warning:" in line]

    def told(unit: Unit) -> bool:
        said = [w for w in warnings if escaped(unit.file) in w]
        if unit.line is None:
            return bool(said)
        return any(re.search(rf"(line|row|record) {unit.line}\b.*skipped", w) for w in said)

    records = [u for u in made.units if u.line is not None and not told(u)]
    dropped = []
    for unit in records + [u for u in made.units if u.line is None]:
        key = unit.id or unit.file
        if found.get(key, 0) > 0:
            found[key] -= 1
        elif unit.line is not None or not told(unit):
            dropped.append(unit)
    return dropped


def commands(folder: Path, made: Made, work: Path, limit: float) -> dict[str, dict]:
    """`quotes` (through a cache, so that `add` after it analyses nothing twice), `articles` on the folder, and
    `add`, then the store's articles."""
    db = work / "hostile.db"
    environment = env(db=db)
    results = {}
    for name, command in (("quotes", newslens("quotes", folder, "-f", "jsonl", "--act", "all")),
                          ("articles", newslens("articles", folder, "-f", "jsonl", "--with-copies")),
                          ("add", newslens("add", folder))):
        status, out, err, seconds = run(command, environment, limit)
        results[name] = {"status": status, "seconds": seconds, "tracebacks": err.count("Traceback"),
                         "hang": status is None, "stderr": err, "stdout": out}
        print(f"  {name}: exit {status}, {seconds:.0f}s", flush=True)
    listed = run(newslens("articles", "--with-copies", "-f", "jsonl", "--columns", "article"), environment, limit)
    stored = [json.loads(line)["article"] for line in listed[1].splitlines() if line.strip()]
    read = [json.loads(line)["article"] for line in results["articles"]["stdout"].splitlines() if line.strip()]
    results["add"]["dropped"] = silent_drops(made, stored, results["add"]["stderr"])
    results["articles"]["dropped"] = silent_drops(made, read, results["articles"]["stderr"])
    results["quotes"]["dropped"] = None  # quotes lists articles with quotes only: drops are counted on `articles`
    return results


# -- time per article --------------------------------------------------------------------------------------

WORKER = r"""
import json, sys, time, traceback
from newslens.analysis import analyze_batch
from newslens.errors import NewslensError
from newslens.pipeline import load
from newslens.readers import read_documents
nlp = load(None)
analyze_batch(nlp, list(read_documents([sys.argv[1]])))
for line in sys.stdin:
    kind, path = json.loads(line)
    try:
        documents = list(read_documents([path], on_error=lambda *_: None))
    except NewslensError:
        documents = []
    except Exception:
        print(json.dumps({"path": path, "kind": kind, "error": traceback.format_exc()}), flush=True)
        continue
    for document in documents:
        try:
            started = time.perf_counter()
            analyze_batch(nlp, [document])
            seconds = time.perf_counter() - started
            print(json.dumps({"path": path, "kind": kind, "id": document.id, "chars": len(document.text),
                              "seconds": seconds}), flush=True)
        except NewslensError:
            pass
        except Exception:
            print(json.dumps({"path": path, "kind": kind, "error": traceback.format_exc()}), flush=True)
    print(json.dumps({"done": path}), flush=True)
"""


def _pump(stream, lines) -> None:
    """Every line of ``stream`` into the queue ``lines``, then an empty string for the end."""
    for line in stream:
        lines.put(line)
    lines.put("")


def timings(hostile: list[str], ordinary: list[Path], hang: float) -> tuple[list[dict], list[str], list[str]]:
    """(timing rows, tracebacks, hangs) of every article analysed alone, BBC articles interleaved."""
    import queue
    import threading

    jobs = [("hostile", path) for path in hostile]
    step = max(1, len(jobs) // max(1, len(ordinary)))
    for n, path in enumerate(ordinary):
        jobs.insert(min(len(jobs), n * (step + 1)), ("ordinary", str(path)))
    rows, errors, hangs = [], [], []
    while jobs:
        worker = subprocess.Popen([sys.executable, "-c", WORKER, str(ordinary[0])], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True, env=env(), errors="surrogateescape")
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=_pump, args=(worker.stdout, lines), daemon=True).start()
        for kind, path in jobs:
            worker.stdin.write(json.dumps([kind, path]) + "\n")
        worker.stdin.close()
        current, started = 0, True
        while True:
            try:  # the first article waits for the model to load too
                line = lines.get(timeout=hang + (120 if started else 0))
            except queue.Empty:  # an article past the limit: a hang; go on after it
                hangs.append(jobs[current][1])
                worker.kill()
                worker.wait()
                jobs = jobs[current + 1:]
                break
            started = False
            if not line:
                jobs = []
                break
            row = json.loads(line)
            if "done" in row:
                current += 1
            elif "error" in row:
                errors.append(row["error"])
            else:
                rows.append(row)
        worker.wait()
    return rows, errors, hangs


def shown(row: dict) -> str:
    """An article for the report: its id, shortened, with its kind of text from the generator's file name."""
    id = row["id"]
    return repr(id if len(id) <= 60 else id[:28] + "..." + id[-28:])


def fitted(rows: list[dict]) -> tuple[float, float]:
    """(a, b) of seconds = a + b x characters, least squares."""
    xs, ys = [r["chars"] for r in rows], [r["seconds"] for r in rows]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return my - b * mx, b


def main() -> None:
    import argparse

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=1000, help="hostile articles to generate [%(default)s]")
    p.add_argument("--seed", type=int, default=23, help="the generator's seed [%(default)s]")
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="ordinary news for the baseline")
    p.add_argument("--ordinary", type=int, default=60, help="BBC articles timed for the baseline [%(default)s]")
    p.add_argument("--hang", type=float, default=120, help="seconds after which one article is a hang")
    p.add_argument("--limit", type=float, default=3600, help="seconds after which a command is a hang")
    p.add_argument("--keep", action="store_true", help="keep the generated folder")
    args = p.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newslens-hostile-"))
    folder = work / "hostile"
    folder.mkdir()
    made = generate(folder, args.articles, args.seed)
    size = sum(f.stat().st_size for f in folder.iterdir())
    print(f"{args.articles} hostile files ({len(made.units)} articles, {size / 1e6:.1f} MB), seed {args.seed}: "
          + ", ".join(f"{k} {v}" for k, v in sorted(made.kinds.items())))
    print(conditions(), flush=True)

    results = commands(folder, made, work, args.limit)
    ordinary = sample(args.corpus, args.ordinary) if args.corpus.is_dir() else []
    hostile = sorted(os.fsdecode(os.fsencode(folder) + b"/" + name) for name in os.listdir(os.fsencode(folder)))
    print("timing each article alone ...", flush=True)
    rows, errors, hangs = timings(hostile, ordinary, args.hang)
    print(conditions())

    print("\n| run | exit | seconds | tracebacks | hangs | silent drops |\n| --- | --- | --- | --- | --- | --- |")
    for name, result in results.items():
        dropped = "-" if result["dropped"] is None else len(result["dropped"])
        print(f"| `{name}` | {result['status']} | {result['seconds']:.0f} | {result['tracebacks']} | "
              f"{int(result['hang'])} | {dropped} |")
    print(f"| articles alone | - | - | {len(errors)} | {len(hangs)} | - |")
    for name, result in results.items():
        for unit in (result["dropped"] or [])[:10]:
            print(f"  silent drop in `{name}`: {asdict(unit)}")
    for error in errors[:3]:
        print(error)
    for path in hangs:
        print(f"  hang: {path!r}")

    base = [r for r in rows if r["kind"] == "ordinary"]
    bad = [r for r in rows if r["kind"] == "hostile" and r["chars"] > 0]
    if len(base) < 3 or not bad:
        print("no ordinary baseline (pass --corpus FOLDER of news articles)")
        return
    a, b = fitted(base)
    median = statistics.median(r["seconds"] / r["chars"] for r in base)
    shortest = min(r["chars"] for r in base)
    print(f"\nordinary news: {len(base)} BBC articles of {shortest:,} characters or more, {a * 1000:.0f} ms + "
          f"{b * 1e6:.1f} us a character; median {median * 1e6:.1f} us a character")
    long = [r for r in bad if r["chars"] >= 1000]
    per_char = max(long, key=lambda r: r["seconds"] / r["chars"])
    plain = per_char["seconds"] / per_char["chars"] / median
    print(f"slowest time per character (hostile articles of 1,000 characters or more, {len(long)}) over the BBC "
          f"median: {plain:.2f} x ({per_char['chars']:,} characters, {per_char['seconds']:.2f} s, "
          f"{shown(per_char)}); {verdict(plain, 5)}")
    within = [r for r in bad if r["chars"] >= shortest]
    ratio = max(within, key=lambda r: r["seconds"] / (a + b * r["chars"]))
    value = ratio["seconds"] / (a + b * ratio["chars"])
    print(f"slowest against ordinary news of its length (the fitted line; hostile articles at least as long as "
          f"the shortest BBC one, {len(within)}): {value:.2f} x ({ratio['chars']:,} characters, "
          f"{ratio['seconds']:.2f} s, {shown(ratio)}); {verdict(value, 5)}")
    short = max((r for r in bad if r["chars"] < shortest), key=lambda r: r["seconds"], default=None)
    if short:
        print(f"shorter ones: the slowest took {short['seconds'] * 1000:.0f} ms ({short['chars']} characters)")
    longest = max(bad, key=lambda r: r["chars"])
    print(f"largest hostile article: {longest['chars']:,} characters in {longest['seconds']:.1f} s "
          f"({longest['seconds'] / longest['chars'] / median:.2f} x the BBC median a character)")
    if args.keep:
        print(f"kept {work}")
    else:
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
