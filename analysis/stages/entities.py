"""Canonical entities: repair engine spans with corpus evidence, normalise, merge, name in English.

Raw engine spans go through four steps, each a small function:
1. ``find_agreements`` adds named agreements ("Парижские соглашения", "соглашения Осло") and
   ``find_numbered_names`` numbered names of things ("Восточный мост-2") as MISC, replacing the
   PER/ORG/LOC guesses engines make for them or their parts;
2. ``repair_spans`` fixes engine errors that the corpus itself disproves (a common noun tagged
   PER that "writes" is an outlet; an adjective tagged LOC is the name of the noun after it), and
   ``propagate`` tags the other occurrences of a tagged name; one type per name across the corpus
   (a lone "place" that is a person's surname elsewhere is that person, the unnumbered name of a
   numbered thing is a thing);
3. ``normal_form`` puts each mention in the nominative;
4. ``merge`` groups mentions: same country code or CLDR organisation, same folded name, spellings
   of one name (``sound_key``: transliterations, Latin and Cyrillic), acronym and long form,
   short and full names of a person or an organisation, same agreement or numbered name (and its
   acronym with the number, "ВМ-2"), a name and its bracketed alias ("(East Bridge 2)").

The work is split in two so that a build can cache the first part per article: ``mention_rows``
is a pure function of one article (its text, tokens and engine mentions) that does everything that
depends on that article alone (agreements, the adjective repairs, normal forms),
and ``merge_articles`` does what needs the whole corpus (which one-word "persons" are outlets,
spreading names, merging, naming). ``canonicalize`` runs both over a corpus; every step is linear
in the corpus or blocked on a key (a name's first word, a folded name, initials, a surname).
"""

from __future__ import annotations

import gc
import re
from collections import Counter, namedtuple
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from operator import attrgetter

import iuliia
import numpy as np
import pandas as pd

from analysis.core import lexicon
from analysis.core.schema import ENTITIES, MENTIONS, TABLES, Col, entity_id_for
from analysis.core.text import ACRONYM, acronym, bare, fold, is_acronym, sound_key
from analysis.nlp import gazetteer, morph

AGREEMENT_HEADS = lexicon.words("agreement_heads")
REPORTING_VERBS = {
    "писать",
    "сообщать",
    "сообщить",
    "передавать",
    "отмечать",
    "рассказывать",
    "информировать",
}
_NAME_GRAMMEMES = {"Name", "Surn", "Patr"}
_TYPE_PRIORITY = {"LOC": 0, "PER": 1, "ORG": 2, "MISC": 3}
_CASE_ENDING = re.compile(r"(ыми|ым|ом|ой|ою|ую|ого|ому|а|у|е|ы)$")
_ADJECTIVE_STEM = re.compile(r"(ов|ев|ин|ск)(ий|ый|ой|ая|ое|ые|ие|ы|а|о)?$")


@dataclass(frozen=True)
class Mention:
    article_id: str
    sentence_id: int
    start: int
    end: int
    text: str
    type: str
    tokens: tuple  # the tokens inside the span (``Token``s, or any rows with the same attributes)
    agreement: str = ""  # stem key for named agreements and numbered names (``find_numbered_names``)


# A token as the stages here read it (a row of the tokens table without its article and sentence);
# a module-level class, so that per-article results pickle.
Token = namedtuple("Token", ["start", "end", "text", "lemma", "pos", "feats"])
_TEXT = attrgetter("text")
_fold = lru_cache(maxsize=1 << 18)(fold)  # pure, and called for the same names again and again


@contextmanager
def _no_gc() -> Iterator[None]:
    """Cyclic garbage collection paused: building hundreds of thousands of small long-lived tuples
    otherwise triggers full collections over everything in memory (a third of the time at 10,000
    articles). Nothing here makes reference cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _shared_values(values: pd.Series) -> list:
    """``values`` as a list in which equal strings are one object (a per-article result then pickles
    each repeated word, tag and feature string once)."""
    codes, uniques = pd.factorize(values)
    if (codes < 0).any():
        return values.tolist()
    return np.asarray(uniques, dtype=object)[codes].tolist()


def _tokens_by_article(tokens: pd.DataFrame) -> dict[str, dict[int, list[Token]]]:
    """Article -> sentence -> its ``Token``s in order, from a tokens frame."""
    if tokens.empty:
        return {}
    codes, ids = pd.factorize(tokens[Col.ARTICLE_ID])
    sentence_ids = tokens[Col.SENTENCE_ID].to_numpy()
    order = np.lexsort((tokens[Col.TOKEN_ID].to_numpy(), sentence_ids, codes))
    ordered = tokens.take(order)
    fields = [ordered[name].tolist() for name in Token._fields[:2]]
    fields += [_shared_values(ordered[name]) for name in Token._fields[2:]]
    rows = list(map(Token._make, zip(*fields, strict=True)))
    codes, sentence_ids = codes[order], sentence_ids[order]
    breaks = (np.flatnonzero((np.diff(codes) != 0) | (np.diff(sentence_ids) != 0)) + 1).tolist()
    grouped: dict[str, dict[int, list[Token]]] = {}
    for first, stop in zip([0, *breaks], [*breaks, len(rows)], strict=True):
        grouped.setdefault(ids[codes[first]], {})[int(sentence_ids[first])] = rows[first:stop]
    return grouped


def _capitalised(text: str) -> bool:
    return text[:1].isupper()


def _case(token) -> str:
    return morph.parse_feats(token.feats).get("Case", "")


def find_agreements(sentence_tokens: dict[tuple[str, int], list], raw_text: dict[str, str]) -> list[Mention]:
    """Named agreements: capitalised adjective + agreement noun, or agreement noun + capitalised genitive."""
    found = []
    for (article_id, sentence_id), tokens in sentence_tokens.items():
        for i, token in enumerate(tokens[:-1]):
            following = tokens[i + 1]
            proper = head = None
            if following.lemma in AGREEMENT_HEADS and token.pos == "ADJ" and _capitalised(token.text):
                sentence_initial = i == 0 or tokens[i - 1].text in '«"“'
                if not sentence_initial or not morph.best_parse(token.text, token.pos, token.feats).is_known:
                    proper, head = token, following
            elif (
                token.lemma in AGREEMENT_HEADS
                and _capitalised(following.text)
                and following.pos in ("PROPN", "NOUN")
                and _case(following) == "Gen"
            ):
                head, proper = token, following
            if proper is None:
                continue
            start, end = min(proper.start, head.start), max(proper.end, head.end)
            stem = _ADJECTIVE_STEM.sub("", _fold(proper.lemma))
            found.append(
                Mention(article_id, sentence_id, start, end, raw_text[article_id][start:end], "MISC",
                        (token, following), f"{head.lemma}:{stem}")
            )  # fmt: skip
    return found


_DASHES = {"-", "‐", "–", "—"}
_LIST_MARKS = {",", ";", "%", ")"}
_NUMBERED = re.compile(r"(\w+?)[-‐–—](\d{1,3})")  # "моста-2": a word and its number in one token


def _number_after(tokens: Sequence, i: int) -> tuple[str, int] | None:
    """(number, index of its token) of a name's number right after ``tokens[i]``, after a dash
    ("Восточный мост — 2") or alone ("Восточный мост 2 почти достроен"): one or two digits that
    neither count something ("мост 2 года назад") nor go on a list ("в Тверской области — 15, в
    ..."); None if there is none."""
    j = i + 1
    if j < len(tokens) and tokens[j].text in _DASHES:
        j += 1
    if j >= len(tokens) or not tokens[j].text.isdigit() or len(tokens[j].text) > 2:
        return None
    following = tokens[j + 1] if j + 1 < len(tokens) else None
    if following is not None and (following.pos == "NOUN" or following.text in _LIST_MARKS):
        return None
    return tokens[j].text, j


def _sentence_initial(tokens: Sequence, i: int) -> bool:
    """Whether ``tokens[i]`` opens its sentence (after an opening quote or dash at most)."""
    return i == 0 or (i == 1 and not any(ch.isalnum() for ch in tokens[0].text))


def find_numbered_names(
    sentence_tokens: dict[tuple[str, int], list], raw_text: dict[str, str]
) -> list[Mention]:
    """Names of things with a number: capitalised adjective + common noun + number ("Восточный
    мост-2", "Восточного моста — 2", "Восточный мост 2"), one MISC mention keyed by the adjective's
    stem, the noun's lemma and the number, so that every case and way of writing the number is one
    name (and the adjective is never a place of its own)."""
    found = []
    for (article_id, sentence_id), tokens in sentence_tokens.items():
        for i, token in enumerate(tokens[:-1]):
            noun = tokens[i + 1]
            if (
                token.pos != "ADJ"
                or not _capitalised(token.text)
                or noun.pos != "NOUN"
                or not noun.text.islower()
            ):
                continue
            joined = _NUMBERED.fullmatch(noun.text)
            if joined:
                word, number, last = joined.group(1), joined.group(2), i + 1
            else:  # a number apart, after no capital that only opens the sentence, nor a place
                # where something is counted ("в Псковской области — 3")
                apart = not _sentence_initial(tokens, i) and _case(noun) != "Loc"
                after = _number_after(tokens, i + 1) if apart else None
                if after is None:
                    continue
                (number, last), word = after, noun.text
            start, end = token.start, tokens[last].end
            stem = _ADJECTIVE_STEM.sub("", _fold(token.lemma))
            found.append(
                Mention(article_id, sentence_id, start, end, raw_text[article_id][start:end], "MISC",
                        tuple(tokens[i : last + 1]), f"{morph.lemma(word)}:{stem}:{number}")
            )  # fmt: skip
    return found


def _is_common_noun(word: str, name_grammemes: set[str] = _NAME_GRAMMEMES) -> bool:
    """A word the dictionary knows, none of whose readings carries one of ``name_grammemes``."""
    parses = morph.parses(word)
    return (
        bool(parses) and parses[0].is_known and not any(name_grammemes & set(p.tag.grammemes) for p in parses)
    )


def _surname_stem(word: str) -> str:
    return _CASE_ENDING.sub("", _fold(word))


def _full_name_words(mentions: Iterable[Mention]) -> set[str]:
    """Surname stems of every word of the multi-word persons: evidence that a word is a name."""
    return {
        _surname_stem(t.text) for m in mentions if m.type == "PER" and len(m.tokens) > 1 for t in m.tokens
    }


def _repair_in_article(mention: Mention, tokens: list) -> tuple[Mention, bool | None]:
    """The part of ``repair_spans`` that reads one sentence: (the mention, an adjective span
    extended to its noun; whether a reporting verb follows, for a one-word PER that is a dictionary
    common noun, whose fate the corpus decides, else None)."""
    after = [t for t in tokens if t.start >= mention.end]
    if mention.type == "PER" and len(mention.tokens) == 1 and _is_common_noun(mention.text):
        return mention, bool(after) and after[0].lemma in REPORTING_VERBS
    if (
        mention.type in ("LOC", "ORG")
        and mention.tokens
        and all(t.pos == "ADJ" for t in mention.tokens)
        and after
        and after[0].pos == "NOUN"
        and after[0].text.islower()
    ):
        noun = after[0]
        return replace(mention, end=noun.end, type="MISC", tokens=(*mention.tokens, noun),
                       text=mention.text + " " * (noun.start - mention.end) + noun.text), None  # fmt: skip
    return mention, None


def _surnames(mentions: Iterable[Mention]) -> set[str]:
    """Surname stems of the multi-word persons (their last word)."""
    return {_surname_stem(m.tokens[-1].text) for m in mentions if m.type == "PER" and len(m.tokens) > 1}


def _person_not_place(mention: Mention, normal: str, surnames: set[str]) -> bool:
    """Whether a one-word "place" is the surname of a person the corpus names in full and no place
    the gazetteer knows ("Одер", a river to OpenCorpora, beside "Иван Одер", however the engine read
    it: one type per entity)."""
    return (
        mention.type == "LOC"
        and len(mention.tokens) == 1
        and _surname_stem(mention.text) in surnames
        and gazetteer.lookup(normal) is None
        and _fold(normal) not in gazetteer.regions()
    )


def _family(mention: Mention) -> str:
    """The key a numbered name's unnumbered form would have: "мост:восточн" for "Восточному мосту"
    (a capitalised adjective and a common noun), else ""."""
    words = [t for t in mention.tokens if any(ch.isalpha() for ch in t.text)]
    if (
        len(words) != 2
        or words[0].pos != "ADJ"
        or not _capitalised(words[0].text)
        or not words[1].text.islower()
    ):
        return ""
    return f"{words[1].lemma}:{_ADJECTIVE_STEM.sub('', _fold(words[0].lemma))}"


def _unnumbered_thing(mention: Mention, families: set[str]) -> Mention:
    """A numbered name's family without its number is a thing too, never a place or an organisation:
    "Восточный мост" where the corpus writes "Восточный мост-2" (one MISC name across its cases)."""
    family = _family(mention) if mention.type != "PER" and not mention.agreement else ""
    return replace(mention, type="MISC", agreement=family) if family in families and family else mention


def _repair_in_corpus(
    mention: Mention, reports: bool | None, full_name_words: set[str], outlets: set[str]
) -> Mention | None:
    """The corpus's part of ``repair_spans``: a one-word common-noun "person" the corpus never names
    in a longer name is an outlet (ORG) when it reports or is a known outlet, else no name at all."""
    if reports is None or _surname_stem(mention.text) in full_name_words:
        return mention
    if reports or _fold(mention.text) in outlets:
        return replace(mention, type="ORG")
    return None


def repair_spans(mentions: list[Mention], sentence_tokens: dict, outlets: set[str]) -> list[Mention]:
    """Fix engine errors that the corpus disproves; drop spans with no evidence of being names.

    A one-word PER that is a dictionary common noun ("Фокус") stays a person only if the corpus
    also names someone with that word inside a longer name ("Олаф Шольц" for "Шольц").
    """
    full_name_words = _full_name_words(mentions)
    repaired = []
    for mention in mentions:
        local, reports = _repair_in_article(
            mention, sentence_tokens.get((mention.article_id, mention.sentence_id), [])
        )
        kept = _repair_in_corpus(local, reports, full_name_words, outlets)
        if kept is not None:
            repaired.append(kept)
    return repaired


_FUNCTION_POS = {"CONJ", "PREP", "PRCL", "NPRO", "ADVB", "INTJ", "NUMR", "PRED"}


def _name_like(words: tuple[str, ...]) -> bool:
    """Whether a tagged word sequence may be spread to its other occurrences. Not a number, nor a
    sequence opened by a function word ("Если Вы"), nor one dictionary word ("Забастовка", "Союз"):
    the engine's reading of such a word depends on its context ("вступить в Союз", the EU; a
    spacecraft «Союз» elsewhere), and one wrong tag would otherwise become dozens."""
    if not any(ch.isalpha() for ch in "".join(words)):
        return False
    first = morph.parses(words[0])
    if first and first[0].is_known and first[0].tag.POS in _FUNCTION_POS:
        return False
    return len(words) > 1 or not _is_common_noun(words[0], _NAME_GRAMMEMES | {"Geox", "Orgn", "Abbr"})


def _names(mentions: Iterable[Mention]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """The word sequences that may be spread, with the type of their first mention, keyed by their
    first word (in the order they were found)."""
    names: dict[tuple[str, ...], str] = {}
    for mention in mentions:
        words = tuple(t.text for t in mention.tokens)
        if (
            words
            and words not in names
            and all(_capitalised(w) for w in words if w.isalpha())
            and not mention.agreement
            and _name_like(words)
        ):
            names[words] = mention.type
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, etype in names.items():
        by_first.setdefault(words[0], []).append((words, etype))
    return by_first


class _Spans:
    """The spans an article's mentions take. A name is mostly found again where it was tagged:
    that exact span is answered from a set before any overlap is scanned for."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []
        self.exact: set[tuple[int, int]] = set()

    def add(self, start: int, end: int) -> None:
        self.spans.append((start, end))
        self.exact.add((start, end))

    def overlap(self, start: int, end: int) -> bool:
        if start < end and (start, end) in self.exact:
            return True
        return any(s < end and start < e for s, e in self.spans)


def _spread(
    by_first: dict,
    article_id: str,
    sentence_id: int,
    tokens: list,
    spans: _Spans,
    raw_text: str,
    offset: int = 0,
) -> list[Mention]:
    """New mentions of the names ``by_first`` in one sentence (or a run of it, ``raw_text`` then being
    the article's text from ``offset`` on), where no span of ``spans`` (this article's mentions,
    extended with what is found) already stands. A position is compared only with the names that
    start with its word; the first that fits and overlaps nothing is taken."""
    added = []
    texts = [t.text for t in tokens]
    for i, text in enumerate(texts):
        for words, etype in by_first.get(text, ()):
            if tuple(texts[i : i + len(words)]) != words:
                continue
            start, end = tokens[i].start, tokens[i + len(words) - 1].end
            if spans.overlap(start, end):
                continue
            spans.add(start, end)
            inside = tuple(tokens[i : i + len(words)])
            added.append(
                Mention(
                    article_id,
                    sentence_id,
                    start,
                    end,
                    raw_text[start - offset : end - offset],
                    etype,
                    inside,
                )
            )
    return added


def _name_runs(tokens: list) -> list[list]:
    """The runs of a sentence's tokens a spread name can stand in: no lower-case word, and a letter.
    (A name's words are capitalised or not purely alphabetic, so every occurrence lies in one run.)"""
    runs, run = [], []
    for token in [*tokens, None]:
        if token is not None and not (token.text.isalpha() and not _capitalised(token.text)):
            run.append(token)
            continue
        if any(ch.isalpha() for t in run for ch in t.text):
            runs.append(run)
        run = []
    return runs


def propagate(mentions: list[Mention], sentence_tokens: dict, raw_text: dict[str, str]) -> list[Mention]:
    """Tag every other occurrence of a tagged name: the engine's context-dependent misses.

    A capitalised word sequence tagged as a name somewhere in the corpus is that name wherever
    it stands (same letters, same case, whole tokens), unless another mention already covers it.
    """
    by_first = _names(mentions)
    taken: dict[str, _Spans] = {}
    for mention in mentions:
        taken.setdefault(mention.article_id, _Spans()).add(mention.start, mention.end)
    added = []
    for (article_id, sentence_id), tokens in sentence_tokens.items():
        spans = taken.setdefault(article_id, _Spans())
        added += _spread(by_first, article_id, sentence_id, tokens, spans, raw_text[article_id])
    return mentions + added


def _recase(new: str, old: str) -> str:
    if old.isupper() and len(old) > 1:
        return new.upper()
    new_parts, old_parts = new.split("-"), old.split("-")
    if len(new_parts) != len(old_parts):
        return new[:1].upper() + new[1:] if _capitalised(old) else new
    return "-".join(
        n[:1].upper() + n[1:] if _capitalised(o) else n for n, o in zip(new_parts, old_parts, strict=True)
    )


def normal_form(mention: Mention) -> str:
    """The mention in the nominative: a person's every word; otherwise up to the head noun."""
    return _normal_form(_normal_key(mention))


def _normal_key(mention: Mention) -> tuple:
    """Everything ``normal_form`` reads of a mention, offsets made relative to it."""
    return (
        mention.type,
        mention.text,
        tuple((t.text, t.pos, t.feats, t.start - mention.start) for t in mention.tokens),
    )


@lru_cache(maxsize=1 << 18)
def _normal_form(key: tuple) -> str:
    """``normal_form`` of a ``_normal_key``, cached: the same names recur in article after article."""
    etype, text, tokens = key
    words = [t for t in tokens if any(ch.isalpha() for ch in t[0])]
    if not words:
        return text
    if etype == "PER":
        last = len(words) - 1
    else:
        last = next((i for i, t in enumerate(words) if t[1] in ("NOUN", "PROPN")), len(words) - 1)
    head_text, head_pos, head_feats, _ = words[last]
    gender = morph.best_parse(_unnumbered(head_text)[0], head_pos, head_feats).tag.gender
    # One plural word makes the whole noun phrase plural ("Парижские соглашения", not "соглашение").
    plural = etype != "PER" and any(
        morph.parse_feats(t[2]).get("Number") == "Plur" for t in words[: last + 1]
    )
    for word, pos, feats, local in reversed(words[: last + 1]):
        bare, number = _unnumbered(word)
        form = morph.nominative(bare, pos, feats, gender=gender, plural=plural) + number
        text = text[:local] + _recase(form, word) + text[local + len(word) :]
    return text


def _unnumbered(word: str) -> tuple[str, str]:
    """A word and the number written onto it: "моста-2" -> ("моста", "-2"); ("мост", "")."""
    joined = _NUMBERED.fullmatch(word)
    return (joined.group(1), word[len(joined.group(1)) :]) if joined else (word, "")


def _union(parent: dict, a, b) -> None:
    root_a, root_b = _find(parent, a), _find(parent, b)
    if root_a != root_b:
        parent[max(root_a, root_b)] = min(root_a, root_b)


def _find(parent: dict, key):
    while parent.setdefault(key, key) != key:
        key = parent[key]
    return key


def _base_key(etype: str, agreement: str, normal: str) -> tuple:
    if agreement:
        return ("agreement", agreement)
    place = gazetteer.lookup(normal) if etype in ("LOC", "ORG") else None
    if place and place.kind == "country":
        return ("country", place.iso3)
    code = gazetteer.organisation(normal) if etype in ("LOC", "ORG") else None
    if code:
        return ("organisation", code)
    return ("name", _fold(normal))


def _word_key(word: str) -> str:
    return sound_key(word) or _fold(word)


def _blocked_unions(blocks: Iterable[list], parent: dict) -> None:
    for block in blocks:
        for key in block[1:]:
            _union(parent, block[0], key)


def _variant_unions(distinct: list[tuple], keys: list[tuple], parent: dict) -> None:
    """Union the spellings of one name: same type and ``sound_key`` (for a person, as many words)
    or, for an acronym, ``_spelled_acronym`` ("НАТО", "NATO", "Си-эн-эн"); and a "ЕвроX" compound with its
    "Европейский X" ("Еврокомиссия", "Европейская комиссия")."""
    blocks: dict[tuple, list] = {}
    for (etype, _, normal), key in zip(distinct, keys, strict=True):
        if key[0] != "name":
            continue
        sound = _spelled_acronym(normal) or sound_key(normal)
        if sound:
            words = len(normal.split()) if etype == "PER" else 0
            blocks.setdefault((etype, words, sound), []).append(key)
        euro = _euro_stem(normal)
        if euro:
            blocks.setdefault((etype, "euro", euro), []).append(key)
    _blocked_unions(blocks.values(), parent)


def _euro_stem(name: str) -> str:
    """The X of a "ЕвроX" compound or of a "Европейский X" ("союз"), else ""."""
    words = _fold(name).split()
    if len(words) == 2 and words[0].startswith("европейск"):
        return _CASE_ENDING.sub("", words[1])
    if len(words) == 1 and words[0].startswith("евро") and len(words[0]) > 6:
        return _CASE_ENDING.sub("", words[0][4:])
    return ""


_DOMINANT = 0.75  # share of a short name's candidate long forms' mentions the chosen one must hold


def _dominant(roots: Counter | None) -> object | None:
    """The root that holds at least ``_DOMINANT`` of the mentions counted, if any."""
    if not roots:
        return None
    root, count = roots.most_common(1)[0]
    return root if count >= _DOMINANT * sum(roots.values()) else None


def _acronym_forms(words: list[str]) -> set[str]:
    """Keys of the acronyms a multi-word name answers to: of the whole name, with or without its
    short lower-case particles ("ALDE" for "Alliance of Liberals and Democrats for Europe"), and of
    a first part of it that a capitalised word follows ("ФСБ" for "Федеральная служба безопасности
    России"), not of a part a common word follows ("ЕС" is not "Евангелическая служба печати")."""
    parts = [p for w in words for p in re.split(r"[\-‐]+", w) if p]
    names = [p for p in parts if not (p.islower() and len(p) <= 3)]
    forms = {acronym(" ".join(names))}
    for size in range(2, len(words) + 1):
        if size == len(words) or _capitalised(words[size]):
            forms.add(acronym(" ".join(words[:size])))
    return {_acronym_key(form) for form in forms if len(form) > 1}


_LETTERS_LATIN = str.maketrans(dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", [
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
    "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"], strict=True)))  # fmt: skip


# Russian names of Latin letters, as acronyms are spelled out ("Си-эн-эн" for CNN).
_LATIN_LETTER_NAMES = {
    "эй": "a", "би": "b", "си": "c", "ди": "d", "эф": "f", "джи": "g", "эйч": "h", "ай": "i",
    "джей": "j", "кей": "k", "эл": "l", "эм": "m", "эн": "n", "оу": "o", "пи": "p", "кью": "q",
    "ар": "r", "эс": "s", "ти": "t", "ви": "v", "экс": "x", "уай": "y", "зед": "z",
}  # fmt: skip


def _spelled_acronym(name: str) -> str:
    """The letters of an acronym however it is written: in capitals ("NATO", "НАТО"), as a site
    ("cnn.com") or spelled out in Russian ("Си-эн-эн"), as ``_acronym_key``; else ""."""
    if is_acronym(name):
        return _acronym_key(name)
    folded = _fold(name)
    unadorned = bare(folded)
    if unadorned != folded and ACRONYM.fullmatch(unadorned):
        return _acronym_key(unadorned)
    letters = folded.split("-")
    if len(letters) > 1 and all(letter in _LATIN_LETTER_NAMES for letter in letters):
        return "".join(_LATIN_LETTER_NAMES[letter] for letter in letters)
    return ""


def _acronym_key(acronym_: str) -> str:
    """An acronym as it is compared, letter for letter across scripts ("НАТО", "NATO")."""
    return _fold(acronym_).translate(_LETTERS_LATIN)


def _person_unions(distinct: list[tuple], keys: list[tuple], counts: Counter, parent: dict) -> None:
    """A person's shorter names joined to the full one: "Джон Кеннеди" to the "Джон Фицджеральд Кеннеди"
    the corpus mostly writes with that first and last word, a lone surname to the full name the
    corpus mostly writes it in, a lone first name likewise (``_first_name_of``)."""
    ends: dict[tuple, Counter] = {}
    persons = [
        (normal.split(), key, counts[etype, agreement, normal])
        for (etype, agreement, normal), key in zip(distinct, keys, strict=True)
        if etype == "PER" and not agreement
    ]
    for words, key, count in persons:
        if len(words) > 2:
            ends.setdefault(_ends_key(words), Counter())[_find(parent, key)] += count
    for words, key, _ in persons:
        if len(words) == 2 and (full := _dominant(ends.get(_ends_key(words)))) is not None:
            _union(parent, key, full)
    surnames: dict[str, Counter] = {}
    first_names: dict[str, Counter] = {}
    for words, key, count in persons:
        if len(words) > 1:
            surnames.setdefault(_word_key(words[-1]), Counter())[_find(parent, key)] += count
            first_names.setdefault(_word_key(words[0]), Counter())[_find(parent, key)] += count
    for words, key, count in persons:
        if len(words) == 1:
            word = _word_key(words[0])
            full = _dominant(surnames.get(word))
            if full is None and word not in surnames:
                full = _first_name_of(first_names.get(word), count)
            if full is not None:
                _union(parent, key, full)


def _ends_key(words: list[str]) -> tuple[str, str]:
    return _word_key(words[0]), _word_key(words[-1])


def _first_name_of(roots: Counter | None, alone: int) -> object | None:
    """The full name a lone first name stands for: the dominant one of the full names it opens,
    if they are written more often than the lone word ("Ангела" after "Ангела Меркель"; a "Франциск"
    written alone far more often than any "Франциск ..." stays himself)."""
    full = _dominant(roots)
    return full if full is not None and sum(roots.values()) > alone else None


def _organisation_unions(distinct: list[tuple], keys: list[tuple], counts: Counter, parent: dict) -> None:
    """An organisation's short names joined to its long one: an acronym to the one long form it
    stands for; a one-word name that is no dictionary word to the name the corpus mostly ends
    with it ("Reuters", "агентство Reuters"); a name to the one the corpus mostly extends with a
    country ("Верховный суд", "Верховный суд Индии")."""
    long_forms: dict[str, set] = {}
    last_words: dict[str, Counter] = {}
    extended: dict[str, Counter] = {}
    for (etype, agreement, normal), key in zip(distinct, keys, strict=True):
        words = normal.split()
        if len(words) < 2:
            continue
        if etype != "PER":
            for short in _acronym_forms(words):
                long_forms.setdefault(short, set()).add(_find(parent, key))
        if etype == "ORG":
            count = counts[etype, agreement, normal]
            last_words.setdefault(_fold(words[-1]), Counter())[_find(parent, key)] += count
            if gazetteer.lookup(morph.lemma(words[-1])) or gazetteer.lookup(words[-1]):
                extended.setdefault(_fold(" ".join(words[:-1])), Counter())[_find(parent, key)] += count
    for (etype, _, normal), key in zip(distinct, keys, strict=True):
        words = normal.split()
        if is_acronym(normal):
            found = long_forms.get(_acronym_key(normal), ())
            if len(found) == 1:
                _union(parent, key, next(iter(found)))
                continue
        if etype != "ORG":
            continue
        full = _dominant(extended.get(_fold(normal)))
        if full is None and len(words) == 1 and not is_acronym(normal) and not _is_common_noun(normal):
            full = _dominant(last_words.get(_fold(normal)))
        if full is not None:
            _union(parent, key, full)


_NUMBERED_ACRONYM = re.compile(r"([^\W\d_]{2,5})\s*[-‐–—]?\s*(\d{1,3})")


def _numbered_key(agreement: str) -> str:
    """The number of a ``find_numbered_names`` key ("мост:восточн:2" -> "2"), "" for another key."""
    return agreement.rpartition(":")[2] if agreement.count(":") == 2 else ""


def _numbered_acronym(name: str, number: str) -> str:
    """The acronym a numbered name is shortened to, with its number: "ВМ-2" for "Восточного моста-2"."""
    first, second = name.split()[:2]
    return acronym(f"{first} {_unnumbered(second)[0]}").upper() + "-" + number


def _numbered_acronyms(named: Iterable[Mention]) -> set[str]:
    """The acronyms with their number of the corpus's numbered names, as one token writes them
    ("ВМ-2"): names to find wherever they stand."""
    return {
        _numbered_acronym(m.text, _numbered_key(m.agreement)) for m in named if _numbered_key(m.agreement)
    }


def _numbered_acronym_unions(distinct: list[tuple], keys: list[tuple], parent: dict) -> None:
    """A numbered name's acronym with its number ("ВМ-2", "VM-2") joined to the one numbered name it
    stands for ("Восточный мост-2")."""
    long_forms: dict[str, set] = {}
    for (_, agreement, normal), key in zip(distinct, keys, strict=True):
        if _numbered_key(agreement):
            short = _numbered_acronym(normal, _numbered_key(agreement))
            long_forms.setdefault(_acronym_key(short), set()).add(key)
    for (_, agreement, normal), key in zip(distinct, keys, strict=True):
        short = _NUMBERED_ACRONYM.fullmatch(normal) if not agreement and normal.isupper() else None
        found = long_forms.get(_acronym_key(f"{short.group(1)}-{short.group(2)}"), ()) if short else ()
        if len(found) == 1:
            _union(parent, key, next(iter(found)))


def merge(mentions: list[Mention], normals: list[str], links: Iterable[tuple[int, int]] = ()) -> list[tuple]:
    """One group key per mention, after merging spellings of one name, then short names of persons
    and organisations into their long forms.

    A mention's key depends only on its type, agreement and normal form, so each distinct triple is
    keyed once; a merged group's key is the smallest key in it, whatever the order of the merges."""
    triples = [(m.type, m.agreement, n) for m, n in zip(mentions, normals, strict=True)]
    counts = Counter(triples)
    distinct = list(counts)
    keys = [_base_key(*triple) for triple in distinct]
    parent: dict = {}
    for key in keys:
        _find(parent, key)
    _variant_unions(distinct, keys, parent)
    _person_unions(distinct, keys, counts, parent)
    _organisation_unions(distinct, keys, counts, parent)
    _numbered_acronym_unions(distinct, keys, parent)
    key_of = dict(zip(distinct, keys, strict=True))
    for i, j in links:  # a name and its bracketed alias
        _union(parent, key_of[triples[i]], key_of[triples[j]])
    root = {triple: _find(parent, key) for triple, key in zip(distinct, keys, strict=True)}
    return [root[triple] for triple in triples]


def _entity_type(members: list[tuple[Mention, str]]) -> str:
    """A person's, if the entity has a person's full name (its lone surname may have been tagged a
    place: one type per entity); else the type most of its mentions have."""
    if any(m.type == "PER" and len(normal.split()) > 1 for m, normal in members):
        return "PER"
    types = Counter(m.type for m, _ in members)
    return min(types, key=lambda t: (-types[t], _TYPE_PRIORITY[t]))


def _nominative_surface(mention: Mention) -> bool:
    return all(_case(t) in ("Nom", "") for t in mention.tokens)


# A name's number however it is written after it ("мост-2", "мост — 2", "мост 2").
_NUMBER_SPELLING = re.compile(r"(?:\s*[-‐–—]\s*|\s+)(\d{1,3})$")


def _canonical_name(members: list[tuple[Mention, str]]) -> str:
    """Prefer full names over acronyms and surnames, then forms seen in the nominative, then frequency."""
    variants = Counter(normal for _, normal in members)
    full = [n for n in variants if not (n.isupper() and len(n) > 1)] or list(variants)
    most_words = max(len(n.split()) for n in full)
    if any(m.type == "PER" for m, _ in members):
        full = [n for n in full if len(n.split()) == most_words]
    attested = {n for m, n in members if m.agreement and _nominative_surface(m)}
    if attested:
        full = [n for n in full if n in attested] or full
    by_fold: dict[str, list[str]] = {}
    for name in full:
        by_fold.setdefault(_NUMBER_SPELLING.sub(r"-\1", _fold(name)), []).append(name)
    best = max(by_fold.values(), key=lambda names: (sum(variants[n] for n in names), len(names[0]), names[0]))
    return max(best, key=lambda n: ("ё" in n.lower(), variants[n], n))


def _cyrillic(text: str) -> bool:
    return bool(re.search(r"[а-яё]", text, re.IGNORECASE))


def _english(name: str, place: gazetteer.Place | None, members: list[tuple[Mention, str]]) -> str:
    """The place's English name (a country's, a capital's, a CLDR region's: "Europe"); else the name
    itself if it is in Latin script; else the Latin spelling the corpus writes most often for the
    entity ("Volkswagen" beside "Фольксваген"), an acronym ("BBC" beside "Би-би-си") or a site
    ("bbc.com") if it has no other; transliteration last."""
    if place and place.name_en:
        return place.name_en
    if not _cyrillic(name):
        return name
    region = gazetteer.regions().get(_fold(name))
    if region:
        return region
    latin = Counter(normal for _, normal in members if not _cyrillic(normal))
    if latin:
        return min(latin, key=lambda n: (is_acronym(n), bare(_fold(n)) != _fold(n), -latin[n], n))
    return iuliia.WIKIPEDIA.translate(name)


def _span_key(mention: Mention) -> tuple:
    return (mention.sentence_id, mention.start, mention.end, mention.type)


@dataclass(frozen=True)
class ArticleMentions:
    """What ``mention_rows`` finds in one article: all that ``merge_articles`` needs of it."""

    article_id: str
    runs: tuple[tuple[int, int, str, tuple[Token, ...]], ...]  # where names can spread: (sentence_id,
    # offset of the run in the article, its raw text, its tokens), by sentence; see ``_name_runs``
    mentions: tuple[Mention, ...]  # engine mentions outside agreements, adjective spans repaired
    reports: tuple[bool | None, ...]  # per mention: see ``_repair_in_article``
    agreements: tuple[Mention, ...]
    full_name_words: frozenset[str]
    normals: dict[tuple, str]  # ``normal_form`` by ``_span_key``: mentions (and as ORG), agreements
    aliases: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()  # (start, end) of a name and of
    # its bracketed alias ("Восточный мост-2 (East Bridge 2)"): see ``_bracketed_aliases``


_CLOSING_QUOTES = {"»", "”", '"', "“"}


def _alias_words(tokens: Sequence) -> bool:
    """Whether bracketed tokens are another name of what precedes them: Latin words opening with a
    capital ("East Bridge 2", "Amnesty International") or one acronym ("МА", "AI")."""
    words = [t.text for t in tokens if any(ch.isalnum() for ch in t.text)]
    if not words or len(words) != len(tokens):
        return False
    if len(words) == 1 and is_acronym(words[0]):
        return True
    return _capitalised(words[0]) and all(w.isascii() for w in words)


def _bracketed_aliases(
    named: list[Mention], sentence_tokens: dict[tuple[str, int], list], text: str
) -> tuple[list[Mention], list[tuple[tuple[int, int], tuple[int, int]]]]:
    """Organisations and things given another name in brackets right after them ("«Восточный мост —
    2» (East Bridge 2)", "Международная амнистия (Amnesty International)"): the bracketed name as a mention
    of the same type where none stands, and the pairs of their (start, end), for ``merge`` to join.
    A place is nobody's alias ("Reuters (США)")."""
    taken = {(m.start, m.end): m.type for m in named}
    added, links = [], []
    for mention in named:
        if mention.type not in ("ORG", "MISC"):  # "Вашингтон (США)", "Иван Петров (ЛДПР)": no alias
            continue
        tokens = sentence_tokens.get((mention.article_id, mention.sentence_id), [])
        i = next((k for k, t in enumerate(tokens) if t.start >= mention.end), len(tokens))
        while i < len(tokens) and tokens[i].text in _CLOSING_QUOTES:
            i += 1
        if i >= len(tokens) or tokens[i].text != "(":
            continue
        close = next((k for k in range(i + 1, min(len(tokens), i + 7)) if tokens[k].text == ")"), None)
        inner = tokens[i + 1 : close] if close else []
        if not _alias_words(inner) or gazetteer.lookup(text[inner[0].start : inner[-1].end]):
            continue
        start, end = inner[0].start, inner[-1].end
        if taken.get((start, end), mention.type) != mention.type:
            continue
        if (start, end) not in taken:
            if any(m.start < end and start < m.end for m in named + added):
                continue
            added.append(Mention(mention.article_id, mention.sentence_id, start, end, text[start:end],
                                 mention.type, tuple(inner)))  # fmt: skip
            taken[start, end] = mention.type
        links.append(((mention.start, mention.end), (start, end)))
    return added, links


def _article_mentions(
    article_id: str, text: str, sentences: dict[int, list[Token]], raw: Iterable[tuple]
) -> ArticleMentions:
    """``mention_rows`` on one article's ``Token``s by sentence (in order) and raw mention tuples
    ``(sentence_id, start, end, text, type)`` in the engine's order."""
    sentence_tokens = {(article_id, sid): sentences[sid] for sid in sorted(sentences)}
    agreements = find_agreements(sentence_tokens, {article_id: text})
    numbered = find_numbered_names(sentence_tokens, {article_id: text})
    agreements += [n for n in numbered if not any(a.start < n.end and n.start < a.end for a in agreements)]
    mentions, reports = [], []
    for sentence_id, start, end, mention_text, etype in raw:
        if any(a.start < end and start < a.end for a in agreements):
            continue
        in_sentence = sentence_tokens.get((article_id, sentence_id), [])
        inside = tuple(t for t in in_sentence if start <= t.start and t.end <= end)
        mention, report = _repair_in_article(
            Mention(article_id, sentence_id, start, end, mention_text, etype, inside), in_sentence
        )
        mentions.append(mention)
        reports.append(report)
    added, aliases = _bracketed_aliases([*mentions, *agreements], sentence_tokens, text)
    mentions += added
    reports += [None] * len(added)
    normals = {}
    for mention, report in zip(mentions, reports, strict=True):
        normals[_span_key(mention)] = normal_form(mention)
        if report is not None:
            as_org = replace(mention, type="ORG")
            normals[_span_key(as_org)] = normal_form(as_org)
    for agreement in agreements:
        normals[_span_key(agreement)] = normal_form(agreement)
    return ArticleMentions(
        article_id=article_id,
        runs=tuple(
            (sid, run[0].start, text[run[0].start : run[-1].end], tuple(run))
            for (_, sid), rows in sentence_tokens.items()
            for run in _name_runs(rows)
        ),
        mentions=tuple(mentions),
        reports=tuple(reports),
        agreements=tuple(agreements),
        full_name_words=frozenset(_full_name_words(mentions)),
        normals=normals,
        aliases=tuple(aliases),
    )


def mention_rows(
    article_id: str, raw_text: str, tokens: pd.DataFrame, raw_mentions: pd.DataFrame
) -> ArticleMentions:
    """The per-article part of ``canonicalize``: a pure function of one article's raw text, its rows
    of the tokens table and its engine mentions (``article_id``, ``sentence_id``, ``start``, ``end``,
    ``text``, ``type``), safe to cache by their content (the result pickles)."""
    raw = zip(
        *(raw_mentions[c].tolist() for c in (Col.SENTENCE_ID, Col.START, Col.END, Col.TEXT, Col.TYPE)),
        strict=True,
    )
    return _article_mentions(article_id, raw_text, _tokens_by_article(tokens).get(article_id, {}), raw)


def article_part(articles: pd.DataFrame, tokens: pd.DataFrame, raw_mentions: pd.DataFrame) -> ArticleMentions:
    """``mention_rows`` of the one article ``articles`` holds (the registry's per-article stage)."""
    (article_id,), (raw_text,) = articles[Col.ARTICLE_ID], articles[Col.RAW_TEXT]
    return mention_rows(article_id, raw_text, tokens, raw_mentions)


def merge_articles(parts: Sequence[ArticleMentions], outlets: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The corpus part of ``canonicalize``: tables ``mentions`` and ``entities`` from every article's
    ``mention_rows``, in corpus order (the first article that tags a spread name gives its type).
    ``outlets``: the folded names of the corpus's outlets."""
    with _no_gc():
        return _merge_articles(parts, outlets)


def _merge_articles(parts: Sequence[ArticleMentions], outlets: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    full_name_words = set().union(*(part.full_name_words for part in parts))
    surnames = _surnames(m for part in parts for m in part.mentions)
    families = {
        a.agreement.rpartition(":")[0]
        for part in parts
        for a in part.agreements
        if _numbered_key(a.agreement)
    }
    kept: list[Mention] = []
    for part in parts:
        for mention, reports in zip(part.mentions, part.reports, strict=True):
            repaired = _repair_in_corpus(mention, reports, full_name_words, outlets)
            if repaired is None:
                continue
            if _person_not_place(repaired, part.normals.get(_span_key(repaired), repaired.text), surnames):
                repaired = replace(repaired, type="PER")
            kept.append(_unnumbered_thing(repaired, families))
    by_first = _names(kept)
    for short in _numbered_acronyms(agreement for part in parts for agreement in part.agreements):
        by_first.setdefault(short, []).append(((short,), "MISC"))
    names = by_first.keys()
    taken: dict[str, _Spans] = {}
    for mention in kept:
        taken.setdefault(mention.article_id, _Spans()).add(mention.start, mention.end)
    ordered = sorted(parts, key=lambda part: part.article_id)
    agreements = [a for part in ordered for a in part.agreements]
    for agreement in agreements:
        taken.setdefault(agreement.article_id, _Spans()).add(agreement.start, agreement.end)
    added = []
    for part in ordered:
        spans = taken.setdefault(part.article_id, _Spans())
        for sentence_id, offset, text, tokens in part.runs:
            if not names.isdisjoint(map(_TEXT, tokens)):
                added += _spread(by_first, part.article_id, sentence_id, tokens, spans, text, offset)
    mentions = kept + agreements + added
    mentions.sort(key=lambda m: (m.article_id, m.start))
    known = {part.article_id: part.normals for part in parts}
    normals = []
    for mention in mentions:
        normal = known.get(mention.article_id, {}).get(_span_key(mention))
        normals.append(normal if normal is not None else normal_form(mention))
    position = {(m.article_id, m.start, m.end): i for i, m in enumerate(mentions)}
    links = [
        (position[part.article_id, *name], position[part.article_id, *alias])
        for part in parts
        for name, alias in part.aliases
        if (part.article_id, *name) in position and (part.article_id, *alias) in position
    ]
    return _tables(mentions, _attested_names(mentions, normals), links)


def _attested_names(mentions: list[Mention], normals: list[str]) -> list[str]:
    """Person names put in the nominative as the corpus writes them. A name word takes, among the
    nominatives the corpus writes of the same word (tokens of person mentions the tagger reads as
    nominative), the one written most often, when that is written more often than the computed one
    ("Асии Ахмед" -> "Асия Ахмед" where articles write "Асия Ахмед заявила", rather than the
    dictionary's masculine "Асий"; the tagger's occasional misreadings are outvoted)."""
    written: dict[str, Counter[str]] = {}
    for mention in mentions:
        if mention.type == "PER":
            for token in mention.tokens:
                if "Case=Nom" in token.feats and token.text[:1].isupper():
                    written.setdefault(token.text[:3].lower(), Counter())[token.text] += 1
    repaired = []
    for mention, normal in zip(mentions, normals, strict=True):
        surface, words = mention.text.split(), normal.split()
        if mention.type == "PER" and len(surface) == len(words):
            normal = " ".join(_attested_word(s, w, written) for s, w in zip(surface, words, strict=True))
        repaired.append(normal)
    return repaired


def _attested_word(surface: str, normal: str, written: dict[str, Counter[str]]) -> str:
    """The nominative of ``surface`` the corpus writes most often, if more often than ``normal``."""
    near = written.get(surface[:3].lower(), Counter())
    candidates = [w for w in near if w != normal and morph.same_lexeme(surface, w)]
    if not candidates:
        return normal
    best = min(candidates, key=lambda w: (-near[w], w))
    return best if near[best] > near[normal] else normal


def _tables(
    mentions: list[Mention], normals: list[str], links: Iterable[tuple[int, int]] = ()
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge, name and write out the corpus's mentions (sorted by article and start)."""
    keys = merge(mentions, normals, links)

    groups: dict[tuple, list[tuple[Mention, str]]] = {}
    for mention, normal, key in zip(mentions, normals, keys, strict=True):
        groups.setdefault(key, []).append((mention, normal))
    entity_rows, entity_of, used_ids = [], {}, set()
    for key in sorted(groups, key=str):
        members = groups[key]
        etype = _entity_type(members)
        name = _canonical_name(members)
        place = gazetteer.lookup(name) if etype in ("LOC", "ORG") else None
        if key[0] == "country":
            place = gazetteer.Place(key[1], "country", gazetteer.english_country_name(key[1]))
            etype = "LOC"
        name_en = _english(name, place, members)
        if key[0] == "organisation":
            etype, name_en = "ORG", gazetteer.english_organisation_name(key[1])
        entity_id = entity_id_for(etype, name_en)
        while entity_id in used_ids:
            entity_id += "-2"
        used_ids.add(entity_id)
        entity_of[key] = (entity_id, etype)
        entity_rows.append(
            {
                Col.ENTITY_ID: entity_id,
                Col.NAME: name,
                Col.NAME_EN: name_en,
                Col.TYPE: etype,
                Col.ISO3: place.iso3 if place else "",
                Col.COUNTRY_ENTITY_ID: ("country", place.iso3) if place and place.kind == "capital" else "",
                Col.ALIASES: sorted({m.text for m, _ in members}),
                Col.N_MENTIONS: len(members),
                Col.N_ARTICLES: len({m.article_id for m, _ in members}),
            }
        )
    for row in entity_rows:
        link = row[Col.COUNTRY_ENTITY_ID]
        row[Col.COUNTRY_ENTITY_ID] = entity_of[link][0] if link in entity_of else ""
    mention_rows = [
        (m.article_id, m.sentence_id, m.start, m.end, m.text, entity_of[key][1], entity_of[key][0], normal)
        for m, normal, key in zip(mentions, normals, keys, strict=True)
    ]
    mentions_df = pd.DataFrame(mention_rows, columns=list(TABLES[MENTIONS].columns))
    entities_df = pd.DataFrame(entity_rows, columns=list(TABLES[ENTITIES].columns))
    entities_df = entities_df.sort_values(
        [Col.N_MENTIONS, Col.ENTITY_ID], ascending=[False, True], ignore_index=True
    )
    return mentions_df, entities_df


def article_parts(
    articles: pd.DataFrame, tokens: pd.DataFrame, raw_mentions: pd.DataFrame
) -> dict[str, ArticleMentions]:
    """``mention_rows`` of every article of ``articles`` (grouping the frames once), keyed by
    article id."""
    raw_text = dict(zip(articles[Col.ARTICLE_ID], articles[Col.RAW_TEXT], strict=True))
    with _no_gc():
        tokens_of = _tokens_by_article(tokens)
        raw_of: dict[str, list[tuple]] = {}
        columns = (Col.ARTICLE_ID, Col.SENTENCE_ID, Col.START, Col.END, Col.TEXT, Col.TYPE)
        for article_id, *rest in zip(*(raw_mentions[c].tolist() for c in columns), strict=True):
            raw_of.setdefault(article_id, []).append(tuple(rest))
        return {
            article_id: _article_mentions(
                article_id, text, tokens_of.get(article_id, {}), raw_of.get(article_id, [])
            )
            for article_id, text in raw_text.items()
        }


def merge_corpus(
    articles: pd.DataFrame, raw_mentions: pd.DataFrame, parts: dict[str, ArticleMentions]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``merge_articles`` of every article's part in corpus order (the engine's order of the
    articles, then those it found no mention in), with the corpus's outlets."""
    tagged = [a for a in dict.fromkeys(raw_mentions[Col.ARTICLE_ID]) if a in parts]
    order = tagged + sorted(set(parts) - set(tagged))
    outlets = {_fold(o) for o in articles[Col.OUTLET] if o}
    return merge_articles([parts[article_id] for article_id in order], outlets)


def canonicalize(
    articles: pd.DataFrame, sentences: pd.DataFrame, tokens: pd.DataFrame, raw_mentions: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tables ``mentions`` and ``entities`` from the engine's raw mentions and tokens:
    ``mention_rows`` for each article, then ``merge_articles`` over the corpus."""
    return merge_corpus(articles, raw_mentions, article_parts(articles, tokens, raw_mentions))
