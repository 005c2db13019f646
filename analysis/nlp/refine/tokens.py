"""What the refine rules share: the tokens a span covers, a span made from tokens, the lemmas
that key a name, and the organisation words several rules read."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from operator import attrgetter

from analysis.core import lexicon
from analysis.nlp import morph
from analysis.nlp.base import Sentence, Span, Token

QUOTES_OPEN = {"«", "„", "“", '"'}
QUOTES_CLOSE = {"»", "“", "”", '"'}
# Abbreviated legal forms and kinds of organisation ("ОАО", "ИА"): descriptors, not part of a name.
LEGAL_FORMS = lexicon.words("refine_legal_forms")
# Nouns that introduce an organisation's name ("компания «Газпром»"), and the legal forms.
ORG_DESCRIPTORS = lexicon.words("refine_organisation_words") | LEGAL_FORMS
# Heads of descriptive names of institutions ("российское министерство финансов").
INSTITUTIONS = lexicon.words("refine_institutions")


def flat(sentences: Sequence[Sentence]) -> list[Token]:
    """Every token of ``sentences``, in text order."""
    return [token for sentence in sentences for token in sentence.tokens]


def make_span(text: str, start: int, end: int, kind: str) -> Span:
    """The span of ``text`` from ``start`` to ``end``, of type ``kind``."""
    return Span(start, end, kind, text[start:end])


_START, _END = attrgetter("start"), attrgetter("end")  # C-level keys: the search runs for every span


def tokens_in(tokens: Sequence[Token], span: Span) -> list[Token]:
    """The tokens inside ``span``; ``tokens`` are in text order."""
    first = bisect_left(tokens, span.start, key=_START)
    last = bisect_right(tokens, span.end, key=_END)
    return [t for t in tokens[first:last] if t.end <= span.end]


def is_word(token: Token) -> bool:
    """Whether the token holds a letter or a digit (no punctuation alone)."""
    return any(ch.isalnum() for ch in token.text)


def capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def from_tokens(text: str, tokens: Sequence[Token], kind: str) -> Span | None:
    """A span over ``tokens`` without the punctuation at its edges; None if no word is left."""
    first = next((i for i, t in enumerate(tokens) if is_word(t)), None)
    if first is None:
        return None
    last = max(i for i, t in enumerate(tokens) if is_word(t))
    return make_span(text, tokens[first].start, tokens[last].end, kind)


def case_of(token: Token) -> str:
    """The grammatical case the tagger gives ``token`` ("Nom", "Gen", ...), "" for none."""
    return morph.parse_feats(token.feats).get("Case", "")


def quoted_name(tokens: Sequence[Token], index: dict[int, int], span: Span) -> bool:
    """Whether ``span`` is all of a name in quotes: an opening quote right before it, a closing one after."""
    first = index.get(span.start)
    covered = tokens_in(tokens, span)
    last = index.get(covered[-1].start) if covered else None
    return (
        first is not None
        and last is not None
        and first > 0
        and last + 1 < len(tokens)
        and tokens[first - 1].text in QUOTES_OPEN
        and tokens[last + 1].text in QUOTES_CLOSE
    )


def lemmas_of(tokens: Sequence[Token]) -> tuple[str, ...]:
    """The lower-case lemmas of the words of ``tokens``: one key for a name in all its forms."""
    return tuple(t.lemma.lower() for t in tokens if is_word(t))
