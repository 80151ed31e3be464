"""The layout shows the architecture: data flows one way, readers -> component -> engine -> store -> views ->
output, with the command line on top and the records at the bottom. No module imports one that sits above
it (imports inside functions count too), and only cli.py imports click."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newslens"

# bottom first; modules of one layer may import each other
LAYERS = [
    {"records", "errors", "text", "batching", "resources", "pronouns", "version", "decoding", "copies", "firstnames",
     "outfiles"},
    {"header", "readers", "filters", "names", "search", "gender", "items", "linking"},
    {"entities"},
    {"quotes"},
    {"component", "doc_data"},
    {"pipeline", "tokenizer"},
    {"analysis"},
    {"engine", "dask_backend", "training"},
    {"store"},
    {"views", "query", "export", "annotate", "summary", "network", "frames", "sql"},
    {"corpus"},
    {"progress", "output", "table_layout", "render_article", "render_summary", "charts", "graph", "streams"},
    {"cli", "__main__", "__init__"},
]


def layer_of(module: str) -> int:
    top = module.split(".")[0]
    found = [n for n, layer in enumerate(LAYERS) if top in layer]
    assert found, f"{module} has no layer in tests/test_layers.py"
    return found[0]


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newslens"):
            if node.module != "newslens":
                found.add(node.module)
            else:  # `from newslens import views` imports a module; `from newslens import analyze`, the package
                found.update(f"newslens.{a.name}" if (PACKAGE / f"{a.name}.py").exists() else "newslens"
                             for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith(("newslens", "click")))
    return found


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        yield name.removesuffix(".__init__") if name != "__init__" else name, path


def test_every_module_has_a_layer():
    for name, _ in modules():
        assert layer_of(name) >= 0


def test_no_module_imports_one_above_it():
    wrong = []
    for name, path in modules():
        for target in imports(path):
            if target == "click":
                continue
            target = target.removeprefix("newslens.")
            if target == "newslens":
                target = "__init__"
            if layer_of(target) > layer_of(name):
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_only_the_command_line_imports_click():
    assert [name for name, path in modules() if "click" in imports(path)] == ["cli"]


# inside quotes/: one road, in the order data flows (each module imports only those before it)
QUOTES_ROAD = ["lexicon", "marks", "parsed", "syntax", "cues", "candidates", "features", "model", "speakers", "acts",
               "attribute"]


def test_quotes_is_one_road():
    wrong = []
    found = sorted(p.stem for p in (PACKAGE / "quotes").glob("*.py") if p.stem != "__init__")
    assert found == sorted(QUOTES_ROAD), "every module of quotes/ has its place on the road"
    for name in QUOTES_ROAD:
        for target in imports(PACKAGE / "quotes" / f"{name}.py"):
            if target.startswith("newslens.quotes."):
                other = target.removeprefix("newslens.quotes.")
                if QUOTES_ROAD.index(other) >= QUOTES_ROAD.index(name):
                    wrong.append(f"quotes.{name} imports quotes.{other}")
    assert wrong == []
