"""The analyst corrects the seeds from the dashboard (AppTest): each control writes its entry to the
corpus's corrections.toml, the tables are rebuilt, and the pages show the corrected value marked with
who corrected it and the machine's original; off on a shared deployment, with how to correct locally."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.corrections import CORRECTIONS_FILE, Kind, read_corrections
from analysis.core.schema import Col
from tests.dashboard.pages import SECOND, frame_with
from tests.helpers import launch


def _table(data, name: str) -> pd.DataFrame:
    return pd.read_parquet(data / f"{name}.parquet")


def _id(data, name: str) -> str:
    entities = _table(data, "entities")
    return entities.loc[entities[Col.NAME] == name, Col.ENTITY_ID].iloc[0]


def _captions(at) -> str:
    return "\n".join(caption.value for caption in at.caption)


def test_two_entities_merged_on_the_entities_page_are_one_on_every_page(correcting):
    corpus, data = correcting
    house, washington = _id(data, "Белый дом"), _id(data, "Вашингтон")
    at = launch("entities", focus=washington)
    at.multiselect(key=f"fix-merge-{washington}").set_value([house]).run()
    at.text_input(key=f"fix-merge-name-{washington}").input("Washington (the US government)").run()
    at.button(key=f"fix-merge-go-{washington}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Merged: applied in" in s.value for s in at.success)
    (entry,) = read_corrections(corpus).entries
    assert (entry.kind, entry.fields["entities"], entry.fields["ids"]) == (
        Kind.MERGE, ["Вашингтон", "Белый дом"], [washington, house]
    )  # fmt: skip
    assert entry.fields["by"] == "anna"
    entities = _table(data, "entities")
    assert house not in set(entities[Col.ENTITY_ID])
    assert entities.loc[entities[Col.ENTITY_ID] == washington, Col.N_MENTIONS].iloc[0] == 15
    table = frame_with(at, "English name", "Corrected")
    assert table.loc[table["English name"] == "Washington (the US government)", "Corrected"].iloc[0] == (
        "✎ Merged by anna"
    )
    assert "the machine's original: «Вашингтон»" in _captions(at) and "; «Белый дом»" in _captions(at)
    fresh = launch("entities", focus=washington)  # another session: the same tables
    assert "✎ **Merged by anna**" in _captions(fresh)


def test_rename_retype_split_and_drop_from_the_entities_page(correcting):
    corpus, data = correcting
    focus, office = _id(data, "Фокус"), _id(data, "Овальный кабинет")
    at = launch("entities", focus=focus)
    at.text_input(key=f"fix-name-{focus}").input("Focus (Ukraine)").run()
    at.button(key=f"fix-rename-{focus}").click().run()
    at = launch("entities", focus=office)
    at.radio(key=f"fix-type-{office}").set_value("ORG").run()
    at.button(key=f"fix-retype-{office}").click().run()
    ministry = _id(data, "Министерство иностранных дел")
    at = launch("entities", focus=ministry)
    at.selectbox(key=f"fix-alias-{ministry}").set_value("МИД").run()
    at.button(key=f"fix-split-go-{ministry}").click().run()
    abraham = _id(data, "Авраам")
    at = launch("entities", focus=abraham)
    at.text_input(key=f"fix-drop-why-{abraham}").input("from the accords' name").run()
    at.button(key=f"fix-drop-{abraham}").click().run()
    assert not at.exception
    assert [c.kind for c in read_corrections(corpus).entries] == [
        Kind.RENAME,
        Kind.RETYPE,
        Kind.SPLIT,
        Kind.DROP,
    ]
    entities = _table(data, "entities").set_index(Col.ENTITY_ID)
    assert entities.loc[focus, Col.NAME_EN] == "Focus (Ukraine)" and entities.loc[office, Col.TYPE] == "ORG"
    assert "МИД" not in entities.loc[ministry, Col.ALIASES] and abraham not in entities.index
    assert list(entities.loc[entities[Col.NAME] == "МИД", Col.N_MENTIONS]) == [2]
    done = _table(data, "corrections")
    assert list(done[Col.STATUS]) == ["applied"] * 4 and list(done[Col.BY]) == ["anna"] * 4


def test_a_discrepancy_dismissed_with_a_reason_is_listed_apart_and_restored(correcting):
    corpus, data = correcting
    found = _table(data, "contradictions")
    sudan = found.loc[found[Col.SUBJECT] == "Судан", Col.CONTRADICTION_ID].iloc[0]
    at = launch("discrepancies")
    at.button(key=f"fix-dismiss-{sudan}").click().run()
    assert any("Say why" in w.value for w in at.warning) and not corpus.joinpath(CORRECTIONS_FILE).exists()
    at.text_input(key=f"fix-why-{sudan}").input("the sources speak of different moments").run()
    at.button(key=f"fix-dismiss-{sudan}").click().run()
    assert not at.exception
    assert sudan not in set(_table(data, "contradictions")[Col.CONTRADICTION_ID])
    dismissed = at.expander[0]
    assert dismissed.label == "Dismissed by the analyst (1)"
    assert "the sources speak of different moments" in dismissed.markdown[0].value
    assert "«signatory» in" in dismissed.markdown[0].value
    (entry,) = read_corrections(corpus).entries
    at.button(key=f"undo-{entry.id}").click().run()
    assert sudan in set(_table(data, "contradictions")[Col.CONTRADICTION_ID])
    assert read_corrections(corpus).entries == ()


def test_a_span_marked_as_a_name_on_the_article_page(correcting):
    _, data = correcting
    at = launch("article", article=SECOND)
    at.text_input(key=f"fix-span-{SECOND}").input("TRIPP").run()
    at.radio(key=f"fix-span-type-{SECOND}").set_value("MISC").run()
    at.button(key=f"fix-mark-{SECOND}").click().run()
    assert not at.exception
    mentions = _table(data, "mentions")
    added = mentions[(mentions[Col.ARTICLE_ID] == SECOND) & (mentions[Col.TEXT] == "TRIPP")]
    assert list(added[Col.TYPE]) == ["MISC"]
    assert "✎ «TRIPP» is a name (Other), by anna" in _captions(at)
    assert "the machine's original: not an entity" in _captions(at)


def test_about_lists_a_correction_that_no_longer_applies(correcting):
    from analysis.build.run import run_build

    corpus, data = correcting
    (corpus / CORRECTIONS_FILE).write_text(
        '[[rename]]\nentity = "Нет такого"\nid = "per:nobody"\nname_en = "Nobody"\n\n'
        '[[retype]]\nentity = "Фокус"\ntype = "PLACE"\n',
        encoding="utf-8",
    )
    run_build(corpus, data, "natasha")
    at = launch("about")
    (warning,) = [w.value for w in at.warning if "were not applied" in w.value]
    assert "2 of 2 corrections were not applied in this build" in warning
    assert "line 1: Нет такого — no entity named «Нет такого» in this build" in warning
    assert "line 6" in warning and "type 'PLACE' is not one of PER, ORG, LOC, MISC" in warning
    listed = frame_with(at, "Status", "Machine's original")
    assert list(listed["Status"]) == ["No longer applies", "Cannot be read"]


@pytest.mark.parametrize(
    ("setting", "cloud", "says"),
    [
        ("off", False, "correcting is off on this deployment"),
        ("", True, "this is a shared read-only deployment (Streamlit Community Cloud)"),
    ],
)
def test_a_shared_deployment_does_not_correct_and_says_how_to(
    correcting, monkeypatch, tmp_path, setting, cloud, says
):
    from dashboard.data import corrections

    monkeypatch.setenv("STORYLENS_CORRECTIONS", setting)
    monkeypatch.setattr(corrections, "CLOUD_MOUNT", tmp_path if cloud else tmp_path / "absent")
    _, data = correcting
    focus = _id(data, "Фокус")
    at = launch("entities", focus=focus)
    (info,) = [i.value for i in at.info if "Correcting is off here" in i.value]
    assert says in info and "commit the corpus's `corrections.toml` and `data/`" in info
    assert not [b for b in at.button if b.key and b.key.startswith("fix-")]
    assert any("Correcting is off here" in i.value for i in launch("about").info)


def test_on_the_cloud_the_setting_turns_correcting_on(correcting, monkeypatch, tmp_path):
    from dashboard.data import corrections

    monkeypatch.setattr(corrections, "CLOUD_MOUNT", tmp_path)
    _, data = correcting
    at = launch("entities", focus=_id(data, "Фокус"))
    assert [b.key for b in at.button if b.key and b.key.startswith("fix-rename-")]
