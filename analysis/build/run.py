"""Run every stage over a corpus folder and write the tables atomically to ``data/``.

This is the only module that does I/O for the analysis: it reads the corpus, schedules the engine
over the articles (in worker processes for a large corpus), hands its output to
``pipeline.run_stages`` and writes what comes back. A file that cannot be read is skipped and
listed in the manifest; a build that fails leaves the previous ``data/`` untouched (tables go to a
temporary folder first).
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import multiprocessing
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from filelock import FileLock, Timeout

from analysis import __version__
from analysis.build import annotate as annotate_stage
from analysis.build import runner as pipeline
from analysis.build.corpus import MAX_BYTES, SOURCES_FILE, drop_duplicates, read_corpus
from analysis.build.runner import PARALLEL_MIN_ARTICLES
from analysis.core.lexicon import FOLDER as LEXICON
from analysis.core.schema import (
    ARTICLES,
    ENTITIES,
    MANIFEST,
    SENTENCES,
    TABLES,
    TOKENS,
    Col,
    validate,
)
from analysis.core.story import STORY_FILE, StoryPack, StoryPackError, load_pack
from analysis.nlp import EngineUnavailable, get_engine, resolve_engine_name
from analysis.nlp.base import Analysis, Engine
from analysis.stages.registry import RAW_MENTIONS

CACHE_DIR = Path(".cache") / "storylens"
# Articles added with `python -m analysis add` or the Add-articles page: a corpus folder of its own,
# kept inside the output folder (a rebuild carries it over) and apart from the main corpus.
ADDED_DIR = "added"
_CODE = Path(__file__).parents[1]  # the analysis package


def _sources(*folders: Path) -> list[Path]:
    """The code under ``folders`` and every word list (``analysis/lexicon``): what a result depends on."""
    return [path for folder in folders for path in folder.rglob("*.py")] + list(LEXICON.glob("*.txt"))


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
# Steps of a build timed besides the stages (``build_tables``'s ``seconds``).
READ, ANNOTATE = "read", "annotate"
# A table with more rows is written as a folder of parts (``_write_table``): tokens pass it at a few
# thousand articles.
PARTITION_ROWS = 1_000_000
CONNECT_TIMEOUT = 10  # seconds to reach a Dask scheduler before the build stops and says so


def corpus_hash(articles: pd.DataFrame, folders: Sequence[Path]) -> str:
    """Hash of every article's bytes and of each folder's sources.csv: equal hashes mean the same input."""
    digest = hashlib.sha256()
    for sha in sorted(articles[Col.SHA256]):
        digest.update(sha.encode())
    for folder in folders:
        sources = Path(folder) / SOURCES_FILE
        if sources.exists():
            digest.update(sources.read_bytes())
    return digest.hexdigest()


def input_hash(folders: Sequence[Path], engine: str, version: str, max_bytes: int) -> str:
    """Hash of everything a build reads: each folder's files (names and bytes), the analysis code,
    the engine and its version, the size limit. Equal hashes: the tables would come out the same.
    Reading bytes is cheap; it spares parsing 10,000 articles to learn that nothing changed."""
    digest = hashlib.sha256(f"{engine} {version} {max_bytes} {__version__}".encode())
    for path in sorted(_sources(_CODE)):
        digest.update(path.read_bytes())
    for folder in folders:
        for path in sorted(Path(folder).iterdir()) if Path(folder).is_dir() else []:
            if path.is_file():
                digest.update(os.fsencode(path.name) + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def package_version(engine: str) -> str:
    """The engine package's version, without loading its models."""
    from importlib.metadata import version

    return version(engine)


def up_to_date(corpus: Path, out: Path, engine: str, added: Path | None, max_bytes: int) -> dict | None:
    """The manifest of ``out`` when its tables were built from exactly these inputs, else None."""
    try:
        manifest = json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))
        name = resolve_engine_name(engine)
        current = input_hash(_folders(corpus, added), name, package_version(name), max_bytes)
    except (OSError, ValueError, EngineUnavailable):
        return None
    complete = all(table_exists(Path(out) / TABLES[table].file) for table in TABLES)
    return manifest if complete and manifest.get("input_hash") == current else None


class DiskCache:
    """Pickled values by key in one folder; a missing or unreadable file is a miss."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str) -> Any:
        path = self.folder / f"{key}.pickle"
        try:
            return pickle.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            path.unlink(missing_ok=True)
            return None

    def put(self, key: str, value: Any) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{key}.pickle").write_bytes(pickle.dumps(value))


def _code_hash(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class EngineCache:
    """The engine's output per text on disk, so a rebuild re-analyses only new or edited articles.

    The folder is named for the engine, its version and a hash of the NLP code, and each entry for
    the text's hash: any change to one of them recomputes.
    """

    def __init__(self, name: str, version: str, folder: Path = CACHE_DIR) -> None:
        self.store = DiskCache(
            folder / f"{name}-{version}-{_code_hash(_sources(_CODE / 'nlp', _CODE / 'core'))}"
        )

    def get(self, text: str) -> Analysis | None:
        return self.store.get(hashlib.sha256(text.encode()).hexdigest())

    def put(self, text: str, analysis: Analysis) -> None:
        self.store.put(hashlib.sha256(text.encode()).hexdigest(), analysis)


def stage_cache(folder: Path = CACHE_DIR) -> DiskCache:
    """Where per-article stages keep their rows, in a folder named for the analysis code."""
    return DiskCache(folder / f"stages-{__version__}-{_code_hash(_sources(_CODE))}")


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


def analyze_many(engine: Engine, texts: list[str]) -> list[Analysis]:
    """The engine's analyses of ``texts``: in one call when it has ``analyze_many``, else one by one."""
    many = getattr(engine, "analyze_many", None)
    return many(texts) if many is not None else [engine.analyze(text) for text in texts]


class _NotCached(LookupError):
    pass


def _batched_results(articles: list[dict], engine: Engine) -> Iterator[Callable[[], tuple]]:
    """One callable per article (``_engine_results``), the engine analysing ENGINE_BATCH articles at
    once; when that fails, each article of the batch is analysed alone, so an error stays its own."""
    for first in range(0, len(articles), ENGINE_BATCH):
        batch = articles[first : first + ENGINE_BATCH]
        try:
            texts = [text for text in map(annotate_stage.engine_text, batch) if text is not None]
            ready = dict(zip(texts, analyze_many(engine, texts), strict=True))
        except Exception:  # noqa: BLE001 - each article then meets its own error, alone
            ready = {}

        def analyze(text: str, ready: dict = ready) -> Analysis:
            return ready[text] if text in ready else engine.analyze(text)

        for article in batch:
            yield partial(annotate_stage.annotate_article, article, analyze)


def _cached_rows(article: dict, cache: EngineCache) -> tuple[list, list, list] | None:
    """The article's engine rows when its analysis is in the cache, else None (no engine needed)."""

    def lookup(text: str) -> Analysis:
        found = cache.get(text)
        if found is None:
            raise _NotCached
        return found

    try:
        return annotate_stage.annotate_article(article, lookup)
    except _NotCached:
        return None


def _progress(enabled: bool) -> Callable[[Iterable], Iterable]:
    if not enabled:
        return iter
    from tqdm import tqdm

    return lambda items: tqdm(items, desc="articles", unit="article", file=sys.stderr)


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


_WORKER_ENGINES: dict[tuple[str, bool], Engine] = {}


def annotate_task(article: dict, name: str, cache: bool) -> tuple[list, list, list]:
    """One article through the engine inside a worker process; the engine loads once per process."""
    if (name, cache) not in _WORKER_ENGINES:
        engine = get_engine(name)
        _WORKER_ENGINES[(name, cache)] = CachedEngine(engine) if cache else engine
    return annotate_stage.annotate_article(article, _WORKER_ENGINES[(name, cache)].analyze)


def _dask_client(scheduler: str, workers: int):
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


def _dask_results(articles: list[dict], engine: EnginePool) -> Iterator[Callable[[], tuple]]:
    """One callable per article, its engine rows computed on the Dask workers (connected at once)."""
    client, cluster = _dask_client(engine.scheduler, engine.workers)

    def results() -> Iterator[Callable[[], tuple]]:
        with client:
            task = partial(annotate_task, name=engine.name, cache=engine.cache)
            for future in client.map(task, articles, pure=False):
                yield future.result
        if cluster is not None:
            cluster.close()

    return results()


def _pool_results(articles: list[dict], engine: EnginePool) -> Iterator[Callable[[], tuple]]:
    context = multiprocessing.get_context("spawn")  # safe inside a threaded server (the Add page)
    with ProcessPoolExecutor(engine.workers, mp_context=context) as pool:
        futures = [pool.submit(annotate_task, article, engine.name, engine.cache) for article in articles]
        for article, future in zip(articles, futures, strict=True):
            yield partial(_result_or_here, future, article, engine)


def _engine_results(articles: list[dict], engine: Engine | EnginePool) -> Iterator[Callable[[], tuple]]:
    """One callable per article (in order) that returns its engine rows or raises its error."""
    if not isinstance(engine, EnginePool):
        return _batched_results(articles, engine)
    if engine.scheduler.startswith("dask"):
        return _dask_results(articles, engine)
    return _pool_results(articles, engine)


def _result_or_here(future: Future, article: dict, engine: EnginePool) -> tuple[list, list, list]:
    """The worker's result; if the pool itself broke (a worker killed, a main module that cannot be
    re-imported), the article is analysed in this process instead, so nothing is lost."""
    try:
        return future.result()
    except BrokenProcessPool:
        return annotate_task(article, engine.name, engine.cache)


def _annotate(
    articles: pd.DataFrame,
    engine_for: Callable[[int], Engine | EnginePool],
    progress: Callable[[Iterable], Iterable],
    errors: list,
    cache: EngineCache | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Engine output per article; an article the engine fails on is dropped with its error.

    Articles whose analysis is in ``cache`` are read from it first; the engine (``engine_for(n)``
    for the ``n`` others) is loaded only when some article is new, so adding one article to a
    large corpus analyses one article in this process instead of starting a pool."""
    records = articles[[Col.ARTICLE_ID, Col.FILE, Col.RAW_TEXT, "_paragraphs"]].to_dict("records")
    cached = {}
    for article in records if cache is not None else ():
        rows = _cached_rows(article, cache)
        if rows is not None:
            cached[article[Col.ARTICLE_ID]] = rows
    rest = [article for article in records if article[Col.ARTICLE_ID] not in cached]
    results = _engine_results(rest, engine_for(len(rest))) if rest else iter(())
    sentences, tokens, mentions, failed = [], [], [], set()
    for article in progress(records):
        try:
            rows = cached.get(article[Col.ARTICLE_ID]) or next(results)()
        except Exception as error:  # noqa: BLE001 - recorded, and the rest of the corpus is built
            errors.append(pipeline.stage_error(article[Col.FILE], "annotate", error))
            failed.add(article[Col.ARTICLE_ID])
            continue
        sentences += rows[0]
        tokens += rows[1]
        mentions += rows[2]
    return (
        articles[~articles[Col.ARTICLE_ID].isin(failed)].reset_index(drop=True),
        pd.DataFrame(sentences, columns=list(TABLES[SENTENCES].columns)),
        pd.DataFrame(tokens, columns=list(TABLES[TOKENS].columns)),
        pd.DataFrame(mentions, columns=annotate_stage.RAW_MENTION_COLUMNS),
    )


@contextmanager
def _stage_pool(workers: int, n_articles: int, scheduler: str = "local") -> Iterator[Executor | None]:
    """Where the per-article stages of a large corpus run: on Dask workers (``scheduler``
    "dask://HOST:PORT", or "dask" for a LocalCluster of ``workers`` processes, as for the engine
    step), else in processes on this machine (started on first use) from STAGE_POOL_MIN_ARTICLES
    articles on; None for a small corpus."""
    dask = scheduler.startswith("dask")
    if n_articles < (PARALLEL_MIN_ARTICLES if dask else STAGE_POOL_MIN_ARTICLES) or (
        workers < 2 and not dask
    ):
        yield None
        return
    if dask:
        client, cluster = _dask_client(scheduler, workers)
        with client:
            yield client.get_executor(pure=False)
        if cluster is not None:
            cluster.close()
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool


def analyse_articles(
    articles: pd.DataFrame,
    engine_for: Callable[[int], Engine | EnginePool],
    progress: bool | Callable[[Iterable], Iterable] = False,
    cache: EngineCache | None = None,
    workers: int = 1,
    scheduler: str = "local",
    story: StoryPack | None = None,
    seconds: dict[str, float] | None = None,
) -> tuple[dict[str, pd.DataFrame], list[dict[str, str]]]:
    """Every table for already-read articles (the engine step here, then ``pipeline.run_stages``),
    and the errors of the articles a stage failed on (shared with ``extract``). ``engine_for(n)``
    gives the engine for the ``n`` articles not found in ``cache``; per-article stages run in
    ``workers`` processes for a large corpus, or on the Dask cluster of ``scheduler``; ``story`` is
    the corpus's story pack; ``seconds``, when given, gets the CPU seconds of the engine step
    ("annotate") and of each stage."""
    errors: list[dict[str, str]] = []
    wrap = progress if callable(progress) else _progress(progress)
    with pipeline.clocked(seconds, ANNOTATE):
        articles, sentences, tokens, raw_mentions = _annotate(articles, engine_for, wrap, errors, cache)
    articles = articles.drop(columns="_paragraphs")
    counts = sentences.groupby(Col.ARTICLE_ID).size()
    articles[Col.N_SENTENCES] = articles[Col.ARTICLE_ID].map(counts).fillna(0).astype(int)
    with _stage_pool(workers, len(articles), scheduler) as pool:
        inputs = {ARTICLES: articles, SENTENCES: sentences, TOKENS: tokens, RAW_MENTIONS: raw_mentions}
        tables, stage_errors = pipeline.run_stages(
            inputs, stage_cache() if cache is not None else None, pool, story, seconds
        )
    return tables, errors + stage_errors


def _language_notices(articles: pd.DataFrame) -> list[dict[str, str]]:
    return [
        {
            "file": row.file,
            "message": f"language {row.language!r}: entities, dates, citations, quotes, roles and claims "
            "are read from Russian text only; the article's text, sentences and alignments are kept",
        }
        for row in articles.itertuples(index=False)
        if row.language != "ru"
    ]


def read_corpora(folders: Sequence[Path], max_bytes: int = MAX_BYTES) -> tuple[pd.DataFrame, list, list]:
    """The articles of every folder (the main corpus, then added articles), skipped files and notices.

    An article id (file stem) seen in an earlier folder is skipped in a later one, with the reason.
    """
    frames, skipped, notices, seen = [], [], [], set()
    for folder in folders:
        articles, folder_skipped, folder_notices = read_corpus(folder, max_bytes=max_bytes)
        clash = articles[Col.ARTICLE_ID].isin(seen)
        for row in articles[clash].itertuples(index=False):
            skipped.append({"file": row.file, "reason": f"{row.file}: an article named {row.article_id!r} "
                            f"is already in an earlier corpus folder; rename the file"})  # fmt: skip
        frames.append(articles[~clash])
        seen |= set(articles[Col.ARTICLE_ID])
        skipped += folder_skipped
        notices += folder_notices
    articles = pd.concat(frames, ignore_index=True)
    if len(frames) > 1:  # an added article may copy one of the main corpus
        articles, copies, syndicated = drop_duplicates(articles)
        skipped += copies
        notices += [notice for notice in syndicated if notice not in notices]
    return articles.sort_values(Col.ARTICLE_ID, ignore_index=True), skipped, notices


def default_workers() -> int:
    """Engine processes for a large corpus: every core, up to four (each holds its own models)."""
    return max(1, min(os.cpu_count() or 1, 4))


def _engine_for(
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


def _engine_identity(engine: str | Engine) -> tuple[str, str]:
    """(name, package version) of the engine, without loading its models."""
    if isinstance(engine, str):
        name = resolve_engine_name(engine)
        return name, package_version(name)
    return engine.name, engine.version


def _folders(corpus: Path, added: Path | None) -> list[Path]:
    return [Path(corpus)] + ([Path(added)] if added is not None and Path(added).is_dir() else [])


def build_tables(
    corpus: Path,
    engine: str | Engine = "auto",
    progress: bool | Callable[[Iterable], Iterable] = False,
    cache: bool = True,
    added: Path | None = None,
    max_bytes: int = MAX_BYTES,
    workers: int | None = None,
    scheduler: str = "local",
    seconds: dict[str, float] | None = None,
) -> tuple[dict[str, pd.DataFrame], dict]:
    """(tables keyed by schema name, manifest) for every article in ``corpus`` (and ``added``).

    ``workers``: engine processes (default: ``default_workers()``), used from
    ``ENGINE_POOL_MIN_ARTICLES`` articles on when ``engine`` is given by name; ``scheduler``: "local",
    "dask" (a LocalCluster of ``workers`` processes) or "dask://HOST:PORT" (a running cluster).
    ``seconds``, when given, gets the CPU seconds of each step: reading the corpus ("read"), the
    engine ("annotate"), then each stage by name."""
    corpus = Path(corpus)
    folders = _folders(corpus, added)
    with pipeline.clocked(seconds, READ):
        articles, skipped, notices = read_corpora(folders, max_bytes)
        pack = _story_pack(corpus, skipped)
    engine_name, version = _engine_identity(engine)
    tables, errors = analyse_articles(
        articles,
        partial(_engine_for, engine, cache, workers or default_workers(), scheduler=scheduler),
        progress,
        EngineCache(engine_name, version) if cache else None,
        workers or default_workers(),
        scheduler,
        pack,
        seconds,
    )
    if pack:
        tables[ENTITIES] = pack.english(tables[ENTITIES])
    for name, frame in tables.items():
        validate(name, frame)
    manifest = {
        "engine": engine_name,
        "engine_version": version,
        "package_version": __version__,
        "corpus": corpus.name,
        "corpus_hash": corpus_hash(articles, folders),
        "input_hash": input_hash(folders, engine_name, version, max_bytes),
        "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "skipped": skipped,
        "errors": errors,
        "notices": notices + _language_notices(tables[ARTICLES]),
        "tables": {name: len(frame) for name, frame in tables.items()},
        "story": pack.manifest() if pack else {},
    }
    return tables, manifest


def _story_pack(corpus: Path, skipped: list[dict]) -> StoryPack | None:
    """The corpus's story pack; a broken one is reported in ``skipped`` and the build goes on without."""
    try:
        return load_pack(corpus)
    except StoryPackError as error:
        skipped.append({"file": STORY_FILE, "reason": f"{error} (built without the story pack)"})
        return None


def _exchange(staging: Path, out: Path) -> None:
    """Put ``staging`` in place of ``out`` in one step, so a kill at any moment leaves one of the two
    complete at ``out`` (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames, and a build
    interrupted between them is repaired by ``_recover`` at the next build)."""
    if out.exists():
        libc = ctypes.CDLL(None, use_errno=True)
        exchange = getattr(libc, "renameat2", None)
        at_cwd, rename_exchange = -100, 2
        if (
            exchange is not None
            and exchange(at_cwd, bytes(staging), at_cwd, bytes(out), rename_exchange) == 0
        ):
            shutil.rmtree(staging, ignore_errors=True)  # now holds the previous tables
            return
        backup = _backup(out)
        shutil.rmtree(backup, ignore_errors=True)
        out.rename(backup)
        staging.rename(out)
        shutil.rmtree(backup, ignore_errors=True)
        return
    staging.rename(out)


def _backup(out: Path) -> Path:
    return out.with_name(f".{out.name}-previous")


def _recover(out: Path) -> None:
    """Put back the previous tables if a build on a system without atomic exchange died mid-swap."""
    backup = _backup(out)
    if backup.exists() and not out.exists():
        backup.rename(out)


def _remove_stale_staging(out: Path) -> None:
    """Staging folders of builds that were killed before their swap (only called under the lock)."""
    out = Path(out).absolute()
    for path in out.parent.glob(f".{out.name}-*"):
        if path.is_dir() and path != _backup(out):
            shutil.rmtree(path, ignore_errors=True)


def write_tables(tables: dict[str, pd.DataFrame], manifest: dict, out: Path) -> None:
    """Write Parquet files and manifest.json into ``out``, replacing it only once all are written.

    Everything in ``out`` that the build does not write (``quality.json``, the added-articles
    folder) is carried over into the new folder.
    """
    out = Path(out).absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    _recover(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for name, frame in tables.items():
            _write_table(frame, staging / TABLES[name].file)
        (staging / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        owned = {TABLES[name].file for name in TABLES} | {MANIFEST}
        for path in sorted(out.iterdir()) if out.is_dir() else []:
            if path.name in owned or path.suffix == ".parquet":
                continue
            if path.is_dir():
                shutil.copytree(path, staging / path.name)
            else:
                shutil.copy2(path, staging / path.name)
        _exchange(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write_table(frame: pd.DataFrame, path: Path) -> None:
    """One Parquet file, or for a table over ``PARTITION_ROWS`` rows a folder of that name holding
    ``part-NNNNN.parquet`` files of whole articles in table order (pandas, pyarrow and DuckDB read
    the folder as one table), so no file grows with the corpus past what a reader can take at once."""
    if len(frame) <= PARTITION_ROWS or Col.ARTICLE_ID not in frame.columns:
        frame.to_parquet(path, index=False)
        return
    path.mkdir()
    ids = frame[Col.ARTICLE_ID].to_numpy()
    bounds = [*np.flatnonzero(ids[1:] != ids[:-1]) + 1, len(frame)]  # where each article's rows end
    begin, part = 0, 0
    while begin < len(frame):
        # the furthest article boundary within PARTITION_ROWS rows, or the next one if none fits
        fitting = [b for b in bounds if begin < b <= begin + PARTITION_ROWS]
        end = fitting[-1] if fitting else next(b for b in bounds if b > begin)
        frame.iloc[begin:end].to_parquet(path / f"part-{part:05d}.parquet", index=False)
        begin, part = end, part + 1


def table_exists(path: Path) -> bool:
    """Whether a table was written at ``path``: its file, or its folder of parts."""
    return path.is_file() or (path.is_dir() and any(path.glob("part-*.parquet")))


class BuildBusy(RuntimeError):
    """Another build is writing the same output folder."""


def lock_for(out: Path) -> FileLock:
    """The lock that keeps two builds from writing ``out`` at once. It is an OS file lock: a killed
    build's lock is released with its process, so it never stays stuck."""
    out = Path(out).absolute()
    return FileLock(out.with_name(f".{out.name}.lock"))


class BuildResult(NamedTuple):
    manifest: dict
    rebuilt: bool  # False: the tables already matched these inputs, nothing was redone


def run_build(
    corpus: Path = Path("seeds"),
    out: Path = Path("data"),
    engine: str | Engine = "auto",
    cache: bool = True,
    added: Path | None = None,
    max_bytes: int = MAX_BYTES,
    progress: bool | Callable[[Iterable], Iterable] = False,
    wait: float = 0,
    workers: int | None = None,
    scheduler: str = "local",
) -> BuildResult:
    """Build ``corpus`` (plus the added articles, by default ``out/added``) into ``out``.

    The one entry point for the command line and the dashboard's Add-articles page. With the
    cache on, a corpus whose files, code and engine are unchanged is not rebuilt. Raises
    BuildBusy when another build holds ``out`` for longer than ``wait`` seconds.
    """
    out = Path(out)
    added = Path(added) if added is not None else out / ADDED_DIR
    try:
        with lock_for(out).acquire(timeout=wait):
            _remove_stale_staging(out)
            current = (
                up_to_date(corpus, out, engine, added, max_bytes)
                if cache and isinstance(engine, str)
                else None
            )
            if current is not None:
                return BuildResult(current, rebuilt=False)
            tables, manifest = build_tables(
                corpus, engine, progress, cache, added, max_bytes, workers, scheduler
            )
            write_tables(tables, manifest, out)
    except Timeout:
        raise BuildBusy(
            f"another build is writing {out}/ (lock {lock_for(out).lock_file}); wait for it to finish "
            "and run the command again"
        ) from None
    return BuildResult(manifest, rebuilt=True)
