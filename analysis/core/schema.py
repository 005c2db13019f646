"""Every table StoryLens writes to ``data/``, and every column, documented in one place.

The analysis stages and the dashboard import table names from here (``ARTICLES``,
``MENTIONS``...) instead of spelling them again. ``validate`` checks that a frame has the
documented columns, so a stale or hand-edited ``data/`` fails loudly and early.

Offsets (``start``/``end``) are always character offsets into the article's ``raw_text`` (the file
as decoded, newlines untranslated), so any item can be shown in its sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.core.columns import Col


@dataclass(frozen=True)
class Filtering:
    """How the dashboard narrows a table to the sidebar's selection. Sources and the date range select
    articles (by outlet and publication date, undated ones kept) and chosen entities the articles that
    mention one; then each field narrows the rows as it says, and a field left empty narrows nothing."""

    articles: tuple[str, ...] = ()  # columns of article ids: a row stays while each names a selected article
    # With entities chosen, a row stays when a column of ``entities`` (an entity id, or a list of them)
    # names one, or, with ``in_sentence``, when it is stated in a sentence that mentions one; rows sharing
    # the value of ``group`` stay or go together. A table with none of the three keeps its rows.
    entities: tuple[str, ...] = ()
    in_sentence: bool = False
    group: str = ""
    types: str = ""  # what the entity-type filter reads: a type column, or one of ``entities`` (their types)
    dates: tuple[str, ...] = ()  # a row's first and last day: the rows overlapping the date range stay
    follows: tuple[str, ...] = ()  # (table, column): rows whose value is among that table's kept rows stay
    recount: bool = False  # n_mentions and n_articles counted again over the followed table's kept rows


@dataclass(frozen=True)
class Table:
    name: str
    doc: str
    columns: dict[str, str]  # column name -> description
    filtering: Filtering  # how the dashboard narrows it to a selection

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
COPIES = "copies"
ALIGNMENTS = "alignments"
SIMILARITY = "similarity"
ELEMENTS = "elements"
CLAIMS = "claims"
CONTRADICTIONS = "contradictions"
ROLES = "roles"
CORRECTIONS = "corrections"

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
    "metadata": "A publication date or URL host every article shares (a crawl's): `core.metadata.MetadataCheck`"
    " as `{n_articles, shared_date, n_dated, shared_host, n_urls, n_outlets, outlets_known, warnings}`.",
    "story": "The story pack the build read (`story.toml` beside the corpus): `{name, summary, key, "
    "agreement, roles: [{code, label, colour, description}]}`; `{}` when the corpus has none.",
}
# Written by `python -m analysis eval ner --save data/quality.json`; kept across rebuilds.
QUALITY = "quality.json"


_LOC = {
    Col.ARTICLE_ID: "Article the row comes from (file stem).",
    Col.SENTENCE_ID: "Sentence within the article (0-based, see `sentences`).",
    Col.START: "Start offset in the article's raw text.",
    Col.END: "End offset (exclusive) in the article's raw text.",
}

_BY_ARTICLE = (Col.ARTICLE_ID,)
_IN_ARTICLES = Filtering(_BY_ARTICLE)  # narrowed to the selected articles only
_INTERVAL = (Col.START_DATE, Col.END_DATE)

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            ARTICLES,
            "One row per article file.",
            {
                Col.ARTICLE_ID: "File stem, e.g. `000_2889c3e23c9954a7`.",
                Col.FILE: "File name inside the corpus folder.",
                Col.TITLE: "First sentence of the body, trimmed.",
                Col.OUTLET: "Publishing outlet, or empty when unknown.",
                Col.OUTLET_SOURCE: "Where `outlet` comes from: `sources.csv`, `inferred` or `unknown`.",
                Col.OUTLET_EVIDENCE: "The text that supports an inferred outlet (empty otherwise).",
                Col.URL: "Article URL from sources.csv (may be empty).",
                Col.LANGUAGE: "ISO 639-1 language code.",
                Col.LANGUAGE_SOURCE: "`sources.csv` or `detected`.",
                Col.PUBLISHED: "Publication date (ISO `YYYY-MM-DD`), empty when unknown.",
                Col.PUBLISHED_SOURCE: "`header`, `sources.csv`, `html` (page markup), `missing`, `shared` (by all).",
                Col.RAW_TEXT: "The article's full text: the file decoded (UTF-8, or the encoding detected, "
                "without a BOM; line ends kept), or the article text extracted from a saved web page. "
                "Every offset points into it.",
                Col.BODY_START: "Offset where the body starts (after the date header).",
                Col.BODY_END: "Offset where the body ends.",
                Col.N_SENTENCES: "Number of sentences, boilerplate included.",
                Col.N_CHARS: "Length of the body in characters.",
                Col.SHA256: "Hash of the file's bytes.",
            },
            _IN_ARTICLES,
        ),
        Table(
            SENTENCES,
            "Sentences of every article, boilerplate lines included (flagged) so viewers can show them.",
            {
                **_LOC,
                Col.PARAGRAPH_ID: "Line-separated paragraph the sentence belongs to (0-based).",
                Col.TEXT: "Sentence text, exactly raw_text[start:end].",
                Col.BOILERPLATE: "`photo_credit`, `widget`, `heading`, `repeated`, `footer`; empty for prose.",
                Col.REASON: "Why text no stage reads is `repeated` (`in 48 of 83 articles`) or a `footer`.",
            },
            _IN_ARTICLES,
        ),
        Table(
            TOKENS,
            "Tokens of prose sentences with lemma and part of speech from the engine.",
            {
                **_LOC,
                Col.TOKEN_ID: "Token within the sentence (0-based).",
                Col.TEXT: "Token text.",
                Col.LEMMA: "Lemma (lower case).",
                Col.POS: "Universal POS tag.",
                Col.FEATS: "Universal morphological features.",
            },
            _IN_ARTICLES,
        ),
        Table(
            MENTIONS,
            "Every named-entity mention, linked to its canonical entity.",
            {
                **_LOC,
                Col.TEXT: "Mention text, exactly raw_text[start:end].",
                Col.TYPE: "PER, ORG, LOC or MISC.",
                Col.ENTITY_ID: "Canonical entity (see `entities`).",
                Col.NORMAL: "The mention put in the nominative case.",
                Col.MENTION_FORM: "How the text names the entity: `name` (any form of a name), or `adjective` "
                '(the lower-case adjective of a place, "российские власти" for Russia: its normal is the place\'s '
                "name, and it is never one of the entity's aliases).",
            },
            Filtering(_BY_ARTICLE, types=Col.TYPE),
        ),
        Table(
            ENTITIES,
            "Canonical entities merged across the corpus.",
            {
                Col.ENTITY_ID: "Stable id derived from type and English name (`entity_id_for`).",
                Col.NAME: "Canonical name in the nominative (Russian).",
                Col.NAME_EN: "English display name (country name or transliteration).",
                Col.NAME_EN_SOURCE: "Where the English name comes from: `pack` (the story pack's [names]), "
                "`corpus` (a Latin spelling the corpus writes), `cldr` (a country, region or union), `geonames` "
                "(a city), `subdivision` (a state or province, ISO 3166-2), `names` (a person's name, each word "
                "from the Wikidata name list), `glossary` (an institution's name translated), `transliteration` "
                "(a guess), `analyst` (the analyst's correction).",
                Col.TYPE: "PER, ORG, LOC or MISC.",
                Col.ISO3: "ISO 3166-1 alpha-3 code of the country this entity is or stands for.",
                Col.LATITUDE: "A city's latitude (GeoNames), empty for other entities.",
                Col.LONGITUDE: "A city's longitude (GeoNames), empty for other entities.",
                Col.COUNTRY_ENTITY_ID: "For a capital used for its country (Астана), that country's entity_id.",
                Col.ALIASES: "Every distinct surface form seen in the corpus.",
                Col.N_MENTIONS: "Number of mentions.",
                Col.N_ARTICLES: "Number of articles mentioning it.",
            },
            Filtering(types=Col.TYPE, follows=(MENTIONS, Col.ENTITY_ID), recount=True),
        ),
        Table(
            DATES,
            "Temporal expressions, normalised against publication dates and discourse.",
            {
                **_LOC,
                Col.TEXT: "Expression text, exactly raw_text[start:end].",
                Col.KIND: "`date`, `range`, `duration`, `set` ...",
                Col.VALUE: "TIMEX3-style value: `2025-11-07`, `2025-11-05/2025-11-06`, `2020/2021`, `P30Y`.",
                Col.MOD: "TIMEX3 modifier (`START`, `MID`, `END`, `MORE_THAN`...), empty when none.",
                Col.START_DATE: "First day of the interval (ISO date), empty when unresolved.",
                Col.END_DATE: "Last day of the interval (ISO date), empty when unresolved.",
                Col.GRANULARITY: "`day`, `month`, `year`, `century`...",
                Col.ANCHOR: "`absolute`, `publication` or `discourse`.",
                Col.RESOLVED: "Whether start_date/end_date could be computed.",
                Col.REASON: "Why an expression is unresolved (empty when resolved).",
            },
            Filtering(_BY_ARTICLE, in_sentence=True, dates=_INTERVAL),
        ),
        Table(
            EVENTS,
            "Dated clauses: one row per event as one article reports it.",
            {
                **_LOC,
                Col.EVENT_ID: "Event id.",
                Col.CLUSTER_ID: "Cross-source cluster the event belongs to (see `event_clusters`).",
                Col.LABEL: "Short label taken from the clause.",
                Col.START_DATE: "First day of the interval.",
                Col.END_DATE: "Last day of the interval.",
                Col.GRANULARITY: "`day`, `month` or `year`.",
                Col.ENTITY_IDS: "Entities mentioned in the clause.",
                Col.KIND: "`reported` (from text) or `publication`.",
            },
            Filtering(_BY_ARTICLE, entities=(Col.ENTITY_IDS,), types=Col.ENTITY_IDS, dates=_INTERVAL),
        ),
        Table(
            EVENT_CLUSTERS,
            "Events from different articles that report the same happening.",
            {
                Col.CLUSTER_ID: "Cluster id.",
                Col.LABEL: "Its most representative member's label (the wording closest to the others').",
                Col.START_DATE: "Start of the interval most of its articles give.",
                Col.END_DATE: "End of the interval most of its articles give.",
                Col.EARLIEST: "Earliest start a member of the same precision gives (before start_date: "
                "sources disagree).",
                Col.LATEST: "Latest end a member of the same precision gives (after end_date: sources disagree).",
                Col.ARTICLE_IDS: "Articles reporting it.",
                Col.N_SOURCES: "Number of distinct articles.",
            },
            Filtering(follows=(EVENTS, Col.CLUSTER_ID)),
        ),
        Table(
            CITATIONS,
            "Who each article attributes information to: one row per attribution construction.",
            {
                **_LOC,
                Col.SOURCE: "Canonical name of the cited source.",
                Col.SOURCE_ENTITY_ID: "Entity id of the cited source, empty if not an entity.",
                Col.KIND: "`media`, `official`, `social_platform` or `person`.",
                Col.CUE: "The attribution construction that matched (e.g. `сообщает`).",
                Col.EVIDENCE: "The sentence text.",
            },
            Filtering(_BY_ARTICLE, entities=(Col.SOURCE_ENTITY_ID,), in_sentence=True),
        ),
        Table(
            QUOTES,
            "Direct quotations with their resolved speaker.",
            {
                **_LOC,
                Col.TEXT: "Quotation text without the quote marks.",
                Col.SPEAKER: "Canonical name of the speaker, empty when unresolved.",
                Col.SPEAKER_ENTITY_ID: "Entity id of the speaker, empty when unresolved.",
                Col.QUOTE_GROUP: "Group id (`q0`...): the same quotation, even slightly reworded, shares one.",
            },
            Filtering(_BY_ARTICLE, entities=(Col.SPEAKER_ENTITY_ID,), in_sentence=True),
        ),
        Table(
            COPIES,
            "Sentences printed in more than one article, verbatim or nearly: one row per copy, grouped "
            "(`copy_group`) with the group's first publisher and whether each repeat names it.",
            {
                Col.COPY_GROUP: "Copy group id (`c0`...), numbered in the order of the groups' first publication.",
                Col.ARTICLE_ID: "Article the copy is in (file stem).",
                Col.SENTENCE_ID: "Sentence within the article (0-based, see `sentences`).",
                Col.KIND: "`first` on the first publisher's sentence; a repeat is `verbatim` (the same text up to "
                "case, ё, quotes, dashes and spaces: `alignments` lets the first stand for it) or `near_verbatim` "
                "(a few words changed) against it.",
                Col.FIRST: "True on the first publisher's sentence: the earliest published article of the group "
                "(several on that date: the first of them by article id; an undated copy: the earliest dated one, "
                "or the first by article id when none is dated; see `origin`).",
                Col.ORIGIN: "How the first publisher is known, the same on every row of a group: `earliest` (one "
                "article published first), `tie` (several on the earliest date) or `undated` (a copy has no "
                "publication date, so an earlier one may exist).",
                Col.ATTRIBUTED: "On a repeat: `first` (its article cites the first publisher's outlet), `other` "
                "(it cites another outlet, not the first), `none` (it cites no outlet); empty on the first.",
            },
            Filtering(_BY_ARTICLE, in_sentence=True),
        ),
        Table(
            ALIGNMENTS,
            "Sentence pairs from two articles that say the same thing, each copy group aligned once: a row "
            "whose side is a copy group's first sentence (`copies.first`) stands also for the group's "
            "`verbatim` copies, and every other copy of a group has one row with its first (its score and "
            "kind against it), so a sentence printed k times costs k rows, not k². Each row once, "
            "(article_a, sentence_a) < (article_b, sentence_b); a row standing for copies may pair a first "
            "with a sentence of its own article. Every aligned pair of two articles, as the table listed "
            "them before copies: `analysis.core.aligned.article_pair` (two articles), `sentence_pairs` (all), "
            "`aligned_pairs` (those retelling one fact). A prose sentence on neither side of any row is unique "
            "to its article (`analysis.core.aligned.unique_sentences`).",
            {
                Col.ARTICLE_A: "First article.",
                Col.SENTENCE_A: "Sentence in the first article.",
                Col.ARTICLE_B: "Second article.",
                Col.SENTENCE_B: "Sentence in the second article.",
                Col.SCORE: "Similarity in [0, 1] (a row with a copy group's first: the copy's against it).",
                Col.KIND: "`verbatim`, `near_verbatim` or `paraphrase`.",
                Col.ELEMENT_ID: "Story element (cluster of aligned sentences) the pair belongs to.",
            },
            Filtering((Col.ARTICLE_A, Col.ARTICLE_B)),
        ),
        Table(
            SIMILARITY,
            "Article x article similarity: each article with itself (score 1) and both orders of "
            "every pair scoring at or above a threshold (analysis.compare.SIMILARITY_THRESHOLD, "
            "0.2); a pair not listed scores below it (read it as 0).",
            {
                Col.ARTICLE_A: "First article.",
                Col.ARTICLE_B: "Second article.",
                Col.SCORE: "Similarity in [0, 1], at or above the threshold (1 for an article with itself).",
            },
            Filtering((Col.ARTICLE_A, Col.ARTICLE_B)),
        ),
        Table(
            ELEMENTS,
            "Story elements: each sentence that belongs to a cluster of aligned sentences "
            "(a sentence retelling two facts belongs to two elements).",
            {
                Col.ELEMENT_ID: "Story element id.",
                Col.LABEL: "Representative sentence, trimmed.",
                Col.ARTICLE_ID: "Article covering the element.",
                Col.SENTENCE_ID: "Its sentence.",
            },
            _IN_ARTICLES,
        ),
        Table(
            CLAIMS,
            "What each sentence states about an entity: a quantity, a date, a role or a span, with the "
            "value read as an interval so claims of different precision can be compared.",
            {
                **_LOC,
                Col.CLAIM_ID: "Claim id.",
                Col.KIND: "`quantity`, `date`, `role` (story pack: a role or its year) or `span` (the agreement's years).",
                Col.SUBJECT: "Canonical name of the subject entity; for a quantity about no entity whose clause "
                "names its own date, the lemma of the clause's subject noun (`забастовка`).",
                Col.SUBJECT_ENTITY_ID: "Subject entity id; empty for a claim about no entity.",
                Col.ATTRIBUTE: "What is claimed, as a stable key: `quantity:<predicate stem>:<counted noun or "
                "dimension>[~<noun or entity id naming it>...][/<rate period>][@<place ids>]` (about no entity: "
                "`quantity:<subject noun> <predicate stem>:...`; a standing count of places: predicate `в`), "
                "`quantity:возраст:year`, `date:<predicate stem>`, `<pack key>_role`, `<role>_year`, "
                "`<pack key>_span`. Claims sharing subject, attribute and moment are about the same thing; "
                "quantity claims of aligned sentences that differ only in their predicate share the group's "
                "most frequent attribute.",
                Col.MEASURE: "The attribute in words for the reader (`стоимость · money`, `role`).",
                Col.MOMENT: "When the figure holds: the day, month or year its clause names, else for an event "
                "the ISO week its article was published (`2018-W39`); a person's age the year of publication; "
                "empty for a standing figure (a state, a copula, a role); `unknown` for an event no date places.",
                Col.MODALITY: "How the figure is stated: `expected` (future, plan, forecast, possibility, or a "
                "moment after the publication), `announced` (an action announced by a noun), empty for done "
                "or standing.",
                Col.VALUE: "The claimed value as the text writes it (`более 1200 км`, `2020–2021`, a role code).",
                Col.LOW: "Lowest value the claim admits, in `unit` (NaN for roles; -inf when unbounded).",
                Col.HIGH: "Highest value the claim admits, in `unit` (NaN for roles; inf when unbounded).",
                Col.UNIT: "Unit of low/high (`EUR`, `km`, `%`, a counted noun's lemma, `year`, `day`); empty for roles.",
                Col.QUALIFIER: "`exact`, `more`, `less`, `approx` or `range` as the text qualifies the value.",
                Col.VALUE_START: "Start offset of the value in the article's raw text.",
                Col.VALUE_END: "End offset (exclusive) of the value.",
                Col.TEXT: "The sentence text.",
            },
            Filtering(_BY_ARTICLE, entities=(Col.SUBJECT_ENTITY_ID,), in_sentence=True),
        ),
        Table(
            CONTRADICTIONS,
            "Discrepancies between sources: claims of the same measure of the same thing (subject entity or "
            "noun, attribute) at the same moment whose values cannot all be true, from at least two sources "
            "(outlets where known, else articles). One row per claim in the group, every source with its value, "
            "sentence and moment.",
            {
                **_LOC,
                Col.CONTRADICTION_ID: "Discrepancy id (`<attribute>[#<week, month or year>]:<subject_entity_id>`); "
                "rows sharing it disagree.",
                Col.RANK: "1 for the discrepancy most worth reading (contradictions before updates, more "
                "sources in conflict, an entity's measure, wider disagreement, aligned sentences), then 2...; "
                "equal within a discrepancy.",
                Col.RELATION: "`contradiction` (sources disagree about one moment) or `update` (an expected "
                "or interim figure, then another: the figure's timeline).",
                Col.KIND: "Kind of the claims (see `claims`).",
                Col.SUBJECT: "Canonical name of the subject entity (see `claims`).",
                Col.SUBJECT_ENTITY_ID: "Subject entity id; empty for claims about no entity.",
                Col.ATTRIBUTE: "What is disputed (see `claims`).",
                Col.MEASURE: "The attribute in words.",
                Col.MOMENT: "When the figure holds (see `claims`).",
                Col.MODALITY: "How the figure is stated (see `claims`).",
                Col.VALUE: "The value this article claims, as written.",
                Col.LOW: "Lowest value the claim admits (see `claims`).",
                Col.HIGH: "Highest value the claim admits.",
                Col.UNIT: "Unit of low/high.",
                Col.QUALIFIER: "Qualifier of the value.",
                Col.VALUE_START: "Start offset of the value in the article's raw text.",
                Col.VALUE_END: "End offset (exclusive) of the value.",
                Col.N_SOURCES: "Distinct sources taking part in the discrepancy: outlets where the corpus "
                "names them, else articles.",
                Col.TEXT: "The sentence text.",
            },
            Filtering(
                _BY_ARTICLE, entities=(Col.SUBJECT_ENTITY_ID,), in_sentence=True, group=Col.CONTRADICTION_ID
            ),
        ),
        Table(
            ROLES,
            "Each country's role in the story pack's agreement: one row per article, country and role (empty without a pack).",
            {
                **_LOC,
                Col.COUNTRY: "Canonical country name.",
                Col.ENTITY_ID: "Country entity id.",
                Col.ISO3: "ISO 3166-1 alpha-3.",
                Col.ROLE: "A role code of the story pack (`[roles.<code>]` in `story.toml`).",
                Col.MODALITY: "How the sentence states a party's role: `planned`, `expected`, `announced`, "
                "`done` or `denied` (empty for the other roles).",
                Col.YEAR: "Year stated in the text, empty when none.",
                Col.EVIDENCE: "The sentence text.",
                Col.CONTESTED: "True when articles disagree on this country's role or year.",
                Col.REFERENCE_ROLE: "Role in the reference table, empty when not listed.",
                Col.DIFFERS_FROM_REFERENCE: "True when this article's role or year differs from the record.",
            },
            Filtering(_BY_ARTICLE, entities=(Col.ENTITY_ID,), in_sentence=True),
        ),
        Table(
            CORRECTIONS,
            "The analyst's corrections (`corrections.toml` beside the corpus) and what became of each in this "
            "build; the tables above are corrected already (a dismissed discrepancy is only here).",
            {
                Col.CORRECTION_ID: "Stable id of the correction (`c-` and a hash of what it asks).",
                Col.KIND: "`merge`, `split`, `rename`, `retype`, `drop` (entities), `mark`, `unmark` (a span "
                "of an article), `dismiss`, `confirm` (a discrepancy).",
                Col.LINE: "Line of the correction in `corrections.toml`.",
                Col.SUBJECT: "What it corrects, by the Russian forms it names.",
                Col.VALUE: "What the analyst set: a name, a type, the entity an alias joins.",
                Col.BY: "Who made it, when the deployment knew (empty otherwise).",
                Col.NOTE: "The analyst's reason.",
                Col.STATUS: "`applied`, `unneeded` (the build does it already), `stale` (what it names is not "
                "in this build) or `invalid` (the entry cannot be read).",
                Col.REASON: "Why it was not applied as written (empty when it was).",
                Col.MACHINE: "What the build had found before the correction (the machine's original).",
                Col.ENTITY_ID: "The entity it made or changed, empty when none.",
                Col.CONTRADICTION_ID: "The discrepancy it judged, empty for the other kinds.",
            },
            Filtering(),  # every correction, whatever the selection
        ),
    ]
}


class SchemaError(ValueError):
    """A table does not have the documented columns."""


def entity_id_for(entity_type: str, english: str) -> str:
    """An entity's id: its type and its English name as lower-case Latin words joined by "-"
    ("per:donald-tramp"). The build makes ids so; a link that names an older one is mapped back."""
    return f"{entity_type.lower()}:{re.sub(r'[^a-z0-9]+', '-', english.lower()).strip('-') or 'x'}"


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
