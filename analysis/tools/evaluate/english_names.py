"""English names scored against BSNLP's cross-document ids, which name each entity in Latin script
(``PER-Asia-Bibi``, ``ORG-European-Union``, ``GPE-Great-Britain``).

For each gold entity whose forms the system recognised (``BsnlpScore.linked``), the entity most of
those forms were linked to is looked up and its English name compared with the id's words. The ids
are written by annotators, not by a standard (``GPE-Holland``, ``GPE-Brussles``, ``ORG-BBC-Ltd``), so
the comparison is fuzzy, in three ways, each for a reason:

1. **spelling**: both sides folded (case, accents, apostrophes, punctuation, the words "the", "of",
   "and") and compared with rapidfuzz's ``ratio``; ≥ ``SPELLING`` is one name spelt two ways
   ("Sarkhanyants" / "Sarkhaniants", "Brussels" / "Brussles");
2. **qualifier**: every word of the shorter side is (by the same ratio) a word of the longer, and the
   shorter has at least half the longer's words: one name with or without a qualifier ("BBC" / "BBC Ltd",
   "Associated Press" / "AP The Associated Press"), never a place for the institution named after it
   ("Pakistan" / "Supreme Court of Pakistan": one word of three);
3. **one place**: both names are names of one GeoNames city ("Venice" / "Venezia"), or the id's words
   are a country's ISO code or its name, short or official ("USA", "Great Britain" in "United Kingdom of
   Great Britain and Northern Ireland"), and the entity is that country;
4. **acronym**: the name given is one word in capitals that opens the id, where the annotators wrote an
   organisation's acronym before its expansion ("AFP" / "AFP Agence France Press").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

SPELLING = 0.85  # rapidfuzz ratio (0..1) from which two spellings are one name
_STOP = {"the", "of", "and"}
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def gold_name(entity_id: str) -> str:
    """The words of a BSNLP cross-document id: ``PER-Asia-Bibi`` -> "Asia Bibi"."""
    return entity_id.partition("-")[2].replace("-", " ").replace("_", " ").strip()


def words(name: str) -> list[str]:
    """Folded words of a name: accents, case, apostrophes and punctuation gone, "the/of/and" left out."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.replace("'", "").replace("’", "")
    return [w for w in _NOT_WORD.split(text) if w and w not in _STOP]


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) / 100


def _qualified(short: list[str], long: list[str]) -> bool:
    return (
        bool(short)
        and 2 * len(short) >= len(long)
        and all(any(_ratio(w, v) >= SPELLING for v in long) for w in short)
    )


@cache
def _city_names() -> dict[str, frozenset[int]]:
    """Folded name (any language) -> GeoNames ids of the cities that have it."""
    from analysis.nlp.knowledge.place_base import geonames

    names: dict[str, set[int]] = defaultdict(set)
    for city in geonames().get_cities().values():
        for name in [city["name"], *city["alternatenames"]]:
            names[" ".join(words(name))].add(city["geonameid"])
    return {key: frozenset(ids) for key, ids in names.items() if key}


@cache
def _country_of(name: str) -> str:
    """ISO alpha-3 of the country a gold id's words name: a code, a name, or words of its official name."""
    import pycountry
    from babel import Locale

    folded = words(name)
    if not folded:
        return ""
    english = Locale("en").territories
    for country in pycountry.countries:
        if name.upper() in (country.alpha_2, country.alpha_3):
            return country.alpha_3
        names = [getattr(country, a, "") for a in ("name", "official_name", "common_name")]
        names.append(english.get(country.alpha_2, ""))
        for full in filter(None, names):
            whole = words(full)
            if folded == whole or (len(folded) > 1 and " ".join(folded) in " ".join(whole)):
                return country.alpha_3
    return ""


def same_name(predicted: str, gold: str, iso3: str = "") -> bool:
    """Whether ``predicted`` (an English name, of a place with country ``iso3`` if any) names what the
    gold id's words ``gold`` name, in one of the module's three ways."""
    a, b = words(predicted), words(gold)
    if not a or not b:
        return False
    if _ratio(" ".join(a), " ".join(b)) >= SPELLING:
        return True
    short, long = sorted((a, b), key=len)
    if _qualified(short, long):
        return True
    if len(a) == 1 and predicted.strip().isupper() and len(b) > 1 and a[0] == b[0]:
        return True
    cities = _city_names()
    if cities.get(" ".join(a), frozenset()) & cities.get(" ".join(b), frozenset()):
        return True
    return bool(iso3) and _country_of(gold) == iso3


@dataclass
class NameScore:
    """English names of the gold entities the system recognised: how many are right, and each miss."""

    correct: int = 0
    scored: int = 0
    gold_entities: int = 0  # gold entities of the scored types, recognised or not
    misses: list[tuple[str, str]] = field(default_factory=list)  # (gold id, name given)

    @property
    def accuracy(self) -> float:
        return self.correct / self.scored if self.scored else 0.0

    def to_dict(self) -> dict:
        return {
            "accuracy": round(self.accuracy, 4),
            "correct": self.correct,
            "scored": self.scored,
            "gold_entities": self.gold_entities,
            "misses": [{"gold": g, "given": n} for g, n in self.misses],
        }


def score_names(
    linked: Iterable[tuple[str, str]],
    name_of: Callable[[str], str] | Mapping[str, str],
    iso3_of: Mapping[str, str] | None = None,
    gold_entities: int = 0,
) -> NameScore:
    """Score the English names of ``linked`` (``(gold entity id, predicted entity)`` per recognised
    form): per gold entity, the predicted entity most of its forms landed in (the first seen on a tie),
    its name by ``name_of`` (and its country by ``iso3_of``) against the id's words (``same_name``)."""
    name = name_of.get if isinstance(name_of, Mapping) else name_of
    landed: dict[str, Counter] = defaultdict(Counter)
    for gold, predicted in linked:
        landed[gold][predicted] += 1
    result = NameScore(gold_entities=gold_entities)
    for gold, counts in sorted(landed.items()):
        predicted = counts.most_common(1)[0][0]
        given = name(predicted) or ""
        result.scored += 1
        if same_name(given, gold_name(gold), (iso3_of or {}).get(predicted, "")):
            result.correct += 1
        else:
            result.misses.append((gold, given))
    return result
