"""Where a name starts and ends: a bracket, a line break or a bullet ends it; a domain zone (".РФ"),
a sentence's capitalised opening word, trailing function words ("Если Вы") and an abbreviated legal
form ("ИА Reuters") are no part of it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from analysis.core import lexicon
from analysis.core.codes import EntityType
from analysis.nlp import morph
from analysis.nlp.base import Sentence, Span, Token
from analysis.nlp.refine.tokens import (
    INSTITUTIONS,
    LEGAL_FORMS,
    ORG_DESCRIPTORS,
    capitalised,
    flat,
    from_tokens,
    is_word,
    make_span,
    quoted_name,
    tokens_in,
)

# Tokens that never sit inside one name: a span running across them is two names (or none).
_SEPARATORS = {"(", ")", "[", "]", "•", "·", "●", "▪", ";", ",", "|", "—", "–", ":", "?", "!"}


def split_at_separators(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "Джоэл Саймон (Joel Simon)" -> two PER spans; so is a span running over a line break;
    edge punctuation ("• Коста Рика") is dropped."""
    tokens = flat(sentences)
    result = []
    for span in spans:
        covered = tokens_in(tokens, span)
        if not covered:
            result.append(span)
            continue
        group: list[Token] = []
        for token in [*covered, None]:
            new_line = token is not None and bool(group) and "\n" in text[group[-1].end : token.start]
            if token is None or token.text in _SEPARATORS or new_line:
                piece = from_tokens(text, group, span.type) if group else None
                if piece is not None:
                    result.append(piece)
                group = []
            if token is not None and token.text not in _SEPARATORS:
                group.append(token)
    return result


def drop_domain_zones(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:  # noqa: ARG001
    """ ".РФ" in "в зоне .РФ" is a domain zone, not Russia."""
    return [
        s
        for s in spans
        if not (s.start > 0 and text[s.start - 1] == "." and (s.start < 2 or text[s.start - 2].isspace()))
    ]


# What may stand between the end of a sentence or line and the first word of the next.
_LEAD_IN = ' \t\r«"„“(—–-'
# Nouns for a person's office, rank or calling ("император", "папа").
_PERSON_TITLES = lexicon.words("refine_person_titles")
_NAME_GRAMMEMES = {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Trad"}


def strip_sentence_openers(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "Исследователи Брукхейвенской лаборатории": a common word capitalised only because it opens
    the sentence is not part of the name after it; nor is a person's title capitalised anywhere
    ("Император Акихито", "Папа Франциск")."""
    tokens = flat(sentences)
    result = []
    for span in spans:
        covered = tokens_in(tokens, span)
        j = span.start - 1
        while j >= 0 and text[j] in _LEAD_IN:
            j -= 1
        opens = j < 0 or text[j] in "\n.!?…•"
        # a person's name may follow a capitalised title anywhere ("Император Акихито", "Папа Франциск")
        titled = (
            span.type == EntityType.PER
            and len(covered) >= 2
            and covered[0].lemma.lower() in _PERSON_TITLES
            and not _known_adjective(covered[1])  # "Папа Римский" names the Pope (BSNLP)
        )
        if (opens or titled) and len(covered) >= 2 and capitalised(covered[1]) and _common_word(covered[0]):
            span = from_tokens(text, covered[1:], span.type) or span
        result.append(span)
    return result


def _known_adjective(token: Token) -> bool:
    """An adjective OpenCorpora knows ("Римский"), not a name only guessed to be one ("Акихито")."""
    return token.pos == "ADJ" and morph.best_parse(token.text, token.pos, token.feats).is_known


def _common_word(token: Token) -> bool:
    if (
        len(token.text) <= 3
        or token.pos in ("PROPN", "ADJ")
        or token.lemma.lower() in ORG_DESCRIPTORS | INSTITUTIONS
    ):
        return False
    parse = morph.best_parse(token.text, token.pos, token.feats)
    return parse.is_known and not _NAME_GRAMMEMES & parse.tag.grammemes


_FUNCTION_WORDS = {"CCONJ", "SCONJ", "ADP", "PRON", "PART"}


def drop_function_words(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "Если Вы", "Хотя", "После": capitalised function words (conjunctions, prepositions, pronouns,
    particles) at the end of a span are cut ("Петрова Если Вы" -> "Петрова"), and a span of
    nothing else is no name ("Театра им." keeps its abbreviation); a name in quotes ends where they
    close ("телеканале «Россия К»")."""
    tokens = flat(sentences)
    index = {t.start: i for i, t in enumerate(tokens)}
    result = []
    for span in spans:
        words = [t for t in tokens_in(tokens, span) if is_word(t)]
        while (
            words
            and words[-1].pos in _FUNCTION_WORDS
            and capitalised(words[-1])
            and not quoted_name(tokens, index, span)
        ):
            words.pop()
        if words:
            result.append(
                span if words[-1].end == span.end else make_span(text, span.start, words[-1].end, span.type)
            )
    return result


def strip_legal_forms(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "ИА Reuters" -> "Reuters", "ОАО Газпром" -> "Газпром": an abbreviated legal form or kind of
    organisation before a capitalised name is not part of the name."""
    tokens = flat(sentences)
    result = []
    for span in spans:
        words = [t for t in tokens_in(tokens, span) if is_word(t)]
        if (
            span.type == EntityType.ORG
            and len(words) > 1
            and words[0].text.isupper()
            and words[0].text.lower() in LEGAL_FORMS
            and capitalised(words[1])
        ):
            span = make_span(text, words[1].start, span.end, EntityType.ORG)
        result.append(span)
    return result


# Initials written onto a surname ("Б.Обама", "Дж.Коми", "В. В.Путин"): one or two letters, a dot, and
# the capitalised surname right after the last dot, with no space (a space after it is a sentence's end).
_INITIALS = re.compile(
    "|".join(
        rf"(?<![\w.])(?:[{up}][{low}]?\.\s?)*[{up}][{low}]?\.[{up}][{low}]+(?:-[{up}][{low}]+)?\b"
        for up, low in (("А-ЯЁ", "а-яё"), ("A-Z", "a-z"))  # one script: "Б.Обама", "J.Smith"
    )
)


def initialled_names(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:  # noqa: ARG001
    """ "Б.Обама охарактеризовал Дж.Коми": initials written onto a surname make a person's name (the
    engine missed the first, split the second into "Дж" and the Komi Republic), and a capitalised word
    before them is none of it ("Сын А.Лукашенко"); a longer name of another kind around them stays
    ("театра драмы им. В.М.Шукшина")."""
    result = list(spans)
    for match in _INITIALS.finditer(text):
        start, end = match.span()
        around = [s for s in result if s.start < end and start < s.end]
        if any(s.type != EntityType.PER and (s.start < start or s.end > end) for s in around):
            continue
        if any(s.type == EntityType.PER and s.end > end for s in around):
            continue  # the surname is the first word of a longer name the engine read
        name = make_span(text, start, end, EntityType.PER)
        result = [s for s in result if not any(s is a for a in around)] + [name]
    return sorted(result, key=lambda s: s.start)
