"""The value of a number the grammar found (digits, a range, "2-х", "полтора", words, a collective
numeral; a multiplier applied), and whether a counted noun has the form Russian grammar requires
after that value.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from number_parser import parse_number

from analysis.nlp.grammars.quantities.grammar import Number
from analysis.nlp.grammars.quantities.predicates import listed, multiplier
from analysis.nlp.grammars.quantities.tokens import DASHED, SUFFIXED, Word
from analysis.nlp.grammars.quantities.words import COLLECTIVE, MULTIPLIERS, SPELLED
from analysis.nlp.morph import parses


def _decimal(text: str) -> Decimal:
    return Decimal(re.sub(r"\s", "", text).replace(",", "."))


def factor(mult: Word) -> float:
    """The factor of a multiplier word ("тыс." -> 1000)."""
    return MULTIPLIERS[listed(MULTIPLIERS, mult)]


def number_value(number: Number) -> tuple[float, float] | None:
    """(low, high) of a Number fact, the multiplier applied; equal for a single number."""
    mult = Decimal(1)
    if number.mult is not None:
        mult = Decimal(factor(number.mult))
    if number.digits is not None:
        text = str(number.digits)
        dashed = DASHED.fullmatch(text)
        low, high = (dashed.group(1), dashed.group(2)) if dashed else (text, text)
        return (float(_decimal(low) * mult), float(_decimal(high) * mult))
    if number.suffixed is not None:
        value = float(Decimal(SUFFIXED.fullmatch(str(number.suffixed)).group(1)) * mult)
        return (value, value)
    if number.half is not None:
        return (float(Decimal("1.5") * mult),) * 2
    collective = listed(COLLECTIVE, number.words[0]) if len(number.words) == 1 else None
    if collective is not None:
        return (float(COLLECTIVE[collective]),) * 2
    words = [SPELLED.get(str(word).lower(), str(word).lower()) for word in number.words]
    value = parse_number(" ".join(words), language="ru")
    return None if value is None else (float(value), float(value))


def multiplies(number: Number) -> bool:
    """Whether the number ends in a multiplier ("55 тыс.", "двух тысяч"): its noun is a plural."""
    return number.mult is not None or (bool(number.words) and multiplier(number.words[-1]))


_UD_CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}


@lru_cache(maxsize=20000)
def _readings(text: str, feats: str) -> frozenset[tuple[str, str]]:
    """(number, case) readings of a noun: the engine's, and every one pymorphy3 knows (the tagger
    misreads "42 тыс. человек" as a nominative singular)."""
    ud = dict(part.split("=", 1) for part in feats.split("|") if "=" in part)
    readings = {("plur" if ud.get("Number") == "Plur" else "sing", _UD_CASES.get(ud.get("Case", ""), ""))}
    for parse in parses(text):
        if "NOUN" in parse.tag:
            readings.add((parse.tag.number or "", parse.tag.case or ""))
    return frozenset(readings)


def agrees(value: float, noun: Word, after_multiplier: bool) -> bool:
    """Whether the counted noun can take the form it has after the number: a genitive plural after a
    multiplier, a genitive after a fraction; after 5..20 a plural that is not nominative or
    accusative ("пять рейсов", "пяти странах"); after 2..4 that or a genitive singular ("два
    самолета"); after 1 a singular. Rules out "пункт 5 статьи", "в 3 квартале"."""
    readings = _readings(str(noun), noun.feats)
    oblique_plural = any(number == "plur" and case not in ("nomn", "accs") for number, case in readings)
    if after_multiplier:
        return ("plur", "gent") in readings
    if value != int(value):
        return any(case == "gent" for _, case in readings)
    last_two = int(value) % 100
    if 11 <= last_two <= 19 or last_two % 10 in (0, 5, 6, 7, 8, 9):
        return oblique_plural
    if last_two % 10 == 1:
        return any(number == "sing" for number, _ in readings)
    return oblique_plural or ("sing", "gent") in readings
