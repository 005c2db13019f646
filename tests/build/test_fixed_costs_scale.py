"""The engine step's fixed cost on an add-one: the cache's pack of the engine tables is not written
again for an article or two (``engine.PACK_SLACK``); those articles' rows are read from their own
entries in the cache, and every table still equals a build without cache."""

from __future__ import annotations

import shutil

import pandas as pd

from analysis.build import engine as engine_step
from analysis.build.cache import EngineCache
from analysis.build.engine import PACKED
from analysis.build.run import build_tables
from analysis.core.schema import TABLES
from analysis.tools.bench import _new_article

ADDED = "zz_added"


def _assert_equal(built: dict, expected: dict) -> None:
    assert set(built) == set(expected)
    for name in TABLES:
        pd.testing.assert_frame_equal(built[name], expected[name], obj=name)


def _pack_files(cache: EngineCache) -> dict[str, bytes]:
    return {table: cache.pack.path(table).read_bytes() for table in PACKED}


def _no_engine(_name):
    raise AssertionError("the engine was loaded: the added article's rows were not read from the cache")


def test_an_added_article_leaves_the_pack_as_it_was_and_the_tables_as_without_cache(
    seeds_dir, tmp_path, monkeypatch
):
    """Build the seeds with the cache, add an article and build again: the pack's files keep their
    bytes (the five seed articles), the tables equal a build without cache of the six articles, and
    so they do again with the engine's analyses deleted and no engine to load (the added article's
    rows come from its own entry). Once the pack lacks more than ``PACK_SLACK`` of the corpus it is
    written again, with the six."""
    monkeypatch.chdir(tmp_path)  # the build's cache (.cache/storylens) lives here
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    build_tables(corpus, engine="natasha")
    cache = EngineCache("natasha", engine_step.package_version("natasha"))
    seeds = _pack_files(cache)
    assert len(cache.pack.keys("tokens")) == 5

    (corpus / f"{ADDED}.txt").write_text(_new_article(corpus), encoding="utf-8")
    monkeypatch.setattr(engine_step, "PACK_SLACK", 1 / 5)  # one article of six may be outside it
    expected = build_tables(corpus, engine="natasha", cache=False)[0]
    assert ADDED in set(expected["tokens"]["article_id"])
    _assert_equal(build_tables(corpus, engine="natasha")[0], expected)
    assert _pack_files(cache) == seeds

    shutil.rmtree(cache.store.folder)
    monkeypatch.setattr(engine_step, "get_engine", _no_engine)
    _assert_equal(build_tables(corpus, engine="natasha")[0], expected)
    assert _pack_files(cache) == seeds

    monkeypatch.setattr(engine_step, "PACK_SLACK", 1 / 7)
    _assert_equal(build_tables(corpus, engine="natasha")[0], expected)
    assert set(cache.pack.keys("tokens")) == set(expected["articles"]["article_id"])  # written again
