"""A re-build read from the caches (each article's engine rows, the per-article stages' results) gives
the tables a build without cache gives, and an edited article is computed again."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analysis.build import engine as engine_step
from analysis.build.runner import _keyed_hashes
from analysis.core.schema import TABLES

EDITED = "000_2889c3e23c9954a7"


def _assert_equal(built: dict, expected: dict) -> None:
    assert set(built) == set(expected)
    for name in TABLES:
        if name in expected:
            pd.testing.assert_frame_equal(built[name], expected[name], obj=name)


def _no_engine(_name):
    raise AssertionError("the engine was loaded: an article's rows were not read from the cache")


def test_a_rebuild_from_the_rows_cache_gives_the_uncached_build(tables, seeds_dir, tmp_path, monkeypatch):
    """Build the seeds with the cache, then again with the engine's analyses deleted and no engine to
    load: every article's rows come from the last build's pack, then (the pack deleted) from each
    article's rows in the cache, and every table equals the build without cache (``tables``), frame
    by frame."""
    from analysis.build.cache import EngineCache
    from analysis.build.run import build_tables

    monkeypatch.chdir(tmp_path)  # the build's cache (.cache/storylens) lives here
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    _assert_equal(build_tables(corpus, engine="natasha")[0], tables)
    cache = EngineCache("natasha", engine_step.package_version("natasha"))
    assert len(list(cache.rows.folder.glob("*.pickle"))) == len(tables["articles"]) == 5
    shutil.rmtree(cache.store.folder)
    monkeypatch.setattr(engine_step, "get_engine", _no_engine)
    packs = sorted(path.name for path in cache.rows.folder.glob("pack-*"))
    assert packs == ["pack-raw_mentions.arrow", "pack-sentences.arrow", "pack-tokens.arrow"]
    _assert_equal(build_tables(corpus, engine="natasha")[0], tables)
    for name in packs:
        (cache.rows.folder / name).unlink()
    _assert_equal(build_tables(corpus, engine="natasha")[0], tables)
    assert set(cache.pack.keys("tokens")) == set(tables["articles"]["article_id"])  # written again


def test_an_edited_article_is_analysed_again(tables, seeds_dir, tmp_path, monkeypatch):
    """Build the seeds with the cache, rename the president in one article and build again from the
    cache: that article's rows name the new one, and every table equals a build of the edited corpus
    without cache."""
    from analysis.build.run import build_tables

    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    build_tables(corpus, engine="natasha")
    path = corpus / f"{EDITED}.txt"
    text = path.read_text(encoding="utf-8")
    assert text.count("Касым-Жомарт Токаев") == 1
    path.write_text(text.replace("Касым-Жомарт Токаев", "Нурсултан Назарбаев"), encoding="utf-8")
    rebuilt = build_tables(corpus, engine="natasha")[0]
    _assert_equal(rebuilt, build_tables(corpus, engine="natasha", cache=False)[0])
    tokens = rebuilt["tokens"]
    edited = tokens[tokens["article_id"] == EDITED]
    assert "Назарбаев" in set(edited["text"]) and "Токаев" not in set(edited["text"])
    before = tables["tokens"]
    assert "Токаев" in set(before[before["article_id"] == EDITED]["text"])
    mentions = rebuilt["mentions"]
    names = set(mentions[mentions["article_id"] == EDITED]["text"])
    assert "Нурсултан Назарбаев" in names and "Касым-Жомарт Токаев" not in names
    others = rebuilt["sentences"]["article_id"] != EDITED
    pd.testing.assert_frame_equal(
        rebuilt["sentences"][others].reset_index(drop=True),
        tables["sentences"][tables["sentences"]["article_id"] != EDITED].reset_index(drop=True),
    )


def test_engine_rows_joined_by_column_have_the_dtypes_of_rows_as_tuples():
    """``engine._frame`` joins the articles' column lists into the frame pandas makes of the same rows
    as tuples (the engine step's frames before the rows were kept by column), empty ones too."""
    names = ["article_id", "sentence_id", "text", "reason", "flag"]
    first = [("a", 0, "Токаев", "", True), ("a", 1, "прибыл", "repeated", False)]
    second = [("b", 0, "Трамп", "", True)]
    columns = [engine_step.annotate.by_column(rows, len(names)) for rows in (first, [], second)]
    joined = engine_step._frame(columns, names)
    pd.testing.assert_frame_equal(joined, pd.DataFrame(first + second, columns=names), check_column_type=True)
    empty = engine_step._frame([engine_step.annotate.by_column([], len(names))], names)
    pd.testing.assert_frame_equal(empty, pd.DataFrame([], columns=names), check_column_type=True)
    pd.testing.assert_frame_equal(engine_step._frame([], names), pd.DataFrame([], columns=names))


def test_keyed_hashes_change_with_the_key_and_with_the_dtypes(tables):
    tokens = tables["tokens"]
    keys = {article_id: f"key-{article_id}" for article_id in set(tokens["article_id"])}
    first = sorted(keys)[0]
    before = _keyed_hashes(tokens, keys)
    assert set(before) == set(keys) and len(set(before.values())) == len(keys)
    after = _keyed_hashes(tokens, {**keys, first: "another"})
    assert [a for a in before if before[a] != after[a]] == [first]
    retyped = _keyed_hashes(tokens.astype({"start": "float64"}), keys)
    assert all(retyped[a] != before[a] for a in before)


@pytest.mark.slow
def test_a_cluster_rebuilt_from_the_cache_gives_the_uncached_build(real_corpus, tmp_path, monkeypatch):
    """BSNLP asia_bibi built twice with the cache (the second from it alone): every table equals the
    build without cache, frame by frame."""
    from analysis.build.run import build_tables

    full = real_corpus("asia_bibi")
    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "corpus"
    shutil.copytree(full.corpus, corpus)
    _assert_equal(build_tables(corpus, engine="natasha")[0], full.tables)
    monkeypatch.setattr(engine_step, "get_engine", _no_engine)
    _assert_equal(build_tables(corpus, engine="natasha")[0], full.tables)
