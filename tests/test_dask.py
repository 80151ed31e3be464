"""The Dask engine on a real local cluster: the same rows as the local engine, the model loaded once per worker."""

import json

import pytest
from click.testing import CliRunner

from conftest import DATA, SEED
from newslens.cli import cli

pytest.importorskip("distributed")

PATHS = [str(SEED), str(DATA / "articles")]
QUERIES = [["quotes"], ["entities"], ["entities", "--mentions", "--forms", "all"], ["speakers"], ["articles"]]


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result


def rows(db, query):
    return [json.loads(line) for line in run(*query, "--db", db, "-f", "jsonl").stdout.splitlines()]


def test_dask_and_local_engines_store_identical_rows(cluster, tmp_path):
    local, distributed = tmp_path / "local.db", tmp_path / "dask.db"
    run("add", *PATHS, "--db", local, "--jobs", "1")
    result = run("add", *PATHS, "--db", distributed, "--engine", "dask", "--scheduler", cluster.scheduler_address)
    assert "7 analyzed on dask" in result.stderr
    for query in QUERIES:
        expected = rows(local, query)
        assert expected, query
        assert rows(distributed, query) == expected, query


def test_each_worker_loads_the_model_once(cluster, tmp_path):
    from distributed import Client

    run("add", *PATHS, "--db", tmp_path / "a.db", "--engine", "dask", "--scheduler", cluster.scheduler_address)
    run("add", str(SEED), "--db", tmp_path / "b.db", "--engine", "dask", "--scheduler", cluster.scheduler_address)

    def loads():
        from newslens.pipeline import load

        return load.cache_info().misses

    with Client(cluster.scheduler_address) as client:
        assert set(client.run(loads).values()) == {1}


def test_a_scheduler_out_of_reach_is_one_clear_error(tmp_path, monkeypatch):
    import newslens.dask_backend

    monkeypatch.setattr(newslens.dask_backend, "CONNECT_TIMEOUT", "1s")
    result = CliRunner().invoke(cli, ["add", str(SEED), "--db", str(tmp_path / "c.db"), "--engine", "dask",
                                      "--scheduler", "tcp://127.0.0.1:9", "-q"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "tcp://127.0.0.1:9" in result.stderr
