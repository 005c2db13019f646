"""Defects a new user met (issue 24), each on real data: a Latin query on Search finds the Russian
forms of what it names; coverage over a long span opens on readable bars; Compare opened from a
discrepancy marks and scrolls to the two disputed sentences; About names no server path; the Map's
role table shows each source's modality."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from urllib.parse import parse_qs

import pandas as pd
import pytest

from analysis.core.schema import MENTIONS, SENTENCES
from tests.corpora import bsnlp_topic
from tests.dashboard.pages import FOKUS, frame_with, html
from tests.helpers import launch

ACCORDS = "misc:avraamovy-soglasheniya"  # the Abraham Accords in the seeds


# --- Search across scripts -------------------------------------------------------------------------


def test_a_latin_query_finds_the_russian_forms_of_what_it_names_and_says_so(app, tables):
    """ "Abraham" is in no seed as written; every page calls the accords "Abraham Accords": the search
    looks for their Russian forms too and says so, and finds exactly the sentences that mention them."""
    at = app("search")
    at.text_input(key="text").set_value("Abraham").run()
    said = " ".join(c.value for c in at.caption)
    assert "also searched for the Russian forms of **Abraham Accords** (Авраамовы соглашения" in said
    assert "22 matches in 21 sentences of 5 articles from 5 sources." in [m.value for m in at.markdown]
    hits = frame_with(at, "Sentence", "Found", "Article id", "Sentence no.")
    mentions = tables[MENTIONS][tables[MENTIONS]["entity_id"] == ACCORDS]
    assert set(zip(hits["Article id"], hits["Sentence no."], strict=True)) == set(
        zip(mentions["article_id"], mentions["sentence_id"], strict=True)
    )
    assert "Авраамским соглашениям" in set(hits["Found"])
    assert '<span class="sl-hit" title="match">Авраамским соглашениям</span>' in html(at)


def test_a_latin_query_naming_nothing_and_a_russian_one_search_as_written(app):
    at = app("search")
    at.text_input(key="text").set_value("strike").run()
    assert not [c for c in at.caption if "Russian forms" in c.value]
    assert [i.value for i in at.info] == ["No sentence of the selected articles contains “strike”."]
    at.text_input(key="text").set_value("авраам").run()  # in the text's own script: as written only
    assert not [c for c in at.caption if "Russian forms" in c.value]
    assert "24 matches in 22 sentences of 5 articles from 5 sources." in [m.value for m in at.markdown]


# --- Coverage volume over a long span ----------------------------------------------------------------


def _bsnlp_articles(name: str, folder: Path) -> pd.DataFrame:
    """A BSNLP cluster's outlets and publication dates, as its corpus's sources.csv gives them."""
    from analysis.tools.evaluate.bsnlp import to_corpus

    to_corpus(bsnlp_topic(name) / "raw" / "ru", folder)
    with (folder / "sources.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return pd.DataFrame({"published": [r["published"] for r in rows], "outlet": [r["outlet"] for r in rows]})


def _each(width: float | list[float], bars: list) -> list[float]:
    """A trace's bar widths, one per bar (Plotly takes one number for all)."""
    return list(width) if isinstance(width, list | tuple) else [width] * len(bars)


@pytest.mark.parametrize(("name", "unit"), [("ryanair", "week"), ("asia_bibi", "day")])
def test_coverage_over_a_long_span_opens_on_readable_bars_around_the_busiest(tmp_path, name, unit):
    """Ryanair's coverage runs from February 2018 to January 2019, most of it May to October: the chart
    opens on those months by week (by day, every bar was a hairline); asia_bibi's from 2014 to 2019, most
    of it in five weeks of 2018: by day. Every bar of the opening view is at least 12 px wide on a 700 px
    chart, and the busiest bar stands whole inside it, a bin clear of the edge."""
    from dashboard.components.charts import coverage, daily_coverage

    counts, undated = daily_coverage(_bsnlp_articles(name, tmp_path / "corpus"), "Unknown outlet")
    assert undated == 0
    layout = (figure := coverage(counts).to_plotly_json())["layout"]
    assert (
        layout["title"]["text"]
        == f"Articles per {unit}: the busiest {unit}s (the slider below shows every {unit})"
    )
    start, end = (pd.Timestamp(x) for x in layout["xaxis"]["range"])
    px_per_ms = 700 / (end - start).total_seconds() / 1000
    shown = [  # (the bar's middle, its width in ms, its articles), the bars the opening view shows
        (
            pd.Timestamp(x) + pd.Timedelta(milliseconds=offset + width / 2 if "offset" in trace else 0),
            width,
            y,
        )
        for trace in figure["data"]
        for x, width, offset, y in zip(
            trace["x"],
            _each(trace["width"], trace["x"]),
            _each(trace.get("offset", 0), trace["x"]),
            trace["y"],
            strict=True,
        )
    ]
    shown = [(middle, width, y) for middle, width, y in shown if start <= middle <= end]
    assert min(width for _, width, _ in shown) * px_per_ms >= 12
    per_bin = pd.DataFrame(shown, columns=["x", "width", "y"]).groupby(["x", "width"])["y"].sum()
    (middle, width) = per_bin.idxmax()
    half = pd.Timedelta(milliseconds=width / 0.8 / 2)
    assert (middle - half) - start >= 2 * half and end - (middle + half) >= 2 * half  # a bin clear


# --- Compare opened from a discrepancy --------------------------------------------------------------


def test_compare_opened_from_a_discrepancy_marks_and_scrolls_to_both_disputed_sentences(
    data_dir, use_data, tables
):
    """Every "Compare" link of Discrepancies names the two statements' sentences; Compare opened with it
    marks exactly those sentences (one on each side) and scrolls its two text boxes to them."""
    use_data(data_dir)
    discrepancies = launch("discrepancies")
    queries = [
        parse_qs(link.proto.query_string)
        for link in discrepancies.get("page_link")
        if "compare" in link.proto.page
    ]
    assert len(queries) >= 3
    sentences = tables[SENTENCES].set_index(["article_id", "sentence_id"])["text"]
    for query in queries:
        pointed = [tuple(v.rsplit(":", 1)) for v in query["sentence"]]
        assert [a for a, _ in pointed] == [query["a"][0], query["b"][0]]
        compare = launch("compare", **query)
        body = html(compare)
        for side, (article_id, sentence_id) in zip("AB", pointed, strict=True):
            marked = re.findall(
                rf'<span class="sl-focus" title="[^"]*"(?: id="sl-focus-{side}")?>(.*?)</span>', body
            )
            assert f'id="sl-focus-{side}"' in body and f'getElementById("sl-focus-{side}")' in body
            text = sentences[(article_id, int(sentence_id))]
            assert text.split()[0] in re.sub(r"<[^>]+>", "", "".join(marked))
        assert "The sentences the link points to are marked" in " ".join(c.value for c in compare.caption)


# --- About and the Map's role table -------------------------------------------------------------------


def test_about_names_the_data_folder_without_the_servers_path(data_dir, use_data):
    use_data(data_dir)  # a temporary folder, outside the project
    at = launch("about")
    shown = " ".join([c.value for c in at.caption] + [m.value for m in at.markdown])
    assert "Data folder: `$DASHBOARD_DATA_DIR`" in shown
    assert str(data_dir) not in shown and str(data_dir.parent) not in shown


def test_the_role_table_shows_each_sources_modality_as_the_hover_does(app):
    """Kazakhstan's row reads "Signatory (2025)", and beside it what each of the five sources says:
    planned, done, announced, expected, done (Kommersant gives no year)."""
    at = app("map")
    roles = frame_with(at, "Country", "Role", "As each source states it").set_index("ISO3")
    stated = roles.loc["KAZ", "As each source states it"].split("; ")
    assert roles.loc["KAZ", "Role"] == "Signatory (2025)"
    assert [s.split(": ")[-1] for s in stated] == [
        "Signatory 2025 (planned)",
        "Signatory 2025 (done)",
        "Signatory 2025 (announced)",
        "Signatory (expected)",
        "Signatory 2025 (done)",
    ]
    assert any(s.startswith("Фокус") and FOKUS for s in stated)
