"""The quantities grammar (yargy, in the style of ``analysis.nlp.grammars.dates``): a qualifier, a
number or a range, and a unit, a currency sign or a counted noun, with a rate's period; a part of a
whole ("150 из 400 рейсов"); and, parsed on its own, the start of a change ("со 139 млн до ...").

The parse runs over tokens already made (``tokens.yargy_tokens``) and is started only where a match
can begin (``findall``), which keeps it fast: a plain tokenizer keeps yargy from loading its
pymorphy2 morphology.
"""

from __future__ import annotations

from functools import cache

from yargy import Parser, or_, rule
from yargy.interpretation import attribute, fact
from yargy.interpretation.interpretator import AttributeInterpretator, AttributeResult, InterpretatorResult
from yargy.predicates import caseless, eq, in_, in_caseless
from yargy.token import Token as YargyToken
from yargy.token import get_tokens_span
from yargy.tokenizer import Tokenizer

from analysis.nlp.grammars.earley import earley_matches
from analysis.nlp.grammars.quantities.predicates import (
    Where,
    counted,
    half,
    is_form_of,
    is_trigger,
    modifier,
    multiplier,
    num,
    number_word,
    suffixed,
    word_or_multiplier,
)
from analysis.nlp.grammars.quantities.tokens import Word
from analysis.nlp.grammars.quantities.words import ABBREVIATIONS, PER_UNITS, QUALIFIERS, SYMBOLS, UNITS


class _WordResult(InterpretatorResult):
    """An attribute's value that stays the token's ``Word`` (yargy would join it into a plain str)."""

    __attributes__ = ["tokens"]

    def __init__(self, tokens) -> None:
        self.tokens = tokens

    @property
    def normalized(self) -> Word:
        return self.tokens[0].value

    @property
    def spans(self):
        yield get_tokens_span(self.tokens)


class _KeepWord(AttributeInterpretator):
    def __call__(self, input):
        return AttributeResult(_WordResult(input.items), self.attribute)


def _keep(predicate, field):
    """One token, interpreted as ``field`` set to the token's ``Word``."""
    return rule(predicate).interpretation(_KeepWord(field))


Number = fact("Number", ["digits", attribute("words").repeatable(), "half", "mult", "suffixed"])
Amount = fact(
    "Amount",
    [
        "part_qual",
        "part",
        "since",
        "qual",
        "value",
        "low",
        "high",
        "unit",
        "unit_low",
        "symbol",
        "noun",
        "per",
    ],
)

DOT = eq(".")
DASH = in_("-–—")
MULT = rule(_keep(Where(multiplier), Number.mult), DOT.optional())
NUMBER = or_(
    rule(_keep(Where(num), Number.digits), MULT.optional()),
    rule(_keep(Where(suffixed), Number.suffixed), MULT.optional()),  # "2-х тыс."
    rule(_keep(Where(half), Number.half), MULT),
    rule(
        _keep(Where(number_word), Number.words),
        _keep(Where(word_or_multiplier), Number.words).repeatable(max=6).optional(),
    ),
    _keep(Where(multiplier), Number.words),  # "тысяча бортпроводников"
).interpretation(Number)


def _phrase(phrase: str, abbreviations: bool = False):
    """A rule for a phrase, word by word by lemma; abbreviations may carry a full stop."""
    parts = []
    for word in phrase.split():
        parts.append(is_form_of(word))
        if abbreviations and word in ABBREVIATIONS:
            parts.append(DOT.optional())
    return rule(*parts)


def _qualifier_rule(field):
    return or_(
        *(
            rule(*(caseless(word) for word in phrase.split())).interpretation(field.const(kind))
            for phrase, kind in QUALIFIERS.items()
        )
    )


def _unit_rule(field):
    return or_(
        *(_phrase(phrase, abbreviations=True).interpretation(field.const(phrase)) for phrase in UNITS),
        in_(set(SYMBOLS)).interpretation(field.custom(str)),
    )


# "более чем на 7%": a qualified change keeps its qualifier.
QUALIFIER = rule(_qualifier_rule(Amount.qual), caseless("на").optional())
UNIT = _unit_rule(Amount.unit)
PER = rule(
    in_caseless({"в", "за"}),
    or_(*(_phrase(phrase).interpretation(Amount.per.const(unit)) for phrase, unit in PER_UNITS.items())),
)
VALUE = NUMBER.interpretation(Amount.value)
SPAN = or_(
    rule(NUMBER.interpretation(Amount.low), DASH, NUMBER.interpretation(Amount.high)),
    rule(
        caseless("от"),
        NUMBER.interpretation(Amount.low),
        _unit_rule(Amount.unit_low).optional(),
        caseless("до"),
        NUMBER.interpretation(Amount.high),
    ),
)
# "150 из 400 рейсов", "около 30 000 из 450 тыс. пассажиров": the part counts the whole's noun.
PART = rule(
    _qualifier_rule(Amount.part_qual).optional(),
    NUMBER.interpretation(Amount.part),
    caseless("из"),
)
COUNTED = rule(Where(modifier).repeatable(max=3).optional(), _keep(Where(counted), Amount.noun))
# "со 139 млн до 138 млн пассажиров", "с 1,25-1,35 млрд до 1,10-1,20 млрд евро": a change from one
# value to another, both of the unit that ends it. Parsed on its own, just before a quantity that
# begins with "до" (inside AMOUNT, yargy's chart loses it next to the partitive alternative).
FROM_TO = rule(
    in_caseless({"с", "со"}),
    NUMBER.interpretation(Amount.since),
    _unit_rule(Amount.unit_low).optional(),
    caseless("до"),
).interpretation(Amount)
FROM_TO_WINDOW = 6  # tokens before "до": "с", a number of up to three words, a multiplier, a unit
AMOUNT = or_(
    rule(QUALIFIER.optional(), or_(VALUE, SPAN), UNIT, PER.optional()),
    rule(PART.optional(), QUALIFIER.optional(), or_(VALUE, SPAN), COUNTED, PER.optional()),
    rule(
        QUALIFIER.optional(),
        in_(set(SYMBOLS) - {"%"}).interpretation(Amount.symbol.custom(str)),
        or_(VALUE, SPAN),
        PER.optional(),
    ),
).interpretation(Amount)

# Words a match can begin with besides a trigger: a qualifier's ("не менее"), "от" and "с"/"со"
# ("от 5 до 10", "со 139 млн до 138 млн").
_LEADS = [phrase.split() for phrase in QUALIFIERS] + [["от"], ["с"], ["со"]]
_STARTS = {phrase[0] for phrase in _LEADS}


def _leads_to(words: list[str], index: int, triggers: set[int]) -> bool:
    """Whether a qualifier ("не менее чем"), "с" or "от" begins at ``index`` and a trigger follows
    it, "на" and "от" allowed between ("более чем на 7%", "от 5 до 10")."""
    for phrase in _LEADS:
        if words[index : index + len(phrase)] != phrase:
            continue
        after = {index + len(phrase)}
        after |= {i + 1 for i in after if i < len(words) and words[i] == "на"}
        after |= {i + 1 for i in after if i < len(words) and words[i] == "от"}
        if after & triggers:
            return True
    return False


def _starts(tokens: list[YargyToken]) -> set[int]:
    """Start offsets of the tokens a match can begin with: a trigger, or a qualifier with one
    after it (``_leads_to``); elsewhere the predicted states die without completing."""
    triggers = {index for index, token in enumerate(tokens) if is_trigger(token.value)}
    words = [token.value.lower() for token in tokens]
    starts = {tokens[index].span.start for index in triggers}
    for index, word in enumerate(words):
        if word in _STARTS and _leads_to(words, index, triggers):
            starts.add(tokens[index].span.start)
    return starts


@cache
def parser() -> Parser:
    """The parser of ``AMOUNT``. Tokens come from the sentence, never from yargy's tokenizer: a
    plain one keeps yargy from loading its pymorphy2 morphology."""
    return Parser(AMOUNT, tokenizer=Tokenizer())


@cache
def from_to_parser() -> Parser:
    """The parser of ``FROM_TO``."""
    return Parser(FROM_TO, tokenizer=Tokenizer())


def findall(tokens: list[YargyToken], grammar: Parser | None = None) -> list:
    """yargy's ``Parser.findall`` on tokens already made (the parser would tokenise text itself)."""
    starts = _starts(tokens)
    return earley_matches(tokens, grammar or parser(), lambda token: token.span.start in starts, token_key)


def token_key(token: YargyToken) -> tuple:
    """What the grammar's predicates read of a token: its type, and its ``Word``'s text, kind and the
    engine's lemma, POS and features (not its place in the sentence)."""
    word = token.value
    return token.type, str(word), word.kind, word.lemma, word.pos, word.feats
