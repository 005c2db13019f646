"""Run the registry's stages (``analysis.stages.registry``) over what the build read and the engine
found. Knows nothing of files: the rest of ``analysis.build`` reads the corpus (``corpus``), runs the
engine (``engine``) and writes (``write``); ``run`` puts them together.

What applies to every stage lives here, once, instead of in each stage:
- order: the registry's, by what each stage needs;
- languages: a stage reads Russian articles only, unless it says it reads every language;
- per-article stages: each article's result cached under a hash of its inputs (a stage of tables
  keeps them whole too, ``cache.StagePack``: an unchanged article's rows are taken from the last
  build's at once), articles of a large corpus sent to worker processes (or a Dask cluster) in
  chunks, one article's failure costing only that article's rows;
- corpus stages: when one fails, each article is run alone to find the ones it fails on, and the
  stage runs again without them;
- every failure recorded for the manifest (file, stage, exception), and CPU seconds per stage.
"""

from __future__ import annotations

import hashlib
import resource
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from analysis.build.cache import (
    DiskCache,
    Rows,
    StagePack,
    concat_rows,
    found_rows,
    load_memo,
    load_stage_pack,
    packed,
    save_memo,
    save_stage_pack,
)
from analysis.core.corrections import Corrections
from analysis.core.document import no_gc
from analysis.core.schema import ARTICLES, SENTENCES, TABLES, TOKENS, Col, empty
from analysis.core.story import StoryPack
from analysis.stages import registry
from analysis.stages.registry import RAW_MENTIONS, Scope, Stage, producers, written

# Below this many articles one process is quicker than sending the work to a pool of them.
PARALLEL_MIN_ARTICLES = 16
CHUNKS = 8  # pieces a parallel stage is cut into: enough to keep every worker busy to the end
ENGINE_ROWS = (SENTENCES, TOKENS, RAW_MENTIONS)  # the engine step's tables, made of one key per article


def stage_error(file: str, stage: str, error: BaseException) -> dict[str, str]:
    """One entry of the manifest's ``errors``: which file, which stage, what went wrong."""
    return {"file": file, "stage": stage, "type": type(error).__name__, "message": str(error)[:500]}


def cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended (worker processes too)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@contextmanager
def clocked(seconds: dict[str, float] | None, phase: str) -> Iterator[None]:
    """Add the CPU seconds of the block to ``seconds[phase]`` (when a dict to keep them is given)."""
    began = cpu_seconds()
    try:
        yield
    finally:
        if seconds is not None:
            seconds[phase] = seconds.get(phase, 0.0) + cpu_seconds() - began


class Cache(Protocol):
    """Where per-article results are kept between builds (``analysis.build.cache.stage_cache``)."""

    def get(self, key: str) -> Any: ...

    def put(self, key: str, value: Any) -> None: ...


def restricted(value: Any, ids: set[str]) -> Any:
    """The part of a stage input about the articles ``ids``: rows of a frame with ``article_id``,
    entries of a per-article artifact; anything else passes whole (corpus-level tables). A frame
    whose every row is kept passes as a shallow copy (copy-on-write: no rows copied)."""
    if isinstance(value, dict):
        return {article_id: item for article_id, item in value.items() if article_id in ids}
    if isinstance(value, pd.DataFrame) and Col.ARTICLE_ID in value.columns:
        kept = value[Col.ARTICLE_ID].isin(ids).to_numpy()
        index = value.index
        if kept.all() and isinstance(index, pd.RangeIndex) and (index.start, index.step) == (0, 1):
            return value.copy(deep=False).rename_axis(None)
        return value[kept].reset_index(drop=True)
    return value


def _as_tuple(result: Any) -> tuple:
    return result if isinstance(result, tuple) else (result,)


def _header(frame: pd.DataFrame) -> bytes:
    """The table's columns and dtypes: part of every article's hash (an article's values read
    differently in another dtype)."""
    return repr([(str(name), str(dtype)) for name, dtype in frame.dtypes.items()]).encode()


def _keyed_hashes(frame: pd.DataFrame, keys: dict[str, str]) -> dict[str, str]:
    """Each article's hash of an engine table (``ENGINE_ROWS``) from what its rows were made of
    (``annotate.rows_key``: equal keys, equal rows) and the table's dtypes, instead of its rows'
    values: hashing the tokens of 10,000 articles cost seconds a build."""
    header = _header(frame)
    return {article_id: hashlib.sha256(header + key.encode()).hexdigest() for article_id, key in keys.items()}


def _row_hashes(frame: pd.DataFrame) -> dict[str, str]:
    """A hash of each article's rows of ``frame``: equal hashes, equal input for that article.

    pandas hashes each row by its values' types (64 bits a row, vectorised, no text made of numbers);
    an article's digest covers the table's columns and dtypes, then its rows' hashes in their order."""
    header = _header(frame)
    if frame.empty:
        return {}
    try:
        values = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    except TypeError:  # a column of lists or arrays: hashed by their text
        values = pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy()
    codes, articles = pd.factorize(frame[Col.ARTICLE_ID], sort=False)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(articles) + 1))
    values = values[order]
    return {
        article_id: hashlib.sha256(header + values[bounds[k] : bounds[k + 1]].tobytes()).hexdigest()
        for k, article_id in enumerate(articles)
    }


def _shares(value: Any, ids: Sequence[str]) -> dict[str, Any]:
    """Each article's share of an input: its rows of a frame (an empty frame when it has none), its
    entry of a per-article artifact. Only the rows of ``ids`` are grouped (an added article's build
    asks for one)."""
    if isinstance(value, dict):
        return {article_id: value.get(article_id) for article_id in ids}
    wanted = set(ids)
    column = value[Col.ARTICLE_ID]
    if len(wanted) < column.nunique():
        value = value[column.isin(wanted).to_numpy()]
    groups = {key: rows for key, rows in value.groupby(Col.ARTICLE_ID, sort=False)}
    none = value.iloc[:0]
    return {article_id: groups.get(article_id, none).reset_index(drop=True) for article_id in ids}


def _packed(stage: Stage, result: Any) -> Any:
    """A per-article result as the cache keeps it: its tables by column (``cache.packed``: they load
    and join faster than frames), its artifacts as they are."""
    items = tuple(
        packed(item) if name in TABLES and isinstance(item, pd.DataFrame) else item
        for name, item in zip(stage.makes, _as_tuple(result), strict=False)
    )
    return items if isinstance(result, tuple) else items[0]


def _parts(stage: Stage, name: str, results: dict[str, Any]) -> dict[str, Any]:
    """Each article's share of what ``stage`` makes as ``name``, from its result in ``results``."""
    position = stage.makes.index(name)
    return {article_id: _as_tuple(result)[position] for article_id, result in results.items()}


def _joined(name: str, parts: list[pd.DataFrame | Rows]) -> pd.DataFrame:
    """The articles' rows (frames, or ``Rows`` from the cache) as one table, in their order."""
    found = found_rows(parts)
    return concat_rows(found) if found else empty(name)


def _stage_named(name: str) -> Stage:
    return next(stage for stage in registry.STAGES if stage.name == name)


def run_articles(stage: Stage | str, work: list[tuple[str, tuple]]) -> dict[str, tuple]:
    """``stage.run`` on each (article id, the article's inputs): article id -> (True, result) or
    (False, the exception). Runs in worker processes too, which find the stage by name."""
    stage = _stage_named(stage) if isinstance(stage, str) else stage
    done = {}
    for article_id, own in work:
        try:
            done[article_id] = (True, stage.run(*own))
        except Exception as error:  # noqa: BLE001 - any fault of a stage is this article's error
            done[article_id] = (False, error)
    return done


def corpus_stage(
    stage: Stage,
    needs: dict[str, Any],
    ids: list[str],
    files: dict[str, str],
    story: StoryPack | None = None,
    corrections: Corrections | None = None,
    memo: Path | None = None,
) -> tuple[tuple, list[dict[str, str]]]:
    """(what a corpus stage makes over the articles ``ids``, the errors): when the stage fails, each
    article is run alone to find the ones it fails on, and the stage runs again without them. A
    module-level function so that a worker process (or a Dask worker) can run it whole. A stage with
    ``memo`` starts from the memo file ``memo`` (none: an empty memo) and leaves what it used there."""
    errors: list[dict[str, str]] = []
    context: dict[str, Any] = {"story": story} if stage.story else {}
    if stage.corrections:
        context["corrections"] = corrections
    if stage.memo:
        context["memo"] = load_memo(memo)
        try:
            return _isolated(stage, needs, ids, files, context, errors)
        finally:
            save_memo(memo, context["memo"])
    return _isolated(stage, needs, ids, files, context, errors)


def _isolated(
    stage: Stage,
    needs: dict[str, Any],
    ids: list[str],
    files: dict[str, str],
    context: dict[str, Any],
    errors: list[dict[str, str]],
) -> tuple[tuple, list[dict[str, str]]]:
    """``corpus_stage``'s failure rule: the whole corpus, else each article alone, then the good ones."""

    def call(subset: set[str]) -> tuple:
        return _as_tuple(stage.run(*(restricted(needs[need], subset) for need in stage.needs), **context))

    try:
        return call(set(ids)), errors
    except Exception:  # noqa: BLE001 - any fault of a stage is one article's (or the corpus's) error
        pass
    good = set()
    for article_id in ids:
        try:
            call({article_id})
            good.add(article_id)
        except Exception as error:  # noqa: BLE001
            errors.append(stage_error(files.get(article_id, ""), stage.name, error))
    try:
        return call(good), errors
    except Exception as error:  # noqa: BLE001
        errors.append(stage_error("", stage.name, error))
        return tuple(empty(name) if name in TABLES else {} for name in stage.makes), errors


def article_stage(
    stage: Stage,
    values: dict[str, Any],
    keys: dict[str, str],
    cache: Cache | None,
    story: StoryPack | None = None,
    corrections: Corrections | None = None,
) -> tuple[tuple, list[dict[str, str]]]:
    """(what a per-article stage makes, the errors) from ``values`` (the articles and the stage's
    needs) and each article's cache key, computed where the values are: a Dask worker runs it whole
    (``analysis.build.schedule``), the articles one after another."""
    runner = Runner(values, cache, None, story=story, corrections=corrections)
    return runner._article_stage(stage, runner.ids(stage), keys), runner.errors


class Runner:
    """One run of the stages: the values made so far, the errors, the per-article hashes."""

    def __init__(self, inputs: dict[str, Any], cache: Cache | None, pool: Executor | None, **context: Any):
        articles = inputs[ARTICLES]
        self.values = dict(inputs)
        self.files = dict(zip(articles[Col.ARTICLE_ID], articles[Col.FILE], strict=True))
        self.every = list(articles[Col.ARTICLE_ID])
        self.russian = [a for a, lang in zip(self.every, articles[Col.LANGUAGE], strict=True) if lang == "ru"]
        self.cache, self.pool = cache, pool
        self.story: StoryPack | None = context.get("story")
        self.corrections: Corrections | None = context.get("corrections")
        self.seconds: dict[str, float] | None = context.get("seconds")
        self.errors: list[dict[str, str]] = []
        self._hashes: dict[str, dict[str, str]] = {}
        # what each article's engine rows were made of (``engine.annotate_corpus``), when it covers
        # every article: their hashes then come of it (``_keyed_hashes``)
        keys = context.get("fingerprints") or {}
        self._keys: dict[str, str] = keys if keys.keys() == set(self.every) else {}

    def run(self, stage: Stage) -> None:
        ids = self.ids(stage)
        with clocked(self.seconds, stage.name):
            if stage.scope is Scope.ARTICLE:
                made = self._article_stage(stage, ids, self.keys(stage))
            else:
                made = self._corpus_stage(stage, ids)
        self.values.update(zip(stage.makes, made, strict=True))

    def memo_path(self, stage: Stage) -> Path | None:
        """Where ``stage`` keeps its memo between builds: beside the per-article results, in the stage
        cache named for the analysis code (none without a disk cache: the memo lasts one build)."""
        if not stage.memo or not isinstance(self.cache, DiskCache):
            return None
        return self.cache.folder / f"memo-{stage.name}.pickle"

    def keys(self, stage: Stage) -> dict[str, str]:
        """Each article's cache key for a per-article stage (none without a cache)."""
        return self._cache_keys(stage, self.ids(stage)) if self.cache is not None else {}

    def ids(self, stage: Stage) -> list[str]:
        """The articles ``stage`` reads: Russian ones, unless it reads every language."""
        return self.every if stage.every_language else self.russian

    def _fail(self, stage: Stage, article_id: str, error: BaseException) -> None:
        self.errors.append(stage_error(self.files.get(article_id, ""), stage.name, error))

    # --- corpus stages -----------------------------------------------------------------------------

    def _corpus_stage(self, stage: Stage, ids: list[str]) -> tuple:
        needs = {need: self.values[need] for need in stage.needs}
        made, errors = corpus_stage(
            stage, needs, ids, self.files, self.story, self.corrections, self.memo_path(stage)
        )
        self.errors += errors
        return made

    # --- per-article stages ------------------------------------------------------------------------

    def _article_stage(self, stage: Stage, ids: list[str], keys: dict[str, str]) -> tuple:
        """What the stage makes of the articles ``ids``: an article's rows from the stage's pack (the
        last build's tables) while its key holds, else its result from the cache under ``keys``, else
        computed."""
        path = self._pack_path(stage)
        with no_gc():  # the last build's rows, none of them garbage: a collection would walk them all
            pack = load_stage_pack(path) if path is not None else None
        held = pack.held(keys) if pack is not None else set()
        results = self._cached(stage, [a for a in ids if a not in held], keys)
        tables = {
            name: pack.joined(name, held, _parts(stage, name, results), ids) for name in stage.makes if held
        }
        if any(frame is None for frame in tables.values()):  # fresh rows unlike the pack's: rows one by one
            results.update(self._cached(stage, [a for a in ids if a in held], keys))
            results = {article_id: results[article_id] for article_id in ids if article_id in results}
            held, tables = set(), {}
        if not held:
            tables = {
                name: _joined(name, list(_parts(stage, name, results).values()))
                for name in stage.makes
                if name in TABLES
            }
        if path is not None:  # kept for the next build, unless the pack holds these articles' keys already
            kept = {a: keys[a] for a in ids if a in held or a in results}  # the articles with a result
            if pack is None or list(kept.items()) != list(pack.keys.items()):
                parts = {name: _parts(stage, name, results) for name in tables}
                save_stage_pack(path, StagePack.made(pack if held else None, kept, parts, tables))
        return tuple(
            self._finished(stage, name, tables[name], ids) if name in TABLES else _parts(stage, name, results)
            for name in stage.makes
        )

    def _pack_path(self, stage: Stage) -> Path | None:
        """Where ``stage`` keeps its tables of the last build (``cache.StagePack``): beside the
        per-article results, for a stage that makes only tables (an artifact's objects unpickle no
        quicker from one file than from one file per article)."""
        if not isinstance(self.cache, DiskCache) or any(name not in TABLES for name in stage.makes):
            return None
        return self.cache.folder / f"pack-{stage.name}.pickle"

    def _finished(self, stage: Stage, name: str, frame: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
        """The articles' rows through the stage's ``finish`` with its ``whole`` needs over ``ids``."""
        if stage.finish is None:
            return frame
        try:
            return stage.finish(frame, *(restricted(self.values[need], set(ids)) for need in stage.whole))
        except Exception as error:  # noqa: BLE001
            self._fail(stage, "", error)
            return empty(name)

    def _work(self, stage: Stage, ids: list[str]) -> list[tuple[str, tuple]]:
        """(article id, the article's share of each of the stage's own needs) for the articles ``ids``."""
        shares = [_shares(self.values[need], ids) for need in stage.own_needs()]
        return [(article_id, tuple(share[article_id] for share in shares)) for article_id in ids]

    def _cache_keys(self, stage: Stage, ids: list[str]) -> dict[str, str]:
        """Each article's cache key: a hash of its share of the stage's own needs."""
        return {
            article_id: hashlib.sha256(
                repr(
                    [stage.name, *(self._fingerprint(need, article_id) for need in stage.own_needs())]
                ).encode()
            ).hexdigest()
            for article_id in ids
        }

    def _cached(self, stage: Stage, ids: list[str], keys: dict[str, str]) -> dict:
        """Each article's result (in the order of ``ids``): from the cache when its inputs (its own
        share only) are unchanged, else computed; only the articles computed get their shares cut."""
        if self.cache is None:
            return self._computed(stage, self._work(stage, ids))
        with no_gc():
            results = {article_id: self.cache.get(keys[article_id]) for article_id in ids}
        fresh = self._computed(stage, self._work(stage, [a for a in ids if results[a] is None]))
        for article_id, result in fresh.items():
            self.cache.put(keys[article_id], _packed(stage, result))
        results.update(fresh)
        return {article_id: result for article_id, result in results.items() if result is not None}

    def _computed(self, stage: Stage, work: list[tuple[str, tuple]]) -> dict:
        """The results of ``work`` (in a pool's processes for many articles); failures recorded."""
        done = self._in_pool(stage, work) if self._parallel(stage, work) else None
        if done is None:
            done = run_articles(stage, work)
        results = {}
        for article_id, (ok, value) in done.items():
            if ok:
                results[article_id] = value
            else:
                self._fail(stage, article_id, value)
        return results

    def _parallel(self, stage: Stage, work: list) -> bool:
        if self.pool is None or len(work) < PARALLEL_MIN_ARTICLES:
            return False
        # workers find the stage by name: one that is not the registry's (a test's) runs here
        return any(known is stage for known in registry.STAGES)

    def _in_pool(self, stage: Stage, work: list) -> dict | None:
        size = -(-len(work) // CHUNKS)
        try:
            futures = [
                self.pool.submit(run_articles, stage.name, work[lo : lo + size])
                for lo in range(0, len(work), size)
            ]
            return {key: value for future in futures for key, value in future.result().items()}
        except Exception:  # noqa: BLE001 - the pool broke (a worker died, a Dask cluster went away): run here
            return None

    def _fingerprint(self, name: str, article_id: str) -> str:
        """A hash of one article's share of ``name``: its rows of a table, or for an artifact the
        hashes of what the stage that makes it read of the article: an artifact keyed by article is a
        function of the article's share of its maker's needs (``whole`` needs reach only ``finish``).
        Computed for every article at once, the first time a stage asks. A table must be here; an
        artifact need not (it may be on a Dask cluster only: ``schedule.Cluster``)."""
        if name not in self._hashes:
            value = self.values[name] if name in TABLES else self.values.get(name)
            if isinstance(value, pd.DataFrame):
                keyed = name in ENGINE_ROWS and self._keys
                self._hashes[name] = _keyed_hashes(value, self._keys) if keyed else _row_hashes(value)
            else:
                maker = _stage_named(producers(registry.STAGES)[name][0])
                self._hashes[name] = {
                    each: hashlib.sha256(
                        repr([name, *(self._fingerprint(need, each) for need in maker.own_needs())]).encode()
                    ).hexdigest()
                    for each in self.every
                }
        return self._hashes[name].get(article_id, "")


def run_stages(
    inputs: dict[str, Any],
    cache: Cache | None = None,
    pool: Executor | None = None,
    story: StoryPack | None = None,
    seconds: dict[str, float] | None = None,
    stages: Sequence[Stage] | None = None,
    corrections: Corrections | None = None,
    where: dict[str, int] | None = None,
    fingerprints: dict[str, str] | None = None,
) -> tuple[dict[str, pd.DataFrame], list[dict[str, str]]]:
    """Every table the build writes from ``inputs`` (``registry.INPUTS``: the articles, the engine's
    sentences, tokens and raw mentions), and the errors of the articles a stage failed on.

    With a ``cache``, per-article stages recompute only the articles whose inputs changed; with a
    ``pool``, in its processes, and a corpus stage that later stages can do without runs there while
    this process goes on; on a Dask cluster every corpus stage runs there, its inputs and outputs
    staying on the cluster (``analysis.build.schedule``). The ``story`` pack, when the corpus has one,
    reaches the stages that read it, and so do the analyst's ``corrections``. ``seconds``, when
    given, gets each stage's CPU seconds by stage name (a stage run in a pool: the worker's);
    ``where``, the id of the process each stage ran in. ``stages``: the registry's, unless given.
    ``fingerprints``: each article's ``annotate.rows_key`` (``engine.annotate_corpus``), which the
    per-article stages' cache keys read for the engine tables instead of hashing their rows."""
    from analysis.build.schedule import run_graph  # it imports this module

    stages = registry.STAGES if stages is None else stages
    runner = Runner(
        inputs, cache, pool, story=story, seconds=seconds, corrections=corrections, fingerprints=fingerprints
    )
    run_graph(runner, stages, where)
    return {name: runner.values[name] for name in written(stages)}, runner.errors


def run_stage(name: str, values: dict[str, Any], story: StoryPack | None = None) -> dict[str, Any]:
    """One stage of the registry over ``values`` (its needs, by name), as a build runs it, without
    cache or pool: what it makes, by name. Raises the first error it met (for tools and tests)."""
    stage = _stage_named(name)
    runner = Runner({ARTICLES: values[ARTICLES], **values}, None, None, story=story)
    runner.run(stage)
    if runner.errors:
        error = runner.errors[0]
        raise RuntimeError(
            f"stage {name} failed on {error['file'] or 'the corpus'}: {error['type']}: {error['message']}"
        )
    return {made: runner.values[made] for made in stage.makes}
