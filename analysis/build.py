"""Run every stage over a corpus folder and write the tables atomically to ``data/``.

This is the only module that does I/O for the analysis: the stages take and return
DataFrames. A file that cannot be read is skipped and listed in the manifest; a build that
fails leaves the previous ``data/`` untouched (tables go to a temporary folder first).
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from filelock import FileLock, Timeout

from analysis import __version__, citations, claims, compare, entities, signatories, timeline
from analysis import annotate as annotate_stage
from analysis.corpus import MAX_BYTES, SOURCES_FILE, drop_duplicates, read_corpus
from analysis.nlp import get_engine
from analysis.nlp.base import Analysis, Engine
from analysis.schema import (
    ALIGNMENTS,
    ARTICLES,
    CITATIONS,
    CLAIMS,
    CONTRADICTIONS,
    DATES,
    ELEMENTS,
    ENTITIES,
    EVENT_CLUSTERS,
    EVENTS,
    MANIFEST,
    MENTIONS,
    QUOTES,
    SENTENCES,
    SIGNATORIES,
    SIMILARITY,
    TABLES,
    TOKENS,
    empty,
    validate,
)

CACHE_DIR = Path(".cache") / "storylens"
# Articles added with `python -m analysis add` or the Add-articles page: a corpus folder of its own,
# kept inside the output folder (a rebuild carries it over) and apart from the main corpus.
ADDED_DIR = "added"
_NLP_SOURCES = Path(__file__).parent / "nlp"


def corpus_hash(articles: pd.DataFrame, folders: Sequence[Path]) -> str:
    """Hash of every article's bytes and of each folder's sources.csv: equal hashes mean the same input."""
    digest = hashlib.sha256()
    for sha in sorted(articles["sha256"]):
        digest.update(sha.encode())
    for folder in folders:
        sources = Path(folder) / SOURCES_FILE
        if sources.exists():
            digest.update(sources.read_bytes())
    return digest.hexdigest()


class CachedEngine:
    """Wraps an engine with an on-disk cache of its output per text block.

    The key covers the engine, its version, the NLP code and the text, so any change to
    one of them recomputes; rebuilding after editing one article re-analyses only that one.
    """

    def __init__(self, engine: Engine, folder: Path = CACHE_DIR) -> None:
        self.engine = engine
        self.name, self.version = engine.name, engine.version
        code = hashlib.sha256()
        for path in sorted(_NLP_SOURCES.glob("*.py")):
            code.update(path.read_bytes())
        self.folder = folder / f"{engine.name}-{engine.version}-{code.hexdigest()[:12]}"

    def analyze(self, text: str) -> Analysis:
        path = self.folder / f"{hashlib.sha256(text.encode()).hexdigest()}.pickle"
        if path.exists():
            try:
                return pickle.loads(path.read_bytes())
            except (pickle.UnpicklingError, EOFError, AttributeError):
                path.unlink(missing_ok=True)
        result = self.engine.analyze(text)
        self.folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(result))
        return result


def _progress(enabled: bool) -> Callable[[Iterable], Iterable]:
    if not enabled:
        return iter
    from tqdm import tqdm

    return lambda items: tqdm(items, desc="articles", unit="article", file=sys.stderr)


def _error(file: str, stage: str, error: BaseException) -> dict[str, str]:
    """One entry of the manifest's ``errors``: which file, which stage, what went wrong."""
    return {"file": file, "stage": stage, "type": type(error).__name__, "message": str(error)[:500]}


def _only(frame: pd.DataFrame, ids: set[str]) -> pd.DataFrame:
    """Rows of ``frame`` about the articles ``ids`` (frames without ``article_id`` pass whole)."""
    if "article_id" not in frame.columns:
        return frame
    return frame[frame["article_id"].isin(ids)].reset_index(drop=True)


class Stages:
    """Runs stages so that one article's failure costs only that article's rows of that stage.

    A stage runs over the whole corpus first; when it raises, each article is run alone to find the
    ones it fails on, those are recorded in ``errors`` (file, stage, exception) and the stage runs
    again on the rest. Should it still fail, the stage's tables stay empty and the error is recorded
    against the corpus.
    """

    def __init__(self, articles: pd.DataFrame) -> None:
        self.files = dict(zip(articles["article_id"], articles["file"], strict=True))
        self.errors: list[dict[str, str]] = []

    def run(self, stage: str, outputs: list[str], function: Callable, ids: set[str], *inputs: pd.DataFrame):
        """``function(*inputs)`` restricted to the articles ``ids``; a tuple of frames named ``outputs``."""

        def call(subset: set[str]) -> tuple:
            result = function(*(_only(frame, subset) for frame in inputs))
            return result if isinstance(result, tuple) else (result,)

        try:
            return call(ids)
        except Exception:  # noqa: BLE001 - any fault of a stage is one article's (or the corpus's) error
            pass
        good = set()
        for article_id in sorted(ids):
            try:
                call({article_id})
                good.add(article_id)
            except Exception as error:  # noqa: BLE001
                self.errors.append(_error(self.files[article_id], stage, error))
        try:
            return call(good)
        except Exception as error:  # noqa: BLE001
            self.errors.append(_error("", stage, error))
            return tuple(empty(name) for name in outputs)


def _annotate(
    articles: pd.DataFrame, engine: Engine, progress: Callable[[Iterable], Iterable], errors: list
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Engine output per article; an article the engine fails on is dropped with its error."""
    sentences, tokens, mentions, failed = [], [], [], set()
    for _, article in progress(list(articles.iterrows())):
        try:
            rows = annotate_stage.annotate_article(article, engine.analyze)
        except Exception as error:  # noqa: BLE001 - recorded, and the rest of the corpus is built
            errors.append(_error(article["file"], "annotate", error))
            failed.add(article["article_id"])
            continue
        sentences += rows[0]
        tokens += rows[1]
        mentions += rows[2]
    return (
        articles[~articles["article_id"].isin(failed)].reset_index(drop=True),
        pd.DataFrame(sentences, columns=list(TABLES[SENTENCES].columns)),
        pd.DataFrame(tokens, columns=list(TABLES[TOKENS].columns)),
        pd.DataFrame(mentions, columns=annotate_stage.RAW_MENTION_COLUMNS),
    )


def analyse_articles(
    articles: pd.DataFrame, engine: Engine, progress: bool | Callable[[Iterable], Iterable] = False
) -> tuple[dict[str, pd.DataFrame], list[dict[str, str]]]:
    """Every table for already-read articles, and the errors of the articles a stage failed on
    (shared with ``extract``). Entities, dates, citations, quotes, roles and claims are read from
    Russian text only; articles in other languages keep their text, sentences and alignments."""
    errors: list[dict[str, str]] = []
    wrap = progress if callable(progress) else _progress(progress)
    articles, sentences, tokens, raw_mentions = _annotate(articles, engine, wrap, errors)
    articles = articles.drop(columns="_paragraphs")
    counts = sentences.groupby("article_id").size()
    articles["n_sentences"] = articles["article_id"].map(counts).fillna(0).astype(int)

    stages = Stages(articles)
    every = set(articles["article_id"])
    russian = set(articles.loc[articles["language"] == "ru", "article_id"])
    mentions, entity_table = stages.run(
        "entities",
        [MENTIONS, ENTITIES],
        entities.canonicalize,
        russian,
        articles,
        sentences,
        tokens,
        raw_mentions,
    )
    (dates,) = stages.run("dates", [DATES], timeline.extract_dates, russian, articles, sentences)
    events, event_clusters = stages.run(
        "events", [EVENTS, EVENT_CLUSTERS], timeline.build_events, every, articles, sentences, dates, mentions
    )
    (citation_table,) = stages.run(
        "citations", [CITATIONS], citations.extract_citations, russian,
        articles, sentences, tokens, mentions, entity_table,
    )  # fmt: skip
    (quotes,) = stages.run(
        "quotes",
        [QUOTES],
        citations.extract_quotes,
        russian,
        articles,
        sentences,
        tokens,
        mentions,
        entity_table,
    )
    alignments, similarity, elements = stages.run(
        "alignments",
        [ALIGNMENTS, SIMILARITY, ELEMENTS],
        compare.align_articles,
        every,
        sentences,
        tokens,
        mentions,
    )
    reference = signatories.load_reference()
    (signatory_table,) = stages.run(
        "signatories", [SIGNATORIES],
        lambda *frames: signatories.extract_signatories(*frames, reference), russian,
        articles, sentences, tokens, mentions, entity_table, dates,
    )  # fmt: skip
    (claim_table,) = stages.run(
        "claims", [CLAIMS], claims.extract_claims, russian,
        articles, sentences, tokens, mentions, entity_table, dates, signatory_table,
    )  # fmt: skip
    (contradictions,) = stages.run(
        "contradictions", [CONTRADICTIONS], claims.find_contradictions, every, claim_table
    )
    tables = {
        ARTICLES: articles,
        SENTENCES: sentences,
        TOKENS: tokens,
        MENTIONS: mentions,
        ENTITIES: entity_table,
        DATES: dates,
        EVENTS: events,
        EVENT_CLUSTERS: event_clusters,
        CITATIONS: citation_table,
        QUOTES: quotes,
        ALIGNMENTS: alignments,
        SIMILARITY: similarity,
        ELEMENTS: elements,
        SIGNATORIES: signatory_table,
        CLAIMS: claim_table,
        CONTRADICTIONS: contradictions,
    }
    return tables, errors + stages.errors


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
        clash = articles["article_id"].isin(seen)
        for row in articles[clash].itertuples(index=False):
            skipped.append({"file": row.file, "reason": f"{row.file}: an article named {row.article_id!r} "
                            f"is already in an earlier corpus folder; rename the file"})  # fmt: skip
        frames.append(articles[~clash])
        seen |= set(articles["article_id"])
        skipped += folder_skipped
        notices += folder_notices
    articles = pd.concat(frames, ignore_index=True)
    if len(frames) > 1:  # an added article may copy one of the main corpus
        articles, copies, syndicated = drop_duplicates(articles)
        skipped += copies
        notices += [notice for notice in syndicated if notice not in notices]
    return articles.sort_values("article_id", ignore_index=True), skipped, notices


def build_tables(
    corpus: Path,
    engine: str | Engine = "auto",
    progress: bool | Callable[[Iterable], Iterable] = False,
    cache: bool = True,
    added: Path | None = None,
    max_bytes: int = MAX_BYTES,
) -> tuple[dict[str, pd.DataFrame], dict]:
    """(tables keyed by schema name, manifest) for every article in ``corpus`` (and ``added``)."""
    corpus = Path(corpus)
    nlp = get_engine(engine) if isinstance(engine, str) else engine
    folders = [corpus] + ([Path(added)] if added is not None and Path(added).is_dir() else [])
    articles, skipped, notices = read_corpora(folders, max_bytes)
    tables, errors = analyse_articles(articles, CachedEngine(nlp) if cache else nlp, progress)
    for name, frame in tables.items():
        validate(name, frame)
    manifest = {
        "engine": nlp.name,
        "engine_version": nlp.version,
        "package_version": __version__,
        "corpus": corpus.name,
        "corpus_hash": corpus_hash(articles, folders),
        "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "skipped": skipped,
        "errors": errors,
        "notices": notices + _language_notices(tables[ARTICLES]),
        "tables": {name: len(frame) for name, frame in tables.items()},
    }
    return tables, manifest


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
            frame.to_parquet(staging / TABLES[name].file, index=False)
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


class BuildBusy(RuntimeError):
    """Another build is writing the same output folder."""


def lock_for(out: Path) -> FileLock:
    """The lock that keeps two builds from writing ``out`` at once. It is an OS file lock: a killed
    build's lock is released with its process, so it never stays stuck."""
    out = Path(out).absolute()
    return FileLock(out.with_name(f".{out.name}.lock"))


def run_build(
    corpus: Path = Path("seeds"),
    out: Path = Path("data"),
    engine: str | Engine = "auto",
    cache: bool = True,
    added: Path | None = None,
    max_bytes: int = MAX_BYTES,
    progress: bool | Callable[[Iterable], Iterable] = False,
    wait: float = 0,
) -> dict:
    """Build ``corpus`` (plus the added articles, by default ``out/added``) into ``out``; the manifest.

    The one entry point for the command line and the dashboard's Add-articles page. Raises
    BuildBusy when another build holds ``out`` for longer than ``wait`` seconds.
    """
    out = Path(out)
    added = Path(added) if added is not None else out / ADDED_DIR
    try:
        with lock_for(out).acquire(timeout=wait):
            _remove_stale_staging(out)
            tables, manifest = build_tables(corpus, engine, progress, cache, added, max_bytes)
            write_tables(tables, manifest, out)
    except Timeout:
        raise BuildBusy(
            f"another build is writing {out}/ (lock {lock_for(out).lock_file}); wait for it to finish "
            "and run the command again"
        ) from None
    return manifest
