"""Processes: `newslens add --jobs 2` against `--jobs 1` over N articles (default 1,000), each into an empty
store. Target on a 2-core machine: --jobs 2 at least 1.6 times faster.

    python benchmarks/jobs.py [--articles 1000] [--jobs 2]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Workspace, conditions, env, newslens, parser, sample, timed, verdict


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--jobs", type=int, default=2)
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
        print(f"after: {conditions()}")


if __name__ == "__main__":
    main()
