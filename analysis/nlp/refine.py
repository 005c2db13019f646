"""Post-processing of engine entity spans: boundary repair, dictionary types, document consistency.

slovnet's spans follow its training data; news-analysis conventions (factRuEval's, measured in
``analysis.tools.evaluate``) differ in predictable ways that token rules can fix:

- a bracketed alias, a line break or a bullet ends a name ("Комитет защиты журналистов (КЗЖ)");
- a legal form or descriptor is not part of a quoted name ("ОАО «ВымпелКом»" -> "ВымпелКом"), a
  quoted name after an organisation word is an organisation ("движение «Солидарность»"), and one
  after a word for a vehicle or work is not ("корабль «Союз»");
- dictionaries settle types where they are sure: pycountry/CLDR places are LOC, the EU and the UN
  and what OpenCorpora (pymorphy3) knows only as an organisation are ORG;
- descriptive institution names ("российское министерство финансов") and при/по complements
  ("Следственный комитет при прокуратуре") are organisations, and so is an organisation's name with
  the place in the genitive after it ("Верховный суд Индии", as BSNLP annotates it; naeval's
  reading of factRuEval splits it into ORG and LOC);
- an abbreviated kind of organisation ("ИА Reuters"), capitalised function words ("Если Вы") and an
  adjective before a Latin brand ("немецкая Lufthansa") are not part of a name; a name a place noun
  introduces or heads ("аэропорт «Шереметьево»", "Пулковский аэропорт") is a place, and a compass
  adjective before a place is part of it ("западной Европы");
- a name in quotes is not the place it is named after ("гибели «Колумбии»"), a name after a person's
  title is a person ("архиепископ Лонгин Клинский"), and an ordinal makes an institution a name
  ("13-й долговременной экспедиции");
- one document uses one reading of a name: a string tagged once is tagged everywhere, and the type
  most of its mentions got wins ("Свиридове" is PER when "Егор Свиридов" is).

Every rule takes and returns the spans of one text; tokens come from its sentences. No list here
comes from evaluation documents.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import cache

from analysis.core.text import acronym
from analysis.nlp import gazetteer, morph
from analysis.nlp.base import Sentence, Span, Token

# Tokens that never sit inside one name: a span running across them is two names (or none).
_SEPARATORS = {"(", ")", "[", "]", "•", "·", "●", "▪", ";", ",", "|", "—", "–", ":", "?", "!"}
_QUOTES_OPEN = {"«", "„", "“", '"'}
_QUOTES_CLOSE = {"»", "“", "”", '"'}

# Nouns that introduce an organisation's name ("компания «Газпром»"), and legal forms.
_ORG_DESCRIPTORS = {
    "партия", "движение", "компания", "концерн", "корпорация", "холдинг", "банк", "фонд",
    "институт", "университет", "академия", "ассоциация", "организация", "общество",
    "объединение", "клуб", "команда", "газета", "журнал", "издание", "издательство",
    "агентство", "телеканал", "радиостанция", "радио", "театр", "музей", "завод", "фабрика",
    "комбинат", "предприятие", "фирма", "авиакомпания", "студия", "центр", "комитет", "союз",
    "группа", "коалиция", "блок", "фракция", "лига", "федерация", "служба", "портал",
    "сайт", "оператор", "сеть", "ретейлер", "ритейлер", "производитель", "группировка",
}  # fmt: skip
# Abbreviated legal forms and kinds of organisation written before a name ("ОАО", "ИА" for
# информационное агентство): descriptors, not part of the name.
_LEGAL_FORMS = {
    "оао",
    "зао",
    "ооо",
    "пао",
    "ао",
    "гуп",
    "фгуп",
    "муп",
    "нко",
    "ано",
    "нпо",
    "фгбу",
    "гбу",
    "иа",
}
_ORG_DESCRIPTORS |= _LEGAL_FORMS

# Nouns that introduce a quoted name of something that is not an organisation.
_NOT_ORG_DESCRIPTORS = {
    "корабль", "шаттл", "спутник", "ракета", "самолёт", "самолет", "лайнер", "судно",
    "теплоход", "крейсер", "подлодка", "аппарат", "модуль", "зонд", "телескоп", "фильм",
    "сериал", "мультфильм", "книга", "роман", "повесть", "рассказ", "альбом", "песня", "сингл",
    "спектакль", "опера", "балет", "мюзикл", "картина", "программа", "передача", "шоу",
    "операция", "акция", "конкурс", "фестиваль", "премия", "статья", "закон",
    "игра", "марка", "модель", "автомобиль", "сорт", "лозунг", "девиз", "слово",
}  # fmt: skip


def _flat(sentences: Sequence[Sentence]) -> list[Token]:
    return [token for sentence in sentences for token in sentence.tokens]


def _span(text: str, start: int, end: int, kind: str) -> Span:
    return Span(start, end, kind, text[start:end])


def _covered(tokens: Sequence[Token], span: Span) -> list[Token]:
    """The tokens inside ``span``; ``tokens`` are in text order."""
    first = bisect_left(tokens, span.start, key=lambda t: t.start)
    last = bisect_right(tokens, span.end, key=lambda t: t.end)
    return [t for t in tokens[first:last] if t.end <= span.end]


def _is_word(token: Token) -> bool:
    return any(ch.isalnum() for ch in token.text)


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def _from_tokens(text: str, tokens: Sequence[Token], kind: str) -> Span | None:
    """A span over ``tokens`` without the punctuation at its edges; None if no word is left."""
    first = next((i for i, t in enumerate(tokens) if _is_word(t)), None)
    if first is None:
        return None
    last = max(i for i, t in enumerate(tokens) if _is_word(t))
    return _span(text, tokens[first].start, tokens[last].end, kind)


def split_at_separators(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "Джоэл Саймон (Joel Simon)" -> two PER spans; so is a span running over a line break;
    edge punctuation ("• Коста Рика") is dropped."""
    tokens = _flat(sentences)
    result = []
    for span in spans:
        covered = _covered(tokens, span)
        if not covered:
            result.append(span)
            continue
        group: list[Token] = []
        for token in [*covered, None]:
            new_line = token is not None and bool(group) and "\n" in text[group[-1].end : token.start]
            if token is None or token.text in _SEPARATORS or new_line:
                piece = _from_tokens(text, group, span.type) if group else None
                if piece is not None:
                    result.append(piece)
                group = []
            if token is not None and token.text not in _SEPARATORS:
                group.append(token)
    return result


def drop_domain_zones(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ ".РФ" in "в зоне .РФ" is a domain zone, not Russia."""
    return [
        s
        for s in spans
        if not (s.start > 0 and text[s.start - 1] == "." and (s.start < 2 or text[s.start - 2].isspace()))
    ]


# What may stand between the end of a sentence or line and the first word of the next.
_LEAD_IN = ' \t\r«"„“(—–-'
_NAME_GRAMMEMES = {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Trad"}


def strip_sentence_openers(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "Исследователи Брукхейвенской лаборатории": a common word capitalised only because it opens
    the sentence is not part of the name after it."""
    tokens = _flat(sentences)
    result = []
    for span in spans:
        covered = _covered(tokens, span)
        j = span.start - 1
        while j >= 0 and text[j] in _LEAD_IN:
            j -= 1
        opens = j < 0 or text[j] in "\n.!?…•"
        if opens and len(covered) >= 2 and _capitalised(covered[1]) and _common_word(covered[0]):
            span = _from_tokens(text, covered[1:], span.type) or span
        result.append(span)
    return result


def _common_word(token: Token) -> bool:
    if (
        len(token.text) <= 3
        or token.pos in ("PROPN", "ADJ")
        or token.lemma.lower() in _ORG_DESCRIPTORS | _INSTITUTIONS
    ):
        return False
    parse = morph.best_parse(token.text, token.pos, token.feats)
    return parse.is_known and not _NAME_GRAMMEMES & parse.tag.grammemes


def _is_descriptor(token: Token) -> bool:
    return token.lemma.lower() in _ORG_DESCRIPTORS or not _capitalised(token)


def quoted_names(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """Organisation names in quotes: "ОАО «ВымпелКом»" -> "ВымпелКом"; "движение «За права
    человека»" becomes an ORG span even when the engine missed it; a name quoted after a word
    for a vehicle, work or event ("корабль «Союз»", "фильм «Москва»") is no organisation
    anywhere in the text. A name an organisation word introduces ("команда Феррари", "центр
    «Кин-Топ»") is an organisation everywhere in the text."""
    tokens = _flat(sentences)
    result = list(spans)
    not_org: set[tuple[str, ...]] = set()
    index = {t.start: i for i, t in enumerate(tokens)}
    org = {
        _key(_covered(tokens, s))
        for s in spans
        if s.type == "PER"
        and len(_covered(tokens, s)) == 1
        and index.get(s.start)
        and _introduces_organisation(tokens[index[s.start] - 1])
    }
    for i, token in enumerate(tokens):
        if token.text not in _QUOTES_OPEN:
            continue
        close = next(
            (j for j in range(i + 1, min(len(tokens), i + 12)) if tokens[j].text in _QUOTES_CLOSE), None
        )
        if close is None or close == i + 1 or not _capitalised(tokens[i + 1]) or _quotes_speech(tokens, i):
            continue
        inner = _span(text, tokens[i + 1].start, tokens[close - 1].end, "ORG")
        # The descriptor is the word before the quote, or a word before its adjectives.
        before = [t for t in tokens[max(0, i - 3) : i] if _is_word(t)]
        head = next((t for t in reversed(before) if t.pos in ("NOUN", "PROPN")), None)
        engine_org = [s for s in result if s.type == "ORG" and s.start <= inner.start and inner.end <= s.end]
        if head is not None and head.lemma.lower() in _NOT_ORG_DESCRIPTORS:
            not_org.add(_key(tokens[i + 1 : close]))
            continue
        if head is None or head.lemma.lower() not in _ORG_DESCRIPTORS:
            if not engine_org:
                continue
            # The engine's ORG span already holds the quote: keep its outer part only if it is a name.
            outer = engine_org[0]
            prefix = [t for t in _covered(tokens, outer) if t.end <= token.start]
            if prefix and not all(_is_descriptor(t) for t in prefix):
                result.append(_span(text, outer.start, prefix[-1].end, "ORG"))
        else:
            org.add(_key(tokens[i + 1 : close]))
        result = [s for s in result if s.end <= inner.start - 1 or s.start >= inner.end + 1]
        result.append(inner)
    result = [s for s in result if not (s.type == "ORG" and _key(_covered(tokens, s)) in not_org)]
    result = [
        _span(text, s.start, s.end, "ORG") if s.type != "ORG" and _key(_covered(tokens, s)) in org else s
        for s in result
    ]
    return sorted(result, key=lambda s: s.start)


def _quotes_speech(tokens: Sequence[Token], i: int) -> bool:
    """Whether the quote opening at ``tokens[i]`` is reported speech: it follows a colon
    ("сказал представитель организации: "Мы приедем в Германию"")."""
    return i > 0 and tokens[i - 1].text == ":"


def _case(token: Token) -> str:
    return morph.parse_feats(token.feats).get("Case", "")


def _introduces_organisation(token: Token) -> bool:
    return token.lemma.lower() in _ORG_DESCRIPTORS and not token.text.isupper()


def _key(tokens: Sequence[Token]) -> tuple[str, ...]:
    return tuple(t.lemma.lower() for t in tokens if _is_word(t))


def vote_types(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """Spans with the same lemmas get the type most of them got ("Свиридове" LOC -> PER);
    a one-word span that is part of a person's name elsewhere in the text becomes PER."""
    tokens = _flat(sentences)
    keys = [_key(_covered(tokens, span)) for span in spans]
    votes: dict[tuple, Counter] = defaultdict(Counter)
    for key, span in zip(keys, spans, strict=True):
        votes[key][span.type] += 1
    name_parts = {
        part
        for key, span in zip(keys, spans, strict=True)
        if span.type == "PER" and len(key) >= 2
        for part in key
        if len(part) >= 3
    }
    result = []
    for key, span in zip(keys, spans, strict=True):
        (best, count), *rest = votes[key].most_common()
        kind = best if not rest or count > rest[0][1] else span.type
        if len(key) == 1 and key[0] in name_parts and votes[key]["PER"] == 0:
            kind = "PER"
        result.append(span if kind == span.type else _span(text, span.start, span.end, kind))
    return result


def propagate(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """Tag untagged repeats of a name found elsewhere in the text: the same lemmas ("Голос
    Америки" after "«Голоса Америки»"), or one part of a person's full name ("Лужков")."""
    tokens = _flat(sentences)
    tagged = {key: span.type for span in spans if (key := _key(_covered(tokens, span)))}
    parts = {
        (token.lemma.lower(),)
        for span in spans
        if span.type == "PER"
        for token in _covered(tokens, span)
        if len(token.text) >= 3 and _capitalised(token) and token.text.isalpha()
    }
    for part in parts:
        tagged.setdefault(part, "PER")
    longest = max((len(key) for key in tagged), default=0)
    result = list(spans)
    i = 0
    while i < len(tokens):
        if not _capitalised(tokens[i]):
            i += 1
            continue
        for size in range(min(longest, len(tokens) - i), 0, -1):
            window = tokens[i : i + size]
            kind = tagged.get(_key(window))
            if kind is None or not _is_word(window[-1]):
                continue
            start, end = window[0].start, window[-1].end
            inside = [s for s in result if s.start < end and start < s.end]
            if all(start <= s.start and s.end <= end for s in inside) and (size > 1 or not inside):
                if not any(s.start == start and s.end == end for s in inside):
                    result = [s for s in result if s not in inside]
                    result.append(_span(text, start, end, kind))
                i += size - 1
                break
        i += 1
    return sorted(result, key=lambda s: s.start)


def extend_organisations(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """An organisation's name takes in the lowercase adjective before it ("японского МИДа"); a name
    in Latin letters does not ("немецкая Lufthansa": the adjective describes a brand)."""
    tokens = _flat(sentences)
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {s.end for s in spans} | {s.start for s in spans}
    result = []
    for span in spans:
        i = starts.get(span.start)
        if span.type == "ORG" and i and not span.text.isascii():
            j = i
            while (
                j > 0
                and tokens[j - 1].pos == "ADJ"
                and tokens[j - 1].lemma.endswith(("ский", "цкий"))
                and not _capitalised(tokens[j - 1])
                and tokens[j - 1].end not in ends
            ):
                j -= 1
            if j < i:
                span = _span(text, tokens[j].start, span.end, "ORG")
        result.append(span)
    return result


@cache
def place_names() -> dict[tuple[str, ...], str]:
    """Lemmas of country, region and continent names -> LOC (EU and UN, and their acronyms -> ORG).

    From pycountry's Russian ISO 3166 names (via ``analysis.nlp.gazetteer``) and Babel's CLDR territories.
    """
    from babel import Locale

    names = {name: "LOC" for name in gazetteer.countries()}
    for code, name in Locale("ru").territories.items():
        if name[:1].isupper():
            kind = "ORG" if code in gazetteer.CLDR_ORGANISATIONS else "LOC"
            names[name] = kind
            if kind == "ORG":
                names[acronym(name)] = kind
    return {_words_key(morph.lemma(word) for word in name.split()): kind for name, kind in names.items()}


def _lemma_key(words: Sequence[Token]) -> tuple[str, ...]:
    return _words_key(t.lemma for t in words)


def _words_key(words: Iterable[str]) -> tuple[str, ...]:
    """Folded words, hyphenated parts apart: "Коста-Рика" and "Коста Рика" share a key."""
    return tuple(" ".join(words).lower().replace("ё", "е").replace("-", " ").split())


def _place_kind(table: dict[tuple[str, ...], str], words: Sequence[Token]) -> str | None:
    return table.get(_lemma_key(words)) or table.get(_words_key(t.text for t in words))


def _one_word_kind(token: Token, kind: str) -> str:
    """What OpenCorpora (pymorphy3) knows about a one-word name, where it is sure."""
    parse = morph.best_parse(token.text, token.pos, token.feats)
    tag = parse.tag
    if kind == "LOC" and "Orgn" in tag and "Geox" not in tag:
        return "ORG"  # "ЕС"
    if kind == "PER" and parse.is_known and "Geox" in tag and not {"Name", "Surn", "Patr"} & tag.grammemes:
        return "LOC"  # "Царицыно"
    stem, _, rest = token.text.lower().partition("евро")
    if kind == "LOC" and not stem and rest and morph.lemma(rest) in _ORG_DESCRIPTORS | _INSTITUTIONS:
        return "ORG"  # "Евросоюз", "Еврокомиссия": European + an organisation word
    return kind


def dictionary_types(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """Types from dictionaries where they are sure: a country, region or continent is LOC
    (factRuEval reads "Россия заявила" as a place too), the EU and the UN are ORG, and so is a
    one-word place that OpenCorpora (pymorphy3) knows only as an organisation ("ЕС");
    a place name the engine missed ("Маврикий", "Западной Европы") becomes a LOC span."""
    tokens = _flat(sentences)
    table = place_names()
    result = []
    for span in spans:
        words = [t for t in _covered(tokens, span) if _is_word(t)]
        kind = _place_kind(table, words) or span.type
        if kind == span.type and len(words) == 1:
            kind = _one_word_kind(words[0], kind)
        result.append(span if kind == span.type else _span(text, span.start, span.end, kind))
    taken = {t.start for span in result for t in _covered(tokens, span)}
    i = 0
    while i < len(tokens):
        for size in (3, 2, 1):
            window = tokens[i : i + size]
            if len(window) < size or any(t.start in taken for t in window) or not _capitalised(window[-1]):
                continue
            if size == 1 and window[0].pos not in ("PROPN", "NOUN"):
                continue
            kind = _place_kind(table, window)
            if kind:
                result.append(_span(text, window[0].start, window[-1].end, kind))
                i += size - 1
                break
        i += 1
    return sorted(result, key=lambda s: s.start)


# Heads of descriptive names of institutions ("российское министерство финансов").
_INSTITUTIONS = {
    "министерство", "ведомство", "комитет", "совет", "палата", "федерация", "департамент",
    "управление", "отдел", "отделение", "кафедра", "комиссия", "инспекция", "прокуратура",
    "полиция", "парламент", "академия", "университет", "институт", "музей", "экспедиция",
}  # fmt: skip


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
        taken = {t.start for span in result for t in _covered(tokens, span)}
        for i, head in enumerate(tokens):
            if head.lemma.lower() not in _INSTITUTIONS or head.start in taken or head.pos != "NOUN":
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
                result.append(_span(text, tokens[first].start, tokens[last].end, "ORG"))
                taken |= {t.start for t in tokens[first : last + 1]}
    return sorted(result, key=lambda s: s.start)


_COMPLEMENT_PREPOSITIONS = {"при", "по"}


def organisation_complements(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "Следственного комитета при прокуратуре", "МЧС России по Санкт-Петербургу": a complement
    with при/по after an organisation's name is part of the name."""
    result = list(spans)
    for sentence in sentences:
        tokens = sentence.tokens
        index = {t.start: i for i, t in enumerate(tokens)}
        inside = [s for s in result if sentence.start <= s.start < sentence.end]
        names = {t.start for s in inside if s.type != "LOC" for t in _covered(tokens, s)}
        for span in [s for s in inside if s.type == "ORG"]:
            last = max((index[t.start] for t in _covered(tokens, span)), default=None)
            if last is None or tokens[last].pos not in ("NOUN", "PROPN"):
                continue
            end = last
            j = last + 1
            if j < len(tokens) and tokens[j].pos == "PROPN" and "Case=Gen" in tokens[j].feats:
                j += 1  # "МЧС России по ..."
            while j < len(tokens) and tokens[j].text.lower() in _COMPLEMENT_PREPOSITIONS:
                k = j + 1
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
            if end > last:
                start, stop = span.start, tokens[end].end
                result = [s for s in result if s is span or not (start <= s.start and s.end <= stop)]
                result[result.index(span)] = _span(text, start, stop, "ORG")
    return sorted(result, key=lambda s: s.start)


_DOMAIN = re.compile(r"(?<![\w.@/«\"„“])[0-9A-Za-z][\w-]*(?:\.[\w-]+)*\.[a-z]{2,6}\b(?![.\w]*[/@»\"“”])")


def site_names(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """A web site cited as a source ("сообщает baltinfo.ru") is an organisation."""
    tokens = _flat(sentences)
    starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
    result = list(spans)
    for match in _DOMAIN.finditer(text):
        start, end = match.span()
        if start in starts and end in ends and not any(s.start < end and start < s.end for s in result):
            result.append(_span(text, start, end, "ORG"))
    return sorted(result, key=lambda s: s.start)


def _latin_or_acronym(tokens: Sequence[Token]) -> bool:
    words = [t.text for t in tokens if _is_word(t)]
    return bool(words) and (
        all(word.isascii() for word in words)
        and words[0][:1].isupper()
        or (len(words) == 1 and words[0].isupper() and len(words[0]) >= 2)
    )


def parenthesised_aliases(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "Международная амнистия (Amnesty International)", "Бюро ... (USPTO)": a Latin name or an
    acronym in brackets right after a name is another name of the same thing."""
    tokens = _flat(sentences)
    table = place_names()
    result = list(spans)
    for i, token in enumerate(tokens):
        if token.text != "(" or i == 0:
            continue
        close = next((j for j in range(i + 1, min(len(tokens), i + 8)) if tokens[j].text == ")"), None)
        if close is None or close == i + 1:
            continue
        inner = tokens[i + 1 : close]
        # The name before: the span ending right before "(", skipping an earlier bracketed alias.
        k = i - 1
        while k > 0 and tokens[k].text == ")":
            k = next((m for m in range(k - 1, -1, -1) if tokens[m].text == "("), 0) - 1
        before = next((s for s in result if s.end == tokens[k].end), None) if k >= 0 else None
        if before is None or not _latin_or_acronym(inner) or _lemma_key(inner) in table:
            continue
        alias = _span(text, inner[0].start, inner[-1].end, before.type)
        result = [s for s in result if not (s.start < alias.end and alias.start < s.end)] + [alias]
    return sorted(result, key=lambda s: s.start)


# Nouns that introduce or head the name of a place ("аэропорт Шереметьево", "Пулковский аэропорт").
_PLACE_WORDS = {
    "аэропорт", "вокзал", "космодром", "порт", "остров", "полуостров", "площадь", "улица",
    "проспект", "бульвар", "переулок", "шоссе", "набережная", "река", "озеро", "гора", "город",
    "село", "деревня", "посёлок", "поселок", "станица", "провинция", "штат", "промзона",
}  # fmt: skip


def place_words(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "аэропорт «Шереметьево»", "Пулковский аэропорт": a name a place noun introduces or heads is a place
    (not the organisation that runs it), and so is that name everywhere in the text."""
    tokens = _flat(sentences)
    index = {t.start: i for i, t in enumerate(tokens)}
    places = set()
    for span in spans:
        covered = _covered(tokens, span)
        i = index.get(covered[0].start, 0) if covered else 0
        before = [t for t in tokens[max(0, i - 2) : i] if t.text not in _QUOTES_OPEN]
        introduced = bool(before) and before[-1].lemma.lower() in _PLACE_WORDS
        headed = any(t.pos == "NOUN" and t.lemma.lower() in _PLACE_WORDS for t in covered)
        if span.type != "LOC" and (introduced or headed):
            places.add(_key(covered))
    return [
        _span(text, s.start, s.end, "LOC") if s.type != "LOC" and _key(_covered(tokens, s)) in places else s
        for s in spans
    ]


_FUNCTION_WORDS = {"CCONJ", "SCONJ", "ADP", "PRON", "PART"}


def quoted_not_places(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "после гибели «Колумбии»", "газопровода «Северный поток»": a name in quotes is the name of a
    thing (a spacecraft, a pipeline, a hotel), not the place it is named after, unless a place noun
    introduces it ("аэропорт «Шереметьево»")."""
    tokens = _flat(sentences)
    index = {t.start: i for i, t in enumerate(tokens)}
    result = []
    for span in spans:
        i = index.get(span.start)
        covered = _covered(tokens, span)
        last = index.get(covered[-1].start) if covered else None
        quoted = (
            i is not None
            and last is not None
            and i > 0
            and last + 1 < len(tokens)
            and tokens[i - 1].text in _QUOTES_OPEN
            and tokens[last + 1].text in _QUOTES_CLOSE
        )
        if span.type == "LOC" and quoted and not (i > 1 and tokens[i - 2].lemma.lower() in _PLACE_WORDS):
            continue
        result.append(span)
    return result


_COMPASS = ("северн", "южн", "западн", "восточн", "северо-", "юго-")


def compass_places(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "западной Европы", "южные Курильские острова": a compass adjective before a place is part
    of its name, even in lower case (the part of the place it names)."""
    tokens = _flat(sentences)
    index = {t.start: i for i, t in enumerate(tokens)}
    result = []
    for span in spans:
        i = index.get(span.start, 0)
        before = tokens[i - 1] if i > 0 else None
        if (
            span.type == "LOC"
            and before is not None
            and before.pos == "ADJ"
            and before.lemma.lower().startswith(_COMPASS)
            and text[before.end : span.start] == " "
        ):
            span = _span(text, before.start, span.end, "LOC")
        result.append(span)
    return result


# Nouns for a person's office, rank or calling, written right before a name ("архиепископ Лонгин").
_PERSON_TITLES = {
    "президент", "вице-президент", "премьер", "премьер-министр", "министр", "замминистра", "канцлер",
    "король", "королева", "принц", "принцесса", "император", "шейх", "эмир", "султан", "шах",
    "патриарх", "митрополит", "архиепископ", "епископ", "священник", "имам", "муфтий", "раввин",
    "генерал", "адмирал", "маршал", "полковник", "майор", "капитан", "лейтенант", "сержант",
    "губернатор", "мэр", "посол", "сенатор", "депутат", "судья", "прокурор", "адвокат",
    "председатель", "директор", "госсекретарь", "генсек", "лидер", "основатель",
    "космонавт", "астронавт", "бортинженер", "командир", "профессор", "академик", "доктор",
    "писатель", "поэт", "художник", "режиссёр", "режиссер", "актёр", "актер", "актриса", "певец",
    "певица", "журналист", "тренер", "футболист", "хоккеист", "теннисист", "шахматист",
    "гроссмейстер", "господин", "госпожа", "мистер", "миссис", "сэр",
}  # fmt: skip


def titled_persons(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "архиепископ Лонгин Клинский", "президента Ахмат-Хаджи Кадырова": a name of two or more
    capitalised words right after a person's title is that person, not a place, unless it is a
    country or region ("посла Южной Кореи")."""
    tokens = _flat(sentences)
    index = {t.start: i for i, t in enumerate(tokens)}
    table = place_names()
    result = []
    for span in spans:
        words = [t for t in _covered(tokens, span) if _is_word(t)]
        i = index.get(span.start, 0)
        if (
            span.type == "LOC"
            and len(words) >= 2
            and all(_capitalised(t) for t in words)
            and i > 0
            and tokens[i - 1].lemma.lower() in _PERSON_TITLES
            and not _place_kind(table, words)
        ):
            span = _span(text, span.start, span.end, "PER")
        result.append(span)
    return result


def drop_function_words(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "Если Вы", "Хотя", "После": capitalised function words (conjunctions, prepositions, pronouns,
    particles) at the end of a span are cut ("Петрова Если Вы" -> "Петрова"), and a span of
    nothing else is no name ("Театра им." keeps its abbreviation)."""
    tokens = _flat(sentences)
    result = []
    for span in spans:
        words = [t for t in _covered(tokens, span) if _is_word(t)]
        while words and words[-1].pos in _FUNCTION_WORDS and _capitalised(words[-1]):
            words.pop()
        if words:
            result.append(
                span if words[-1].end == span.end else _span(text, span.start, words[-1].end, span.type)
            )
    return result


def strip_legal_forms(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "ИА Reuters" -> "Reuters", "ОАО Газпром" -> "Газпром": an abbreviated legal form or kind of
    organisation before a capitalised name is not part of the name."""
    tokens = _flat(sentences)
    result = []
    for span in spans:
        words = [t for t in _covered(tokens, span) if _is_word(t)]
        if (
            span.type == "ORG"
            and len(words) > 1
            and words[0].text.isupper()
            and words[0].text.lower() in _LEGAL_FORMS
            and _capitalised(words[1])
        ):
            span = _span(text, words[1].start, span.end, "ORG")
        result.append(span)
    return result


def organisation_places(text: str, sentences: Sequence[Sentence], spans: list[Span]) -> list[Span]:
    """ "Верховный суд Индии", "МИД Италии": a place in the genitive right after an organisation's
    name says whose it is, and is part of the name; so is one in the nominative, which only a name
    puts there ("Amnesty International Россия"), and an organisation owning it ("Департамент
    консульской службы МИД Италии")."""
    tokens = _flat(sentences)
    result: list[Span] = []
    for span in spans:
        previous = result[-1] if result else None
        if (
            previous is not None
            and previous.type == "ORG"
            and text[previous.end : span.start].isspace()
            and "\n" not in text[previous.end : span.start]
            and (
                span.type == "LOC"
                and _one_case(_covered(tokens, span)) in ("Gen", "Nom")
                or span.type == "ORG"
                and _owner(_covered(tokens, span))
            )
        ):
            result[-1] = _span(text, previous.start, span.end, "ORG")
            continue
        result.append(span)
    return result


def _one_case(words: Sequence[Token]) -> str:
    """The case all the words of a name are in ("Республики Беларусь" has none), else ""."""
    cases = {_case(t) for t in words if _is_word(t)}
    return cases.pop() if len(cases) == 1 else ""


def _owner(words: Sequence[Token]) -> bool:
    """Whether an organisation's name right after another's is in the genitive, as the owner of a
    department ("Департамент консульской службы МИД Украины")."""
    head = next((t for t in words if _is_word(t)), None)
    return head is not None and (head.text.isupper() or _case(head) == "Gen")


def refine_spans(text: str, sentences: list[Sentence], spans: list[Span]) -> list[Span]:
    """Return the spans of ``text`` after boundary repairs and document-level consistency."""
    for rule in (
        split_at_separators,
        drop_domain_zones,
        strip_sentence_openers,
        quoted_names,
        drop_function_words,
        strip_legal_forms,
        place_words,
        dictionary_types,
        quoted_not_places,
        compass_places,
        titled_persons,
        vote_types,
        propagate,
        extend_organisations,
        descriptive_institutions,
        organisation_complements,
        organisation_places,
        site_names,
        parenthesised_aliases,
    ):
        spans = rule(text, sentences, spans)
    return spans
