"""Build a corpus folder into tables: read it, run the engine and the stages, write ``data/``.

The one entry point (``run_build``) for the command line and the dashboard's Add-articles page, and
``build_tables`` for tools and tests that keep the tables in memory. The work is in the modules
beside this one: ``corpus`` reads the folder, ``engine`` runs the NLP engine (in processes or on
Dask for a large corpus), ``runner`` the registry's stages, ``cache`` keeps what a rebuild can
reuse, ``write`` writes atomically under a lock. A file that cannot be read is skipped and listed
in the manifest; a build that fails leaves the previous ``data/`` untouched.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import NamedTuple

import pandas as pd
from filelock import Timeout

from analysis import __version__
from analysis.build.boilerplate import mark_boilerplate
from analysis.build.cache import EngineCache, corpus_hash, input_hash, stage_cache
from analysis.build.corpus import DUPLICATE_SIMILARITY, MAX_BYTES, drop_duplicates, read_corpus
from analysis.build.engine import (
    ANNOTATE,
    EnginePool,
    annotate_corpus,
    default_workers,
    engine_for,
    engine_identity,
    package_version,
    stage_pool,
)
from analysis.build.write import BuildBusy, lock_for, remove_stale_staging, table_exists, write_tables
from analysis.core.corrections import CORRECTIONS_FILE, Corrections, Status, read_corrections
from analysis.core.metadata import check_metadata, mark_shared_dates
from analysis.core.schema import ARTICLES, CORRECTIONS, MANIFEST, SENTENCES, TABLES, TOKENS, Col, validate
from analysis.core.story import STORY_FILE, StoryPack, StoryPackError, load_pack
from analysis.nlp import EngineUnavailable, resolve_engine_name
from analysis.nlp.base import Engine

# Articles added with `python -m analysis add` or the Add-articles page: a corpus folder of its own,
# kept inside the output folder (a rebuild carries it over) and apart from the main corpus.
ADDED_DIR = "added"
# Steps of a build timed besides the stages (``build_tables``'s ``seconds``).
READ = "read"


def _folders(corpus: Path, added: Path | None) -> list[Path]:
    return [Path(corpus)] + ([Path(added)] if added is not None and Path(added).is_dir() else [])


def current_hash(corpus: Path, engine: str, added: Path | None, max_bytes: int) -> str | None:
    """``input_hash`` of these inputs; None when one cannot be read or the engine is unknown."""
    try:
        name = resolve_engine_name(engine)
        return input_hash(_folders(corpus, added), name, package_version(name), max_bytes)
    except (OSError, ValueError, EngineUnavailable):
        return None


def up_to_date(out: Path, current: str | None) -> dict | None:
    """The manifest of ``out`` when its tables were built from inputs of hash ``current``, else None."""
    try:
        manifest = json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    complete = all(table_exists(Path(out) / TABLES[table].file) for table in TABLES)
    return manifest if current is not None and complete and manifest.get("input_hash") == current else None


def _progress(enabled: bool) -> Callable[[Iterable], Iterable]:
    if not enabled:
        return iter
    from tqdm import tqdm

    return lambda items: tqdm(items, desc="articles", unit="article", file=sys.stderr)


def analyse_articles(
    articles: pd.DataFrame,
    engines: Callable[[int], Engine | EnginePool],
    progress: bool | Callable[[Iterable], Iterable] = False,
    cache: EngineCache | None = None,
    workers: int = 1,
    scheduler: str = "local",
    story: StoryPack | None = None,
    seconds: dict[str, float] | None = None,
    corrections: Corrections | None = None,
) -> tuple[dict[str, pd.DataFrame], list[dict[str, str]]]:
    """Every table for already-read articles (the engine step here, then ``pipeline.run_stages``),
    and the errors of the articles a stage failed on (shared with ``extract``). ``engines(n)``
    gives the engine for the ``n`` articles not found in ``cache``; per-article stages run in
    ``workers`` processes for a large corpus, or on the Dask cluster of ``scheduler``; ``story`` is
    the corpus's story pack and ``corrections`` the analyst's; ``seconds``, when given, gets the CPU
    seconds of the engine step ("annotate") and of each stage."""
    from analysis.build import runner as pipeline  # imports every stage: only when something is built
    from analysis.stages.registry import RAW_MENTIONS

    errors: list[dict[str, str]] = []
    keys: dict[str, str] = {}  # what each article's engine rows were made of: the stages' cache keys read it
    wrap = progress if callable(progress) else _progress(progress)
    with pipeline.clocked(seconds, ANNOTATE):
        articles, sentences, tokens, raw_mentions = annotate_corpus(
            articles, engines, wrap, errors, cache, keys
        )
    articles = articles.drop(columns="_paragraphs")
    counts = sentences.groupby(Col.ARTICLE_ID).size()
    articles[Col.N_SENTENCES] = articles[Col.ARTICLE_ID].map(counts).fillna(0).astype(int)
    with stage_pool(workers, len(articles), scheduler) as pool:
        inputs = {ARTICLES: articles, SENTENCES: sentences, TOKENS: tokens, RAW_MENTIONS: raw_mentions}
        stage_store = stage_cache() if cache is not None else None
        tables, stage_errors = pipeline.run_stages(
            inputs, stage_store, pool, story, seconds, corrections=corrections, fingerprints=keys
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


def read_corpora(
    folders: Sequence[Path], max_bytes: int = MAX_BYTES, cache: bool = False
) -> tuple[pd.DataFrame, list, list]:
    """The articles of every folder (the main corpus, then added articles), skipped files and notices.

    An article id (file stem) seen in an earlier folder is skipped in a later one, with the reason.
    Text repeated across the articles is marked as boilerplate (``boilerplate.mark_boilerplate``), a
    publication date every article shares as such (``metadata.mark_shared_dates``). With ``cache``,
    what reading each file gave and the copies among the bodies are kept (``reading_cache``): a
    re-read reads only new or edited files, and compares only their bodies for copies.
    """
    from analysis.build.reading_cache import ReadingCache

    reading = ReadingCache(folders) if cache else None
    frames, skipped, notices, seen = [], [], [], set()
    for folder in folders:
        articles, folder_skipped, folder_notices = read_corpus(folder, max_bytes=max_bytes, cache=reading)
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
        matches = reading.matches(DUPLICATE_SIMILARITY) if reading else None
        articles, copies, syndicated = drop_duplicates(articles, matches=matches)
        skipped += copies
        notices += [notice for notice in syndicated if notice not in notices]
    if reading:
        reading.save()
    articles = articles.drop(columns="_body", errors="ignore").sort_values(Col.ARTICLE_ID, ignore_index=True)
    articles = mark_boilerplate(mark_shared_dates(articles))
    return articles, skipped, notices


def _story_pack(corpus: Path, skipped: list[dict]) -> StoryPack | None:
    """The corpus's story pack; a broken one is reported in ``skipped`` and the build goes on without."""
    try:
        return load_pack(corpus)
    except StoryPackError as error:
        skipped.append({"file": STORY_FILE, "reason": f"{error} (built without the story pack)"})
        return None


def _broken(corrections: Corrections) -> list[dict[str, str]]:
    """A corrections file that cannot be read at all, as a skipped file (the build went on without it)."""
    reason = f"{corrections.error} (built without the corrections)"
    return [{"file": CORRECTIONS_FILE, "reason": reason}] if corrections.error else []


def _correction_notices(done: pd.DataFrame) -> list[dict[str, str]]:
    """Corrections that were not applied as written: an entry that cannot be read, or one that no
    longer applies to what this build found."""
    shown = done[done[Col.STATUS].isin([Status.INVALID, Status.STALE]) & (done[Col.LINE] > 0)]
    return [
        {"file": CORRECTIONS_FILE, "message": f"line {row.line}: {row.kind} {row.subject}: {row.reason}"}
        for row in shown.itertuples(index=False)
    ]


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
    inputs: str | None = None,
) -> tuple[dict[str, pd.DataFrame], dict]:
    """(tables keyed by schema name, manifest) for every article in ``corpus`` (and ``added``).

    ``workers``: engine processes (default: ``default_workers()``), used from
    ``ENGINE_POOL_MIN_ARTICLES`` articles on when ``engine`` is given by name; ``scheduler``: "local",
    "dask" (a LocalCluster of ``workers`` processes) or "dask://HOST:PORT" (a running cluster).
    ``seconds``, when given, gets the CPU seconds of each step: reading the corpus ("read"), the
    engine ("annotate"), then each stage by name. ``inputs``: the inputs' ``input_hash`` when the
    caller has it (``run_build`` hashes them before reading, to know whether to build at all)."""
    from analysis.build import runner as pipeline

    corpus = Path(corpus)
    folders = _folders(corpus, added)
    engine_name, version = engine_identity(engine)
    inputs = inputs or input_hash(folders, engine_name, version, max_bytes)
    with pipeline.clocked(seconds, READ):
        articles, skipped, notices = read_corpora(folders, max_bytes, cache)
        pack = _story_pack(corpus, skipped)
        corrections = read_corrections(corpus)
    workers = workers or default_workers()
    tables, errors = analyse_articles(
        articles,
        partial(engine_for, engine, cache, workers, scheduler=scheduler),
        progress,
        EngineCache(engine_name, version) if cache else None,
        workers,
        scheduler,
        pack,
        seconds,
        corrections,
    )
    for name, frame in tables.items():
        validate(name, frame)
    manifest = {
        "engine": engine_name,
        "engine_version": version,
        "package_version": __version__,
        "corpus": corpus.name,
        "corpus_hash": corpus_hash(articles, folders),
        "input_hash": inputs,
        "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "skipped": skipped + _broken(corrections),
        "errors": errors,
        "notices": notices + _language_notices(tables[ARTICLES]) + _correction_notices(tables[CORRECTIONS]),
        "tables": {name: len(frame) for name, frame in tables.items()},
        "story": pack.manifest() if pack else {},
        "metadata": check_metadata(tables[ARTICLES]).manifest(),
    }
    return tables, manifest


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
            remove_stale_staging(out)
            inputs = current_hash(corpus, engine, added, max_bytes) if isinstance(engine, str) else None
            current = up_to_date(out, inputs) if cache else None
            if current is not None:
                return BuildResult(current, rebuilt=False)
            tables, manifest = build_tables(
                corpus, engine, progress, cache, added, max_bytes, workers, scheduler, inputs=inputs
            )
            write_tables(tables, manifest, out)
    except Timeout:
        raise BuildBusy(
            f"another build is writing {out}/ (lock {lock_for(out).lock_file}); wait for it to finish "
            "and run the command again"
        ) from None
    return BuildResult(manifest, rebuilt=True)
