"""The build's fixed costs around the stages: writing a table skips the trip of its strings through
Python objects yet gives pandas's bytes."""

from __future__ import annotations

import pandas as pd

from analysis.build import write
from analysis.build.write import as_arrow, canonical, write_table


def _pandas_bytes(frame: pd.DataFrame, path) -> bytes:
    canonical(frame).to_parquet(path, index=False)
    return path.read_bytes()


def _odd_strings() -> pd.DataFrame:
    """Strings as a build's tables hold them: missing values, a column of none (Arrow types it
    ``null`` through ``object``), Python-backed strings, and ``object`` columns beside them."""
    return pd.DataFrame(
        {
            "article_id": pd.array(["a", "a", "b"], dtype="str"),
            "text": pd.array(["Путин", None, "Москва"], dtype="str"),
            "reason": pd.array([None, None, None], dtype="str"),
            "lemma": pd.array(["путин", "москва", None], dtype=pd.StringDtype("python")),
            "kind": ["PER", None, float("nan")],
            "n": [1, 2, 3],
        }
    )


def test_every_seed_table_is_written_as_pandas_writes_it(tables, tmp_path):
    """Each table of the seeds (real text, ``str`` columns) and the same with ``object`` columns (as
    rows joined from the cache come) is written to the bytes ``to_parquet`` gives its ``canonical``
    form, and reads back equal."""
    frames = {**tables, "odd": _odd_strings(), "odd_empty": _odd_strings().iloc[:0]}
    assert any(isinstance(dtype, pd.StringDtype) for dtype in tables["tokens"].dtypes)
    for name, frame in frames.items():
        for form, shaped in (("as built", frame), ("object", canonical(frame))):
            write_table(shaped, tmp_path / "ours.parquet")
            expected = _pandas_bytes(shaped, tmp_path / "pandas.parquet")
            assert (tmp_path / "ours.parquet").read_bytes() == expected, f"{name} ({form})"
            pd.testing.assert_frame_equal(
                pd.read_parquet(tmp_path / "ours.parquet"), pd.read_parquet(tmp_path / "pandas.parquet")
            )


def test_a_table_of_parts_is_written_part_by_part_as_pandas_writes_them(tables, tmp_path, monkeypatch):
    """Over ``PARTITION_ROWS`` rows a table is a folder of parts of whole articles: each part has the
    bytes pandas gives that slice of the table."""
    monkeypatch.setattr(write, "PARTITION_ROWS", 500)
    tokens = tables["tokens"]
    write_table(tokens, tmp_path / "tokens.parquet")
    parts = sorted((tmp_path / "tokens.parquet").glob("part-*.parquet"))
    assert len(parts) > 1
    begin = 0
    for part in parts:
        rows = pd.read_parquet(part)
        expected = _pandas_bytes(tokens.iloc[begin : begin + len(rows)], tmp_path / "slice.parquet")
        assert part.read_bytes() == expected, part.name
        begin += len(rows)
    assert begin == len(tokens)


def test_the_arrow_table_is_the_one_pyarrow_makes_of_objects():
    """``as_arrow`` is ``pa.Table.from_pandas(canonical(frame))``: same schema (types, pandas metadata)
    and values."""
    import pyarrow as pa

    frame = _odd_strings()
    expected = pa.Table.from_pandas(canonical(frame), preserve_index=False)
    made = as_arrow(frame)
    assert made.schema.equals(expected.schema, check_metadata=True)
    assert made.equals(expected)
