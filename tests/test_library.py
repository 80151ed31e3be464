"""newslens the Python way: what a notebook user gives analyze and analyze_many, what a bad item does to a batch,
typed frames, the corpus views as library calls, and help() that explains every field."""

import dataclasses
import inspect
import json

import pandas as pd
import pytest
from click.testing import CliRunner

import newslens
from conftest import DATA, SEED
from newslens.cli import cli
from newslens.errors import InputError, ModelNotFound
from newslens.readers import from_text
from newslens.store import Store

SAID = '"We will win," coach Ada Okafor said on Monday.'


def test_analyze_takes_a_text_a_pair_a_dict_or_a_document():
    by_text = newslens.analyze(SAID, id="a1", source="Ledger", published="2024-05-03")
    assert (by_text.id, by_text.source, by_text.published) == ("a1", "Ledger", "2024-05-03T00:00:00")
    assert newslens.analyze((SAID, {"id": "a1", "source": "Ledger", "published": "2024-05-03"})) == by_text
    assert newslens.analyze({"text": SAID, "id": "a1", "source": "Ledger", "published": "2024-05-03"}) == by_text
    assert newslens.analyze(from_text(SAID, "a1", source="Ledger", published="2024-05-03")) == by_text
    assert newslens.analyze((SAID, "a1")).id == "a1"
    assert newslens.analyze({"text": SAID, "id": "a1"}, id="a2").id == "a2"  # the keyword wins
    assert [q.speaker for q in by_text.quotes] == ["Ada Okafor"]


def test_a_dict_reads_as_a_record_of_an_export_and_missing_cells_are_missing():
    row = {"body": SAID, "url": "https://x.test/1", "headline": "Okafor", "author": float("nan"), "views": 3,
           "subtitle": "Upbeat", "section": None}
    article = newslens.analyze(row)
    assert (article.id, article.title, article.author, article.subtitle, article.section) == (
        "https://x.test/1", "Okafor", None, "Upbeat", None)


def test_analyze_many_keeps_the_order_and_reports_a_bad_item_in_its_place():
    items = ["Rain fell in Oslo.", (SAID, {"id": "okafor"}), None, {"text": "Lee left.", "id": 7}, b"bytes",
             {"title": "no text", "id": "empty"}, 42, ("Text first.", "line\nbreak")]
    out = list(newslens.analyze_many(items))
    assert [type(x).__name__ for x in out] == ["Article", "Article", "Skipped", "Article", "Skipped", "Skipped",
                                               "Skipped", "Skipped"]
    assert [x.id for x in out] == ["<text 1>", "okafor", None, "7", None, "empty", None, "line\nbreak"]
    assert [x.index for x in out if isinstance(x, newslens.Skipped)] == [2, 4, 5, 6, 7]
    assert {x.error for x in out if isinstance(x, newslens.Skipped)} == {"InputError"}
    assert "decode" in out[4].message and "None" in out[2].message and "text comes first" in out[7].message
    assert out[1].quotes[0].speaker == "Ada Okafor"


def test_analyze_many_reads_a_dataframe_by_rows():
    frame = pd.DataFrame({"id": ["x1", "x2"], "text": [SAID, ""], "source": ["Ledger", None]})
    first, second = newslens.analyze_many(frame)
    assert (first.id, first.source, first.quotes[0].speaker) == ("x1", "Ledger", "Ada Okafor")
    assert isinstance(second, newslens.Skipped) and second.id == "x2" and "not empty" in second.message


def test_a_bad_item_alone_raises_a_newslens_error():
    for item, words in ((None, "None"), (b'"Hi," Ann said.', "decode"), (123, "int 123"), ({"id": "x"}, "text"),
                        ({"text": 12}, "not a str")):
        with pytest.raises(InputError, match=words):
            newslens.analyze(item)
    assert issubclass(InputError, newslens.NewslensError)


def test_a_missing_model_is_named_in_the_message():
    with pytest.raises(ModelNotFound, match=r"en_core_web_md.*pip install en-core-web-md"):
        newslens.analyze("Text.", model="en_core_web_md")


# -- frames --

@pytest.fixture(scope="module")
def articles():
    return [newslens.analyze(SEED.read_text(encoding="utf-8"), id="seed"),
            newslens.analyze(SAID, id="okafor", published="2024-05-03T10:00:00+02:00")]


def test_frames_are_typed(articles):
    quotes = newslens.to_frame(articles, "quotes")
    assert len(quotes) == sum(len(a.quotes) for a in articles)
    for column in ("start", "end", "speaker_start", "speaker_end", "cue_start", "cue_end"):
        assert quotes[column].dtype == "Int64", column
    assert quotes["cue_start"].isna().sum() == sum(q.cue_start is None for a in articles for q in a.quotes)
    for column in ("kind", "speaker_type", "act"):
        assert isinstance(quotes[column].dtype, pd.CategoricalDtype), column
    assert list(quotes["kind"].cat.categories) == ["direct", "indirect", "mixed"]
    assert quotes["confidence"].dtype == "Float64"
    frame = newslens.to_frame(articles)
    assert list(frame.columns) == ["article", "title", "subtitle", "author", "source", "published", "section",
                                   "words", "people", "countries", "institutions", "quotes", "copy_of"]
    assert pd.api.types.is_datetime64_any_dtype(frame["published"])
    assert frame.loc[1, "published"] == pd.Timestamp("2024-05-03T08:00:00")  # an offset: in UTC
    assert frame["words"].dtype == "Int64" and frame.loc[0, "subtitle"] == articles[0].subtitle
    mentions = newslens.to_frame(articles[0], "mentions")
    assert isinstance(mentions["form"].dtype, pd.CategoricalDtype) and mentions["start"].dtype == "Int64"


def test_an_empty_frame_has_the_columns_of_its_kind(articles):
    for kind in ("quotes", "mentions", "entities", "articles"):
        full, empty = newslens.to_frame(articles, kind), newslens.to_frame([], kind)
        assert list(empty.columns) == list(full.columns) and len(empty) == 0
        for column in full.columns:
            typed = str(full[column].dtype) in ("Int64", "Float64", "category") or column == "published"
            if typed:
                assert str(empty[column].dtype) == str(full[column].dtype), (kind, column)
    quiet = newslens.analyze("Rain fell in Oslo on Monday.")
    assert newslens.to_frame(quiet, "quotes")["speaker"].tolist() == []
    assert newslens.to_frame(quiet.quotes, "quotes").columns.tolist()[:3] == ["article", "speaker", "speaker_type"]


def test_one_record_is_a_frame_of_one_row(articles):
    assert len(newslens.to_frame(articles[0])) == 1
    assert newslens.to_frame(articles[1].quotes[0]).loc[0, "speaker"] == "Ada Okafor"


def test_store_summaries_frame_keeps_copy_of_and_dates(tmp_path, articles):
    with Store(tmp_path / "s.db") as store:
        for article in articles:
            store.add(article, "m")
        frame = newslens.to_frame(store.summaries(), "articles")
    assert "copy_of" in frame.columns and pd.api.types.is_datetime64_any_dtype(frame["published"])


# -- the corpus views --

def test_corpus_views_are_the_command_lines(tmp_path):
    db = tmp_path / "c.db"
    paths = [str(SEED), str(DATA / "articles")]
    assert CliRunner().invoke(cli, ["add", *paths, "--db", str(db), "-q"]).exit_code == 0

    def cli_rows(*args):
        result = CliRunner().invoke(cli, [*args, "--db", str(db), "--format", "json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    with Store(db) as store:
        people = newslens.corpus_entities(store, type="person")
        assert [e.name for e in people] == [r["name"] for r in cli_rows("entities", "--type", "person")]
        speakers = newslens.corpus_speakers(store, limit=10)
        assert [(r["speaker"], r["quotes"]) for r in speakers] == [
            (r["speaker"], r["quotes"]) for r in cli_rows("speakers", "--limit", "10")]
        assert len(list(store.quotes())) == len(cli_rows("quotes"))  # speech only, as `quotes`
        assert len(list(store.quotes(act="all"))) == len(cli_rows("quotes", "--act", "all"))
    assert newslens.corpus_entities(db, source="wire service") == newslens.corpus_entities(
        str(db), source=["Wire Service"])
    fresh = list(newslens.analyze_many([SEED.read_text(encoding="utf-8")]))
    assert "Gao Fei" in {e.name for e in newslens.corpus_entities(fresh, type="person")}


def test_summary_and_network_are_the_command_lines(tmp_path):
    db = tmp_path / "c.db"
    assert CliRunner().invoke(cli, ["add", str(SEED), str(DATA / "articles"), "--db", str(db), "-q"]).exit_code == 0

    def cli_out(*args):
        result = CliRunner().invoke(cli, [*args, "--db", str(db)])
        assert result.exit_code == 0, result.output
        return result.stdout

    for act, flags in (("speech", ()), ("all", ("--act", "all"))):
        figures = json.loads(json.dumps(newslens.corpus_summary(db, top=5, act=act)))
        shown = json.loads(cli_out("summary", "--top", "5", "--format", "json", *flags))
        shown.pop("context")
        assert figures == shown and figures["articles"] > 1
    net = newslens.corpus_network(db, window="article")
    edges = cli_out("network", "--window", "article", "--format", "csv").splitlines()
    assert len(net.edge_rows()) == len(edges) - 1 > 0
    assert {n["id"] for n in net.node_rows()} == {
        row.split(",")[0] for row in cli_out("network", "--window", "article", "--nodes").splitlines()[1:]}
    with pytest.raises(InputError, match="window"):
        newslens.corpus_network(db, window="paragraph")


# -- help() --

def test_every_record_field_is_explained_in_its_docstring():
    for cls in (newslens.Article, newslens.Entity, newslens.Mention, newslens.Quote, newslens.Skipped,
                newslens.Document):
        doc = inspect.getdoc(cls)
        missing = [f.name for f in dataclasses.fields(cls) if f.name not in doc]
        assert missing == [], (cls.__name__, missing)


def test_every_public_function_has_a_docstring():
    for name in newslens.__all__:
        value = getattr(newslens, name)
        if inspect.isfunction(value) or inspect.isclass(value):
            assert inspect.getdoc(value), name
    from newslens.store import Store as S

    for name, method in inspect.getmembers(S, inspect.isfunction):
        if not name.startswith("_"):
            assert inspect.getdoc(method), f"Store.{name}"


def test_the_readmes_notebook_session_runs(tmp_path, monkeypatch):
    """The README's library section, run as written, on the seed and the test articles."""
    import re

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Library"):readme.index("### Using newslens inside spaCy")]
    session, store_part = re.findall(r"```python\n(.*?)```", section, flags=re.S)[:2]
    texts = [SEED.read_text(encoding="utf-8"), *(p.read_text(encoding="utf-8") for p in sorted(
        (DATA / "articles").glob("*.txt")) if "cp1252" not in p.name)]
    df = pd.DataFrame({"id": [f"a{n}" for n in range(len(texts))], "text": texts, "source": "BBC",
                       "published": "2018-04-02"})
    names = {"text": texts[0], "df": df}
    exec(session.replace("jobs=2", "jobs=1"), names)  # (one process: the suite runs on a shared machine)
    assert len(names["articles"]) == len(texts) and names["skipped"] == []
    assert "Gao Fei" in set(names["quotes"]["speaker"]) and len(names["people"]) > 0
    monkeypatch.chdir(tmp_path)
    with Store("corpus.db") as store:
        for article in names["articles"]:
            store.add(article, "m")
    exec(store_part, names)
    assert names["gao"] and names["top"] and names["merged"]
