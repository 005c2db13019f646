"""Organisations' names: the adjective before one ("японского МИДа"), descriptive institution names
("российское министерство финансов"), при/по complements ("Следственный комитет при
прокуратуре"), the place or owner after one ("Верховный суд Индии"), web sites cited as sources,
and bracketed aliases ("Международная амнистия (Amnesty International)")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from analysis.core import lexicon
from analysis.core.codes import EntityType
from analysis.nlp import morph
from analysis.nlp.base import Sentence, Span, Token
from analysis.nlp.refine.dictionary import lemma_key, place_names
from analysis.nlp.refine.tokens import (
    INSTITUTIONS,
    QUOTES_CLOSE,
    capitalised,
    case_of,
    flat,
    is_word,
    make_span,
    tokens_in,
)


def extend_organisations(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """An organisation's name takes in the lowercase adjective before it ("японского МИДа") and a
    number's ordinal ("1-го Украинского фронта"); a name in Latin letters does not ("немецкая
    Lufthansa": the adjective describes a brand)."""
    tokens = flat(sentences)
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {s.end for s in spans} | {s.start for s in spans}
    result = []
    for span in spans:
        i = starts.get(span.start)
        if span.type == EntityType.ORG and i and not span.text.isascii():
            j = i
            while (
                j > 0
                and tokens[j - 1].pos == "ADJ"
                and tokens[j - 1].lemma.endswith(("ский", "цкий"))
                and not capitalised(tokens[j - 1])
                and tokens[j - 1].end not in ends
            ):
                j -= 1
            if j > 0 and _DIGIT_ORDINAL.fullmatch(tokens[j - 1].text) and tokens[j - 1].end not in ends:
                j -= 1  # "1-го Украинского фронта": which of the fronts is part of the name
            if j < i:
                span = make_span(text, tokens[j].start, span.end, EntityType.ORG)
        result.append(span)
    return result


_DIGIT_ORDINAL = re.compile(r"\d{1,3}-(?:[а-я]{1,3})")  # "1-го", "13-й", "2-я"


def _relational(token: Token) -> bool:
    """A full-form relational adjective ("японского", "антимонопольной"), not "многие" or "первой"."""
    return (
        token.pos == "ADJ"
        and "Variant=Short" not in token.feats
        and token.lemma.lower().endswith(("ский", "цкий", "ный", "ной"))
    )


def _ordinal(token: Token) -> bool:
    """An ordinal number, in digits or words ("13-й", "семнадцатой")."""
    return token.pos == "ADJ" and "Anum" in morph.best_parse(token.text, token.pos, token.feats).tag


def descriptive_institutions(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "российском министерстве финансов", "японского дипломатического ведомства": adjectives,
    an institution noun and its genitive complement name one organisation (one adjective and
    the noun alone, "внешнеполитическое ведомство", is a description, not a name, unless an
    ordinal number tells which: "13-й долговременной экспедиции", "семнадцатой экспедиции")."""
    result = list(spans)
    for sentence in sentences:
        tokens = sentence.tokens
        if not any(t.pos == "NOUN" and t.lemma.lower() in INSTITUTIONS for t in tokens):
            continue  # most sentences name no institution: the spans need not be read
        taken = {t.start for span in result for t in tokens_in(tokens, span)}
        for i, head in enumerate(tokens):
            if head.lemma.lower() not in INSTITUTIONS or head.start in taken or head.pos != "NOUN":
                continue
            first = i
            while first > 0 and _relational(tokens[first - 1]) and tokens[first - 1].start not in taken:
                first -= 1
            ordinal = first > 0 and _ordinal(tokens[first - 1]) and tokens[first - 1].start not in taken
            first -= ordinal
            last = i
            while (
                last + 1 < len(tokens)
                and tokens[last + 1].start not in taken
                and tokens[last + 1].pos in ("ADJ", "NOUN")
                and "Case=Gen" in tokens[last + 1].feats
                and last - i < 4
            ):
                last += 1
            # "внешнеполитическое ведомство" is too vague; "13-й долговременной экспедиции" is not
            if first < i and (i - first >= 2 or last > i or ordinal):
                result.append(make_span(text, tokens[first].start, tokens[last].end, EntityType.ORG))
                taken |= {t.start for t in tokens[first : last + 1]}
    return sorted(result, key=lambda s: s.start)


_COMPLEMENT_PREPOSITIONS = {"при", "по"}


def organisation_complements(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "Следственного комитета при прокуратуре", "МЧС России по Санкт-Петербургу": a complement
    with при/по after an organisation's name is part of the name; so is an organisation's name after
    при ("Высшая партийная школа при ЦК КПСС"). Where the name is an owner in the genitive after an
    institution noun ("комитета Совета Федерации по экономической политике"), the complement is the
    institution's: the name starts at the noun."""
    result = list(spans)
    for sentence in sentences:
        tokens = sentence.tokens
        index = {t.start: i for i, t in enumerate(tokens)}
        inside = [s for s in result if sentence.start <= s.start < sentence.end]
        names = {t.start for s in inside if s.type != EntityType.LOC for t in tokens_in(tokens, s)}
        organisations = {s.start: s for s in inside if s.type == EntityType.ORG}
        for span in [s for s in inside if s.type == EntityType.ORG]:
            if not any(s is span for s in result):
                continue  # inside a longer name extended before it ("Главном управлении Нацполиции по ...")
            words = tokens_in(tokens, span)
            last = max((index[t.start] for t in words), default=None)
            if last is None or tokens[last].pos not in ("NOUN", "PROPN"):
                continue
            end = _complement_end(tokens, last, names, organisations, index)
            if end > last:
                first = _institution_head(tokens, index[words[0].start], names, words)
                start, stop = tokens[first].start, tokens[end].end
                extended = make_span(text, start, stop, EntityType.ORG)
                result = [
                    extended if s is span else s
                    for s in result
                    if s is span or not (start <= s.start and s.end <= stop)
                ]
    return sorted(result, key=lambda s: s.start)


def _complement_end(
    tokens: Sequence[Token], last: int, names: set[int], organisations: dict[int, Span], index: dict[int, int]
) -> int:
    """The index of the last word of the при/по complements after a name ending at ``tokens[last]``
    (``last`` itself when there are none)."""
    end = last
    j = last + 1
    if j < len(tokens) and tokens[j].pos == "PROPN" and "Case=Gen" in tokens[j].feats:
        j += 1  # "МЧС России по ..."
    while j < len(tokens) and tokens[j].text.lower() in _COMPLEMENT_PREPOSITIONS:
        k = j + 1
        owner = organisations.get(tokens[k].start) if k < len(tokens) else None
        if tokens[j].text.lower() == "при" and owner is not None:
            k = max(index[t.start] for t in tokens_in(tokens, owner)) + 1  # "при ЦК КПСС"
        while (
            k < len(tokens)
            and tokens[k].start not in names
            and "Case=Nom" not in tokens[k].feats
            and (tokens[k].pos in ("NOUN", "ADJ", "PROPN") or (tokens[k].text == "и" and k > j + 1))
        ):
            k += 1
        if k == j + 1 or tokens[k - 1].text == "и":
            break
        end, j = k - 1, k
    return end


def _institution_head(tokens: Sequence[Token], first: int, names: set[int], words: Sequence[Token]) -> int:
    """Where a name with a complement starts: at a lowercase institution noun right before it whose
    owner the name is, in the genitive ("комитета | Совета Федерации"), with its relational
    adjectives; else at the name's first word."""
    head = first - 1
    if (
        head < 0
        or tokens[head].start in names
        or tokens[head].pos != "NOUN"
        or capitalised(tokens[head])
        or tokens[head].lemma.lower() not in INSTITUTIONS
        or not _owner(words)
    ):
        return first
    return _first_word(tokens, head, names)


def organisation_places(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "Верховный суд Индии", "МИД Италии": a place in the genitive right after an organisation's
    name says whose it is, and is part of the name; so is one in the nominative, which only a name
    puts there ("Amnesty International Россия"), and an organisation owning it ("Департамент
    консульской службы МИД Италии")."""
    tokens = flat(sentences)
    result: list[Span] = []
    for span in spans:
        previous = result[-1] if result else None
        if (
            previous is not None
            and previous.type == EntityType.ORG
            and text[previous.end : span.start].isspace()
            and "\n" not in text[previous.end : span.start]
            and (
                span.type == EntityType.LOC
                and (
                    _one_case(tokens_in(tokens, span)) in ("Gen", "Nom")
                    or _may_be_genitive(tokens_in(tokens, span))
                )
                or span.type == EntityType.ORG
                and _owner(tokens_in(tokens, span))
            )
        ):
            result[-1] = make_span(text, previous.start, span.end, EntityType.ORG)
            continue
        result.append(span)
    return result


COMPLEMENT_WORDS = 3  # at most this many genitive words between an institution noun and its owner


def institutions_of_places(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "министерство культуры Польши", "совет директоров банка HSBC": an institution noun, in any case
    and letter case, with its genitive complement and the place or organisation it belongs to (a name in
    the genitive right after) is one organisation's name. Without the complement, the noun and the
    place are two ("парламент Грузии", as factRuEval reads it), and without the place the noun and its
    complement are a description ("министерство здравоохранения")."""
    result = list(spans)
    for sentence in sentences:
        tokens = sentence.tokens
        if not any(t.pos == "NOUN" and t.lemma.lower() in INSTITUTIONS for t in tokens):
            continue
        index = {t.start: i for i, t in enumerate(tokens)}
        for owner in [s for s in result if sentence.start <= s.start < sentence.end]:
            first = _institution_before(tokens, index.get(owner.start), owner, result)
            if first is None:
                continue
            whole = make_span(text, tokens[first].start, owner.end, EntityType.ORG)
            result = [s for s in result if not (whole.start <= s.start and s.end <= whole.end)] + [whole]
    return sorted(result, key=lambda s: s.start)


def _institution_before(tokens: Sequence[Token], i: int | None, owner: Span, spans: list[Span]) -> int | None:
    """The index of the first word of an institution's name that ``owner`` (at token ``i``) ends: an
    institution noun and one to ``COMPLEMENT_WORDS`` genitive words, none of them in a name, right before
    it (with relational adjectives before the noun: "российского министерства"), or an organisation's
    name and at least one such word ("Университет штата Огайо")."""
    words = tokens_in(tokens, owner)
    if not i or not words or not _genitive_owner(owner, words):
        return None
    ends = {s.end: s for s in spans}
    named = {t.start for s in spans for t in tokens_in(tokens, s)}
    found, head = None, i - 1
    while head >= 0 and i - head <= COMPLEMENT_WORDS + 1:
        token = tokens[head]
        if token.start in named:
            before = ends.get(token.end)
            if before is not None and before.type == EntityType.ORG and head < i - 1:
                return next(k for k in range(head + 1) if tokens[k].start >= before.start)
            return found
        # "университетов Китая" is a kind of institution; "парламент Грузии", with no complement, whose
        if token.pos == "NOUN" and token.lemma.lower() in INSTITUTIONS and "Number=Plur" not in token.feats:
            found = head if head < i - 1 else found
        if token.pos not in ("NOUN", "ADJ") or case_of(token) != "Gen":
            break
        head -= 1
    return None if found is None else _first_word(tokens, found, named)


def _first_word(tokens: Sequence[Token], head: int, named: set[int]) -> int:
    """Where an institution's name headed by ``tokens[head]`` starts: at the relational adjectives before
    the noun ("российского министерства") and a capitalised one ("Верхняя палата")."""
    first = head
    while (
        first > 0
        and tokens[first - 1].start not in named
        and (
            _relational(tokens[first - 1])
            or tokens[first - 1].pos == "ADJ"
            and capitalised(tokens[first - 1])
        )
    ):
        first -= 1
    return first


def _genitive_owner(owner: Span, words: Sequence[Token]) -> bool:
    """A place all in the genitive or that Russian does not decline ("Польши", "Мали"), or an
    organisation whose first word is in the genitive or in capitals ("МАГАТЭ")."""
    if owner.type == EntityType.ORG:
        return _owner(words)
    if owner.type != EntityType.LOC:
        return False
    return _one_case(words) == "Gen" or all(
        "Fixd" in morph.parses(t.text)[0].tag for t in words if is_word(t)
    )


def _one_case(words: Sequence[Token]) -> str:
    """The case all the words of a name are in ("Республики Беларусь" has none), else ""."""
    cases = {case_of(t) for t in words if is_word(t)}
    return cases.pop() if len(cases) == 1 else ""


def _may_be_genitive(words: Sequence[Token]) -> bool:
    """Whether every word of a name has a genitive reading ("Кировской области": the tagger may read
    "области" as locative, which no place right after a name can be without a preposition)."""
    named = [t for t in words if is_word(t)]
    return bool(named) and all(
        any(p.tag.case in ("gent", "gen2") for p in morph.parses(t.text.lower())) for t in named
    )


def _owner(words: Sequence[Token]) -> bool:
    """Whether an organisation's name right after another's is in the genitive, as the owner of a
    department ("Департамент консульской службы МИД Украины")."""
    head = next((t for t in words if is_word(t)), None)
    return head is not None and (head.text.isupper() or case_of(head) == "Gen")


_DOMAIN = re.compile(r"(?<![\w.@/«\"„“])[0-9A-Za-z][\w-]*(?:\.[\w-]+)*\.[a-z]{2,6}\b(?![.\w]*[/@»\"“”])")


def site_names(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """A web site cited as a source ("сообщает baltinfo.ru") is an organisation."""
    tokens = flat(sentences)
    starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
    result = list(spans)
    for match in _DOMAIN.finditer(text):
        start, end = match.span()
        if start in starts and end in ends and not any(s.start < end and start < s.end for s in result):
            result.append(make_span(text, start, end, EntityType.ORG))
    return sorted(result, key=lambda s: s.start)


def _latin_or_acronym(tokens: Sequence[Token]) -> bool:
    words = [t.text.replace("’", "'") for t in tokens if is_word(t)]  # "King’s": a typographic apostrophe
    return bool(words) and (
        all(word.isascii() for word in words)
        and words[0][:1].isupper()
        or (len(words) == 1 and words[0].isupper() and len(words[0]) >= 2)
    )


ALIAS_TOKENS = 16  # at most this many tokens inside the brackets of an alias ("(King’s College London, KCL)")


def parenthesised_aliases(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "Международная амнистия (Amnesty International)", "Бюро ... (USPTO)": a Latin name or an
    acronym in brackets right after a name (or its closing quote) is another name of the same thing;
    so is each of a list of them ("(King’s College London, KCL)")."""
    tokens = flat(sentences)
    table = place_names()
    result = list(spans)
    for i, token in enumerate(tokens):
        if token.text != "(" or i == 0:
            continue
        close = next(
            (j for j in range(i + 1, min(len(tokens), i + ALIAS_TOKENS)) if tokens[j].text == ")"), None
        )
        if close is None or close == i + 1:
            continue
        parts = _alias_parts(tokens[i + 1 : close])
        before = _name_before(tokens, i, result)
        if before is None or not all(_latin_or_acronym(p) and lemma_key(p) not in table for p in parts):
            continue
        for part in parts:
            alias = make_span(text, part[0].start, part[-1].end, before.type)
            result = [s for s in result if not (s.start < alias.end and alias.start < s.end)] + [alias]
    return sorted(result, key=lambda s: s.start)


def _alias_parts(inner: Sequence[Token]) -> list[list[Token]]:
    """The comma-separated parts of a bracket's tokens (one part when there is no comma)."""
    parts: list[list[Token]] = [[]]
    for token in inner:
        if token.text == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts if all(parts) else [list(inner)]


def _name_before(tokens: Sequence[Token], i: int, spans: list[Span]) -> Span | None:
    """The span ending right before the bracket opening at ``tokens[i]``, skipping an earlier
    bracketed alias and a closing quote ("\"Сеть поддержки выборов в Зимбабве\" (Zimbabwe ...)")."""
    k = i - 1
    while k > 0 and tokens[k].text == ")":
        k = next((m for m in range(k - 1, -1, -1) if tokens[m].text == "("), 0) - 1
    if k > 0 and tokens[k].text in QUOTES_CLOSE:
        k -= 1
    return next((s for s in spans if s.end == tokens[k].end), None) if k >= 0 else None


FACILITY_ACRONYMS = lexicon.words("organisations_facility_acronyms")  # "мкс": the space station


def facility_acronyms(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:  # noqa: ARG001
    """ "на борту МКС": an acronym that names a facility (a space station, a ring road) is a place, not
    the organisation the engine reads in any acronym."""
    return [
        make_span(text, s.start, s.end, EntityType.LOC)
        if s.type == EntityType.ORG and s.text.lower() in FACILITY_ACRONYMS
        else s
        for s in spans
    ]


MEDIA_NOUNS = lexicon.words("organisations_media_nouns")  # "новость": "Викиновости" is an outlet
MEDIA_PREFIX = 3  # at least this many letters before the media noun ("Вики", "Рос", "Бизнес-")


REPORTING = lexicon.words("reporting_verbs")  # "сообщать", "рассказать": what an outlet does or is told


def media_compounds(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "Викиновости сообщали", "рассказал Викиновостям": a one-word name made of a first part and a
    word for news ("новости", "вести", "радио") that reports or is told something, right before or
    after it, is a news outlet, whatever person or place the engine reads in a word it does not know (a
    rubric, "Авиановости: ...", is left as it was)."""
    tokens = flat(sentences)
    index = {t.start: i for i, t in enumerate(tokens)}
    result = []
    for span in spans:
        i = index.get(span.start)
        near = [
            tokens[k] for k in (i - 1 if i else -1, i + 1 if i is not None else -1) if 0 <= k < len(tokens)
        ]
        if (
            span.type in (EntityType.PER, EntityType.LOC)
            and _media_compound(span.text)
            and any(t.lemma.lower() in REPORTING for t in near)
        ):
            span = make_span(text, span.start, span.end, EntityType.ORG)
        result.append(span)
    return result


def _media_compound(word: str) -> bool:
    if not word.isalpha() and not word.replace("-", "").isalpha() or not word[:1].isupper():
        return False
    return any(
        morph.parses(word[k:].lower())[0].normal_form in MEDIA_NOUNS
        for k in range(MEDIA_PREFIX, len(word) - 2)
        if word[k - 1] == "-" or word[k : k + 1].islower()
    )


MEMBER_WORDS = lexicon.words("organisations_member_words")  # "член", "замглавы": a person's place in one


def member_words(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "Член общественного совета при ...", "Замглавы Федеральной миграционной службы": a word for a
    person's place in an organisation that opens the engine's span of it is the person's, not part of
    the organisation's name, and alone names none. What is left is a name of two words or more, or an
    acronym ("Глава МИД"); one other word may be a place ("Глава Татарстана"), and is left as it was."""
    tokens = flat(sentences)
    result = []
    for span in spans:
        words = tokens_in(tokens, span)
        member = span.type == EntityType.ORG and bool(words) and words[0].lemma.lower() in MEMBER_WORDS
        rest = [t for t in words[1:] if is_word(t)]
        if member and not rest:
            continue  # "Замглавы | Федеральной миграционной службы"
        if member and (len(rest) >= 2 or rest[0].text.isupper()):
            span = make_span(text, rest[0].start, span.end, EntityType.ORG)
        result.append(span)
    return result


def compound_institutions(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:  # noqa: ARG001
    """ "пошли к Мосгоризбиркому": one word the glossary reads as a compound abbreviation of an
    institution ("Мосгор" + "избирком") is an organisation, not the place its first letters suggest."""
    from analysis.nlp.knowledge.institutions import compound_institution

    return [
        make_span(text, s.start, s.end, EntityType.ORG)
        if s.type in (EntityType.LOC, EntityType.PER) and " " not in s.text and compound_institution(s.text)
        else s
        for s in spans
    ]
