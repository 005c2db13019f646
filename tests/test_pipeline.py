"""Per-article work is done once: the engine and per-article stages reuse what an earlier build computed."""

from __future__ import annotations

import shutil

import pandas as pd

from analysis.build import run as build
from analysis.build import runner as pipeline
from analysis.stages import dates as timeline
from analysis.stages import entities
from analysis.stages.claims import quantities as quantity_claims
from tests.conftest import SEEDS

LAST = sorted(SEEDS.glob("*.txt"))[4].stem


def _corpus(folder, count: int):
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:count]:
        shutil.copy(path, folder)
    return folder


def test_adding_an_article_analyses_only_that_article(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the caches live under ./.cache
    corpus = _corpus(tmp_path / "corpus", 3)
    first, _ = build.build_tables(corpus, engine="natasha")
    shutil.copy(sorted(SEEDS.glob("*.txt"))[3], corpus)

    analysed, dated, named, parsed = [], [], [], []
    real_engine, real_dates, real_parts = build.get_engine, timeline.extract_dates, entities.article_parts
    real_quantities = quantity_claims.article_quantities

    def engine(name):
        nlp = real_engine(name)
        analyse = nlp.analyze_many  # what the build calls (``analyze`` calls it too)
        nlp.analyze_many = lambda texts: analysed.extend(text[:40] for text in texts) or analyse(texts)
        return nlp

    def dates(articles, sentences):
        dated.extend(articles["article_id"])
        return real_dates(articles, sentences)

    def parts(articles, tokens, raw_mentions):
        named.extend(articles["article_id"])
        return real_parts(articles, tokens, raw_mentions)

    def quantities(document):
        parsed.append(document.article_id)
        return real_quantities(document)

    monkeypatch.setattr(build, "get_engine", engine)
    monkeypatch.setattr(timeline, "extract_dates", dates)
    monkeypatch.setattr(entities, "article_parts", parts)
    monkeypatch.setattr(quantity_claims, "article_quantities", quantities)
    second, _ = build.build_tables(corpus, engine="natasha")
    new = sorted(SEEDS.glob("*.txt"))[3].stem
    # the claims are a corpus stage, but only the new article's sentences are parsed for quantities
    assert len(analysed) == 1 and dated == [new] and named == [new] and parsed == [new]
    fresh, _ = build.build_tables(corpus, engine="natasha", cache=False)
    for name in ("sentences", "tokens", "mentions", "entities", "dates", "claims"):
        pd.testing.assert_frame_equal(second[name], fresh[name], obj=name)
    old = first["dates"]
    assert second["dates"][second["dates"]["article_id"] != new].reset_index(drop=True).equals(old)


def test_a_cached_stage_gives_the_rows_it_computes(tables):
    store: dict = {}

    class Memory:
        def get(self, key):
            return store.get(key)

        def put(self, key, value):
            store[key] = value

    articles, sentences = tables["articles"], tables["sentences"]
    computed = timeline.extract_dates(articles, sentences)
    cached = pipeline.per_article("dates", timeline.extract_dates, Memory())
    assert cached(articles, sentences).equals(computed)  # filling the cache
    assert len(store) == len(articles)
    assert cached(articles, sentences).equals(computed)  # read back
    edited = sentences.copy()
    edited.loc[0, "text"] = edited.loc[0, "text"] + " "
    cached(articles, edited)
    assert len(store) == len(articles) + 1  # only the edited article was recomputed


def test_a_small_corpus_starts_no_stage_processes():
    """Worker processes cost more than they save below STAGE_POOL_MIN_ARTICLES (the devset's 122
    articles took 1.6 CPU s more with two); a large corpus gets them."""
    from concurrent.futures import ProcessPoolExecutor

    with build._stage_pool(workers=2, n_articles=122) as pool:
        assert pool is None
    with build._stage_pool(workers=2, n_articles=build.STAGE_POOL_MIN_ARTICLES) as pool:
        assert isinstance(pool, ProcessPoolExecutor)


def test_a_stage_in_worker_processes_gives_the_rows_it_computes_here(tables, monkeypatch):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    articles, sentences = tables["articles"], tables["sentences"]
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_ARTICLES", 2)  # the seeds' 5 articles go to the pool
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        parallel = pipeline.per_article("dates", timeline.extract_dates, None, pool)(articles, sentences)
    assert len(parallel) == 21
    pd.testing.assert_frame_equal(parallel, timeline.extract_dates(articles, sentences))


def test_the_engine_analyses_a_corpus_in_batches_of_articles(tmp_path, monkeypatch):
    """An engine in this process gets ENGINE_BATCH articles per call (its morph tagger then batches
    sentences of all of them); should a batch fail, each article is analysed alone and only the one
    at fault is dropped."""
    from analysis.nlp import get_engine

    natasha = get_engine("natasha")
    calls = []

    class Counting:
        name, version = natasha.name, natasha.version

        def analyze(self, text):
            calls.append(1)
            if "Мирзиеев" in text:
                raise RuntimeError("engine crashed")
            return natasha.analyze(text)

        def analyze_many(self, texts):
            calls.append(len(texts))
            return [self.analyze(text) for text in texts]

    corpus = _corpus(tmp_path / "corpus", 5)
    monkeypatch.setattr(build, "ENGINE_BATCH", 3)
    tables, manifest = build.build_tables(corpus, engine=Counting(), cache=False)
    # two batches, 3 + 2 articles (each call of analyze_many counts its texts, then one per text);
    # the second fails at the last article (the only one naming Mirziyoyev), then goes one by one
    assert calls == [3, 1, 1, 1] + [2, 1, 1] + [1, 1]
    assert [(error["file"], error["stage"]) for error in manifest["errors"]] == [(f"{LAST}.txt", "annotate")]
    assert list(tables["articles"]["article_id"]) == [path.stem for path in sorted(SEEDS.glob("*.txt"))[:4]]
