"""What keeps the dashboard in bounded memory at 10,000 articles shows the same values on the seeds: the
articles' raw text read from disk for the articles a page shows, the story-element table naming only the
articles it shows, the Timeline's hover wordings read for the rows a hover quotes."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.schema import ARTICLES, ELEMENTS, EVENT_CLUSTERS, EVENTS, TABLES, Col
from dashboard.components import timeline
from dashboard.data.articles import article_labels, article_row, articles_by_id
from dashboard.data.load import load
from dashboard.data.sources import element_table

SEEDS_TOLD_BY_FOUR = ["e6", "e8"]  # the seeds' story elements told by most articles (4 each)


@pytest.fixture
def dataset(data_dir, use_data):
    use_data(data_dir)
    return load()


def test_raw_text_stays_on_disk_and_is_read_for_the_articles_shown(dataset, data_dir):
    on_disk = pd.read_parquet(data_dir / TABLES[ARTICLES].file).set_index(Col.ARTICLE_ID)[Col.RAW_TEXT]
    in_memory = dataset.tables[ARTICLES]
    assert list(in_memory.columns) == [c for c in TABLES[ARTICLES].columns if c != Col.RAW_TEXT]
    first, last = in_memory[Col.ARTICLE_ID].iloc[0], in_memory[Col.ARTICLE_ID].iloc[-1]
    assert dataset.texts([last, "no-such-article", first]) == {last: on_disk[last], first: on_disk[first]}
    assert article_row(dataset, first)[Col.RAW_TEXT] == on_disk[first]
    assert article_row(dataset, first)[Col.TITLE] == in_memory[Col.TITLE].iloc[0]
    rows = articles_by_id(dataset, [last, first, last])
    assert list(rows.index) == [last, first]
    assert list(rows[Col.RAW_TEXT]) == [on_disk[last], on_disk[first]]


def test_element_table_names_the_first_articles_of_each_element_and_counts_the_rest(tables):
    elements = tables[ELEMENTS]
    labels = article_labels(tables[ARTICLES])
    pairs = elements[[Col.ELEMENT_ID, Col.ARTICLE_ID]].drop_duplicates()
    every = [labels[a] for a in pairs.loc[pairs[Col.ELEMENT_ID] == "e6", Col.ARTICLE_ID]]
    assert len(every) == 4
    full = element_table(elements, labels)
    shown = element_table(elements, labels, told_by=2, names=2)
    assert list(shown[Col.ELEMENT_ID][:2]) == SEEDS_TOLD_BY_FOUR
    assert list(shown["articles"][:2]) == [4, 4]
    assert full.set_index(Col.ELEMENT_ID).loc["e6", "told by"] == "; ".join(every)
    assert shown["told by"].iloc[0] == f"{every[0]}; {every[1]}; … and 2 more"
    assert (shown["told by"].iloc[2:] == "").all()  # past the rows on screen: no names
    assert shown.drop(columns="told by").equals(full.drop(columns="told by"))
    assert element_table(elements, labels, names=4)["told by"].equals(full["told by"])  # all 4 named


def test_timeline_reads_the_wordings_of_the_rows_a_hover_quotes(tables, monkeypatch):
    monkeypatch.setattr(timeline, "HOVER_ARTICLES", 2)
    events, clusters = tables[EVENTS], tables[EVENT_CLUSTERS]
    labels = article_labels(tables[ARTICLES])
    sources = dict.fromkeys(tables[ARTICLES][Col.ARTICLE_ID], "outlet")
    wording = {e: f"sentence of {e}" for e in events[Col.EVENT_ID]}
    asked = []

    def read(rows: pd.DataFrame) -> dict[str, str]:
        asked.append(rows)
        return {e: wording[e] for e in rows[Col.EVENT_ID]}

    every = timeline.timeline_figure(events, clusters, sources, labels, {}, wording)
    quoted = timeline.timeline_figure(events, clusters, sources, labels, {}, read)
    assert quoted.to_json() == every.to_json()
    assert len(asked) == 1
    per_cluster = asked[0][Col.CLUSTER_ID].value_counts()
    assert per_cluster.max() == 2 and per_cluster.sum() < len(events)  # c003 has 6 events, 2 read
    assert "sentence of" in every.to_json()
