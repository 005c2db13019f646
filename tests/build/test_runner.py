"""Per-article work is done once: the engine and per-article stages reuse what an earlier build computed."""

from __future__ import annotations

import shutil

import pandas as pd

from analysis.build import engine as engines
from analysis.build import run as build
from analysis.build import runner as pipeline
from analysis.stages import registry
from tests.corpora import SEEDS
from tests.helpers import wrap_stage

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

    analysed, dated, named, parsed, told, cited, quoted = [], [], [], [], [], [], []
    real_engine = engines.get_engine

    def engine(name):
        nlp = real_engine(name)
        analyse = nlp.analyze_many  # what the build calls (``analyze`` calls it too)
        nlp.analyze_many = lambda texts: analysed.extend(text[:40] for text in texts) or analyse(texts)
        return nlp

    def counted(seen, article_of):
        def wrapper(run, *inputs):
            seen.append(article_of(inputs[0]))
            return run(*inputs)

        return wrapper

    monkeypatch.setattr(engines, "get_engine", engine)
    wrap_stage(monkeypatch, "dates", counted(dated, lambda articles: articles["article_id"].iloc[0]))
    wrap_stage(monkeypatch, "entity_parts", counted(named, lambda articles: articles["article_id"].iloc[0]))
    wrap_stage(monkeypatch, "quantities", counted(parsed, lambda document: document.article_id))
    wrap_stage(monkeypatch, "dated_clauses", counted(told, lambda articles: articles["article_id"].iloc[0]))
    wrap_stage(monkeypatch, "citations", counted(cited, lambda document: document.article_id))
    wrap_stage(monkeypatch, "quotes", counted(quoted, lambda document: document.article_id))
    second, _ = build.build_tables(corpus, engine="natasha")
    new = sorted(SEEDS.glob("*.txt"))[3].stem
    # the claims and events are corpus stages, but only the new article's sentences are parsed for
    # quantities and read for dated clauses; citations and quotes resolve names over the corpus, but
    # read only the new article's text
    assert len(analysed) == 1 and dated == [new] and named == [new] and parsed == [new] and told == [new]
    assert cited == [new] and quoted == [new]
    assert first["entities"].shape != second["entities"].shape  # the corpus they resolve against changed
    fresh, _ = build.build_tables(corpus, engine="natasha", cache=False)
    compared = ("sentences", "tokens", "mentions", "entities", "dates", "events", "event_clusters", "claims")
    for name in (*compared, "citations", "quotes"):
        pd.testing.assert_frame_equal(second[name], fresh[name], obj=name)
    old = first["dates"]
    assert second["dates"][second["dates"]["article_id"] != new].reset_index(drop=True).equals(old)


def _inputs(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """What the build hands the stages, taken from a built corpus (its mentions as the engine's)."""
    inputs = {name: tables[name] for name in ("articles", "sentences", "tokens")}
    inputs["raw_mentions"] = tables["mentions"][["article_id", "sentence_id", "start", "end", "text", "type"]]
    return inputs


def test_a_cached_stage_gives_the_rows_it_computes(tables):
    store: dict = {}

    class Memory:
        def get(self, key):
            return store.get(key)

        def put(self, key, value):
            store[key] = value

    inputs = _inputs(tables)
    computed, _ = pipeline.run_stages(inputs)
    cached, _ = pipeline.run_stages(inputs, Memory())  # filling the cache
    stages = [s for s in registry.STAGES if s.scope is registry.Scope.ARTICLE]
    assert len(store) == len(stages) * len(tables["articles"])
    again, _ = pipeline.run_stages(inputs, Memory())  # read back
    for name in computed:
        pd.testing.assert_frame_equal(cached[name], computed[name], obj=name)
        pd.testing.assert_frame_equal(again[name], computed[name], obj=name)
    edited = inputs["sentences"].copy()
    edited.loc[0, "text"] = edited.loc[0, "text"] + " "
    pipeline.run_stages({**inputs, "sentences": edited}, Memory())
    # the stages reading the edited article's sentences (dates, its dated clauses) or its document were
    # recomputed, no more
    reading = [s.name for s in stages if {"sentences", "documents"} & set(s.needs)]
    documents = ["citations", "quotes", "quantities", "syntax", "claim_profiles"]
    assert reading == ["dates", "dated_clauses", *documents]
    assert len(store) == len(stages) * len(tables["articles"]) + len(reading)


def test_a_small_corpus_starts_no_stage_processes():
    """Worker processes cost more than they save below STAGE_POOL_MIN_ARTICLES (the devset's 122
    articles took 1.6 CPU s more with two); a large corpus gets them."""
    from concurrent.futures import ProcessPoolExecutor

    with engines.stage_pool(workers=2, n_articles=122) as pool:
        assert pool is None
    with engines.stage_pool(workers=2, n_articles=engines.STAGE_POOL_MIN_ARTICLES) as pool:
        assert isinstance(pool, ProcessPoolExecutor)


def test_a_stage_in_worker_processes_gives_the_rows_it_computes_here(tables, monkeypatch):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    monkeypatch.setattr(pipeline, "PARALLEL_MIN_ARTICLES", 2)  # the seeds' 5 articles go to the pool
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        parallel, errors = pipeline.run_stages(_inputs(tables), pool=pool)
    assert errors == [] and len(parallel["dates"]) == 21
    here, _ = pipeline.run_stages(_inputs(tables))
    for name in here:
        pd.testing.assert_frame_equal(parallel[name], here[name], obj=name)


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
    monkeypatch.setattr(engines, "ENGINE_BATCH", 3)
    tables, manifest = build.build_tables(corpus, engine=Counting(), cache=False)
    # two batches, 3 + 2 articles (each call of analyze_many counts its texts, then one per text);
    # the second fails at the last article (the only one naming Mirziyoyev), then goes one by one
    assert calls == [3, 1, 1, 1] + [2, 1, 1] + [1, 1]
    assert [(error["file"], error["stage"]) for error in manifest["errors"]] == [(f"{LAST}.txt", "annotate")]
    assert list(tables["articles"]["article_id"]) == [path.stem for path in sorted(SEEDS.glob("*.txt"))[:4]]
