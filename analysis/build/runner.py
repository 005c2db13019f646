"""Compose the stages after the engine: entity merging, one Document per article, then every stage
that reads it. Knows nothing of files (``build.py`` reads, schedules the engine and writes).

Each stage runs under ``Stages.run``, so one article a stage fails on costs only that article's
rows of that stage, and the error is recorded for the manifest.
"""

from __future__ import annotations

import hashlib
import pickle
import resource
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import partial
from typing import Any, Protocol

import pandas as pd

from analysis.core.document import Document, build_documents
from analysis.core.schema import (
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
    MENTIONS,
    QUOTES,
    ROLES,
    SENTENCES,
    SIMILARITY,
    TOKENS,
    Col,
    empty,
)
from analysis.core.story import StoryPack
from analysis.stages import alignments as compare
from analysis.stages import citations, discrepancies, entities, roles
from analysis.stages import dates as timeline
from analysis.stages.claims import quantities as quantity_claims

# Below this many articles one process is quicker than sending the work to a pool of them.
PARALLEL_MIN_ARTICLES = 16
CHUNKS = 8  # pieces a parallel stage is cut into: enough to keep every worker busy to the end


def stage_error(file: str, stage: str, error: BaseException) -> dict[str, str]:
    """One entry of the manifest's ``errors``: which file, which stage, what went wrong."""
    return {"file": file, "stage": stage, "type": type(error).__name__, "message": str(error)[:500]}


def _only(data: Any, ids: set[str]) -> Any:
    """The part of a stage input about the articles ``ids``: rows of a frame with ``article_id``,
    the documents of those articles; anything else passes whole (corpus-level tables)."""
    if isinstance(data, dict):
        return {article_id: document for article_id, document in data.items() if article_id in ids}
    if isinstance(data, pd.DataFrame) and Col.ARTICLE_ID in data.columns:
        return data[data[Col.ARTICLE_ID].isin(ids)].reset_index(drop=True)
    return data


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


class Stages:
    """Runs stages so that one article's failure costs only that article's rows of that stage.

    A stage runs over the whole corpus first; when it raises, each article is run alone to find the
    ones it fails on, those are recorded in ``errors`` (file, stage, exception) and the stage runs
    again on the rest. Should it still fail, the stage's tables stay empty and the error is recorded
    against the corpus.
    """

    def __init__(self, articles: pd.DataFrame, seconds: dict[str, float] | None = None) -> None:
        self.files = dict(zip(articles[Col.ARTICLE_ID], articles[Col.FILE], strict=True))
        self.errors: list[dict[str, str]] = []
        self.seconds = seconds

    def run(self, stage: str, outputs: list[str], function: Callable, ids: set[str], *inputs: Any) -> tuple:
        """``function(*inputs)`` restricted to the articles ``ids``; a tuple of frames named ``outputs``;
        its CPU seconds added to ``seconds[stage]``."""
        with clocked(self.seconds, stage):
            return self._run(stage, outputs, function, ids, *inputs)

    def _run(self, stage: str, outputs: list[str], function: Callable, ids: set[str], *inputs: Any) -> tuple:

        def call(subset: set[str]) -> tuple:
            result = function(*(_only(data, subset) for data in inputs))
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
                self.errors.append(stage_error(self.files[article_id], stage, error))
        try:
            return call(good)
        except Exception as error:  # noqa: BLE001
            self.errors.append(stage_error("", stage, error))
            return tuple(empty(name) for name in outputs)


class Cache(Protocol):
    """Where per-article stage rows are kept between builds (``build.stage_cache``)."""

    def get(self, key: str) -> Any: ...

    def put(self, key: str, value: Any) -> None: ...


def _row_hashes(frame: pd.DataFrame) -> dict[str, str]:
    """A hash of each article's rows of ``frame``: equal hashes, equal input for that article."""
    values = pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy()
    digests: dict[str, Any] = {}
    for article_id, value in zip(frame[Col.ARTICLE_ID].to_numpy(), values, strict=True):
        digests.setdefault(article_id, hashlib.sha256()).update(value.tobytes())
    return {article_id: digest.hexdigest() for article_id, digest in digests.items()}


def _in_parallel(function: Callable[..., pd.DataFrame], pool: Executor | None) -> Callable:
    """``function(articles, *frames)`` over contiguous chunks of the articles in ``pool``'s processes
    (same rows, same order), or in this process for a small corpus, no pool, or a function that
    cannot be sent to another process."""

    def run(articles: pd.DataFrame, *frames: pd.DataFrame) -> pd.DataFrame:
        ids = list(articles[Col.ARTICLE_ID])
        if pool is None or len(ids) < PARALLEL_MIN_ARTICLES:
            return function(articles, *frames)
        try:
            pickle.dumps(function)
        except (pickle.PicklingError, AttributeError, TypeError):
            return function(articles, *frames)
        size = -(-len(ids) // CHUNKS)
        chunks = [set(ids[lo : lo + size]) for lo in range(0, len(ids), size)]
        try:
            futures = [
                pool.submit(function, *(_only(f, chunk) for f in (articles, *frames))) for chunk in chunks
            ]
            return pd.concat([future.result() for future in futures], ignore_index=True)
        except BrokenProcessPool:  # a worker died: the stage still runs, here
            return function(articles, *frames)

    return run


def cached_parts(
    stage: str,
    compute: Callable[..., dict[str, Any]],
    cache: Cache | None,
    articles: pd.DataFrame,
    *frames: pd.DataFrame,
) -> dict[str, Any]:
    """``compute(articles, *frames)`` -> {article_id: part} (each part a function of that article's
    rows alone), computed only for the articles whose rows changed; the others' parts from ``cache``."""
    if cache is None:
        return compute(articles, *frames)
    hashes = [_row_hashes(frame) for frame in (articles, *frames)]
    keys = {
        article_id: hashlib.sha256(f"{stage} {[h.get(article_id) for h in hashes]}".encode()).hexdigest()
        for article_id in articles[Col.ARTICLE_ID]
    }
    parts = {article_id: cache.get(key) for article_id, key in keys.items()}
    missing = {article_id for article_id, part in parts.items() if part is None}
    if missing:
        fresh = compute(*(_only(frame, missing) for frame in (articles, *frames)))
        for article_id in missing:
            parts[article_id] = fresh[article_id]
            cache.put(keys[article_id], fresh[article_id])
    return parts


def per_article(
    stage: str, function: Callable[..., pd.DataFrame], cache: Cache | None, pool: Executor | None = None
) -> Callable:
    """``function(articles, *frames)`` (a stage whose rows for an article depend on that article's
    rows alone) computed only for articles whose input changed, in ``pool``'s processes when there
    are many; the others' rows come from ``cache``. Output is in the order the stage gives: article
    by article, as in ``articles``."""
    compute = _in_parallel(function, pool)

    def by_article(articles: pd.DataFrame, *frames: pd.DataFrame) -> dict[str, pd.DataFrame]:
        fresh = compute(articles, *frames)
        groups = dict(list(fresh.groupby(Col.ARTICLE_ID, sort=False)))
        return {a: groups.get(a, fresh.iloc[:0]).reset_index(drop=True) for a in articles[Col.ARTICLE_ID]}

    def run(articles: pd.DataFrame, *frames: pd.DataFrame) -> pd.DataFrame:
        if cache is None:
            return compute(articles, *frames)
        parts = cached_parts(stage, by_article, cache, articles, *frames)
        found = [parts[article_id] for article_id in articles[Col.ARTICLE_ID] if len(parts[article_id])]
        if not found:  # the stage's own empty table, with its column types
            return function(*(frame.iloc[:0] for frame in (articles, *frames)))
        return pd.concat(found, ignore_index=True)

    return run


def entity_tables(cache: Cache | None) -> Callable:
    """Entity merging with its per-article part (spans, repairs, normal forms) cached per article:
    only the merge over the corpus runs for articles already seen."""

    def run(articles: pd.DataFrame, tokens: pd.DataFrame, raw_mentions: pd.DataFrame) -> tuple:
        parts = cached_parts(ENTITIES, entities.article_parts, cache, articles, tokens, raw_mentions)
        return entities.merge_corpus(articles, raw_mentions, parts)

    return run


def quantities_of(cache: Cache | None) -> quantity_claims.Parse:
    """An article's quantities (``quantity_claims.article_quantities``, the costly part of the
    claims), kept in ``cache`` under a hash of the article's prose sentences and tokens: the claims
    are a corpus stage, but a build that adds an article parses only that article's sentences."""

    def parse(document: Document) -> dict:
        if cache is None:
            return quantity_claims.article_quantities(document)
        prose = [(s.sentence_id, s.start, s.text, s.tokens) for s in document.prose]
        key = hashlib.sha256(f"quantities {document.article_id} {prose!r}".encode()).hexdigest()
        found = cache.get(key)
        if found is None:
            found = quantity_claims.article_quantities(document)
            cache.put(key, found)
        return found

    return parse


def run_stages(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    tokens: pd.DataFrame,
    raw_mentions: pd.DataFrame,
    cache: Cache | None = None,
    pool: Executor | None = None,
    story: StoryPack | None = None,
    seconds: dict[str, float] | None = None,
) -> tuple[dict[str, pd.DataFrame], list[dict[str, str]]]:
    """Every table from the engine's output, and the errors of the articles a stage failed on.

    Entities, dates, citations, quotes, roles and claims are read from Russian text only; articles
    in other languages keep their text, sentences and alignments. With a ``cache``, per-article
    stages recompute only the articles whose input changed; with a ``pool``, in its processes. The
    ``story`` pack, when the corpus has one, gives the roles and the pack's claims their words.
    ``seconds``, when given, gets each stage's CPU seconds by stage name."""
    stages = Stages(articles, seconds)
    every = set(articles[Col.ARTICLE_ID])
    russian = set(articles.loc[articles[Col.LANGUAGE] == "ru", Col.ARTICLE_ID])
    mentions, entity_table = stages.run(
        ENTITIES, [MENTIONS, ENTITIES], entity_tables(cache), russian, articles, tokens, raw_mentions
    )
    with clocked(seconds, "documents"):
        documents: dict[str, Document] = build_documents(articles, sentences, tokens, mentions)
    dates_of = per_article(DATES, timeline.extract_dates, cache, pool)
    (dates,) = stages.run(DATES, [DATES], dates_of, russian, articles, sentences)
    events, event_clusters = stages.run(
        "events", [EVENTS, EVENT_CLUSTERS], timeline.build_events, every, articles, sentences, dates, mentions
    )
    (citation_table,) = stages.run(
        "citations", [CITATIONS], citations.extract_citations, russian, documents, articles, entity_table
    )
    (quotes,) = stages.run(
        "quotes", [QUOTES], citations.extract_quotes, russian, documents, articles, entity_table
    )
    alignments, similarity, elements = stages.run(
        "alignments", [ALIGNMENTS, SIMILARITY, ELEMENTS], compare.align_articles, every, documents
    )
    (role_table,) = stages.run(
        "roles", [ROLES], roles.extract_roles, russian, documents, entity_table, dates, story
    )
    (claim_table,) = stages.run(
        "claims",
        [CLAIMS],
        partial(discrepancies.every_claim, alignments=alignments, parse=quantities_of(cache)),
        russian,
        documents,
        entity_table,
        dates,
        role_table,
        story,
    )
    (contradictions,) = stages.run(
        "contradictions", [CONTRADICTIONS], discrepancies.find_discrepancies, every, claim_table, alignments
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
        ROLES: role_table,
        CLAIMS: claim_table,
        CONTRADICTIONS: contradictions,
    }
    return tables, stages.errors
