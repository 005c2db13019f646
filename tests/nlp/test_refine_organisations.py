"""Classes of organisations' spans issue 20's NEREL dev check found wrong, each on a real sentence of
the NEREL dev texts (Russian Wikinews) through the whole natasha engine: each failed before its rule."""

from __future__ import annotations

import pytest

from analysis.nlp.base import Span


@pytest.fixture(scope="module")
def engine():
    from analysis.nlp.natasha_engine import NatashaEngine

    return NatashaEngine()


def _found(spans: list[Span]) -> list[tuple[str, str]]:
    return [(s.text, s.type) for s in sorted(spans, key=lambda s: s.start)]


def test_a_place_the_tagger_reads_in_another_case_joins_the_organisation_it_can_own(engine):
    """ "Законодательного собрания | Кировской области": the tagger read "области" as locative, which
    no place right after a name is without a preposition; its genitive reading makes it the owner."""
    text = (
        "Законопроект был внесен членом Совфеда от Законодательного собрания Кировской области "
        "Вячеславом Степановичем Тимченко."
    )
    assert _found(engine.analyze(text).spans) == [
        ("Совфеда", "ORG"),
        ("Законодательного собрания Кировской области", "ORG"),
        ("Вячеславом Степановичем Тимченко", "PER"),
    ]


def test_a_complement_after_an_owner_belongs_to_the_institution_noun_before_it(engine):
    """ "комитета | Совета Федерации по экономической политике": the committee is for economic policy,
    not the Federation Council; the name starts at the institution noun."""
    text = (
        "Вячеслав Тимченко занимает должность заместителя председателя комитета Совета Федерации по "
        "экономической политике."
    )
    assert _found(engine.analyze(text).spans)[-1] == (
        "комитета Совета Федерации по экономической политике",
        "ORG",
    )


def test_an_organisation_after_pri_is_part_of_the_name(engine):
    """ "Высшей партийной школе | при | ЦК КПСС" were two organisations: a school under the Central
    Committee is one."""
    text = "Преподавал русский язык в Высшей партийной школе при ЦК КПСС."
    assert _found(engine.analyze(text).spans) == [("Высшей партийной школе при ЦК КПСС", "ORG")]


def test_each_of_a_bracketed_list_of_aliases_names_the_thing_before_it(engine):
    """ "(King’s College London, KCL)" was one bracket too long for the alias rule and its apostrophe no
    ASCII: both were places; after a quoted name the closing quote hid the name before the bracket."""
    text = (
        "В прошлую пятницу, спустя один день после госпитализации в больницу Королевского колледжа Лондона "
        "(King’s College London, KCL), тест 13-летнего Исмаила Мохамеда Абдулвахаба из Брикстона на юге "
        "Лондона дал положительный результат на коронавирус SARS-CoV-2."
    )
    found = _found(engine.analyze(text).spans)
    assert found[:3] == [
        ("Королевского колледжа Лондона", "ORG"),
        ("King’s College London", "ORG"),
        ("KCL", "ORG"),
    ]
    text = (
        'Однако в четверг представитель неправительственной организации "Сеть поддержки выборов в Зимбабве" '
        '(Zimbabwe Election Support Network, ZESN) назвал результаты мониторинга процесса выборов "катастрофой" '
        "для Цвангираи."
    )
    assert _found(engine.analyze(text).spans)[:3] == [
        ("Сеть поддержки выборов в Зимбабве", "ORG"),
        ("Zimbabwe Election Support Network", "ORG"),
        ("ZESN", "ORG"),
    ]


def test_a_numbers_ordinal_before_an_organisation_is_part_of_its_name(engine):
    """ "1-го | Украинского фронта СССР": which of the fronts is part of the front's name."""
    text = (
        "Встреча на Эльбе — эпизод Второй мировой войны, когда 25 апреля 1945 года недалеко от города Торгау "
        "на реке Эльба в Германии войска 1-го Украинского фронта СССР встретились с войсками 1-й армии США."
    )
    assert ("1-го Украинского фронта СССР", "ORG") in _found(engine.analyze(text).spans)


def test_an_acronym_naming_a_facility_is_a_place(engine):
    """factRuEval devset book_396: the engine reads "МКС", the space station, as an organisation."""
    text = (
        "Командир 13-й долговременной экспедиции Павел Виноградов и бортинженер Джеффри Уильямс впервые "
        "участвовали в пресс-конференции с борта МКС."
    )
    assert _found(engine.analyze(text).spans)[-1] == ("МКС", "LOC")


def test_a_compound_with_a_word_for_news_is_an_outlet(engine):
    """ "Викиновости" (a word no dictionary knows) was a person."""
    text = (
        "Викиновости сообщали, что 27 ноября 2018 года Европейский суд по правам человека вынес решение по "
        "делу «Алексеев и другие против России»."
    )
    assert _found(engine.analyze(text).spans)[0] == ("Викиновости", "ORG")


def test_a_members_place_is_not_part_of_the_organisations_name(engine):
    """ "Член общественного совета" (NEREL dev: the engine's span in its article opened with the member)
    and "Замглавы | Федеральной миграционной службы России" (factRuEval devset book_335: the member
    alone an organisation, joined to the one after it)."""
    from analysis.nlp.refine import organisations

    text = (
        "Член общественного совета при государственном агентстве по управлению зоной отчуждения Ярослав "
        "Емельяненко заявил о том, что пожар в зоне отчуждения атомной станции локализован."
    )
    spans = [Span(0, 25, "ORG", "Член общественного совета")]
    result = organisations.member_words(text, engine.analyze(text).sentences, spans)
    assert _found(result) == [("общественного совета", "ORG")]
    text = (
        "Замглавы Федеральной миграционной службы России Михаил Тюркин заявил о том, что с 1 января 2008 "
        "граждане России смогут получить новые биометрические загранпаспорта."
    )
    assert _found(engine.analyze(text).spans)[0] == ("Федеральной миграционной службы России", "ORG")


def test_a_compound_abbreviation_of_an_institution_is_an_organisation(engine):
    """ "Мосгоризбиркому" (Мосгор + избирком, in the dative) was a place."""
    text = (
        "14 июля участники подобной встречи пошли к мэрии, а затем к Мосгоризбиркому, где требовали допуска "
        "кандидатов до выборов."
    )
    assert ("Мосгоризбиркому", "ORG") in _found(engine.analyze(text).spans)
