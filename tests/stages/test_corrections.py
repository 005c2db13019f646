"""The analyst's corrections applied to the seeds' linked entities and their discrepancies: each kind
does exactly what it says, one that no longer applies is recorded (never raised), and without
corrections the tables are the linking stage's."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.codes import NameSource
from analysis.core.corrections import Status, parse
from analysis.core.schema import Col
from analysis.stages.corrections import correct_entities, judge_discrepancies
from tests.helpers import article_id


def _corrected(tables, text: str):
    return correct_entities(
        tables["articles"],
        tables["sentences"],
        tables["mentions"],
        tables["entities"],
        corrections=parse(text),
    )


def _built(tables, name: str) -> dict:
    """The entity the build named ``name`` (Russian): ids come from English names, which improve."""
    entities = tables["entities"]
    return _entity(entities, entities.loc[entities[Col.NAME] == name, Col.ENTITY_ID].iloc[0])


def _described(tables, name: str) -> str:
    row = _built(tables, name)
    english, kind, key, count = row[Col.NAME_EN], row[Col.TYPE], row[Col.ENTITY_ID], row[Col.N_MENTIONS]
    return f"«{name}» ({english}, {kind}, {key}, {count} mentions)"


def _entity(entities: pd.DataFrame, entity_id: str) -> dict:
    rows = entities[entities[Col.ENTITY_ID] == entity_id]
    assert len(rows) == 1, f"{entity_id}: {len(rows)} rows"
    return rows.iloc[0].to_dict()


def test_without_corrections_the_tables_are_the_linking_stages(tables):
    mentions, entities, done = correct_entities(
        tables["articles"], tables["sentences"], tables["mentions"], tables["entities"], corrections=parse("")
    )
    pd.testing.assert_frame_equal(mentions, tables["mentions"])
    pd.testing.assert_frame_equal(entities, tables["entities"])
    assert done.empty


def test_two_entities_merged_are_one_with_the_name_chosen(tables):
    house, washington = _built(tables, "Белый дом")[Col.ENTITY_ID], _built(tables, "Вашингтон")[Col.ENTITY_ID]
    mentions, entities, done = _corrected(
        tables,
        f'[[merge]]\nentities = ["Белый дом", "Вашингтон"]\nids = ["{house}", "{washington}"]\n'
        'name = "Вашингтон"\nname_en = "Washington (the US government)"\nby = "anna"\n',
    )
    one = _entity(entities, washington)
    assert one[Col.NAME] == "Вашингтон" and one[Col.NAME_EN] == "Washington (the US government)"
    assert one[Col.NAME_EN_SOURCE] == NameSource.ANALYST
    assert (one[Col.N_MENTIONS], one[Col.N_ARTICLES]) == (15, 4)
    assert list(one[Col.ALIASES]) == ["Белого дома", "Белом доме", "Белый дом", "Вашингтон", "Вашингтоне"]
    assert house not in set(entities[Col.ENTITY_ID]) | set(mentions[Col.ENTITY_ID])
    assert len(entities) == len(tables["entities"]) - 1 and len(mentions) == len(tables["mentions"])
    (row,) = done.to_dict("records")
    assert (row[Col.STATUS], row[Col.BY], row[Col.ENTITY_ID]) == (Status.APPLIED, "anna", washington)
    assert row[Col.MACHINE] == f"{_described(tables, 'Белый дом')}; {_described(tables, 'Вашингтон')}"


def test_a_spelling_split_off_becomes_an_entity_of_its_own_or_joins_another(tables):
    mentions, entities, _ = _corrected(
        tables,
        '[[split]]\nentity = "Министерство иностранных дел"\nalias = "МИД"\nname_en = "Foreign Ministry"\n',
    )
    own = _entity(entities, "org:foreign-ministry")
    assert (own[Col.NAME], own[Col.TYPE], own[Col.N_MENTIONS], list(own[Col.ALIASES])) == (
        "МИД",
        "ORG",
        2,
        ["МИД"],
    )
    assert (
        _entity(entities, _built(tables, "Министерство иностранных дел")[Col.ENTITY_ID])[Col.N_MENTIONS] == 1
    )
    assert set(mentions.loc[mentions[Col.TEXT] == "МИД", Col.ENTITY_ID]) == {"org:foreign-ministry"}
    _, entities, done = _corrected(
        tables, '[[split]]\nentity = "Дональд Трамп"\nalias = "Трампу"\nto = "Белый дом"\n'
    )
    assert _entity(entities, _built(tables, "Белый дом")[Col.ENTITY_ID])[Col.N_MENTIONS] == 11
    assert done[Col.MACHINE].iloc[0] == f"1 mentions of {_described(tables, 'Дональд Трамп')}"


def test_rename_retype_and_drop(tables):
    mentions, entities, done = _corrected(
        tables,
        '[[rename]]\nentity = "Фокус"\nid = "org:fokus"\nname_en = "Focus (Ukraine)"\n\n'
        '[[retype]]\nentity = "Овальном кабинете"\ntype = "ORG"\n\n'  # named by a spelling
        '[[drop]]\nentity = "Авраам"\nnote = "from the name of the accords"\n',
    )
    focus, office = _built(tables, "Фокус"), _built(tables, "Овальный кабинет")[Col.ENTITY_ID]
    renamed = _entity(entities, focus[Col.ENTITY_ID])  # the id stays: links to it keep working
    assert (renamed[Col.NAME_EN], renamed[Col.NAME_EN_SOURCE]) == ("Focus (Ukraine)", NameSource.ANALYST)
    assert _entity(entities, office)[Col.TYPE] == "ORG"
    assert set(mentions.loc[mentions[Col.ENTITY_ID] == office, Col.TYPE]) == {"ORG"}
    assert "Авраам" not in set(entities[Col.NAME]) and "Аврааму" not in set(mentions[Col.TEXT])
    assert list(done[Col.MACHINE]) == [focus[Col.NAME_EN], "LOC", _described(tables, "Авраам")]
    assert list(done[Col.NOTE]) == ["", "", "from the name of the accords"]


def test_a_span_marked_as_a_name_and_another_as_none(tables):
    tripp, west = article_id(tables, "001"), article_id(tables, "003")
    mentions, entities, done = _corrected(
        tables,
        f'[[mark]]\narticle = "{tripp}"\nstart = 2074\nend = 2079\ntext = "TRIPP"\ntype = "MISC"\n\n'
        f'[[unmark]]\narticle = "{west}"\nstart = 1958\nend = 1964\ntext = "Запада"\n',
    )
    added = mentions[(mentions[Col.ARTICLE_ID] == tripp) & (mentions[Col.START] == 2074)]
    assert added[[Col.END, Col.TEXT, Col.TYPE, Col.ENTITY_ID, Col.SENTENCE_ID]].values.tolist() == [
        [2079, "TRIPP", "MISC", "misc:tripp", 11]
    ]
    assert _entity(entities, "misc:tripp")[Col.NAME_EN_SOURCE] == NameSource.TRANSLITERATION
    assert mentions[(mentions[Col.ARTICLE_ID] == west) & (mentions[Col.START] == 1958)].empty
    west_id = _built(tables, "Запад")[Col.ENTITY_ID]
    assert west_id not in set(entities[Col.ENTITY_ID])
    assert list(done[Col.MACHINE]) == ["not an entity", f"«Запада» LOC of {west_id}"]
    assert mentions.equals(
        mentions.sort_values([Col.ARTICLE_ID, Col.START], kind="stable", ignore_index=True)
    )


def test_a_span_whose_offsets_moved_is_found_by_its_text(tables):
    tripp = article_id(tables, "001")
    mentions, _, done = _corrected(
        tables, f'[[mark]]\narticle = "{tripp}"\nstart = 2000\nend = 2005\ntext = "TRIPP"\ntype = "MISC"\n'
    )
    assert done[Col.STATUS].iloc[0] == Status.APPLIED
    assert ((mentions[Col.TEXT] == "TRIPP") & (mentions[Col.START] == 2074)).sum() == 1


@pytest.mark.parametrize(
    ("entry", "status", "reason"),
    [
        (
            '[[rename]]\nentity = "Нет такого"\nid = "per:nobody"\nname_en = "Nobody"\n',
            Status.STALE,
            "no entity named «Нет такого» in this build",
        ),
        ('[[retype]]\nentity = "Фокус"\ntype = "ORG"\n', Status.UNNEEDED, "the build already says ORG"),
        (
            '[[merge]]\nentities = ["Трамп", "Дональд Трамп"]\n',
            Status.UNNEEDED,
            "the build already makes them one entity",
        ),
        (
            '[[split]]\nentity = "Дональд Трамп"\nalias = "Биби"\n',
            Status.STALE,
            "no mention spelt «Биби» in this build",
        ),
        ('[[drop]]\nentity = "Нет такого"\n', Status.UNNEEDED, "the build finds no entity of that name"),
        (
            '[[unmark]]\narticle = "999_gone"\nstart = 1\nend = 3\ntext = "ab"\n',
            Status.STALE,
            "no article 999_gone in Russian in this build",
        ),
    ],
)
def test_a_correction_that_no_longer_applies_is_recorded_and_the_rest_applies(tables, entry, status, reason):
    _, entities, done = _corrected(
        tables, entry + '\n[[rename]]\nentity = "Фокус"\nname_en = "Focus (Ukraine)"\n'
    )
    assert done[[Col.STATUS, Col.REASON]].values.tolist() == [[status, reason], [Status.APPLIED, ""]]
    assert _entity(entities, _built(tables, "Фокус")[Col.ENTITY_ID])[Col.NAME_EN] == "Focus (Ukraine)"


def test_a_dismissed_discrepancy_leaves_the_table_and_a_confirmed_one_stays(tables):
    found = tables["contradictions"]
    ids = list(dict.fromkeys(found[Col.CONTRADICTION_ID]))
    sudan = found[found[Col.SUBJECT] == "Судан"].iloc[0]
    egypt = found[found[Col.SUBJECT] == "Египет"].iloc[0]
    text = (
        f'[[dismiss]]\nsubject = "Судан"\nattribute = "{sudan[Col.ATTRIBUTE]}"\nid = "old-id"\nnote = "different moments"\n\n'
        f'[[confirm]]\nsubject = "египет"\nattribute = "{egypt[Col.ATTRIBUTE]}"\n\n'
        '[[dismiss]]\nsubject = "Атлантида"\nattribute = "quantity:x:y"\n\n[[retype]]\nentity = "Фокус"\ntype = "PLACE"\n'
    )
    entity_log = _corrected(tables, text)[2]
    kept, done = judge_discrepancies(found, entity_log, corrections=parse(text))
    assert sudan[Col.CONTRADICTION_ID] not in set(kept[Col.CONTRADICTION_ID])
    assert list(dict.fromkeys(kept[Col.CONTRADICTION_ID])) == [
        i for i in ids if i != sudan[Col.CONTRADICTION_ID]
    ]
    assert sorted(set(kept[Col.RANK])) == list(range(1, len(ids)))
    assert done[[Col.KIND, Col.STATUS, Col.CONTRADICTION_ID]].values.tolist() == [
        ["dismiss", Status.APPLIED, sudan[Col.CONTRADICTION_ID]],
        ["confirm", Status.APPLIED, egypt[Col.CONTRADICTION_ID]],
        ["dismiss", Status.STALE, ""],
        ["retype", Status.INVALID, ""],
    ]
    assert done[Col.NOTE].iloc[0] == "different moments" and "«signatory» in" in done[Col.MACHINE].iloc[0]
    assert "line 15" in done[Col.REASON].iloc[3] and "type 'PLACE'" in done[Col.REASON].iloc[3]
