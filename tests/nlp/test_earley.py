"""The Earley parse's shortcuts (``analysis.nlp.grammars.earley``): what a token was tested for kept
per token key from one window to the next, and the start rule's alternatives left out where no token
from a column on allows them. Both must leave the parser's own matches: checked on sentences of the
seeds corpus against yargy's parser over the whole sentence, with their exact values."""

from __future__ import annotations

from analysis.nlp.grammars import dates
from analysis.nlp.grammars.earley import _excluded

RANGE = "Ранее, 5–6 ноября 2025 года, президент Казахстана Касым-Жомарт Токаев совершил официальный визит в Соединённые Штаты Америки."  # fmt: skip
LATER = "Год спустя о нормализации отношений объявил Судан."
YEARS = "До этого момента в арабском мире лишь Египет и Иордания имели дипотношения с Израилем, установленные в 1979 и 1994 годах соответственно."  # fmt: skip
MONTH = "В конце октября Дональд Трамп высказал предположение, что Эр-Рияд может нормализовать отношения с Израилем до конца текущего года."  # fmt: skip
DATE = "Документ опубликован 7 ноября 2025 года в Telegram-канале внешнеполитического ведомства, сообщает Lada.kz."  # fmt: skip

EXPECTED = {  # sentence -> (words, form, the fact's fields that are set) of each match
    RANGE: [("5–6 ноября 2025 года", "day_range", {"day": 5, "day_end": 6, "month": 11, "year": 2025})],
    LATER: [("Год спустя", "later", {"unit": "year"})],
    YEARS: [("в 1979 и 1994 годах", "years", {"years": ["1979", "1994"]})],
    MONTH: [
        ("В конце октября", "month", {"month": 10, "part": "END"}),
        ("до конца текущего года", "until_end", {"shift": 0, "unit": "year"}),
    ],
    DATE: [("7 ноября 2025 года", "date", {"day": 7, "month": 11, "year": 2025})],
}


def _found(sentence: str, matches: list) -> list:
    def fields(fact) -> dict:
        return {name: value for name, value in fact.as_json.items() if value not in (None, [])}

    return [(sentence[m.span.start : m.span.stop], dates.form(m.fact), fields(m.fact)) for m in matches]


def test_the_parse_gives_the_parsers_matches_on_real_sentences():
    for sentence, expected in EXPECTED.items():
        assert _found(sentence, dates.find_all(sentence)) == expected, sentence
        assert _found(sentence, dates.find_all_whole(sentence)) == expected, sentence


def test_the_token_memo_gives_the_same_matches_twice():
    """The second parse reads every token's tests from the memo the first one filled."""
    first = {sentence: _found(sentence, dates.find_all(sentence)) for sentence in EXPECTED}
    dates._find_all.cache_clear()
    assert {sentence: _found(sentence, dates.find_all(sentence)) for sentence in EXPECTED} == first


def _tokens(sentence: str) -> list:
    return list(dates._tokenizer()(sentence))


def _labels(ranks) -> set[str]:
    productions = dates.parser().rule.productions
    return {productions[rank].terms[0].label for rank in ranks}


def test_an_alternative_stays_where_a_token_after_allows_it():
    """Before "Год спустя" the alternative "later" stays (its unit word comes later in the text than
    the column), and so does the day range before "5–6 ноября 2025 года"; no century is written in
    either, so the century alternative is left out."""
    later = _excluded(dates.parser(), _tokens(LATER), dates.token_key)
    assert "later" not in _labels(later[0])
    assert {"weekday", "century", "season"} <= _labels(later[0])
    tokens = _tokens(RANGE)
    excluded = _excluded(dates.parser(), tokens, dates.token_key)
    before_day = next(index for index, token in enumerate(tokens) if token.value == "5")
    assert "day_range" not in _labels(excluded[before_day])
    assert "century" in _labels(excluded[before_day])
    # past the last date word only the alternatives that a later token allows remain
    assert "day_range" in _labels(excluded[before_day + 5])
