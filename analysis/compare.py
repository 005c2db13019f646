"""Which passages articles share: sentence alignments, article similarity and story elements.

A sentence becomes a bag of content lemmas, canonical entity ids and numbers weighted by IDF
over every prose sentence, so inflection, word order and naming variants ("ОАЭ" / "Объединённые
Арабские Эмираты") do not hide a match; pairs score by cosine. A long sentence often retells
two facts, so a pair also scores by its best pair of clauses when they share enough content.
Reporting frames ("пишет", "со ссылкой на") are not content and are left out.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from analysis.citations import REPORT_VERBS, Sentence, prose_sentences, words
from analysis.schema import ALIGNMENTS, ELEMENTS, SIMILARITY, TABLES, validate
from analysis.textnorm import fold

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV", "X"})
STOP_LEMMAS = words(
    "быть этот тот который свой весь такой также уже еще как так год мочь стать очень лишь "
    "ссылка ссылаться источник напомнить"
)
CLAUSE_BREAKS = frozenset(",;:—–()")
MIN_CLAUSE_FEATURES = 3
# A pair of clauses counts only when they share this many features, this many not entities.
MIN_SHARED, MIN_SHARED_CONTENT = 4, 3
ALIGN_THRESHOLD = 0.35
VERBATIM, NEAR_VERBATIM = 95, 80
LABEL_CHARS = 140


def _token_features(s: Sentence, index: int) -> list[str]:
    tok = s.toks[index]
    if tok.mention is not None:
        first = index == 0 or s.toks[index - 1].mention != tok.mention
        return [f"E:{s.mentions[tok.mention]['entity_id']}"] if first else []
    numbers = [f"N:{n}" for n in re.findall(r"\d+", tok.text)]
    if numbers:
        return numbers
    lemma = tok.lemma
    if tok.pos in CONTENT_POS and len(lemma) > 1 and lemma not in STOP_LEMMAS and lemma not in REPORT_VERBS:
        return [lemma]
    return []


def clause_features(s: Sentence) -> list[set[str]]:
    """Feature sets of the sentence's clauses; clauses too small to stand alone join their neighbour."""
    segments: list[set[str]] = [set()]
    for index, tok in enumerate(s.toks):
        if tok.text in CLAUSE_BREAKS:
            segments.append(set())
        else:
            segments[-1].update(_token_features(s, index))
    merged: list[set[str]] = []
    for features in filter(None, segments):
        if merged and (len(features) < MIN_CLAUSE_FEATURES or len(merged[-1]) < MIN_CLAUSE_FEATURES):
            merged[-1] |= features
        else:
            merged.append(set(features))
    return merged or [set()]


def _matrix(bags: list[set[str]], vocab: dict[str, int]) -> np.ndarray:
    matrix = np.zeros((len(bags), len(vocab)))
    for row, bag in enumerate(bags):
        matrix[row, [vocab[f] for f in bag]] = 1.0
    return matrix


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def sentence_scores(prose: list[Sentence]) -> np.ndarray:
    """Sentence x sentence similarity in [0, 1]: max of sentence cosine and qualifying clause cosine."""
    clauses = [clause_features(s) for s in prose]
    bags = [set().union(*c) for c in clauses]
    vocab = {f: i for i, f in enumerate(sorted(set().union(set(), *bags)))}
    presence = _matrix(bags, vocab)
    idf = np.log((1 + len(prose)) / (1 + presence.sum(axis=0))) + 1
    scores = _normalise(presence * idf) @ _normalise(presence * idf).T
    flat = [c for cs in clauses for c in cs]
    first_clause = np.cumsum([0] + [len(c) for c in clauses[:-1]])
    binary = _matrix(flat, vocab)
    content = binary * np.array([not f.startswith("E:") for f in vocab])
    shared, shared_content = binary @ binary.T, content @ content.T
    clause_cos = _normalise(binary * idf) @ _normalise(binary * idf).T
    clause_cos[(shared < MIN_SHARED) | (shared_content < MIN_SHARED_CONTENT)] = 0
    best = np.maximum.reduceat(np.maximum.reduceat(clause_cos, first_clause, axis=0), first_clause, axis=1)
    return np.clip(np.maximum(scores, best), 0, 1)


def _kind(surface: tuple[str, str], lemmas: tuple[str, str]) -> str:
    """`verbatim`, `near_verbatim` (same words up to small edits, inflection, order) or `paraphrase`."""
    close = fuzz.ratio(*surface)
    if close >= VERBATIM:
        return "verbatim"
    return "near_verbatim" if max(close, fuzz.token_sort_ratio(*lemmas)) >= NEAR_VERBATIM else "paraphrase"


def story_elements(
    prose: list[Sentence], pairs: list[tuple[int, int]], scores: np.ndarray
) -> tuple[dict[int, set[int]], dict[tuple[int, int], int]]:
    """Element members (sentence indexes) keyed by element number, and each pair's element.

    Pairs join their sentences' groups strongest first, unless both groups already hold a
    sentence of the same article: one article rarely tells one fact twice, and the rule stops
    a long two-fact sentence from chaining two facts into one element. A pair left across two
    groups belongs to the one the other sentence fits (no article twice), else the larger, which
    then counts that sentence as a member too.
    """
    parent = {i: i for pair in pairs for i in pair}
    articles = {i: {prose[i].article_id} for i in parent}

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in sorted(pairs, key=lambda p: (-scores[p], p)):
        ri, rj = root(i), root(j)
        if ri != rj and not articles[ri] & articles[rj]:
            parent[rj] = ri
            articles[ri] |= articles.pop(rj)
    groups: dict[int, set[int]] = {}
    for i in sorted(parent):
        groups.setdefault(root(i), set()).add(i)

    def fit(home: int, guest: int) -> tuple[bool, int, int]:
        clash = prose[guest].article_id in {prose[k].article_id for k in groups[home]}
        return (not clash, len(groups[home]), -min(groups[home]))

    edge_root = {}
    for i, j in pairs:
        ri, rj = root(i), root(j)
        edge_root[(i, j)] = ri if fit(ri, j) >= fit(rj, i) else rj
    for (i, j), home in edge_root.items():
        groups[home] |= {i, j}
    groups = {r: members for r, members in groups.items() if r in edge_root.values()}
    number = {r: n for n, r in enumerate(sorted(groups, key=lambda r: min(groups[r])))}
    return {number[r]: members for r, members in groups.items()}, {p: number[r] for p, r in edge_root.items()}


def _article_similarity(prose: list[Sentence], article_ids: list[str]) -> pd.DataFrame:
    """TF-IDF cosine between whole articles over the same features, all ordered pairs."""
    counts: dict[str, dict[str, int]] = {a: {} for a in article_ids}
    for s in prose:
        for clause in clause_features(s):
            for feature in clause:
                counts[s.article_id][feature] = counts[s.article_id].get(feature, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted({f for c in counts.values() for f in c}))}
    tf = np.zeros((len(article_ids), len(vocab)))
    for row, article in enumerate(article_ids):
        for feature, n in counts[article].items():
            tf[row, vocab[feature]] = n
    idf = np.log((1 + len(article_ids)) / (1 + (tf > 0).sum(axis=0))) + 1
    vectors = _normalise(tf * idf)
    cosine = np.clip(vectors @ vectors.T, 0, 1)
    np.fill_diagonal(cosine, 1.0)
    rows = [(a, b, float(cosine[i, j])) for i, a in enumerate(article_ids) for j, b in enumerate(article_ids)]
    return pd.DataFrame(rows, columns=list(TABLES[SIMILARITY].columns))


def align_articles(
    sentences: pd.DataFrame, tokens: pd.DataFrame, mentions: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(alignments, similarity, elements) over every pair of articles.

    Each aligned pair is listed once, ``article_a`` < ``article_b``, with its story element.
    """
    prose = prose_sentences(sentences, tokens, mentions)
    article_ids = sorted(sentences["article_id"].unique())
    scores = sentence_scores(prose) if prose else np.zeros((0, 0))
    article = np.array([s.article_id for s in prose])
    candidate = np.triu(scores >= ALIGN_THRESHOLD, k=1) & (article[:, None] != article[None, :])
    pairs = [(int(i), int(j)) for i, j in zip(*np.nonzero(candidate), strict=True)]
    members, element_of = story_elements(prose, pairs, scores)
    surface = [fold(s.text) for s in prose]
    lemmas = [" ".join(t.lemma for t in s.toks if t.pos != "PUNCT") for s in prose]
    rows = []
    for i, j in pairs:
        a, b = sorted((i, j), key=lambda k: (prose[k].article_id, prose[k].sentence_id))
        rows.append(
            (prose[a].article_id, prose[a].sentence_id, prose[b].article_id, prose[b].sentence_id,
             round(float(scores[i, j]), 4), _kind((surface[i], surface[j]), (lemmas[i], lemmas[j])),
             f"e{element_of[(i, j)]}")
        )  # fmt: skip
    alignments = pd.DataFrame(rows, columns=list(TABLES[ALIGNMENTS].columns)).astype(
        {"sentence_a": int, "sentence_b": int, "score": float}
    )
    alignments = alignments.sort_values(
        ["article_a", "sentence_a", "article_b", "sentence_b"], ignore_index=True
    )
    elements = _elements(prose, members, scores)
    similarity = _article_similarity(prose, article_ids)
    return (
        validate(ALIGNMENTS, alignments),
        validate(SIMILARITY, similarity),
        validate(ELEMENTS, elements),
    )


def _elements(prose: list[Sentence], members: dict[int, set[int]], scores: np.ndarray) -> pd.DataFrame:
    """One row per sentence of each element, labelled by the member most similar to the others."""
    rows = []
    for number, nodes in sorted(members.items()):
        ordered = sorted(nodes)
        centre = max(ordered, key=lambda i: (scores[i, ordered].sum(), -i))
        label = prose[centre].text.strip()
        label = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"
        rows += [(f"e{number}", label, prose[i].article_id, prose[i].sentence_id) for i in ordered]
    return pd.DataFrame(rows, columns=list(TABLES[ELEMENTS].columns))


def unique_sentences(sentences: pd.DataFrame, alignments: pd.DataFrame) -> pd.DataFrame:
    """Prose sentences no other article contains: those absent from both sides of ``alignments``."""
    aligned = pd.concat(
        [
            alignments[["article_a", "sentence_a"]].set_axis(["article_id", "sentence_id"], axis=1),
            alignments[["article_b", "sentence_b"]].set_axis(["article_id", "sentence_id"], axis=1),
        ]
    ).drop_duplicates()
    prose = sentences[sentences["boilerplate"] == ""]
    merged = prose.merge(aligned, on=["article_id", "sentence_id"], how="left", indicator=True)
    return merged[merged["_merge"] == "left_only"].drop(columns="_merge").reset_index(drop=True)
