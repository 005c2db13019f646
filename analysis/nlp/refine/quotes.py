"""Names in quotes: a legal form or descriptor is not part of a quoted name ("ОАО «ВымпелКом»" ->
"ВымпелКом"), a quoted name after an organisation word is an organisation ("движение
«Солидарность»"), and one after a word for a vehicle or work is not ("корабль «Союз»")."""

from __future__ import annotations

from collections.abc import Sequence

from analysis.core import lexicon
from analysis.core.codes import EntityType
from analysis.nlp.base import Sentence, Span, Token
from analysis.nlp.refine.tokens import (
    ORG_DESCRIPTORS,
    QUOTES_CLOSE,
    QUOTES_OPEN,
    capitalised,
    flat,
    is_word,
    lemmas_of,
    make_span,
    tokens_in,
)

# Nouns that introduce a quoted name of something that is not an organisation ("корабль «Союз»").
_NOT_ORG_DESCRIPTORS = lexicon.words("refine_thing_words")
# Nouns for works and awards an unquoted Latin name follows ("премии Grammy").
_WORK_WORDS = lexicon.words("refine_work_words")


def _is_descriptor(token: Token) -> bool:
    return token.lemma.lower() in ORG_DESCRIPTORS or not capitalised(token)


def quoted_names(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """Organisation names in quotes: "ОАО «ВымпелКом»" -> "ВымпелКом"; "движение «За права
    человека»" becomes an ORG span even when the engine missed it; a name quoted after a word
    for a vehicle, work or event ("корабль «Союз»", "фильм «Москва»") is no organisation
    anywhere in the text. A name an organisation word introduces ("команда Феррари", "центр
    «Кин-Топ»") is an organisation everywhere in the text."""
    tokens = flat(sentences)
    result = list(spans)
    not_org: set[tuple[str, ...]] = set()
    index = {t.start: i for i, t in enumerate(tokens)}
    org = {
        lemmas_of(tokens_in(tokens, s))
        for s in spans
        if s.type == EntityType.PER
        and len(tokens_in(tokens, s)) == 1
        and index.get(s.start)
        and _introduces_organisation(tokens[index[s.start] - 1])
    }
    listed: int | None = None  # the closing quote of the last name of a thing
    for i, token in enumerate(tokens):
        introduced = token.text in QUOTES_OPEN and _introduced_thing(tokens, i) is not None
        close = _closing_quote(tokens, i, introduced)
        if close is None:
            continue
        inner = make_span(text, tokens[i + 1].start, tokens[close - 1].end, EntityType.ORG)
        # The descriptor is the word before the quote, or a word before its adjectives; a quote
        # listed after a thing's name ("в кинотеатрах «Звезда», «Космос» и «Юность»") or introduced
        # as one of the things ("синглами, среди которых «Today»") names a thing too.
        before = [t for t in tokens[max(0, i - 3) : i] if is_word(t)]
        head = next((t for t in reversed(before) if t.pos in ("NOUN", "PROPN")), None)
        thing = head is not None and head.lemma.lower() in _NOT_ORG_DESCRIPTORS
        engine_org = [
            s for s in result if s.type == EntityType.ORG and s.start <= inner.start and inner.end <= s.end
        ]
        if thing:
            not_org.add(lemmas_of(tokens[i + 1 : close]))
            listed = close
            continue
        if (listed is not None and _listed_after(tokens, listed, i)) or introduced:
            # one of a list of things: this quote only (a band may share a song's name)
            result = [s for s in result if not (s.type == EntityType.ORG and s in engine_org)]
            listed = close
            continue
        listed = None
        if head is None or head.lemma.lower() not in ORG_DESCRIPTORS:
            if not engine_org:
                continue
            # The engine's ORG span already holds the quote: keep its outer part only if it is a name.
            outer = engine_org[0]
            prefix = [t for t in tokens_in(tokens, outer) if t.end <= token.start]
            if prefix and not all(_is_descriptor(t) for t in prefix):
                result.append(make_span(text, outer.start, prefix[-1].end, EntityType.ORG))
        else:
            org.add(lemmas_of(tokens[i + 1 : close]))
        result = [s for s in result if s.end <= inner.start - 1 or s.start >= inner.end + 1]
        result.append(inner)
    return _retyped(text, tokens, result, org, not_org)


def _closing_quote(tokens: Sequence[Token], i: int, introduced: bool) -> int | None:
    """The index of the quote closing a name opened at ``tokens[i]``; None where no name is quoted
    there (no quote, nothing capitalised inside, or reported speech after a colon that no word for
    things introduces)."""
    if tokens[i].text not in QUOTES_OPEN:
        return None
    close = next((j for j in range(i + 1, min(len(tokens), i + 12)) if tokens[j].text in QUOTES_CLOSE), None)
    if close is None or close == i + 1 or not capitalised(tokens[i + 1]):
        return None
    return None if _quotes_speech(tokens, i) and not introduced else close


def _retyped(
    text: str,
    tokens: Sequence[Token],
    spans: list[Span],
    org: set[tuple[str, ...]],
    not_org: set[tuple[str, ...]],
) -> list[Span]:
    """``spans`` without the organisations named as things, and with the names an organisation word
    introduced typed ORG, in text order."""
    kept = [s for s in spans if not (s.type == EntityType.ORG and lemmas_of(tokens_in(tokens, s)) in not_org)]
    retyped = [
        make_span(text, s.start, s.end, EntityType.ORG)
        if s.type != EntityType.ORG and lemmas_of(tokens_in(tokens, s)) in org
        else s
        for s in kept
    ]
    return sorted(retyped, key=lambda s: s.start)


_LIST_WORDS = {",", "и", "или", "а", "также"}


def _listed_after(tokens: Sequence[Token], close: int, i: int) -> bool:
    """Whether the quote opening at ``tokens[i]`` is the next item of a list after the quote closing
    at ``tokens[close]``: only commas and conjunctions between ("«Звезда», «Космос» и «Юность»")."""
    between = tokens[close + 1 : i]
    return bool(between) and all(t.text.lower() in _LIST_WORDS for t in between)


# What stands between a word for things and the list of their names ("синглами, среди которых «Today»",
# "хитов группы, таких как «It’s My Life»", "автор книг: «Тишина»").
_INTRODUCERS = {":", ",", "как", "таких", "среди", "которых"}


def _introduced_thing(tokens: Sequence[Token], i: int) -> Token | None:
    """The word for things ("синглами", "хитов") a quote opening at ``tokens[i]`` is introduced by
    through ``_INTRODUCERS``, if any: the quote names one of them."""
    j = i
    while j > 0 and tokens[j - 1].text.lower() in _INTRODUCERS:
        j -= 1
    if j == i or all(t.text == "," for t in tokens[j:i]):
        return None
    window = [t for t in tokens[max(0, j - 3) : j] if t.pos == "NOUN"]
    return next((t for t in reversed(window) if t.lemma.lower() in _NOT_ORG_DESCRIPTORS), None)


def _quotes_speech(tokens: Sequence[Token], i: int) -> bool:
    """Whether the quote opening at ``tokens[i]`` is reported speech: it follows a colon
    ("сказал представитель организации: "Мы приедем в Германию"")."""
    return i > 0 and tokens[i - 1].text == ":"


def _introduces_organisation(token: Token) -> bool:
    return token.lemma.lower() in ORG_DESCRIPTORS and not token.text.isupper()


def latin_works(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "лауреат премии Grammy", "на фестивале Park Live", "с альбома The Fat of the Land": a Latin
    name right after a word for a work or an award names that work (MISC), not an organisation."""
    tokens = flat(sentences)
    index = {t.start: i for i, t in enumerate(tokens)}
    result = []
    for span in spans:
        i = index.get(span.start, 0)
        words = [t for t in tokens_in(tokens, span) if is_word(t)]
        if (
            span.type == EntityType.ORG
            and i > 0
            and words
            and all(t.text.isascii() for t in words)
            and tokens[i - 1].pos == "NOUN"
            and tokens[i - 1].lemma.lower() in _WORK_WORDS
        ):
            span = make_span(text, span.start, span.end, EntityType.MISC)
        result.append(span)
    return result
