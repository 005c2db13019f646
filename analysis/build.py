"""Run every stage over a corpus folder and write the tables atomically to ``data/``.

This is the only module that does I/O for the analysis: the stages take and return
DataFrames. A file that cannot be read is skipped and listed in the manifest; a build that
fails leaves the previous ``data/`` untouched (tables go to a temporary folder first).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from analysis import __version__, citations, claims, compare, entities, signatories, timeline
from analysis import annotate as annotate_stage
from analysis.corpus import read_corpus
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
    validate,
)

CACHE_DIR = Path(".cache") / "storylens"
_NLP_SOURCES = Path(__file__).parent / "nlp"


def corpus_hash(articles: pd.DataFrame, folder: Path) -> str:
    """Hash of every article's bytes and of sources.csv: equal hashes mean the same input."""
    digest = hashlib.sha256()
    for sha in sorted(articles["sha256"]):
        digest.update(sha.encode())
    sources = folder / "sources.csv"
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


def analyse_articles(
    articles: pd.DataFrame, engine: Engine, progress: bool = False
) -> dict[str, pd.DataFrame]:
    """Every table for already-read articles, one stage after another (shared with ``extract``)."""
    sentences, tokens, raw_mentions = annotate_stage.annotate(articles, engine, _progress(progress))
    mentions, entity_table = entities.canonicalize(articles, sentences, tokens, raw_mentions)
    articles = articles.drop(columns="_paragraphs")
    counts = sentences.groupby("article_id").size()
    articles["n_sentences"] = articles["article_id"].map(counts).fillna(0).astype(int)

    dates = timeline.extract_dates(articles, sentences)
    events, event_clusters = timeline.build_events(articles, sentences, dates, mentions)
    citation_table = citations.extract_citations(articles, sentences, tokens, mentions, entity_table)
    quotes = citations.extract_quotes(articles, sentences, tokens, mentions, entity_table)
    alignments, similarity, elements = compare.align_articles(sentences, tokens, mentions)
    signatory_table = signatories.extract_signatories(
        articles, sentences, tokens, mentions, entity_table, dates, signatories.load_reference()
    )
    claim_table = claims.extract_claims(
        articles, sentences, tokens, mentions, entity_table, dates, signatory_table
    )
    return {
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
        CONTRADICTIONS: claims.find_contradictions(claim_table),
    }


def build_tables(
    corpus: Path, engine: str | Engine = "auto", progress: bool = False, cache: bool = True
) -> tuple[dict[str, pd.DataFrame], dict]:
    """(tables keyed by schema name, manifest) for every article in ``corpus``."""
    corpus = Path(corpus)
    nlp = get_engine(engine) if isinstance(engine, str) else engine
    articles, skipped = read_corpus(corpus)
    tables = analyse_articles(articles, CachedEngine(nlp) if cache else nlp, progress)
    for name, frame in tables.items():
        validate(name, frame)
    manifest = {
        "engine": nlp.name,
        "engine_version": nlp.version,
        "package_version": __version__,
        "corpus": corpus.name,
        "corpus_hash": corpus_hash(articles, corpus),
        "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "skipped": skipped,
        "tables": {name: len(frame) for name, frame in tables.items()},
    }
    return tables, manifest


def write_tables(tables: dict[str, pd.DataFrame], manifest: dict, out: Path) -> None:
    """Write Parquet files and manifest.json into ``out``, replacing it only once all are written."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for name, frame in tables.items():
            frame.to_parquet(staging / TABLES[name].file, index=False)
        (staging / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        keep = (
            [p for p in out.glob("*") if p.is_file() and p.suffix != ".parquet" and p.name != MANIFEST]
            if out.exists()
            else []
        )
        for path in keep:  # files the build does not own (e.g. quality.json) survive a rebuild
            shutil.copy2(path, staging / path.name)
        backup = out.with_name(f".{out.name}-previous")
        if backup.exists():
            shutil.rmtree(backup)
        if out.exists():
            out.rename(backup)
        staging.rename(out)
        shutil.rmtree(backup, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
