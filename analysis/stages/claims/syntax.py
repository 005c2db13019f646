"""Where a noun phrase starts and what names it: the mention at a token, its first token, the
preposition its phrase opens with. Shared by the claims' predicates and subjects.
"""

from __future__ import annotations

from analysis.core.document import Mention, Sentence, Token

OPENING_QUOTES = ("«", '"', "“", "„")


def mention_at(sentence: Sentence, position: int) -> Mention | None:
    """The mention starting at token ``position``, a quotation mark before it allowed."""
    tokens = sentence.tokens
    while position < len(tokens) and tokens[position].text in OPENING_QUOTES:
        position += 1
    if position >= len(tokens):
        return None
    index = sentence.token_mentions[position]
    if index is None or sentence.mentions[index].start != tokens[position].start:
        return None
    return sentence.mentions[index]


def head_of(sentence: Sentence, mention: Mention) -> Token:
    """The mention's first token (its case and gender stand for the mention's)."""
    return next(t for t in sentence.tokens if t.start >= mention.start)


def preposition_before(sentence: Sentence, position: int, agreeing: bool = False) -> str:
    """The preposition a token's noun phrase starts with ("" for none). ``agreeing``: only
    adjectives in the token's case are in its phrase ("В общем отмена рейсов ...": the
    nominative "отмена" has no preposition)."""
    tokens = sentence.tokens
    case = tokens[position].case if agreeing else ""
    position -= 1
    while position >= 0 and (
        (tokens[position].pos in ("ADJ", "DET") and (not case or tokens[position].case in (case, "")))
        or tokens[position].text in OPENING_QUOTES
    ):
        position -= 1
    return tokens[position].lemma if position >= 0 and tokens[position].pos == "ADP" else ""
