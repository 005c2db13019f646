"""corrections.toml: read in file order with the line of each entry, checked with a message naming the
line, written and taken back without touching anything else, never outside the corpus folder."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from analysis.core.corrections import (
    CORRECTIONS_FILE,
    Correction,
    CorrectionError,
    EntityIndex,
    Key,
    Kind,
    append,
    check,
    parse,
    read_corrections,
    remove,
)
from analysis.core.schema import Col

EVERY_KIND = """\
# the analyst's corrections
[[merge]]
entities = ["Белый дом", "Вашингтон"]
ids = ["loc:white-house", "loc:washington"]
name_en = "Washington"

[[rename]]
entity = "Фокус"
name_en = "Focus"

[[split]]
entity = "Министерство иностранных дел"
alias = "МИД"

[[retype]]
entity = "Овальный кабинет"
type = "ORG"

[[drop]]
entity = "Авраам"
note = "from the accords' name"

[[dismiss]]
subject = "Судан"
attribute = "accords_role"
note = "different moments"

[[confirm]]
attribute = "accords_span"

[[mark]]
article = "001_f2c8b14476094b1d"
start = 2074
end = 2079
text = "TRIPP"
type = "MISC"

[[unmark]]
article = "003_d0884956e55f9437"
start = 1958
end = 1964
text = "Запада"
"""


def test_every_kind_is_read_in_file_order_with_its_line():
    found = parse(EVERY_KIND)
    assert not found.error and not found.problems
    assert [(c.kind, c.line) for c in found.entries] == [
        (Kind.MERGE, 2), (Kind.RENAME, 7), (Kind.SPLIT, 11), (Kind.RETYPE, 15), (Kind.DROP, 19),
        (Kind.DISMISS, 23), (Kind.CONFIRM, 28), (Kind.MARK, 31), (Kind.UNMARK, 38),
    ]  # fmt: skip
    merge = found.entries[0]
    assert merge.names(Key.ENTITIES) == ["Белый дом", "Вашингтон"] and merge.text(Key.NAME_EN) == "Washington"
    assert found.entries[7].number(Key.START) == 2074


def test_a_file_that_is_not_toml_is_refused_naming_the_line():
    found = parse('[[rename]]\nentity = "Фокус"\nname_en = Focus\n')
    assert found.entries == () and "corrections.toml line 3" in found.error and "fix that line" in found.error


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        (
            '[[retype]]\nentity = "Фокус"\ntype = "COMPANY"\n',
            "type 'COMPANY' is not one of PER, ORG, LOC, MISC",
        ),
        ('[[merge]]\nentities = ["Фокус"]\n', "entities must name at least two entities"),
        ('[[rename]]\nentity = "Фокус"\n', "lacks name_en"),
        ('[[rename]]\nentity = "Фокус"\nname_en = "Focus"\ncolour = "red"\n', "has colour; it reads"),
        (
            '[[mark]]\narticle = "a"\nstart = 9\nend = 3\ntext = "x"\ntype = "LOC"\n',
            "end must be after start",
        ),
        (
            '[[mark]]\narticle = "a"\nstart = "9"\nend = 3\ntext = "x"\ntype = "LOC"\n',
            "start must be a whole number",
        ),
        ('[[rebrand]]\nentity = "Фокус"\n', "[[rebrand]] is not a correction; use one of merge, split"),
        ('[rename]\nentity = "Фокус"\n', "[rename] is not a correction; write each correction as [[merge|"),
    ],
)
def test_an_entry_that_cannot_be_used_names_its_line_and_the_others_apply(entry, says):
    found = parse('[[drop]]\nentity = "Авраам"\n\n' + entry)
    assert [c.kind for c in found.entries] == [Kind.DROP]
    (problem,) = found.problems
    assert (
        problem.line == 4
        and problem.message.startswith("corrections.toml line 4")
        and says in problem.message
    )


def test_a_correction_is_written_at_the_end_and_taken_back_leaving_every_other_line(tmp_path):
    hand = '# kept as written\n[[drop]]\nentity = "Авраам"  # a comment\n\n# about the next one\n[[rename]]\nentity = "Фокус"\nname_en = "Focus"\n'
    (tmp_path / CORRECTIONS_FILE).write_text(hand, encoding="utf-8")
    added = append(
        tmp_path, Kind.RETYPE, {Key.ENTITY: "Овальный кабинет", Key.ID: "loc:oval-cabinet", Key.TYPE: "ORG"}
    )
    text = (tmp_path / CORRECTIONS_FILE).read_text(encoding="utf-8")
    assert text.startswith(hand) and text.endswith(
        '[[retype]]\nentity = "Овальный кабинет"\nid = "loc:oval-cabinet"\ntype = "ORG"\n'
    )
    assert read_corrections(tmp_path).find(added.id).line == added.line == 10
    with pytest.raises(CorrectionError, match="line 10 already holds this correction"):
        append(
            tmp_path,
            Kind.RETYPE,
            {Key.ENTITY: "Овальный кабинет", Key.ID: "loc:oval-cabinet", Key.TYPE: "ORG", Key.BY: "b"},
        )
    drop = read_corrections(tmp_path).entries[0]
    remove(tmp_path, drop.id)
    left = (tmp_path / CORRECTIONS_FILE).read_text(encoding="utf-8")
    assert left.startswith("# kept as written\n# about the next one\n[[rename]]\n") and "Авраам" not in left
    assert [c.kind for c in read_corrections(tmp_path).entries] == [Kind.RENAME, Kind.RETYPE]
    with pytest.raises(CorrectionError, match="undone already"):
        remove(tmp_path, drop.id)


def test_a_new_file_says_what_it_is_and_any_text_survives_the_round_trip(tmp_path):
    odd = 'the "Trump" route\\ \n\ttab \x7f end'
    append(tmp_path, Kind.RENAME, {Key.ENTITY: "Маршрут", Key.NAME_EN: odd, Key.NOTE: ""})
    text = (tmp_path / CORRECTIONS_FILE).read_text(encoding="utf-8")
    assert text.startswith("# Corrections an analyst made") and "note" not in text
    (entry,) = read_corrections(tmp_path).entries
    assert entry.fields == {Key.ENTITY: "Маршрут", Key.NAME_EN: odd}
    assert os.listdir(tmp_path) == [CORRECTIONS_FILE]  # nothing else written beside it


def test_an_invalid_correction_is_not_written(tmp_path):
    with pytest.raises(CorrectionError, match="type 'PLACE' is not one of"):
        append(tmp_path, Kind.RETYPE, {Key.ENTITY: "Фокус", Key.TYPE: "PLACE"})
    assert not (tmp_path / CORRECTIONS_FILE).exists()
    (tmp_path / CORRECTIONS_FILE).write_text("[[drop]\n", encoding="utf-8")
    with pytest.raises(CorrectionError, match="line 1: not valid TOML.*nothing was written"):
        append(tmp_path, Kind.DROP, {Key.ENTITY: "Фокус"})


def test_corrections_never_reach_outside_the_corpus_folder(tmp_path):
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere.toml"
    corpus.mkdir()
    elsewhere.write_text('[[drop]]\nentity = "Фокус"\n', encoding="utf-8")
    (corpus / CORRECTIONS_FILE).symlink_to(elsewhere)
    assert "a link to another place" in read_corrections(corpus).error
    with pytest.raises(CorrectionError, match="a link to another place"):
        append(corpus, Kind.DROP, {Key.ENTITY: "Авраам"})
    assert elsewhere.read_text(encoding="utf-8") == '[[drop]]\nentity = "Фокус"\n'
    with pytest.raises(CorrectionError, match="does not exist"):
        append(tmp_path / "missing", Kind.DROP, {Key.ENTITY: "Авраам"})


def test_the_same_correction_by_anyone_at_any_time_has_one_id():
    what = {Key.ENTITY: "Фокус", Key.NAME_EN: "Focus"}
    one = Correction(Kind.RENAME, {**what, Key.BY: "anna", Key.AT: "2026-12-01", Key.NOTE: "x"})
    assert one.id == Correction(Kind.RENAME, dict(what), line=40).id
    assert one.id != Correction(Kind.RENAME, {**what, Key.NAME_EN: "Fokus"}).id
    check(Kind.RENAME, one.fields)


def test_an_entity_is_found_by_its_russian_forms_first_and_its_id_last():
    entities = pd.DataFrame(
        {
            Col.ENTITY_ID: ["loc:washington", "per:washington", "per:donald-tramp"],
            Col.NAME: ["Вашингтон", "Вашингтон", "Дональд Трамп"],
            Col.TYPE: ["LOC", "PER", "PER"],
            Col.ALIASES: [["Вашингтоне"], ["Вашингтона"], ["Трампа", "Трамп"]],
            Col.N_MENTIONS: [5, 1, 20],
        }
    )
    index = EntityIndex(entities)
    assert index.find("Дональд Трамп", "per:donald-trump") == "per:donald-tramp"  # the id changed since
    assert index.find("трампа") == "per:donald-tramp"  # a spelling, any case
    assert index.find("Вашингтон") == "loc:washington"  # the most mentioned of two
    assert index.find("Вашингтон", entity_type="PER") == "per:washington"
    assert index.find("Дональд Трамп Младший", "per:donald-tramp") == "per:donald-tramp"  # the name changed
    assert index.find("Никто", "per:nobody") is None
