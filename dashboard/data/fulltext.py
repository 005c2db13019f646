"""Full-text search over the articles' sentences: case- and ё-insensitive, with where each match is.

The sentences table stays on disk (``load.ON_DISK``): DuckDB scans it once per query (memoised per
dataset), so a keystroke never loops over every text in Python; only the hit sentences are read back.

A query in Latin letters also looks for the Russian forms (name and every spelling the articles use)
of the entities it names: those whose English name, transliterated Russian name or ISO3 code has a
word starting with each word of the query (the entity search's candidates, ``data.search``), so
"Moscow" finds the sentences that name Moscow ("в Москве").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.core.schema import ARTICLES, ENTITIES, SENTENCES, Col
from analysis.core.text import fold
from dashboard.data import search as entity_search
from dashboard.data.filters import Filters, filtered
from dashboard.data.load import Dataset, connect

MIN_CHARS = 2  # a query shorter than this finds too much to be worth a scan
HITS = 5000  # hit sentences kept per query at most (the counts per article are of every hit)
COUNT = "hits"  # column: matches in a sentence
FOLDED_SQL = f"replace(lower({Col.TEXT}), 'ё', 'е')"  # ``fold_keeping_offsets`` of a sentence, in DuckDB
NAMED = 10  # entities (most mentioned first) whose Russian forms a query in Latin letters also looks for
FORMS = "forms"  # column of ``named_entities``: an entity's Russian forms as the search looks for them
WRITTEN = "written"  # column of ``named_entities``: each of those forms as an article first writes it
LATIN, CYRILLIC = re.compile(r"[a-z]", re.IGNORECASE), re.compile(r"[а-яё]", re.IGNORECASE)


def fold_keeping_offsets(text: str) -> str:
    """``text`` as the full-text search compares it: lower case, "ё" read as "е". Not
    ``analysis.core.text.fold``, which also collapses spaces and drops accents and so changes the
    length: here every character stays where it was, so an offset into the folded text is an offset
    into the text, and a match can be highlighted where it stands (``FOLDED_SQL`` is its twin)."""
    return text.lower().replace("ё", "е")


def query_key(query: str) -> str:
    """A query as it is looked for: its words with single spaces, ``fold_keeping_offsets``."""
    return fold_keeping_offsets(" ".join(query.split()))


def matches(text: str, *keys: str) -> list[tuple[int, int]]:
    """Where any of ``keys`` (``query_key``) occurs in ``text``, as (start, end) offsets into ``text``,
    in order and not overlapping (the longer key first where two start together)."""
    folded, found = fold_keeping_offsets(text), []
    for key in sorted({k for k in keys if k}, key=len, reverse=True):
        at = 0
        while (at := folded.find(key, at)) >= 0:
            if not any(start < at + len(key) and at < end for start, end in found):
                found.append((at, at + len(key)))
            at += len(key)
    return sorted(found)


def _russian_forms(entity) -> tuple[list[str], list[str]]:
    """An entity's Russian name and spellings as the search looks for them (``query_key``), without a
    form that holds a shorter one (the shorter finds it too), and each as first written."""
    written = {}
    for form in [getattr(entity, Col.NAME), *getattr(entity, Col.ALIASES)]:
        if CYRILLIC.search(form):
            written.setdefault(query_key(form), form)
    forms = sorted(f for f in written if not any(other != f and other in f for other in written))
    return forms, [written[f] for f in forms]


def named_entities(dataset: Dataset, query: str) -> pd.DataFrame:
    """For a query in Latin letters (none in Cyrillic), the ``NAMED`` most mentioned entities it names
    (``entity_id``, ``name_en``, ``forms`` and ``written``: their Russian forms, ``_russian_forms``): each word of the
    query starts a word of the entity's English name, transliterated Russian name or ISO3 code (the
    entity search's spellings, not its sounds: "strike" is not "Сторк Тур"). Empty for any other query."""
    columns = [Col.ENTITY_ID, Col.NAME_EN, FORMS, WRITTEN]
    if not LATIN.search(query) or CYRILLIC.search(query) or not dataset.has(ENTITIES):
        return pd.DataFrame(columns=columns)

    def compute() -> pd.DataFrame:
        entities, text = dataset.tables[ENTITIES], entity_search.entity_search_text(dataset)
        words = entity_search.WORD.findall(fold(query))
        starts = [re.compile(rf"(?<!\w){re.escape(w)}") for w in words]
        found = entity_search.search_entities(entities, query, text)
        spelled = text.reindex(found[Col.ENTITY_ID]).fillna("").str.split(entity_search.SOUNDS).str[0]
        named = found.iloc[[i for i, h in enumerate(spelled) if all(s.search(h) for s in starts)]]
        named = named.sort_values([Col.N_MENTIONS, Col.ENTITY_ID], ascending=[False, True]).head(NAMED)
        rows = [(e.entity_id, e.name_en, *_russian_forms(e)) for e in named.itertuples(index=False)]
        return pd.DataFrame([r for r in rows if r[2]], columns=columns)

    return dataset.memo(("entities a Latin query names", fold(query)), compute)


def _scan(
    dataset: Dataset, keys: Sequence[str], among: list[str] | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The first ``HITS`` sentences (article and sentence order) whose folded text contains any of
    ``keys`` (folded), of the articles ``among`` (every article when None), and per article how many
    sentences and matches there are in all."""
    params = {f"k{i}": key for i, key in enumerate(keys)}
    counted = " + ".join(
        f"(length({FOLDED_SQL}) - length(replace({FOLDED_SQL}, ${k}, ''))) // length(${k})" for k in params
    )
    holds = " OR ".join(f"contains({FOLDED_SQL}, ${k})" for k in params)
    chosen = f" AND {Col.ARTICLE_ID} IN (SELECT id FROM chosen)" if among is not None else ""
    with connect() as con:
        if among is not None:
            con.register("chosen", pd.DataFrame({"id": among}, dtype=str))
        con.execute(
            f"CREATE TEMP TABLE hit AS SELECT {Col.ARTICLE_ID}, {Col.SENTENCE_ID}, {Col.START}, {Col.TEXT}, "
            f"{counted} AS {COUNT} FROM read_parquet($file) WHERE ({holds}){chosen}",
            {"file": dataset.on_disk[SENTENCES], **params},
        )
        rows = con.execute(
            f"SELECT * FROM hit ORDER BY {Col.ARTICLE_ID}, {Col.SENTENCE_ID} LIMIT {HITS}"
        ).df()
        articles = con.execute(
            f"SELECT {Col.ARTICLE_ID}, count(*) AS {SENTENCES}, sum({COUNT})::BIGINT AS {COUNT} "
            f"FROM hit GROUP BY {Col.ARTICLE_ID} ORDER BY {Col.ARTICLE_ID}"
        ).df()
    return rows, articles


def search_keys(dataset: Dataset, query: str) -> list[str]:
    """What a search for ``query`` looks for: the query (``query_key``), and for one in Latin letters
    the Russian forms of the entities it names (``named_entities``)."""
    forms = [f for found in named_entities(dataset, query)[FORMS] for f in found]
    return list(dict.fromkeys([query_key(query), *forms]))


def search(dataset: Dataset, query: str, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentences of the selected articles containing ``query`` (or, for a query in Latin letters, a
    Russian form of an entity it names: ``search_keys``) in any case, "ё" read as "е": the first
    ``HITS`` of them (``article_id``, ``sentence_id``, ``start``, ``text``, ``hits``: its matches),
    and every article with a hit (``article_id``, ``sentences``, ``hits``); computed once per query and
    selection. A query shorter than ``MIN_CHARS`` finds nothing."""
    folded = query_key(query)
    if len(folded) < MIN_CHARS or not dataset.has(SENTENCES):
        empty = pd.DataFrame(columns=[Col.ARTICLE_ID, Col.SENTENCE_ID, Col.START, Col.TEXT, COUNT])
        return empty, pd.DataFrame(columns=[Col.ARTICLE_ID, SENTENCES, COUNT])
    keys = search_keys(dataset, query)

    def compute() -> tuple[pd.DataFrame, pd.DataFrame]:
        chosen = filtered(dataset, filters)[ARTICLES][Col.ARTICLE_ID]
        every = len(chosen) == len(dataset.tables[ARTICLES])
        return _scan(dataset, keys, None if every else list(chosen))

    return dataset.memo(("full-text search", tuple(keys), filters), compute)


def per_source(articles: pd.DataFrame, source_of: Mapping[str, str]) -> pd.DataFrame:
    """Hits per source (``articles``: ``search``'s second table): articles, sentences and matches, the
    source with most articles first."""
    frame = articles.assign(**{Col.SOURCE: articles[Col.ARTICLE_ID].map(source_of)})
    counts = frame.groupby(Col.SOURCE).agg(
        articles=(Col.ARTICLE_ID, "size"), **{SENTENCES: (SENTENCES, "sum"), COUNT: (COUNT, "sum")}
    )
    order = ["articles", COUNT, Col.SOURCE]
    return counts.reset_index().sort_values(order, ascending=[False, False, True]).reset_index(drop=True)
