"""The build's fixed costs around the stages: writing a table skips the trip of its strings through
Python objects yet gives pandas's bytes, and a build hashes its inputs once."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analysis.build import run, write
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


@pytest.fixture
def counted_hashes(monkeypatch) -> list:
    """The calls of ``input_hash`` (reading every file of the corpus and the code) a build makes."""
    calls: list = []
    hashed = run.input_hash

    def counting(*args, **kwargs):
        calls.append(args)
        return hashed(*args, **kwargs)

    monkeypatch.setattr(run, "input_hash", counting)
    return calls


def test_a_build_hashes_its_inputs_once(seeds_dir, tmp_path, monkeypatch, counted_hashes):
    """``run_build`` hashes the corpus files and the code once, before reading: the manifest records
    that hash, the next build of the same inputs finds its tables up to date (one more hash), and an
    article added makes a new hash and a build."""
    from analysis.build.cache import input_hash
    from analysis.build.engine import package_version

    monkeypatch.chdir(tmp_path)
    corpus, out = tmp_path / "corpus", tmp_path / "data"
    shutil.copytree(seeds_dir, corpus)
    first = run.run_build(corpus, out, engine="natasha")
    assert first.rebuilt and len(counted_hashes) == 1
    expected = input_hash([corpus], "natasha", package_version("natasha"), run.MAX_BYTES)
    assert first.manifest["input_hash"] == expected
    again = run.run_build(corpus, out, engine="natasha")
    assert not again.rebuilt and len(counted_hashes) == 2
    shutil.copy(next(corpus.glob("*.txt")), corpus / "zz_copy_renamed.txt")
    third = run.run_build(corpus, out, engine="natasha")
    assert third.rebuilt and len(counted_hashes) == 3
    assert third.manifest["input_hash"] != expected
