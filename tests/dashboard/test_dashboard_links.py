"""Links that survive sharing: the article, the pair compared and the sidebar filters live in the URL as
ids, a pasted URL opens the same view, and an older link (labels, or an entity renamed since) still
resolves where it can. Pure functions of ``dashboard.links`` first, then the app in AppTest."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

import iuliia
import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from analysis.core.schema import ENTITIES, TABLES, Col, entity_id_for
from dashboard import links
from tests.dashboard.pages import FIRST, FOKUS, KOMMERSANT, SECOND, THIRD, cards
from tests.helpers import launch

NETANYAHU = "Биньямин Нетаньяху"  # named in articles 000, 001 and 003 of the seeds
OLD_LABEL = f"Binyamin Netanyakhu · {NETANYAHU} (PER)"
GONE = "Nobody Atall · Никто Нигде (PER)"


# --- reading a link -------------------------------------------------------------------------------


def test_known_keeps_ids_maps_labels_and_sets_apart_the_rest():
    labels = {"a1": "Коммерсантъ", "b2": "Unknown outlet · 2025-11-07 · Казахстан"}
    assert links.known(["b2", "Коммерсантъ", "b2", "nothing"], labels) == (["b2", "a1"], ["nothing"])
    assert links.known(["Unknown outlet · 2025-11-07 · Казахстан"], labels) == (["b2"], [])


def entities_frame(*rows: tuple[str, str, str, str, list[str]]) -> pd.DataFrame:
    columns = [Col.ENTITY_ID, Col.NAME, Col.NAME_EN, Col.TYPE, Col.ALIASES]
    return pd.DataFrame([dict(zip(columns, row, strict=True)) for row in rows])


RENAMED = entities_frame(
    ("per:benjamin-netanyahu", NETANYAHU, "Benjamin Netanyahu", "PER", ["Нетаньяху", "Биньямина Нетаньяху"]),
    ("loc:white-house", "Белый дом", "White House", "LOC", ["Белый дом", "Белого дома"]),
    ("org:white-house", "Белый дом", "White House Inc", "ORG", ["Белый дом"]),
)


def test_an_old_link_finds_entities_renamed_since():
    labels = {
        e: f"{en} · {ru} ({t})"
        for e, ru, en, t in RENAMED[[Col.ENTITY_ID, Col.NAME, Col.NAME_EN, Col.TYPE]].values
    }
    keys = links.entity_keys(RENAMED)
    values = [
        "per:binyamin-netanyakhu",  # the id it had while its English name was a transliteration
        "Bely dom · Белый дом (LOC)",  # a label of an older build: its Russian name, of its type
        "White House Inc · Белый дом (ORG)",  # today's label
        "Netanyahu B. · Нетаньяху (PER)",  # a form seen in the corpus
        "loc:bely-dom",  # two entities had that id's name (LOC and ORG): the LOC one, by its type
        "Netanyakhu · Нетаньяху (Person)",  # a label naming its type otherwise: the name alone
        "Bely dom · Белый дом (Place)",  # ... two entities have the name: dropped
        "per:benjamin-netanyahu",
        GONE,
        "misc:nothing",
    ]
    assert links.entity_ids(values, labels, keys) == (
        ["org:white-house", "per:benjamin-netanyahu", "loc:white-house"],
        ["Bely dom · Белый дом (Place)", GONE, "misc:nothing"],
    )


def test_an_id_is_the_type_and_the_english_name_the_build_gives():
    """``schema.entity_id_for`` makes ids for the build and for links that name an older one; an entity
    without an English name gets ``iuliia.WIKIPEDIA``'s, in the build as in ``links.entity_keys``."""
    assert entity_id_for("PER", iuliia.WIKIPEDIA.translate(NETANYAHU)) == "per:binyamin-netanyakhu"
    assert entity_id_for("LOC", "United Arab Emirates") == "loc:united-arab-emirates"
    assert entity_id_for("ORG", "Lada.kz") == "org:lada-kz"


def test_date_range_is_two_iso_dates_inside_the_bounds():
    bounds = (date(1979, 3, 26), date(2025, 11, 7))
    assert links.date_range(["2025-11-30", "2025-11-01"], bounds) == (date(2025, 11, 1), date(2025, 11, 7))
    assert links.date_range(["2025-11-01"], bounds) is None
    assert links.date_range(["November", "2025-11-01"], bounds) is None
    assert links.date_range(["2030-01-01", "2031-01-01"], bounds) is None


# --- the app --------------------------------------------------------------------------------------


def run(folder: Path, page: str, monkeypatch, **query: str | list[str]) -> AppTest:
    """A fresh session (a pasted URL) on ``page`` with ``query`` in its address."""
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))
    return launch(page, **query)


def shown_file(at: AppTest) -> str:
    """The file name the article view shows under its heading."""
    line = next(md.value for md in at.markdown if md.value.startswith("**Published:**"))
    return line.split("**File:** ")[1].strip("`")


def test_article_id_in_the_url_opens_that_article_and_follows_the_choice(data_dir, monkeypatch):
    at = run(data_dir, "article", monkeypatch, article=THIRD)
    assert at.selectbox(key="article").value == THIRD
    assert shown_file(at) == f"{THIRD}.txt"
    assert at.query_params == {"article": THIRD}
    at.selectbox(key="article").set_value(FOKUS).run()
    assert at.title[0].value == "Фокус" and at.query_params == {"article": FOKUS}


def test_a_label_link_of_an_article_still_opens_it(data_dir, monkeypatch):
    """``bind="query-params"`` wrote the article's label into the URL: such links keep working."""
    at = run(
        data_dir,
        "article",
        monkeypatch,
        article="Коммерсантъ · date unknown · Ожидается, что президент Казахстана…",
    )
    assert at.selectbox(key="article").value == KOMMERSANT and at.query_params == {"article": KOMMERSANT}


def link_query(link) -> dict[str, list[str]]:
    return parse_qs(link.proto.query_string)


def test_open_article_links_carry_the_article_and_the_filters(data_dir, monkeypatch):
    at = run(data_dir, "overview", monkeypatch)
    at.multiselect(key="entity").set_value(["loc:egypt"]).run()
    assert at.query_params == {"entity": "loc:egypt"}  # an id, not the label
    opened = [link_query(link) for link in at.get("page_link") if link.proto.label == "Open article"]
    assert opened == [
        {"entity": ["loc:egypt"], "article": [FIRST]},
        {"entity": ["loc:egypt"], "article": [SECOND]},
    ]
    # Following one: the article opens, the filter stays in the URL.
    at = run(data_dir, "article", monkeypatch, **{k: v[0] for k, v in opened[1].items()})
    assert at.selectbox(key="article").value == SECOND
    assert at.query_params == {"entity": "loc:egypt", "article": SECOND}
    assert at.multiselect(key="entity").value == ["loc:egypt"]


def test_filters_are_ids_in_the_url(data_dir, monkeypatch):
    at = run(data_dir, "overview", monkeypatch)
    at.multiselect(key="source").set_value(["Фокус", THIRD]).run()  # an unknown outlet: the article's id
    at.multiselect(key="type").set_value(["LOC"]).run()
    at.date_input(key="dates").set_value((date(2025, 11, 1), date(2025, 11, 30))).run()
    assert at.query_params == {
        "source": ["Фокус", THIRD],
        "type": "LOC",
        "dates": ["2025-11-01", "2025-11-30"],
    }
    shared = run(data_dir, "overview", monkeypatch, **at.query_params)
    assert cards(shared) == {FOKUS, THIRD}
    assert shared.multiselect(key="source").value == ["Фокус", THIRD]
    assert shared.date_input(key="dates").value == (date(2025, 11, 1), date(2025, 11, 30))


def test_a_link_to_what_no_longer_exists_says_so(data_dir, monkeypatch):
    at = run(data_dir, "overview", monkeypatch, entity=[GONE, "loc:egypt"], source="Ghost Gazette")
    assert at.multiselect(key="entity").value == ["loc:egypt"]
    assert at.multiselect(key="source").value == []
    assert cards(at) == {FIRST, SECOND}
    notes = [c.value for c in at.caption if "left out of the link" in c.value]
    assert notes == [
        ":material/link_off: Not among the choices, left out of the link's source / outlet: “Ghost Gazette”.",
        ":material/link_off: Not among the choices, left out of the link's entities: "
        "“Nobody Atall · Никто Нигде \\(PER\\)”.",
    ]
    assert at.query_params == {"entity": "loc:egypt"}


def renamed(folder: Path, target: Path, russian: str, name_en: str) -> tuple[Path, str]:
    """A copy of the tables in ``folder`` as a build that names entity ``russian`` ``name_en`` writes them:
    its English name and, derived from it, its id everywhere; the copy and the new id."""
    shutil.copytree(folder, target)
    entities = pd.read_parquet(target / TABLES[ENTITIES].file)
    row = entities[entities[Col.NAME] == russian].iloc[0]
    old, new = row[Col.ENTITY_ID], entity_id_for(row[Col.TYPE], name_en)

    def swap(value):
        if isinstance(value, np.ndarray | list):
            return [new if v == old else v for v in value]
        return new if value == old else value

    for file in target.glob("*.parquet"):
        frame = pd.read_parquet(file)
        for column in frame.columns:
            frame[column] = frame[column].map(swap)
        if file.name == TABLES[ENTITIES].file:
            frame.loc[frame[Col.NAME] == russian, Col.NAME_EN] = name_en
        frame.to_parquet(file, index=False)
    return target, new


def test_a_shared_filter_survives_a_rebuild_that_renames_the_entity(data_dir, monkeypatch, tmp_path):
    """An analyst shares the overview filtered on Netanyahu from a build that calls him by the
    transliteration; the next build calls him "Benjamin Netanyahu" (a new id, since ids derive from
    English names): the link opens the same articles, and so does a link of the label era."""
    before, old = renamed(data_dir, tmp_path / "before", NETANYAHU, "Binyamin Netanyakhu")
    at = run(before, "overview", monkeypatch)
    at.multiselect(key="entity").set_value([old]).run()
    url = dict(at.query_params)
    assert url == {"entity": "per:binyamin-netanyakhu"}
    assert cards(at) == {FIRST, SECOND, KOMMERSANT}

    after, new = renamed(data_dir, tmp_path / "after", NETANYAHU, "Benjamin Netanyahu")
    for query in (url, {"entity": OLD_LABEL}):
        shared = run(after, "overview", monkeypatch, **query)
        assert shared.multiselect(key="entity").value == [new] == ["per:benjamin-netanyahu"]
        assert cards(shared) == {FIRST, SECOND, KOMMERSANT}
        assert shared.query_params == {"entity": new}
        assert not [c.value for c in shared.caption if "left out of the link" in c.value]


def test_compare_pair_in_the_url(data_dir, monkeypatch):
    at = run(data_dir, "compare", monkeypatch, a=FOKUS, b=THIRD)
    assert (at.selectbox(key="a").value, at.selectbox(key="b").value) == (FOKUS, THIRD)
    assert at.query_params == {"a": FOKUS, "b": THIRD}
    at.selectbox(key="b").set_value(KOMMERSANT).run()
    assert at.query_params == {"a": FOKUS, "b": KOMMERSANT}
    only_a = run(data_dir, "compare", monkeypatch, a=FIRST)  # B: the first other article
    assert (only_a.selectbox(key="a").value, only_a.selectbox(key="b").value) == (FIRST, SECOND)


def test_the_discrepancies_compare_link_opens_its_pair(data_dir, monkeypatch):
    at = run(data_dir, "discrepancies", monkeypatch)
    pairs = [link_query(link) for link in at.get("page_link") if link.proto.page.endswith("compare")]
    assert (pairs[0]["a"], pairs[0]["b"]) == ([FIRST], [FOKUS])
    marked = pairs[0]["sentence"]  # the two statements, each marked and scrolled to on Compare
    assert [m.rpartition(":")[0] for m in marked] == [FIRST, FOKUS]
    compare = run(data_dir, "compare", monkeypatch, a=FIRST, b=FOKUS, sentence=marked)
    assert (compare.selectbox(key="a").value, compare.selectbox(key="b").value) == (FIRST, FOKUS)
    assert any("marked in yellow" in c.value for c in compare.caption)
    plain = run(data_dir, "compare", monkeypatch, a=FIRST, b=FOKUS)
    assert not any("marked in yellow" in c.value for c in plain.caption)


def test_the_type_filter_reads_in_words_and_keeps_codes_in_the_url(data_dir, monkeypatch):
    at = run(data_dir, "overview", monkeypatch, type="ORG")
    types = at.multiselect(key="type")
    assert (types.options, types.value) == (["Person", "Organisation", "Place", "Other"], ["ORG"])
    types.set_value(["ORG", "LOC"]).run()
    assert at.query_params == {"type": ["ORG", "LOC"]}


def test_the_entity_in_focus_is_an_id_in_the_url(data_dir, monkeypatch, tmp_path):
    """The Entities page's focus is shared by id; a link of the label era, and an id of an entity
    renamed since, open the same entity."""
    at = run(data_dir, "entities", monkeypatch, focus="loc:egypt")
    assert at.selectbox(key="focus").value == "loc:egypt" and at.query_params == {"focus": "loc:egypt"}
    assert at.subheader[0].value == "Mentions of Egypt · Египет \\(Place\\)"
    at.selectbox(key="focus").set_value("loc:israel").run()
    assert at.query_params == {"focus": "loc:israel"}
    label = run(data_dir, "entities", monkeypatch, focus="Egypt · Египет (Place)")
    assert label.selectbox(key="focus").value == "loc:egypt" and label.query_params == {"focus": "loc:egypt"}

    before, old = renamed(data_dir, tmp_path / "before", NETANYAHU, "Binyamin Netanyakhu")
    after, new = renamed(data_dir, tmp_path / "after", NETANYAHU, "Benjamin Netanyahu")
    for query in (old, OLD_LABEL):
        shared = run(after, "entities", monkeypatch, focus=query)
        assert shared.selectbox(key="focus").value == new and shared.query_params == {"focus": new}
    gone = run(data_dir, "entities", monkeypatch, focus=GONE)
    assert gone.selectbox(key="focus").value == "loc:kazakhstan"  # the most mentioned
    assert [c.value for c in gone.caption if "left out of the link" in c.value] == [
        ":material/link_off: Not among the choices, left out of the link's entity: "
        "“Nobody Atall · Никто Нигде \\(PER\\)”."
    ]


def test_the_kinds_of_discrepancy_are_codes_in_the_url(data_dir, monkeypatch):
    at = run(data_dir, "discrepancies", monkeypatch, kind="role")
    kinds = at.pills(key="kind")
    assert (kinds.options, kinds.value) == (["Time spans", "Roles and status"], ["role"])
    assert at.query_params == {"kind": "role"}
    kinds.set_value(["span", "role"]).run()
    assert at.query_params == {"kind": ["span", "role"]}
    label = run(data_dir, "discrepancies", monkeypatch, kind="Roles and status")  # the label era's link
    assert label.pills(key="kind").value == ["role"] and label.query_params == {"kind": "role"}


def test_an_article_link_to_the_front_page_keeps_every_filter(data_dir, monkeypatch):
    """`/?article=ID&entity=A&entity=B` opens the article with both entities chosen (the redirect to
    the Article page kept only the last value of a repeated parameter)."""
    at = run(data_dir, "overview", monkeypatch, article=FOKUS, entity=["loc:egypt", "loc:israel"])
    assert at.title[0].value == "Фокус"
    assert at.multiselect(key="entity").value == ["loc:egypt", "loc:israel"]


def test_the_event_in_focus_is_an_id_in_the_url(data_dir, monkeypatch):
    """Timeline's event list wrote the event's label, cut with "…", into the URL: now its cluster id."""
    clusters = pd.read_parquet(data_dir / "event_clusters.parquet").set_index("cluster_id")["label"]
    first, second = sorted(clusters.index)[:2]
    at = run(data_dir, "timeline", monkeypatch, event=second)
    assert at.selectbox(key="event").value == second and at.query_params["event"] == second
    at.selectbox(key="event").set_value(first).run()
    assert at.query_params["event"] == first
    assert at.subheader[0].value.endswith(clusters[first])
