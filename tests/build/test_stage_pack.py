"""A per-article stage's tables of the last build in one file (``cache.StagePack``): an unchanged
article's rows are taken from it while its key holds, and the tables equal a build without cache."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from analysis.build import runner as pipeline
from analysis.build.cache import DiskCache, PackedTable, StagePack, concat_rows, packed
from analysis.core.schema import ARTICLES, CITATIONS, DATES, QUOTES, SENTENCES, TOKENS
from analysis.stages.registry import RAW_MENTIONS


def _inputs(tables: dict[str, pd.DataFrame], without: str = "") -> dict[str, pd.DataFrame]:
    """What the build hands the stages, taken from a built corpus (its mentions as the engine's),
    the article ``without`` left out."""
    raw = tables["mentions"][["article_id", "sentence_id", "start", "end", "text", "type"]]
    inputs = {
        ARTICLES: tables[ARTICLES],
        SENTENCES: tables[SENTENCES],
        TOKENS: tables[TOKENS],
        RAW_MENTIONS: raw,
    }
    return {
        name: frame[frame["article_id"] != without].reset_index(drop=True) for name, frame in inputs.items()
    }


def _assert_equal(built: dict, expected: dict) -> None:
    assert set(built) == set(expected)
    for name in expected:
        pd.testing.assert_frame_equal(built[name], expected[name], obj=name)


def _pack(cache: DiskCache, stage: str) -> StagePack:
    return pickle.loads((cache.folder / f"pack-{stage}.pickle").read_bytes())


def _put(cache: DiskCache, stage: str, pack: StagePack) -> None:
    (cache.folder / f"pack-{stage}.pickle").write_bytes(pickle.dumps(pack))


def test_an_added_and_an_edited_article_give_the_tables_of_a_build_without_cache(
    tables, tmp_path, monkeypatch
):
    """Build the seeds but one article from the middle, then all of them with another article's sentence
    edited: the unchanged articles' rows come from the packs (no article's cache entry of the dates
    stage is read but the two changed ones'), and every table equals the build without cache."""
    ids = sorted(tables[ARTICLES]["article_id"])
    added, edited = ids[2], ids[0]
    cache = DiskCache(tmp_path / "stages")
    pipeline.run_stages(_inputs(tables, without=added), cache)
    assert sorted(path.name for path in cache.folder.glob("pack-*")) == [
        "pack-citations.pickle",
        "pack-dates.pickle",
        "pack-quotes.pickle",
    ]
    inputs = _inputs(tables)
    sentences = inputs[SENTENCES].copy()
    first = sentences.index[(sentences["article_id"] == edited) & (sentences["text"].str.len() > 0)][0]
    sentences.loc[first, "text"] = "3 марта 2019 года " + sentences.loc[first, "text"]
    inputs[SENTENCES] = sentences

    read = []
    get = DiskCache.get
    monkeypatch.setattr(DiskCache, "get", lambda self, key: read.append(key) or get(self, key))
    keys = {}
    real_keys = pipeline.Runner._cache_keys

    def cache_keys(runner, stage, ids):
        keys[stage.name] = real_keys(runner, stage, ids)
        return keys[stage.name]

    monkeypatch.setattr(pipeline.Runner, "_cache_keys", cache_keys)
    rebuilt, errors = pipeline.run_stages(inputs, cache)
    assert errors == []
    _assert_equal(rebuilt, pipeline.run_stages(inputs)[0])
    dates = rebuilt[DATES]
    assert (dates["article_id"] == added).any() and (dates["article_id"] == edited).any()
    assert set(keys["dates"].values()) & set(read) == {keys["dates"][added], keys["dates"][edited]}
    assert set(_pack(cache, "dates").keys.items()) == set(keys["dates"].items())  # kept for the next build


def test_a_pack_serves_while_its_key_holds_and_a_stale_key_is_not_used(tables, tmp_path):
    """The dates pack's rows are what the build takes (rows written into it show in the table), and an
    article whose key in the pack is not its key now gets its rows from its own result instead."""
    cache = DiskCache(tmp_path / "stages")
    inputs = _inputs(tables)
    expected, _ = pipeline.run_stages(inputs, cache)
    pack = _pack(cache, "dates")
    table = pack.tables[DATES]
    forged = table.frame.copy()
    forged["text"] = "forged"
    _put(cache, "dates", StagePack(pack.keys, {DATES: PackedTable(forged, table.counts)}))
    assert set(pipeline.run_stages(inputs, cache)[0][DATES]["text"]) == {"forged"}

    stale = next(iter(pack.keys))
    _put(
        cache, "dates", StagePack({**pack.keys, stale: "0" * 64}, {DATES: PackedTable(forged, table.counts)})
    )
    dates = pipeline.run_stages(inputs, cache)[0][DATES]
    mine = dates["article_id"] == stale
    assert mine.any() and "forged" not in set(dates[mine]["text"]) and set(dates[~mine]["text"]) == {"forged"}
    pd.testing.assert_frame_equal(
        dates[mine].reset_index(drop=True),
        expected[DATES][expected[DATES]["article_id"] == stale].reset_index(drop=True),
    )


def test_a_broken_pack_is_made_again(tables, tmp_path):
    cache = DiskCache(tmp_path / "stages")
    inputs = _inputs(tables)
    expected, _ = pipeline.run_stages(inputs, cache)
    path = cache.folder / "pack-quotes.pickle"
    path.write_bytes(b"not a pickle")
    _assert_equal(pipeline.run_stages(inputs, cache)[0], expected)
    assert set(_pack(cache, "quotes").keys) == set(tables[ARTICLES]["article_id"])


def _parts(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {key: rows.reset_index(drop=True) for key, rows in frame.groupby("article_id", sort=False)}


@pytest.mark.parametrize("name", [DATES, CITATIONS, QUOTES])
def test_rows_from_the_pack_and_fresh_ones_join_as_every_articles_rows_do(tables, name):
    """Whichever articles the pack serves, the fresh ones before, between or after them, the join is
    ``concat_rows`` of every article's rows in the build's order; fresh rows of other dtypes, or no rows
    at all, are not joined with the pack's."""
    parts = _parts(tables[name])
    ids = list(parts)
    assert len(ids) >= 3
    pack = StagePack(
        {article_id: f"key {article_id}" for article_id in ids},
        {name: PackedTable(concat_rows(list(parts.values())), np.array([len(parts[a]) for a in ids]))},
    )
    order = ids[1:] + ["new"]  # the first article left out, one added at the end
    for fresh in ([ids[1]], [ids[-1], ids[0]], ids[:2], []):
        held = set(ids) - set(fresh)
        served = {a: packed(parts[a]) for a in fresh}
        for build in (ids, order):
            expected = concat_rows([parts[a] for a in build if a in parts and (a in held or a in fresh)])
            joined = pack.joined(name, held & set(build), {a: served[a] for a in fresh if a in build}, build)
            pd.testing.assert_frame_equal(joined, expected, check_column_type=True)
    retyped = parts[ids[0]].astype({"start": "float64"})
    assert pack.joined(name, set(ids[1:]), {ids[0]: retyped}, ids) is None
    assert pack.joined(name, set(), {}, ids) is None
