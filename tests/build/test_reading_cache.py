"""The reading cache (``analysis.build.reading_cache``) never changes what reading a corpus gives: a
re-read with it equals a read without, an edited file or sources.csv row is read again, a broken
file is still skipped with its reason, and a copy added later is still dropped.

The corpus: the asia_bibi BSNLP cluster as a user brings it (106 articles read, 10 near-duplicates
dropped, 2 syndicated copies kept) and the seeds as a folder of added articles.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.build import reading_cache
from analysis.build.run import read_corpora
from tests.corpora import SEEDS, bsnlp_topic

SEED_ID = "000_2889c3e23c9954a7"
SEED = SEED_ID + ".txt"


@pytest.fixture
def folders(tmp_path, monkeypatch) -> list[Path]:
    """[the asia_bibi corpus, the seeds] copied into ``tmp_path``, the working folder (the cache's)."""
    from analysis.tools.evaluate.bsnlp import to_corpus

    monkeypatch.chdir(tmp_path)
    to_corpus(bsnlp_topic("asia_bibi") / "raw" / "ru", tmp_path / "asia_bibi")
    shutil.copytree(SEEDS, tmp_path / "seeds")
    return [tmp_path / "asia_bibi", tmp_path / "seeds"]


def _same(read: tuple, expected: tuple) -> None:
    pd.testing.assert_frame_equal(read[0], expected[0])
    assert read[1:] == expected[1:]


def _no_file_read(monkeypatch) -> None:
    def fail(path, *args):
        raise AssertionError(f"{path.name} read again")

    monkeypatch.setattr(reading_cache, "load_article", fail)


def test_a_re_read_with_the_cache_equals_a_read_without_and_reads_no_file(folders, monkeypatch):
    expected = read_corpora(folders)
    articles, skipped, notices = expected
    assert (len(articles), len(skipped), len(notices)) == (113, 10, 2)
    assert skipped[0]["reason"].startswith(
        "asia_bibi_ru.txt_file_103.txt: near-duplicate (99% similar) of asia_bibi_ru.txt_file_102.txt"
    )
    _same(read_corpora(folders, cache=True), expected)  # the first read fills the cache
    assert list(Path(".cache", "storylens").glob("reading-*/*.pickle"))
    _no_file_read(monkeypatch)
    _same(read_corpora(folders, cache=True), expected)


def test_an_edited_file_and_an_edited_sources_row_are_read_again(folders):
    read_corpora(folders, cache=True)
    seed = folders[1] / SEED
    seed.write_text(seed.read_text(encoding="utf-8").replace("Казахстан", "Узбекистан"), encoding="utf-8")
    sources = folders[0] / "sources.csv"
    sources.write_text(sources.read_text(encoding="utf-8").replace("vesti.ru", "vesti.example"), "utf-8")
    read = read_corpora(folders, cache=True)
    _same(read, read_corpora(folders))
    articles = read[0].set_index("article_id")
    assert articles.loc[SEED_ID, "title"] == (
        "Узбекистан планирует присоединиться к Авраамовым соглашениям о нормализации отношений с Израилем."
    )
    assert "vesti.example" in set(articles["outlet"]) and "vesti.ru" not in set(articles["outlet"])


def test_a_broken_file_is_skipped_with_its_reason_from_the_cache_too(folders, monkeypatch):
    (folders[1] / "empty.txt").write_bytes(b"")
    (folders[1] / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    expected = read_corpora(folders)
    reasons = {entry["file"]: entry["reason"] for entry in expected[1]}
    assert reasons["empty.txt"] == "empty.txt: the file is empty"
    assert reasons["image.txt"].startswith("image.txt: not valid UTF-8 (byte 0)")
    read_corpora(folders, cache=True)
    _no_file_read(monkeypatch)
    _same(read_corpora(folders, cache=True), expected)


def test_a_copy_added_after_the_first_read_is_still_dropped(folders):
    read_corpora(folders, cache=True)
    text = (folders[1] / SEED).read_text(encoding="utf-8")
    (folders[1] / "zz_copy.txt").write_text(text, encoding="utf-8")
    (folders[1] / "zz_near.txt").write_text(text.replace("Казахстан", "Казакстан", 2), encoding="utf-8")
    read = read_corpora(folders, cache=True)
    _same(read, read_corpora(folders))
    reasons = {entry["file"]: entry["reason"] for entry in read[1]}
    assert reasons["zz_copy.txt"].startswith(f"zz_copy.txt: same text as {SEED};")
    assert reasons["zz_near.txt"].startswith(f"zz_near.txt: near-duplicate (99% similar) of {SEED};")
