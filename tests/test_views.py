"""The views, as a person uses them: show (terminal, pipe, HTML), summary (terminal, JSON, PNG, HTML) and network
(CSV, JSON, GEXF, GraphML), from files and from the store, each checked against the rows of the other commands.

One store per module holds the seed, the varied folder and the invented network folder (added once), so that
FILE runs are served from its cache and store runs need no model."""

import csv
import io
import json
import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import DATA, SEED
from newslens.cli import cli

NETWORK = DATA / "network"
PATHS = [SEED, DATA / "articles", NETWORK]


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("views") / "corpus.db"
    result = CliRunner().invoke(cli, ["add", *map(str, PATHS), "--quiet"], env={"NEWSLENS_DB": str(db)})
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(autouse=True)
def _use_corpus(corpus_db, monkeypatch):
    monkeypatch.setenv("NEWSLENS_DB", str(corpus_db))


@pytest.fixture
def no_model(monkeypatch):
    import newslens.pipeline

    monkeypatch.setattr(newslens.pipeline, "load", lambda *a, **k: pytest.fail("the spaCy pipeline was loaded"))


def run(*args, ok=True, env=None):
    result = CliRunner().invoke(cli, [str(a) for a in args], env=env)
    if ok:
        assert result.exit_code == 0, result.output + repr(result.exception)
    return result


def rows(*args):
    return list(csv.DictReader(io.StringIO(run(*args, "-f", "csv").stdout)))


def seed_quotes():
    return json.loads(run("quotes", SEED, "-f", "json").stdout)


# -- show -----------------------------------------------------------------------------------------------------------

def test_show_in_a_pipe_marks_every_quote_with_its_speaker(no_model):
    text = run("show", SEED).stdout
    quotes = seed_quotes()
    assert len(quotes) == 17
    for n, quote in enumerate(sorted(quotes, key=lambda q: q["start"]), 1):
        assert f"{{Q{n} " in text and f" Q{n}}}" in text
        note = re.search(rf"^    Q{n} (.+)$", text, re.MULTILINE)
        assert note and note.group(1).startswith(quote["speaker"] or quote["speaker_text"]), n
        assert quote["kind"] in note.group(1)
    assert "[Gao Fei|person]^Q3" in text
    assert "[Russian Foreign Ministry|institution]" in text and "\x1b[" not in text  # plain: no colour codes


def test_show_on_a_terminal_is_styled(no_model):
    text = run("show", SEED, env={"FORCE_COLOR": "1", "COLUMNS": "100", "TERM": "xterm-256color"}).stdout
    assert "\x1b[" in text  # rich's styles
    assert "{Q1 " not in text and "[1]" in text and "[17]" in text
    assert "Gao Fei (person, professor of Russian studies" in re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert "People and speakers" in text
    assert len(re.findall(r"\{Q\d+ ", run("show", SEED, "--plain", env={"FORCE_COLOR": "1"}).stdout)) == 17


def test_show_from_the_store_needs_no_model_and_matches_the_file(no_model):
    from_file = run("show", SEED).stdout
    from_store = run("show", "--article", str(SEED)).stdout
    assert from_store == from_file


def test_show_html_is_one_self_contained_page(tmp_path, no_model):
    page = tmp_path / "seed.html"
    result = run("show", SEED, "--html", page)
    assert result.stdout == "" and "wrote" in result.stderr
    html = page.read_text(encoding="utf-8")
    assert "default-src 'none'" in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)  # nothing to fetch
    assert "<script" not in html and "@import" not in html and "url(" not in html
    assert len(set(re.findall(r'data-quote="(\d+)"', html))) == 17
    assert 'data-speaker="Gao Fei"' in html and "<td>Gao Fei</td>" in html


def test_show_needs_a_file_or_an_article():
    assert run("show", ok=False).exit_code == 2
    missing = run("show", "--article", "no/such/article.txt", ok=False)
    assert missing.exit_code == 1 and "no article to show" in missing.output


# -- summary --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("inputs", [PATHS, []], ids=["files", "store"])
def test_summary_counts_are_the_row_counts_of_the_commands(inputs, no_model):
    data = json.loads(run("summary", *inputs, "-f", "json").stdout)
    assert data["articles"] == len(rows("articles", *inputs)) == 10
    assert data["counts"]["entities"] == len(rows("entities", *inputs))
    assert data["counts"]["quotes"] == len(rows("quotes", *inputs))
    assert data["counts"]["speakers"] == len(rows("speakers", *inputs))
    assert sum(data["quote_splits"]["kind"].values()) == data["counts"]["quotes"]
    people = rows("speakers", *inputs, "--speaker-type", "person")
    assert [(s["speaker"], s["quotes"]) for s in data["speakers"]] == [
        (s["speaker"], int(s["quotes"])) for s in people[:10]]
    others = [s for s in rows("speakers", *inputs) if s["speaker_type"] != "person"]
    assert sum(line["quotes"] for line in data["speakers_apart"]) == sum(int(s["quotes"]) for s in others)
    people = [r for r in rows("entities", *inputs, "--type", "person") if int(r["mentions"])]
    assert data["top"]["person"][0]["name"] == max(people, key=lambda r: int(r["mentions"]))["name"]
    by_gender = [{k: v for k, v in r.items() if k in ("gender", "people", "quotes")}
                 for r in rows("speakers", *inputs, "--by", "gender")]
    assert [{k: str(r[k]) for k in ("gender", "people", "quotes")} for r in data["people_by_gender"]] == by_gender


def test_summary_filters_and_time_series(no_model):
    data = json.loads(run("summary", "--source", "Bay Courier", "-f", "json").stdout)
    assert data["articles"] == 2 and data["first"] == "2024-03-04" and data["last"] == "2024-04-10"
    time = data["over_time"]
    assert time["period"] == "month" and time["periods"] == ["2024-03", "2024-04"]
    assert time["series"] == {"Bay Courier": [1, 1]}


def test_summary_over_the_store_is_kept_until_the_corpus_changes(tmp_path, monkeypatch):
    db = tmp_path / "small.db"
    monkeypatch.setenv("NEWSLENS_DB", str(db))
    run("add", NETWORK / "harbor.txt", "--quiet")
    first = json.loads(run("summary", "-f", "json").stdout)
    from newslens.store import Store

    with Store(db) as store:
        assert store.counts()["derived"] == 1
    assert json.loads(run("summary", "-f", "json").stdout) == first
    run("add", NETWORK / "bridge.txt", "--quiet")
    assert json.loads(run("summary", "-f", "json").stdout)["articles"] == first["articles"] + 1


def test_a_store_made_before_the_derived_table_still_opens(tmp_path, monkeypatch):
    import sqlite3

    db = tmp_path / "old.db"
    monkeypatch.setenv("NEWSLENS_DB", str(db))
    run("add", NETWORK / "harbor.txt", "--quiet")
    with sqlite3.connect(db) as connection:
        connection.execute("DROP TABLE derived")
    assert json.loads(run("summary", "-f", "json").stdout)["articles"] == 1


def test_the_new_commands_explain_themselves():
    for command, option in (("show", "--html"), ("summary", "--png"), ("network", "--window")):
        assert option in run(command, "--help").output


def test_summary_in_the_terminal_draws_bars(no_model):
    text = run("summary", env={"COLUMNS": "100"}).stdout
    assert "10 articles" in text and "Most quoted people" in text and "█" in text
    assert "Quotes by kind" in text and "Quotes per year" in text
    assert all(len(line) <= 100 for line in text.splitlines())


def test_summary_png_charts_decode(tmp_path, no_model):
    from matplotlib.image import imread

    folder = tmp_path / "charts"
    run("summary", "--png", folder)
    names = sorted(p.name for p in folder.glob("*.png"))
    assert {"top-person.png", "speakers.png", "quotes-by-kind.png", "quotes-by-speaker_type.png",
            "quotes-over-time.png"} <= set(names)
    for path in folder.glob("*.png"):
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        image = imread(path)
        height, width = image.shape[:2]
        assert width >= 400 and height >= 100


def test_summary_html_embeds_its_charts(tmp_path, no_model):
    page = tmp_path / "summary.html"
    run("summary", "--html", page)
    html = page.read_text(encoding="utf-8")
    assert len(re.findall(r'src="data:image/png;base64,', html)) >= 5
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html) and "default-src 'none'" in html


def test_views_over_the_store_import_no_spacy(corpus_db, tmp_path):
    for args in (["summary"], ["show", "--article", str(SEED)], ["network", "-f", "json"]):
        code = (f"import sys; from newslens.cli import main; sys.argv = ['newslens', *{args!r}]\ntry:\n    main()\n"
                "except SystemExit:\n    pass\n"
                "print(sorted(m for m in ('spacy', 'pandas', 'thinc', 'matplotlib') if m in sys.modules), "
                "file=sys.stderr)")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                             env={**os.environ, "NEWSLENS_DB": str(corpus_db)})
        assert out.stdout and out.stderr.strip().endswith("[]"), (args, out.stderr)


# -- network --------------------------------------------------------------------------------------------------------

# By hand, from the three invented articles: who is named in which sentence, and who names whom in a quote.
SENTENCE_EDGES = {("Lena Ortiz", "Tom Haas"): 1, ("Lena Ortiz", "Portmouth"): 2, ("Portmouth", "Tom Haas"): 2,
                  ("Tom Haas", "Vestra Group"): 2, ("Portmouth", "Vestra Group"): 1, ("Lena Ortiz", "Paul Brenner"): 2,
                  ("Kelsey", "Lena Ortiz"): 1, ("Kelsey", "Paul Brenner"): 1, ("Lena Ortiz", "Vestra Group"): 1,
                  ("Paul Brenner", "Vestra Group"): 1}
QUOTE_EDGES = {("Lena Ortiz", "Portmouth"): 1, ("Tom Haas", "Vestra Group"): 1, ("Lena Ortiz", "Paul Brenner"): 1,
               ("Lena Ortiz", "Vestra Group"): 1}
NODES = {"Lena Ortiz": "person", "Tom Haas": "person", "Paul Brenner": "person", "Vestra Group": "institution",
         "Harbor Authority": "institution", "Portmouth": "place", "Kelsey": "place"}


def edges_of(graph, kind):
    return {(u, v): d["weight"] for u, v, d in graph.edges(data=True) if d["kind"] == kind}


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_invented_articles_give_the_network_drawn_by_hand(tmp_path, fmt, no_model):
    import networkx as nx

    target = tmp_path / f"net.{fmt}"
    run("network", NETWORK, "-f", fmt, "-o", target)
    graph = nx.read_gexf(target) if fmt == "gexf" else nx.read_graphml(target)
    assert graph.number_of_nodes() == 7 and graph.number_of_edges() == 14
    assert {n: d["type"] for n, d in graph.nodes(data=True)} == NODES
    assert graph.nodes["Lena Ortiz"]["mentions"] == 5 and graph.nodes["Lena Ortiz"]["articles"] == 3
    assert edges_of(graph, "cooccurrence") == SENTENCE_EDGES
    assert edges_of(graph, "quotes") == QUOTE_EDGES


def test_article_window_joins_everyone_in_an_article(tmp_path, no_model):
    import networkx as nx

    target = tmp_path / "net.gexf"
    run("network", NETWORK, "--window", "article", "-f", "gexf", "-o", target)
    graph = nx.read_gexf(target)
    together = edges_of(graph, "cooccurrence")
    assert len(together) == 14 and graph.number_of_edges() == 18
    assert together[("Lena Ortiz", "Tom Haas")] == 2 and together[("Harbor Authority", "Tom Haas")] == 1


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_the_seed_network_has_a_node_per_entity_row(tmp_path, fmt, no_model):
    import networkx as nx

    target = tmp_path / f"seed.{fmt}"
    run("network", SEED, "-f", fmt, "-o", target)
    graph = nx.read_gexf(target) if fmt == "gexf" else nx.read_graphml(target)
    entities = rows("entities", SEED)
    edges = rows("network", SEED)
    assert graph.number_of_nodes() == len(entities) and graph.number_of_edges() == len(edges) > 50
    assert set(graph.nodes) == {e["name"] for e in entities}
    assert edges_of(graph, "quotes")[("Gao Fei", "Russia")] >= 1


def test_network_csv_json_and_nodes_agree(no_model):
    import networkx as nx

    edges = rows("network", NETWORK)
    assert list(edges[0]) == ["source", "target", "kind", "weight", "type"]
    assert {r["type"] for r in edges if r["kind"] == "quotes"} == {"Directed"}
    nodes = rows("network", NETWORK, "--nodes")
    assert {r["id"] for r in nodes} == set(NODES)
    data = json.loads(run("network", NETWORK, "-f", "json").stdout)
    graph = nx.node_link_graph(data, edges="links")
    assert graph.number_of_nodes() == 7 and graph.number_of_edges() == len(edges) == 14
    assert run("network", "-f", "json").stdout.count('"kind"') > 14  # the store: every article of the corpus


def test_sentences_are_cut_after_full_stops_not_after_titles():
    from newslens.network import sentence_spans

    text = 'Mr. Blair met Dr. Reid. "We agree," he said! Then U.S. talks began.\nA new line.'
    assert [text[a:b].strip() for a, b in sentence_spans(text)] == [
        "Mr. Blair met Dr. Reid.", '"We agree," he said!', "Then U.S. talks began.", "A new line."]
