"""Corpus stages on the pool (``analysis.build.schedule``): a corpus stage that later stages can do
without runs on a worker (a Dask LocalCluster here) while the build goes on, with the tables a
serial build gives; one article it fails on costs that article only; values are let go after their
last reader."""

from __future__ import annotations

import os
import shutil
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool

import pandas as pd
import pytest

from analysis.build import runner as pipeline
from analysis.stages import registry
from tests.corpora import FACTRU
from tests.helpers import wrap_stage

ARTICLES = 16  # runner.PARALLEL_MIN_ARTICLES: the Dask pool is used from this many on
needs_factru = pytest.mark.skipif(not FACTRU.is_dir(), reason=f"{FACTRU} is not beside the project")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("factru") / "corpus"
    folder.mkdir()
    for path in sorted(FACTRU.glob("*.txt"))[:ARTICLES]:
        shutil.copy(path, folder)
    return folder


@pytest.fixture(scope="module")
def serial(corpus):
    """(tables, manifest) of one process, no pool."""
    from analysis.build.run import build_tables

    return build_tables(corpus, engine="natasha", cache=False, workers=1)


def _inputs(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """What the build hands the stages, from built tables (the mentions standing for the engine's)."""
    inputs = {name: tables[name] for name in ("articles", "sentences", "tokens")}
    inputs["raw_mentions"] = tables["mentions"][["article_id", "sentence_id", "start", "end", "text", "type"]]
    return inputs


def _same(expected: dict[str, pd.DataFrame], found: dict[str, pd.DataFrame]) -> None:
    assert set(found) == set(expected)
    for name in expected:
        pd.testing.assert_frame_equal(expected[name], found[name], obj=name)


@pytest.fixture(scope="module")
def cluster():
    """(client, its workers' process ids, ``--scheduler`` of) a Dask LocalCluster of two workers."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as local,
        Client(local) as client,
    ):
        yield (
            client,
            set(client.run(os.getpid).values()),
            f"dask://{local.scheduler_address.removeprefix('tcp://')}",
        )


def _held_here(monkeypatch) -> dict[str, set[str]]:
    """The values this process held when each stage ran here (filled as the build runs)."""
    held: dict[str, set[str]] = {}
    run = pipeline.Runner.run

    def recorded(self, stage):
        held[stage.name] = set(self.values)
        return run(self, stage)

    monkeypatch.setattr(pipeline.Runner, "run", recorded)
    return held


ON_THE_CLUSTER = {stage.name for stage in registry.STAGES if stage.scope is registry.Scope.CORPUS} | {
    "citations",  # the per-article stages that read the documents, or values made of them
    "quotes",
    "quantities",
    "syntax",
    "claim_profiles",
}


@needs_factru
def test_a_build_on_a_dask_cluster_runs_every_corpus_stage_on_a_worker_with_the_serial_tables(
    corpus, serial, cluster, monkeypatch
):
    """``--scheduler dask://HOST:PORT``: every corpus stage runs on the cluster's workers, and so do
    the per-article stages that read the documents; the documents never reach this process (the
    engine here: the stages are what is tested)."""
    from analysis.build.run import analyse_articles, read_corpora
    from analysis.nlp import get_engine

    _, workers, scheduler = cluster
    where: dict[str, int] = {}
    run_stages = pipeline.run_stages
    monkeypatch.setattr(pipeline, "run_stages", lambda *args, **kw: run_stages(*args, **kw, where=where))
    held = _held_here(monkeypatch)
    articles, _, _ = read_corpora([corpus])
    engine = get_engine("natasha")
    seconds: dict[str, float] = {}
    tables, errors = analyse_articles(
        articles, lambda _: engine, workers=2, scheduler=scheduler, seconds=seconds
    )
    assert errors == [] and all(seconds[name] > 0 for name in ON_THE_CLUSTER)  # the workers' CPU seconds
    _same(serial[0], tables)
    assert {name for name, pid in where.items() if pid in workers} == ON_THE_CLUSTER
    assert set(where) == {stage.name for stage in registry.STAGES}
    assert set(held) == set(where) - ON_THE_CLUSTER  # the stages run here: of tables and inputs
    assert not any(
        {"documents", "quantities", "linked_entities", "claims"} & names for names in held.values()
    )


@needs_factru
def test_a_build_on_a_dask_cluster_reusing_its_cache_and_memos_equals_the_serial_build(
    serial, cluster, tmp_path, monkeypatch
):
    """The workers read and write the stage cache and the corpus stages' memos (this machine's disk):
    a second build reuses them, with the serial build's tables. The per-article stages' cache keys
    are made here without the documents."""
    from analysis.build.cache import DiskCache

    tables, _ = serial
    client, workers, _ = cluster
    expected, _ = pipeline.run_stages(_inputs(tables))
    cache = DiskCache(tmp_path / "stages")
    held = _held_here(monkeypatch)
    for _ in range(2):
        where: dict[str, int] = {}
        found, errors = pipeline.run_stages(
            _inputs(tables), cache, client.get_executor(pure=False), where=where
        )
        assert errors == []
        assert {name for name, pid in where.items() if pid in workers} == ON_THE_CLUSTER
        assert not any("documents" in names for names in held.values())
        _same(expected, found)
    memos = {path.name for path in cache.folder.glob("memo-*.pickle")}
    assert memos == {f"memo-{stage.name}.pickle" for stage in registry.STAGES if stage.memo}
    assert (cache.folder / "pack-citations.pickle").is_file()  # written by the worker that ran citations


@needs_factru
def test_a_corpus_stage_failing_in_a_worker_costs_that_article_only(serial, cluster, monkeypatch):
    tables, _ = serial
    client, workers, _ = cluster
    bad = sorted(tables["events"]["article_id"].unique())[3]

    def fail_on(run, events_by_article):
        if bad in events_by_article:
            raise ValueError(f"cannot cluster {bad}")
        return run(events_by_article)

    def break_events(article_id: str | None) -> None:  # run in each worker (cloudpickle sends it by value)
        """``events`` fails when the articles include ``article_id``; None: the registry as it was."""
        from dataclasses import replace

        from analysis.stages import registry as own

        own.__dict__.setdefault("_as_loaded", own.STAGES)
        own.STAGES = own._as_loaded
        if article_id is None:
            return

        def fail(run, events_by_article):
            if article_id in events_by_article:
                raise ValueError(f"cannot cluster {article_id}")
            return run(events_by_article)

        own.STAGES = tuple(
            replace(s, run=lambda *inputs, run=s.run: fail(run, *inputs)) if s.name == "events" else s
            for s in own.STAGES
        )

    wrap_stage(monkeypatch, "events", fail_on)
    expected, expected_errors = pipeline.run_stages(_inputs(tables))
    assert [(e["file"], e["stage"]) for e in expected_errors] == [(f"{bad}.txt", "events")]
    assert bad not in set(expected["events"]["article_id"]) and len(expected["events"])

    where: dict[str, int] = {}
    client.run(break_events, bad)
    try:
        found, errors = pipeline.run_stages(
            _inputs(tables), pool=client.get_executor(pure=False), where=where
        )
    finally:
        client.run(break_events, None)
    assert where["events"] in workers
    assert errors == expected_errors
    _same(expected, found)


@needs_factru
def test_a_cluster_going_away_mid_build_leaves_the_lost_stages_to_this_process(serial, monkeypatch):
    """The cluster closes when this process asks for the claims stage's answer: what was gathered
    before stays; the stages whose answers are lost run here, and so do the makers of the values they
    read, down to the build's inputs (the documents, the entities' linking)."""
    from distributed import Client, LocalCluster

    from analysis.build import schedule

    tables, _ = serial
    expected, expected_errors = pipeline.run_stages(_inputs(tables))
    read = schedule.Cluster.read
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as local,
        Client(local) as client,
    ):
        workers = set(client.run(os.getpid).values())

        def going(self, name, future):
            if name == "claims":
                local.close()
            return read(self, name, future)

        monkeypatch.setattr(schedule.Cluster, "read", going)
        where: dict[str, int] = {}
        found, errors = pipeline.run_stages(
            _inputs(tables), pool=client.get_executor(pure=False), where=where
        )
    assert errors == expected_errors == []
    _same(expected, found)
    gathered = {"events", "citations", "copies", "alignments", "roles"}  # their tables and answers came
    assert gathered <= {name for name, pid in where.items() if pid in workers}
    # lost: claims and after, the values they read (let go on the cluster once sent), and their makers
    lost = {"claims", "contradictions", "verdicts", "documents", "syntax", "entity_corrections", "entities"}
    assert lost <= {name for name, pid in where.items() if pid == os.getpid()}


class Broken(Executor):
    """A pool whose workers have died: every task it takes fails with BrokenProcessPool."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        future.set_exception(BrokenProcessPool("a worker died"))
        return future


class Refusing(Executor):
    """A pool that takes no more work: ``submit`` itself raises, as a broken ProcessPoolExecutor's does."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        raise BrokenProcessPool("a worker died")


@needs_factru
@pytest.mark.parametrize("pool", [Broken(), Refusing()], ids=["task fails", "submit fails"])
def test_a_broken_pool_runs_the_corpus_stage_here_with_the_same_tables(serial, pool):
    tables, _ = serial
    expected, expected_errors = pipeline.run_stages(_inputs(tables))
    where: dict[str, int] = {}
    found, errors = pipeline.run_stages(_inputs(tables), pool=pool, where=where)
    assert errors == expected_errors == []
    _same(expected, found)
    assert set(where.values()) == {os.getpid()}


@needs_factru
def test_values_no_later_stage_reads_are_let_go_after_their_last_reader(serial, monkeypatch):
    held = _held_here(monkeypatch)
    pipeline.run_stages(_inputs(serial[0]))
    # the engine's raw spans and the linking's intermediate values are gone once entities are corrected
    assert {"raw_mentions", "entity_parts"} & held["entity_corrections"] == set()
    assert {"linked_mentions", "linked_entities"} & held["documents"] == set()
    assert "dated_clauses" not in held["citations"] and "dated_clauses" in held["events"]
    # the documents stay until claims, their last reader; the syntax trees and quantities go with it
    assert "documents" in held["claims"] and "documents" not in held["contradictions"]
    assert {"quantities", "syntax"} & held["contradictions"] == set()
    assert "found_contradictions" in held["verdicts"]
    assert held["verdicts"] <= set(registry.written()) | {"found_contradictions", "entity_corrections"}
