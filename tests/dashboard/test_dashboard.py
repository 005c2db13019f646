"""Dashboard pages rendered with Streamlit's AppTest on the seed tables: content, filters, empty states."""

from __future__ import annotations

import ast
import json
import re
import shutil
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.core.schema import ARTICLES, EVENTS, MANIFEST, MENTIONS, QUALITY, ROLES, TABLES
from tests.dashboard.pages import FOKUS, KOMMERSANT, cards, frame_with, html
from tests.helpers import APP, PAGE_TITLES

# Pages run by AppTest (None: the app's default page, the overview), and the title each shows.
PAGES = {None: PAGE_TITLES["overview"]} | {
    page: title for page, title in PAGE_TITLES.items() if page not in ("overview", "add")
}


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders(app, page):
    at = app(page)
    assert at.title[0].value == PAGES[page]
    assert not at.error


def test_overview_cards_and_outlet_filter(app):
    at = app()
    assert len(cards(at)) == 5
    kommersant = next(md.value for md in at.markdown if KOMMERSANT in md.value)
    assert "date unknown" in kommersant and date.today().isoformat() not in kommersant
    at.multiselect(key="source").set_value(["Коммерсантъ"]).run()
    assert cards(at) == {KOMMERSANT}
    assert at.metric[0].value == "1"


def test_entity_filter_keeps_articles_that_mention_it(app, tables):
    at = app()
    at.multiselect(key="entity").set_value(["loc:russia"]).run()
    mentions = tables[MENTIONS]
    expected = set(mentions.loc[mentions["entity_id"] == "loc:russia", "article_id"])
    assert cards(at) == expected == {KOMMERSANT, FOKUS}  # Kommersant by its adjective: "российских ресурсов"


def test_entity_filter_changes_kwic_rows(app, tables):
    at = app("entities")
    kwic = frame_with(at, "Left", "Mention", "Right")
    # top entity first, "казахстанского лидера" among its mentions
    assert len(kwic) == 40 and set(kwic["Mention"]) >= {"Казахстан", "Казахстана", "казахстанского"}
    at.multiselect(key="entity").set_value(["loc:israel"]).run()
    kwic = frame_with(at, "Left", "Mention", "Right")
    israel = tables[MENTIONS][tables[MENTIONS]["entity_id"] == "loc:israel"]
    assert len(kwic) == len(israel) == 25
    assert all(m.startswith("Израил") for m in kwic["Mention"])


def test_type_filter_restricts_entity_table(app):
    at = app("entities")
    at.multiselect(key="type").set_value(["PER"]).run()
    table = frame_with(at, "Russian name", "English name", "Type")
    assert set(table["Type"]) == {"Person"}
    assert table["Russian name"].iloc[0] == "Дональд Трамп"
    assert {"Касым-Жомарт Токаев", "Биньямин Нетаньяху"} <= set(table["Russian name"])


def test_search_finds_english_and_iso3(app):
    at = app("entities")
    at.text_input(key="q").set_value("kazakhstan").run()
    assert list(frame_with(at, "Russian name", "ISO3")["Russian name"]) == ["Казахстан"]
    at.text_input(key="q").set_value("ISR").run()
    assert list(frame_with(at, "Russian name", "ISO3")["Russian name"]) == ["Израиль"]


def test_timeline_date_range_keeps_news_days(app, tables):
    at = app("timeline")
    options = at.selectbox(key="event").options
    assert any(o.startswith("1979") for o in options) and any(o.startswith("2025-11") for o in options)
    at.date_input(key="dates").set_value((date(2025, 11, 1), date(2025, 11, 30))).run()
    options = at.selectbox(key="event").options
    events = tables[EVENTS]
    overlapping = events[(events["end_date"] >= "2025-11-01") & (events["start_date"] <= "2025-11-30")]
    assert len(options) == overlapping["cluster_id"].nunique()
    assert not any(o.startswith(("1979", "1994")) for o in options)
    assert any(o.startswith("2025-11-05") for o in options)  # "5–6 ноября 2025 года" in seed 002


def test_timeline_source_filter_and_event_sentences(app, tables):
    at = app("timeline")
    at.multiselect(key="source").set_value(["Фокус"]).run()
    events = tables[EVENTS]
    assert (
        len(at.selectbox(key="event").options)
        == events.loc[events["article_id"] == FOKUS, "cluster_id"].nunique()
    )
    members = frame_with(at, "Article id", "Label", "When")
    assert set(members["Article id"]) == {FOKUS}


def test_map_roles_source_filter_and_country_button(app, tables):
    at = app("map")
    roles = frame_with(at, "Country", "ISO3", "Role")
    assert {"KAZ", "ISR", "ARE", "BHR", "MAR", "SDN"} <= set(roles["ISO3"])
    assert roles.set_index("ISO3").loc["JOR", "Role"] == "Earlier treaty (1994)"  # the pack's label
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [t["type"] for t in spec["data"]][0] == "choroplethmap"
    assert not re.search(r"https?://", at.get("plotly_chart")[0].proto.spec)

    at.multiselect(key="source").set_value(["Фокус"]).run()
    signatories = tables[ROLES]
    expected = set(signatories.loc[signatories["article_id"] == FOKUS, "iso3"]) - {""}
    assert set(frame_with(at, "Country", "ISO3", "Role")["ISO3"]) == expected

    at.selectbox(key="country").select("loc:kazakhstan").run()
    at.button[0].click().run()
    assert at.multiselect(key="entity").value == ["loc:kazakhstan"]


def test_map_figure_carries_its_own_geometry(data_dir, use_data):
    use_data(data_dir)
    from dashboard.components.worldmap import country_roles, map_figure, role_styles
    from dashboard.data.places import countries_geojson

    signatories = pd.read_parquet(data_dir / TABLES[ROLES].file)
    styles = role_styles(json.loads((data_dir / MANIFEST).read_text())["story"]["roles"])
    figure = map_figure(country_roles(signatories, {}, styles), countries_geojson(), styles)
    text = figure.to_json()
    assert not re.search(r"https?://|mapbox://|topojson", text)
    assert figure.layout.map.style == "white-bg"
    shapes = [t for t in figure.data if t.type == "choroplethmap"]
    assert {t.type for t in figure.data} == {"choroplethmap", "scattermap"}  # dots mark small states
    assert shapes and all(t.geojson["type"] == "FeatureCollection" for t in shapes)
    ids = {f["id"] for f in countries_geojson()["features"]}
    assert {"KAZ", "ISR", "BHR", "ARE", "MAR", "SDN", "EGY", "JOR", "USA"} <= ids
    assert (Path(APP).parent / "assets" / "countries.geojson").stat().st_size < 1_000_000


def test_compare_entities_shared_and_unique(app, tables):
    at = app("compare")
    mentions = tables[MENTIONS]
    a, b = (set(mentions.loc[mentions["article_id"].str.startswith(p), "entity_id"]) for p in ("000", "001"))
    headers = [
        md.value for md in at.markdown if md.value.startswith("**Only") or md.value.startswith("**In both")
    ]
    assert headers == [
        f"**Only in A** ({len(a - b)})",
        f"**In both** ({len(a & b)})",
        f"**Only in B** ({len(b - a)})",
    ]
    assert "sl-align" in html(at) and 'href="#B-1"' in html(at)
    at.selectbox(key="b").select(FOKUS).run()
    c = set(mentions.loc[mentions["article_id"] == FOKUS, "entity_id"])
    assert f"**In both** ({len(a & c)})" in [md.value for md in at.markdown]


def test_sources_citation_table_follows_source_filter(app, tables):
    at = app("sources")
    assert "Axios" in set(frame_with(at, "Article", "Source", "Cue")["Source"])
    at.multiselect(key="source").set_value(["Фокус"]).run()
    shown = frame_with(at, "Article", "Source", "Cue")
    assert set(shown["Article"]) == {"Фокус · 2025-11-07 · Касым-Жомарт Токаев в Вашингтоне…"}
    assert "NY Times" in set(shown["Source"])
    assert list(frame_with(at, "Article id", "Outlet")["Article id"]) == [FOKUS]


def test_article_view_highlights_and_unknown_date(app):
    at = app()
    at.switch_page("views/article.py").run()
    at.selectbox(key="article").select(KOMMERSANT).run()
    assert at.title[0].value == "Коммерсантъ"
    assert any("date unknown" in md.value for md in at.markdown)
    body = html(at)
    assert 'class="sl-ent sl-ent-PER" title="Kasym-Zhomart Tokayev · Касым-Жомарт Токаев (Person)"' in body
    assert 'class="sl-boiler"' in body  # "Фото: Дмитрий Азаров, Коммерсантъ" is a photo credit


def test_about_shows_engine_and_quality(data_dir, use_data, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(data_dir, folder)
    manifest = json.loads((folder / MANIFEST).read_text())
    quality = {
        "benchmark": "factRuEval-2016",
        "protocol": "naeval token-level F1 over razdel tokens",
        "engine": "natasha",
        "version": "1.6.0",
        "documents": 122,
        "docs_per_second": 21.5,
        "types": {
            "PER": {"precision": 0.97, "recall": 0.99, "f1": 0.98},
            "ORG": {"precision": 0.9, "recall": 0.85, "f1": 0.876},
        },
    }
    (folder / QUALITY).write_text(json.dumps(quality))
    use_data(folder)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/about.py").run()
    assert at.metric[0].value == f"natasha {manifest['engine_version']}"
    shown = at.dataframe[0].value
    assert list(shown["Type"]) == ["Person", "Organisation"]
    assert list(shown["F1"]) == [0.98, 0.876]
    assert "122 documents" in at.caption[0].value and "21.5 documents/second" in at.caption[0].value


def test_missing_data_folder_gives_the_rebuild_command(use_data, tmp_path):
    use_data(tmp_path / "nowhere")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "No data folder" in at.error[0].value
    assert at.code[0].value == "python -m analysis build"


def test_missing_table_is_an_empty_state(data_dir, use_data, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(data_dir, folder)
    (folder / TABLES[EVENTS].file).unlink()
    use_data(folder)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/timeline.py").run()
    assert not at.exception
    expected = "**events**: `events.parquet` is not computed yet — run `python -m analysis build`."
    assert expected in [i.value for i in at.info]


FOUNDATION = {"articles", "sentences", "tokens", "mentions", "entities"}


@pytest.mark.parametrize(
    ("page", "waits_for"),
    [
        ("overview", "contradictions"),
        ("timeline", "events"),
        ("map", "roles"),
        ("compare", "alignments"),
        ("discrepancies", "contradictions"),
        ("sources", "citations"),
        ("entities", None),
        ("about", None),
    ],
)
def test_pages_render_on_foundation_tables_only(data_dir, use_data, tmp_path, page, waits_for):
    """Before the later stages have run, every page still draws and says what is missing."""
    folder = tmp_path / "data"
    shutil.copytree(data_dir, folder)
    for name, table in TABLES.items():
        if name not in FOUNDATION:
            (folder / table.file).unlink()
    use_data(folder)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == PAGES[None if page == "overview" else page]
    notes = [i.value for i in at.info]
    if waits_for:
        expected = (
            f"**{waits_for}**: `{waits_for}.parquet` is not computed yet — run `python -m analysis build`."
        )
        assert expected in notes
    else:
        assert notes == []


def test_stale_table_is_reported_not_raised(data_dir, use_data, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(data_dir, folder)
    signatories = pd.read_parquet(folder / TABLES[ROLES].file).drop(columns="role")
    signatories.to_parquet(folder / TABLES[ROLES].file)
    use_data(folder)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/map.py").run()
    assert not at.exception
    assert "missing ['role']" in at.info[0].value


def test_untrusted_text_is_escaped(use_data, tmp_path):
    """A `<script>` in an article's title and text reaches the page only as escaped text."""
    from analysis.build.run import build_tables, write_tables

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    evil = '<script>alert("x")</script> Казахстан присоединился к Авраамовым соглашениям <img src=x onerror=alert(1)>.'
    (corpus / "000_evil.txt").write_text(f" date 2025-11-07 {evil}\n", encoding="utf-8")
    tables, manifest = build_tables(corpus, engine="natasha", cache=False)
    write_tables(tables, manifest, tmp_path / "data")
    assert "<script>" in tables[ARTICLES]["title"].iloc[0]
    use_data(tmp_path / "data")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert any("<script>" in t.value for t in at.text)  # st.text shows it literally, never as HTML
    at.switch_page("views/article.py").run()
    body = html(at)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert "<script" not in body and "<img" not in body


def _imports(node: ast.AST) -> list[str]:
    names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
    if isinstance(node, ast.ImportFrom) and node.module:
        packages = ("analysis", "dashboard")  # ``from dashboard import data`` imports dashboard.data
        names += [node.module] + [f"{node.module}.{a.name}" for a in node.names if node.module in packages]
    return names


def _dashboard_imports() -> list[tuple[Path, str, bool]]:
    """(file, module imported, at the top level) for every import in dashboard/ but the tool that makes
    the map's outlines (run by hand, never imported by the app)."""
    tool = Path(APP).parent / "assets" / "make_countries.py"
    found = []
    for path in sorted(Path(APP).parent.rglob("*.py")):
        if path == tool:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = {id(node) for node in tree.body}
        found += [(path, name, id(node) in top_level) for node in ast.walk(tree) for name in _imports(node)]
    return found


def test_dashboard_imports_only_its_runtime():
    """Community Cloud installs requirements.txt only: no NLP package, and of the analysis only its core
    (the schema, labels, text keys: pure Python), never analysis.nlp, .stages, .build or .tools. The
    exceptions, inside a function: the Add-articles page and a correction call the analysis entry point
    in their click handlers."""
    allowed = {"streamlit", "pandas", "plotly", "pyarrow", "duckdb", "iuliia", "dashboard"}
    lazily = {
        ("add.py", "analysis"),
        ("add.py", "analysis.add"),
        ("correcting.py", "analysis"),
        ("correcting.py", "analysis.add"),
    }
    for path, name, top_level in _dashboard_imports():
        top = name.split(".")[0]
        if top in sys.stdlib_module_names or top in allowed or name.startswith("analysis.core"):
            continue
        assert not name.startswith(("analysis.nlp", "analysis.stages", "analysis.build", "analysis.tools"))
        assert (path.name, name) in lazily and not top_level, (path.name, name)


def test_components_take_frames_not_the_data_package():
    """Components draw what they are given (DataFrames, mappings): none reads the dataset itself; the
    data package reads and derives, and draws nothing."""
    for path, name, _ in _dashboard_imports():
        if path.parent.name == "components":
            assert not name.startswith(("dashboard.data", "dashboard.sidebar")), (path.name, name)
        if path.parent.name == "data":
            assert not name.startswith(("dashboard.components", "dashboard.views", "dashboard.sidebar")), name
            assert name not in ("dashboard.links", "dashboard.app"), (path.name, name)


def test_about_shows_nerel_and_dates_measures(data_dir, use_data, tmp_path):
    """What `eval nerel --save` and `eval dates --save` write is shown on About, ours beside bare natasha."""
    folder = tmp_path / "data"
    shutil.copytree(data_dir, folder)
    counts = {"precision": 0.9, "recall": 0.8, "f1": 0.847}
    nerel = {
        "documents": 840,
        "article_errors": 0,
        "recognition": counts,
        "types": {"PER": {"f1": 0.95}, "LOC": {"f1": 0.9}, "ORG": {"f1": 0.75}},
        "linking_bcubed": {"f1": 0.96},
        "baseline": {
            "recognition": {"f1": 0.78},
            "types": {"PER": {"f1": 0.9}},
            "linking_bcubed": {"f1": 0.9},
        },
    }
    dates = {"documents": 840, "spans": counts, "resolution": {"exact": 0.9524, "wrong_year": 1}}
    (folder / QUALITY).write_text(json.dumps({"nerel": {"dev": nerel}, "dates": dates}))
    use_data(folder)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/about.py").run()
    assert not at.exception
    tables = {tuple(frame.value.columns): frame.value for frame in at.dataframe}
    shown = next(t for columns, t in tables.items() if "Bare natasha" in columns or "bare natasha" in columns)
    first = shown.iloc[0].tolist()
    assert first[:2] == ["dev", "PER+LOC+ORG F1"] and first[2:] == [0.847, 0.78]
    assert shown.iloc[-1].tolist()[:3] == ["dev", "articles lost to an error", 0]
    measures = next(t for t in tables.values() if len(t) == 5 and "DATE spans f1" in t.iloc[:, 0].tolist())
    assert measures.iloc[:, 1].tolist() == [0.9, 0.8, 0.847, 0.952, 1]
    assert any(c.value.startswith("dev: 840 texts") for c in at.caption)
