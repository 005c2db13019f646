"""Who a citation names: a source (an entity of the corpus, or a Latin name the engine missed),
what kind of source it is (media, social platform, official body, person), and the descriptor
words around it ("портал", "Telegram-канал", "министерство")."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.core.codes import EntityType
from analysis.core.document import Mention, Token
from analysis.core.lexicon import table, words
from analysis.core.schema import Col
from analysis.core.text import fold, fold_lookalikes


class SourceKind:
    """``citations.kind``: what kind of source is cited."""

    MEDIA = "media"
    SOCIAL_PLATFORM = "social_platform"
    OFFICIAL = "official"
    PERSON = "person"


# Words that name what kind of source follows ("портал Axios", "Telegram-канал", "министерство").
DESCRIPTOR_KIND = table("citations_descriptors")
# Words of an organisation's canonical name that make it a public authority.
OFFICIAL_WORDS = words("citations_official_words")


@dataclass(frozen=True)
class Named:
    """A source as an article names it, before the corpus resolves it: a linked mention (its entity,
    normal form and type) or a Latin name the engine missed, with the descriptor words around it."""

    entity_id: str
    normal: str
    etype: str
    latin: str
    descriptors: tuple[str, ...]
    via_in: bool = False  # found as "в <Name>" after a speech verb


@dataclass
class Source:
    """A cited source: its canonical name, its entity (when the corpus has one) and type, and the
    descriptor words it was named with."""

    name: str
    entity_id: str
    etype: str
    descriptors: list[str]
    via_in: bool = False  # found as "в <Name>" after a speech verb


def is_latin_name(text: str) -> bool:
    """A capitalised Latin name ("Axios", "AP"), look-alike Cyrillic letters read as Latin."""
    return bool(re.match(r"[A-Z][A-Za-z0-9&'.]*$", fold_lookalikes(text)))


class Resolver:
    """Canonical names of entities and of Latin names the engine missed."""

    def __init__(self, entities: pd.DataFrame, articles: pd.DataFrame) -> None:
        self._folded: dict[str, str] = {}
        self.names = dict(zip(entities[Col.ENTITY_ID], entities[Col.NAME], strict=True))
        self.types = dict(zip(entities[Col.ENTITY_ID], entities[Col.TYPE], strict=True))
        self.by_alias = {}
        for row in entities.itertuples(index=False):
            for alias in [row.name, *list(row.aliases)]:
                self.by_alias.setdefault(self.folded(alias), row.entity_id)
        # a corpus has few outlets and many articles: each outlet folded once (``folded``)
        outlets = articles[Col.OUTLET].tolist()
        self.outlets = {self.folded(o) for o in outlets if isinstance(o, str) and o}
        self.outlet_of = {
            a: self.folded(o) if isinstance(o, str) else ""
            for a, o in zip(articles[Col.ARTICLE_ID].tolist(), outlets, strict=True)
        }

    def folded(self, name: str) -> str:
        """``fold(name)``, once per name (a corpus cites the same sources, and names the same outlets,
        again and again)."""
        if name not in self._folded:
            self._folded[name] = fold(name)
        return self._folded[name]

    def source(self, named: Named) -> Source:
        """The canonical source an article names: its entity's name and type, a Latin name by alias."""
        descriptors = list(named.descriptors)
        if not named.latin:
            eid = named.entity_id
            name, etype = self.names.get(eid, named.normal), self.types.get(eid, named.etype)
            return Source(name, eid, etype, descriptors, named.via_in)
        eid = self.by_alias.get(self.folded(named.latin), "")
        if eid:
            return Source(self.names[eid], eid, self.types[eid], descriptors, named.via_in)
        return Source(fold_lookalikes(named.latin), "", "", descriptors, named.via_in)

    def kind(self, source: Source) -> str:
        for word in source.descriptors:
            if word in DESCRIPTOR_KIND:
                return DESCRIPTOR_KIND[word]
        if self.folded(source.name) in self.outlets:
            return SourceKind.MEDIA
        if source.etype == EntityType.PER:
            return SourceKind.PERSON
        if OFFICIAL_WORDS & set(self.folded(source.name).split()):
            return SourceKind.OFFICIAL
        return SourceKind.SOCIAL_PLATFORM if source.via_in else SourceKind.MEDIA


def from_mention(mention: Mention, descriptors: list[str]) -> Named | None:
    """A source named by a linked mention; a country alone is none."""
    if mention.type == EntityType.LOC and not descriptors:
        return None  # "США заявили" is too vague a source; "пресс-служба Кремля" is not
    return Named(mention.entity_id, mention.normal, mention.type, "", tuple(descriptors))


def from_latin(name: str, descriptors: list[str]) -> Named:
    """A source named by a Latin name the engine did not tag."""
    return Named("", "", "", name, tuple(descriptors))


def descriptor(tok: Token) -> str:
    """The descriptor word a token carries, also as a hyphenated tail ("Telegram-канале" -> канал)."""
    if tok.key in DESCRIPTOR_KIND:
        return tok.key
    tail = tok.key.rsplit("-", 1)[-1]
    return tail if "-" in tok.key and tail in DESCRIPTOR_KIND else ""


def latin_run(toks: tuple[Token, ...], i: int, raw: str) -> tuple[str, str, int] | None:
    """(name, descriptor tail, next index) of a capitalised Latin name starting at token ``i``."""
    head = re.match(r"([A-Za-z][\w.&']*)-(\w+)$", fold_lookalikes(toks[i].text))
    if head and is_latin_name(head.group(1)):
        return head.group(1), descriptor(toks[i]), i + 1
    if not is_latin_name(toks[i].text):
        return None
    j = i + 1
    while j < len(toks) and (
        re.match(r"[A-Za-z0-9&'.]+$", fold_lookalikes(toks[j].text))
        and (toks[j].text != "." or (j + 1 < len(toks) and toks[j + 1].start == toks[j].end))
    ):
        j += 1
    name = raw[toks[i].start : toks[j - 1].end].rstrip(".")
    return name, "", j
