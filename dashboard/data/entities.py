"""Entities: their names as a page shows them, their mentions in context, per article and together."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from analysis.core.codes import NameSource
from analysis.core.schema import ENTITIES, Col
from dashboard.data.articles import article_labels
from dashboard.data.frames import in_sentences, sentences_naming
from dashboard.data.load import Dataset
from dashboard.words import both_names, code_label

GUESSED = " (transliterated)"  # marks an English name that is only a transliteration of the Russian one


def guessed(entities: pd.DataFrame) -> pd.Series:
    """Whether each entity's English name is only a transliteration (``name_en_source``; a table built
    before the column existed has none: nothing is marked)."""
    if Col.NAME_EN_SOURCE not in entities:
        return pd.Series(False, index=entities.index)
    return entities[Col.NAME_EN_SOURCE] == NameSource.TRANSLITERATION


def marked_english(entities: pd.DataFrame) -> pd.Series:
    """Each entity's English name, "(transliterated)" after one that is only a guess."""
    return entities[Col.NAME_EN].where(~guessed(entities), entities[Col.NAME_EN] + GUESSED)


def entity_label(entities: pd.DataFrame) -> dict[str, str]:
    """Entity id -> "English · Russian (type)" (``words.both_names``; a transliterated English name
    marked), for a list to choose from."""
    english = marked_english(entities)
    return {
        r.entity_id: f"{both_names(e, r.name)} ({code_label(Col.TYPE, r.type, {})})"
        for r, e in zip(entities.itertuples(index=False), english, strict=True)
    }


def display_name(entities: pd.DataFrame) -> dict[str, str]:
    """English name where there is one, else the Russian canonical name; both where the English name is
    only a transliteration ("Fokus · Фокус"); the type added where two entities would share a name (a
    chart axis merges equal labels)."""
    names = entities[Col.NAME_EN].where(entities[Col.NAME_EN] != "", entities[Col.NAME])
    both = pd.Series(map(both_names, entities[Col.NAME_EN], entities[Col.NAME]), index=entities.index)
    names = names.where(~guessed(entities), both)
    names = names.where(~names.duplicated(keep=False), names + " (" + entities[Col.TYPE] + ")")
    return dict(zip(entities[Col.ENTITY_ID], names, strict=True))


def entity_choices(dataset: Dataset) -> dict[str, str]:
    """``entity_label`` of every entity (the entity filter's options), computed once."""
    entities = dataset.tables.get(ENTITIES)
    return dataset.memo("entity choices", lambda: entity_label(entities) if entities is not None else {})


def display_names(dataset: Dataset) -> dict[str, str]:
    """``display_name`` of every entity of the dataset, computed once."""
    entities = dataset.tables.get(ENTITIES)
    return dataset.memo("display names", lambda: display_name(entities) if entities is not None else {})


def entity_names(dataset: Dataset) -> dict[str, tuple[str, str]]:
    """Entity id -> (Russian canonical name, English name), built once."""
    entities = dataset.tables.get(ENTITIES)
    if entities is None:
        return {}
    return dataset.memo(
        "entity names",
        lambda: dict(
            zip(
                entities[Col.ENTITY_ID],
                zip(entities[Col.NAME], entities[Col.NAME_EN], strict=True),
                strict=True,
            )
        ),
    )


def russian_names(dataset: Dataset) -> dict[str, str]:
    """Entity id -> its Russian canonical name."""
    return {entity: russian for entity, (russian, _) in entity_names(dataset).items()}


def entity_types(dataset: Dataset) -> dict[str, str]:
    """Entity id -> its type (PER, ORG, LOC, MISC), built once; ``{}`` without the entities table."""
    entities = dataset.tables.get(ENTITIES)
    return dataset.memo(
        "entity types",
        lambda: (
            dict(zip(entities[Col.ENTITY_ID], entities[Col.TYPE], strict=True))
            if entities is not None
            else {}
        ),
    )


def mentions_by_article(
    mentions: pd.DataFrame, entity_ids: list[str], labels: Mapping[str, str], limit: int
) -> pd.DataFrame:
    """Mentions per article of ``labels`` (rows, by label) and entity of ``entity_ids`` (columns), for
    at most ``limit`` articles: those that mention the first entity most, then the others most."""
    hits = mentions[mentions[Col.ENTITY_ID].isin(entity_ids)]  # count only the entities shown
    counts = (
        hits.groupby([Col.ARTICLE_ID, Col.ENTITY_ID]).size().unstack(fill_value=0)
        if len(hits)
        else pd.DataFrame()
    )
    counts = counts.reindex(index=list(labels), columns=entity_ids, fill_value=0).astype("int64")
    counts.index.name, counts.columns.name = Col.ARTICLE_ID, Col.ENTITY_ID
    if len(counts) > limit:
        rank = pd.DataFrame({"first": counts.iloc[:, 0], "all": counts.sum(axis=1)})
        counts = counts.loc[rank.sort_values(["first", "all"], ascending=False, kind="stable").index[:limit]]
    return counts.rename(index=labels)


def keyword_in_context(
    articles: pd.DataFrame,
    mentions: pd.DataFrame,
    entity_id: str,
    width: int = 70,
    labels: Mapping[str, str] | None = None,
    limit: int | None = None,
    texts: Callable[[list[str]], Mapping[str, str]] | None = None,
) -> pd.DataFrame:
    """Every mention of ``entity_id`` (the first ``limit`` when given) with ``width`` characters of
    body text on each side (``labels``: ``article_labels(articles)`` when already computed; ``texts``:
    article ids -> their raw text, when ``articles`` has none: ``Dataset.texts``)."""
    hits = mentions[mentions[Col.ENTITY_ID] == entity_id].sort_values([Col.ARTICLE_ID, Col.START])
    hits = hits if limit is None else hits.head(limit)
    label = article_labels(articles) if labels is None else labels
    if texts is None:
        raw = dict(zip(articles[Col.ARTICLE_ID], articles[Col.RAW_TEXT], strict=True))
    else:
        raw = texts(list(dict.fromkeys(hits[Col.ARTICLE_ID])))
    body = dict(zip(articles[Col.ARTICLE_ID], articles[Col.BODY_START], strict=True))
    rows = [
        (
            label[a],
            form,
            raw[a][max(start - width, body[a]) : start].replace("\n", " "),
            text,
            raw[a][end : end + width].replace("\n", " "),
        )
        for a, start, end, text, form in zip(
            hits[Col.ARTICLE_ID],
            hits[Col.START],
            hits[Col.END],
            hits[Col.TEXT],
            hits[Col.MENTION_FORM],
            strict=True,
        )
    ]
    # the form, beside the article, says where a place is named by its adjective ("российские власти")
    return pd.DataFrame(rows, columns=["article", Col.MENTION_FORM, "left", "mention", "right"])


def co_mentions(mentions: pd.DataFrame, entity_id: str) -> pd.DataFrame:
    """Entities named in the same sentences as ``entity_id``: how many sentences and articles."""
    sentences = sentences_naming(mentions, {entity_id})
    same = mentions[in_sentences(mentions, sentences) & (mentions[Col.ENTITY_ID] != entity_id)]
    counts = same.groupby(Col.ENTITY_ID).agg(
        sentences=(Col.SENTENCE_ID, "size"), articles=(Col.ARTICLE_ID, "nunique")
    )
    return counts.sort_values("sentences", ascending=False).reset_index()
