"""The ``citations`` table: who each article attributes information to, found from the
attribution constructions of its prose ("сообщает X", "X пишет", "по данным X", "со ссылкой на X",
"опубликован в X"), a construction naming only a descriptor ("издание отмечает") referring back
to the latest source of that kind.

Two steps: ``article_citations`` finds the constructions of one article and the names in them
(reading the article only, so its result stays cached when other articles come and go);
``citations_table`` resolves the names against the corpus (canonical names, types, aliases, outlets)
and gives each source its kind."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import pandas as pd

from analysis.core.codes import EntityType
from analysis.core.document import Document, Sentence
from analysis.core.lexicon import words
from analysis.core.schema import CITATIONS, TABLES, Col, validate
from analysis.stages.citations.quotes import QUOTE_PAIRS
from analysis.stages.citations.sources import (
    DESCRIPTOR_KIND,
    Named,
    Resolver,
    Source,
    descriptor,
    from_latin,
    from_mention,
    latin_run,
)

# Verbs that attribute information to their subject ("сообщает X", "X пишет", "опубликован в X").
REPORT_VERBS = words("reporting_verbs")
# Nouns of "по данным X", "согласно сообщению X", "по словам X".
SOURCING_NOUNS = words("citations_sourcing_nouns")
CLAUSE_BREAK = frozenset(',;:—–-«»"“”„()')
CITED = "cited"  # column of the per-article rows: the construction's names, before the corpus resolves them
ROW_COLUMNS = [Col.ARTICLE_ID, Col.SENTENCE_ID, Col.START, Col.END, Col.CUE, Col.EVIDENCE, CITED]


class Cited(NamedTuple):
    """One attribution construction as the article words it: the names that may be its source, in
    order of preference, and the descriptor words a construction naming no source refers back with."""

    options: tuple[Named, ...]
    descriptors: tuple[str, ...]
    persons: bool  # a person may be the source ("по словам X"); not of a reporting verb ("X заявил")

    def source(self, names: Resolver) -> Source | None:
        """The first option the corpus resolves to an acceptable source."""
        for named in self.options:
            source = names.source(named)
            if self.persons or source.etype != EntityType.PER:
                return source
        return None


class Citer:
    """Finds the source slot of each attribution construction in a sentence."""

    def __init__(self, raw: str) -> None:
        self.raw = raw

    def slot(
        self, s: Sentence, i: int, via_in: bool = False, phrase: bool = False
    ) -> tuple[Named | None, list[str]]:
        """Source named from token ``i`` on, after adjectives and descriptor words ("американский портал").

        With ``phrase`` the name may follow role nouns too ("по словам министра финансов X").
        """
        descriptors = []
        skippable = ("ADJ", "DET", "NOUN") if phrase else ("ADJ", "DET")
        while i < len(s.tokens) and s.token_mentions[i] is None and not latin_run(s.tokens, i, self.raw):
            tok = s.tokens[i]
            if word := descriptor(tok):
                descriptors.append(word)
            elif tok.text in QUOTE_PAIRS:
                return self._quoted(s, i, descriptors), descriptors
            elif tok.pos not in skippable:
                break
            i += 1
        if i >= len(s.tokens):
            return None, descriptors
        run = latin_run(s.tokens, i, self.raw)
        if run and run[1]:  # "Telegram-канале": the platform is the Latin head, whatever the tagger says
            named = from_latin(run[0], [*descriptors, run[1]])
        elif s.token_mentions[i] is not None:
            named = from_mention(s.mentions[s.token_mentions[i]], descriptors)
        elif run:
            named = from_latin(run[0], descriptors)
        else:
            return None, descriptors
        return (replace(named, via_in=via_in) if named else None), descriptors

    def _quoted(self, s: Sentence, i: int, descriptors: list[str]) -> Named | None:
        """A capitalised name in quote marks ("газета «Асахи»") that the engine did not tag."""
        close = next(
            (j for j in range(i + 1, min(len(s.tokens), i + 8)) if s.tokens[j].text in QUOTE_PAIRS.values()),
            None,
        )
        if close is None or close == i + 1 or not s.tokens[i + 1].text[:1].isupper():
            return None
        inner = s.tokens[i + 1 : close]
        if s.token_mentions[i + 1] is not None:
            return from_mention(s.mentions[s.token_mentions[i + 1]], descriptors)
        return from_latin(self.raw[inner[0].start : inner[-1].end], descriptors)

    def _name_start(self, s: Sentence, i: int) -> int | None:
        """First token of the mention or Latin name that token ``i`` ends, None if it ends none."""
        mention = s.token_mentions[i]
        if mention is not None:
            while i > 0 and s.token_mentions[i - 1] == mention:
                i -= 1
            return i
        if not latin_run(s.tokens, i, self.raw):
            return None
        while i > 0 and s.token_mentions[i - 1] is None and latin_run(s.tokens, i - 1, self.raw):
            i -= 1
        return i

    def subject_before(self, s: Sentence, verb: int) -> tuple[Named | None, list[str]]:
        """The nearest nominative name before the verb in the same clause ("Агентство X ... пишет")."""
        i = verb - 1
        while i >= 0 and s.tokens[i].text not in CLAUSE_BREAK:
            first = self._name_start(s, i)
            if first is not None:
                cases = [t.case for t in s.tokens[first : i + 1] if t.case]
                if not cases or "Nom" in cases:
                    while first > 0 and (
                        s.tokens[first - 1].pos in ("ADJ", "DET") or descriptor(s.tokens[first - 1])
                    ):
                        first -= 1
                    return self.slot(s, first)
                i = first
            i -= 1
        clause_start = i + 1
        descriptors = [d for t in s.tokens[clause_start:verb] if (d := descriptor(t))]
        return None, descriptors if verb - clause_start <= 2 else []

    def in_slot(self, s: Sentence, verb: int) -> tuple[Named | None, str]:
        """(source, preposition) of "сообщил X в <Name>", "опубликован 7 ноября в <Name>", "написал на <Name>"."""
        for i in range(verb + 1, min(len(s.tokens), verb + 6)):
            tok = s.tokens[i]
            if tok.text in CLAUSE_BREAK or tok.text == ".":
                break
            if tok.pos == "ADP":
                return (
                    (self.slot(s, i + 1, via_in=True)[0], tok.text) if tok.key in ("в", "на") else (None, "")
                )
        return None, ""

    def reported(self, s: Sentence, verb: int) -> list[tuple[Cited, str]]:
        """The constructions of the reporting verb at token ``verb``: the name after it, else the
        subject before it (neither a person, which the corpus decides), else the descriptor alone;
        and the platform of "написал в X"."""
        found = []
        cue = s.tokens[verb].text
        after, after_desc = self.slot(s, verb + 1)
        before, before_desc = self.subject_before(s, verb)
        options = tuple(named for named in (after, before) if named)
        alone = () if options else tuple(before_desc or after_desc)
        if options or alone:
            found.append((Cited(options, alone, persons=False), cue))
        platform, preposition = self.in_slot(s, verb)
        if platform:
            found.append((Cited((platform,), platform.descriptors, persons=True), f"{cue} {preposition}"))
        return found

    def citations(self, s: Sentence) -> list[tuple[Cited, str]]:
        """(construction, cue) for every attribution construction in the sentence."""
        found = []
        toks = s.tokens
        for i, tok in enumerate(toks):
            if tok.key in REPORT_VERBS and tok.pos in ("VERB", "ADJ"):
                found += self.reported(s, i)
            elif tok.key in ("ссылаться", "ссылка") and i + 1 < len(toks) and toks[i + 1].key == "на":
                named, desc = self.slot(s, i + 2, phrase=True)
                if named or desc:
                    opening = toks[i - 1] if tok.key == "ссылка" and i else tok
                    found.append((_cited(named, desc), self.raw[opening.start : toks[i + 1].end]))
            elif tok.key in ("по", "согласно") and i + 1 < len(toks) and toks[i + 1].key in SOURCING_NOUNS:
                named, desc = self.slot(s, i + 2, phrase=True)
                if named or desc:
                    found.append((_cited(named, desc), self.raw[tok.start : toks[i + 1].end]))
        return found


def _cited(named: Named | None, descriptors: list[str]) -> Cited:
    return Cited((named,) if named else (), tuple(descriptors), persons=True)


def article_citations(document: Document) -> pd.DataFrame:
    """One row per attribution construction of the article, its names not yet resolved (``cited``)."""
    citer = Citer(document.raw_text)
    rows = [
        (s.article_id, s.sentence_id, s.start, s.end, cue, s.text, cited)
        for s in document.prose
        for cited, cue in citer.citations(s)
    ]
    frame = pd.DataFrame(rows, columns=ROW_COLUMNS)
    return frame.astype({Col.SENTENCE_ID: int, Col.START: int, Col.END: int})


def citations_table(frame: pd.DataFrame, articles: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """The ``citations`` table from every article's constructions: one row per construction naming a
    source, the article's own outlet not a citation, each source of the corpus given one kind.

    A construction that names only a descriptor ("портал отмечает", "по данным издания") refers
    back to the latest source of that kind cited earlier in the same article.
    """
    names = Resolver(entities, articles)
    rows, last_by_kind, article = [], {}, None
    columns = [frame[c] for c in ROW_COLUMNS] if len(frame) else [[]] * len(ROW_COLUMNS)
    for article_id, sentence_id, start, end, cue, evidence, cited in zip(*columns, strict=True):
        if article_id != article:  # a descriptor refers back within its article only
            article, last_by_kind = article_id, {}
            outlet = names.outlet_of.get(article_id, "")
        found = _source(cited, names, last_by_kind)
        if found is None:
            continue
        source, kind = found
        if names.folded(source.name) == outlet:
            continue
        last_by_kind[kind] = (source, kind)
        rows.append((article_id, sentence_id, start, end, source.name, source.entity_id, kind, cue, evidence))
    table = pd.DataFrame(rows, columns=list(TABLES[CITATIONS].columns)).drop_duplicates(
        [Col.ARTICLE_ID, Col.SENTENCE_ID, Col.SOURCE]
    )
    table = table.astype({Col.SENTENCE_ID: int, Col.START: int, Col.END: int}).reset_index(drop=True)
    return one_kind_per_source(table)


def _source(
    cited: Cited, names: Resolver, last_by_kind: dict[str, tuple[Source, str]]
) -> tuple[Source, str] | None:
    """(source, kind) of a construction: its name resolved, else the latest source of its descriptor's
    kind earlier in the article; None when it names only persons, or nothing to refer back to."""
    source = cited.source(names)
    if source is not None:
        return source, names.kind(source)
    if cited.options:
        return None
    wanted = {DESCRIPTOR_KIND[d] for d in cited.descriptors}
    earlier = [e for e in (last_by_kind.get(k) for k in sorted(wanted)) if e]
    return earlier[0] if earlier else None


def one_kind_per_source(frame: pd.DataFrame) -> pd.DataFrame:
    """The ``citations`` table: each source of the corpus given one kind, the one most of its
    citations suggest (of those tied, the first in alphabetical order, as ``Series.mode`` gives them).
    Counted for every source at once: a ``mode`` per source cost a sixth of the stage at 2,000
    articles."""
    if len(frame):
        counts = frame.groupby([Col.SOURCE, Col.KIND]).size().rename("n").reset_index()
        order = [Col.SOURCE, "n", Col.KIND]
        counts = counts.sort_values(order, ascending=[True, False, True], kind="stable")
        kinds = counts.drop_duplicates(Col.SOURCE).set_index(Col.SOURCE)[Col.KIND]
        frame = frame.assign(**{Col.KIND: frame[Col.SOURCE].map(kinds)})
    return validate(CITATIONS, frame)
