"""Long articles: one article of 0.25, 1, 2 and 5 MB (news text of the corpus joined, paragraphs kept) through
newslens, against bare spaCy on the same text. Prints, per size, the time of the spaCy pipeline newslens runs,
of its entity and quote layers, the whole newslens run (`newslens entities FILE --no-cache`, start-up,
reading and output included) over bare spaCy (`spacy.load` and `nlp.pipe` over the same pieces of 50,000
characters: a bare pipeline cannot take 5 MB in one Doc; both timed as whole processes, model loading
included), and the peak memory of the newslens run.

Targets: the time beyond the pipeline grows at most linearly with the size; the whole run is at most 1.3 x
bare spaCy; the peak memory at 5 MB is under 1.5 GB.

    python benchmarks/long_article.py [--sizes 0.25,1,2,5] [--corpus FOLDER]
"""

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Workspace, conditions, env, newslens, parser, peak_rss_mb, sample, timed, verdict

BARE = """
import sys, spacy
from newslens.analysis import PIECE_CHARS, pieces
nlp = spacy.load(sys.argv[1])
for _ in nlp.pipe(pieces(open(sys.argv[2], encoding="utf-8").read(), PIECE_CHARS)):
    pass
"""

LAYERS = """
import json, sys, time
from spacy.tokens import Doc
from newslens.analysis import PIECE_CHARS, pieces
from newslens.component import ANALYSIS
from newslens.entities import resolve_entities
from newslens.pipeline import load
from newslens.quotes import extract_quotes
from newslens.readers import from_text
nlp = load(sys.argv[1] or None)
resolve_entities(nlp("Warm-up in Paris, said Ann Lee.", disable=[ANALYSIS]), "w")  # gazetteers load once
document = from_text(open(sys.argv[2], encoding="utf-8").read(), "long")
started = time.perf_counter()
doc = Doc.from_docs(list(nlp.pipe(pieces(document.analysis_text(), PIECE_CHARS), disable=[ANALYSIS])),
                    ensure_whitespace=False)
parsed = time.perf_counter()
text = doc.text
index = resolve_entities(doc, "long", text)
resolved = time.perf_counter()
quotes = extract_quotes(doc, index, "long", text)
done = time.perf_counter()
print(json.dumps({"parse": parsed - started, "entities": resolved - parsed, "quotes": done - resolved,
                  "tokens": len(doc), "mentions": len(index.mentions), "quote_rows": len(quotes)}))
"""


def long_text(files: list[Path], size: int) -> str:
    parts, total = [], 0
    while total < size:
        for path in files:
            text = path.read_text(encoding="utf-8", errors="replace").strip()
            parts.append(text)
            total += len(text) + 2
            if total >= size:
                break
    joined = "\n\n".join(parts)[:size]
    return joined[:joined.rfind("\n")]


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--sizes", default="0.25,1,2,5", help="sizes in MB, comma-separated [%(default)s]")
    args = p.parse_args()
    from newslens.pipeline import model_name

    model = model_name(args.model)
    files = sample(args.corpus, None)
    sizes = [float(s) for s in args.sizes.split(",")]
    print(f"long articles of {', '.join(f'{s:g}' for s in sizes)} MB from {args.corpus}, model {model}; "
          f"{conditions()}")
    print(f"{'MB':>5} {'tokens':>9} {'pipeline s':>10} {'entities s':>10} {'quotes s':>9} {'beyond / MB':>11} "
          f"{'newslens s':>10} {'bare s':>7} {'ratio':>6} {'peak MB':>8}")
    worst_ratio, peak_at_largest, per_mb = 0.0, 0.0, []
    with Workspace(args.keep) as ws:
        for size in sizes:
            path = ws.root / f"long-{size:g}MB.txt"
            path.write_text(long_text(files, int(size * 1_000_000)), encoding="utf-8")
            layers = json.loads(subprocess.run([sys.executable, "-c", LAYERS, model, str(path)], env=env(model=model),
                                               capture_output=True, text=True, check=True).stdout)
            bare = timed([sys.executable, "-c", BARE, model, str(path)], env(model=model))
            command = newslens("entities", path, "--no-cache", "-q", "-f", "csv", "--jobs", "1")
            whole = timed(command, env(model=model))
            peak = peak_rss_mb(command, env(model=model))
            beyond = layers["entities"] + layers["quotes"]
            per_mb.append(beyond / size)
            ratio = whole / bare
            worst_ratio = max(worst_ratio, ratio)
            peak_at_largest = peak
            print(f"{size:5g} {layers['tokens']:9,} {layers['parse']:10.1f} {layers['entities']:10.2f} "
                  f"{layers['quotes']:9.2f} {beyond / size:11.2f} {whole:10.1f} {bare:7.1f} {ratio:6.3f} "
                  f"{peak:8.0f}", flush=True)
    growth = per_mb[-1] / per_mb[0] if per_mb[0] else float("nan")
    print(f"layer seconds per MB, largest over smallest: {growth:.2f} (1.0 is linear)")
    print(f"whole run / bare spaCy, worst: {worst_ratio:.3f}, {verdict(worst_ratio, 1.3)}")
    print(f"peak memory at {sizes[-1]:g} MB: {peak_at_largest:.0f} MB, "
          f"{'under' if peak_at_largest < 1500 else 'over'} 1,500 MB")
    print(f"after: {conditions()}")


if __name__ == "__main__":
    main()
