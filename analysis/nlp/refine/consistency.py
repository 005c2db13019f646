"""One document, one reading of a name: a string tagged once is tagged everywhere, and the type most
of its mentions got wins ("Свиридове" is PER when "Егор Свиридов" is)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from analysis.core.codes import EntityType
from analysis.nlp.base import Sentence, Span, Token
from analysis.nlp.refine.tokens import capitalised, flat, is_word, lemmas_of, make_span, tokens_in


def vote_types(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """Spans with the same lemmas get the type most of them got ("Свиридове" LOC -> PER);
    a one-word span that is part of a person's name elsewhere in the text becomes PER."""
    tokens = flat(sentences)
    keys = [lemmas_of(tokens_in(tokens, span)) for span in spans]
    votes: dict[tuple, Counter] = defaultdict(Counter)
    for key, span in zip(keys, spans, strict=True):
        votes[key][span.type] += 1
    name_parts = {
        part
        for key, span in zip(keys, spans, strict=True)
        if span.type == EntityType.PER and len(key) >= 2
        for part in key
        if len(part) >= 3
    }
    result = []
    for key, span in zip(keys, spans, strict=True):
        (best, count), *rest = votes[key].most_common()
        kind = best if not rest or count > rest[0][1] else span.type
        if len(key) == 1 and key[0] in name_parts and votes[key][EntityType.PER] == 0:
            kind = EntityType.PER
        result.append(span if kind == span.type else make_span(text, span.start, span.end, kind))
    return result


def propagate(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """Tag untagged repeats of a name found elsewhere in the text: the same lemmas ("Голос
    Америки" after "«Голоса Америки»"), or one part of a person's full name ("Лужков")."""
    tokens = flat(sentences)
    tagged = {key: span.type for span in spans if (key := lemmas_of(tokens_in(tokens, span)))}
    parts = {
        (token.lemma.lower(),)
        for span in spans
        if span.type == EntityType.PER
        for token in tokens_in(tokens, span)
        if len(token.text) >= 3 and capitalised(token) and token.text.isalpha()
    }
    for part in parts:
        tagged.setdefault(part, EntityType.PER)
    longest = max((len(key) for key in tagged), default=0)
    result = list(spans)
    i = 0
    while i < len(tokens):
        if not capitalised(tokens[i]):
            i += 1
            continue
        for size in range(min(longest, len(tokens) - i), 0, -1):
            window = tokens[i : i + size]
            kind = tagged.get(lemmas_of(window))
            if kind is None or not is_word(window[-1]):
                continue
            start, end = window[0].start, window[-1].end
            inside = [s for s in result if s.start < end and start < s.end]
            if all(start <= s.start and s.end <= end for s in inside) and (size > 1 or not inside):
                if not any(s.start == start and s.end == end for s in inside):
                    result = [s for s in result if s not in inside]
                    result.append(make_span(text, start, end, kind))
                i += size - 1
                break
        i += 1
    return _join_name_parts(text, tokens, sorted(result, key=lambda s: s.start))


def _join_name_parts(text: str, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """Two persons' spans side by side whose words follow each other in a longer name of the text are
    that name ("Мейв | Кеннеди" after "Мейв Кеннеди Таунсенд-Маккин"): propagation tags its parts one by one."""
    full = [lemmas_of(tokens_in(tokens, s)) for s in spans if s.type == EntityType.PER]
    full = [key for key in full if len(key) > 2]
    result: list[Span] = []
    for span in spans:
        previous = result[-1] if result else None
        if (
            previous is not None
            and previous.type == span.type == EntityType.PER
            and text[previous.end : span.start] == " "
            and _in_order(lemmas_of(tokens_in(tokens, previous)) + lemmas_of(tokens_in(tokens, span)), full)
        ):
            result[-1] = make_span(text, previous.start, span.end, EntityType.PER)
            continue
        result.append(span)
    return result


def _in_order(words: tuple[str, ...], names: list[tuple[str, ...]]) -> bool:
    """Whether ``words`` stand next to each other, in this order, inside one of ``names``."""
    size = len(words)
    return any(name[k : k + size] == words for name in names for k in range(len(name) - size + 1))
