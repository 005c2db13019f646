"""Ingest of the seed corpus: header, offsets, boilerplate, outlet and date inference."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.build.corpus import read_article, read_corpus
from analysis.build.decode import CorpusError
from analysis.core.text import fold
from tests.helpers import article_id


def test_header_dates_and_missing_date(tables):
    articles = tables["articles"].set_index("article_id")
    assert articles.loc[article_id(tables, "000"), "published"] == "2025-11-07"
    assert articles.loc[article_id(tables, "000"), "published_source"] == "header"
    no_date = articles.loc[article_id(tables, "003")]
    assert (no_date["published"], no_date["published_source"]) == ("", "missing")


def test_body_offsets_point_into_raw_text(tables):
    article = tables["articles"].set_index("article_id").loc[article_id(tables, "000")]
    assert article["raw_text"].startswith(" date 2025-11-07 ")
    assert article["body_start"] == len(" date 2025-11-07 ")
    assert article["raw_text"][article["body_start"] :].startswith("Казахстан планирует")
    for row in tables["sentences"].itertuples():
        raw = tables["articles"].set_index("article_id").loc[row.article_id, "raw_text"]
        assert raw[row.start : row.end] == row.text


def test_raw_text_is_byte_identical_to_the_file(tables, seeds_dir):
    for row in tables["articles"].itertuples():
        assert row.raw_text == (seeds_dir / row.file).read_bytes().decode("utf-8")


def test_boilerplate_is_flagged_and_kept(tables):
    sentences = tables["sentences"]
    kinds = dict(zip(sentences["text"], sentences["boilerplate"], strict=False))
    assert kinds["Фото: кадр YouTube"] == "photo_credit"
    assert kinds["Фото: Дмитрий Азаров, Коммерсантъ"] == "photo_credit"
    assert kinds["Відео дня"] == "widget"
    assert kinds["Решение в интересах страны"] == "heading"
    assert kinds["Итог"] == "heading"
    # prose stays prose, lists included
    assert kinds["общая угроза со стороны Ирана;"] == ""


def test_no_token_or_mention_comes_from_boilerplate(tables):
    """Photo credits and widgets are never read; headings are (a title's entities are mentions)."""
    boiler = tables["sentences"].query("boilerplate not in ('', 'heading')")[["article_id", "sentence_id"]]
    for name in ("tokens", "mentions"):
        merged = tables[name].merge(boiler, on=["article_id", "sentence_id"])
        assert merged.empty, f"{name} rows in boilerplate: {merged.head()}"


def test_outlets_inferred_with_evidence_never_guessed(tables):
    articles = tables["articles"].set_index("article_id")
    focus = articles.loc[article_id(tables, "004")]
    assert (focus["outlet"], focus["outlet_source"]) == ("Фокус", "inferred")
    assert "Фокус писал" in focus["outlet_evidence"]
    kommersant = articles.loc[article_id(tables, "003")]
    assert (kommersant["outlet"], kommersant["outlet_source"]) == ("Коммерсантъ", "inferred")
    assert kommersant["outlet_evidence"] == "Фото: Дмитрий Азаров, Коммерсантъ"
    unknown = articles.loc[article_id(tables, "000")]
    assert (unknown["outlet"], unknown["outlet_source"], unknown["outlet_evidence"]) == ("", "unknown", "")


def test_titles_and_language(tables):
    articles = tables["articles"].set_index("article_id")
    assert articles.loc[article_id(tables, "002"), "title"] == (
        "Министерство иностранных дел Республики Казахстан сделало официальное заявление "
        "о присоединении страны к Авраамским соглашениям."
    )
    assert set(articles["language"]) == {"ru"}


def test_lookalike_folding_is_for_matching_only(tables):
    assert fold("Axiоs") == fold("Axios") == "axios"
    raw = tables["articles"].set_index("article_id").loc[article_id(tables, "003"), "raw_text"]
    assert "Axiоs" in raw  # the Cyrillic "о" is still there for display


def test_sources_csv_overrides_and_is_marked(tmp_path: Path, seeds_dir: Path):
    (tmp_path / "a.txt").write_text("Фокус сообщает новость. Также Фокус писал об этом.", encoding="utf-8")
    (tmp_path / "sources.csv").write_text(
        "file,outlet,url,language,published\na.txt,РБК,https://example.org/a,ru,2024-01-02\n",
        encoding="utf-8",
    )
    articles, skipped, _ = read_corpus(tmp_path)
    row = articles.iloc[0]
    assert (row["outlet"], row["outlet_source"], row["published"], row["published_source"]) == (
        "РБК",
        "sources.csv",
        "2024-01-02",
        "sources.csv",
    )
    assert skipped == []


def test_bad_files_cost_only_themselves(tmp_path: Path):
    """Unusable files are skipped with the reason; converted ones are kept with a notice
    (every case in detail: test_corpus_input.py)."""
    (tmp_path / "good.txt").write_text(" date 2025-01-01 Хорошая статья о Казахстане.", encoding="utf-8")
    (tmp_path / "cp1251.txt").write_bytes("Статья о визите в Вашингтон.".encode("cp1251"))
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "baddate.txt").write_text(" date 2025-13-40 Текст.", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    articles, skipped, notices = read_corpus(tmp_path)
    assert list(articles["article_id"]) == ["baddate", "cp1251", "good"]
    reasons = {entry["file"]: entry["reason"] for entry in skipped}
    assert reasons.keys() == {"binary.txt", "empty.txt"}
    assert reasons["binary.txt"].startswith("binary.txt: not valid UTF-8 (byte 0) and not text")
    assert reasons["empty.txt"] == "empty.txt: the file is empty"
    assert [notice["file"] for notice in notices] == ["baddate.txt", "cp1251.txt"]


def test_bad_sources_csv_date_costs_only_the_cell(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Текст.", encoding="utf-8")
    (tmp_path / "sources.csv").write_text("file,outlet,published\na.txt,РБК,07.11.2025\n", encoding="utf-8")
    articles, skipped, notices = read_corpus(tmp_path)
    assert (articles.loc[0, "outlet"], articles.loc[0, "published"]) == ("РБК", "")
    assert notices == [
        {
            "file": "sources.csv",
            "message": "sources.csv line 2: published '07.11.2025' for a.txt is not a YYYY-MM-DD date; "
            "ignored it (fix or empty the cell)",
        }
    ]


def test_sources_csv_not_utf8_names_the_file(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Текст.", encoding="utf-8")
    (tmp_path / "sources.csv").write_bytes("file,outlet\na.txt,РБК\n".encode("cp1251"))
    with pytest.raises(CorpusError, match=r"sources\.csv: not valid UTF-8.*re-save it as UTF-8"):
        read_corpus(tmp_path)


def test_read_article_keeps_newlines_untranslated(tmp_path: Path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("Первая строка.\r\nВторая строка.".encode())
    assert read_article(path)["raw_text"] == "Первая строка.\r\nВторая строка."
