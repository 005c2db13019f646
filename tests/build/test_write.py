"""Writing the tables: the same values give the same bytes, and the same inputs the same manifest."""

from __future__ import annotations

import json

import pandas as pd

from analysis.build.write import write_table, write_tables
from analysis.core.schema import MANIFEST

ROWS = {"article_id": ["a", "b"], "title": ["Казахстан", None], "n": [1, 2]}


def test_a_table_of_strings_is_written_alike_however_it_was_assembled(tmp_path):
    """pandas 3 makes a fresh column of strings ``str`` but keeps ``object`` where cached rows were
    concatenated: both are written to the same bytes, so an unchanged table never shows as changed."""
    fresh = pd.DataFrame(ROWS)
    concatenated = pd.DataFrame(ROWS).astype({"article_id": object, "title": object})
    write_table(fresh, tmp_path / "fresh.parquet")
    write_table(concatenated, tmp_path / "concatenated.parquet")
    assert (tmp_path / "fresh.parquet").read_bytes() == (tmp_path / "concatenated.parquet").read_bytes()
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "fresh.parquet"), pd.DataFrame(ROWS))


def test_the_manifest_keeps_the_time_its_inputs_were_first_written(tmp_path):
    """A build of inputs written here before (an article added, then removed) gets that build's
    ``created``, so its manifest is byte for byte the earlier one; other inputs get their own time."""
    out = tmp_path / "data"
    tables = {"articles": pd.DataFrame(ROWS)}
    first = {"input_hash": "one", "created": "2026-01-01T00:00:00+00:00"}
    write_tables(tables, dict(first), out)
    written = (out / MANIFEST).read_bytes()
    write_tables(tables, {"input_hash": "two", "created": "2026-01-02T00:00:00+00:00"}, out)
    assert json.loads((out / MANIFEST).read_text())["created"] == "2026-01-02T00:00:00+00:00"
    again = {"input_hash": "one", "created": "2026-01-03T00:00:00+00:00"}
    write_tables(tables, again, out)
    assert (out / MANIFEST).read_bytes() == written
    assert again["created"] == first["created"], "the manifest the build returns says so too"
