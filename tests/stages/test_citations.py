"""Citations and quotations on the seeds, plus a two-article corpus with sources the seeds lack."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.core.schema import CITATIONS, QUOTES, validate
from tests.helpers import article_id, stage


def _stage(name: str, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return stage(name, tables)[name]


@pytest.fixture(scope="module")
def citations(tables) -> pd.DataFrame:
    return _stage("citations", tables)


@pytest.fixture(scope="module")
def quotes(tables) -> pd.DataFrame:
    return _stage("quotes", tables)


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> dict[str, pd.DataFrame]:
    """Short articles with sources the seeds lack, and one quotation told twice in other words."""
    from analysis.build.run import build_tables

    folder: Path = tmp_path_factory.mktemp("mini")
    (folder / "100_a.txt").write_text(
        " date 2025-03-01 Правительство Японии одобрило новый бюджет. Как сообщает агентство Reuters, "
        "расходы на оборону вырастут на десять процентов. По словам политолога Ивана Петрова, "
        "рост необходим.\n\n«Мы должны укрепить безопасность страны в нынешних условиях», — заявил "
        "премьер-министр Фумио Кисида.\n",
        encoding="utf-8",
    )
    (folder / "101_b.txt").write_text(
        " date 2025-03-02 Премьер-министр Японии Фумио Кисида прокомментировал бюджет. Об этом пишет газета "
        "«Асахи».\n\n«Мы обязаны укрепить безопасность страны в нынешних условиях», — сказал Кисида "
        "журналистам.\n",
        encoding="utf-8",
    )
    (folder / "102_c.txt").write_text(
        " date 2025-03-03 Путин заявил, что переговоры продолжатся. Как сообщает ТАСС со ссылкой на "
        "пресс-службу Кремля, встреча пройдет в Москве. Глава МИД России Сергей Лавров написал в своем "
        "Telegram-канале, что повестка согласована. США заявили о поддержке переговоров.\n",
        encoding="utf-8",
    )
    (folder / "103_d.txt").write_text(
        " date 2025-03-04 Песков заявил: «Мы не видим оснований для пересмотра решения».\n\n"
        "Глава МИД России Сергей Лавров выступил в Совете Федерации. Он отметил: «Это только начало "
        "большого пути».\n\n«Северный поток — 2» — газопровод, построенный по дну Балтийского моря.\n",
        encoding="utf-8",
    )
    return build_tables(folder, engine="natasha", cache=False)[0]


def _sources(citations: pd.DataFrame, tables, prefix: str) -> set[str]:
    return set(citations.loc[citations["article_id"] == article_id(tables, prefix), "source"])


def test_citation_sources_per_article(citations, tables):
    assert _sources(citations, tables, "000") == {"Axios"}
    assert _sources(citations, tables, "001") == {"Axios", "Truth Social", "Kazinform"}
    # "опубликован в Telegram-канале ..., сообщает Lada.kz" and "как подчеркнули в МИД"
    assert _sources(citations, tables, "002") == {"Lada.kz", "Telegram", "Министерство иностранных дел"}
    assert _sources(citations, tables, "003") == {"Axios"}
    assert _sources(citations, tables, "004") == {"NY Times"}  # "Фокус писал" is the outlet itself


def test_citation_kinds(citations):
    kinds = citations.groupby("source")["kind"].agg(set).to_dict()
    assert kinds == {
        "Axios": {"media"},
        "Truth Social": {"social_platform"},
        "Kazinform": {"media"},
        "Lada.kz": {"media"},
        "Telegram": {"social_platform"},
        "Министерство иностранных дел": {"official"},
        "NY Times": {"media"},
    }


def test_lookalike_spelling_is_the_same_source(citations, tables):
    rows = citations[citations["evidence"].str.contains("Axiоs")]  # Cyrillic "о"
    assert list(rows["source"]) == ["Axios"]
    assert list(rows["source_entity_id"]) == ["org:axios"]
    assert rows["article_id"].iloc[0] == article_id(tables, "003")


def test_one_sentence_cites_two_sources(citations, tables):
    rows = citations[citations["evidence"].str.startswith("Документ опубликован")]
    assert dict(zip(rows["source"], rows["cue"], strict=True)) == {
        "Telegram": "опубликован в",
        "Lada.kz": "сообщает",
    }
    assert set(rows["article_id"]) == {article_id(tables, "002")}


def test_descriptor_alone_refers_back_to_the_portal(citations, tables):
    rows = citations[citations["article_id"] == article_id(tables, "000")]
    cues = dict(zip(rows["cue"], rows["evidence"], strict=True))
    assert cues["отмечает"].startswith("Портал отмечает")
    assert cues["Согласно данным"].startswith("Согласно данным издания")
    assert set(rows["source"]) == {"Axios"}


def test_citation_rows_point_at_their_sentence(citations, tables):
    validate(CITATIONS, citations)
    raw = tables["articles"].set_index("article_id")["raw_text"]
    for row in citations.itertuples():
        assert raw[row.article_id][row.start : row.end] == row.evidence


def test_quote_speakers(quotes, tables):
    trump = quotes[quotes["article_id"] == article_id(tables, "001")]
    assert list(trump["speaker"]) == ["Дональд Трамп"]
    assert trump["text"].iloc[0].startswith("Я только что провел важный телефонный разговор")
    assert trump["text"].iloc[0].endswith("к этому клубу сильных…")

    tokayev = quotes[quotes["article_id"] == article_id(tables, "004")]
    assert [t.split(",")[0] for t in tokayev["text"]] == [
        "Надо признать",
        "Я думаю",
        "Вы — великий лидер и государственный деятель",
        "Это означает",
    ]
    assert set(tokayev["speaker"]) == {"Касым-Жомарт Токаев"}
    assert set(tokayev["speaker_entity_id"]) == {"per:kasym-zhomart-tokayev"}


def test_statement_quotes_resolve_to_the_ministry(quotes, tables):
    ministry = quotes[quotes["article_id"] == article_id(tables, "002")]
    assert len(ministry) == 2  # "— говорится в заявлении", "— отмечено в сообщении"
    assert set(ministry["speaker"]) == {"Министерство иностранных дел"}
    # the inner “два государства для двух народов” belongs to the quotation, not a quote of its own
    assert ministry["text"].iloc[1].endswith("принципа “два государства для двух народов”")


def test_quoted_names_and_scare_quotes_are_not_quotations(quotes, tables):
    assert len(quotes) == 7
    assert not quotes["article_id"].isin([article_id(tables, "000"), article_id(tables, "003")]).any()
    for text in ["Авраамовы соглашения", "С5+1", "возможно", "посланником небес", "зависимости"]:
        assert text not in set(quotes["text"])
    assert not quotes["text"].str.startswith("Маршрута Трампа").any()


def test_multi_sentence_quote_starts_in_its_first_sentence(quotes, tables):
    validate(QUOTES, quotes)
    raw = tables["articles"].set_index("article_id")["raw_text"]
    sentences = tables["sentences"].set_index(["article_id", "sentence_id"])
    for row in quotes.itertuples():
        assert raw[row.article_id][row.start : row.end] == row.text
        assert raw[row.article_id][row.start - 1] in '«"“'
        sentence = sentences.loc[(row.article_id, row.sentence_id)]
        assert sentence["start"] <= row.start - 1 < sentence["end"]
    assert quotes["quote_group"].nunique() == len(quotes)  # no quotation repeats across the seeds


def test_other_sources_person_and_quoted_name(mini):
    citations = _stage("citations", mini)
    found = set(
        zip(citations["article_id"], citations["source"], citations["kind"], citations["cue"], strict=True)
    )
    assert found == {
        ("100_a", "Reuters", "media", "сообщает"),
        ("100_a", "Иван Петров", "person", "По словам"),
        ("101_b", "Асахи", "media", "пишет"),
        ("102_c", "ТАСС", "media", "сообщает"),
        ("102_c", "Кремль", "official", "со ссылкой на"),
        ("102_c", "Telegram", "social_platform", "написал в"),
    }  # "Путин заявил", "Лавров написал", "США заявили": speakers and countries are not sources


def test_same_quotation_with_changed_word_is_grouped(mini):
    quotes = _stage("quotes", mini)
    kishida = quotes[quotes["article_id"].isin(["100_a", "101_b"])]
    assert list(kishida["article_id"]) == ["100_a", "101_b"]
    assert set(kishida["speaker"]) == {"Фумио Кисида"}
    assert kishida["quote_group"].nunique() == 1
    assert not quotes.loc[quotes["article_id"] == "103_d", "quote_group"].isin(kishida["quote_group"]).any()


def test_colon_quotes_and_a_pronoun_speaker(mini):
    quotes = _stage("quotes", mini)
    rows = quotes[quotes["article_id"] == "103_d"]
    assert dict(zip(rows["text"], rows["speaker"], strict=True)) == {
        "Мы не видим оснований для пересмотра решения": "Песков",  # "Песков заявил: «…»"
        "Это только начало большого пути": "Сергей Лавров",  # "Он отметил: «…»" after "Лавров выступил"
    }  # «Северный поток — 2» — газопровод: a name, not a quotation


def _all_pairs_groups(texts: list[str]) -> list[str]:
    """The quotation groups as they were first computed: every quotation scored against every other."""
    import re

    from rapidfuzz import fuzz

    from analysis.core.text import fold
    from analysis.core.unionfind import UnionFind
    from analysis.stages.citations.quotes import QUOTE_GROUP_SIMILARITY

    keys = [fold(re.sub(r"[^\w\s]", " ", t)) for t in texts]
    groups = UnionFind(range(len(keys)))
    for i, first in enumerate(keys):
        for j in range(i):
            if fuzz.token_set_ratio(first, keys[j]) >= QUOTE_GROUP_SIMILARITY:
                groups.union(i, j)
    roots = [groups.find(i) for i in range(len(keys))]
    order = {root: n for n, root in enumerate(dict.fromkeys(roots))}
    return [f"q{order[root]}" for root in roots]


def test_reprinted_quotations_are_grouped_as_by_comparing_every_pair(quotes, mini):
    """Wire copies repeat quotations verbatim: each distinct text is compared once, and the groups are
    those of every pair compared (the seeds' quotations, reprinted, with the Kishida quotation reworded)."""
    from analysis.stages.citations.quotes import _quote_groups

    seeds, reworded = list(quotes["text"]), list(_stage("quotes", mini)["text"])
    texts = seeds + reworded + seeds[::-1] + reworded[:1] + [seeds[0].upper()]
    groups = _quote_groups(texts)
    assert groups == _all_pairs_groups(texts)
    assert groups[len(seeds) + len(reworded) :] == [*groups[: len(seeds)][::-1], groups[len(seeds)], "q0"]
    assert len(set(groups)) == len(seeds) + len(reworded) - 1  # Kishida's two wordings are one
