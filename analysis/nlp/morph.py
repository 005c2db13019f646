"""Russian morphology on pymorphy3: lemmas that agree with a tagger's POS, and nominative forms.

natasha's own ``MorphVocab`` wraps pymorphy2, which needs ``pkg_resources`` (gone from recent
setuptools); pymorphy3 is its maintained successor, so we call it directly.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pymorphy3

from analysis.core.document import parse_feats

# Universal POS -> the pymorphy3 parts of speech it may correspond to.
_UPOS_TO_OC = {
    "NOUN": {"NOUN"},
    "PROPN": {"NOUN"},
    "ADJ": {"ADJF", "ADJS", "COMP", "PRTF"},
    "VERB": {"VERB", "INFN", "PRTF", "PRTS", "GRND"},
    "AUX": {"VERB", "INFN"},
    "ADV": {"ADVB", "COMP", "PRED"},
    "NUM": {"NUMR"},
    "PRON": {"NPRO"},
    "DET": {"ADJF", "NPRO"},
    "ADP": {"PREP"},
    "CCONJ": {"CONJ"},
    "SCONJ": {"CONJ"},
    "PART": {"PRCL"},
    "INTJ": {"INTJ"},
}
_UD_TO_OC = {
    "Case": {
        "Nom": "nomn",
        "Gen": "gent",
        "Dat": "datv",
        "Acc": "accs",
        "Ins": "ablt",
        "Loc": "loct",
        "Voc": "voct",
        "Par": "gen2",
    },
    "Number": {"Sing": "sing", "Plur": "plur"},
    "Gender": {"Masc": "masc", "Fem": "femn", "Neut": "neut"},
}


# Possessive adjectives from names (Петровым, Путиным) that pymorphy3 does not know.
_POSSESSIVE = re.compile(r"^(\w+(?:ов|ев|ин))(ым|ыми|ых|ому|ого|ом|ой|ую|а|у|о|ы|е)$", re.IGNORECASE)
_NAME_GRAMMEMES = {"Name", "Surn", "Patr", "Geox", "Orgn"}
_POSSESSIVE_NOMINATIVE = {"masc": "", "femn": "а", "neut": "о"}


@cache
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


@cache
def parses(word: str) -> list[pymorphy3.analyzer.Parse]:
    """All pymorphy3 parses of ``word``, cached: parsing dominates the cost of every function here."""
    return analyzer().parse(word)


@cache
def best_parse(word: str, upos: str = "", feats: str = "") -> pymorphy3.analyzer.Parse:
    """The pymorphy3 parse of ``word`` that best agrees with a tagger's POS and features."""
    parses_ = parses(word)
    wanted_pos = _UPOS_TO_OC.get(upos, set())
    wanted = {
        _UD_TO_OC[key][value]
        for key, value in parse_feats(feats).items()
        if key in _UD_TO_OC and value in _UD_TO_OC[key]
    }

    def score(item: tuple[int, pymorphy3.analyzer.Parse]) -> tuple[int, int, int]:
        index, parse = item
        pos_ok = 1 if parse.tag.POS in wanted_pos else 0
        agree = sum(1 for grammeme in wanted if grammeme in parse.tag)
        name = 1 if upos == "PROPN" and _NAME_GRAMMEMES & parse.tag.grammemes else 0
        return (pos_ok, agree, name, -index)

    return max(enumerate(parses_), key=score)[1]


# pymorphy3 (OpenCorpora) parts of speech and grammemes -> Universal POS and features.
_OC_TO_UPOS = {
    "NOUN": "NOUN", "ADJF": "ADJ", "ADJS": "ADJ", "COMP": "ADJ", "VERB": "VERB", "INFN": "VERB",
    "PRTF": "ADJ", "PRTS": "VERB", "GRND": "VERB", "NUMR": "NUM", "ADVB": "ADV", "NPRO": "PRON",
    "PRED": "ADV", "PREP": "ADP", "CONJ": "CCONJ", "PRCL": "PART", "INTJ": "INTJ",
}  # fmt: skip
_OC_TO_UD = {oc: (key, ud) for key, table in _UD_TO_OC.items() for ud, oc in table.items()}
_OC_TO_UD |= {"gen1": ("Case", "Gen"), "loc2": ("Case", "Loc"), "acc2": ("Case", "Acc")}


@cache
def context_free(word: str) -> tuple[str, str, str]:
    """(Universal POS, features, lemma) of ``word`` out of context: pymorphy3's most likely parse,
    a name's parse first for a capitalised word. Costs a dictionary look-up, not a neural tagger."""
    if not any(ch.isalnum() for ch in word):
        return "PUNCT", "", word
    if word.isdigit():
        return "NUM", "", word
    candidates = parses(word)
    parse = candidates[0]
    if word[:1].isupper() and parse.tag.POS == "NOUN":  # "О" opening a sentence stays a preposition
        parse = next((p for p in candidates if _NAME_GRAMMEMES & p.tag.grammemes), parse)
    oc_pos = parse.tag.POS
    upos = _OC_TO_UPOS.get(oc_pos, "X")
    if (
        upos == "NOUN"
        and word[:1].isupper()
        and (_NAME_GRAMMEMES & parse.tag.grammemes or not parse.is_known)
    ):
        upos = "PROPN"
    feats = dict(_OC_TO_UD[g] for g in parse.tag.grammemes if g in _OC_TO_UD)
    if oc_pos == "ADJS":
        feats["Variant"] = "Short"
    return upos, "|".join(f"{key}={value}" for key, value in sorted(feats.items())), parse.normal_form


def lemma(word: str, upos: str = "", feats: str = "") -> str:
    """Lemma agreeing with the tagger; a word no parse of which fits the tagger's case is its own lemma.

    ("Лавров" tagged nominative is not the genitive plural of "лавр").
    """
    parse = best_parse(word, upos, feats)
    case = _UD_TO_OC["Case"].get(parse_feats(feats).get("Case", ""))
    if case and upos == "PROPN" and parse.tag.case != case:
        return word.lower()
    return parse.normal_form


@lru_cache(maxsize=1 << 16)
def same_lexeme(word: str, other: str) -> bool:
    """Whether ``other`` is a form of some reading of ``word`` ("Марии" and "Мария"), by pymorphy3's
    paradigms (guessed ones included)."""
    target = other.lower()
    return any(form.word == target for parse in analyzer().parse(word) for form in parse.lexeme)


def nominative(
    word: str, upos: str = "", feats: str = "", gender: str | None = None, plural: bool = False
) -> str:
    """``word`` put in the nominative, keeping its number; ``gender``/``plural`` force agreement.

    Returns the word unchanged (case aside) when pymorphy3 cannot inflect it.
    """
    parse = best_parse(word, upos, feats)
    case = parse_feats(feats).get("Case")
    if not parse.is_known:
        possessive = _POSSESSIVE.match(word)
        if possessive and upos == "ADJ":
            plural = plural or parse_feats(feats).get("Number") == "Plur"
            return possessive.group(1) + ("ы" if plural else _POSSESSIVE_NOMINATIVE.get(gender or "", ""))
        if case in (None, "Nom"):
            return word  # a guessed parse of a word already in the nominative only adds risk
    if case == "Nom":
        # Already nominative: keep the word, only taking the dictionary's spelling (ё).
        return parse.word if parse.is_known and parse.tag.case == "nomn" else word
    wanted = {"nomn"}
    if plural or parse.tag.number == "plur" or "Pltm" in parse.tag:
        wanted.add("plur")
    elif gender and parse.tag.POS in {"ADJF", "PRTF"}:
        wanted.add(gender)
    form = parse.inflect(wanted)
    if form is None:
        return word
    return form.word
