"""Peak memory: max RSS of `newslens add --jobs 1` over the whole corpus (2,225 articles) against over 500,
each into an empty store. Targets: at most 1.2 times, and under 600 MB.

    python benchmarks/memory.py [--small 500] [--large N (default: the whole corpus)] [--jobs 1]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Workspace, conditions, env, newslens, parser, peak_rss_mb, sample, verdict


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--small", type=int, default=500)
    p.add_argument("--large", type=int)
    p.add_argument("--jobs", type=int, default=1)
    args = p.parse_args()
    small, large = sample(args.corpus, args.small), sample(args.corpus, args.large)
    print(f"memory: newslens add --jobs {args.jobs}, {len(small)} vs {len(large)} articles; {conditions()}")
    with Workspace(args.keep) as ws:
        peaks = {}
        for name, files in (("small", small), ("large", large)):
            folder = ws.stage(files, name)
            command = newslens("add", folder, "--jobs", args.jobs, "--quiet")
            peaks[name] = peak_rss_mb(command, env(ws.db(name), args.model))
            print(f"  {len(files)} articles: peak RSS {peaks[name]:.0f} MB", flush=True)
        ratio = peaks["large"] / peaks["small"]
        print(f"peak RSS {peaks['large']:.0f} MB vs {peaks['small']:.0f} MB: ratio {ratio:.3f}, "
              f"{verdict(ratio, 1.2)}; {peaks['large']:.0f} MB "
              f"{'under' if peaks['large'] < 600 else 'NOT under'} 600 MB")
        print(f"after: {conditions()}")


if __name__ == "__main__":
    main()
