"""Quote attribution, newslens vs textacy, on a gold set: P/R/F1 for quotes and attribution, same run.

usage: python benchmarks/quotes.py SETDIR [--cache DIR] [--no-textacy] [--model NAME] [--out PRED.jsonl]

SETDIR holds articles/<id>.txt and gold.jsonl ({"id", "quotes": [{"content", "source", "cue": [[start, end],
...], "direct": bool}]}), the format ../shared/eval/score_quotes.py reads. The scoring rule is that scorer's:
a prediction matches a gold quote when their character overlap is at least half of the longer of the two (gold
fragments taken together), pairs matched one to one, largest overlap first; attribution counts a matched pair
whose speaker span overlaps the gold source span, leaving gold quotes without a source (and predictions
matched to them) out of both sides; direct/indirect split by the gold `direct` flag.

newslens sees the Docs of its own pipeline (one nlp.pipe pass); textacy 0.13 (an optional extra:
`pip install 'newslens[textacy]'`) gets the same model with its lemmatizer, which its cue-verb test needs, and
its `direct_quotations` triples become rows (speaker tokens -> speaker span, content span); an article whose
quotation marks textacy rejects counts as skipped. Also prints the time newslens's quote layer (and the entity
layer it needs) adds, as a ratio of the pipeline's own time, measured in the same run. `--cache DIR` keeps the
parsed Docs (a DocBin) between runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

MEASURES = ("quotes", "quotes_exact", "attribution", "direct_quotes", "direct_attribution", "indirect_quotes",
            "indirect_attribution")
TRIM = " \t\n\"'\u201c\u201d\u2018\u2019.,;:!?\u2014-"


def overlap(a, b) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def length(spans) -> int:
    return sum(e - s for s, e in spans)


def trimmed(text: str, spans) -> str:
    return " ".join(" ".join(text[s:e] for s, e in sorted(spans)).strip(TRIM).split())


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def spans_of(row: dict) -> list:
    return [tuple(x) for x in row.get("spans") or [(row["start"], row["end"])]]


def _matches(golds: list[dict], plist: list[dict]) -> dict[int, int]:
    """Prediction -> gold, one to one, largest overlap first (overlap at least half of the longer)."""
    pairs = []
    for i, p in enumerate(plist):
        ps = spans_of(p)
        for j, g in enumerate(golds):
            o = overlap(ps, g["content"])
            if o and o >= 0.5 * max(length(ps), length(g["content"])):
                pairs.append((o, i, j))
    used_p, used_g, match = set(), set(), {}
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            match[i] = j
    return match


def _count_article(c: Counter, golds: list[dict], plist: list[dict], text: str) -> None:
    match = _matches(golds, plist)
    c["pred"] += len(plist)
    c["gold"] += len(golds)
    c["tp"] += len(match)
    for g in golds:
        kind = "direct" if g["direct"] else "indirect"
        c[f"gold_{kind}"] += 1
        if g["source"]:
            c["gold_src"] += 1
            c[f"gold_src_{kind}"] += 1
    for i, p in enumerate(plist):
        j = match.get(i)
        ps = spans_of(p)
        if j is None:
            kind = "direct" if any(ch in text[s:e] for s, e in ps for ch in "\"\u201c\u201d") else "indirect"
        else:
            kind = "direct" if golds[j]["direct"] else "indirect"
        c[f"pred_{kind}"] += 1
        if j is None:
            c["pred_src"] += 1
            c[f"pred_src_{kind}"] += 1
            continue
        g = golds[j]
        c[f"tp_{kind}"] += 1
        c["exact"] += trimmed(text, ps) == trimmed(text, g["content"])
        if not g["source"]:
            continue
        c["pred_src"] += 1
        c[f"pred_src_{kind}"] += 1
        ss, se = p.get("speaker_start"), p.get("speaker_end")
        if ss is not None and se is not None and overlap([(ss, se)], g["source"]) > 0:
            c["att"] += 1
            c[f"att_{kind}"] += 1


def score(gold: dict[str, list[dict]], texts: dict[str, str], preds: dict[str, list[dict]]) -> dict:
    """P/R/F1 of each of MEASURES, by ../shared/eval/score_quotes.py's rule (a row's ``spans`` taken together)."""
    c: Counter = Counter()
    for art, golds in gold.items():
        _count_article(c, golds, preds.get(art, []), texts[art])
    return {
        "quotes": prf(c["tp"], c["pred"], c["gold"]),
        "quotes_exact": prf(c["exact"], c["pred"], c["gold"]),
        "attribution": prf(c["att"], c["pred_src"], c["gold_src"]),
        "direct_quotes": prf(c["tp_direct"], c["pred_direct"], c["gold_direct"]),
        "direct_attribution": prf(c["att_direct"], c["pred_src_direct"], c["gold_src_direct"]),
        "indirect_quotes": prf(c["tp_indirect"], c["pred_indirect"], c["gold_indirect"]),
        "indirect_attribution": prf(c["att_indirect"], c["pred_src_indirect"], c["gold_src_indirect"]),
    }


def parse(nlp, texts: list[str], cache: Path | None, name: str):
    """The Docs of the texts through the pipeline without the newslens component, and the seconds it took
    (None from the cache). The cache keeps the Docs (a DocBin) and their tok2vec tensors (the quote model's
    token model reads them), which a DocBin does not keep."""
    import numpy
    from spacy.tokens import DocBin

    path = cache / f"{name}.spacy" if cache else None
    tensors = cache / f"{name}.tensors.npz" if cache else None
    if path is not None and path.exists() and tensors.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            with numpy.load(tensors) as saved:
                for n, doc in enumerate(docs):
                    doc.tensor = saved[f"t{n}"]
            return docs, None
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16, disable=[name for name in nlp.pipe_names if name == "newslens"]))
    seconds = time.perf_counter() - start
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs, store_user_data=True).to_disk(path)
        numpy.savez(tensors, **{f"t{n}": doc.tensor.astype(numpy.float32) for n, doc in enumerate(docs)})
    return docs, seconds


def textacy_rows(docs) -> tuple[dict[int, list[dict]], int]:
    """textacy's direct_quotations as prediction rows; articles it rejects are skipped."""
    from textacy.extract.triples import direct_quotations

    rows: dict[int, list[dict]] = {}
    skipped = 0
    for n, doc in enumerate(docs):
        try:
            triples = list(direct_quotations(doc))
        except ValueError:
            skipped += 1
            continue
        out = []
        for speaker, _cue, content in triples:
            row = {"start": content.start_char, "end": content.end_char, "speaker_start": None, "speaker_end": None}
            if speaker:
                row["speaker_start"] = min(t.idx for t in speaker)
                row["speaker_end"] = max(t.idx + len(t) for t in speaker)
            out.append(row)
        rows[n] = out
    return rows, skipped


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("setdir", type=Path)
    ap.add_argument("--cache", type=Path, help="keep parsed Docs here between runs")
    ap.add_argument("--model", help="spaCy pipeline (default: newslens's)")
    ap.add_argument("--no-textacy", action="store_true", help="skip textacy even when it is installed")
    ap.add_argument("--out", type=Path, help="also write newslens's predictions as JSONL")
    args = ap.parse_args(argv)

    from newslens.entities import resolve_entities
    from newslens.pipeline import load, model_name
    from newslens.quotes import extract_quotes
    from newslens.readers import read_documents

    gold = {}
    for line in (args.setdir / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            gold[record["id"]] = record["quotes"]
    documents = sorted(read_documents([str(args.setdir / "articles")]), key=lambda d: d.id)
    ids = [Path(d.id).stem for d in documents]
    texts = {Path(d.id).stem: d.text for d in documents}
    gold = {k: v for k, v in gold.items() if k in texts}

    nlp = load(args.model)
    docs, pipe_seconds = parse(nlp, [d.analysis_text() for d in documents], args.cache, "newslens")
    preds: dict[str, list[dict]] = {}
    entity_seconds = quote_seconds = 0.0
    for doc, document, key in zip(docs, documents, ids, strict=True):
        start = time.perf_counter()
        index = resolve_entities(doc, document.id)
        middle = time.perf_counter()
        preds[key] = [q.to_dict() for q in extract_quotes(doc, index, document.id)]
        entity_seconds += middle - start
        quote_seconds += time.perf_counter() - middle
    if args.out:
        with args.out.open("w", encoding="utf-8") as fh:
            for key in ids:
                for row in preds[key]:
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")

    # PolNeAR annotates thoughts and stances as attributions too: `all` is the measure comparable with it; the
    # default of the commands (speech only) is scored beside it
    speech = {k: [q for q in v if q["act"] == "speech"] for k, v in preds.items()}
    systems = {"newslens": score(gold, texts, preds), "speech only": score(gold, texts, speech)}
    acts = Counter(q["act"] for v in preds.values() for q in v)
    notes = [f"newslens: {sum(len(v) for v in preds.values())} quotes (act all: "
             f"{', '.join(f'{n} {a}' for a, n in acts.most_common())}), 0 of {len(ids)} articles skipped"]
    if not args.no_textacy:
        try:
            import spacy
            import textacy
        except ImportError:
            notes.append("textacy: not installed (pip install 'newslens[textacy]')")
        else:
            full = spacy.load(args.model or model_name())
            tdocs, _ = parse(full, [d.analysis_text() for d in documents], args.cache, "textacy")
            rows, skipped = textacy_rows(tdocs)
            tpreds = {ids[n]: r for n, r in rows.items()}
            systems["textacy"] = score(gold, texts, tpreds)
            notes.append(f"textacy {textacy.__version__}: {sum(len(v) for v in tpreds.values())} quotes, "
                         f"{skipped} of {len(ids)} articles skipped (unbalanced quotation marks)")

    print(f"gold set {args.setdir}: {len(ids)} articles, {sum(len(v) for v in gold.values())} gold quotes")
    for note in notes:
        print(note)
    header = f"{'measure':22}" + "".join(f" {name + ' P':>12} {'R':>6} {'F1':>6}" for name in systems)
    print(header)
    for measure in MEASURES:
        cells = "".join(f" {p:12.3f} {r:6.3f} {f:6.3f}" for p, r, f in (s[measure] for s in systems.values()))
        print(f"{measure:22}{cells}")
    if pipe_seconds:
        print(f"quote layer: {quote_seconds:.2f}s = {quote_seconds / pipe_seconds:.3f} x the spaCy pipeline "
              f"({pipe_seconds:.1f}s) on the same texts; entity layer {entity_seconds / pipe_seconds:.3f} x")
    else:
        print(f"quote layer: {quote_seconds:.2f}s, entity layer {entity_seconds:.2f}s (pipeline time not measured: "
              "Docs from --cache)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
