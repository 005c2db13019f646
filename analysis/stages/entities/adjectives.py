"""Adjectives that name a place: "российские власти", "в московском суде" mention Russia and Moscow.

An analyst filtering by a country expects the sentences that name it by its adjective, and NEREL marks
them as COUNTRY or CITY. Each becomes a mention of the place (``MentionForm.ADJECTIVE``), whose normal
form is the place's name, so that it merges with the place's other mentions by the same key.

Which adjective names which place: the regular ones derived from the Russian names of the countries
(CLDR, pycountry, the gazetteer's other names) and of the capitals and cities of half a million people
or more (GeoNames) by the rules of Russian word formation ("Россия" -> "российский", "Китай" ->
"китайский", "Минск" -> "минский"), a derived lemma kept only where the dictionary (OpenCorpora) knows
it as an adjective and only one place derives it; the irregular ones from ``entities_place_adjectives``
("американский" -> "США"). Only a lower-case adjective outside every other mention, or one that opens its
sentence before a lower-case word: a capitalised adjective inside a name ("Российская Федерация",
"Американский университет") is that name's. Not before a noun that makes it a language's ("на китайском
языке"). Before a person it stays the place's ("российский политик", "британский премьер", "российский
боксёр"): NEREL marks the first two COUNTRY and the third NATIONALITY, and no rule of the words tells
them apart (NEREL dev: 29 such adjectives are COUNTRY or CITY, 16 not); for an analyst each speaks of
the country.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from analysis.core import lexicon
from analysis.core.codes import EntityType, MentionForm
from analysis.nlp import gazetteer, morph
from analysis.nlp.knowledge.place_base import geonames
from analysis.nlp.knowledge.stored import stored
from analysis.stages.entities.model import Mention, Token

BIG_CITY = 500_000  # a city this populous has an adjective writers use for it ("пекинский", "казанский")
_NOT_A_PLACE = "-"  # the lexicon's mark of a lemma that names no place
_LANGUAGE_NOUNS = lexicon.words("entities_language_nouns")
_RUSSIAN = re.compile("[а-яё]", re.IGNORECASE)
_PERSON = {"Surn", "Name", "Patr"}  # OpenCorpora's marks of a person's name
_HEAD_WINDOW = 3  # how many words after the adjective its noun is looked for in


def _candidates(name: str) -> list[str]:
    """The adjective lemmas Russian forms from a place's name (folded), most regular first."""
    if name.endswith(("ия", "ея")):  # Россия, Япония, Корея
        stem = name[:-2]
        found = [stem + name[-2] + "йский", stem + "ский"]
    elif name.endswith(("а", "я", "ы", "и", "о", "е")):  # Канада, Филиппины, Чили, Токио
        found = [name[:-1] + "ский", name[:-1] + "ийский", name[:-1] + "йский"]
    elif name.endswith("ь"):  # Израиль, Казань
        found = [name + "ский", name[:-1] + "ский"]
    elif name.endswith("ск"):  # Минск, Омск
        found = [name + "ий"]
    else:  # Китай, Иран, Петербург; Сеул, Непал
        found = [name + "ский", name + "ьский"]
    return [word.replace("ссс", "сс") for word in found]


def _adjective(word: str) -> bool:
    """Whether the dictionary knows ``word`` as the lemma of an adjective."""
    return morph.analyzer().word_is_known(word) and any(
        "ADJF" in p.tag and p.normal_form == word for p in morph.parses(word)
    )


def _derived(names: Iterable[tuple[str, str]], no_people: bool = False) -> dict[str, str]:
    """Adjective lemma -> place name, from (place, one of its names) pairs: of the names of one place that
    derive a lemma, one the dictionary knows as a place's ("Казань", not GeoNames' "Казан"); a lemma two
    places derive is left out. ``no_people``: not from a name the dictionary knows as a person's
    ("Брежнев", an old name of Naberezhnye Chelny: "брежневский" is the man's)."""
    found: dict[str, dict[str, set[str]]] = {}
    for place, name in names:
        key = name.lower().replace("ё", "е")
        lemma = next((w for w in _candidates(key) if _adjective(w)), None) if " " not in key else None
        if (
            no_people
            and lemma is not None
            and any(_PERSON & set(p.tag.grammemes) for p in morph.parses(name))
        ):
            continue
        if lemma is not None:
            found.setdefault(lemma, {}).setdefault(place, set()).add(name)
    return {lemma: _best_name(*by_place.values()) for lemma, by_place in found.items() if len(by_place) == 1}


def _best_name(names: set[str]) -> str:
    """The name the dictionary knows as a place's, else the shortest."""
    return min(names, key=lambda n: (not any("Geox" in p.tag for p in morph.parses(n)), len(n), n))


def _title(key: str) -> str:
    """A folded one-word name as it is written ("нью-йорк" -> "Нью-Йорк")."""
    return "-".join(part[:1].upper() + part[1:] for part in key.split("-"))


def _country_names() -> Iterable[tuple[str, str]]:
    """The countries' Russian names (not their abbreviations: "США" derives nothing)."""
    for key, iso3 in gazetteer.countries().items():
        if key.upper() not in gazetteer.abbreviations():
            yield iso3, _title(key)


CITY_LETTERS = (
    5  # a shorter name of a city that is no capital derives other words' adjectives ("Кано": "канский")
)


def _city_names() -> Iterable[tuple[str, str]]:
    """(GeoNames id, Cyrillic name) of the capitals (the most populous city of the capital's name in its
    country) and the cities of ``BIG_CITY`` people or more."""
    cache_ = geonames()
    cities = cache_.get_cities().values()
    named = {(code, c["capital"]) for code, c in cache_.get_countries().items() if c.get("capital")}
    capitals: dict[tuple[str, str], dict] = {}
    for city in cities:
        key = (city["countrycode"], city["name"])
        if key in named and city["population"] > capitals.get(key, {}).get("population", -1):
            capitals[key] = city
    capital_ids = {c["geonameid"] for c in capitals.values()}
    for city in cities:
        capital = city["geonameid"] in capital_ids
        if city["population"] < BIG_CITY and not capital:
            continue
        for name in filter(_RUSSIAN.search, city["alternatenames"]):
            if capital or len(name) >= CITY_LETTERS:
                yield str(city["geonameid"]), name


@cache
def place_adjectives() -> dict[str, str]:
    """Adjective lemma -> the Russian name of the place it names (its mentions' normal form): the lexicon's,
    then those derived from the countries' names, then from the cities' (a lemma a country derives is the
    country's); derived once and stored (``knowledge.stored``)."""
    return stored("place_adjectives", _place_adjectives)


def _place_adjectives() -> dict[str, str]:
    names = _derived(_country_names())
    for lemma, city in _derived(_city_names(), no_people=True).items():
        names.setdefault(lemma, city)
    names.update(lexicon.table("entities_place_adjectives"))
    return {lemma: name for lemma, name in names.items() if name != _NOT_A_PLACE}


def _head(tokens: Sequence[Token], i: int) -> Token | None:
    """The noun the adjective ``tokens[i]`` qualifies: the first noun within ``_HEAD_WINDOW`` words after
    it, over other adjectives and conjunctions ("российских и американских военных")."""
    for token in tokens[i + 1 : i + 1 + _HEAD_WINDOW]:
        if token.pos in ("NOUN", "PROPN"):
            return token
        if token.pos not in ("ADJ", "CCONJ", "PUNCT", "ADV"):
            return None
    return None


def _names_the_place(tokens: Sequence[Token], i: int) -> bool:
    """Whether the adjective ``tokens[i]`` names its place: not a name's word, nor a language's."""
    token = tokens[i]
    if not token.text.islower():  # inside a name, unless it opens the sentence before a lower-case word
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if i > 0 or not token.text[:1].isupper() or after is None or not after.text.islower():
            return False
    head = _head(tokens, i)
    return head is None or head.lemma.lower() not in _LANGUAGE_NOUNS


def adjective_mentions(
    article_id: str, sentences: dict[int, list[Token]], taken: Iterable[tuple[int, int]]
) -> list[tuple[Mention, str]]:
    """(mention, the place's name) of each adjective naming a place in one article's sentences (by
    sentence id, tokens in order), outside the spans ``taken`` by its other mentions."""
    spans = sorted(taken)
    known = place_adjectives()
    found = []
    for sentence_id in sorted(sentences):
        tokens = sentences[sentence_id]
        for i, token in enumerate(tokens):
            name = known.get(token.lemma.lower().replace("ё", "е")) if token.pos == "ADJ" else None
            if name is None or any(s < token.end and token.start < e for s, e in spans):
                continue
            if _names_the_place(tokens, i):
                mention = Mention(
                    article_id,
                    sentence_id,
                    token.start,
                    token.end,
                    token.text,
                    EntityType.LOC,
                    (token,),
                    form=MentionForm.ADJECTIVE,
                )
                found.append((mention, name))
    return found
