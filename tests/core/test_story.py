"""The story pack: read from the corpus folder, its words reach the role rules, and without one (or
with a broken one) every other table is built as usual."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from analysis.build.run import build_tables, run_build
from analysis.core.story import RULES, StoryPackError, load_pack

PARIS_TEXT = (
    " date 2017-06-02 Никарагуа присоединилась к Парижскому соглашению по климату в 2017 году.\n"
    "Ранее Парижское соглашение подписали Китай и Индия. Посредником на переговорах была Франция.\n"
    "Турция может ратифицировать Парижское соглашение в следующем году.\n"
    "Лидеры обсудили подписание торговых соглашений между Китаем и Японией.\n"
)
PARIS_PACK = """
[story]
name = "The Paris climate agreement"
summary = "Who is in the Paris Agreement."
key = "paris"
map_title = "Parties to the Paris Agreement"
reference = "parties.csv"

[agreement]
name = "Paris Agreement"
stems = ["париж"]

[roles.party]
rule = "party"
label = "Party"
colour = "#1b9e77"
join = ["присоединиться"]
verbs = ["подписать", "ратифицировать"]

[roles.broker]
rule = "intermediary"
label = "Broker"
colour = "#d95f02"
nouns = ["посредник"]

[roles.candidate]
rule = "prospect"
label = "Candidate"
colour = "#7570b3"
modals = ["мочь"]
"""
PARIS_REFERENCE = (
    "country,iso3,role,date,note,source_url\nChina,CHN,party,2016-09-03,Ratified,https://unfccc.int\n"
)


def _paris_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "000_paris.txt").write_text(PARIS_TEXT, encoding="utf-8")
    (folder / "story.toml").write_text(PARIS_PACK, encoding="utf-8")
    (folder / "parties.csv").write_text(PARIS_REFERENCE, encoding="utf-8")
    return folder


def test_seeds_pack(pack):
    assert pack.name == "Kazakhstan joins the Abraham Accords"
    assert [(r.code, r.rule) for r in pack.roles] == [
        ("signatory", "party"),
        ("mediator", "intermediary"),
        ("prospective", "prospect"),
        ("prior_treaty", "prior"),
        ("incomplete", "unfinished"),
    ]
    assert pack.cues("unfinished", "verbs") >= {"завершенный"}  # folded: ё -> е, as tokens' keys are
    assert pack.role("prior").label == "Earlier treaty"
    assert set(pack.reference["iso3"]) >= {"ISR", "KAZ", "EGY"}


def test_another_story_with_its_own_words(tmp_path):
    """A pack for a different agreement, with other role codes and cues, gives that story's roles."""
    tables, manifest = build_tables(_paris_corpus(tmp_path / "paris"), engine="natasha", cache=False)
    roles = tables["roles"]
    assert sorted(zip(roles["iso3"], roles["role"], roles["year"], strict=True)) == [
        ("CHN", "party", ""),
        ("FRA", "broker", ""),
        ("IND", "party", ""),
        ("NIC", "party", "2017"),
        ("TUR", "candidate", ""),
    ]  # not Japan: "торговых соглашений" is another agreement
    assert roles.set_index("iso3").at["CHN", "reference_role"] == "party"
    claims = tables["claims"]
    assert set(claims.loc[claims["kind"] == "role", "attribute"]) == {"paris_role", "party_year"}
    assert manifest["story"]["map_title"] == "Parties to the Paris Agreement"
    assert [r["label"] for r in manifest["story"]["roles"]] == ["Party", "Broker", "Candidate"]


def test_no_pack_no_roles(built_without_pack):
    """The seeds without their pack: no roles and no pack claims, every other table as with it."""
    tables, manifest = built_without_pack
    assert manifest["story"] == {}
    assert tables["roles"].empty
    assert not tables["claims"]["kind"].isin(["role", "span"]).any()
    assert len(tables["mentions"]) > 200 and len(tables["dates"]) > 10


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda text: text.replace("[agreement]", "[agreement"), "not valid TOML"),
        (
            lambda text: text.replace('rule = "intermediary"', 'rule = "broker"'),
            "rule 'broker' is not one of",
        ),
        (
            lambda text: text.replace('modals = ["мочь"]', 'verbs = ["мочь"]'),
            "rule 'prospect' reads nouns, modals",
        ),
        (
            lambda text: text.replace('reference = "parties.csv"', 'reference = "none.csv"'),
            "none.csv: the reference",
        ),
        (lambda text: text.replace('key = "paris"\n', ""), "[story] lacks key"),
        (lambda text: text + '[names]\n"Китай" = 1\n', "[names] must map a Russian name to an English one"),
    ],
)
def test_a_broken_pack_says_what_to_fix(tmp_path, edit, message):
    corpus = _paris_corpus(tmp_path / "paris")
    (corpus / "story.toml").write_text(edit(PARIS_PACK), encoding="utf-8")
    with pytest.raises(StoryPackError, match="story.toml|none.csv") as error:
        load_pack(corpus)
    assert message in str(error.value)


def test_a_broken_pack_costs_no_other_data(tmp_path):
    corpus = _paris_corpus(tmp_path / "paris")
    (corpus / "story.toml").write_text(
        PARIS_PACK.replace('rule = "party"', 'rule = "parti"'), encoding="utf-8"
    )
    out = tmp_path / "data"
    run_build(corpus, out, engine="natasha", progress=False)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["story"] == {}
    [skipped] = manifest["skipped"]
    assert skipped["file"] == "story.toml"
    assert f"rule 'parti' is not one of {', '.join(RULES)}" in skipped["reason"]
    assert "built without the story pack" in skipped["reason"]
    assert manifest["tables"]["roles"] == 0
    whole, _ = build_tables(_paris_corpus(tmp_path / "good"), engine="natasha", cache=False)
    assert manifest["tables"]["mentions"] == len(whole["mentions"])
    assert manifest["tables"]["dates"] == len(whole["dates"])


def test_the_pack_gives_english_names_and_keeps_ids(tables):
    """seeds/story.toml's [names]: the analyst's English where the build had another ("Binyamin
    Netanyahu", from the name list) or only a transliteration ("Avraamovy soglasheniya"); ids stay as
    built, so shared links keep working; an entity the pack does not name keeps its own."""
    english = tables["entities"].set_index("entity_id")["name_en"]
    assert english["per:donald-trump"] == "Donald Trump"
    assert english["per:binyamin-netanyahu"] == "Benjamin Netanyahu"
    assert english["misc:avraamovy-soglasheniya"] == "Abraham Accords"
    assert english["per:shavkat-mirziyeev"] == "Shavkat Mirziyoyev"  # "Мирзиёев" in the pack, ё folded
    assert english["loc:kazakhstan"] == "Kazakhstan" and english["per:vladimir-putin"] == "Vladimir Putin"


def test_without_names_the_build_names_from_knowledge(tmp_path, seeds_dir):
    """Without [names], "Дональд Трамп" is "Donald Trump" from the Wikidata name list (it was the
    transliteration "Donald Tramp"); the pack's own agreement name stays a transliteration."""
    corpus = tmp_path / "seeds"
    shutil.copytree(seeds_dir, corpus)
    text = (corpus / "story.toml").read_text(encoding="utf-8")
    (corpus / "story.toml").write_text(text[: text.index("[names]")], encoding="utf-8")
    tables, _ = build_tables(corpus, engine="natasha", cache=False)
    entities = tables["entities"].set_index("entity_id")
    trump = entities.loc["per:donald-trump", ["name_en", "name_en_source"]].tolist()
    assert trump == ["Donald Trump", "names"]
    accords = entities.loc["misc:avraamovy-soglasheniya", ["name_en", "name_en_source"]].tolist()
    assert accords == ["Avraamovy Soglasheniya", "transliteration"]  # a name: each Russian word capitalised
