"""States and provinces by their Russian names: pycountry's ISO 3166-2 subdivisions, by their Russian
names in the iso-codes translations, else by a transliteration close to their own name, or read back by the
rules of Russian transcription, in a country the story names."""

from __future__ import annotations

import gettext
import re
from functools import cache, lru_cache
from itertools import takewhile

from analysis.core.codes import NameSource
from analysis.core.text import fold
from analysis.nlp.knowledge.place_base import (
    STATE_FORMS,
    Place,
    PlaceKind,
    add_key,
    alpha3_codes,
    has_cyrillic,
    rank_in,
    russian_names,
)

TRANSLITERATED_STATE = 0.85  # rapidfuzz ratio from which a transliteration names a subdivision


@cache
def subdivisions() -> dict[str, tuple[Place, ...]]:
    """Folded Russian name of a first-level ISO 3166-2 subdivision (a US state, a province of Pakistan,
    a German Land) -> the subdivisions of that name, where the iso-codes translations name them in
    Russian, with or without the word for its form of state ("Республика Татарстан", "Татарстан"). The
    English name is the English translation where iso-codes has one ("Bayern" -> "Bavaria"), else the
    subdivision's own."""
    return _subdivision_index(first=True)


@cache
def lower_subdivisions() -> dict[str, tuple[Place, ...]]:
    """The same below the first level ("Эссекс": Essex), read where no city has the name (``subdivision``)."""
    return _subdivision_index(first=False)


def _subdivision_index(first: bool) -> dict[str, tuple[Place, ...]]:
    import pycountry

    ru = russian_names("iso3166-2")
    en = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"])
    alpha3 = alpha3_codes()
    index: dict[str, set[Place]] = {}
    for sub in pycountry.subdivisions:
        russian = ru.gettext(sub.name)
        if bool(sub.parent_code) == first or russian == sub.name or not has_cyrillic(russian):
            continue
        place = Place(
            "",
            PlaceKind.STATE,
            _in_english_order(en.gettext(sub.name)),
            country=alpha3.get(sub.country_code, ""),
            source=NameSource.SUBDIVISION,
        )
        words = russian.split()
        for form in (russian, " ".join(words[1:]) if fold(words[0]) in STATE_FORMS else ""):
            add_key(index, form, place)  # "Республика Татарстан", "Татарстан"
    return {key: tuple(sorted(found, key=lambda p: (p.country, p.name_en))) for key, found in index.items()}


# The type words of subdivisions' names in their own languages, romanised ("Chelyabinskaya oblast'",
# "Kamchatskiy kray", "Zhambyl oblysy"): such a name is no English name.
_ROMANISED_TYPE = re.compile(r"\b(oblast'?|oblysy|okrug|respublika|kray|avtonomn\w*)\b", re.IGNORECASE)


_BRACKETED = re.compile(r"\s*\[.*?\]")


def _in_english_order(name: str) -> str:
    """A subdivision's name with its type put as English puts it: "Bashkortostan, Respublika" ->
    "Republic of Bashkortostan", "Ingushetiya, Respublika" -> "Republic of Ingushetia" (English writes
    a Russian region's "-iya" as "-ia"), "Wallonia, Region" -> "Wallonia", "Sichuan Sheng" -> "Sichuan"."""
    name = _BRACKETED.sub("", name)  # "Wales [Cymru GB-CYM]": its other name and code
    place, _, kind = name.rpartition(", ")
    if kind.lower() == "respublika":
        return f"Republic of {re.sub(r'(?<=[a-z])iya$', 'ia', place)}"
    if kind.lower() == "region":
        return place
    return _CHINESE_TYPE.sub(lambda m: _CHINESE_TYPES[m.group(1).lower()], name)


# A Chinese division's type in pinyin after its name, as English writes it: "Sichuan Sheng" -> "Sichuan",
# "Tianjin Shi" -> "Tianjin", "Xinjiang Uygur Zizhiqu" -> "Xinjiang Uygur Autonomous Region".
_CHINESE_TYPES = {"sheng": "", "shi": "", "zizhiqu": " Autonomous Region"}
_CHINESE_TYPE = re.compile(r" (Sheng|Shi|Zizhiqu)$")


def romanised(name_en: str) -> bool:
    """Whether a subdivision's English name is its own language's, romanised, with its type word."""
    return bool(_ROMANISED_TYPE.search(name_en))


def state(name: str, context: tuple[str, ...] = ()) -> Place | None:
    """The state or province whose Russian name ``name`` is: the only one of that name, or the one in
    the country of ``context`` the story names most ("Пенджаб" is Pakistan's Punjab in a story that
    names Pakistan more than India)."""
    found = subdivisions().get(fold(name), ())
    inside = sorted((p for p in found if p.country in context), key=lambda p: rank_in(p.country, context))
    if inside:
        return inside[0]
    return found[0] if len(found) == 1 else None


def without_state_form(name: str) -> str:
    """A state's name without the word for its form of state where both name the same state
    ("Республика Башкортостан" -> "Башкортостан"): one place, as a country is with and without it."""
    words = name.split()
    if len(words) < 2 or fold(words[0]) not in STATE_FORMS:
        return name
    rest = " ".join(words[1:])
    found = state(name)
    return rest if found is not None and found == state(rest) else name


@cache
def _untranslated(iso3: str) -> tuple[tuple[str, str], ...]:
    """(folded ASCII name, name) of the first-level subdivisions of a country iso-codes has no Russian for;
    a name with its type after a comma also by its place alone ("Altay, Respublika": "Altay")."""
    import pycountry

    from analysis.nlp.knowledge.latin import ascii_fold

    ru = russian_names("iso3166-2")
    alpha2 = next((c.alpha_2 for c in pycountry.countries if c.alpha_3 == iso3), "")
    subs = pycountry.subdivisions.get(country_code=alpha2) or []
    names = [_BRACKETED.sub("", s.name) for s in subs if not s.parent_code and ru.gettext(s.name) == s.name]
    return tuple(
        (ascii_fold(form), name) for name in names for form in dict.fromkeys((name, name.partition(", ")[0]))
    )


def subdivision(name: str, context: tuple[str, ...] = (), local: int = 0) -> Place | None:
    """The state or province ``name`` names: by its Russian name (``subdivisions``), else, in a country
    of ``context`` (of its first ``local``, the countries the entity's own articles name, if any: "Нижний
    Рейн" beside Eindhoven and Bremen is no Bas-Rhin of France), a lower subdivision by its Russian name
    ("Эссекс": Essex), else the subdivision whose Ukrainian name in iso-codes is its name as Russian
    spells it (``_in_ukrainian``: "Англия" -> England), or whose own name its transliteration matches
    (rapidfuzz ratio at least ``TRANSLITERATED_STATE``: "Синд" -> "Sindh") or the rules of Russian
    transcription read back from it (``people.readable``: "Мэриленд" -> Maryland; a final "-ия" as
    English drops it: "Шотландия" -> Scotland)."""
    found = state(name, context)
    if found or not context:
        return found
    ours = context[:local] or context
    lower = [p for p in lower_subdivisions().get(fold(name), ()) if p.country in ours]
    if lower:
        return min(lower, key=lambda p: rank_in(p.country, context))
    words = name.split()
    if len(words) > 1 and fold(words[0]) in STATE_FORMS:  # "Республика Алтай": "Алтай"
        name = " ".join(words[1:])
    best = _in_ukrainian(name, context) or _transliterated(name, context) or _read_back(name, context)
    if best is None:
        return None
    return Place(
        "", PlaceKind.STATE, _in_english_order(best[1]), country=best[0], source=NameSource.SUBDIVISION
    )


# Ukrainian letters as Russian writes the same sounds in a foreign name ("Англія": "Англия"); Russian "э"
# is Ukrainian "е" ("Уельс": "Уэльс"), so both sides are keyed with "е".
_AS_RUSSIAN = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "'": "", "’": "", "э": "е"})


@cache
def _ukrainian(iso3: str) -> dict[str, str]:
    """Key of a first-level subdivision's Ukrainian name in iso-codes, spelled as Russian -> its own name,
    for the subdivisions of a country iso-codes has no Russian for (England, most of Slovenia's)."""
    import pycountry

    ru, uk = russian_names("iso3166-2"), gettext.translation("iso3166-2", pycountry.LOCALES_DIR, ["uk"])
    alpha2 = next((c.alpha_2 for c in pycountry.countries if c.alpha_3 == iso3), "")
    subs = pycountry.subdivisions.get(country_code=alpha2) or []
    return {
        _BRACKETED.sub("", fold(uk.gettext(s.name))).translate(_AS_RUSSIAN): s.name
        for s in subs
        if not s.parent_code and ru.gettext(s.name) == s.name and uk.gettext(s.name) != s.name
    }


def _in_ukrainian(name: str, context: tuple[str, ...]) -> tuple[str, str] | None:
    """(country, own name) of the subdivision of a country of ``context`` (most named first) whose
    Ukrainian name in iso-codes is ``name`` as Russian spells it."""
    key = fold(name).translate(_AS_RUSSIAN)
    return next(((iso3, _ukrainian(iso3)[key]) for iso3 in context if key in _ukrainian(iso3)), None)


def _common_word(name: str) -> bool:
    """Whether OpenCorpora (pymorphy3) reads ``name`` first as a common word ("Жители": residents)."""
    from analysis.nlp import morph

    if " " in name or not morph.analyzer().word_is_known(name.lower()):
        return False
    return not {"Geox", "Name", "Surn", "Orgn", "Abbr"} & set(morph.parses(name)[0].tag.grammemes)


def _transliterated(name: str, context: tuple[str, ...]) -> tuple[str, str] | None:
    """(country, own name) of the untranslated subdivision closest to ``name``'s transliteration."""
    from rapidfuzz import fuzz, process

    keys, owners = _untranslated_in(context)
    scores = process.extract(_spelled(name), keys, scorer=fuzz.ratio, limit=None)  # best first, one C call
    top = scores[0][1] if scores else None
    best = max(
        ((top / 100, *owners[i]) for _, score, i in takewhile(lambda r: r[1] == top, scores)), default=None
    )
    return (best[2], best[1]) if best and best[0] >= TRANSLITERATED_STATE else None


@lru_cache(maxsize=1 << 12)
def _spelled(name: str) -> str:
    """``name`` transliterated by Wikipedia's scheme, folded (a place is read in each context it is in)."""
    import iuliia

    from analysis.nlp.knowledge.latin import ascii_fold

    return ascii_fold(iuliia.WIKIPEDIA.translate(name))


@lru_cache(maxsize=64)
def _untranslated_in(context: tuple[str, ...]) -> tuple[list[str], list[tuple[str, str]]]:
    """The keys of the untranslated subdivisions of the countries of ``context``, and (own name, country)
    of each (the same few contexts are asked for every place of a corpus)."""
    pairs = [(key, (own, iso3)) for iso3 in context for key, own in _untranslated(iso3)]
    return [key for key, _ in pairs], [owner for _, owner in pairs]


READ_BACK_LETTERS = 5  # a shorter name reads back as too many others ("Эн", "Об")
READ_BACK_COUNTRIES = 25  # a reading by sound alone only in a country the story names among its most named


def _read_back(name: str, context: tuple[str, ...]) -> tuple[str, str] | None:
    """(country, own name) of an untranslated subdivision the rules of Russian transcription read back from
    ``name``, in a country the story names most; no common word ("Жители") nor a rare country's (Kalasin)."""
    from analysis.nlp.knowledge.people import readable

    russian = fold(name)
    if len(russian) < READ_BACK_LETTERS or not russian.replace("-", "").isalpha() or _common_word(name):
        return None
    forms = (russian, russian[:-2]) if russian.endswith("ия") else (russian,)
    for iso3 in context[:READ_BACK_COUNTRIES]:
        for key, own in _untranslated(iso3):
            if any(readable(form, key) for form in forms):
                return iso3, own
    return None
