"""The corpus store and the analysis cache: exact round trips, cache keys, queries, filters, layout changes."""

import sqlite3
from dataclasses import replace

import pytest

from conftest import DATA, SEED
from newslens import analyze_many, views
from newslens.engine import Engine
from newslens.errors import InputError
from newslens.filters import ArticleFilter, date_bound
from newslens.readers import read_documents, read_files
from newslens.records import Article, Entity, Mention, Quote, content_digest
from newslens.store import Store, analysis_version, decode_analysis, encode_analysis

PATHS = [str(SEED), str(DATA / "articles")]


@pytest.fixture(scope="module")
def fresh():
    """The seed and the varied folder, analyzed without any cache."""
    return list(analyze_many(read_documents(PATHS)))


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "corpus.db") as store:
        yield store


def metadata(article):
    return {name: getattr(article, name) for name in ("id", "title", "subtitle", "author", "source", "published",
                                                      "section")}


def test_cached_analysis_decodes_to_the_same_article(fresh):
    for article in fresh:
        assert decode_analysis(encode_analysis(article), metadata(article)) == article


def test_cached_analysis_takes_the_new_id_everywhere(seed_article):
    copy = decode_analysis(encode_analysis(seed_article), {**metadata(seed_article), "id": "copy.txt"})
    assert copy.id == "copy.txt" and copy.text == seed_article.text
    assert {m.article for m in copy.mentions} == {"copy.txt"}
    assert {q.article for q in copy.quotes} == {"copy.txt"}
    assert {e.articles for e in copy.entities} == {("copy.txt",)}
    assert [(m.entity, m.start) for m in copy.mentions] == [(m.entity, m.start) for m in seed_article.mentions]


def test_cache_key_is_content_model_and_version(store, seed_article):
    digest = read_documents([str(SEED)]).__next__().digest
    store.save(seed_article, "en_model-1.0")
    assert store.cached(digest, "en_model-1.0")
    assert not store.cached(digest, "en_model-2.0")
    assert not store.cached(digest, "en_model-1.0", version="0+old")
    assert not store.cached("0" * 64, "en_model-1.0")
    assert store.load(digest, "en_model-1.0", metadata(seed_article)) == seed_article


def test_version_includes_the_record_layout(monkeypatch):
    """Cached analyses are stored field by field: a record with another field must not read an old cache, even
    when nobody bumped ANALYSIS_VERSION and the analysis code is the same."""
    import newslens.store.cache

    before = analysis_version()
    real = newslens.store.cache.field_names
    monkeypatch.setattr(newslens.store.cache, "field_names",
                        lambda cls: (*real(cls), "confidence") if cls is Quote else real(cls))
    newslens.store.analysis_version.cache_clear()
    try:
        after = analysis_version()
    finally:
        newslens.store.analysis_version.cache_clear()
    assert after != before
    assert after.split("+")[0] == before.split("+")[0] == newslens.store.cache.ANALYSIS_VERSION  # the same version
    assert after.rsplit(".", 1)[1] == before.rsplit(".", 1)[1]  # the same code: only the layout differs


def test_version_includes_analysis_version(monkeypatch):
    import newslens.store.cache

    before = analysis_version()
    newslens.store.analysis_version.cache_clear()
    monkeypatch.setattr(newslens.store.cache, "ANALYSIS_VERSION", "999")
    try:
        assert analysis_version() != before and analysis_version().startswith("999+")
    finally:
        newslens.store.analysis_version.cache_clear()


def test_engine_serves_renamed_and_copied_files_from_the_cache(tmp_path, store, fresh):
    first = list(Engine(store=store, jobs=1).run(read_files(PATHS)))
    assert first == fresh
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(SEED.read_bytes())
    engine = Engine(store=store, jobs=1)
    (article,) = engine.run(read_files([str(copy)]))
    assert engine.stats.cached == 1 and engine.stats.analyzed == 0
    assert article == replace(decode_analysis(encode_analysis(fresh[0]), {**metadata(fresh[0]), "id": str(copy)}))


def test_a_changed_file_is_analyzed_again(tmp_path, store):
    path = tmp_path / "story.txt"
    path.write_text('"The bridge is safe," engineer Paolo Rossi said.\n', encoding="utf-8")
    engine = Engine(store=store, jobs=1)
    list(engine.run(read_files([str(path)])))
    assert engine.stats.analyzed == 1
    path.write_text('"The bridge is closed," engineer Paolo Rossi said.\n', encoding="utf-8")
    engine = Engine(store=store, jobs=1)
    (article,) = engine.run(read_files([str(path)]))
    assert engine.stats.analyzed == 1 and engine.stats.cached == 0
    assert "closed" in article.quotes[0].text


def test_copies_in_one_run_are_analyzed_once(tmp_path, store):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text('"We will rebuild," Mayor Anna Kovacs said.\n', encoding="utf-8")
    engine = Engine(store=store, jobs=1)
    articles = list(engine.run(read_files([str(tmp_path)])))
    assert [a.id for a in articles] == [str(tmp_path / n) for n in ("a.txt", "b.txt", "c.txt")]
    assert engine.stats.analyzed == 1 and engine.stats.cached == 2
    assert [a.quotes[0].article for a in articles] == [a.id for a in articles]


def test_store_rows_equal_fresh_rows(store, fresh):
    for article in fresh:
        store.add(article, "m")
    assert list(store.articles()) == fresh
    assert [e for e in store.entities()] == [e for a in fresh for e in a.entities]
    assert views.merge_entities(store.entities()) == views.merge_entities(e for a in fresh for e in a.entities)
    assert list(store.mentions(form="all")) == [m for a in fresh for m in a.mentions]
    assert list(store.quotes(act="all")) == [q for a in fresh for q in a.quotes]
    assert list(store.summaries()) == [{**a.summary(), "copy_of": None} for a in fresh]


def test_queries_take_the_command_lines_filters_and_defaults(store, fresh):
    for article in fresh:
        store.add(article, "m")
    every = [q for a in fresh for q in a.quotes]
    assert {q.act for q in every} > {"speech"}  # the corpus has other acts: the default below means something
    assert list(store.quotes()) == [q for q in every if q.act == "speech"]  # `newslens quotes`: speech
    assert list(store.quotes(act=None)) == every
    assert list(store.quotes(act=["thought", "stance"])) == [q for q in every if q.act in ("thought", "stance")]
    assert list(store.quotes(kind="direct", act="all")) == [q for q in every if q.kind == "direct"]
    mentions = [m for a in fresh for m in a.mentions]
    assert list(store.mentions()) == [m for m in mentions if m.form in ("name", "alias", "acronym")]
    assert list(store.mentions(type="country", form="demonym")) == [
        m for m in mentions if m.type == "country" and m.form == "demonym"]
    wire = ["wire-001", "wire-002"]
    assert [r["article"] for r in store.summaries(source="Wire Service")] == wire
    assert {q.article for q in store.quotes(source=["wire service"], act="all")} <= set(wire)
    assert [a.id for a in store.articles(since="2023-09-03")] == ["letter-7", "wire-002"]
    assert [r["article"] for r in store.summaries(since="2021", until="2022")] == [
        str(DATA / "articles" / "harbor.txt"), str(DATA / "articles" / "trade.html")]
    assert {e.articles[0] for e in store.entities(article="wire-*", type="person")} <= set(wire)
    with pytest.raises(InputError, match="not a date"):
        list(store.quotes(since="last week"))


def test_speaker_query_matches_the_views_rule(store, fresh):
    for article in fresh:
        store.add(article, "m")
    for name in ("gao", "Fei", "GAO FEI", "Sun", "Kovacs", "Zhuang", "Nobody", "Gao Sun", "%", "_", "Gao-Fei",
                 "sun-zhuangzhi", "-"):
        expected = [q for a in fresh for q in a.quotes if views.quote_matches(q, a, speaker=name)]
        got = list(store.quotes(speaker=name, act="all"))
        assert got == expected, name


def test_adding_again_replaces_the_article(store, seed_article):
    store.add(seed_article, "m")
    store.add(replace(seed_article, quotes=seed_article.quotes[:1]), "m")
    assert store.counts()["articles"] == 1
    assert len(list(store.quotes())) == 1
    assert store.remove(seed_article.id) and store.counts()["mentions"] == 0


def test_filters_by_source_date_and_id(store, fresh):
    for article in fresh:
        store.add(article, "m")

    def ids(keep):
        return [row["article"] for row in store.summaries(keep)]

    assert ids(ArticleFilter(sources=("wire service",))) == ["wire-001", "wire-002"]
    assert ids(ArticleFilter(since=date_bound("2023-09-03"))) == ["letter-7", "wire-002"]
    assert ids(ArticleFilter(since=date_bound("2021"), until=date_bound("2022", end=True))) == [
        str(DATA / "articles" / "harbor.txt"), str(DATA / "articles" / "trade.html")]
    assert ids(ArticleFilter(articles=("wire-*",))) == ["wire-001", "wire-002"]
    assert ids(ArticleFilter(articles=(str(SEED),))) == [str(SEED)]
    keep = ArticleFilter(sources=("Wire Service",))
    assert {m.article for m in store.mentions(keep, form="all")} == {"wire-001", "wire-002"}
    assert {e.articles[0] for e in store.entities(keep)} <= {"wire-001", "wire-002"}


def test_date_bounds():
    assert date_bound("2005") == "2005-01-01" and date_bound("2005", end=True) == "2005-12-31"
    assert date_bound("2005-2") == "2005-02-01" and date_bound("2005-02", end=True) == "2005-02-31"
    assert date_bound("2005-02-03", end=True) == "2005-02-03"
    for bad in ("yesterday", "2005-13", "05-01-2005"):
        with pytest.raises(ValueError):
            date_bound(bad)
    keep = ArticleFilter(since="2005-01-01")
    assert keep.keeps("a", None, "2005-01-01T10:00:00") and not keep.keeps("a", None, None)


def test_a_store_of_an_older_layout_gains_the_new_columns(tmp_path, seed_article):
    path = tmp_path / "old.db"
    with Store(path) as store:
        store.add(seed_article, "m")
    db = sqlite3.connect(path)
    db.execute("ALTER TABLE quotes DROP COLUMN addressee")  # as if written before Quote had this field
    db.commit()
    db.close()
    with Store(path) as store:
        quotes = list(store.quotes())
    assert len(quotes) == len(seed_article.quotes) and all(q.addressee is None for q in quotes)


def test_records_have_the_fields_the_store_expects():
    # the codec keys nested records on these names; a rename here must be a conscious change
    assert {"entities", "mentions", "quotes"} <= {f for f in Article.__dataclass_fields__}
    assert "article" in Mention.__dataclass_fields__ and "article" in Quote.__dataclass_fields__
    assert "articles" in Entity.__dataclass_fields__


def test_the_version_follows_the_analysis_code(monkeypatch, tmp_path):
    import newslens.resources
    import newslens.store

    before = newslens.store.code_fingerprint()
    models = tmp_path / "models"
    models.mkdir()
    (models / "cues.tsv").write_text("say\tsaid\n", encoding="utf-8")
    newslens.store.code_fingerprint.cache_clear()
    monkeypatch.setattr(newslens.resources, "models_dir", lambda: models)
    try:
        assert newslens.store.code_fingerprint() != before  # other rule files: another version
    finally:
        newslens.store.code_fingerprint.cache_clear()
        newslens.store.analysis_version.cache_clear()


@pytest.mark.parametrize("chosen", [
    {"kinds": ("direct",)}, {"acts": ("thought", "stance")}, {"min_confidence": 0.9}, {"speaker_types": ("person",)},
    {"search": "the"}, {"speaker": "Gao"}, {"kinds": ("indirect", "mixed"), "acts": ("speech",)},
])
def test_one_quote_filter_decides_files_and_writes_the_stores_sql(store, fresh, chosen):
    """``QuoteFilter`` is the one filter: what its SQL (and its speaker rule) keeps of the store is what it keeps
    of the records in hand, quote for quote."""
    from newslens.filters import QuoteFilter

    for article in fresh:
        store.add(article, "en_model-1.0")
    keeps = QuoteFilter(**chosen)
    expected = [q for a in fresh for q in a.quotes if keeps.keeps(q, a)]
    assert list(store.quotes_kept(keeps)) == expected
    assert expected and len(expected) < sum(len(a.quotes) for a in fresh)  # the filter keeps some, not all


def test_files_and_the_store_are_one_source(store, fresh):
    from newslens.query import ArticleSource, Source, StoreSource

    assert isinstance(ArticleSource(fresh), Source)
    assert isinstance(StoreSource(store), Source)


def _contents(store) -> dict[str, list]:
    """Every row of the corpus's tables, the times articles were added left out."""
    tables = ("articles", "entities", "mentions", "quotes", "analyses", "copy_keys", "copy_signatures",
              "speaker_totals", "speaker_roles", "corpus_names", "name_keys", "corpus_links", "first_words",
              "entity_totals")
    found = {}
    for table in tables:
        columns = [r[1] for r in store.db.execute(f"PRAGMA table_info({table})") if r[1] != "added"]
        chosen = ", ".join(f"[{c}]" for c in columns)
        found[table] = sorted(store.db.execute(f"SELECT {chosen} FROM {table}").fetchall(), key=repr)
    return found


def test_a_batch_writes_what_one_article_at_a_time_writes_in_one_transaction(tmp_path, fresh):
    """``Store.batch()``: the analyses cached and the articles stored are written together, the first article at
    once and then one transaction for the rest of the batch, and the store holds exactly what adding them one at
    a time makes (copies, totals, names)."""
    # a copy inside the batch, and articles stored again: the first (written at once) and one of the batch
    articles = [*fresh, replace(fresh[0], id="copy-of-the-seed"), replace(fresh[0], title="Again"),
                replace(fresh[2], title="Again")]
    with Store(tmp_path / "one.db") as one:
        for article in articles:
            one.save(article, "en_model-1.0")
            one.add(article, "en_model-1.0", relink=False)
        one.relink()
        expected = _contents(one)
    with Store(tmp_path / "batch.db") as batched:
        commits = []
        batched.db.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
        with batched.batch(seconds=600):
            for article in articles:
                batched.save(article, "en_model-1.0")
                assert batched.cached(content_digest(article.text), "en_model-1.0")  # seen while it waits
                batched.add(article, "en_model-1.0", relink=False)
            assert batched.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1  # the first at once
        assert len(commits) == 2  # the first article, then the rest
        batched.relink()
        assert _contents(batched) == expected
    # a copy found within the batch (copy_of, the last column): the seed stored again is one of its copy, which
    # became the story when the seed was taken out
    assert [row[-1] for row in expected["articles"] if fresh[0].id in row] == ["copy-of-the-seed"]
    assert sum("Again" in row for row in expected["articles"]) == 2
    assert expected["speaker_totals"] and expected["corpus_names"] and expected["copy_keys"]


def test_a_batch_cut_short_keeps_what_was_done(tmp_path, fresh):
    with Store(tmp_path / "cut.db") as store:
        with pytest.raises(KeyboardInterrupt), store.batch():
            for article in fresh[:3]:
                store.add(article, "en_model-1.0")
            raise KeyboardInterrupt
        assert store.ids() == [a.id for a in fresh[:3]]


def test_a_batch_is_written_when_it_is_full(tmp_path, fresh):
    written = []
    with Store(tmp_path / "full.db") as store, store.batch(articles=2, seconds=600):
        for article in fresh[:5]:
            store.add(article, "en_model-1.0")
            written.append(len(store.ids()))
    assert written == [1, 1, 3, 3, 5]  # the first at once, then two at a time
