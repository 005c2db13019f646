"""About shows the quality report (analysis/core/review.py) of the loaded tables: four counts and a
table per list, on the seeds' committed tables (data/)."""

from __future__ import annotations

import pytest

from tests.corpora import ROOT
from tests.helpers import launch


def test_about_shows_the_quality_report(use_data):
    folder = ROOT / "data"
    if not (folder / "entities.parquet").is_file():
        pytest.skip("data/ holds no built tables")
    use_data(folder)
    at = launch("about")
    assert "Quality report" in [h.value for h in at.subheader]
    metrics = {m.label: m.value for m in at.metric}
    counts = {"English name transliterated": "3", "Typed two ways": "0", "Stray spellings": "0"}
    counts["Places named once"] = "11"  # the USSR among them, by its adjective ("бывших советских республик")
    assert {label: metrics.get(label) for label in counts} == counts
    labels = [e.label for e in at.expander]
    assert "English name transliterated (3)" in labels and "Places named once (11)" in labels
    shown = [d.value for d in at.dataframe if "Russian name" in d.value.columns]
    assert set(shown[0]["Russian name"]) == {"Касым-Жомарт Токаев", "Донбасс", "Фокус"}
    assert len(shown[1]) == 11 and "The mention" in shown[1].columns
