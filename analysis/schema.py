"""Every table StoryLens writes to ``data/``, and every column, documented in one place.

The analysis stages and the dashboard import table names from here (``ARTICLES``,
``MENTIONS``...) instead of spelling them again. ``validate`` checks that a frame has the
documented columns, so a stale or hand-edited ``data/`` fails loudly and early.

Offsets (``start``/``end``) are always character offsets into the article's ``raw_text`` (the file
as decoded, newlines untranslated), so any item can be shown in its sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Table:
    name: str
    doc: str
    columns: dict[str, str]  # column name -> description

    @property
    def file(self) -> str:
        return f"{self.name}.parquet"


ARTICLES = "articles"
SENTENCES = "sentences"
TOKENS = "tokens"
MENTIONS = "mentions"
ENTITIES = "entities"
DATES = "dates"
EVENTS = "events"
EVENT_CLUSTERS = "event_clusters"
CITATIONS = "citations"
QUOTES = "quotes"
ALIGNMENTS = "alignments"
SIMILARITY = "similarity"
ELEMENTS = "elements"
CLAIMS = "claims"
CONTRADICTIONS = "contradictions"
SIGNATORIES = "signatories"

MANIFEST = "manifest.json"
# Every key of manifest.json, documented once (a test checks a written manifest against it).
MANIFEST_KEYS = {
    "engine": "NLP engine that produced the tables (`natasha` or `stanza`).",
    "engine_version": "Its package version.",
    "package_version": "StoryLens version (`analysis.__version__`).",
    "corpus": "Name of the main corpus folder.",
    "corpus_hash": "Hash of every article's bytes and sources.csv: equal hashes mean the same input.",
    "input_hash": "Hash of every input of the build (corpus files, analysis code, engine and version, size "
    "limit): a build whose inputs hash the same is skipped as up to date.",
    "created": "When the build finished (UTC, ISO 8601).",
    "skipped": "Files that could not be used at all: `[{file, reason}]`; the reason names the fix.",
    "errors": "Articles a stage failed on: `[{file, stage, type, message}]`; the rest of the corpus was "
    "built and the article lacks only that stage's rows (`annotate`: the whole article). `file` is "
    "empty when a corpus-level stage failed as a whole.",
    "notices": "Files that were read with something the user should know: `[{file, message}]` "
    "(decoded from another encoding, text extracted from HTML, a header date ignored, not Russian).",
    "tables": "Rows per table.",
}
# Written by `python -m analysis eval ner --save data/quality.json`; kept across rebuilds.
QUALITY = "quality.json"

_LOC = {
    "article_id": "Article the row comes from (file stem).",
    "sentence_id": "Sentence within the article (0-based, see `sentences`).",
    "start": "Start offset in the article's raw text.",
    "end": "End offset (exclusive) in the article's raw text.",
}

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            ARTICLES,
            "One row per article file.",
            {
                "article_id": "File stem, e.g. `000_2889c3e23c9954a7`.",
                "file": "File name inside the corpus folder.",
                "title": "First sentence of the body, trimmed.",
                "outlet": "Publishing outlet, or empty when unknown.",
                "outlet_source": "Where `outlet` comes from: `sources.csv`, `inferred` or `unknown`.",
                "outlet_evidence": "The text that supports an inferred outlet (empty otherwise).",
                "url": "Article URL from sources.csv (may be empty).",
                "language": "ISO 639-1 language code.",
                "language_source": "`sources.csv` or `detected`.",
                "published": "Publication date (ISO `YYYY-MM-DD`), empty when unknown.",
                "published_source": "`header`, `sources.csv`, `html` (the saved page's markup) or `missing`.",
                "raw_text": "The article's full text: the file decoded (UTF-8, or the encoding detected, "
                "without a BOM; line ends kept), or the article text extracted from a saved web page. "
                "Every offset points into it.",
                "body_start": "Offset where the body starts (after the date header).",
                "body_end": "Offset where the body ends.",
                "n_sentences": "Number of sentences, boilerplate included.",
                "n_chars": "Length of the body in characters.",
                "sha256": "Hash of the file's bytes.",
            },
        ),
        Table(
            SENTENCES,
            "Sentences of every article, boilerplate lines included (flagged) so viewers can show them.",
            {
                **_LOC,
                "paragraph_id": "Line-separated paragraph the sentence belongs to (0-based).",
                "text": "Sentence text, exactly raw_text[start:end].",
                "boilerplate": "Kind of boilerplate (`photo_credit`, `widget`, `heading`), empty for prose.",
            },
        ),
        Table(
            TOKENS,
            "Tokens of prose sentences with lemma and part of speech from the engine.",
            {
                **_LOC,
                "token_id": "Token within the sentence (0-based).",
                "text": "Token text.",
                "lemma": "Lemma (lower case).",
                "pos": "Universal POS tag.",
                "feats": "Universal morphological features.",
            },
        ),
        Table(
            MENTIONS,
            "Every named-entity mention, linked to its canonical entity.",
            {
                **_LOC,
                "text": "Mention text, exactly raw_text[start:end].",
                "type": "PER, ORG, LOC or MISC.",
                "entity_id": "Canonical entity (see `entities`).",
                "normal": "The mention put in the nominative case.",
            },
        ),
        Table(
            ENTITIES,
            "Canonical entities merged across the corpus.",
            {
                "entity_id": "Stable id derived from type and canonical name.",
                "name": "Canonical name in the nominative (Russian).",
                "name_en": "English display name (country name or transliteration).",
                "type": "PER, ORG, LOC or MISC.",
                "iso3": "ISO 3166-1 alpha-3 code of the country this entity is or stands for.",
                "country_entity_id": "For a capital used for its country (Астана), that country's entity_id.",
                "aliases": "Every distinct surface form seen in the corpus.",
                "n_mentions": "Number of mentions.",
                "n_articles": "Number of articles mentioning it.",
            },
        ),
        Table(
            DATES,
            "Temporal expressions, normalised against publication dates and discourse.",
            {
                **_LOC,
                "text": "Expression text, exactly raw_text[start:end].",
                "kind": "`date`, `range`, `duration`, `set` ...",
                "value": "TIMEX3-style value: `2025-11-07`, `2025-11-05/2025-11-06`, `2020/2021`, `P30Y`.",
                "mod": "TIMEX3 modifier (`START`, `MID`, `END`, `MORE_THAN`...), empty when none.",
                "start_date": "First day of the interval (ISO date), empty when unresolved.",
                "end_date": "Last day of the interval (ISO date), empty when unresolved.",
                "granularity": "`day`, `month`, `year`, `century`...",
                "anchor": "`absolute`, `publication` or `discourse`.",
                "resolved": "Whether start_date/end_date could be computed.",
                "reason": "Why an expression is unresolved (empty when resolved).",
            },
        ),
        Table(
            EVENTS,
            "Dated clauses: one row per event as one article reports it.",
            {
                **_LOC,
                "event_id": "Event id.",
                "cluster_id": "Cross-source cluster the event belongs to (see `event_clusters`).",
                "label": "Short label taken from the clause.",
                "start_date": "First day of the interval.",
                "end_date": "Last day of the interval.",
                "granularity": "`day`, `month` or `year`.",
                "entity_ids": "Entities mentioned in the clause.",
                "kind": "`reported` (from text) or `publication`.",
            },
        ),
        Table(
            EVENT_CLUSTERS,
            "Events from different articles that report the same happening.",
            {
                "cluster_id": "Cluster id.",
                "label": "Representative label.",
                "start_date": "Earliest start among members.",
                "end_date": "Latest end among members.",
                "article_ids": "Articles reporting it.",
                "n_sources": "Number of distinct articles.",
            },
        ),
        Table(
            CITATIONS,
            "Who each article attributes information to: one row per attribution construction.",
            {
                **_LOC,
                "source": "Canonical name of the cited source.",
                "source_entity_id": "Entity id of the cited source, empty if not an entity.",
                "kind": "`media`, `official`, `social_platform` or `person`.",
                "cue": "The attribution construction that matched (e.g. `сообщает`).",
                "evidence": "The sentence text.",
            },
        ),
        Table(
            QUOTES,
            "Direct quotations with their resolved speaker.",
            {
                **_LOC,
                "text": "Quotation text without the quote marks.",
                "speaker": "Canonical name of the speaker, empty when unresolved.",
                "speaker_entity_id": "Entity id of the speaker, empty when unresolved.",
                "quote_group": "Group id (`q0`...): the same quotation, even slightly reworded, shares one.",
            },
        ),
        Table(
            ALIGNMENTS,
            "Sentence pairs from two articles that say the same thing, each pair once (article_a < article_b). "
            "A prose sentence on neither side of any row is unique to its article "
            "(`analysis.compare.unique_sentences`).",
            {
                "article_a": "First article.",
                "sentence_a": "Sentence in the first article.",
                "article_b": "Second article.",
                "sentence_b": "Sentence in the second article.",
                "score": "Similarity in [0, 1].",
                "kind": "`verbatim`, `near_verbatim` or `paraphrase`.",
                "element_id": "Story element (cluster of aligned sentences) the pair belongs to.",
            },
        ),
        Table(
            SIMILARITY,
            "Article x article similarity: each article with itself (score 1) and both orders of "
            "every pair scoring at or above a threshold (analysis.compare.SIMILARITY_THRESHOLD, "
            "0.2); a pair not listed scores below it (read it as 0).",
            {
                "article_a": "First article.",
                "article_b": "Second article.",
                "score": "Similarity in [0, 1], at or above the threshold (1 for an article with itself).",
            },
        ),
        Table(
            ELEMENTS,
            "Story elements: each sentence that belongs to a cluster of aligned sentences "
            "(a sentence retelling two facts belongs to two elements).",
            {
                "element_id": "Story element id.",
                "label": "Representative sentence, trimmed.",
                "article_id": "Article covering the element.",
                "sentence_id": "Its sentence.",
            },
        ),
        Table(
            CLAIMS,
            "Statements that attach a year, date, number or status to an entity.",
            {
                **_LOC,
                "claim_id": "Claim id.",
                "subject": "Canonical name of the subject entity.",
                "subject_entity_id": "Subject entity id.",
                "attribute": "What is claimed: `accords_role`, `<role>_year` (`signatory_year`...), `accords_span`.",
                "value": "The claimed value.",
                "text": "The sentence text.",
            },
        ),
        Table(
            CONTRADICTIONS,
            "Claims that sources contradict: one row per claim in conflict.",
            {
                **_LOC,
                "contradiction_id": "Conflict id (`<attribute>:<subject_entity_id>`); rows sharing it disagree.",
                "subject": "Canonical name of the subject entity.",
                "subject_entity_id": "Subject entity id.",
                "attribute": "What is disputed.",
                "value": "The value this article claims.",
                "text": "The sentence text.",
            },
        ),
        Table(
            SIGNATORIES,
            "Each country's role in the story's agreement: one row per article, country and role.",
            {
                **_LOC,
                "country": "Canonical country name.",
                "entity_id": "Country entity id.",
                "iso3": "ISO 3166-1 alpha-3.",
                "role": "`signatory`, `mediator`, `prospective`, `prior_treaty` or `incomplete`.",
                "year": "Year stated in the text, empty when none.",
                "evidence": "The sentence text.",
                "contested": "True when articles disagree on this country's role or year.",
                "reference_role": "Role in the reference table, empty when not listed.",
                "differs_from_reference": "True when this article's role or year differs from the record.",
            },
        ),
    ]
}


class SchemaError(ValueError):
    """A table does not have the documented columns."""


def validate(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Check that ``frame`` has exactly the documented columns of table ``name``, in order."""
    expected = list(TABLES[name].columns)
    actual = list(frame.columns)
    if actual != expected:
        missing = [c for c in expected if c not in actual]
        extra = [c for c in actual if c not in expected]
        raise SchemaError(
            f"table {name!r}: columns differ from analysis/schema.py "
            f"(missing {missing}, unexpected {extra}); rebuild with `python -m analysis build`"
        )
    return frame


def empty(name: str) -> pd.DataFrame:
    """An empty frame with the documented columns of table ``name``."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in TABLES[name].columns})
