"""Quantities (analysis.nlp.grammars.quantities) on real sentences: the two BSNLP clusters and FactRuEval texts
in ../shared/eval (skipped when absent, never copied here), the seeds, and sentences written here
for what those corpora do not contain (volumes, a few number forms, negatives). Each real sentence
is found in its file by an anchor, analysed with the natasha engine, and every quantity of it is
asserted: a missed one or an extra one fails. Offsets are checked against the whole file."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from yargy.rule.bnf import is_rule
from yargy.tokenizer import Tokenizer

from analysis.core.document import Sentence, Token
from analysis.nlp.grammars.quantities import (
    APPROX_SHARE,
    ROUNDING_SHARE,
    Quantity,
    comparable,
    compatible,
    quantities,
)
from tests.corpora import ASIA_BIBI, FACTRU, NEREL, RYANAIR, SEEDS


@pytest.fixture(scope="module")
def engine():
    from analysis.nlp import get_engine

    return get_engine("natasha")


def make_sentence(engine, text: str, anchor: str = "", base: int = 0) -> Sentence:
    """The sentence of ``text`` (one paragraph) that contains ``anchor``, as a document Sentence
    whose offsets are shifted by ``base`` (the paragraph's offset in its article)."""
    at = text.index(anchor)
    for sentence in engine.analyze(text).sentences:
        if sentence.start <= at < sentence.end:
            tokens = tuple(
                Token(index, base + t.start, base + t.end, t.text, t.lemma, t.pos, t.feats)
                for index, t in enumerate(sentence.tokens)
            )
            return Sentence(
                "article", 3, 1, base + sentence.start, base + sentence.end, sentence.text, "", tokens
            )
    raise AssertionError(f"no sentence holds {anchor!r}")


def article_sentence(engine, path: Path, anchor: str) -> tuple[str, Sentence]:
    """(the file's text, the sentence holding ``anchor``, with offsets into the whole file)."""
    if not path.exists():
        pytest.skip(f"{path} not present (../shared/eval is read by these tests only)")
    raw = path.read_text(encoding="utf-8")
    at = raw.index(anchor)
    start = raw.rfind("\n", 0, at) + 1
    end = raw.find("\n", at)
    line = raw[start : len(raw) if end < 0 else end]
    return raw, make_sentence(engine, line, anchor, base=start)


def Q(text, value, unit, dimension, qualifier="exact", per=""):  # noqa: N802 (reads like a table row)
    return (text, value, unit, dimension, qualifier, per)


def summary(quantity: Quantity) -> tuple:
    value = quantity.value if quantity.value is not None else (quantity.low, quantity.high)
    return Q(quantity.text, value, quantity.unit, quantity.dimension, quantity.qualifier, quantity.per)


def check_offsets(raw: str, sentence: Sentence, found: list[Quantity]) -> None:
    for quantity in found:
        assert raw[quantity.start : quantity.end] == quantity.text
        assert sentence.tokens[quantity.token_start].start == quantity.start
        assert sentence.tokens[quantity.token_end - 1].end == quantity.end
        assert (quantity.article_id, quantity.sentence_id) == (sentence.article_id, sentence.sentence_id)


# (file, anchor in the sentence, every quantity of the sentence).
REAL = [
    # Counts with words for numbers, rates per year and per day from adverbs, oblique cases.
    (RYANAIR / "ryan-ru_file_146.txt", "ежегодно она перевозит", [
        Q("139 миллионов человек", 139e6, "человек", "count", per="year"),
        Q("более двух тысяч рейсов", 2000.0, "рейс", "count", "more", "day"),
        Q("224 направлениями", 224.0, "направление", "count"),
        Q("37 странах", 37.0, "страна", "count"),
    ]),
    # A change from one range to another; "2019 денежный год" and "31 марта 2019 года" are dates.
    (RYANAIR / "ryan-ru_file_158.txt", "с 1,25-1,35 млрд до 1,10-1,20 млрд евро", [
        Q("150 млн евро", 150e6, "EUR", "money"),
        Q("1,25-1,35 млрд", (1.25e9, 1.35e9), "EUR", "money", "range"),
        Q("до 1,10-1,20 млрд евро", (1.1e9, 1.2e9), "EUR", "money", "range"),
    ]),
    # "на 7,6% до 7,15 млрд евро": after a change "до" gives the new level, not a bound.
    (RYANAIR / "ryan-ru_file_158.txt", "В 2014 году компания увеличила выручку", [
        Q("7,6%", 7.6, "%", "percent"),
        Q("до 7,15 млрд евро", 7.15e9, "EUR", "money"),
        Q("10,2%", 10.2, "%", "percent"),
        Q("до 1,45 млрд евро", 1.45e9, "EUR", "money"),
    ]),
    (RYANAIR / "ryan-ru_file_115.txt", "от 800 до 1200 евро", [
        Q("от 800 до 1200 евро", (800.0, 1200.0), "EUR", "money", "range"),
    ]),
    (RYANAIR / "ryan-ru_file_118.txt", "около 2700 евро в месяц", [
        Q("около 1800 евро", 1800.0, "EUR", "money", "approx"),
        Q("около 2700 евро в месяц", 2700.0, "EUR", "money", "approx", "month"),
    ]),
    # A partitive, digits grouped by a space; "12 сентября" is a date.
    (RYANAIR / "ryan-ru_file_133.txt", "150 из 400 рейсов", [
        Q("150", 150.0, "рейс", "count"),
        Q("400 рейсов", 400.0, "рейс", "count"),
        Q("400 пилотов", 400.0, "пилот", "count"),
        Q("1 000 бортпроводников", 1000.0, "бортпроводник", "count"),
    ]),
    (RYANAIR / "ryan-ru_file_135.txt", "тысяча бортпроводников", [
        Q("150", 150.0, "рейс", "count"),
        Q("400 рейсов", 400.0, "рейс", "count"),
        Q("400 пилотов", 400.0, "пилот", "count"),
        Q("тысяча бортпроводников", 1000.0, "бортпроводник", "count"),
    ]),
    (RYANAIR / "ryan-ru_file_142.txt", "30 000 из 450 тыс", [
        Q("30 000", 30000.0, "пассажир", "count"),
        Q("450 тыс. пассажиров", 450000.0, "пассажир", "count"),
    ]),
    (RYANAIR / "ryan-ru_file_104.txt", "€15,5 млрд", [
        Q("10%", 10.0, "%", "percent"),
        Q("€15,5 млрд", 15.5e9, "EUR", "money"),
    ]),
    (RYANAIR / "ryan-ru_file_113.txt", "отметку в $100", [
        Q("$100", 100.0, "USD", "money"),
        Q("более 6,5%", 6.5, "%", "percent", "more"),
    ]),
    (RYANAIR / "ryan-ru_file_112.txt", "более чем на 7%", [Q("более чем на 7%", 7.0, "%", "percent", "more")]),
    (RYANAIR / "ryan-ru_file_139.txt", "менее 100 рейсов", [Q("менее 100 рейсов", 100.0, "рейс", "count", "less")]),
    # "в 4:00" is a time of day.
    (RYANAIR / "ryan-ru_file_102.txt", "Сегодня в 4:00 началась", [
        Q("около 400 рейсов", 400.0, "рейс", "count", "approx"),
        Q("55 000 пассажиров", 55000.0, "пассажир", "count"),
    ]),
    # The tagger reads "человек" here as a nominative singular; the dictionary knows the plural.
    (RYANAIR / "ryan-ru_file_106.txt", "42 тыс. человек", [Q("42 тыс. человек", 42000.0, "человек", "count")]),
    (RYANAIR / "ryan-ru_file_145.txt", "восемь процентов", [
        Q("восемь процентов", 8.0, "%", "percent"),
        Q("около 2400 рейсов", 2400.0, "рейс", "count", "approx"),
    ]),
    (RYANAIR / "ryan-ru_file_104.txt", "существует более 30 лет", [
        Q("более 30 лет", 30.0, "year", "duration", "more"),
    ]),
    (RYANAIR / "ryan-ru_file_132.txt", "За минувшие две недели", [Q("две недели", 2.0, "week", "duration")]),
    (RYANAIR / "ryan-ru_file_38.txt", "до 300 рейсов в день", [
        Q("до 300 рейсов в день", 300.0, "рейс", "count", "less", "day"),
    ]),
    # "5-ти" is a cardinal with a case ending; "24-часовую" and "28 сентября" are not quantities.
    (RYANAIR / "ryan-ru_file_135.txt", "Семь профсоюзов", [
        Q("Семь профсоюзов", 7.0, "профсоюз", "count"),
        Q("5-ти стран", 5.0, "страна", "count"),
    ]),
    (RYANAIR / "ryan-ru_file_31.txt", "40 000 евро в год", [
        Q("40 000 евро в год", 40000.0, "EUR", "money", per="year"),
        Q("14 выходных", 14.0, "выходной", "count"),
    ]),
    # A currency the vocabulary does not list stays a count of its noun.
    (ASIA_BIBI / "asia_bibi_ru.txt_file_107.txt", "500 тысяч рупий", [
        Q("500 тысяч рупий", 500000.0, "рупия", "count"),
        Q("почти семь тысяч долларов", 7000.0, "USD", "money", "approx"),
    ]),
    # "статьей 144 Уголовного кодекса" names an article; "до 10 октября" is a date.
    (ASIA_BIBI / "asia_bibi_ru.txt_file_124.txt", "статьей 144", [
        Q("больше четырех человек", 4.0, "человек", "count", "more"),
    ]),
    (ASIA_BIBI / "asia_bibi_ru.txt_file_134.txt", "эквивалентному $1100", [Q("$1100", 1100.0, "USD", "money")]),
    (ASIA_BIBI / "asia_bibi_ru.txt_file_102.txt", "54 года", [Q("54 года", 54.0, "year", "duration")]),
    # Collective numerals.
    (ASIA_BIBI / "asia_bibi_ru.txt_file_102.txt", "Она мать пятерых детей", [Q("пятерых детей", 5.0, "ребёнок", "count")]),
    (ASIA_BIBI / "asia_bibi_ru.txt_file_125.txt", "супруг и четверо детей", [Q("четверо детей", 4.0, "ребёнок", "count")]),
    # Lengths and masses (FactRuEval news texts).
    (FACTRU / "book_193.txt", "4-5 км", [Q("4-5 км", (4.0, 5.0), "km", "length", "range")]),
    (FACTRU / "book_146.txt", "около двух километров", [
        Q("около двух километров", 2.0, "km", "length", "approx"),
    ]),
    (FACTRU / "book_146.txt", "шести тонн", [Q("более шести тонн", 6.0, "t", "mass", "more")]),
    # Known gap: the "50" coordinated with "30 метров" is not read.
    (FACTRU / "book_354.txt", "весом 100 кг", [
        Q("30 метров", 30.0, "m", "length"),
        Q("100 кг", 100.0, "kg", "mass"),
    ]),
    # No temperature dimension: "градусов" stays a count of its noun.
    (FACTRU / "book_3269.txt", "2-3 нанометра", [
        Q("2-3 нанометра", (2.0, 3.0), "nm", "length", "range"),
        Q("от 15 до 30 градусов", (15.0, 30.0), "градус", "count", "range"),
    ]),
    (FACTRU / "book_297.txt", "1,2—2 млрд", [
        Q("700 млн долларов", 700e6, "USD", "money"),
        Q("1,2—2 млрд долларов", (1.2e9, 2e9), "USD", "money", "range"),
    ]),
    (FACTRU / "book_215.txt", "долларов ежедневно", [
        Q("1,5 миллионов долларов", 1.5e6, "USD", "money", per="day"),
    ]),
    (FACTRU / "book_302.txt", "с десяти до восьми", [
        Q("десяти", 10.0, "hour", "duration"),
        Q("до восьми часов", 8.0, "hour", "duration"),
    ]),
    # The seeds.
    (SEEDS / "004_9612a995b4a4a15c.txt", "8 тысяч километров", [
        Q("более 8 тысяч километров", 8000.0, "km", "length", "more"),
    ]),
    (SEEDS / "001_f2c8b14476094b1d.txt", "17 млрд", [Q("более 17 млрд долларов", 17e9, "USD", "money", "more")]),
    # "С5+1" is a name.
    (SEEDS / "003_d0884956e55f9437.txt", "С5+1", [
        Q("пяти центральноазиатских государств", 5.0, "государство", "count"),
    ]),
    # Negatives: dates, times, years, a quoted name.
    (SEEDS / "000_2889c3e23c9954a7.txt", "1979 и 1994", []),
    (RYANAIR / "ryan-ru_file_10.txt", "с 4:01 мск", []),
    (FACTRU / "book_270.txt", "«16 тонн»", []),
    # A quoted title that opens with an amount is a name too.
    (NEREL / "dev" / "228015_text.txt", "фильма «Один день Ивана Денисовича»", []),
    (FACTRU / "book_399.txt", "с 8 часов утра до 20 часов", []),
    (FACTRU / "book_105.txt", "2242 год", []),
    (FACTRU / "book_483.txt", "Начало туров — 13 часов 30 минут", []),
]  # fmt: skip


@pytest.mark.parametrize(("path", "anchor", "expected"), REAL, ids=[f"{p.name}:{a}" for p, a, _ in REAL])
def test_real_sentences(engine, path, anchor, expected):
    raw, sentence = article_sentence(engine, path, anchor)
    found = quantities(sentence)
    assert [summary(q) for q in found] == expected
    check_offsets(raw, sentence, found)


# Written here: forms and kinds the corpora above do not hold.
WRITTEN = [
    ("Длина газопровода — 1 224 км, а его стоимость 9,5 млрд. евро.", [
        Q("1 224 км", 1224.0, "km", "length"),
        Q("9,5 млрд. евро", 9.5e9, "EUR", "money"),
    ]),
    ("Проект оценивают в $11 млрд, или 9.5 млрд долл.", [
        Q("$11 млрд", 11e9, "USD", "money"),
        Q("9.5 млрд долл", 9.5e9, "USD", "money"),
    ]),
    ("Стоимость составит от 8 до 10 млрд евро, по другим данным 8–10 млрд €.", [
        Q("от 8 до 10 млрд евро", (8e9, 10e9), "EUR", "money", "range"),
        Q("8–10 млрд €", (8e9, 10e9), "EUR", "money", "range"),
    ]),
    ("Мощность газопровода — 55 млрд кубометров газа в год, то есть около 150 млн куб. м в сутки.", [
        Q("55 млрд кубометров", 55e9, "m3", "volume"),
        Q("около 150 млн куб. м в сутки", 150e6, "m3", "volume", "approx", "day"),
    ]),
    ("Добыча выросла до 11 млн баррелей в сутки, экспорт составил полтора миллиона тонн.", [
        Q("до 11 млн баррелей в сутки", 11e6, "bbl", "volume", per="day"),
        Q("полтора миллиона тонн", 1.5e6, "t", "mass"),
    ]),
    ("Население города — не менее 300 тыс. человек, из них 12 процентов пенсионеры.", [
        Q("не менее 300 тыс. человек", 300000.0, "человек", "count", "more"),
        Q("12 процентов", 12.0, "%", "percent"),
    ]),
    ("Рейс задержали на 3 часа, пассажиры ждали свыше 40 минут у выхода.", [
        Q("3 часа", 3.0, "hour", "duration"),
        Q("свыше 40 минут", 40.0, "min", "duration", "more"),
    ]),
    ("Торговый оборот двух стран составил 25 млрд рублей.", [
        Q("двух стран", 2.0, "страна", "count"),
        Q("25 млрд рублей", 25e9, "RUB", "money"),
    ]),
]  # fmt: skip

# Nothing here is a quantity: dates, times, phone numbers, names, article numbers, vague amounts.
NOT_QUANTITIES = [
    "В 2019 году соглашение подписали 15 сентября в 10 часов утра.",
    "Звоните по телефону +7 (495) 123-45-67 до 28.09.2018.",
    "Лидеры встретились в формате С5+1 в 1990-х годах.",
    "Его осудили по статье 282 УК РФ, пункт 5 статьи 10 не применили.",
    "Тысячи пассажиров и сотни рейсов пострадали, несколько человек ранены.",
    "Одна только авиакомпания отменила рейсы два года назад.",
    "Встреча прошла в 15:30, отчет занял 12 страниц.",  # "12 страниц" is a count: see below
]


@pytest.mark.parametrize(("text", "expected"), WRITTEN, ids=[text[:30] for text, _ in WRITTEN])
def test_written_sentences(engine, text, expected):
    sentence = make_sentence(engine, text, text[:5], base=100)
    found = quantities(sentence)
    assert [summary(q) for q in found] == expected
    check_offsets(" " * 100 + text, sentence, found)


@pytest.mark.parametrize("text", NOT_QUANTITIES[:-1], ids=[text[:30] for text in NOT_QUANTITIES[:-1]])
def test_not_quantities(engine, text):
    assert quantities(make_sentence(engine, text)) == []


def test_a_time_of_day_is_not_a_quantity_but_a_count_beside_it_is(engine):
    found = quantities(make_sentence(engine, NOT_QUANTITIES[-1]))
    assert [summary(q) for q in found] == [Q("12 страниц", 12.0, "страница", "count")]


def test_a_sentence_without_numbers_is_not_parsed(engine):
    assert quantities(make_sentence(engine, "Авиакомпания отменила рейсы из-за забастовки.")) == []


def one(engine, text: str) -> Quantity:
    (quantity,) = quantities(make_sentence(engine, text))
    return quantity


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        # Bounds: "более 1200 км" admits 1224 km.
        ("Длина — более 1200 километров.", "Длина — 1224 км.", True),
        ("Длина — менее 1200 километров.", "Длина — 1224 км.", False),
        # Exact figures: "8 млрд" and "10 млрд" disagree, so do "9,5 млрд" and "10 млрд".
        ("Стоимость — 8 млрд евро.", "Стоимость — 10 млрд евро.", False),
        ("Стоимость — 9,5 млрд евро.", "Стоимость — 10 млрд евро.", False),
        # A round figure is a rounding of what lies within 2.5% of it.
        ("Длина — 1200 км.", "Длина — 1224 км.", True),
        ("Пострадали 50 тыс. пассажиров.", "Пострадали 55 тыс. пассажиров.", False),
        # "около": ±10%.
        ("Стоимость — около 9 млрд евро.", "Стоимость — 9,5 млрд евро.", True),
        ("Стоимость — около 9 млрд евро.", "Стоимость — 10,5 млрд евро.", False),
        # Ranges and bounds.
        ("Стоимость — от 8 до 10 млрд евро.", "Стоимость — 9,5 млрд евро.", True),
        ("Стоимость — от 8 до 10 млрд евро.", "Стоимость — более 11 млрд евро.", False),
        ("Отменят до 600 рейсов.", "Отменят не менее 600 рейсов.", True),
        # Units of one dimension convert: 2 km = 2000 m.
        ("Длина — 2 км.", "Длина — 2000 метров.", True),
        ("Срок — два года.", "Срок — 24 месяца.", True),
    ],
)
def test_compatible(engine, a, b, agree):
    first, second = one(engine, a), one(engine, b)
    assert comparable(first, second)
    assert compatible(first, second) is agree
    assert compatible(second, first) is agree


def test_incomparable_quantities_raise(engine):
    euros, dollars = one(engine, "Стоимость — 8 млрд евро."), one(engine, "Стоимость — 8 млрд долларов.")
    flights, passengers = one(engine, "Отменили 400 рейсов."), one(engine, "Пострадали 400 пассажиров.")
    daily, yearly = one(engine, "Отменяют 300 рейсов в день."), one(engine, "Отменяют 300 рейсов в год.")
    for a, b in [(euros, dollars), (flights, passengers), (daily, yearly)]:
        assert not comparable(a, b)
        with pytest.raises(ValueError, match="not comparable"):
            compatible(a, b)


def test_intervals_follow_the_tolerances(engine):
    assert one(engine, "Стоимость — около 9 млрд евро.").interval == pytest.approx(
        (9e9 * (1 - APPROX_SHARE), 9e9 * (1 + APPROX_SHARE))
    )
    assert one(engine, "Длина — 1200 км.").interval == (
        1200 - 1200 * ROUNDING_SHARE,
        1200 + 1200 * ROUNDING_SHARE,
    )
    assert one(engine, "Длина — 1224 км.").interval == (1224.0, 1224.0)
    assert one(engine, "Длина — более 1200 км.").interval == (1200.0, math.inf)
    assert one(engine, "Длина — до 1200 км.").interval == (-math.inf, 1200.0)


# --- the parser: yargy's own matches, without the predictions the next token rules out ---------


class _Given(Tokenizer):
    """A yargy tokenizer that hands the parser the tokens set on it (made from the engine's)."""

    tokens: list = []

    def __call__(self, text):
        return iter(self.tokens)


def _sentences(engine) -> list[Sentence]:
    """Every sentence of the seeds (real news text) and of the sentences written above."""
    texts = [line for path in sorted(SEEDS.glob("*.txt")) for line in path.read_text("utf-8").splitlines()]
    texts += [text for text, _ in WRITTEN] + NOT_QUANTITIES
    return [
        make_sentence(engine, text, text[sentence.start : sentence.start + 1])
        for text in texts
        if text.strip()
        for sentence in engine.analyze(text).sentences
    ]


def test_parse_equals_yargys_own(engine):
    """The quantities grammar run with a lookahead and only before a possible first token finds what
    yargy's own parser finds over the whole sentence: same spans, same facts, same tokens."""
    from yargy import Parser

    from analysis.nlp.grammars.quantities import AMOUNT, findall, yargy_tokens

    given = _Given()
    reference = Parser(AMOUNT, tokenizer=given)

    def signature(matches):
        return [(tuple(m.span), repr(m.fact), [tuple(t.span) for t in m.tokens]) for m in matches]

    compared = 0
    for sentence in _sentences(engine):
        given.tokens = yargy_tokens(sentence)
        ours = signature(findall(given.tokens))
        assert ours == signature(reference.findall(sentence.text)), sentence.text
        compared += len(ours)
    assert compared == 46


def test_no_prediction_the_next_token_rules_out(engine):
    """A state predicted before a token (dot at 0) whose first term is a token predicate accepts that
    token: yargy predicts every alternative of a rule, and most die at once (the parse was ~3x
    slower with them)."""
    from analysis.nlp.grammars.earley import earley_chart
    from analysis.nlp.grammars.quantities import parser, yargy_tokens

    sentence = make_sentence(engine, WRITTEN[0][0], "Длина")
    chart = earley_chart(yargy_tokens(sentence), parser(), lambda token: True)
    predicted = [
        (state, next_column)
        for column, next_column in chart
        if next_column is not None
        for state in column
        if state.dot_index == 0 and not state.completed and not is_rule(state.next_term)
    ]
    assert len(predicted) == 7
    assert all(state.next_term(next_column.token) for state, next_column in predicted)
