"""Roles in the Abraham Accords per country and article, read from the seed texts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.core.schema import ROLES, empty, validate
from analysis.stages.dates import extract_dates
from analysis.stages.roles import extract_roles, role_mentions
from tests.helpers import documents

# (article prefix, iso3) -> (role, year) as the texts state them.
EXPECTED = {
    ("000", "KAZ"): ("signatory", "2025"),
    ("000", "ISR"): ("signatory", "2020"),
    ("000", "ARE"): ("signatory", "2020"),
    ("000", "BHR"): ("signatory", "2020"),
    ("000", "MAR"): ("signatory", "2020"),
    ("000", "SDN"): ("signatory", "2021"),
    ("000", "USA"): ("mediator", ""),
    ("000", "SAU"): ("prospective", ""),
    ("000", "EGY"): ("prior_treaty", "1979"),
    ("000", "JOR"): ("prior_treaty", "1994"),
    ("001", "KAZ"): ("signatory", "2025"),
    ("001", "ISR"): ("signatory", "2020"),
    ("001", "ARE"): ("signatory", "2020"),
    ("001", "BHR"): ("signatory", "2020"),
    ("001", "MAR"): ("signatory", "2020"),
    ("001", "SDN"): ("signatory", "2021"),
    ("001", "EGY"): ("signatory", ""),  # "присоединился Судан, потом — Египет": after 2021, no year
    ("001", "USA"): ("mediator", ""),
    ("002", "KAZ"): ("signatory", "2025"),
    ("002", "ISR"): ("signatory", ""),
    ("002", "ARE"): ("signatory", ""),
    ("002", "BHR"): ("signatory", ""),
    ("002", "MAR"): ("signatory", ""),
    ("002", "SDN"): ("incomplete", ""),
    ("003", "KAZ"): ("signatory", ""),  # 003 has no publication date and states no year
    ("003", "ISR"): ("signatory", ""),
    ("003", "ARE"): ("signatory", ""),
    ("003", "BHR"): ("signatory", ""),
    ("003", "MAR"): ("signatory", ""),
    ("003", "USA"): ("mediator", ""),
    ("004", "KAZ"): ("signatory", "2025"),
    ("004", "ISR"): ("signatory", ""),
}


@pytest.fixture(scope="module", params=["timeline", "tokens"])
def dates(request, tables) -> pd.DataFrame:
    """Years from the timeline's dates table, and from the token fallback used when it is empty."""
    if request.param == "tokens":
        return empty("dates")
    return tables["dates"] if "dates" in tables else extract_dates(tables["articles"], tables["sentences"])


@pytest.fixture(scope="module")
def signatories(tables, dates, pack) -> pd.DataFrame:
    t = tables
    return extract_roles(documents(t), t["entities"], dates, pack)


def _build_with_pack(folder: Path, seeds_dir: Path, name: str, text: str, seeds: bool = False) -> dict:
    """Tables of ``text`` (article ``name``) built with the seeds' story pack, beside the seed
    articles when ``seeds``."""
    from analysis.build.run import build_tables

    for path in [
        *(seeds_dir.glob("*.txt") if seeds else []),
        seeds_dir / "story.toml",
        seeds_dir / "abraham_accords.csv",
    ]:
        shutil.copy(path, folder / path.name)
    (folder / name).write_text(text, encoding="utf-8")
    tables, _ = build_tables(folder, engine="natasha", cache=False)
    return tables


def _row(signatories: pd.DataFrame, prefix: str, iso3: str) -> pd.Series:
    rows = signatories[signatories["article_id"].str.startswith(prefix) & (signatories["iso3"] == iso3)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_schema(signatories):
    validate(ROLES, signatories)


def test_role_and_year_per_country_per_article(signatories):
    found = {
        (row.article_id[:3], row.iso3): (row.role, row.year) for row in signatories.itertuples(index=False)
    }
    assert len(found) == len(signatories), "one role per country and article on the seeds"
    assert found == EXPECTED


def test_contested_where_articles_disagree(signatories):
    contested = set(signatories.loc[signatories["contested"], "iso3"])
    assert contested == {"EGY", "SDN"}


def test_evidence_sentences(signatories, tables):
    sentences = tables["sentences"].set_index(["article_id", "sentence_id"])
    for row in signatories.itertuples(index=False):
        assert row.evidence == sentences.at[(row.article_id, row.sentence_id), "text"]
    assert _row(signatories, "002", "SDN")["evidence"] == (
        "Судан также начал процесс нормализации, однако он пока не завершён."
    )
    assert _row(signatories, "003", "USA")["evidence"] == "Посредником были США."
    assert "1979 и 1994 годах соответственно" in _row(signatories, "000", "EGY")["evidence"]
    assert _row(signatories, "000", "SDN")["evidence"] == "Год спустя о нормализации отношений объявил Судан."
    assert (
        _row(signatories, "001", "EGY")["evidence"]
        == "В 2021 году к соглашениям присоединился Судан, потом — Египет."
    )


def test_offsets_point_at_the_country_mention(signatories, tables):
    raw = tables["articles"].set_index("article_id")["raw_text"]
    for row in signatories.itertuples(index=False):
        assert raw[row.article_id][row.start : row.end] in row.evidence
    assert raw[_row(signatories, "001", "USA")["article_id"]][
        _row(signatories, "001", "USA")["start"] :
    ].startswith("США")


def test_riyadh_stands_for_saudi_arabia(tables, dates, pack):
    t = tables
    found = role_mentions(documents(t), t["entities"], dates, pack)
    riyadh = found[found["evidence"].str.contains("Эр-Рияд может нормализовать")]
    assert riyadh[["iso3", "entity_id", "role"]].values.tolist() == [
        ["SAU", "loc:saudi-arabia", "prospective"]
    ]
    raw = t["articles"].set_index("article_id")["raw_text"]
    assert raw[riyadh.iloc[0]["article_id"]][riyadh.iloc[0]["start"] : riyadh.iloc[0]["end"]] == "Эр-Рияд"


def test_bystanders_get_no_role(tables, dates, pack):
    """Leaders' countries, meeting places and the counterpart of an older treaty are not parties."""
    t = tables
    found = role_mentions(documents(t), t["entities"], dates, pack)
    first_001 = found[found["article_id"].str.startswith("001") & (found["sentence_id"] == 0)]
    assert set(first_001["iso3"]) == {"KAZ"}  # not "лидера США", not "премьер-министром Израиля"
    prior = found[found["evidence"].str.contains("соответственно")]
    assert set(prior["iso3"]) == {"EGY", "JOR"}  # Israel is the counterpart, not a prior-treaty country
    tokayev_in_washington = found[found["article_id"].str.startswith("004") & (found["sentence_id"] == 0)]
    assert set(tokayev_in_washington["iso3"]) == {"KAZ"}  # "в Вашингтоне" is where, not who


def test_reference_is_a_comparison_layer(signatories):
    differs = {
        (r.article_id[:3], r.iso3) for r in signatories.itertuples(index=False) if r.differs_from_reference
    }
    assert differs == {("001", "EGY"), ("002", "SDN")}
    assert _row(signatories, "000", "SAU")["reference_role"] == ""
    assert _row(signatories, "002", "SDN")["reference_role"] == "signatory"
    assert _row(signatories, "000", "JOR")["reference_role"] == "prior_treaty"


def test_reference_table(pack):
    reference = pack.reference
    assert list(reference.columns) == ["country", "iso3", "role", "date", "note", "source_url"]
    assert set(reference["role"]) <= {"signatory", "mediator", "prospective", "prior_treaty", "incomplete"}
    assert reference["source_url"].str.startswith("https://").all()
    dates = dict(zip(reference["iso3"], reference["date"], strict=True))
    assert dates["ARE"] == dates["BHR"] == "2020-09-15"
    assert (dates["MAR"], dates["SDN"], dates["KAZ"]) == ("2020-12-10", "2021-01-06", "2025-11-06")
    assert (dates["EGY"][:4], dates["JOR"][:4]) == ("1979", "1994")


def test_rules_generalise_to_unseen_text(tmp_path: Path, seeds_dir: Path, pack):
    """Other countries, other years, the same constructions: roles come from the rules, not the seeds."""
    text = (
        " date 2026-03-02 Оман присоединился к Авраамовым соглашениям при посредничестве Соединенных Штатов.\n"
        "В 2022 году к соглашениям присоединилась Мавритания, затем — Индонезия. "
        "Ливия может нормализовать отношения с Израилем. "
        "До этого лишь Турция и Иран имели отношения с Израилем, установленные в 1949 и 1950 годах соответственно.\n"
        "Лидеры обсудили подписание торговых соглашений между Оманом и Китаем.\n"
    )
    t = _build_with_pack(tmp_path, seeds_dir, "000_new.txt", text)
    found = role_mentions(documents(t), t["entities"], empty("dates"), pack)
    assert sorted(zip(found["iso3"], found["role"], found["year"], strict=True)) == [
        ("IDN", "signatory", ""),
        ("IRN", "prior_treaty", "1950"),
        ("LBY", "prospective", ""),
        ("MRT", "signatory", "2022"),
        ("OMN", "signatory", "2026"),
        ("TUR", "prior_treaty", "1949"),
        ("USA", "mediator", ""),
    ]


def test_no_agreement_no_rows(pack):
    """A corpus that never names the pack's agreement, or has no pack, gives empty, valid tables."""
    from analysis.stages.claims.pack import extract_claims

    inputs = [{}, empty("entities"), empty("dates")]
    for story in (pack, None):
        roles = extract_roles(*inputs, story)
        assert validate(ROLES, roles).empty
        assert extract_claims(*inputs, roles, story).empty


def test_another_agreement_gives_no_roles(tmp_path: Path, seeds_dir: Path):
    """An article about some other agreement, added to the seeds, paints nobody a signatory."""
    text = (
        " date 2025-11-07 Китай, Киргизия и Узбекистан подписали соглашение о строительстве железной "
        "дороги. Соглашение вступит в силу после ратификации.\n"
        "Узбекистан присоединился к проекту ещё в 2022 году.\n"
    )
    roles = _build_with_pack(tmp_path, seeds_dir, "900_railway.txt", text, seeds=True)["roles"]
    assert not roles["article_id"].eq("900_railway").any()
    assert not roles["iso3"].isin(["CHN", "KGZ", "UZB"]).any()
    assert set(roles["iso3"]) == {iso3 for _, iso3 in EXPECTED} | {"SAU", "JOR"}


def test_modality_as_each_source_states_it(signatories):
    """Plans, expectations, announcements and completed accession are told apart per source."""
    kaz = signatories[signatories["iso3"] == "KAZ"]
    assert {a[:3]: m for a, m in zip(kaz["article_id"], kaz["modality"], strict=True)} == {
        "000": "planned",  # "Казахстан планирует присоединиться"
        "001": "done",  # "стал первой страной, присоединившейся …, сообщил …": a report, not an announcement
        "002": "announced",  # "В заявлении МИД подчеркивается, что вступление Казахстана … принято"
        "003": "expected",  # "Ожидается, что … объявит о намерении страны присоединиться"
        "004": "done",  # "Токаев в Вашингтоне присоединился"
    }
    assert (
        _row(signatories, "000", "SDN")["modality"] == "announced"
    )  # "о нормализации отношений объявил Судан"
    assert set(signatories.loc[signatories["role"] != "signatory", "modality"]) == {""}


def test_modality_of_unseen_sentences(tmp_path: Path, seeds_dir: Path):
    text = (
        " date 2026-03-02 Оман не присоединился к Авраамовым соглашениям.\n"
        "Мавритания присоединится к Авраамовым соглашениям в апреле.\n"
        "Индонезия отказалась присоединиться к Авраамовым соглашениям.\n"
    )
    found = _build_with_pack(tmp_path, seeds_dir, "000_new.txt", text)["roles"]
    assert dict(zip(found["iso3"], found["modality"], strict=True)) == {
        "OMN": "denied",
        "MRT": "planned",
        "IDN": "denied",
    }
