"""The sentence's tokens as the quantities grammar reads them: the engine's tokens (with their
lemmas, POS and features), digit groups split by a space ("1 224", "50 000") joined into one
number, and each given a kind (a number, a range of numbers, a Russian word ...).
"""

from __future__ import annotations

import re

from yargy.span import Span
from yargy.token import Token as YargyToken

from analysis.core.document import Sentence, Token


class Word(str):
    """A token's text that also carries the engine's analysis (yargy hands predicates and
    interpretations the token's value, so what they need travels with it)."""

    kind: str  # NUM, DASHED ("8–10"), SUFFIXED ("2-х"), TIME, RU, LATIN, PUNCT
    lemma: str
    pos: str
    feats: str
    first: int  # positions in sentence.tokens
    last: int


DIGITS = re.compile(r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?")
DASHED = re.compile(r"(\d+(?:[.,]\d+)?)[-–—](\d+(?:[.,]\d+)?)")
SUFFIXED = re.compile(r"(\d+)-(?:х|ти|ми|и|ух|ех|ёх|ого|ой)", re.IGNORECASE)  # "2-х", "6-ти"
_GROUP_GAP = {" ", "\u00a0", "\u202f", "\u2009"}
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)


def _is_time(sentence: Sentence, start: int, end: int) -> bool:
    """Digits joined by a colon to more digits ("4:01", "в 03:00") are a time of day."""
    text = sentence.text
    if not text[start:end].isdigit():
        return False
    before = start > 1 and text[start - 1] == ":" and text[start - 2].isdigit()
    return before or (end + 1 < len(text) and text[end] == ":" and text[end + 1].isdigit())


def _kind(text: str) -> str:
    if DIGITS.fullmatch(text):
        return "NUM"
    if DASHED.fullmatch(text):
        return "DASHED"
    if SUFFIXED.fullmatch(text):
        return "SUFFIXED"
    if CYRILLIC.search(text):
        return "RU"
    if _LATIN.search(text):
        return "LATIN"
    return "PUNCT"


def _word(text: str, kind: str, token: Token, first: int, last: int) -> Word:
    word = Word(text)
    word.kind, word.lemma, word.pos, word.feats = kind, token.lemma, token.pos, token.feats
    word.first, word.last = first, last
    return word


def _group_end(sentence: Sentence, index: int) -> int:
    """The last token of the digit groups that start at ``index`` ("1 224", "50 000")."""
    tokens, last = sentence.tokens, index
    if not re.fullmatch(r"\d{1,3}", tokens[index].text):
        return last
    while (
        last + 1 < len(tokens)
        and re.fullmatch(r"\d{3}(?:[.,]\d+)?", tokens[last + 1].text)
        and tokens[last + 1].start - tokens[last].end == 1
        and sentence.text[tokens[last].end - sentence.start] in _GROUP_GAP
        and re.fullmatch(r"\d+", tokens[last].text)
    ):
        last += 1
    return last


def yargy_tokens(sentence: Sentence) -> list[YargyToken]:
    """The sentence's tokens for the grammar, offsets relative to the sentence; digit groups
    split by a space ("1 224", "50 000") joined into one number."""
    tokens = sentence.tokens
    out: list[YargyToken] = []
    index = 0
    while index < len(tokens):
        last = _group_end(sentence, index)
        start, end = tokens[index].start - sentence.start, tokens[last].end - sentence.start
        text = sentence.text[start:end]
        kind = "TIME" if _is_time(sentence, start, end) else _kind(text)
        out.append(YargyToken(_word(text, kind, tokens[index], index, last), Span(start, end), kind))
        index = last + 1
    return out
