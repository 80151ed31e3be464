"""Processes: `newslens add --jobs 2` against `--jobs 1` over N articles (default 1,000), each into an empty
store. Target on a 2-core machine: --jobs 2 at least 1.6 times faster.

With --control, the same is measured for bare spaCy (benchmarks/bare_spacy.py on all the articles against
N copies at once, each on its share): what the machine itself gives from N processes at that moment. On a
machine whose cores other jobs are using, that ceiling is low, and newslens's figure means little.

    python benchmarks/jobs.py [--articles 1000] [--jobs 2] [--control]
"""

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Workspace, conditions, env, newslens, parser, sample, timed, verdict


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--control", action="store_true", help="also measure bare spaCy on 1 vs N processes")
    args = p.parse_args()
    files = sample(args.corpus, args.articles)
    print(f"jobs: newslens add over {len(files)} articles, --jobs 1 vs --jobs {args.jobs}; {conditions()}")
    with Workspace(args.keep) as ws:
        folder = ws.stage(files, "sample")
        one = timed(newslens("add", folder, "--jobs", "1", "--quiet"), env(ws.db("one"), args.model))
        many = timed(newslens("add", folder, "--jobs", args.jobs, "--quiet"), env(ws.db("many"), args.model))
        ratio = one / many
        print(f"--jobs 1 {one:.1f}s, --jobs {args.jobs} {many:.1f}s: {ratio:.2f} times faster, "
              f"{verdict(ratio, 1.6, False)}")
        if args.control:
            control(ws, files, args.jobs, args.model)
        print(f"after: {conditions()}")


def control(ws: Workspace, files: list[Path], jobs: int, model: str | None) -> None:
    from newslens.pipeline import model_name

    bare = [sys.executable, str(Path(__file__).parent / "bare_spacy.py"), model_name(model)]
    lists = []
    for n in range(jobs + 1):
        listing = ws.root / f"control-{n}.txt"
        chosen = files if n == 0 else files[n - 1::jobs]
        listing.write_text("\n".join(map(str, chosen)) + "\n", encoding="utf-8")
        lists.append(listing)
    one = timed([*bare, str(lists[0])], env(model=model))
    started = time.perf_counter()
    processes = [subprocess.Popen([*bare, str(listing)], env=env(model=model)) for listing in lists[1:]]
    if any(process.wait() for process in processes):
        sys.exit("bare spaCy failed")
    many = time.perf_counter() - started
    print(f"control, bare spaCy: 1 process {one:.1f}s, {jobs} at once {many:.1f}s: {one / many:.2f} times faster "
          "(what this machine gives right now)")


if __name__ == "__main__":
    main()
