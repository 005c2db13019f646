"""The refine rule ``group_names`` on sentences of a real NEREL dev text (216586): a name right after a
word for a clan, or listed after one and a dash, is an organisation (NEREL: ORGANIZATION), not the
person or the town of the name; a name after an unrelated noun keeps its type."""

import pytest

from analysis.nlp.base import Span
from analysis.nlp.refine import places


@pytest.fixture(scope="module")
def engine():
    from analysis.nlp.natasha_engine import NatashaEngine

    return NatashaEngine()


def _span(text: str, fragment: str, kind: str, after: str = "") -> Span:
    start = text.index(fragment, text.index(after) if after else 0)
    return Span(start, start + len(fragment), kind, fragment)


def test_a_name_after_a_word_for_a_clan_and_a_list_after_one_are_organisations(engine):
    text = (
        "52-летний Фрэнк Кали был главарем клана Гамбино с 2015 года. Всю «итальянскую» мафию в Нью-Йорке"
        " контролируют пять кланов — Бонанно, Гамбино, Дженовезе, Коломбо и Луккезе."
    )
    spans = [_span(text, "Фрэнк Кали", "PER"), _span(text, "Гамбино", "PER"), _span(text, "Нью-Йорке", "LOC")]
    spans += [_span(text, name, "PER", "кланов") for name in ("Бонанно", "Гамбино")]
    spans += [_span(text, name, "LOC", "кланов") for name in ("Дженовезе", "Коломбо", "Луккезе")]
    found = places.group_names(text, engine.analyze(text).sentences, sorted(spans, key=lambda s: s.start))
    types = {(s.text, s.start): s.type for s in found}
    assert types.pop(("Фрэнк Кали", text.index("Фрэнк"))) == "PER"
    assert types.pop(("Нью-Йорке", text.index("Нью-Йорке"))) == "LOC"  # after "мафию": no group word
    assert set(types.values()) == {"ORG"} and len(types) == 6
