"""Re-run over unchanged files: `newslens entities DIR` twice with an empty cache before the first run.
The second run reads everything from the cache. Target: the second at least 20 times faster.

    python benchmarks/rerun.py [--articles N (default: the whole corpus)] [--jobs N]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Workspace, conditions, env, newslens, parser, sample, timed, verdict


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--articles", type=int)
    p.add_argument("--jobs", type=int, help="--jobs for the first run (default: newslens decides)")
    args = p.parse_args()
    files = sample(args.corpus, args.articles)
    print(f"re-run: newslens entities over {len(files)} articles of {args.corpus}; {conditions()}")
    with Workspace(args.keep) as ws:
        folder = ws.stage(files, "sample")
        environment = env(ws.db("cache"), args.model)
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        first = timed(newslens("entities", folder, "--quiet", *jobs), environment)
        second = timed(newslens("entities", folder, "--quiet", *jobs), environment)
        ratio = first / second
        print(f"first {first:.1f}s, second {second:.2f}s: {ratio:.1f} times faster, {verdict(ratio, 20, False)}")
        print(f"after: {conditions()}")


if __name__ == "__main__":
    main()
