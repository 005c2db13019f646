"""The analyst's corrections from the command line (`python -m analysis correct ...`, `corrections`):
written beside the corpus, applied by the rebuild, listed with what became of each; they survive a
rebuild with an added article, and a broken file never stops a build."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analysis.core.corrections import CORRECTIONS_FILE, Kind, read_corrections
from analysis.core.schema import Col
from tests.corpora import SEEDS
from tests.helpers import cli

ADDED = (
    " date 2025-11-08 Токаев вернулся из Вашингтона. В Белом доме ему обещали инвестиции, "
    "сообщила пресс-служба Белого дома.\n"
)


@pytest.fixture
def seeds(tmp_path):
    """(corpus, out): a copy of the seeds, built."""
    corpus, out = tmp_path / "seeds", tmp_path / "data"
    shutil.copytree(SEEDS, corpus)
    assert cli("build", "--corpus", str(corpus), "--out", str(out), "--quiet").returncode == 0
    return corpus, out


def _entities(out) -> pd.DataFrame:
    return pd.read_parquet(out / "entities.parquet")


def _where(corpus, out) -> list[str]:
    return ["--corpus", str(corpus), "--out", str(out), "--quiet"]


def test_a_merge_made_on_the_command_line_survives_a_rebuild_with_an_added_article(seeds, tmp_path):
    corpus, out = seeds
    made = cli(
        "correct",
        "merge",
        "Вашингтон",
        "White House",
        "--name-en",
        "Washington DC",
        "--by",
        "anna",
        *_where(corpus, out),
    )
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[-1] == "applied" and "rebuilt" in made.stdout
    (entry,) = read_corrections(corpus).entries
    assert entry.kind == Kind.MERGE and entry.fields["entities"] == ["Вашингтон", "Белый дом"]
    washington = entry.fields["ids"][0]
    merged = _entities(out).set_index(Col.ENTITY_ID).loc[washington]
    assert (merged[Col.NAME_EN], merged[Col.N_MENTIONS]) == ("Washington DC", 15)

    article = tmp_path / "visit.txt"
    article.write_text(ADDED, encoding="utf-8")
    assert cli("add", str(article), *_where(corpus, out)).returncode == 0
    after = _entities(out)
    assert "Белый дом" not in set(after[Col.NAME])  # still one entity, with the added article's mentions
    assert after.set_index(Col.ENTITY_ID).loc[washington, Col.N_MENTIONS] == 18
    listed = cli("corrections", "--corpus", str(corpus), "--out", str(out))
    assert listed.returncode == 0
    assert (
        f"line 6  {entry.id}  merge: Вашингтон + Белый дом → Washington DC (by anna)  [applied]"
        in listed.stdout
    )
    assert "machine's original: «Вашингтон» (Washington, LOC" in listed.stdout


def test_each_kind_from_the_command_line_and_undo(seeds):
    corpus, out = seeds
    where = _where(corpus, out)
    discrepancies = pd.read_parquet(out / "contradictions.parquet")
    sudan = discrepancies.loc[discrepancies[Col.SUBJECT] == "Судан", Col.CONTRADICTION_ID].iloc[0]
    refused = cli("correct", "dismiss", sudan, *where)
    assert refused.returncode == 2 and "needs the reason: --note" in refused.stderr
    for command in (
        ("correct", "dismiss", sudan, "--note", "different moments"),
        ("correct", "rename", "Фокус", "Focus magazine"),
        ("correct", "retype", "Овальный кабинет", "ORG"),
        ("correct", "split", "Министерство иностранных дел", "МИД", "--name-en", "Foreign Ministry"),
        ("correct", "drop", "Авраам"),
        ("correct", "mark", "001_f2c8b14476094b1d", "TRIPP", "MISC"),
        ("correct", "unmark", "003_d0884956e55f9437", "Запада"),
    ):
        written = cli(*command, *where, "--no-build")  # each written; one build applies them all
        assert written.returncode == 0 and "not rebuilt (--no-build)" in written.stdout, (
            command,
            written.stderr,
        )
    assert cli("build", *where).returncode == 0
    table = pd.read_parquet(out / "corrections.parquet")
    assert list(table[Col.KIND]) == ["dismiss", "rename", "retype", "split", "drop", "mark", "unmark"]
    assert set(table[Col.STATUS]) == {"applied"}
    assert sudan not in set(pd.read_parquet(out / "contradictions.parquet")[Col.CONTRADICTION_ID])
    dismissal = read_corrections(corpus).entries[0]
    assert cli("correct", "undo", dismissal.id, *where).returncode == 0
    assert sudan in set(pd.read_parquet(out / "contradictions.parquet")[Col.CONTRADICTION_ID])
    assert len(read_corrections(corpus).entries) == 6


def test_the_command_line_asks_which_place_of_a_repeated_span(seeds):
    corpus, out = seeds
    asked = cli("correct", "mark", "004_9612a995b4a4a15c", "Токаев", "PER", *_where(corpus, out))
    assert asked.returncode == 2 and "stands" in asked.stderr and "--occurrence N (1: …" in asked.stderr
    unknown = cli("correct", "rename", "Нет такого", "Nobody", *_where(corpus, out))
    assert unknown.returncode == 2 and "no entity «Нет такого» in the tables" in unknown.stderr
    assert not (corpus / CORRECTIONS_FILE).exists()


def test_a_broken_corrections_file_never_stops_a_build_and_names_its_line(seeds):
    corpus, out = seeds
    (corpus / CORRECTIONS_FILE).write_text(
        '[[rename]]\nentity = "Фокус"\nname_en = Focus\n', encoding="utf-8"
    )
    built = cli("build", "--corpus", str(corpus), "--out", str(out), "--quiet")
    assert built.returncode == 0
    assert "skipped corrections.toml: corrections.toml line 3: not valid TOML" in built.stderr
    assert "(built without the corrections)" in built.stderr
    (corpus / CORRECTIONS_FILE).write_text('[[retype]]\nentity = "Фокус"\ntype = "PLACE"\n', encoding="utf-8")
    built = cli("build", "--corpus", str(corpus), "--out", str(out), "--quiet")
    assert built.returncode == 0 and "note corrections.toml: line 1: retype" in built.stderr
    assert "type 'PLACE' is not one of PER, ORG, LOC, MISC" in built.stderr
    listed = cli("corrections", "--corpus", str(corpus), "--out", str(out))
    assert "line 1  invalid: corrections.toml line 1: [[retype]]: type 'PLACE'" in listed.stdout
