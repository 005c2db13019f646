"""The sidebar selection and every table narrowed to it, by what the schema declares of each table.

Sources and dates select articles (undated articles are kept: their date is unknown, not out of
range); chosen entities select the articles that mention one of them. Each table is then narrowed as
its ``analysis.core.schema.Filtering`` says: to the selected articles, to the rows naming a chosen
entity or stated in a sentence that mentions one, to the chosen entity types, to the rows overlapping
the date range, to the rows another table kept. Nothing here names a table but ``articles`` and
``mentions``, where articles and entities are selected.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analysis.core.schema import ARTICLES, DATES, ENTITIES, EVENTS, MENTIONS, TABLES, Col, Filtering
from dashboard.data.frames import in_sentences, sentences_naming
from dashboard.data.load import Dataset


@dataclass(frozen=True)
class Filters:
    """The sidebar selection (the sidebar widgets keep it in the URL)."""

    sources: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None


def filtered(dataset: Dataset, filters: Filters) -> dict[str, pd.DataFrame]:
    """``apply_filters`` of the dataset's tables, computed once per selection."""
    return dataset.memo(("view", filters), lambda: apply_filters(dataset.tables, filters))


def apply_filters(tables: Mapping[str, pd.DataFrame], filters: Filters) -> dict[str, pd.DataFrame]:
    """Every table restricted to the selection (same keys as ``tables``), each as the schema's
    ``Filtering`` of the table says; a table that follows another is narrowed after it."""
    out = dict(tables)
    selection = _Selection(tables, filters)
    following = [name for name in tables if TABLES[name].filtering.follows]
    for name in [*(n for n in tables if n not in following), *following]:
        out[name] = selection.narrow(tables[name], TABLES[name].filtering, out)
    return out


class _Selection:
    """What the filters select in ``tables``: the articles (None when every one stays), the chosen
    entities (when the mentions table can tell which sentences name them) and their sentences."""

    def __init__(self, tables: Mapping[str, pd.DataFrame], filters: Filters) -> None:
        self.tables, self.filters = tables, filters
        self.chosen = set(filters.entities) if MENTIONS in tables else set()
        self.articles = _selected_articles(tables, filters, self.chosen)
        self._sentences: set[tuple[str, int]] | None = None

    def narrow(self, frame: pd.DataFrame, rule: Filtering, out: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
        """``frame`` narrowed by ``rule``; a step that selects nothing leaves the frame as it is."""
        if rule.follows and rule.follows[0] not in out:
            return frame  # what it follows is absent: nothing to narrow it by
        if self.articles is not None and rule.articles:
            frame = frame[_all_in(frame, rule.articles, self.articles)]
        if self.chosen and (rule.entities or rule.in_sentence):
            frame = frame[self._about_chosen(frame, rule)]
        if self.filters.types and rule.types:
            frame = self._typed(frame, rule)
        if (self.filters.start or self.filters.end) and rule.dates:
            frame = frame[_overlaps(frame, *rule.dates, self.filters.start, self.filters.end)]
        if rule.follows:
            table, column = rule.follows
            frame = frame[frame[column].isin(out[table][column])]
            frame = _recount(frame, out[table]) if rule.recount else frame
        return frame

    def _about_chosen(self, frame: pd.DataFrame, rule: Filtering) -> pd.Series:
        """The rows naming a chosen entity or stated in a sentence that mentions one (a whole group
        where one of its rows is)."""
        hit = pd.Series(False, index=frame.index)
        if rule.in_sentence:
            if self._sentences is None:
                self._sentences = sentences_naming(self.tables[MENTIONS], self.chosen)
            hit |= in_sentences(frame, self._sentences)
        for column in rule.entities:
            hit |= _names_any(frame[column], self.chosen)
        return frame[rule.group].isin(frame.loc[hit, rule.group]) if rule.group else hit

    def _typed(self, frame: pd.DataFrame, rule: Filtering) -> pd.DataFrame:
        """The rows of a chosen entity type: by the type column, or by the types of the entities an
        entity column names (when the entities table can tell them)."""
        if rule.types not in rule.entities:
            return frame[frame[rule.types].isin(self.filters.types)]
        if ENTITIES not in self.tables:
            return frame
        entities = self.tables[ENTITIES]
        typed = set(entities.loc[entities[Col.TYPE].isin(self.filters.types), Col.ENTITY_ID])
        return frame[_names_any(frame[rule.types], typed)]


def _selected_articles(
    tables: Mapping[str, pd.DataFrame], filters: Filters, chosen: set[str]
) -> set[str] | None:
    """The ids of the articles the sources, the dates and the chosen entities select; None when every
    article stays (no table to narrow by article)."""
    articles = tables[ARTICLES]
    keep = pd.Series(True, index=articles.index)
    if filters.sources:
        outlet = articles[Col.OUTLET]
        keep &= outlet.where(outlet != "", articles[Col.ARTICLE_ID]).isin(filters.sources)
    published = pd.to_datetime(articles[Col.PUBLISHED], errors="coerce")
    if filters.start:
        keep &= published.isna() | (published >= pd.Timestamp(filters.start))
    if filters.end:
        keep &= published.isna() | (published <= pd.Timestamp(filters.end))
    if chosen:
        mentions = tables[MENTIONS]
        keep &= articles[Col.ARTICLE_ID].isin(
            mentions.loc[mentions[Col.ENTITY_ID].isin(chosen), Col.ARTICLE_ID]
        )
    return None if keep.all() else set(articles.loc[keep, Col.ARTICLE_ID])


def _all_in(frame: pd.DataFrame, columns: tuple[str, ...], ids: set[str]) -> pd.Series:
    """Whether every one of ``columns`` names one of ``ids``, row by row."""
    keep = pd.Series(True, index=frame.index)
    for column in columns:
        keep &= frame[column].isin(ids)
    return keep


def _names_any(values: pd.Series, wanted: set[str]) -> pd.Series:
    """Whether each value (an id, or a list of ids) is or holds one of ``wanted``."""
    if len(values) and not isinstance(values.iloc[0], str):
        return pd.Series([bool(wanted & set(ids)) for ids in values], index=values.index, dtype=bool)
    return values.isin(wanted)


def _overlaps(frame: pd.DataFrame, first: str, last: str, start: date | None, end: date | None) -> pd.Series:
    """Whether each row's interval (days ``first`` to ``last``; a missing last day is the first) overlaps
    ``start``–``end``; a row with no first day does not."""
    begins = pd.to_datetime(frame[first], errors="coerce")
    ends = pd.to_datetime(frame[last], errors="coerce").fillna(begins)
    keep = pd.Series(True, index=frame.index)
    if start:
        keep &= ends >= pd.Timestamp(start)
    if end:
        keep &= begins <= pd.Timestamp(end)
    return keep & begins.notna()


def _recount(entities: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """``entities`` with their mentions and articles counted again over ``mentions``, most mentioned first."""
    counts = mentions.groupby(Col.ENTITY_ID).agg(
        n_mentions=(Col.START, "size"), n_articles=(Col.ARTICLE_ID, "nunique")
    )
    out = entities.drop(columns=[Col.N_MENTIONS, Col.N_ARTICLES]).merge(counts, on=Col.ENTITY_ID, how="inner")
    return out.sort_values([Col.N_MENTIONS, Col.NAME_EN], ascending=[False, True]).reset_index(drop=True)


def date_bounds(tables: Mapping[str, pd.DataFrame]) -> tuple[date, date] | None:
    """The span of everything datable: publication dates, events and resolved expressions."""
    days = list(tables[ARTICLES][Col.PUBLISHED])
    for name in (EVENTS, DATES):
        if name in tables:
            days += list(tables[name][Col.START_DATE]) + list(tables[name][Col.END_DATE])
    parsed = pd.to_datetime(pd.Series([d for d in days if d], dtype=object), errors="coerce").dropna()
    if parsed.empty:
        return None
    return parsed.min().date(), parsed.max().date()


def dataset_bounds(dataset: Dataset) -> tuple[date, date] | None:
    """``date_bounds`` of the dataset, computed once."""
    return dataset.memo("bounds", lambda: date_bounds(dataset.tables))
