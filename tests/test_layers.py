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
    {"pipeline", "tokenizer", "attributes"},
    {"analysis"},
    {"engine", "dask_backend", "training"},
    {"store"},
    {"views", "query", "export", "annotate", "summary", "network", "frames", "sql"},
    {"corpus"},
    {"progress", "output", "table_layout", "render_article", "render_summary", "charts", "graph", "streams"},
    {"cli", "__main__", "__init__"},
]


# inside the store package, bottom first: a part imports only the parts below it; the package's __init__ (Store)
# sits on top
STORE_PARTS = [
    {"connection"},
    {"schema"},
    {"cache", "rows"},
    {"copyindex", "names", "totals", "derived"},
    {"writes", "queries"},
    {"__init__"},
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
            # `from newslens import views` imports a module, `from newslens import analyze` the package; the
            # same for `from newslens.store import rows`
            folder = PACKAGE.joinpath(*node.module.split(".")[1:])
            for a in node.names:
                module = f"{node.module}.{a.name}"
                found.add(module if (folder / f"{a.name}.py").exists() or (folder / a.name / "__init__.py").exists()
                          else node.module)
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


def store_part(module: str) -> int:
    part = module.removeprefix("newslens.store").removeprefix(".") or "__init__"
    found = [n for n, layer in enumerate(STORE_PARTS) if part.split(".")[0] in layer]
    assert found, f"newslens.store.{part} has no place in STORE_PARTS (tests/test_layers.py)"
    return found[0]


def test_the_store_parts_import_only_those_below_them():
    """The store package's layout shows its order too: its connection, then the schema, the codecs, the parts
    over the connection (copies, names, totals, kept results), the writes and the queries, and Store on top."""
    wrong = [f"store.{path.stem} imports {target}"
             for path in sorted((PACKAGE / "store").glob("*.py")) for target in imports(path)
             if target.startswith("newslens.store") and store_part(target) > store_part(path.stem)]
    assert wrong == []
