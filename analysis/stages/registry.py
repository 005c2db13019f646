"""Every stage of the analysis, declared once: its name, its scope, what it needs and what it makes.

In the spirit of spaCy's ``@Language.component(requires=..., assigns=...)``: the build runs the
stages of ``STAGES`` in the order their needs allow (``analysis.build.runner``), and nothing else
wires them. Adding a stage is one module under ``analysis/stages/``, one entry here and its tables
in ``analysis.core.schema``.

Two scopes:
- ``ARTICLE``: a pure function of one article's share of its inputs (the article's rows of a table
  with ``article_id``, its ``Document``, its entry of a per-article artifact). The runner caches
  each article's result by a hash of those inputs, runs the articles of a large corpus in worker
  processes, and isolates an article's failure to that article's rows. ``finish``, when given, turns
  the articles' rows into the table once they are all in, with the needs listed in ``whole`` over
  the whole corpus (canonical names, numbering groups): what reads the corpus is done there, once per
  build, so adding an article runs the article step for that article alone.
- ``CORPUS``: a function of whole tables, run once per build; an article it fails on is found by
  running the articles alone, and only its rows are lost.

A stage's function takes its needs positionally in the order ``needs`` lists them (a per-article
stage: those not in ``whole``; its ``finish``: the rows, then the ``whole`` needs in their order),
plus ``story=`` when ``story`` is set, ``corrections=`` when ``corrections`` is and ``memo=`` when
``memo`` is (what the stage keeps of its work between builds, by keys that hold all it read); it returns one
value per entry of ``makes`` (a tuple when there are several).
Only this module imports the stage modules; they import ``analysis.core`` and ``analysis.nlp`` only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum

from analysis.core.document import build_documents
from analysis.core.schema import (
    ALIGNMENTS,
    ARTICLES,
    CITATIONS,
    CLAIMS,
    CONTRADICTIONS,
    COPIES,
    CORRECTIONS,
    DATES,
    ELEMENTS,
    ENTITIES,
    EVENT_CLUSTERS,
    EVENTS,
    MENTIONS,
    QUOTES,
    ROLES,
    SENTENCES,
    SIMILARITY,
    TABLES,
    TOKENS,
)
from analysis.stages import alignments, citations, copies, corrections, dates, discrepancies, entities, roles
from analysis.stages.claims import articles as claim_articles
from analysis.stages.claims import assemble
from analysis.stages.claims import quantities as quantity_claims
from analysis.stages.claims import tree as claim_trees


class Scope(Enum):
    ARTICLE = "article"
    CORPUS = "corpus"


# What the build hands the stages (``analysis.build``): read from the corpus folder, and the engine's
# analysis of each article.
RAW_MENTIONS = "raw_mentions"
INPUTS = {
    ARTICLES: "read from the corpus folder (analysis.build.corpus)",
    SENTENCES: "the engine step (analysis.build.annotate)",
    TOKENS: "the engine step (analysis.build.annotate)",
    RAW_MENTIONS: "the engine step: entity spans before linking (analysis.build.annotate)",
}
# Values stages hand each other that are not written to data/, by article id.
ENTITY_PARTS = "entity_parts"
DOCUMENTS = "documents"
QUANTITIES = "quantities"
SYNTAX = "syntax"
DATED_CLAUSES = "dated_clauses"
CLAIM_PROFILES = "claim_profiles"
LINKED_MENTIONS = "linked_mentions"
LINKED_ENTITIES = "linked_entities"
ENTITY_CORRECTIONS = "entity_corrections"
FOUND_CONTRADICTIONS = "found_contradictions"
ARTIFACTS = {
    ENTITY_PARTS: "each article's mentions repaired and normalised, before corpus-wide linking",
    DOCUMENTS: "each article's Document: sentences with tokens and linked mentions",
    QUANTITIES: "each article's quantities by sentence (the grammar's parse, most of the claims' cost)",
    SYNTAX: "the dependency trees of each article's sentences with a quantity",
    DATED_CLAUSES: "each article's events before clustering: its publication and dated clauses",
    CLAIM_PROFILES: "each article's share of the claims' corpus-wide values, and the hash of its prose",
    LINKED_MENTIONS: "the mentions as linking made them, before the analyst's corrections",
    LINKED_ENTITIES: "the entities as linking made them, before the story pack's names and the corrections",
    ENTITY_CORRECTIONS: "what became of each entity correction (rows of the corrections table)",
    FOUND_CONTRADICTIONS: "the discrepancies as found, before the analyst's verdicts",
}


@dataclass(frozen=True)
class Stage:
    name: str
    scope: Scope
    needs: tuple[str, ...]
    makes: tuple[str, ...]
    run: Callable
    doc: str
    whole: tuple[str, ...] = ()  # ARTICLE scope: needs read over the whole corpus, by ``finish`` only
    finish: Callable | None = None  # ARTICLE scope: (the articles' rows, *whole needs) -> the table
    story: bool = False  # takes the story pack as ``story=``
    corrections: bool = False  # takes the analyst's corrections (``corrections.toml``) as ``corrections=``
    every_language: bool = False  # reads every article; else only those in Russian
    memo: bool = False  # CORPUS scope: takes ``memo=`` (``analysis.core.memo.Memo``), kept between builds

    def own_needs(self) -> tuple[str, ...]:
        """The needs that reach an article stage as the article's share."""
        return tuple(need for need in self.needs if need not in self.whole)


STAGES: tuple[Stage, ...] = (
    Stage(
        "entity_parts",
        Scope.ARTICLE,
        needs=(ARTICLES, TOKENS, RAW_MENTIONS),
        makes=(ENTITY_PARTS,),
        run=entities.article_part,
        doc="engine spans repaired with the article's own evidence, put in the nominative",
    ),
    Stage(
        "entities",
        Scope.CORPUS,
        needs=(ARTICLES, RAW_MENTIONS, ENTITY_PARTS),
        makes=(LINKED_MENTIONS, LINKED_ENTITIES),
        run=entities.merge_corpus,
        doc="mentions linked across the corpus into canonical entities with English names",
        memo=True,
    ),
    Stage(
        "entity_corrections",
        Scope.CORPUS,
        needs=(ARTICLES, SENTENCES, LINKED_MENTIONS, LINKED_ENTITIES),
        makes=(MENTIONS, ENTITIES, ENTITY_CORRECTIONS),
        run=corrections.correct_entities,
        doc="the story pack's English names, then the analyst's corrections of entities and spans",
        story=True,
        corrections=True,
    ),
    Stage(
        "documents",
        Scope.CORPUS,
        needs=(ARTICLES, SENTENCES, TOKENS, MENTIONS),
        makes=(DOCUMENTS,),
        run=build_documents,
        doc="one Document per article, the model every later stage reads",
        every_language=True,
    ),
    Stage(
        "dates",
        Scope.ARTICLE,
        needs=(ARTICLES, SENTENCES),
        makes=(DATES,),
        run=dates.extract_dates,
        doc="temporal expressions normalised against the publication date and the text before them",
    ),
    Stage(
        "dated_clauses",
        Scope.ARTICLE,
        needs=(ARTICLES, SENTENCES, DATES, MENTIONS),
        makes=(DATED_CLAUSES,),
        run=dates.article_events,
        doc="each article's publication and dated clauses, labelled, with the entities they name",
        every_language=True,
    ),
    Stage(
        "events",
        Scope.CORPUS,
        needs=(DATED_CLAUSES,),
        makes=(EVENTS, EVENT_CLUSTERS),
        run=dates.cluster_events,
        doc="the articles' dated clauses, clustered across sources",
        every_language=True,
    ),
    Stage(
        "citations",
        Scope.ARTICLE,
        needs=(DOCUMENTS, ARTICLES, ENTITIES),
        makes=(CITATIONS,),
        run=citations.article_citations,
        doc="who each article attributes information to",
        whole=(ARTICLES, ENTITIES),
        finish=citations.citations_table,
    ),
    Stage(
        "quotes",
        Scope.ARTICLE,
        needs=(DOCUMENTS, ENTITIES),
        makes=(QUOTES,),
        run=citations.article_quotes,
        doc="direct quotations and their speakers, grouped across articles",
        whole=(ENTITIES,),
        finish=citations.group_quotes,
    ),
    Stage(
        "copies",
        Scope.CORPUS,
        needs=(DOCUMENTS, ARTICLES, CITATIONS),
        makes=(COPIES,),
        run=copies.find_copies,
        doc="sentences printed in several articles, grouped, with their first publisher and attributions",
        every_language=True,
        memo=True,
    ),
    Stage(
        "alignments",
        Scope.CORPUS,
        needs=(DOCUMENTS, COPIES),
        makes=(ALIGNMENTS, SIMILARITY, ELEMENTS),
        run=alignments.align_articles,
        doc="sentences articles share, article similarity and story elements",
        every_language=True,
        memo=True,
    ),
    Stage(
        "roles",
        Scope.CORPUS,
        needs=(DOCUMENTS, ENTITIES, DATES),
        makes=(ROLES,),
        run=roles.extract_roles,
        doc="each country's role in the story pack's agreement",
        story=True,
    ),
    Stage(
        "quantities",
        Scope.ARTICLE,
        needs=(DOCUMENTS,),
        makes=(QUANTITIES,),
        run=quantity_claims.article_quantities,
        doc="every quantity of the article's prose, parsed",
    ),
    Stage(
        "syntax",
        Scope.ARTICLE,
        needs=(DOCUMENTS, QUANTITIES),
        makes=(SYNTAX,),
        run=claim_trees.article_parses,
        doc="the dependency tree of each sentence with a quantity (slovnet's syntax model)",
    ),
    Stage(
        "claim_profiles",
        Scope.ARTICLE,
        needs=(DOCUMENTS,),
        makes=(CLAIM_PROFILES,),
        run=claim_articles.profile,
        doc="what the claims read of each article's prose alone: its apposition nouns, aspects, lemmas, hash",
    ),
    Stage(
        "claims",
        Scope.CORPUS,
        needs=(DOCUMENTS, CLAIM_PROFILES, ENTITIES, DATES, ROLES, ALIGNMENTS, COPIES, QUANTITIES, SYNTAX),
        makes=(CLAIMS,),
        run=assemble.extract_claims,
        doc="what each sentence states about an entity: quantities, dates, the pack's roles and span",
        story=True,
        memo=True,
    ),
    Stage(
        "contradictions",
        Scope.CORPUS,
        needs=(CLAIMS, ALIGNMENTS, ARTICLES, COPIES),
        makes=(FOUND_CONTRADICTIONS,),
        run=discrepancies.find_discrepancies,
        doc="claims of different sources that cannot all be true",
        every_language=True,
    ),
    Stage(
        "verdicts",
        Scope.CORPUS,
        needs=(FOUND_CONTRADICTIONS, ENTITY_CORRECTIONS),
        makes=(CONTRADICTIONS, CORRECTIONS),
        run=corrections.judge_discrepancies,
        doc="the analyst's verdicts on discrepancies, and what became of every correction",
        corrections=True,
        every_language=True,
    ),
)


def producers(stages: Iterable[Stage] = STAGES) -> dict[str, list[str]]:
    """Table or artifact -> the stages that make it (a well-formed registry has one each)."""
    made: dict[str, list[str]] = {}
    for stage in stages:
        for name in stage.makes:
            made.setdefault(name, []).append(stage.name)
    return made


def in_order(stages: Iterable[Stage] = STAGES) -> list[Stage]:
    """The stages in an order where each runs after the makers of its needs (their declared order
    among those free to run). Raises ValueError naming a need nothing makes, or a cycle."""
    pending, available, ordered = list(stages), set(INPUTS), []
    made = set(producers(pending))
    for stage in pending:
        unknown = [need for need in stage.needs if need not in made and need not in INPUTS]
        if unknown:
            raise ValueError(f"stage {stage.name!r} needs {unknown}, which no stage makes")
    while pending:
        ready = next((s for s in pending if available.issuperset(s.needs)), None)
        if ready is None:
            raise ValueError(f"stages {[s.name for s in pending]} wait on each other")
        ordered.append(ready)
        available.update(ready.makes)
        pending.remove(ready)
    return ordered


def written(stages: Iterable[Stage] = STAGES) -> list[str]:
    """The tables a build writes: the inputs, then what the stages make, in the registry's order."""
    made = [name for stage in in_order(stages) for name in stage.makes]
    return [name for name in [*INPUTS, *made] if name in TABLES]
