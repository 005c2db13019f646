"""The dashboard on any corpus a user brings: many articles with look-alike names, a damaged data
folder, the build's problems, articles in other languages, and hostile text.

Every page runs in Streamlit's AppTest on a data folder written for the test (``DASHBOARD_DATA_DIR``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.core.schema import (
    ARTICLES,
    COPIES,
    ELEMENTS,
    ENTITIES,
    EVENT_CLUSTERS,
    EVENTS,
    MANIFEST,
    MENTIONS,
    TABLES,
)
from tests.dashboard.pages import ENGLISH, HOSTILE, SCRIPT
from tests.helpers import APP, launch

VIEWS = ["overview", "timeline", "map", "compare", "discrepancies", "entities", "sources", "article", "about"]


def run(page: str, **query: str) -> AppTest:
    """``page`` (a file under dashboard/views) run to the end, failing on any exception."""
    return launch(page, **query)


def copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


# --- labels ---------------------------------------------------------------------------------------


def test_article_labels_are_unique_readable_and_never_ids():
    from dashboard.data.articles import article_labels

    same = {"outlet": "interfax.ru", "published": "2018-08-10", "title": "Москва. Пилоты Ryanair бастуют"}
    articles = pd.DataFrame(
        [
            {"article_id": "ryan-ru_file_1", **same},
            {"article_id": "ryan-ru_file_10", **same},
            {"article_id": "ryan-ru_file_100", **same, "title": same["title"] + " в Германии и Бельгии"},
            {"article_id": "ryan-ru_file_105", **same, "title": same["title"] + " в Германии и Италии"},
            {"article_id": "ryan-ru_file_101", **same, "title": "."},
            {"article_id": "ryan-ru_file_102", **same, "title": ""},
            {"article_id": "ryan-ru_file_103", "outlet": "", "published": "", "title": "Пилоты бастуют"},
            {"article_id": "ryan-ru_file_104", "outlet": "", "published": "", "title": "Пилоты бастуют"},
        ]
    )
    labels = article_labels(articles)
    assert list(labels) == list(articles["article_id"])
    assert len(set(labels.values())) == len(articles)
    assert labels["ryan-ru_file_1"] == "interfax.ru · 2018-08-10 · Москва. Пилоты Ryanair бастуют"
    assert labels["ryan-ru_file_10"] == "interfax.ru · 2018-08-10 · Москва. Пилоты Ryanair бастуют (2)"
    assert labels["ryan-ru_file_100"].endswith("бастуют в Германии и Бельгии")  # more words tell them apart
    assert labels["ryan-ru_file_105"].endswith("бастуют в Германии и Италии")
    assert labels["ryan-ru_file_101"] == "interfax.ru · 2018-08-10 · (no title)"
    assert labels["ryan-ru_file_102"] == "interfax.ru · 2018-08-10 · (no title) (2)"
    assert labels["ryan-ru_file_103"] == "Unknown outlet · date unknown · Пилоты бастуют"
    assert not any("ryan" in label for label in labels.values())
    assert article_labels(articles.iloc[::-1]) == labels  # whatever the order of the rows


def _renamed(ids: pd.Series, copy_no: int) -> pd.Series:
    return "ryan-ru_file_" + ids.str[:3].astype(int).map(lambda n: str(n * 30 + copy_no))


def replicate(source: Path, target: Path, copies: int) -> None:
    """The seed tables as ``copies`` copies of every article: 5 × ``copies`` articles whose ids share a
    prefix and whose outlet, date and title coincide in groups, the shape of a BSNLP cluster."""
    target.mkdir()
    for name, table in TABLES.items():
        frame = pd.read_parquet(source / table.file)
        parts = []
        for k in range(copies):
            part = frame.copy()
            for column in ("article_id", "article_a", "article_b"):
                if column in part.columns:
                    part[column] = _renamed(part[column], k)
            if name == ARTICLES:
                part["file"] = part["article_id"] + ".txt"
                part["outlet"] = "interfax.ru"
            if name == EVENTS:
                part["event_id"] = part["event_id"] + f"-{k}"
            if name == COPIES:  # each copy's group of copies of its own
                part["copy_group"] = part["copy_group"] + f"-{k}"
            if name == EVENT_CLUSTERS:
                part["article_ids"] = [list(_renamed(pd.Series(ids), k)) for ids in part["article_ids"]]
            parts.append(part)
        pd.concat(parts, ignore_index=True).to_parquet(target / table.file, index=False)
    shutil.copy(source / MANIFEST, target / MANIFEST)


@pytest.fixture(scope="module")
def many(data_dir, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("many") / "data"
    replicate(data_dir, folder, 30)
    return folder


def _markdown(at: AppTest) -> list[str]:
    kinds = ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error")
    return [e.value for kind in kinds for e in at.get(kind)]


def test_sources_page_holds_150_articles_with_shared_id_prefixes(many, use_data):
    """Labels from id prefixes collided ("rya · interfax.ru" 150 times): the coverage table raised."""
    use_data(many)
    at = run("sources")
    table = next(d.value for d in at.dataframe if "Told by" in d.value.columns)
    elements = pd.read_parquet(many / TABLES[ELEMENTS].file)
    assert len(table) == elements["element_id"].nunique() and table["Articles"].max() >= 60
    assert not table["Told by"].str.contains("ryan").any()
    for chart in at.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec)["data"]:
            if trace["type"] == "heatmap":
                assert len(trace["y"]) == len(set(trace["y"])) <= 30
                assert len(trace["x"]) == len(set(trace["x"])) <= 30
                assert not any("ryan" in label for label in trace["y"])


def test_every_page_holds_many_articles(many, use_data):
    use_data(many)
    for page in VIEWS:
        at = run(page)
        assert all(len(d.value) <= 500 for d in at.dataframe), page
        for chart in at.get("plotly_chart"):
            spec = json.loads(chart.proto.spec)
            categories = [t.get("y", []) for t in spec["data"] if t["type"] in ("bar", "scatter")]
            assert all(len(set(c)) <= 60 for c in categories), page
    overview = run("overview")
    assert sum(link.proto.label == "Open article" for link in overview.get("page_link")) == 30
    assert any("Articles 1–30 of 150" in c for c in _markdown(overview))


def test_entities_kwic_names_articles_apart(many, use_data):
    from dashboard.data.entities import keyword_in_context

    articles = pd.read_parquet(many / TABLES[ARTICLES].file)
    mentions = pd.read_parquet(many / TABLES[MENTIONS].file)
    kwic = keyword_in_context(articles, mentions, "loc:kazakhstan")
    mentioning = mentions.loc[mentions["entity_id"] == "loc:kazakhstan", "article_id"]
    assert kwic["article"].nunique() == mentioning.nunique() == 150
    use_data(many)
    at = run("entities")
    shown = next(d.value for d in at.dataframe if "Mention" in d.value.columns)
    assert len(shown) == 500 and not shown["Article"].str.contains("ryan").any()
    assert f"Showing the first 500 of {len(kwic):,} rows; the CSV has them all." in _markdown(at)


# --- a damaged data folder ------------------------------------------------------------------------


def test_corrupt_table_names_the_file_and_pages_hold(data_dir, use_data, tmp_path):
    folder = copy(data_dir, tmp_path / "data")
    (folder / TABLES[MENTIONS].file).write_bytes(os.urandom(4096))
    use_data(folder)
    for page in VIEWS:
        at = run(page)
        warning = at.warning[0].value
        assert "`mentions.parquet` is not a readable Parquet file" in warning, page
        assert "python -m analysis build" in warning
    notes = [i.value for i in run("entities").info]
    assert any(n.startswith("**mentions**: `mentions.parquet` is not a readable Parquet file") for n in notes)


def test_missing_articles_table_names_the_file(data_dir, use_data, tmp_path):
    folder = copy(data_dir, tmp_path / "data")
    (folder / TABLES[ARTICLES].file).unlink()
    use_data(folder)
    for page in VIEWS:
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        if page != "overview":
            at.switch_page(f"views/{page}.py").run()
        assert not at.exception
        assert f"`{folder / 'articles.parquet'}` is not computed yet" in at.error[0].value
        assert at.code[0].value == "python -m analysis build"


@pytest.mark.parametrize(("content", "reason"), [(None, "is missing"), (b"{not json", "cannot be read")])
def test_missing_or_garbled_manifest(data_dir, use_data, tmp_path, content, reason):
    folder = copy(data_dir, tmp_path / "data")
    (folder / MANIFEST).unlink()
    if content is not None:
        (folder / MANIFEST).write_bytes(content)
    use_data(folder)
    for page in VIEWS:
        at = run(page)
        assert f"`manifest.json` {reason}" in at.warning[0].value, page
    about = run("about")
    assert any(f"Unknown: `manifest.json` {reason}" in c for c in _markdown(about))


def test_no_article_at_all(use_data, tmp_path):
    """A corpus whose every file was skipped builds empty tables; every page says so and holds."""
    from analysis.core.schema import empty

    folder = tmp_path / "data"
    folder.mkdir()
    for name, table in TABLES.items():
        empty(name).to_parquet(folder / table.file, index=False)
    (folder / MANIFEST).write_text(json.dumps({"skipped": PROBLEMS["skipped"], "errors": [], "notices": []}))
    use_data(folder)
    for page in VIEWS:
        at = run(page)
        assert at.warning[0].value.startswith("The data holds no article"), page
    assert "The last build left out 1 file(s); the rest was built." in [
        w.value for w in run("overview").warning
    ]


# --- the build's problems -------------------------------------------------------------------------

PROBLEMS = {
    "skipped": [{"file": "empty.txt", "reason": "empty.txt: the file is empty"}],
    "errors": [{"file": "002.txt", "stage": "citations", "type": "KeyError", "message": "'это'"}],
    "notices": [
        {"file": "005.txt", "message": "decoded from cp1251"},
        {"file": "006.html", "message": "HTML: article text extracted"},
    ],
}


def test_about_lists_the_build_problems_and_overview_links_there(data_dir, use_data, tmp_path):
    folder = copy(data_dir, tmp_path / "data")
    manifest = json.loads((folder / MANIFEST).read_text())
    (folder / MANIFEST).write_text(json.dumps({**manifest, **PROBLEMS}))
    use_data(folder)
    about = run("about")
    shown = {  # the manifest's keys, by their labels ("File", "Message")
        tuple(d.value.columns.str.lower()): d.value.rename(columns=str.lower).to_dict("records")
        for d in about.dataframe
    }
    assert shown[("file", "stage", "type", "message")] == PROBLEMS["errors"]
    assert shown[("file", "reason")] == PROBLEMS["skipped"]
    assert shown[("file", "message")] == PROBLEMS["notices"]
    labels = [b.proto.label for b in about.get("download_button")]
    assert {
        "Download build errors (CSV)",
        "Download build skipped (CSV)",
        "Download build notices (CSV)",
    } <= set(labels)
    overview = run("overview")
    assert "left out 1 file(s) and failed on 1 step(s)" in overview.warning[0].value
    assert any(link.proto.page.endswith("about") for link in overview.get("page_link"))


def test_no_build_problems_are_empty_states(data_dir, use_data):
    use_data(data_dir)
    about = run("about")
    notes = _markdown(about)
    assert {"No step failed on any article.", "None: every file of the corpus was read."} <= set(notes)
    assert not run("overview").warning


# --- hostile text and another language ------------------------------------------------------------


class Tags(HTMLParser):
    """Every tag and attribute of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def assert_inert(at: AppTest, where: str) -> None:
    """Nothing from the corpus is live markup, and nothing is escaped twice."""
    for text in _markdown(at):
        assert not re.search(r"<\s*(script|img)", text, re.I), (where, text)
        assert not re.search(r"\]\(\s*javascript:", text, re.I), (where, text)
        assert not re.search(r"(?<!\\)\*\*(?:Bold|жирно)", text), (where, text)
        assert "&amp;lt;" not in text and "&amp;amp;" not in text, (where, text)
    for element in at.get("html"):
        parser = Tags()
        parser.feed(element.proto.body)
        for tag, attrs in parser.tags:
            assert tag in {"style", "div", "span", "a"}, (where, tag)
            assert not any(name.startswith("on") for name in attrs), (where, tag, attrs)
            assert not attrs.get("href", "#").lower().strip().startswith("javascript"), (where, attrs)
        assert "&amp;lt;" not in element.proto.body, where
    for chart in at.get("plotly_chart"):
        for text in _strings(json.loads(chart.proto.spec)):
            assert not re.search(r"<\s*(script|img|a\b)", text, re.I), (where, text)
            assert "&quot;" not in text and "&amp;lt;" not in text, (where, text)  # Plotly shows &quot; as is
    for button in at.get("link_button"):
        assert button.proto.url.startswith("https://"), (where, button.proto.url)


def test_hostile_text_is_inert_on_every_page(hostile, use_data):
    use_data(hostile)
    for page in VIEWS:
        assert_inert(run(page), page)
    for article in (HOSTILE, ENGLISH, "002_second"):
        assert_inert(run("article", article=article), article)
    compare = run("compare", a=HOSTILE, b="002_second")
    assert_inert(compare, "compare")
    assert any("Bold" in md and r"\*\*Bold" in md for md in _markdown(run("article", article=HOSTILE)))


def test_hostile_entity_selected_everywhere(hostile, use_data):
    """With the filter on an entity whose name is hostile, the pages that list it stay inert."""
    use_data(hostile)
    entity = pd.read_parquet(hostile / TABLES[ENTITIES].file)["entity_id"].iloc[0]
    for page in VIEWS:
        assert_inert(run(page, entity=entity), page)


def test_hostile_title_shows_literally_where_it_is_text(hostile, use_data):
    use_data(hostile)
    overview = run("overview")
    assert any(SCRIPT in t.value for t in overview.text)  # st.text: shown as typed, never as HTML
    article = run("article", article=HOSTILE)
    body = "".join(h.proto.body for h in article.get("html"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert article.title[0].value == r'&lt;img src=x onerror=alert\(2\)&gt; \*\*Bold "Outlet"\*\* &amp; Co'


def test_english_article_says_what_is_not_extracted(hostile, use_data):
    use_data(hostile)
    at = run("article", article=ENGLISH)
    assert at.info[0].value.startswith(
        "This article is in English: entities, dates, citations, quotes, roles and claims are extracted "
        "from Russian text only."
    )
    russian = run("article", article="002_second")
    assert not any(i.value.startswith("This article is in") for i in russian.info)
    about = run("about")
    notices = next(d.value for d in about.dataframe if list(d.value.columns) == ["File", "Message"])
    assert f"{ENGLISH}.txt" in set(notices["File"])
    skipped = next(d.value for d in about.dataframe if list(d.value.columns) == ["File", "Reason"])
    assert list(skipped["File"]) == ["003_empty.txt"]


# --- scale: what stays on disk, what is computed once, what a page sends -------------------------


def test_large_tables_stay_on_disk_and_every_run_shares_one_copy(data_dir, use_data):
    from analysis.core.schema import ALIGNMENTS, SENTENCES, SIMILARITY, TOKENS
    from dashboard.data.articles import article_rows, sentence_texts
    from dashboard.data.load import load

    use_data(data_dir)
    dataset = load()
    assert load() is dataset  # st.cache_resource: shared, never a copy per run
    for name in (TOKENS, SENTENCES, ALIGNMENTS, SIMILARITY):
        assert name not in dataset.tables and dataset.has(name)
        assert dataset.rows[name] == len(pd.read_parquet(data_dir / TABLES[name].file))
    sentences = pd.read_parquet(data_dir / TABLES[SENTENCES].file)
    first = sentences.iloc[[0, 3]]
    assert sentence_texts(dataset, first) == list(first["text"])
    article = sentences["article_id"].iloc[0]
    on_disk = article_rows(dataset, SENTENCES, article).reset_index(drop=True)
    expected = sentences[sentences["article_id"] == article].reset_index(drop=True)
    pd.testing.assert_frame_equal(on_disk, expected, check_dtype=False)
    tables = run("about").dataframe[-1].value.set_index("File")
    tokens = TABLES[TOKENS].file
    assert tables.at[tokens, "Rows"] == dataset.rows[TOKENS] and tables.at[tokens, "Status"] == "loaded"


def test_memo_computes_once_and_keeps_the_latest(data_dir, use_data, monkeypatch):
    from dashboard.data import load
    from dashboard.data.filters import Filters, filtered

    use_data(data_dir)
    dataset = load.load()
    monkeypatch.setattr(load, "MEMO_ENTRIES", 3)
    calls = []
    for key in ["a", "b", "a", "c", "d", "a"]:
        dataset.memo(("test", key), lambda key=key: calls.append(key) or key.upper())
    assert calls == ["a", "b", "c", "d"]  # "a" stayed (used again), "b" went first
    assert dataset.memo(("test", "b"), lambda: "again") == "again"
    monkeypatch.setattr(load, "MEMO_ENTRIES", 64)
    monkeypatch.setattr(load, "VIEW_ENTRIES", 2)
    views = [filtered(dataset, Filters(types=(kind,))) for kind in ("PER", "ORG", "LOC")]
    assert filtered(dataset, Filters(types=("LOC",))) is views[2]
    assert filtered(dataset, Filters(types=("PER",))) is not views[0]  # the oldest view went


def test_story_elements_on_screen_name_the_first_articles(many):
    from dashboard.data.articles import article_labels
    from dashboard.data.sources import element_table

    elements = pd.read_parquet(many / TABLES[ELEMENTS].file)
    labels = article_labels(pd.read_parquet(many / TABLES[ARTICLES].file))
    full = element_table(elements, labels)
    shown = element_table(elements, labels, told_by=3, names=2)
    pd.testing.assert_frame_equal(shown.drop(columns="told by"), full.drop(columns="told by"))
    assert (shown["told by"].iloc[3:] == "").all()
    for whole, cut, n in zip(full["told by"][:3], shown["told by"][:3], full["articles"][:3], strict=True):
        assert cut == "; ".join(whole.split("; ")[:2]) + f"; … and {n - 2} more"


def test_timeline_colours_the_sources_reporting_most():
    from dashboard.components import timeline

    rows = [
        {
            "event_id": f"e{s}-{k}",
            "cluster_id": f"c{k % 5}",
            "article_id": f"a{s}",
            "start_date": f"2025-01-{k + 1:02d}",
            "end_date": f"2025-01-{k + 1:02d}",
            "label": "event",
            "entity_ids": [],
        }
        for s in range(20)
        for k in range(s + 1)
    ]
    events = pd.DataFrame(rows)
    clusters = pd.DataFrame({"cluster_id": [f"c{k}" for k in range(5)], "label": [f"L{k}" for k in range(5)]})
    source_of = {f"a{s}": f"source {s:02d}" for s in range(20)}
    figure = timeline.timeline_figure(events, clusters, source_of, source_of, {}, {})
    names = {trace.name for trace in figure.data}
    assert names == {f"source {s:02d}" for s in range(20 - timeline.SOURCES, 20)} | {timeline.OTHER_SOURCES}
    assert figure.data[-1].name == timeline.OTHER_SOURCES  # last in the legend
