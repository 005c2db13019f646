"""The sidebar filters narrow every table as the schema's ``Filtering`` of the table declares, on the
seeds' committed data/. The expected rows are what the dashboard kept before the schema declared how
(when ``apply_filters`` named each table itself), counted on the same data."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis.core.schema import (
    ARTICLES,
    CONTRADICTIONS,
    ENTITIES,
    EVENT_CLUSTERS,
    EVENTS,
    MENTIONS,
    TABLES,
    Col,
)
from dashboard.data.filters import Filters, apply_filters
from tests.corpora import ROOT
from tests.dashboard.pages import FIRST, FOKUS, KOMMERSANT
from tests.helpers import launch

DATA = ROOT / "data"
EVERY = {  # rows of each table on the committed data/
    "articles": 5,
    "sentences": 103,
    "tokens": 1995,
    "mentions": 272,  # 15 of them a place's adjective ("американская сторона")
    "entities": 52,
    "dates": 21,
    "events": 21,
    "event_clusters": 15,
    "citations": 14,
    "quotes": 7,
    "copies": 2,  # one sentence of Фокус printed the same day by another article
    "alignments": 24,
    "similarity": 25,
    "elements": 31,
    "claims": 61,
    "contradictions": 9,
    "roles": 32,
    "corrections": 0,  # none in the seeds folder
}
# A selection, and the rows each table keeps (the tables not named keep every row).
KEPT = {
    "one outlet": (
        Filters(sources=("Фокус",)),
        {
            "articles": 1,
            "sentences": 26,
            "tokens": 623,
            "mentions": 83,
            "entities": 28,
            "dates": 3,
            "events": 4,
            "event_clusters": 4,
            "citations": 1,
            "quotes": 4,
            "copies": 1,
            "alignments": 0,
            "similarity": 1,
            "elements": 3,
            "claims": 6,
            "contradictions": 1,
            "roles": 2,
        },
    ),
    "one entity": (
        Filters(entities=("loc:israel",)),  # every article names Israel
        {
            "dates": 12,
            "events": 8,
            "event_clusters": 4,
            "citations": 3,
            "quotes": 1,
            "claims": 39,
            "contradictions": 6,
            "roles": 22,
        },
    ),
    "people in November": (
        Filters(types=("PER",), start=date(2025, 11, 1), end=date(2025, 11, 30)),
        {"mentions": 54, "entities": 10, "dates": 5, "events": 1, "event_clusters": 1},
    ),
    "everything at once": (
        Filters(
            sources=("Коммерсантъ", FIRST),  # an outlet, and an article with none (a source of its own)
            entities=("per:kasym-zhomart-tokayev", "loc:israel"),
            types=("LOC", "PER"),
        ),
        {
            "articles": 2,
            "sentences": 34,
            "tokens": 583,
            "mentions": 77,
            "entities": 26,
            "dates": 9,
            "events": 5,
            "event_clusters": 4,
            "citations": 4,
            "quotes": 0,
            "copies": 0,
            "alignments": 4,
            "similarity": 4,
            "elements": 16,
            "claims": 21,
            "contradictions": 3,
            "roles": 12,
        },
    ),
}


@pytest.fixture(scope="module")
def committed() -> dict[str, pd.DataFrame]:
    """Every table of the committed data/ (the seeds built), as read from disk."""
    if any((DATA / "added").glob("*")):
        pytest.skip("data/added/ holds articles you added: data/ is your corpus, not the seeds'")
    return {name: pd.read_parquet(DATA / table.file) for name, table in TABLES.items()}


def rows(tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    return {name: len(frame) for name, frame in tables.items()}


def test_no_selection_keeps_every_row(committed):
    view = apply_filters(committed, Filters())
    assert rows(committed) == rows(view) == EVERY
    assert view[ARTICLES] is committed[ARTICLES]  # nothing to narrow: the tables themselves, no copy
    entities = view[ENTITIES]  # counted again over the mentions kept: as built, most mentioned first
    assert entities[[Col.ENTITY_ID, Col.N_MENTIONS]].head(2).values.tolist() == [
        ["loc:kazakhstan", 40],
        ["loc:united-states", 35],  # "американская сторона" and the like count for it
    ]


@pytest.mark.parametrize("selection", list(KEPT))
def test_each_table_keeps_the_rows_it_did(committed, selection):
    filters, kept = KEPT[selection]
    assert rows(apply_filters(committed, filters)) == EVERY | kept


def test_an_outlet_keeps_its_articles_rows_and_recounts_entities(committed):
    view = apply_filters(committed, KEPT["one outlet"][0])
    for name, frame in view.items():
        for column in TABLES[name].filtering.articles:
            assert set(frame[column]) <= {FOKUS}, name
    assert view[ENTITIES][[Col.ENTITY_ID, Col.N_MENTIONS, Col.N_ARTICLES]].head(3).values.tolist() == [
        ["loc:kazakhstan", 9, 1],
        ["per:donald-trump", 8, 1],
        ["per:kasym-zhomart-tokayev", 8, 1],
    ]
    assert list(view[EVENT_CLUSTERS][Col.CLUSTER_ID]) == ["c003", "c005", "c008", "c014"]


def test_an_entity_keeps_whole_discrepancies(committed):
    """A discrepancy stays whole when one of its statements is about the entity: two of the six rows
    kept are in sentences that do not name Israel."""
    view = apply_filters(committed, KEPT["one entity"][0])
    contradictions = view[CONTRADICTIONS]
    assert contradictions[Col.CONTRADICTION_ID].value_counts().to_dict() == {
        "accords_span:misc:avraamovy-soglasheniya": 4,
        "accords_role:loc:egypt": 2,
    }
    mentions = committed[MENTIONS]
    israel = mentions[mentions[Col.ENTITY_ID] == "loc:israel"]
    said = set(zip(israel[Col.ARTICLE_ID], israel[Col.SENTENCE_ID], strict=True))
    keys = zip(contradictions[Col.ARTICLE_ID], contradictions[Col.SENTENCE_ID], strict=True)
    assert sum(key not in said for key in keys) == 2
    assert all("loc:israel" in set(ids) for ids in view[EVENTS][Col.ENTITY_IDS])


def test_types_and_dates_narrow_entities_events_and_dates(committed):
    view = apply_filters(committed, KEPT["people in November"][0])
    assert set(view[ENTITIES][Col.TYPE]) == {"PER"} and set(view[MENTIONS][Col.TYPE]) == {"PER"}
    assert view[ENTITIES][[Col.ENTITY_ID, Col.N_MENTIONS]].head(2).values.tolist() == [
        ["per:donald-trump", 20],
        ["per:kasym-zhomart-tokayev", 20],
    ]
    assert list(view[EVENT_CLUSTERS][Col.CLUSTER_ID]) == ["c007"]  # Tokayev's visit, 5 November
    assert list(view["dates"][Col.VALUE]) == [
        "2025-11-07/2025-12-31",
        "2025-11-07",
        "2025-11-05/2025-11-06",
        "2020/2025",
        "2025-11-06",
    ]


def test_a_source_with_no_outlet_is_its_own(committed):
    view = apply_filters(committed, KEPT["everything at once"][0])
    assert set(view[ARTICLES][Col.ARTICLE_ID]) == {FIRST, KOMMERSANT}
    assert view[CONTRADICTIONS][Col.CONTRADICTION_ID].value_counts().to_dict() == {
        "accords_span:misc:avraamovy-soglasheniya": 2,
        "accords_role:loc:egypt": 1,
    }


def test_a_selection_with_no_event_left_keeps_the_events_columns(committed, monkeypatch):
    """An entity no event names and a type: the events table once lost its columns here (a list of no
    booleans selects columns), and every page raised KeyError."""
    view = apply_filters(committed, Filters(entities=("per:shavkat-mirziyeev",), types=("PER",)))
    assert view[EVENTS].empty and list(view[EVENTS].columns) == list(TABLES[EVENTS].columns)
    assert view[EVENT_CLUSTERS].empty
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(DATA))
    at = launch("overview", entity="per:shavkat-mirziyeev", type="PER")
    assert [m.value for m in at.metric][-1] == "0"  # events
