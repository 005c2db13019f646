"""Places: the countries the articles name (a capital counts for its country), who names each, the
first sentence naming it per source, and the outlines the map draws them on; the cities the articles
name, at their GeoNames coordinates."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.core.schema import ENTITIES, MENTIONS, Col
from dashboard.data.articles import sentence_texts, sources_of
from dashboard.data.entities import display_names, russian_names
from dashboard.data.filters import Filters, filtered
from dashboard.data.frames import joiner, top_keys
from dashboard.data.load import Dataset
from dashboard.words import code_label

PLACE_SOURCES = 20  # sources a place's row names; the rest are counted
NAMED_BY = "named by"  # the column of a place's row that names them
GEOMETRY = Path(__file__).resolve().parents[1] / "assets" / "countries.geojson"


def country_mentions(mentions: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """The mentions of a country or of a place standing for one (a capital counts for its country; its
    adjective counts too, ``mention_form`` `adjective`: "российские власти" speak of Russia):
    ``article_id``, ``sentence_id``, ``start``, ``iso3`` and the country's ``entity_id``. Only the
    entities with an ISO3 code are looked up, so a large mentions table is scanned once."""
    placed = entities[entities[Col.ISO3] != ""]
    link = placed[Col.COUNTRY_ENTITY_ID]
    country = pd.Series(link.where(link != "", placed[Col.ENTITY_ID]).to_numpy(), index=placed[Col.ENTITY_ID])
    iso3 = pd.Series(placed[Col.ISO3].to_numpy(), index=placed[Col.ENTITY_ID])
    hits = mentions.loc[
        mentions[Col.ENTITY_ID].isin(country.index),
        [Col.ARTICLE_ID, Col.SENTENCE_ID, Col.START, Col.ENTITY_ID],
    ]
    found = hits[Col.ENTITY_ID]
    return hits.assign(**{Col.ISO3: found.map(iso3), Col.ENTITY_ID: found.map(country)}).reset_index(
        drop=True
    )


def place_table(hits: pd.DataFrame, english: Mapping[str, str], russian: Mapping[str, str]) -> pd.DataFrame:
    """One row per country of ``hits`` (``country_mentions`` with each mention's ``source``): its entity
    (the most mentioned of those standing for it), names, how many sources, articles and mentions, and
    the sources naming it most (``named by``: at most ``PLACE_SOURCES``), most sources first."""
    columns = [Col.ISO3, Col.ENTITY_ID, Col.COUNTRY, Col.NAME, Col.N_SOURCES, Col.N_ARTICLES, Col.N_MENTIONS]
    if hits.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in [*columns, NAMED_BY]})
    counts = hits.groupby(Col.ISO3).agg(
        **{
            Col.N_SOURCES: (Col.SOURCE, "nunique"),
            Col.N_ARTICLES: (Col.ARTICLE_ID, "nunique"),
            Col.N_MENTIONS: (Col.START, "size"),
        }
    )
    entity = _most(hits, Col.ENTITY_ID)
    by_source = hits.groupby([Col.ISO3, Col.SOURCE]).size().rename("n").reset_index()
    by_source = by_source.sort_values([Col.ISO3, "n", Col.SOURCE], ascending=[True, False, True])
    table = counts.assign(
        **{
            Col.ENTITY_ID: entity,
            Col.COUNTRY: entity.map(lambda e: english.get(e, e)),
            Col.NAME: entity.map(lambda e: russian.get(e, e)),
            NAMED_BY: by_source.groupby(Col.ISO3)[Col.SOURCE].agg(joiner(PLACE_SOURCES)),
        }
    ).reset_index()
    order = [Col.N_SOURCES, Col.N_MENTIONS, Col.COUNTRY]
    table = table.sort_values(order, ascending=[False, False, True], kind="stable")
    return table[[*columns, NAMED_BY]].reset_index(drop=True)


CITY_COLUMNS = [
    Col.ENTITY_ID,
    Col.NAME_EN,
    Col.NAME,
    Col.LATITUDE,
    Col.LONGITUDE,
    Col.N_SOURCES,
    Col.N_MENTIONS,
]


def city_table(mentions: pd.DataFrame, entities: pd.DataFrame, source_of: Mapping[str, str]) -> pd.DataFrame:
    """One row per entity with coordinates (a city, a capital) that ``mentions`` name: its names, where it
    is, how many sources (``source_of``: article id -> source) and mentions name it; most sources first.
    A table built before entities had coordinates has no cities."""
    if Col.LATITUDE not in entities:
        return pd.DataFrame(columns=CITY_COLUMNS)
    placed = entities[entities[Col.LATITUDE].notna()].set_index(Col.ENTITY_ID)
    hits = mentions[mentions[Col.ENTITY_ID].isin(placed.index)]
    counts = hits.groupby(Col.ENTITY_ID).agg(
        **{
            Col.N_SOURCES: (Col.ARTICLE_ID, lambda a: a.map(source_of).nunique()),
            Col.N_MENTIONS: (Col.START, "size"),
        }
    )
    table = placed.loc[counts.index, [Col.NAME_EN, Col.NAME, Col.LATITUDE, Col.LONGITUDE]].join(counts)
    table = table.reset_index().sort_values(
        [Col.N_SOURCES, Col.N_MENTIONS, Col.NAME_EN], ascending=[False, False, True], kind="stable"
    )
    return table[CITY_COLUMNS].reset_index(drop=True)


def cities(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    """``city_table`` of the selection, computed once per selection."""

    def compute() -> pd.DataFrame:
        return city_table(filtered(dataset, filters)[MENTIONS], dataset.tables[ENTITIES], sources_of(dataset))

    return dataset.memo(("cities", filters), compute)


def stated_roles(claims: pd.DataFrame, source_of: Mapping[str, str], labels: Mapping[str, str]) -> pd.Series:
    """Per ISO3 code, what each source says of the country's role, as the map's hover has it: "source:
    Member 2025 (planned); …" (``claims``: rows of the roles table; ``labels``: role code -> label),
    each statement once per source, in the order of the claims."""
    said = claims.assign(
        stated=claims[Col.ARTICLE_ID].map(lambda a: source_of.get(a, a))
        + ": "
        + claims[Col.ROLE].map(lambda r: labels.get(r, r))
        + claims[Col.YEAR].map(lambda y: f" {y}" if y else "")
        + claims[Col.MODALITY].map(lambda m: f" ({code_label(Col.MODALITY, m, {}).lower()})" if m else "")
    )
    return said.groupby(Col.ISO3, sort=False)["stated"].agg(lambda s: "; ".join(dict.fromkeys(s)))


def _most(hits: pd.DataFrame, column: str) -> pd.Series:
    """By ISO3, the value of ``column`` on most rows (the first in sort order on a tie)."""
    counts = hits.groupby([Col.ISO3, column]).size().rename("n").reset_index()
    counts = counts.sort_values([Col.ISO3, "n", column], ascending=[True, False, True])
    return counts.drop_duplicates(Col.ISO3).set_index(Col.ISO3)[column]


def source_places(hits: pd.DataFrame, places: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Mentions per source (rows) and country (columns, by name): the first ``limit`` countries of
    ``places`` (``place_table``: named by most sources first), the ``limit`` sources naming most of them."""
    shown = places.head(limit)
    counts = hits[hits[Col.ISO3].isin(shown[Col.ISO3])].groupby([Col.SOURCE, Col.ISO3]).size()
    counts = counts.unstack(fill_value=0).reindex(columns=shown[Col.ISO3], fill_value=0)
    sources = top_keys((counts > 0).sum(axis=1).sort_index(), limit)
    return counts.loc[sources].set_axis(list(shown[Col.COUNTRY]), axis=1)


def first_mentions(hits: pd.DataFrame, per_place: int | None) -> pd.DataFrame:
    """For each country of ``hits`` and each source naming it, the first mention (the source's first
    article, then its first sentence): ``iso3``, ``source``, ``article_id``, ``sentence_id``; sources
    naming the country most first, at most ``per_place`` of them when given."""
    columns = [Col.ISO3, Col.SOURCE, Col.ARTICLE_ID, Col.SENTENCE_ID]
    named = hits.groupby([Col.ISO3, Col.SOURCE]).size().rename("n")
    first = hits.sort_values([Col.ISO3, Col.SOURCE, Col.ARTICLE_ID, Col.START]).drop_duplicates(
        [Col.ISO3, Col.SOURCE]
    )
    first = first.join(named, on=[Col.ISO3, Col.SOURCE]).sort_values(
        [Col.ISO3, "n", Col.SOURCE], ascending=[True, False, True]
    )
    if per_place is not None:
        first = first.groupby(Col.ISO3, sort=False).head(per_place)
    return first[columns].reset_index(drop=True)


def places(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    """``place_table`` of the selection, computed once per selection."""
    return dataset.memo(
        ("places", filters), lambda: place_table(_placed(dataset, filters), *_place_names(dataset))
    )


def place_evidence(dataset: Dataset, filters: Filters, per_place: int | None, iso3: str = "") -> pd.DataFrame:
    """``first_mentions`` of the selection (of one country when ``iso3`` is given; at most ``per_place``
    sources per country, every one when None) with the sentence of each (``text``), computed once."""

    def compute() -> pd.DataFrame:
        hits = _placed(dataset, filters)
        first = first_mentions(hits[hits[Col.ISO3] == iso3] if iso3 else hits, per_place)
        return first.assign(**{Col.TEXT: sentence_texts(dataset, first)})

    return dataset.memo(("place evidence", filters, per_place, iso3), compute)


def places_by_source(dataset: Dataset, filters: Filters, limit: int) -> pd.DataFrame:
    """``source_places`` of the selection, computed once per selection."""

    def compute() -> pd.DataFrame:
        return source_places(_placed(dataset, filters), places(dataset, filters), limit)

    return dataset.memo(("places by source", filters, limit), compute)


def _placed(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    """``country_mentions`` of the selection with each mention's source, computed once per selection."""

    def compute() -> pd.DataFrame:
        hits = country_mentions(filtered(dataset, filters)[MENTIONS], dataset.tables[ENTITIES])
        return hits.assign(**{Col.SOURCE: hits[Col.ARTICLE_ID].map(sources_of(dataset))})

    return dataset.memo(("placed", filters), compute)


def _place_names(dataset: Dataset) -> tuple[dict[str, str], dict[str, str]]:
    """Entity id -> English display name, and -> Russian canonical name."""
    return display_names(dataset), russian_names(dataset)


@st.cache_data(show_spinner=False)
def countries_geojson() -> dict:
    """Natural Earth country outlines keyed by ISO alpha-3, shipped with the app (no download)."""
    return json.loads(GEOMETRY.read_text(encoding="utf-8"))
