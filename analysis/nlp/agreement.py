"""The story pack's agreement in a corpus: which entity it is, which sentences are about it, the
years they state, and the pack's words for the rules that read them.

Text analysis over ``Document`` sentences with the words the story pack (``analysis.core.story``)
supplies; both the roles stage (each country's role) and the claims stage (the agreement's span)
read it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from analysis.core.document import Document, Sentence, Token
from analysis.core.lexicon import words
from analysis.core.schema import Col
from analysis.core.story import StoryPack

# Nouns that head an agreement's name ("Парижские соглашения"), by lemma.
AGREEMENT_HEADS = words("agreement_heads")
RELATIVE_AFTER = frozenset({"спустя", "позже"})  # "год спустя"
_YEAR = re.compile(r"^(\d{4})(?:[-–—](\d{4}))?$")
_DASHES = {"-", "–", "—"}


@dataclass(frozen=True)
class YearExpr:
    """A year or a range of years a sentence states ("в 2020 году", "2020–2021"): offsets into the
    article's raw text, the first and the last year."""

    start: int
    end: int
    first: int
    last: int

    @property
    def is_range(self) -> bool:
        return self.first != self.last


@dataclass(frozen=True)
class Vocabulary:
    """The pack's role codes and cue lemmas (folded), gathered once for the rules."""

    party: str
    intermediary: str
    prospect: str
    prior: str
    unfinished: str
    join: frozenset[str]
    sign_verbs: frozenset[str]
    sign_nouns: frozenset[str]
    relation_verbs: frozenset[str]
    relation_nouns: frozenset[str]
    intermediary_nouns: frozenset[str]
    prospect_nouns: frozenset[str]
    prospect_modals: frozenset[str]
    have: frozenset[str]
    completion: frozenset[str]
    started: frozenset[str]

    @property
    def signing(self) -> frozenset[str]:
        """Words that name signing or joining (a year range after them dates the agreement)."""
        return self.sign_verbs | self.sign_nouns | self.join

    @property
    def cue_nouns(self) -> frozenset[str]:
        """Nouns that name joining, signing or a prospect of it: a country in their genitive takes
        the sentence's role."""
        return self.join | self.sign_nouns | self.prospect_nouns


def vocabulary(pack: StoryPack) -> Vocabulary:
    """The rules' words from ``pack`` (a rule the pack gives no role finds nothing)."""

    def code(rule: str) -> str:
        role = pack.role(rule)
        return role.code if role else ""

    party = pack.cues
    return Vocabulary(
        party=code("party"),
        intermediary=code("intermediary"),
        prospect=code("prospect"),
        prior=code("prior"),
        unfinished=code("unfinished"),
        join=party("party", "join"),
        sign_verbs=party("party", "verbs"),
        sign_nouns=party("party", "nouns"),
        relation_verbs=party("party", "relation_verbs"),
        relation_nouns=party("party", "relation_nouns"),
        intermediary_nouns=party("intermediary", "nouns"),
        prospect_nouns=party("prospect", "nouns"),
        prospect_modals=party("prospect", "modals"),
        have=party("prior", "verbs") | party("party", "verbs") | party("party", "relation_verbs"),
        completion=party("unfinished", "verbs"),
        started=party("unfinished", "started"),
    )


@dataclass(frozen=True)
class AgreementText:
    """What a corpus says about the story pack's agreement (``read_agreement``)."""

    entity_id: str  # the agreement's entity; "" when the corpus never names it (or has no pack)
    articles: dict[str, list[Sentence]]  # every article's prose sentences, in reading order
    about: dict[str, set[int]]  # by article: the sentences about the agreement (``_agreement_context``)
    years: dict[str, dict[int, list[YearExpr]]]  # by article and sentence: the years it states


def read_agreement(
    documents: dict[str, Document], dates: pd.DataFrame, pack: StoryPack | None
) -> AgreementText:
    """The pack's agreement in ``documents``: its entity, the sentences about it and the years every
    sentence states (``dates``: the dates table; when empty, years are read from the tokens)."""
    by_article = _article_sentences(documents)
    agreement = _agreement_entity(by_article, pack.stems) if pack else ""
    if not agreement:
        return AgreementText("", by_article, {}, {})
    contexts = _agreement_contexts(by_article, agreement)
    return AgreementText(agreement, by_article, contexts, _corpus_years(by_article, dates))


def _article_sentences(documents: dict[str, Document]) -> dict[str, list[Sentence]]:
    """Prose sentences per article, in reading order."""
    return {article_id: list(document.prose) for article_id, document in documents.items()}


def _agreement_entity(by_article: dict[str, list[Sentence]], stems: tuple[str, ...]) -> str:
    """The story pack's agreement: the entity most often named with an agreement noun and a word
    starting with one of the pack's ``stems``, or ''."""
    counts: Counter[str] = Counter()
    for article in by_article.values():
        for sentence in article:
            for mention in sentence.mentions:
                inside = [t for t in sentence.tokens if mention.start <= t.start < mention.end]
                if any(t.lemma in AGREEMENT_HEADS for t in inside) and any(
                    t.key.startswith(stems) for t in inside
                ):
                    counts[mention.entity_id] += 1
    if not counts:
        return ""
    return min(counts, key=lambda entity_id: (-counts[entity_id], entity_id))


def _agreement_context(article: list[Sentence], anchors: set[int]) -> set[int]:
    """Sentences about the agreement: those naming it (``anchors``) or a bare agreement noun, and
    every later sentence of the same paragraph ("Посредником были США" follows its anchor). An
    article that never names the agreement has none: its bare "соглашение" is another agreement."""
    if not anchors:
        return set()
    context: set[int] = set()
    anchored_paragraphs: set[int] = set()
    for sentence in article:
        if sentence.sentence_id in anchors or _bare_agreement(sentence.tokens):
            anchored_paragraphs.add(sentence.paragraph_id)
        if sentence.paragraph_id in anchored_paragraphs:
            context.add(sentence.sentence_id)
    return context


def _agreement_contexts(by_article: dict[str, list[Sentence]], agreement: str) -> dict[str, set[int]]:
    """``_agreement_context`` of every article, anchored on the sentences naming ``agreement``."""
    return {
        article_id: _agreement_context(
            article, {s.sentence_id for s in article if any(m.entity_id == agreement for m in s.mentions)}
        )
        for article_id, article in by_article.items()
    }


def _bare_agreement(tokens: tuple[Token, ...]) -> bool:
    """An agreement noun with no adjective of its own ("к соглашениям") refers back to the story's one;
    "коммерческих соглашений" introduces another."""
    return any(
        tok.lemma in AGREEMENT_HEADS and (i == 0 or tokens[i - 1].pos != "ADJ")
        for i, tok in enumerate(tokens)
    )


def _corpus_years(
    by_article: dict[str, list[Sentence]], dates: pd.DataFrame
) -> dict[str, dict[int, list[YearExpr]]]:
    """Year expressions of every article, by sentence: from the article's rows of the dates table
    when the corpus has a dates table, else from the tokens."""
    dates_of = dict(list(dates.groupby(Col.ARTICLE_ID))) if len(dates) else {}
    return {
        article_id: _article_years(article, dates_of.get(article_id, dates.iloc[:0]), bool(len(dates)))
        for article_id, article in by_article.items()
    }


def _article_years(article: list[Sentence], dates: pd.DataFrame, dated: bool) -> dict[int, list[YearExpr]]:
    """Year expressions per sentence: from the article's rows of the dates table when the corpus has
    a dates table (``dated``), else from the tokens."""
    if dated:
        return _dated_years(article, dates)
    years: dict[int, list[YearExpr]] = {}
    previous = 0
    for sentence in article:
        found = _token_years(sentence.tokens, previous)
        years[sentence.sentence_id] = found
        if found:
            previous = found[-1].last
    return years


def _dated_years(article: list[Sentence], dates: pd.DataFrame) -> dict[int, list[YearExpr]]:
    """Years the text states (absolute or counted from another date), not those read off the
    publication date."""
    rows = dates.fillna("")
    stated = rows[
        rows[Col.RESOLVED].astype(bool) & (rows[Col.ANCHOR] != "publication") & (rows[Col.START_DATE] != "")
    ]
    years: dict[int, list[YearExpr]] = {s.sentence_id: [] for s in article}
    for row in stated.sort_values(Col.START).itertuples(index=False):
        years.setdefault(row.sentence_id, []).append(
            YearExpr(row.start, row.end, int(row.start_date[:4]), int(row.end_date[:4] or row.start_date[:4]))
        )
    return years


def _token_years(tokens: tuple[Token, ...], previous: int) -> list[YearExpr]:
    """Four-digit years and ranges ("2020—2021", "2020 - 2021"), and "N лет спустя" after ``previous``."""
    found: list[YearExpr] = []
    for i, tok in enumerate(tokens):
        match = _YEAR.match(tok.text)
        if match and 1000 <= int(match[1]) <= 2100:
            first, last = int(match[1]), int(match[2] or match[1])
            if found and found[-1].first == found[-1].last and _dash_between(tokens, found[-1], tok):
                found[-1] = YearExpr(found[-1].start, tok.end, found[-1].first, first)
                continue
            found.append(YearExpr(tok.start, tok.end, first, last))
        elif tok.lemma in RELATIVE_AFTER and i > 0 and tokens[i - 1].lemma == "год" and previous:
            counted = i > 1 and tokens[i - 2].text.isdigit()
            shift = int(tokens[i - 2].text) if counted else 1
            start = tokens[i - 2 if counted else i - 1].start
            found.append(YearExpr(start, tok.end, previous + shift, previous + shift))
    return found


def _dash_between(tokens: tuple[Token, ...], year: YearExpr, tok: Token) -> bool:
    between = [t.text for t in tokens if year.end <= t.start < tok.start]
    return len(between) == 1 and between[0] in _DASHES
