"""Each article's quantity and date claims, kept from one build to the next while all they read is
unchanged (``analysis.core.memo``), so adding an article to a large corpus re-extracts only the
articles whose claims could change.

An article's claims read its own inputs (its prose sentences, quantities, trees and dates) and four
corpus-wide values: the nouns the corpus puts in apposition to each entity
(``subjects.apposition_nouns``), the verbs it tells events with (``subjects.event_stems``), the
entities' names and the publication dates it trusts (``timing.trusted_dates``). Of these the rules
only ever ask about the article's own words and entities: whether one of its lemmas is an
apposition noun and of which of its entities, whether the stem of one of its lemmas tells events,
what one of its entities is called, whether its date is trusted. That share (``View``) is all its
claims are made from, and with the article's inputs it keys them: a kept entry is what a fresh
extraction makes. An article's part of the first two values, with the hash of its prose
(``Profile``), is a function of its document alone: the build keeps it with the article (the
``claim_profiles`` stage, cached per article), so the corpus-wide values are summed, not recounted,
and an unchanged article's prose is not hashed again (hashing every article's tokens was half the
stage's time when one article was added).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import partial
from operator import attrgetter

import pandas as pd

from analysis.core.document import Document
from analysis.core.memo import Memo, memo_key
from analysis.nlp.grammars.quantities import Quantity
from analysis.nlp.syntax import Parse
from analysis.stages.claims.dates import article_date_claims, date_points
from analysis.stages.claims.predicates import stem
from analysis.stages.claims.quantities import article_quantity_claims
from analysis.stages.claims.rows import entity_names
from analysis.stages.claims.subjects import Context, apposition_nouns, aspect_counts, event_stems
from analysis.stages.claims.timing import NO_DATES, resolved_dates, trusted_dates


@dataclass(frozen=True)
class Profile:
    """One article's part of the corpus-wide values (its apposition nouns, its verbs' aspects), what
    its claims can ask of them about (its prose lemmas with their stems, its entities) and the hash
    of what they read of its document (``document_key``)."""

    appositions: dict[str, frozenset[str]]
    aspects: tuple[Counter[str], Counter[str]]  # (perfective, imperfective present) uses by stem
    lemmas: tuple[str, ...]  # sorted
    stems: frozenset[str]
    entities: tuple[str, ...]  # sorted
    document: str


def profile(document: Document) -> Profile:
    """The article's ``Profile``: a function of its document alone (the ``claim_profiles`` stage)."""
    appositions = {lemma: frozenset(ids) for lemma, ids in apposition_nouns([document]).items()}
    prose = list(document.prose)
    lemmas = sorted({token.lemma for sentence in prose for token in sentence.tokens})
    entities = sorted({mention.entity_id for sentence in prose for mention in sentence.mentions})
    stems = frozenset(stem(lemma) for lemma in lemmas)
    aspects = aspect_counts([document])
    return Profile(appositions, aspects, tuple(lemmas), stems, tuple(entities), document_key(document))


@dataclass(frozen=True)
class Corpus:
    """The corpus-wide values the claims read."""

    classes: dict[str, set[str]]  # ``apposition_nouns``
    events: frozenset[str]  # ``event_stems``
    names: dict[str, str]  # entity id -> name
    trusted: set[str]  # ``trusted_dates``


def corpus_values(
    profiles: Iterable[Profile], documents: Iterable[Document], entities: pd.DataFrame
) -> Corpus:
    """The corpus-wide values, the first two summed over the articles' profiles."""
    classes: dict[str, set[str]] = {}
    done: Counter[str] = Counter()
    ongoing: Counter[str] = Counter()
    for each in profiles:
        for lemma, ids in each.appositions.items():
            classes.setdefault(lemma, set()).update(ids)
        done.update(each.aspects[0])
        ongoing.update(each.aspects[1])
    return Corpus(classes, event_stems(done, ongoing), entity_names(entities), trusted_dates(documents))


@dataclass(frozen=True)
class View:
    """What one article's claims read of the corpus-wide values: each of its lemmas that is an
    apposition noun, with those of its entities the noun names (in lemma order); its stems that tell
    events; its entities' names; its publication date when trusted, else ""."""

    classes: dict[str, frozenset[str]]
    events: frozenset[str]
    names: dict[str, str]
    published: str

    def key(self) -> tuple:
        """The view as ordered values (``memo_key``)."""
        classes = tuple((lemma, tuple(sorted(ids))) for lemma, ids in self.classes.items())
        return classes, tuple(sorted(self.events)), tuple(self.names.items()), self.published


def view(corpus: Corpus, document: Document, own: Profile) -> View:
    """The article's ``View`` of ``corpus``."""
    entities = frozenset(own.entities)
    classes = corpus.classes
    # its lemmas that are apposition nouns, in lemma order: a set's intersection, not a lookup a lemma
    apposed = {lemma: frozenset(classes[lemma] & entities) for lemma in sorted(classes.keys() & own.lemmas)}
    names = {entity: corpus.names[entity] for entity in own.entities if entity in corpus.names}
    published = document.published if document.published in corpus.trusted else ""
    return View(apposed, own.stems & corpus.events, names, published)


@dataclass(frozen=True)
class Inputs:
    """An article's own inputs besides its document: its quantities by sentence, their trees, its
    resolved dates (``timing.resolved_dates``) and its date points by sentence (``dates.date_points``)."""

    found: dict[int, list[Quantity]]
    parses: dict[int, Parse]
    dated: tuple
    points: dict[int, list]

    def key(self) -> tuple:
        """The inputs as ordered values (``memo_key``): quantities, trees and the timeline's rows as
        plain tuples (a dataclass pickles through Python code, several times slower)."""
        found = tuple((sentence, tuple(map(_QUANTITY, each))) for sentence, each in self.found.items())
        parses = tuple((sentence, parse.heads, parse.rels) for sentence, parse in self.parses.items())
        points = tuple((sentence, tuple(map(tuple, rows))) for sentence, rows in self.points.items())
        return found, parses, self.dated, points


_QUANTITY = attrgetter(*(field.name for field in fields(Quantity)))  # a quantity's fields as a tuple


def document_key(document: Document) -> str:
    """A hash of what the claims read of an article's document: its prose sentences whole (tokens and
    mentions as plain tuples: named tuples pickle several times slower) and its publication date."""
    prose = [
        (s.article_id, s.sentence_id, s.paragraph_id, s.start, s.end, s.text)
        + (tuple(map(tuple, s.tokens)), tuple(map(tuple, s.mentions)))
        for s in document.prose
    ]
    return memo_key(document.article_id, document.published, prose)


def claims(document: Document, seen: View, inputs: Inputs) -> tuple[list[dict], list[dict]]:
    """The article's quantity claims and date claims (``claims`` rows), made from its view alone."""
    where = Context(list(document.prose), seen.classes, seen.events)
    quantity = article_quantity_claims(
        document, where, seen.names, inputs.dated, inputs.found, inputs.parses, seen.published
    )
    dates = article_date_claims(
        Context(where.prose, seen.classes), seen.names, inputs.points, document.published
    )
    return quantity, dates


def article_claims(
    documents: dict[str, Document],
    profiles: dict[str, Profile],
    entities: pd.DataFrame,
    dates: pd.DataFrame,
    quantities: dict[str, dict[int, list[Quantity]]],
    syntax: dict[str, dict[int, Parse]],
    memo: Memo,
) -> tuple[list[dict], list[dict]]:
    """Every article's quantity claims, then every article's date claims (rows in article order):
    each article's from ``memo`` while its document (its profile's ``document``), inputs and view
    are those it was made of."""
    corpus = corpus_values((profiles[article_id] for article_id in documents), documents.values(), entities)
    resolved, points = resolved_dates(dates), date_points(dates)
    quantity_rows: list[dict] = []
    date_rows: list[dict] = []
    for article_id, document in documents.items():
        seen = view(corpus, document, profiles[article_id])
        inputs = Inputs(
            quantities[article_id],
            syntax.get(article_id, {}),
            resolved.get(article_id, NO_DATES),
            points.get(article_id, {}),
        )
        key = memo_key("claims", profiles[article_id].document, inputs.key(), seen.key())
        made = memo.get(key, partial(claims, document, seen, inputs))
        quantity_rows.extend(made[0])
        date_rows.extend(made[1])
    return quantity_rows, date_rows
