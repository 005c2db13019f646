"""Articles: their labels and sources, one article's row and rows of any table, the sentences rows
come from."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import pandas as pd

from analysis.core.metadata import check_metadata
from analysis.core.schema import ARTICLES, SENTENCES, Col
from dashboard.data.load import Dataset
from dashboard.words import UNKNOWN_DATE, UNKNOWN_OUTLET


def _opening(title: str, words: int, chars: int) -> str:
    """The first ``words`` whole words of a title within ``chars`` characters, "…" when cut."""
    parts = str(title or "").lstrip(" ,.;:-–—").split()  # a stray comma or dash opens some titles
    if not any(c.isalnum() for c in " ".join(parts[:words])):
        return "(no title)"
    kept = [parts[0][:chars]]
    for word in parts[1:words]:
        if len(" ".join([*kept, word])) > chars:
            break
        kept.append(word)
    text = " ".join(kept)
    return text + ("…" if text != " ".join(parts) else "")


def _label(article: Mapping, words: int, chars: int) -> str:
    """Outlet · date · the opening ``words`` of the title (at most ``chars`` characters)."""
    who = article[Col.OUTLET] or UNKNOWN_OUTLET
    return f"{who} · {article[Col.PUBLISHED] or UNKNOWN_DATE} · {_opening(article[Col.TITLE], words, chars)}"


def article_labels(articles: pd.DataFrame) -> dict[str, str]:
    """Article id -> a readable label, unique among ``articles``: outlet · date · opening words of the title.

    Ids are file names that often share long prefixes, so a label never shows them. Articles whose
    outlet, date and opening words coincide get more of their title, then " (2)", " (3)"... Pass
    the whole articles table so an article keeps its label whatever the filters.
    """
    columns = [Col.ARTICLE_ID, Col.OUTLET, Col.PUBLISHED, Col.TITLE]  # not the texts: 40 MB at 10,000
    records = sorted(articles[columns].to_dict("records"), key=lambda r: r[Col.ARTICLE_ID])
    short = {r[Col.ARTICLE_ID]: _label(r, 6, 40) for r in records}
    twice = {k for k, n in Counter(short.values()).items() if n > 1}
    labels, taken = {}, set()
    for r in records:
        first = short[r[Col.ARTICLE_ID]] if short[r[Col.ARTICLE_ID]] not in twice else _label(r, 12, 80)
        unique, n = first, 1
        while unique in taken:
            n += 1
            unique = f"{first} ({n})"
        labels[r[Col.ARTICLE_ID]] = unique
        taken.add(unique)
    return {a: labels[a] for a in articles[Col.ARTICLE_ID]}


def article_sources(articles: pd.DataFrame, labels: Mapping[str, str] | None = None) -> dict[str, str]:
    """Article id -> its source's label: the outlet, or the article's own label when the outlet is unknown
    (``labels``: ``article_labels(articles)`` when already computed)."""
    labels = article_labels(articles) if labels is None else labels
    return {
        a: outlet or labels[a]
        for a, outlet in zip(articles[Col.ARTICLE_ID], articles[Col.OUTLET], strict=True)
    }


def source_labels(articles: pd.DataFrame, sources: Mapping[str, str] | None = None) -> dict[str, str]:
    """Source key (the outlet, or the article id of an article with no known outlet, a source of its own)
    -> label, for the source filter (``sources``: ``article_sources(articles)``)."""
    sources = article_sources(articles) if sources is None else sources
    return {
        outlet or a: sources[a]
        for a, outlet in zip(articles[Col.ARTICLE_ID], articles[Col.OUTLET], strict=True)
    }


def labels_of(dataset: Dataset) -> dict[str, str]:
    """``article_labels`` of every article of the dataset, computed once."""
    return dataset.memo("labels", lambda: article_labels(dataset.tables[ARTICLES]))


def sources_of(dataset: Dataset) -> dict[str, str]:
    """``article_sources`` of every article of the dataset, computed once."""
    return dataset.memo("sources", lambda: article_sources(dataset.tables[ARTICLES], labels_of(dataset)))


def outlets_known(dataset: Dataset) -> bool:
    """Whether the articles name the outlets that published them (``analysis.core.metadata``): else
    sources are counted as articles (a crawl gives every article the same host)."""
    return dataset.memo("metadata", lambda: check_metadata(dataset.tables[ARTICLES])).outlets_known


def counted_sources(dataset: Dataset) -> dict[str, str]:
    """Article id -> the source it counts for where pages count sources (discrepancies, copies): its
    outlet where outlets are known, else the article itself (its label)."""
    return sources_of(dataset) if outlets_known(dataset) else labels_of(dataset)


def source_choices(dataset: Dataset) -> dict[str, str]:
    """``source_labels`` of the dataset (the source filter's options), computed once."""
    return dataset.memo(
        "source choices", lambda: source_labels(dataset.tables[ARTICLES], sources_of(dataset))
    )


def _positions(dataset: Dataset) -> pd.Index:
    """The article ids in the order of the articles table (built once), to find an article's row."""
    return dataset.memo("article index", lambda: pd.Index(dataset.tables[ARTICLES][Col.ARTICLE_ID]))


def article_row(dataset: Dataset, article_id: str) -> pd.Series:
    """One article's row of the articles table, with its raw text (read from disk: ``Dataset.texts``)."""
    row = dataset.tables[ARTICLES].iloc[_positions(dataset).get_loc(article_id)].copy()
    row[Col.RAW_TEXT] = dataset.texts([article_id])[article_id]
    return row


def articles_by_id(dataset: Dataset, article_ids: Iterable[str]) -> pd.DataFrame:
    """The rows of the articles ``article_ids`` (each once), indexed by article id, with their raw text."""
    ids = list(dict.fromkeys(article_ids))
    at = [_positions(dataset).get_loc(a) for a in ids]
    rows = dataset.tables[ARTICLES].iloc[at].set_index(Col.ARTICLE_ID, drop=False)
    texts = dataset.texts(ids)
    return rows.assign(**{Col.RAW_TEXT: [texts[a] for a in ids]})


def rows_of(dataset: Dataset, name: str, article_id: str) -> pd.DataFrame:
    """The rows of in-memory table ``name`` about one article (an index by article, built once)."""
    frame = dataset.tables[name]
    index = dataset.memo(("by article", name), lambda: frame.groupby(Col.ARTICLE_ID, sort=False).indices)
    return frame.take(index.get(article_id, []))


def article_rows(dataset: Dataset, name: str, article_id: str) -> pd.DataFrame:
    """The rows of table ``name`` about one article, in memory or on disk (read once per article)."""
    if name in dataset.on_disk:
        return dataset.memo(
            ("article rows", name, article_id),
            lambda: dataset.query(name, f"{Col.ARTICLE_ID} = ?", [article_id], order=Col.SENTENCE_ID),
        )
    return rows_of(dataset, name, article_id)


def sentence_texts(dataset: Dataset, frame: pd.DataFrame) -> list[str]:
    """The sentence each row of ``frame`` (``article_id``, ``sentence_id``) comes from, "" when unknown."""
    if not dataset.has(SENTENCES) or frame.empty:
        return [""] * len(frame)
    keys = pd.DataFrame(
        {
            Col.ARTICLE_ID: frame[Col.ARTICLE_ID].astype(str).to_numpy(),
            Col.SENTENCE_ID: frame[Col.SENTENCE_ID].astype("int64").to_numpy(),
        }
    )
    text = dataset.lookup(SENTENCES, keys, Col.TEXT)
    return [text.get(key, "") for key in zip(keys[Col.ARTICLE_ID], keys[Col.SENTENCE_ID], strict=True)]


def cited_sources(citations: pd.DataFrame) -> dict[str, list[str]]:
    """Article id -> whom it cites (``citations``' sources), in order of citation, each once."""
    cited: dict[str, dict[str, None]] = {}
    for article, source in zip(citations[Col.ARTICLE_ID], citations[Col.SOURCE], strict=True):
        cited.setdefault(article, {})[source] = None
    return {article: list(sources) for article, sources in cited.items()}
