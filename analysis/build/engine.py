"""The engine step of a build: each article's sentences, tokens and raw mentions from the NLP engine,
scheduled where it is quickest, and the pool the per-article stages run in.

- a small corpus: one engine in this process, ``ENGINE_BATCH`` articles per call;
- a large one: an engine loaded once in each of several local processes (``EnginePool``), or on the
  workers of a Dask cluster (``scheduler`` "dask" or "dask://HOST:PORT");
- articles whose analysis is in the ``EngineCache`` never reach an engine (none is loaded when all
  are there). An article the engine fails on is dropped with its error; the rest are built.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from analysis.build import annotate
from analysis.build.cache import PACK_SLACK, EngineCache
from analysis.core.schema import SENTENCES, TABLES, TOKENS, Col
from analysis.nlp import EngineUnavailable, get_engine, resolve_engine_name
from analysis.nlp.base import Analysis, Engine

# Below this many articles to analyse, one engine in this process is quicker than a pool: starting two
# engine processes costs ~3 s, the engine ~0.02 CPU s per article (at 122 devset articles on 2 cores one
# engine was 2-3 s faster than two).
ENGINE_POOL_MIN_ARTICLES = 250
# Articles an engine in this process analyses at once (``analyze_many``): the natasha morph
# tagger's batches then take sentences of all of them.
ENGINE_BATCH = 32
# Below this many articles the per-article stages run in this process, not in a pool of local
# processes. The dates stage (the one per-article stage sent to the pool) takes ~0.010 CPU s an
# article here and ~0.02 in a fresh worker (its caches start cold), and starting the workers costs
# ~1.5 s: on the 122-article devset two workers cost 1.6 CPU s more than none and were no quicker,
# so two workers can only pay back in wall time from a few hundred articles on.
STAGE_POOL_MIN_ARTICLES = 400
CONNECT_TIMEOUT = 10  # seconds to reach a Dask scheduler before the build stops and says so
ANNOTATE = "annotate"  # the engine step's name in the manifest's errors and the build's seconds

Rows = tuple[list, list, list]  # one article's sentence, token and raw-mention rows


def package_version(engine: str) -> str:
    """The engine package's version, without loading its models."""
    from importlib.metadata import version

    return version(engine)


def default_workers() -> int:
    """Engine processes for a large corpus: every core, up to four (each holds its own models)."""
    return max(1, min(os.cpu_count() or 1, 4))


def analyze_many(engine: Engine, texts: list[str]) -> list[Analysis]:
    """The engine's analyses of ``texts``: in one call when it has ``analyze_many``, else one by one."""
    many = getattr(engine, "analyze_many", None)
    return many(texts) if many is not None else [engine.analyze(text) for text in texts]


class CachedEngine:
    """An engine whose output is read from, and written to, an ``EngineCache``."""

    def __init__(self, engine: Engine, cache: EngineCache | None = None) -> None:
        self.engine = engine
        self.name, self.version = engine.name, engine.version
        self.cache = cache or EngineCache(engine.name, engine.version)

    def analyze(self, text: str) -> Analysis:
        return self.analyze_many([text])[0]

    def analyze_many(self, texts: list[str]) -> list[Analysis]:
        found = {text: self.cache.get(text) for text in texts}
        missing = [text for text, result in found.items() if result is None]
        for text, result in zip(missing, analyze_many(self.engine, missing), strict=True):
            self.cache.put(text, result)
            found[text] = result
        return [found[text] for text in texts]


@dataclass(frozen=True)
class EnginePool:
    """An engine loaded once in each of ``workers`` processes, so the engine step (most of a build's
    time) uses every core: processes on this machine (``scheduler`` "local"), or the workers of a
    Dask cluster ("dask" starts a LocalCluster; "dask://HOST:PORT" joins a running scheduler).
    Output is the same as one engine in this process."""

    name: str
    version: str
    cache: bool
    workers: int
    scheduler: str = "local"


def engine_identity(engine: str | Engine) -> tuple[str, str]:
    """(name, package version) of the engine, without loading its models."""
    if isinstance(engine, str):
        name = resolve_engine_name(engine)
        return name, package_version(name)
    return engine.name, engine.version


def engine_for(
    engine: str | Engine, cache: bool, workers: int, n_articles: int, scheduler: str = "local"
) -> Engine | EnginePool:
    """A pool of engine processes on a Dask cluster, or locally for a corpus large enough to repay
    starting them; else one engine in this process."""
    if isinstance(engine, str) and (
        scheduler != "local" or (workers > 1 and n_articles >= ENGINE_POOL_MIN_ARTICLES)
    ):
        name = resolve_engine_name(engine)
        return EnginePool(name, package_version(name), cache, workers, scheduler)
    nlp = get_engine(engine) if isinstance(engine, str) else engine
    return CachedEngine(nlp) if cache else nlp


# --- one engine in this process ---------------------------------------------------------------------


class _NotCached(LookupError):
    pass


def _batched_results(articles: list[dict], engine: Engine) -> Iterator[Callable[[], Rows]]:
    """One callable per article (``engine_results``), the engine analysing ENGINE_BATCH articles at
    once; when that fails, each article of the batch is analysed alone, so an error stays its own."""
    for first in range(0, len(articles), ENGINE_BATCH):
        batch = articles[first : first + ENGINE_BATCH]
        try:
            texts = [text for text in map(annotate.engine_text, batch) if text is not None]
            ready = dict(zip(texts, analyze_many(engine, texts), strict=True))
        except Exception:  # noqa: BLE001 - each article then meets its own error, alone
            ready = {}

        def analyze(text: str, ready: dict = ready) -> Analysis:
            return ready[text] if text in ready else engine.analyze(text)

        for article in batch:
            yield partial(annotate.annotate_article, article, analyze)


def _cached_rows(article: dict, cache: EngineCache) -> Rows | None:
    """The article's engine rows when its analysis is in the cache, else None (no engine needed)."""

    def lookup(text: str) -> Analysis:
        found = cache.get(text)
        if found is None:
            raise _NotCached
        return found

    try:
        return annotate.annotate_article(article, lookup)
    except _NotCached:
        return None


# --- engines in worker processes ------------------------------------------------------------------

_WORKER_ENGINES: dict[tuple[str, bool], Engine] = {}


def annotate_task(article: dict, name: str, cache: bool) -> Rows:
    """One article through the engine inside a worker process; the engine loads once per process."""
    if (name, cache) not in _WORKER_ENGINES:
        engine = get_engine(name)
        _WORKER_ENGINES[(name, cache)] = CachedEngine(engine) if cache else engine
    return annotate.annotate_article(article, _WORKER_ENGINES[(name, cache)].analyze)


def dask_client(scheduler: str, workers: int):
    """(client, cluster) for ``scheduler``: "dask://HOST:PORT" joins a running scheduler, "dask" starts
    a LocalCluster of ``workers`` processes (cluster is None when joining). Raises EngineUnavailable,
    naming the scheduler, when it cannot be started or reached."""
    from distributed import Client, LocalCluster

    address = scheduler.removeprefix("dask").removeprefix("://")
    cluster = None
    try:
        if not address:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)
        return Client(address or cluster, timeout=CONNECT_TIMEOUT), cluster
    except Exception as error:  # noqa: BLE001 - any failure to start or connect means the same to the user
        if cluster is not None:
            cluster.close()
        where = f"the Dask scheduler at {address}" if address else "a local Dask cluster"
        raise EngineUnavailable(
            f"{where} could not be {'reached' if address else 'started'} ({type(error).__name__}: {error}); "
            "check the address (--scheduler dask://HOST:PORT), or build without --scheduler"
        ) from error


def _dask_results(articles: list[dict], engine: EnginePool) -> Iterator[Callable[[], Rows]]:
    """One callable per article, its engine rows computed on the Dask workers (connected at once)."""
    client, cluster = dask_client(engine.scheduler, engine.workers)

    def results() -> Iterator[Callable[[], Rows]]:
        with client:
            task = partial(annotate_task, name=engine.name, cache=engine.cache)
            for future in client.map(task, articles, pure=False):
                yield future.result
        if cluster is not None:
            cluster.close()

    return results()


def _pool_results(articles: list[dict], engine: EnginePool) -> Iterator[Callable[[], Rows]]:
    context = multiprocessing.get_context("spawn")  # safe inside a threaded server (the Add page)
    with ProcessPoolExecutor(engine.workers, mp_context=context) as pool:
        futures = [pool.submit(annotate_task, article, engine.name, engine.cache) for article in articles]
        for article, future in zip(articles, futures, strict=True):
            yield partial(_result_or_here, future, article, engine)


def _result_or_here(future: Future, article: dict, engine: EnginePool) -> Rows:
    """The worker's result; if the pool itself broke (a worker killed, a main module that cannot be
    re-imported), the article is analysed in this process instead, so nothing is lost."""
    try:
        return future.result()
    except BrokenProcessPool:
        return annotate_task(article, engine.name, engine.cache)


def engine_results(articles: list[dict], engine: Engine | EnginePool) -> Iterator[Callable[[], Rows]]:
    """One callable per article (in order) that returns its engine rows or raises its error."""
    if not isinstance(engine, EnginePool):
        return _batched_results(articles, engine)
    if engine.scheduler.startswith("dask"):
        return _dask_results(articles, engine)
    return _pool_results(articles, engine)


# --- the step ----------------------------------------------------------------------------------------


Columns = tuple[tuple[list, ...], tuple[list, ...], tuple[list, ...]]  # an article's rows, by column
WIDTHS = (len(TABLES[SENTENCES].columns), len(TABLES[TOKENS].columns), len(annotate.RAW_MENTION_COLUMNS))


def _by_column(rows: Rows) -> Columns:
    return tuple(annotate.by_column(table, width) for table, width in zip(rows, WIDTHS, strict=True))


def _from_cache(records: list[dict], cache: EngineCache, keys: dict[str, str]) -> dict[str, Columns]:
    """The rows of the articles found in ``cache``: kept by column under their ``rows_key``, else
    made of their cached analysis (and kept so)."""
    found = {}
    for article in records:
        key = keys[article[Col.ARTICLE_ID]]
        columns = cache.rows.get(key)
        if columns is None:
            rows = _cached_rows(article, cache)
            if rows is None:
                continue
            columns = _by_column(rows)
            cache.rows.put(key, columns)
        found[article[Col.ARTICLE_ID]] = columns
    return found


def _frame(columns: list[tuple[list, ...]], names: list[str]) -> pd.DataFrame:
    """The articles' rows (each a tuple of column lists) as one table, joined column by column; the
    dtypes pandas gives the same rows as tuples (``pd.DataFrame(rows, columns=names)``)."""
    joined: list[list] = [[] for _ in names]
    for article in columns:
        for whole, part in zip(joined, article, strict=True):
            whole.extend(part)
    if not joined or not joined[0]:  # no rows: pandas types empty lists as floats, empty tuples as objects
        return pd.DataFrame([], columns=names)
    return pd.DataFrame(dict(zip(names, joined, strict=True)), columns=names)


NAMES = (list(TABLES[SENTENCES].columns), list(TABLES[TOKENS].columns), annotate.RAW_MENTION_COLUMNS)
PACKED = (SENTENCES, TOKENS, "raw_mentions")  # the engine tables' names in the cache's pack


def _packed(cache: EngineCache, keys: dict[str, str]) -> set[str]:
    """The articles whose rows the cache's pack holds under their current key, in every table."""
    held = [cache.pack.keys(table) for table in PACKED]
    return {
        article_id for article_id, key in keys.items() if all(each.get(article_id) == key for each in held)
    }


def _joined(
    packed: pd.DataFrame, fresh: pd.DataFrame, order: dict[str, int], sequence: list[str]
) -> pd.DataFrame | None:
    """The pack's rows and the fresh ones as one table in article order (each article's rows kept
    together, in their order); None when their dtypes differ (the pack is then not used).
    ``sequence``: the articles of ``packed`` then of ``fresh``, in the order their rows come; when it
    is in article order already (an article added at the end) no row is moved."""
    parts = [part for part in (packed, fresh) if len(part)]
    if len(parts) < 2:
        return parts[0] if parts else fresh
    if not packed.dtypes.equals(fresh.dtypes):
        return None
    joined = pd.concat(parts, ignore_index=True)
    positions = [order[article_id] for article_id in sequence]
    if any(later < earlier for earlier, later in zip(positions, positions[1:], strict=False)):
        position = joined[Col.ARTICLE_ID].map(order).to_numpy()
        joined = joined.take(np.argsort(position, kind="stable")).reset_index(drop=True)
    return joined


def _pack_stale(cache: EngineCache, packed: set[str], built: dict[str, None]) -> bool:
    """Whether to write the pack again: it holds an article this build did not build (removed, or
    its rows not readable with the pack's), or lacks more than ``PACK_SLACK`` of the ``built``
    articles (new or edited ones, read from their own rows in the cache until then)."""
    held = [cache.pack.keys(table).keys() for table in PACKED]
    lacking = len(built) - len(packed)
    return any(not ids <= built.keys() for ids in held) or lacking > PACK_SLACK * len(built)


def annotate_corpus(
    articles: pd.DataFrame,
    engines: Callable[[int], Engine | EnginePool],
    progress: Callable[[Iterable], Iterable],
    errors: list,
    cache: EngineCache | None = None,
    fingerprints: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(articles, sentences, tokens, raw mentions): engine output per article; an article the engine
    fails on is dropped, its error added to ``errors``.

    Articles whose rows or analysis are in ``cache`` are read from it first (the last build's tables,
    ``cache.RowsPack``, then one article at a time); the engine (``engines(n)`` for the ``n`` others)
    is loaded only when some article is new, so adding one article to a large corpus analyses one
    article in this process instead of starting a pool. ``fingerprints``, when given with a cache,
    gets each built article's ``annotate.rows_key``: equal keys, equal rows, so the per-article
    stages key their caches on it instead of hashing the rows."""
    records = articles[[Col.ARTICLE_ID, Col.FILE, Col.RAW_TEXT, "_paragraphs"]].to_dict("records")
    if cache is None:
        return _annotated(articles, records, engines, progress, errors)
    keys = {a[Col.ARTICLE_ID]: annotate.rows_key(a, cache.identity) for a in records}
    packed = _packed(cache, keys)
    made = _annotated(articles, records, engines, progress, errors, cache, keys, packed)
    built = dict.fromkeys(made[0][Col.ARTICLE_ID])
    if packed:
        order = {article_id: position for position, article_id in enumerate(built)}
        fresh_ids = [article_id for article_id in built if article_id not in packed]
        tables = [
            _joined(rows, fresh, order, [a for a in cache.pack.keys(table) if a in packed] + fresh_ids)
            if (rows := cache.pack.rows(table, packed)) is not None
            else None
            for table, fresh in zip(PACKED, made[1:], strict=True)
        ]
        if any(table is None for table in tables):  # pack unreadable or of other dtypes: each article alone
            packed = set()
            made = _annotated(articles, records, engines, progress, errors, cache, keys, packed)
        else:
            made = (made[0], *tables)
    if _pack_stale(cache, packed, built):
        for table, frame in zip(PACKED, made[1:], strict=True):
            cache.pack.write(table, frame, {article_id: keys[article_id] for article_id in built})
    if fingerprints is not None:
        fingerprints.update((article_id, keys[article_id]) for article_id in built)
    return made


def _annotated(
    articles: pd.DataFrame,
    records: list[dict],
    engines: Callable[[int], Engine | EnginePool],
    progress: Callable[[Iterable], Iterable],
    errors: list,
    cache: EngineCache | None = None,
    keys: dict[str, str] | None = None,
    packed: set[str] = frozenset(),
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``annotate_corpus``'s tables, the rows of the articles ``packed`` left out (they are in the
    cache's pack): each article's rows from the cache when there, else from the engine."""
    from analysis.build.runner import stage_error  # imports every stage: not at the top, for `up_to_date`

    own = [article for article in records if article[Col.ARTICLE_ID] not in packed]
    cached = _from_cache(own, cache, keys) if cache is not None else {}
    rest = [article for article in own if article[Col.ARTICLE_ID] not in cached]
    results = engine_results(rest, engines(len(rest))) if rest else iter(())
    made, failed = [], set()
    for article in progress(records):
        article_id = article[Col.ARTICLE_ID]
        if article_id in packed:
            continue
        columns = cached.get(article_id)
        if columns is None:
            try:
                columns = _by_column(next(results)())
            except Exception as error:  # noqa: BLE001 - recorded, and the rest of the corpus is built
                errors.append(stage_error(article[Col.FILE], ANNOTATE, error))
                failed.add(article_id)
                continue
            if cache is not None:
                cache.rows.put(keys[article_id], columns)
        made.append(columns)
    return (
        articles[~articles[Col.ARTICLE_ID].isin(failed)].reset_index(drop=True),
        *(_frame([article[k] for article in made], columns) for k, columns in enumerate(NAMES)),
    )


@contextmanager
def stage_pool(workers: int, n_articles: int, scheduler: str = "local") -> Iterator[Executor | None]:
    """Where the per-article stages of a large corpus run, and corpus stages (``analysis.build.schedule``):
    on Dask workers (``scheduler`` "dask://HOST:PORT", or "dask" for a LocalCluster of ``workers``
    processes, as for the engine step: every corpus stage then runs there), else in processes on
    this machine (started on first use) from STAGE_POOL_MIN_ARTICLES articles on, the corpus stages
    that can run beside the others; None for a small corpus."""
    from analysis.build.runner import PARALLEL_MIN_ARTICLES

    dask = scheduler.startswith("dask")
    if n_articles < (PARALLEL_MIN_ARTICLES if dask else STAGE_POOL_MIN_ARTICLES) or (
        workers < 2 and not dask
    ):
        yield None
        return
    if dask:
        client, cluster = dask_client(scheduler, workers)
        with client:
            yield client.get_executor(pure=False)
        if cluster is not None:
            cluster.close()
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool
