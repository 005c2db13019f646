"""Types from dictionaries where they are sure: pycountry/CLDR places are LOC, the EU and the UN
and what OpenCorpora (pymorphy3) knows only as an organisation are ORG; a name after a person's
title is a person."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from analysis.core import lexicon
from analysis.core.codes import EntityType
from analysis.core.text import acronym
from analysis.nlp import gazetteer, morph
from analysis.nlp.base import Sentence, Span, Token
from analysis.nlp.refine.tokens import (
    INSTITUTIONS,
    ORG_DESCRIPTORS,
    capitalised,
    flat,
    is_word,
    make_span,
    tokens_in,
)


@cache
def place_names() -> dict[tuple[str, ...], str]:
    """Lemmas of country, region and continent names -> LOC (EU and UN, and their acronyms -> ORG).

    From pycountry's Russian ISO 3166 names (via ``analysis.nlp.gazetteer``) and Babel's CLDR territories.
    """
    from babel import Locale

    names = {name: EntityType.LOC for name in gazetteer.countries()}
    for code, name in Locale("ru").territories.items():
        if name[:1].isupper():
            kind = EntityType.ORG if code in gazetteer.CLDR_ORGANISATIONS else EntityType.LOC
            names[name] = kind
            if kind == EntityType.ORG:
                names[acronym(name)] = kind
    return {words_key(morph.lemma(word) for word in name.split()): kind for name, kind in names.items()}


def lemma_key(words: Sequence[Token]) -> tuple[str, ...]:
    """``words_key`` of the tokens' lemmas."""
    return words_key(t.lemma for t in words)


def words_key(words: Iterable[str]) -> tuple[str, ...]:
    """Folded words, hyphenated parts apart: "Коста-Рика" and "Коста Рика" share a key."""
    return tuple(" ".join(words).lower().replace("ё", "е").replace("-", " ").split())


def place_kind(table: dict[tuple[str, ...], str], words: Sequence[Token]) -> str | None:
    """The type ``place_names`` (as ``table``) gives a name, by its lemmas or as written; None if none."""
    return table.get(lemma_key(words)) or table.get(words_key(t.text for t in words))


def _one_word_kind(token: Token, kind: str) -> str:
    """What OpenCorpora (pymorphy3) knows about a one-word name, where it is sure."""
    parse = morph.best_parse(token.text, token.pos, token.feats)
    tag = parse.tag
    if kind == EntityType.LOC and "Orgn" in tag and "Geox" not in tag:
        return EntityType.ORG  # "ЕС"
    if (
        kind == EntityType.PER
        and parse.is_known
        and "Geox" in tag
        and not {"Name", "Surn", "Patr"} & tag.grammemes
    ):
        return EntityType.LOC  # "Царицыно"
    stem, _, rest = token.text.lower().partition("евро")
    if kind == EntityType.LOC and not stem and rest and morph.lemma(rest) in ORG_DESCRIPTORS | INSTITUTIONS:
        return EntityType.ORG  # "Евросоюз", "Еврокомиссия": European + an organisation word
    return kind


def dictionary_types(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """Types from dictionaries where they are sure: a country, region or continent is LOC
    (factRuEval reads "Россия заявила" as a place too), the EU and the UN are ORG, and so is a
    one-word place that OpenCorpora (pymorphy3) knows only as an organisation ("ЕС");
    a place name the engine missed ("Маврикий", "Западной Европы") becomes a LOC span."""
    tokens = flat(sentences)
    table = place_names()
    result = []
    for span in spans:
        words = [t for t in tokens_in(tokens, span) if is_word(t)]
        kind = place_kind(table, words) or span.type
        if kind == span.type and len(words) == 1:
            kind = _one_word_kind(words[0], kind)
        result.append(span if kind == span.type else make_span(text, span.start, span.end, kind))
    taken = {t.start for span in result for t in tokens_in(tokens, span)}
    i = 0
    while i < len(tokens):
        for size in (3, 2, 1):
            window = tokens[i : i + size]
            if len(window) < size or any(t.start in taken for t in window) or not capitalised(window[-1]):
                continue
            if size == 1 and window[0].pos not in ("PROPN", "NOUN"):
                continue
            kind = place_kind(table, window)
            if kind:
                result.append(make_span(text, window[0].start, window[-1].end, kind))
                i += size - 1
                break
        i += 1
    return sorted(result, key=lambda s: s.start)


# Abbreviations of common nouns and names of diseases ("СМИ", "УК", "COVID-19"): no one's name.
_COMMON_ABBREVIATIONS = lexicon.words("refine_common_abbreviations")


def common_abbreviations(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "сообщают СМИ", "белорусские СМИ", "умер от COVID-19": an abbreviation of a common noun or a
    disease's name is no organisation (slovnet tags them ORG); a place after one is still a place
    ("статье 282 УК РФ" -> "РФ")."""
    tokens = flat(sentences)
    table = place_names()
    result = []
    for span in spans:
        words = [t for t in tokens_in(tokens, span) if is_word(t)]
        k = next((i for i, t in enumerate(words) if t.text.lower() in _COMMON_ABBREVIATIONS), None)
        if k is None or any(t.pos != "ADJ" for t in words[:k]):
            result.append(span)
            continue
        after = words[k + 1 :]
        if after and place_kind(table, after):
            result.append(make_span(text, after[0].start, after[-1].end, EntityType.LOC))
        elif after:
            result.append(span)
    return result


# Social networks and media platforms ("Twitter", "Фейсбук").
_PLATFORMS = lexicon.words("refine_platforms")
# Where a post is: "в Twitter", "через Twitter", "в своём Instagram".
_POSTED_IN = {"в", "во", "через"}
_POSSESSIVES = {"свой", "его", "её", "ее", "их", "мой", "наш"}


def platforms_as_media(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "написал в Twitter", "в своём Instagram", "через Twitter": a platform people post in is a
    product there (MISC), not the company ("Facebook удалил аккаунт" stays ORG); so it is not where
    a name stands before the preposition ("доля DST в Facebook": a share of the company)."""
    tokens = flat(sentences)
    index = {t.start: i for i, t in enumerate(tokens)}
    result = []
    for span in spans:
        words = [t for t in tokens_in(tokens, span) if is_word(t)]
        i = index.get(span.start, 0) - 1
        while i >= 0 and tokens[i].lemma.lower() in _POSSESSIVES:
            i -= 1
        if (
            span.type == EntityType.ORG
            and len(words) == 1
            and (words[0].text.lower() in _PLATFORMS or words[0].lemma.lower() in _PLATFORMS)
            and i >= 0
            and tokens[i].text.lower() in _POSTED_IN
            and not (i > 0 and capitalised(tokens[i - 1]))
        ):
            span = make_span(text, span.start, span.end, EntityType.MISC)
        result.append(span)
    return result


# Nouns for a person's office, rank or calling, written right before a name ("архиепископ Лонгин").
_PERSON_TITLES = lexicon.words("refine_person_titles")


def titled_persons(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "архиепископ Лонгин Клинский", "президента Ахмат-Хаджи Кадырова": a name of two or more
    capitalised words right after a person's title is that person, not a place, unless it is a
    country or region ("посла Южной Кореи")."""
    tokens = flat(sentences)
    index = {t.start: i for i, t in enumerate(tokens)}
    table = place_names()
    result = []
    for span in spans:
        words = [t for t in tokens_in(tokens, span) if is_word(t)]
        i = index.get(span.start, 0)
        if (
            span.type == EntityType.LOC
            and len(words) >= 2
            and all(capitalised(t) for t in words)
            and i > 0
            and tokens[i - 1].lemma.lower() in _PERSON_TITLES
            and not place_kind(table, words)
        ):
            span = make_span(text, span.start, span.end, EntityType.PER)
        result.append(span)
    return result
