"""The dashboard for any story: Map (the pack's roles, and Places), Discrepancies and the Overview's
sentence about the story, on the seeds with their story pack and on the seeds built without one.

Every page runs in Streamlit's AppTest on tables the build wrote (``DASHBOARD_DATA_DIR``).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.core.schema import ARTICLES, ENTITIES, MANIFEST, MENTIONS, ROLES, TABLES
from tests.dashboard.pages import FOKUS, frame_with, html
from tests.helpers import APP, launch

STORY_WORDS = re.compile(
    r"abraham|accords|kazakhstan|авраам|казахстан|signatory|prior_treaty|mediator|ryanair|bibi", re.I
)


@pytest.fixture
def run(monkeypatch):
    def start(folder: Path, page: str, **query: str) -> AppTest:
        monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))
        return launch(page, **query)

    return start


def traces(at: AppTest) -> list[dict]:
    return json.loads(at.get("plotly_chart")[0].proto.spec)["data"]


def texts(at: AppTest, kind: str = "markdown") -> list[str]:
    return [e.value for e in at.get(kind)]


# --- without a pack -------------------------------------------------------------------------------


def test_seeds_without_pack_have_no_roles_nor_story(no_pack):
    manifest = json.loads((no_pack / MANIFEST).read_text())
    assert manifest["story"] == {}
    assert pd.read_parquet(no_pack / TABLES[ROLES].file).empty


def test_places_lists_every_country_by_sources(no_pack, run):
    at = run(no_pack, "map")
    assert at.title[0].value == "Map" and not at.get("button_group")  # no pack: no Roles | Places choice
    assert at.subheader[0].value == "Places: every country and city the articles name"
    places = frame_with(at, "ISO3", "Country", "Sources").set_index("ISO3")
    assert places.loc["KAZ", ["Country", "Russian name", "Sources", "Articles"]].tolist() == [
        "Kazakhstan",
        "Казахстан",
        5,
        5,
    ]
    assert places.loc["ISR", "Sources"] == places.loc["USA", "Sources"] == 5
    assert places.loc["EGY", "Sources"] == 2 and places.loc["JOR", "Sources"] == 1
    assert list(places.index[:3]) == ["KAZ", "USA", "ISR"]  # most sources, then most mentions
    mentions = pd.read_parquet(no_pack / TABLES[MENTIONS].file)
    entities = pd.read_parquet(no_pack / TABLES[ENTITIES].file).set_index("entity_id")
    assert entities.loc["loc:astana", "country_entity_id"] == "loc:kazakhstan"
    kazakhstan = mentions["entity_id"].isin(["loc:kazakhstan", "loc:astana"])  # the capital counts for it
    assert places.loc["KAZ", "Mentions"] == kazakhstan.sum() == 41  # "казахстанского лидера" among them
    washington = mentions["entity_id"] == "loc:washington"
    usa = mentions["entity_id"].isin(["loc:united-states"]) | washington
    assert places.loc["USA", "Mentions"] == usa.sum() and washington.sum() > 0
    assert "RIY" not in places.index and places.loc["SAU", "Country"] == "Saudi Arabia"


def test_places_map_shades_by_sources_and_hovers_sentences(no_pack, run):
    at = run(no_pack, "map")
    shaded = next(t for t in traces(at) if t["type"] == "choroplethmap" and t["name"] == "sources")
    by_country = dict(zip(shaded["locations"], shaded["z"], strict=True))
    # China: Фокус and Коммерсантъ ("российских и китайских ресурсов": its adjective)
    assert by_country["KAZ"] == 5 and by_country["EGY"] == 2 and by_country["CHN"] == 2
    assert shaded["showscale"] is True and shaded["zmin"] == 1 and shaded["zmax"] == 5
    hover = shaded["hovertext"][shaded["locations"].index("EGY")]
    assert hover.startswith("<b>Egypt</b> (Египет) — 2 sources<br>")
    assert "До этого момента в арабском мире лишь Египет и Иордания" in hover  # seed 000's sentence
    assert not re.search(r"https?://", at.get("plotly_chart")[0].proto.spec)


def test_places_follow_the_source_filter_and_filter_on_click(no_pack, run):
    at = run(no_pack, "map")
    at.multiselect(key="source").set_value(["Фокус"]).run()
    places = frame_with(at, "ISO3", "Country", "Sources").set_index("ISO3")
    assert {"RUS", "CHN", "UKR", "KAZ"} <= set(places.index) and set(places["Sources"]) == {1}
    assert "EGY" not in places.index  # Фокус does not name Egypt
    at.selectbox(key="place").select("loc:china").run()
    sentences = frame_with(at, "Article", "Sentence")
    assert list(sentences["Article"]) == ["Фокус · 2025-11-07 · Касым-Жомарт Токаев в Вашингтоне…"]
    assert "Китай" in sentences["Sentence"].iloc[0] or "Китая" in sentences["Sentence"].iloc[0]
    at.button[0].click().run()
    assert at.multiselect(key="entity").value == ["loc:china"]


def test_discrepancies_without_claims_say_why(no_pack, run):
    at = run(no_pack, "discrepancies")
    assert at.info[0].value == (
        "No discrepancy here: no two of the selected sources state incompatible values about the same subject."
    )
    overview = run(no_pack, "overview")
    assert "No two of the selected sources state incompatible values about the same subject." in texts(
        overview, "caption"
    )


def test_overview_states_the_story_from_the_data(no_pack, run):
    at = run(no_pack, "overview")
    sentence = texts(at)[0].replace("\\", "")
    assert sentence.startswith(
        "5 articles from 2 outlets, 7 Nov 2025, most about Kazakhstan, United States and Israel; "
        "most-covered event: “"
    )
    # the span most sources give, as years, with one source's wider span shown as a disagreement
    assert sentence.endswith("” (2020–2021; sources disagree: 2020–2025 at the widest; 5 articles).")


COST = "Стоимость газопровода «Газпрома» составляет {}."
LENGTH = "Протяженность газопровода «Газпрома» составляет {}."
OUTLETS = {  # article -> (outlet, text): the cost figures of issue 11, in outlets of their own
    "000_a": ("Газета А", COST.format("8 млрд евро") + " " + LENGTH.format("1224 км")),
    "001_b": ("Газета Б", COST.format("10 млрд евро") + " " + LENGTH.format("более 1200 километров")),
    "002_c": ("Газета В", COST.format("9,5 млрд. евро")),
}


@pytest.fixture(scope="module")
def amounts(tmp_path_factory) -> Path:
    """Three articles without a pack that disagree on an amount (and agree on a length), built for real."""
    from analysis.build.run import build_tables, write_tables

    root = tmp_path_factory.mktemp("amounts")
    corpus = root / "corpus"
    corpus.mkdir()
    for day, (name, (_, text)) in enumerate(OUTLETS.items(), start=1):
        (corpus / f"{name}.txt").write_text(f" date 2021-06-0{day} {text}\n", encoding="utf-8")
    sources = [(f"{name}.txt", outlet) for name, (outlet, _) in OUTLETS.items()]
    pd.DataFrame(sources, columns=["file", "outlet"]).to_csv(corpus / "sources.csv", index=False)
    tables, manifest = build_tables(corpus, engine="natasha", cache=False)
    write_tables(tables, manifest, root / "data")
    return root / "data"


def test_discrepancies_show_amounts_in_their_sentences(amounts, run):
    at = run(amounts, "discrepancies")
    assert at.button_group(key="kind").options == ["Quantities (amounts, distances, counts…)"]
    assert texts(at)[0] == "1 discrepancy among 3 sources."
    said = [t.replace("\\", "") for t in texts(at) if "  \n" in t]
    assert said == [  # from the lowest amount up; "более 1200 километров" and "1224 км" agree
        "**8 млрд евро**  \nГазета А · 2021-06-01",
        "**9,5 млрд. евро**  \nГазета В · 2021-06-03",
        "**10 млрд евро**  \nГазета Б · 2021-06-02",
    ]
    assert (
        'Стоимость газопровода «Газпрома» составляет <span class="sl-value" title="9,5 млрд. евро">'
        "9,5 млрд. евро</span>." in html(at)
    )
    overview = run(amounts, "overview")
    lines = [
        line.replace("\\", "") for t in texts(overview) for line in t.split("\n") if line.startswith("- **")
    ]
    assert lines == [
        "- **8 млрд евро** — Газета А",
        "- **9,5 млрд. евро** — Газета В",
        "- **10 млрд евро** — Газета Б",
    ]


# --- with the seeds' pack -------------------------------------------------------------------------


def test_map_shows_the_pack_roles_then_places(data_dir, run):
    pack = json.loads((data_dir / MANIFEST).read_text())["story"]
    at = run(data_dir, "map")
    assert at.subheader[0].value == pack["map_title"]
    labels = {r["code"]: r["label"] for r in pack["roles"]}
    legend = [t["name"] for t in traces(at) if t["type"] == "choroplethmap" and t.get("showlegend")]
    assert legend == [
        labels["signatory"],
        labels["mediator"],
        labels["prospective"],
        labels["prior_treaty"],
        "Contested",
    ]
    colours = {t["name"]: t["colorscale"][0][1] for t in traces(at) if t.get("showlegend")}
    assert colours[labels["signatory"]] == next(
        r["colour"] for r in pack["roles"] if r["code"] == "signatory"
    )
    signatories = next(t for t in traces(at) if t["name"] == labels["signatory"])
    kazakhstan = signatories["hovertext"][signatories["locations"].index("KAZ")]
    assert f"{labels['signatory']} 2025 (planned)<br>" in kazakhstan  # seed 000: it plans to join
    roles = frame_with(at, "Country", "ISO3", "Role").set_index("ISO3")
    stated = roles.loc["EGY", "As each source states it"].split("; ")  # "article: role year (modality)"
    assert [part.rsplit(": ", 1)[1] for part in stated] == [
        f"{labels['prior_treaty']} 1979",
        f"{labels['signatory']} (done)",
    ]
    at.button_group(key="layer").set_value("Places").run()
    assert at.subheader[0].value == "Places: every country and city the articles name"
    assert frame_with(at, "ISO3", "Country", "Sources").set_index("ISO3").loc["KAZ", "Sources"] == 5


def test_discrepancies_show_every_source_with_its_value(data_dir, run):
    at = run(data_dir, "discrepancies")
    headings = [t for t in texts(at) if " — " in t and t.startswith("**")]
    assert [h.replace("\\", "") for h in headings] == [  # English names; the pack's agreement
        "**Abraham Accords** — Abraham Accords: years · 4 sources · Time spans",
        "**Sudan** — Abraham Accords: role · 3 sources · Roles and status",
        "**Egypt** — Abraham Accords: role · 2 sources · Roles and status",
    ]
    said = [t.replace("\\", "") for t in texts(at) if t.startswith("**") and "  \n" in t]
    egypt = said[-2:]
    assert egypt == [
        "**Earlier treaty**  \nUnknown outlet · 2025-11-07 · Казахстан планирует присоединиться к…",
        "**Signatory**  \nUnknown outlet · 2025-11-07 · Казахстан стал первой страной,…",
    ]
    assert "**2020–2025**  \nФокус · 2025-11-07" in said  # a known outlet with the article's date
    body = html(at)
    assert '<span class="sl-value" title="2020–2025">в 2020—2025 годах</span>' in body  # Фокус's value
    assert body.count('class="sl-value"') == 9
    links = [link for link in at.get("page_link") if link.proto.label == "Open article"]
    assert len(links) == 9 and links[0].proto.page.endswith("article")
    table = frame_with(at, "Rank", "Kind", "Subject", "Value", "Source")
    assert len(table) == 9 and list(table["Rank"].drop_duplicates()) == [1, 2, 3]
    compare = [link.proto.query_string for link in at.get("page_link") if link.proto.page.endswith("compare")]
    # 2020–2021 against Фокус's 2020–2025, each statement's sentence marked on Compare
    assert compare[0].startswith(f"a=000_2889c3e23c9954a7&b={FOKUS}&sentence=000_2889c3e23c9954a7%3A")
    # Egypt: earlier treaty, signatory
    assert compare[2].startswith("a=000_2889c3e23c9954a7&b=001_f2c8b14476094b1d&sentence=")


def test_discrepancies_follow_kind_and_source_filters(data_dir, run):
    at = run(data_dir, "discrepancies")
    at.button_group(key="kind").set_value(["role"]).run()
    subjects = [t.split("**")[1] for t in texts(at) if t.startswith("**") and " — " in t]
    assert subjects == ["Sudan", "Egypt"]
    at = run(data_dir, "discrepancies", source=["Фокус", "Коммерсантъ"])
    table = frame_with(at, "Rank", "Kind", "Subject", "Value", "Source")
    assert sorted(zip(table["Source"], table["Value"], strict=True)) == [
        ("Коммерсантъ", "2020–2021"),
        ("Фокус", "2020–2025"),
    ]
    at = run(data_dir, "discrepancies", source=["Коммерсантъ"])  # one source cannot disagree with itself
    assert at.info[0].value.startswith("No discrepancy here")


def test_overview_names_the_story_and_its_top_discrepancies(data_dir, run):
    pack = json.loads((data_dir / MANIFEST).read_text())["story"]
    at = run(data_dir, "overview")
    assert texts(at)[0].replace("\\", "") == f"**{pack['name']}** — {pack['summary']}"
    assert texts(at, "caption")[0].replace("\\", "").startswith("5 articles from 2 outlets, 7 Nov 2025")
    lines = [line.replace("\\", "") for t in texts(at) for line in t.split("\n") if line.startswith("- **")]
    assert lines[-2:] == [
        "- **Earlier treaty** — Unknown outlet · 2025-11-07 · Казахстан планирует присоединиться к…",
        "- **Signatory** — Unknown outlet · 2025-11-07 · Казахстан стал первой страной,…",
    ]
    assert "- **2020–2025** — Фокус" in lines
    link = next(link for link in at.get("page_link") if link.proto.page.endswith("discrepancies"))
    assert link.proto.label == "Read them in their sentences"


def _discrepancy_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "contradiction_id": ["a", "a", "a", "b", "b"],
            "rank": [1, 1, 1, 2, 2],
            "relation": ["contradiction"] * 5,
            "article_id": ["x1", "x2", "y1", "x1", "y1"],
            "value": ["8 млрд евро", "10 млрд евро", "8 миллиардов евро", "1224 км", "1 224 километра"],
            "low": [8e9, 1e10, 8e9, 1224e3, 1224e3],
            "high": [8e9, 1e10, 8e9, 1224e3, 1224e3],
            "unit": ["EUR", "EUR", "EUR", "m", "m"],
            "moment": [""] * 5,
        }
    )


def test_discrepancy_rows_keep_two_disagreeing_sources():
    from dashboard.data.story import disputed

    rows = _discrepancy_rows()
    source_of = {"x1": "X", "x2": "X", "y1": "Y"}
    kept = disputed(rows, source_of)
    assert list(kept["contradiction_id"]) == ["a", "a", "a"]  # "b": one length spelt two ways
    assert list(kept["article_id"]) == ["x1", "y1", "x2"]  # lowest first: 8 (spelt two ways), then 10
    only_x = disputed(rows[rows["article_id"] != "y1"], source_of)
    assert only_x.empty  # one outlet's two articles are not a cross-source discrepancy
    assert len(disputed(rows.iloc[:0], source_of)) == 0


def test_an_update_reads_as_the_figures_timeline():
    """An update's rows in the order the figures were published (190 announced on the 26th, 250 on the
    28th), whatever their values; its moment is the week its day and its publication week share."""
    from dashboard.components.discrepancies import timeline
    from dashboard.data.story import disputed

    rows = (
        _discrepancy_rows()
        .iloc[:3]
        .assign(
            relation="update",
            value=["250", "190 рейсов", "190 рейсов"],
            low=[250.0, 190.0, 190.0],
            high=[250.0, 190.0, 190.0],
            unit="рейс",
            moment=["2018-W39", "2018-09-28", "2018-09-28"],
            modality=["", "expected", "expected"],
        )
    )
    published = {"x1": "2018-09-28", "x2": "2018-09-26", "y1": "2018-09-27"}
    kept = disputed(rows, {"x1": "X", "x2": "Z", "y1": "Y"}, published)
    assert list(kept["article_id"]) == ["x2", "y1", "x1"]
    assert set(kept["when"]) == {"2018-W39"}
    assert (
        timeline(kept)
        == "2018-09-26: 190 рейсов (expected) → 2018-09-27: 190 рейсов (expected) → 2018-09-28: 250"
    )


def test_a_crawls_one_host_leaves_articles_as_the_sources(data_dir, tmp_path, use_data):
    """Every article from one URL host, that host as every article's outlet (a crawl): outlets are
    not known, so a discrepancy's sources are its articles, and the page still lists it."""
    import shutil

    from analysis.core.schema import ARTICLES, TABLES
    from dashboard.data.articles import counted_sources, outlets_known
    from dashboard.data.load import load

    folder = tmp_path / "data"
    shutil.copytree(data_dir, folder)
    path = folder / TABLES[ARTICLES].file
    articles = pd.read_parquet(path)
    many = pd.concat([articles] * 2, ignore_index=True)  # ten articles, so one host is a crawl's
    many["article_id"] = [f"{a}_{i}" for i, a in enumerate(many["article_id"])]
    many = many.assign(
        url=[f"https://aggregator.example/{i}" for i in range(len(many))], outlet="aggregator.example"
    )
    many.to_parquet(path)
    use_data(folder)
    dataset = load()
    assert not outlets_known(dataset)
    sources = counted_sources(dataset)
    assert len(set(sources.values())) == len(many)  # one source per article, not the host


def test_no_story_words_in_the_dashboard():
    """Everything particular to a story reaches the dashboard as data (the manifest's pack, the tables)."""
    root = Path(APP).parent
    found = [
        (path.name, line.strip())
        for path in root.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if STORY_WORDS.search(line)
    ]
    assert found == []


def test_places_at_scale_is_one_groupby(data_dir):
    """Places from a mentions table of 100,000 rows: the LOC rows with an ISO3 only, counted per source."""
    from dashboard.data.places import country_mentions, place_table

    mentions = pd.read_parquet(data_dir / TABLES[MENTIONS].file)
    entities = pd.read_parquet(data_dir / TABLES[ENTITIES].file)
    copies = 400
    many = pd.concat([mentions.assign(article_id=mentions["article_id"] + f"-{k}") for k in range(copies)])
    hits = country_mentions(many, entities)
    source_of = {a: a.split("_")[0] for a in hits["article_id"].unique()}  # 5 sources, 400 articles each
    table = place_table(hits.assign(source=hits["article_id"].map(source_of)), {}, {}).set_index("iso3")
    single = country_mentions(mentions, entities)
    assert len(hits) == copies * len(single)
    assert table.loc["KAZ", ["n_sources", "n_articles", "n_mentions"]].tolist() == [
        5,
        5 * copies,
        41 * copies,
    ]


def test_about_lists_the_pack_roles_or_says_there_is_none(data_dir, no_pack, run):
    pack = json.loads((data_dir / MANIFEST).read_text())["story"]
    roles = frame_with(run(data_dir, "about"), "Label", "Code", "Description")
    assert list(roles["Code"]) == [r["code"] for r in pack["roles"]]
    assert list(roles["Label"]) == [r["label"] for r in pack["roles"]]
    captions = texts(run(no_pack, "about"), "caption")
    assert any(c.startswith("None: the corpus has no `story.toml`") for c in captions)


def test_article_marks_the_values_other_sources_dispute(amounts, run):
    body = html(run(amounts, "article", article="001_b"))
    disputed = "Gazprom · Газпром — стоимость (amount of газопровод): 10 млрд евро (disputed among 3 articles)"  # in words
    assert f'<span class="sl-value" title="{disputed}">10 млрд евро</span>' in body
    assert "более 1200 километров</span>" not in body  # agrees with "1224 км": not disputed


# --- the BSNLP clusters, built as a user's corpora --------------------------------------------------


def _sources_naming(data: Path, iso3: str) -> int:
    """Outlets of the articles that name a country (or its capital), counted from the tables alone."""
    mentions = pd.read_parquet(data / TABLES[MENTIONS].file)
    entities = pd.read_parquet(data / TABLES[ENTITIES].file)
    articles = pd.read_parquet(data / TABLES[ARTICLES].file).set_index("article_id")
    naming = mentions[mentions["entity_id"].isin(entities.loc[entities["iso3"] == iso3, "entity_id"])]
    outlets = articles.loc[naming["article_id"].unique(), "outlet"]
    return outlets.where(outlets != "", outlets.index).nunique()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "first", "opening"),
    [
        # Germany first since its adjective counts as a mention of it ("немецких пилотов", "немецкого профсоюза")
        ("ryanair", "DEU", "148 articles from 32 outlets, Feb 2018 – Jan 2019, most about Ryanair"),
        (
            "asia_bibi",
            "PAK",
            "108 articles from 50 outlets, Oct 2014 – Feb 2019, most about Asia Bibi, Pakistan",
        ),
    ],
)
def test_bsnlp_places_and_story(real_corpus, run, name, first, opening):
    """Without a pack: Places ranks the countries by sources, Overview says what the corpus is about."""
    built = real_corpus(name)
    assert built.manifest["story"] == {}
    at = run(built.data, "map")
    places = frame_with(at, "ISO3", "Country", "Sources").set_index("ISO3")
    assert places.index[0] == first
    for iso3 in places.index[:5]:
        assert places.loc[iso3, "Sources"] == _sources_naming(built.data, iso3), iso3
    assert texts(run(built.data, "overview"))[0].replace("\\", "").startswith(opening)


def test_places_per_source(no_pack, run):
    """The heatmap of mentions per source and country: the table's countries in its order."""
    at = run(no_pack, "map")
    heat = next(
        t for c in at.get("plotly_chart") for t in json.loads(c.proto.spec)["data"] if t["type"] == "heatmap"
    )
    places = frame_with(at, "ISO3", "Country", "Sources")
    assert heat["x"] == list(places["Country"])
    assert set(heat["y"]) == {"Фокус", "Коммерсантъ"} | {
        y for y in heat["y"] if y.startswith("Unknown outlet · ")
    }
    assert len(heat["y"]) == 5
    from dashboard.data.places import country_mentions, place_table, source_places

    articles = pd.read_parquet(no_pack / TABLES[ARTICLES].file)
    mentions = pd.read_parquet(no_pack / TABLES[MENTIONS].file)
    hits = country_mentions(mentions, pd.read_parquet(no_pack / TABLES[ENTITIES].file))
    outlet = dict(
        zip(
            articles["article_id"],
            articles["outlet"].where(articles["outlet"] != "", articles["article_id"]),
            strict=True,
        )
    )
    hits = hits.assign(source=hits["article_id"].map(outlet))
    matrix = source_places(hits, place_table(hits, {"loc:russia": "Russia"}, {}), 5)
    assert list(matrix.columns[:3]) == [
        "loc:kazakhstan",
        "loc:united-states",
        "loc:israel",
    ]  # unnamed: the id
    assert len(matrix) == 5
    fokus = mentions[mentions["article_id"] == FOKUS]
    assert (
        matrix.loc["Фокус", "loc:kazakhstan"]
        == fokus["entity_id"].isin(["loc:kazakhstan", "loc:astana"]).sum()
    )


def test_pack_whose_roles_no_article_states(data_dir, run, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(data_dir, folder)
    roles = pd.read_parquet(folder / TABLES[ROLES].file)
    roles.iloc[:0].to_parquet(folder / TABLES[ROLES].file, index=False)
    at = run(folder, "map")
    assert [i.value for i in at.info] == [
        "No article states any of the story pack's roles: see Places for the countries they name."
    ]
    at.button_group(key="layer").set_value("Places").run()
    assert frame_with(at, "ISO3", "Country", "Sources").set_index("ISO3").loc["KAZ", "Sources"] == 5
