"""Nominatives: each mention put in the nominative (a person's every word, otherwise up to the head
noun), and a person's name words as the corpus itself writes them in the nominative."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from analysis.core.codes import EntityType
from analysis.core.memo import Memo, memo_key
from analysis.nlp import morph
from analysis.stages.entities.model import Mention, capitalised, unnumbered


def _recase(new: str, old: str) -> str:
    if old.isupper() and len(old) > 1:
        return new.upper()
    new_parts, old_parts = new.split("-"), old.split("-")
    if len(new_parts) != len(old_parts):
        return new[:1].upper() + new[1:] if capitalised(old) else new
    return "-".join(
        n[:1].upper() + n[1:] if capitalised(o) else n for n, o in zip(new_parts, old_parts, strict=True)
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
    if etype == EntityType.PER:
        last = len(words) - 1
    else:
        last = next((i for i, t in enumerate(words) if t[1] in ("NOUN", "PROPN")), len(words) - 1)
    head_text, head_pos, head_feats, _ = words[last]
    gender = morph.best_parse(unnumbered(head_text)[0], head_pos, head_feats).tag.gender
    # One plural word makes the whole noun phrase plural ("Парижские соглашения", not "соглашение").
    plural = etype != EntityType.PER and any(
        morph.parse_feats(t[2]).get("Number") == "Plur" for t in words[: last + 1]
    )
    for word, pos, feats, local in reversed(words[: last + 1]):
        bare, number = unnumbered(word)
        form = morph.nominative(bare, pos, feats, gender=gender, plural=plural) + number
        text = text[:local] + _recase(form, word) + text[local + len(word) :]
    return text


def attested_names(mentions: list[Mention], normals: list[str], memo: Memo | None = None) -> list[str]:
    """Person names put in the nominative as the corpus writes them. A name word takes, among the
    nominatives the corpus writes of the same word (tokens of person mentions the tagger reads as
    nominative), the one written most often, when that is written more often than the computed one
    ("Асии Ахмед" -> "Асия Ахмед" where articles write "Асия Ахмед заявила", rather than the
    dictionary's masculine "Асий"; the tagger's occasional misreadings are outvoted). ``memo``: the
    paradigm checks of earlier builds (``_same_lexeme``)."""
    same = _same_lexeme(memo or Memo())
    written: dict[str, Counter[str]] = {}
    for mention in mentions:
        if mention.type == EntityType.PER:
            for token in mention.tokens:
                if "Case=Nom" in token.feats and token.text[:1].isupper():
                    written.setdefault(token.text[:3].lower(), Counter())[token.text] += 1
    repaired = []
    for mention, normal in zip(mentions, normals, strict=True):
        surface, words = mention.text.split(), normal.split()
        if mention.type == EntityType.PER and len(surface) == len(words):
            normal = " ".join(
                _attested_word(s, w, written, same) for s, w in zip(surface, words, strict=True)
            )
        repaired.append(normal)
    return repaired


def _same_lexeme(memo: Memo) -> Callable[[str, str], bool]:
    """``morph.same_lexeme`` served from ``memo`` by its two words, all it reads (pymorphy3's
    dictionary aside, which every cached result of a build takes as installed): its paradigms were
    most of the attested names' work in a build's fresh process, and the same pairs come back build
    after build. Each pair asks the memo once a build."""
    asked: dict[tuple[str, str], bool] = {}

    def same(word: str, other: str) -> bool:
        pair = (word, other)
        if pair not in asked:
            asked[pair] = memo.get(
                memo_key("same lexeme", word, other), lambda: morph.same_lexeme(word, other)
            )
        return asked[pair]

    return same


def _attested_word(
    surface: str, normal: str, written: dict[str, Counter[str]], same: Callable[[str, str], bool]
) -> str:
    """The nominative of ``surface`` the corpus writes most often, if more often than ``normal``
    (``same``: ``morph.same_lexeme``, or a memo of it)."""
    near = written.get(surface[:3].lower(), Counter())
    candidates = [w for w in near if w != normal and same(surface, w)]
    if not candidates:
        return normal
    best = min(candidates, key=lambda w: (-near[w], w))
    return best if near[best] > near[normal] else normal
