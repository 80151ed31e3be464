"""Make the screenshots of docs/views.md (docs/img/*.png) from the seed and the test articles.

Terminal views are run with colours forced, recorded by rich as SVG and photographed, like the HTML pages, by
headless chromium (Debian's /usr/bin/chromium); the network is drawn with networkx and matplotlib. Each PNG is
reduced to 256 colours (Pillow, which matplotlib brings) to stay small.

    python docs/make_screenshots.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMG = ROOT / "docs" / "img"
SEED = ROOT / "seeds" / "000_6714f7a939f69659.txt"
DATA = ROOT / "tests" / "data"
CHROMIUM = ("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars")


def newslens(*args: object, env: dict[str, str] | None = None) -> str:
    out = subprocess.run([sys.executable, "-m", "newslens", *map(str, args)], capture_output=True, text=True,
                         env={**os.environ, **(env or {})}, check=True)
    return out.stdout


def photograph(url: str, target: Path, width: int, height: int, work: Path) -> None:
    subprocess.run([*CHROMIUM, f"--user-data-dir={work / 'profile'}", f"--window-size={width},{height}",
                    f"--screenshot={target}", url], capture_output=True, check=True, timeout=120)
    shrink(target)


def shrink(path: Path) -> None:
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def terminal(args: list[object], name: str, work: Path, columns: int = 100, lines: int = 60) -> None:
    """A terminal view (its first ``lines`` lines): the ANSI output, recorded as SVG by rich, photographed at
    the size rich drew it (20 px type: about 12.2 px a column and 24.4 px a line)."""
    from rich.console import Console
    from rich.text import Text

    ansi = newslens(*args, env={"FORCE_COLOR": "1", "COLUMNS": str(columns), "TERM": "xterm-256color"})
    shown = ansi.splitlines()[:lines]
    with open(os.devnull, "w") as devnull:
        console = Console(record=True, width=columns, file=devnull, force_terminal=True)
        console.print(Text.from_ansi("\n".join(shown)))
    command = " ".join(str(a) for a in args)
    svg = work / f"{name}.svg"
    svg.write_text(console.export_svg(title=f"newslens {command}"), encoding="utf-8")
    width, height = int(columns * 12.2) + 40, int(len(shown) * 24.4) + 110
    page = work / f"{name}.html"
    page.write_text(f'<body style="margin:0;background:#fff"><img src="{svg.name}" style="width:{width}px">',
                    encoding="utf-8")
    photograph(page.as_uri(), IMG / f"{name}.png", width, height, work)


def network_picture(work: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import networkx as nx

    target = work / "net.gexf"
    newslens("network", DATA / "network", "-f", "gexf", "-o", target)
    graph = nx.read_gexf(target)
    colors = {"person": "#38bdf8", "institution": "#e879f9", "place": "#facc15", "country": "#4ade80"}
    figure, axes = plt.subplots(figsize=(7, 5), dpi=100)
    layout = nx.spring_layout(graph, seed=3, k=1.5)
    nx.draw_networkx_nodes(graph, layout, ax=axes, node_color=[colors.get(d["type"], "#ccc")
                                                                for _, d in graph.nodes(data=True)],
                           node_size=[300 + 150 * d["mentions"] for _, d in graph.nodes(data=True)])
    together = [(u, v) for u, v, d in graph.edges(data=True) if d["kind"] == "cooccurrence"]
    quoted = [(u, v) for u, v, d in graph.edges(data=True) if d["kind"] == "quotes"]
    nx.draw_networkx_edges(graph, layout, ax=axes, edgelist=together, width=[
        graph.get_edge_data(u, v)[k]["weight"] * 1.5 for u, v in together for k in graph.get_edge_data(u, v)
        if graph.get_edge_data(u, v)[k]["kind"] == "cooccurrence"], edge_color="#94a3b8", arrows=False)
    nx.draw_networkx_edges(graph, layout, ax=axes, edgelist=quoted, edge_color="#ca8a04", style="dashed",
                           arrows=True, arrowstyle="-|>", connectionstyle="arc3,rad=0.15", min_target_margin=15)
    nx.draw_networkx_labels(graph, layout, ax=axes, font_size=9)
    axes.set_title("newslens network tests/data/network: grey = same sentence, dashed = quotes", fontsize=9)
    axes.margins(0.12)
    axes.axis("off")
    figure.savefig(IMG / "network.png")
    shrink(IMG / "network.png")


def charts(corpus: list, work: Path) -> None:
    """The summary's new charts as `summary --png` draws them: the people quoted (the other speakers apart), and
    women's share of them by month and by source, each with its caption."""
    folder = work / "charts"
    newslens("summary", *corpus, "--png", folder, "-q")
    for name in ("speakers", "women-by-month", "women-by-source"):
        target = IMG / f"chart-{name}.png"
        shutil.copyfile(folder / f"{name}.png", target)
        shrink(target)


def main() -> None:
    IMG.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="newslens-shots-") as folder:
        work = Path(folder)
        terminal(["quotes", SEED.relative_to(ROOT), "-f", "table"], "quotes-80", work, columns=80, lines=42)
        terminal(["show", SEED.relative_to(ROOT)], "show-terminal", work, columns=100, lines=40)
        corpus = [SEED.relative_to(ROOT), "tests/data/articles", "tests/data/network", "tests/data/gender"]
        terminal(["summary", *corpus], "summary-terminal", work, columns=110, lines=70)
        terminal(["speakers", *corpus, "--by", "source,gender", "-f", "table"], "speakers-by-80", work, columns=80,
                 lines=40)
        page = work / "show.html"
        newslens("show", SEED, "--html", page, "-q")
        photograph(page.as_uri(), IMG / "show-html.png", 1200, 1100, work)
        page = work / "summary.html"
        newslens("summary", *corpus, "--html", page, "-q")
        photograph(page.as_uri(), IMG / "summary-html.png", 1200, 1100, work)
        charts(corpus, work)
        network_picture(work)
    for path in sorted(IMG.glob("*.png")):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
