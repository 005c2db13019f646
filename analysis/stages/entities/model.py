"""What the entity steps pass each other: a ``Mention`` (a span with its tokens), a ``Token``, one
article's ``ArticleMentions``, and the small word tests several steps share (a capital, a case, a
surname's stem, a number written onto a word)."""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from analysis.core.codes import MentionForm
from analysis.core.memo import Memo, memo_key
from analysis.core.text import fold
from analysis.nlp import gazetteer, morph

NAME_GRAMMEMES = {"Name", "Surn", "Patr"}  # OpenCorpora's marks of a first name, surname, patronymic
CASE_ENDING = re.compile(r"(ыми|ым|ом|ой|ою|ую|ого|ому|а|у|е|ы)$")  # a noun's or surname's case ending
ADJECTIVE_STEM = re.compile(r"(ов|ев|ин|ск)(ий|ый|ой|ая|ое|ые|ие|ы|а|о)?$")  # "Парижск|ие" -> "париж"
NUMBERED = re.compile(r"(\w+?)[-‐–—](\d{1,3})")  # "моста-2": a word and its number in one token


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
    kind: str = ""  # the noun right before the name that says what kind of place it is ("штатом Оклахома")
    form: str = MentionForm.NAME  # a name, or a place's adjective (``adjectives``)


# A token as the stages here read it (a row of the tokens table without its article and sentence);
# a module-level class, so that per-article results pickle.
Token = namedtuple("Token", ["start", "end", "text", "lemma", "pos", "feats"])


class Run(NamedTuple):
    """Tokens of one sentence a spread name can stand in (``spread.name_runs``), or a whole sentence."""

    sentence_id: int
    offset: int  # where ``text`` starts in the article
    text: str  # the article's raw text from ``offset`` on, at least over the tokens
    tokens: Sequence[Token]


cached_fold = lru_cache(maxsize=1 << 18)(fold)  # pure, and called for the same names again and again


def capitalised(text: str) -> bool:
    return text[:1].isupper()


def case_of(token: Token) -> str:
    """The grammatical case the tagger gives ``token`` ("Nom", "Gen", ...), "" for none."""
    return morph.parse_feats(token.feats).get("Case", "")


def is_common_noun(word: str, name_grammemes: set[str] = NAME_GRAMMEMES) -> bool:
    """A word the dictionary knows, none of whose readings carries one of ``name_grammemes``."""
    parses = morph.parses(word)
    return (
        bool(parses) and parses[0].is_known and not any(name_grammemes & set(p.tag.grammemes) for p in parses)
    )


def two_places(a: str, b: str, memo: Memo) -> bool:
    """Whether two place names name two places a source knows ("Ньюарк", Newark, and "Нью-Йорк": one
    sound key, close Latin letters, and two cities); from ``memo`` by the two names, all it reads: the
    sources' index of places is otherwise loaded by a build's fresh process for a handful of pairs."""

    def apart() -> bool:
        first, second = gazetteer.known_place(a), gazetteer.known_place(b)
        return first is not None and second is not None and first != second

    return memo.get(memo_key("two places", a, b), apart)


def surname_stem(word: str) -> str:
    """A word folded without its case ending: a surname's forms share it ("Шольца", "Шольц")."""
    return CASE_ENDING.sub("", cached_fold(word))


def unnumbered(word: str) -> tuple[str, str]:
    """A word and the number written onto it: "моста-2" -> ("моста", "-2"); ("мост", "")."""
    joined = NUMBERED.fullmatch(word)
    return (joined.group(1), word[len(joined.group(1)) :]) if joined else (word, "")


def numbered_key(agreement: str) -> str:
    """The number of a ``find_numbered_names`` key ("мост:восточн:2" -> "2"), "" for another key."""
    return agreement.rpartition(":")[2] if agreement.count(":") == 2 else ""


def span_key(mention: Mention) -> tuple:
    """A mention's place and type within its article (the key of ``ArticleMentions.normals``)."""
    return (mention.sentence_id, mention.start, mention.end, mention.type)


@dataclass(frozen=True)
class ArticleMentions:
    """What ``mention_rows`` finds in one article: all that ``merge_articles`` needs of it."""

    article_id: str
    runs: tuple[Run, ...]  # where names can spread, by sentence; see ``name_runs``
    mentions: tuple[Mention, ...]  # engine mentions outside agreements, adjective spans repaired
    reports: tuple[bool | None, ...]  # per mention: see ``repair_in_article``
    agreements: tuple[Mention, ...]
    full_name_words: frozenset[str]
    normals: dict[tuple, str]  # ``normal_form`` by ``span_key``: mentions (and as ORG), agreements
    aliases: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()  # (start, end) of a name and of
