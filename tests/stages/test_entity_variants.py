"""Names as an analyst reads them across a corpus (issue 12): a named thing is one entity however it
is written, never a place fragment; a surname a person wears elsewhere in the corpus is that person.

Written sentences in the manner of the news the issue quotes, built through the real engine."""

from __future__ import annotations

import pandas as pd
import pytest

_PIPELINE = {
    "001_a.txt": "Маас назвал Северный поток — 2 коммерческим проектом.\n"
    "По Северному потоку-2 газ пойдет в Германию.",
    "002_b.txt": "Газопровод Северный поток 2 почти достроен.\n"
    "Строительство Северного потока-2 завершится в этом году, заявил Хайко Маас.",
    "003_c.txt": "США вводят санкции против «Северного потока — 2».\n"
    "Оператор газопровода «Северный поток — 2» (Nord Stream 2) сообщил о завершении работ.",
    "004_d.txt": "Критики СП-2 в Польше требуют остановить стройку. Газ по Северному потоку идёт с 2011 года.\n"
    "Маас назвал Северный поток коммерческим проектом. Северный поток-2 будет достроен.",
}


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory) -> dict[str, pd.DataFrame]:
    from analysis.build.run import build_tables

    folder = tmp_path_factory.mktemp("pipeline")
    for name, text in _PIPELINE.items():
        (folder / name).write_text(f" date 2019-01-15 {text}\n", encoding="utf-8")
    tables, _ = build_tables(folder, engine="natasha", cache=False)
    return tables


def test_a_numbered_name_is_one_thing_in_every_case_spelling_and_script(pipeline):
    """Cases, the number after a hyphen, a dash or a space, the acronym with its number and the Latin
    name the corpus gives in brackets: one MISC entity, named in English as the corpus writes it."""
    mentions, entities = pipeline["mentions"], pipeline["entities"]
    forms = {
        "Северный поток — 2", "Северному потоку-2", "Северный поток 2", "Северного потока-2",
        "Северного потока — 2", "Северный поток-2", "СП-2", "Nord Stream 2",
    }  # fmt: skip
    rows = mentions[mentions["text"].isin(forms)]
    assert set(rows["text"]) == forms
    assert set(rows["entity_id"]) == {"misc:nord-stream-2"}
    entity = entities.set_index("entity_id").loc["misc:nord-stream-2"]
    assert (entity["name"], entity["name_en"], entity["type"]) == (
        "Северный поток-2",
        "Nord Stream 2",
        "MISC",
    )
    normals = set(rows.loc[rows["text"].str.startswith("Север"), "normal"])
    assert normals == {"Северный поток-2", "Северный поток — 2", "Северный поток 2"}


def test_no_place_is_a_fragment_of_a_things_name(pipeline):
    """Neither "Северный" nor "Северный поток" is a place: the unnumbered name of a numbered thing is
    a thing too (the first pipeline), one entity across its cases."""
    mentions = pipeline["mentions"]
    assert not mentions.loc[mentions["type"] == "LOC", "text"].str.startswith("Север").any()
    first = mentions[mentions["text"].isin(["Северному потоку", "Северный поток"])]
    assert first[["type", "entity_id", "normal"]].drop_duplicates().values.tolist() == [
        ["MISC", "misc:severny-potok", "Северный поток"]
    ]


def test_a_surname_worn_by_a_person_elsewhere_is_that_person(tmp_path):
    """ "Маас" alone reads as the river (OpenCorpora's Geox) in an article that never names him in
    full; another article names "Хайко Маас": one person, not a place."""
    from analysis.build.run import build_tables

    (tmp_path / "001_a.txt").write_text(
        " date 2019-01-15 Министр иностранных дел Германии Хайко Маас прибыл в Москву.\n", encoding="utf-8"
    )
    (tmp_path / "002_b.txt").write_text(
        " date 2019-01-16 Маас прибыл в Москву. Маас сказал, что доволен переговорами.\n", encoding="utf-8"
    )
    tables, _ = build_tables(tmp_path, engine="natasha", cache=False)
    mentions = tables["mentions"]
    rows = mentions[mentions["text"].isin(["Маас", "Хайко Маас"])]
    assert len(rows) == 3
    assert rows[["type", "entity_id"]].drop_duplicates().values.tolist() == [["PER", "per:heiko-maas"]]


def test_a_place_is_nobodys_bracketed_alias(tmp_path):
    """ "Вашингтон (США)" names a city and its country, "Reuters (США)" an agency and its country:
    neither joins the United States."""
    from analysis.build.run import build_tables

    (tmp_path / "001_a.txt").write_text(
        " date 2019-01-15 Переговоры прошли в Вашингтоне (США). Об этом сообщает агентство Reuters (США).\n",
        encoding="utf-8",
    )
    tables, _ = build_tables(tmp_path, engine="natasha", cache=False)
    ids = dict(zip(tables["mentions"]["text"], tables["mentions"]["entity_id"], strict=False))
    assert (ids["Вашингтоне"], ids["США"], ids["Reuters"]) == (
        "loc:washington",
        "loc:united-states",
        "org:reuters",
    )


def test_a_place_with_a_count_after_it_is_still_a_place(tmp_path):
    """A number after a dash counts something at a place ("в Псковской области — 3"), or follows a
    common phrase that only the sentence capitalises ("Общая длина — 12"): no numbered name."""
    from analysis.build.run import build_tables

    (tmp_path / "001_a.txt").write_text(
        " date 2019-01-15 Новых строек больше всего в Тверской области — 15, в Псковской области — 3.\n"
        "Общая длина — 12.\n",
        encoding="utf-8",
    )
    tables, _ = build_tables(tmp_path, engine="natasha", cache=False)
    mentions = tables["mentions"]
    assert mentions[["text", "type"]].values.tolist() == [
        ["Тверской области", "LOC"],
        ["Псковской области", "LOC"],
    ]


def test_a_lone_name_of_the_same_consonants_is_not_that_persons_surname(tmp_path):
    """asia_bibi merged the Prophet into the minister Тахир Махмуд: "Мухаммед" and "Махмуд" share their
    consonants (the sound key drops inner vowels). A lone name joins a full name only when spelt alike;
    "Махмуда" alone still joins him."""
    from analysis.build.run import build_tables

    (tmp_path / "001_a.txt").write_text(
        " date 2018-11-01 Министр Тахир Махмуд заявил, что решение суда будет исполнено. "
        "Тахир Махмуд призвал к спокойствию.\n",
        encoding="utf-8",
    )
    (tmp_path / "002_b.txt").write_text(
        " date 2018-11-01 Её обвинили в оскорблении пророка Мухаммеда. Слова Махмуда передали агентства.\n",
        encoding="utf-8",
    )
    tables, _ = build_tables(tmp_path, engine="natasha", cache=False)
    mentions = tables["mentions"].set_index("text")["entity_id"]
    assert mentions["Махмуда"] == mentions["Тахир Махмуд"].iloc[0]
    assert mentions["Мухаммеда"] != mentions["Тахир Махмуд"].iloc[0]
