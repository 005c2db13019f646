"""Places: a name a place noun introduces or heads is a place ("аэропорт «Шереметьево»"), a name in
quotes is not the place it is named after ("гибели «Колумбии»"), and a compass adjective before a
place is part of it ("западной Европы"), and a country's name that names a division of another country
is that division's ("округ Колумбия"); a name a word for a clan introduces is the clan ("кланов — Бонанно,
Коломбо и Луккезе": no Colombo, Sri Lanka)."""

from __future__ import annotations

from collections.abc import Sequence

from analysis.core import lexicon
from analysis.core.codes import EntityType
from analysis.nlp import gazetteer
from analysis.nlp.base import Sentence, Span
from analysis.nlp.refine.tokens import (
    QUOTES_OPEN,
    case_of,
    flat,
    lemmas_of,
    make_span,
    quoted_name,
    tokens_in,
)

# Nouns that introduce or head the name of a place ("аэропорт Шереметьево", "Пулковский аэропорт").
_PLACE_WORDS = lexicon.words("refine_place_words")


def place_words(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "аэропорт «Шереметьево»", "Пулковский аэропорт": a name a place noun introduces or heads is a place
    (not the organisation that runs it), and so is that name everywhere in the text."""
    tokens = flat(sentences)
    index = {t.start: i for i, t in enumerate(tokens)}
    places = set()
    for span in spans:
        covered = tokens_in(tokens, span)
        i = index.get(covered[0].start, 0) if covered else 0
        before = [t for t in tokens[max(0, i - 2) : i] if t.text not in QUOTES_OPEN]
        introduced = bool(before) and before[-1].lemma.lower() in _PLACE_WORDS
        headed = any(t.pos == "NOUN" and t.lemma.lower() in _PLACE_WORDS for t in covered)
        if span.type != EntityType.LOC and (introduced or headed):
            places.add(lemmas_of(covered))
    return [
        make_span(text, s.start, s.end, EntityType.LOC)
        if s.type != EntityType.LOC and lemmas_of(tokens_in(tokens, s)) in places
        else s
        for s in spans
    ]


def quoted_not_places(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:  # noqa: ARG001
    """ "после гибели «Колумбии»", "газопровода «Северный поток»": a name in quotes is the name of a
    thing (a spacecraft, a pipeline, a hotel), not the place it is named after, unless a place noun
    introduces it ("аэропорт «Шереметьево»")."""
    tokens = flat(sentences)
    index = {t.start: i for i, t in enumerate(tokens)}
    result = []
    for span in spans:
        i = index.get(span.start)
        quoted = quoted_name(tokens, index, span)
        if (
            span.type == EntityType.LOC
            and quoted
            and not (i > 1 and tokens[i - 2].lemma.lower() in _PLACE_WORDS)
        ):
            continue
        result.append(span)
    return result


_COMPASS = lexicon.ordered("refine_compass_stems")  # "западн", "северо-": compass adjectives


def compass_places(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "западной Европы", "южные Курильские острова": a compass adjective before a place is part
    of its name, even in lower case (the part of the place it names)."""
    tokens = flat(sentences)
    index = {t.start: i for i, t in enumerate(tokens)}
    result = []
    for span in spans:
        i = index.get(span.start, 0)
        before = tokens[i - 1] if i > 0 else None
        if (
            span.type == EntityType.LOC
            and before is not None
            and before.pos == "ADJ"
            and before.lemma.lower().startswith(_COMPASS)
            and text[before.end : span.start] == " "
        ):
            span = make_span(text, before.start, span.end, EntityType.LOC)
        result.append(span)
    return result


_DIVISION_WORDS = lexicon.words("refine_division_words")


def division_names(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "Вашингтон, округ Колумбия", "девушки из Столичного округа Колумбия": a country's name in the
    nominative right after a word for a division of a country (and the adjective before that word) is the
    division's name, not the country (Colombia was on the map); "области Украины" (genitive) stays."""
    tokens = flat(sentences)
    index = {t.start: i for i, t in enumerate(tokens)}
    result, grown = [], []
    for span in spans:
        i = index.get(span.start, 0)
        covered = tokens_in(tokens, span)
        word = tokens[i - 1] if i > 0 else None
        if (
            span.type == EntityType.LOC
            and word is not None
            and word.text.islower()
            and word.lemma.lower() in _DIVISION_WORDS
            and covered
            and case_of(covered[0]) == "Nom"
            and _country(" ".join(t.lemma for t in covered), span.text)
        ):
            first = tokens[i - 2] if i > 1 and tokens[i - 2].pos == "ADJ" else word
            span = make_span(text, first.start, span.end, EntityType.LOC)
            grown.append(span)
        result.append(span)
    return [s for s in result if s in grown or not any(g.start < s.end and s.start < g.end for g in grown)]


def _country(lemmas: str, written: str) -> bool:
    return (gazetteer.country(written) or gazetteer.country(lemmas)) is not None


_GROUP_WORDS = lexicon.words("refine_group_words")
_LIST_OPENERS = {"—", "–", "-", ":"}
_LIST_JOINERS = {",", "и"}
LIST_NAMES = 12  # a list of names after a group word this long at most


def group_names(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "главарём клана Гамбино", "пять кланов — Бонанно, Гамбино, Дженовезе, Коломбо и Луккезе": a name
    right after a word for a clan, a cartel or a gang (``refine_group_words``), or in a list of names
    after one and a dash or a colon, is that group: an organisation, not the place or the person of
    the name (NEREL annotates such clans as organisations)."""
    tokens = flat(sentences)
    index = {t.start: i for i, t in enumerate(tokens)}
    starts = {index[s.start]: s for s in spans if s.start in index}
    grouped = set()
    for i, token in enumerate(tokens):
        if token.lemma.lower() not in _GROUP_WORDS or not token.text.islower():
            continue
        j = i + 1
        if j < len(tokens) and tokens[j].text in _LIST_OPENERS:
            j += 1
            for _ in range(LIST_NAMES):
                span = starts.get(j)
                if span is None:
                    break
                grouped.add(span)
                while j < len(tokens) and tokens[j].start < span.end:  # the token after the name
                    j += 1
                if j >= len(tokens) or tokens[j].text.lower() not in _LIST_JOINERS:
                    break
                j += 1
        elif j in starts:
            grouped.add(starts[j])
    return [make_span(text, s.start, s.end, EntityType.ORG) if s in grouped else s for s in spans]
