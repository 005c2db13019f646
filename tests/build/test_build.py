"""The build and extract commands: determinism, committed data, atomic writes, the JSON contract."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.build.run import ADDED_DIR, build_tables
from analysis.build.write import write_tables
from analysis.core.schema import MANIFEST, TABLES, validate
from tests.corpora import ROOT, SEEDS
from tests.helpers import cli


def _assert_same_tables(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    assert left.keys() == right.keys()
    for name in left:
        pd.testing.assert_frame_equal(
            left[name].reset_index(drop=True), right[name].reset_index(drop=True), check_dtype=False, obj=name
        )


def _read(folder: Path) -> dict[str, pd.DataFrame]:
    return {path.stem: pd.read_parquet(path) for path in sorted(folder.glob("*.parquet"))}


def test_every_table_matches_the_schema(tables):
    for name, frame in tables.items():
        validate(name, frame)
        assert name in TABLES


def test_building_twice_gives_identical_tables(tables, tmp_path):
    again, _ = build_tables(SEEDS, engine="natasha", cache=False)
    first, second = tmp_path / "a", tmp_path / "b"
    write_tables(tables, {}, first)
    write_tables(again, {}, second)
    for path in sorted(first.glob("*.parquet")):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_committed_data_is_what_the_code_computes(built, tmp_path):
    """The committed data/ is the seeds built by this code; a user's own articles (Add articles puts
    them in data/added/) make it theirs, and the check has nothing to compare."""
    if any((ROOT / "data" / ADDED_DIR).glob("*")):
        pytest.skip(f"data/{ADDED_DIR}/ holds articles you added: data/ is your corpus, not the seeds'")
    tables, manifest = built
    write_tables(tables, manifest, tmp_path / "data")
    committed = json.loads((ROOT / "data" / MANIFEST).read_text(encoding="utf-8"))
    assert committed["corpus_hash"] == manifest["corpus_hash"]
    assert committed["engine"] == manifest["engine"]
    _assert_same_tables(_read(ROOT / "data"), _read(tmp_path / "data"))


def test_unreadable_file_is_skipped_and_the_rest_built(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_2889c3e23c9954a7.txt", corpus)
    (corpus / "broken.txt").write_bytes(b"\xff\xfe\x00broken")
    tables, manifest = build_tables(corpus, engine="natasha", cache=False)
    assert list(tables["articles"]["article_id"]) == ["000_2889c3e23c9954a7"]
    assert manifest["skipped"][0]["file"] == "broken.txt"
    assert "UTF-8" in manifest["skipped"][0]["reason"]


def test_failed_write_keeps_previous_data(tables, tmp_path):
    out = tmp_path / "data"
    write_tables(tables, {"engine": "first"}, out)
    (out / "quality.json").write_text("{}", encoding="utf-8")
    broken = dict(tables)
    broken["articles"] = tables["articles"].assign(raw_text=[object()] * len(tables["articles"]))
    with pytest.raises(Exception):  # noqa: B017 - pyarrow raises its own error type
        write_tables(broken, {"engine": "second"}, out)
    assert json.loads((out / MANIFEST).read_text())["engine"] == "first"
    _assert_same_tables(_read(out), {name: tables[name] for name in sorted(tables)})
    write_tables(tables, {"engine": "third"}, out)
    assert (out / "quality.json").exists(), "files the build does not own survive a rebuild"
    assert not list(tmp_path.glob(".data-*"))


def test_extract_prints_one_json_line_per_file_with_file_offsets():
    files = [SEEDS / "004_9612a995b4a4a15c.txt", SEEDS / "000_2889c3e23c9954a7.txt"]
    result = cli("extract", "--engine", "natasha", *map(str, files))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    for line, path in zip(lines, files, strict=True):
        record = json.loads(line)
        assert set(record) == {"file", "entities", "dates"}
        raw = path.read_bytes().decode("utf-8")
        for entity in record["entities"]:
            assert raw[entity["start"] : entity["end"]] == entity["text"]
            assert set(entity) == {"start", "end", "type", "text", "canonical", "entity_id"}
    first = json.loads(lines[0])
    presidents = {e["canonical"] for e in first["entities"] if e["type"] == "PER"}
    assert {"Садыр Жапаров", "Шавкат Мирзиеев"} <= presidents
    # offsets count the date header: the first mention starts after " date 2025-11-07 "
    assert first["entities"][0]["text"] == "Касым-Жомарт Токаев"
    assert first["entities"][0]["start"] == len(" date 2025-11-07 ")


def test_extract_reports_a_bad_file_and_goes_on(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe")
    result = cli("extract", "--engine", "natasha", str(bad), str(SEEDS / "000_2889c3e23c9954a7.txt"))
    assert result.returncode == 2
    assert "bad.txt: not valid UTF-8" in result.stderr
    assert len(result.stdout.strip().splitlines()) == 1


def test_build_cli_with_missing_corpus_gives_one_line_error(tmp_path):
    result = cli(
        "build", "--engine", "natasha", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path / "o")
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {tmp_path / 'nope'}: corpus folder not found; pass --corpus DIR with the article .txt files"
    ]


def test_a_large_table_is_written_as_parts_of_whole_articles_and_read_back(tables, tmp_path, monkeypatch):
    """Past PARTITION_ROWS rows a table becomes a folder of parts; readers see the same table, and the
    dashboard pages that read it from disk with DuckDB (Article: one article's sentences) still work."""
    from streamlit.testing.v1 import AppTest

    from analysis.build import write

    monkeypatch.setattr(write, "PARTITION_ROWS", 60)
    out = tmp_path / "data"
    write_tables(tables, {}, out)
    parts = sorted((out / "tokens.parquet").glob("part-*.parquet"))
    assert len(parts) == len(tables["articles"])  # every article has more than 60 tokens
    assert (out / "sentences.parquet").is_dir()
    seen: set[str] = set()
    for part in parts:  # each article's tokens in one part
        ids = set(pd.read_parquet(part)["article_id"])
        assert not ids & seen
        seen |= ids
    assert (out / "articles.parquet").is_file()  # small tables stay one file
    back = _read(out)
    for name in ("tokens", "sentences", "mentions"):
        pd.testing.assert_frame_equal(back[name], tables[name].reset_index(drop=True), obj=name)
    assert write.table_exists(out / "tokens.parquet")

    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(out))
    app = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("views/article.py").run()
    assert not app.exception and not app.error
    body = "\n".join(h.proto.body for h in app.get("html"))
    assert 'class="sl-ent sl-ent-LOC"' in body and "Казахстан" in body  # its sentences, highlighted
