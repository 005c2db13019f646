"""Fixed costs of an add-one that grow with the corpus: the engine tables' pack (``cache.RowsPack``)
and the reading cache's pack of read results are not written again for an article or two
(``cache.PACK_SLACK``), those articles come from their own entries in the cache, and what a build
reads and makes still equals a build without cache."""

from __future__ import annotations

import gc
import pickle
import shutil

import pandas as pd

from analysis.build import engine as engine_step
from analysis.build import reading_cache
from analysis.build.cache import DiskCache, EngineCache, load_memo
from analysis.build.engine import PACKED
from analysis.build.run import build_tables, read_corpora
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


def _parsed_only(names: set[str], monkeypatch) -> None:
    """Reading a file not named in ``names`` fails: its read result must come from the cache."""
    load = reading_cache.load_article

    def checked(path, *args, **kwargs):
        assert path.name in names, f"{path.name} was read again, not taken from the reading cache"
        return load(path, *args, **kwargs)

    monkeypatch.setattr(reading_cache, "load_article", checked)


def test_a_re_read_takes_the_read_results_from_the_pack_and_equals_a_read_without_cache(
    seeds_dir, tmp_path, monkeypatch
):
    """Read the seeds with the cache (the pack of read results is written), delete every file's own
    entry and add an article: the re-read parses only the added file, equals a read without cache and
    leaves the pack as it was (one file of six may be outside it); an edited file is parsed again and
    the pack, holding a result no longer read, is written again."""
    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    read_corpora([corpus], cache=True)
    store = reading_cache.ReadingCache([corpus]).store.folder
    (pack,) = store.glob("pack-*.pickle")
    written = pack.read_bytes()
    for entry in store.glob("*.pickle"):
        if not entry.name.startswith(("pack-", "copies-")):
            entry.unlink()

    added = corpus / f"{ADDED}.txt"
    added.write_text(_new_article(corpus), encoding="utf-8")
    monkeypatch.setattr(reading_cache, "PACK_SLACK", 1 / 5)
    expected = read_corpora([corpus], cache=False)
    with monkeypatch.context() as patch:
        _parsed_only({added.name}, patch)
        read = read_corpora([corpus], cache=True)
    pd.testing.assert_frame_equal(read[0], expected[0])
    assert read[1:] == expected[1:]
    assert ADDED in set(read[0]["article_id"])
    assert pack.read_bytes() == written

    edited = sorted(corpus.glob("0*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nПоследняя строка.\n", encoding="utf-8")
    with monkeypatch.context() as patch:
        _parsed_only({edited.name}, patch)
        read = read_corpora([corpus], cache=True)
    expected = read_corpora([corpus], cache=False)
    pd.testing.assert_frame_equal(read[0], expected[0])
    assert pack.read_bytes() != written


class _Witness:
    """Records, when unpickled, whether the garbage collector was on."""

    seen: list[bool] = []

    def __init__(self) -> None:
        self.state = "pickled"  # a state to set: pickle calls __setstate__ only then

    def __setstate__(self, state: dict) -> None:
        _Witness.seen.append(gc.isenabled())


def test_the_cache_unpickles_with_the_collector_paused_and_puts_it_back(tmp_path):
    """A value read from the disk cache and a memo file are unpickled with the collector off (it
    walks every object made so far, for no garbage) and it is as it was afterwards, off or on."""
    store = DiskCache(tmp_path)
    store.put("witness", _Witness())
    memo = tmp_path / "memo-witness.pickle"
    memo.write_bytes(pickle.dumps({"key": _Witness()}))
    _Witness.seen.clear()
    assert gc.isenabled()
    assert isinstance(store.get("witness"), _Witness)
    assert isinstance(load_memo(memo).get("key", _Witness), _Witness)
    assert gc.isenabled()
    gc.disable()
    try:
        store.get("witness")
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert _Witness.seen == [False, False, False]
