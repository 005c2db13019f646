"""Which passages articles share: sentence alignments, article similarity and story elements.

A sentence becomes a bag of content lemmas, canonical entity ids and numbers weighted by IDF
over every prose sentence, so inflection, word order and naming variants ("ОАЭ" / "Объединённые
Арабские Эмираты") do not hide a match; pairs score by cosine. A long sentence often retells
two facts, so a pair also scores by its best pair of clauses when they share enough content.
Reporting frames ("пишет", "со ссылкой на") are not content and are left out.

Verbatim copies (the ``copies`` table) are aligned once, through their group's first sentence, so
rows grow with the distinct sentences, not with the square of the copies (``analysis.core.aligned``).
Nothing compares everything with everything: a pair is scored only when the two share one of
their rarest features (exact prefix filtering, see ``prefix_filter``), so cost grows with the pairs
that can match, not with the square of the corpus, and no pair that could align is missed.

IDF moves with every article, so each build weighs and scores the whole corpus again; between builds
the stage keeps (``Stage.memo``) only what reads no weight: each article's clause features, by its
tokens and mentions, and each aligned text folded, by the text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from scipy import sparse

from analysis.core.aligned import KINDS, LISTED, NEAR_VERBATIM_RATIO, VERBATIM_RATIO, AlignmentKind
from analysis.core.document import Document, Sentence
from analysis.core.memo import Memo, memo_key
from analysis.core.schema import ALIGNMENTS, ELEMENTS, SIMILARITY, TABLES, Col, validate
from analysis.core.text import fold
from analysis.stages.alignments.columns import rounded, text_column
from analysis.stages.alignments.features import clause_rows
from analysis.stages.alignments.similarity import article_similarity
from analysis.stages.alignments.sparse_pairs import (
    coded_rows,
    key_pair_blocks,
    norm_product,
    prefix_filter,
    renumbered,
    shared_sums,
    unit_rows,
)

# A pair of clauses counts only when they share this many features, this many not entities.
MIN_SHARED, MIN_SHARED_CONTENT = 4, 3
ALIGN_THRESHOLD = LISTED
PAIR_CHUNK = 200_000  # pairs scored at once
ELEMENT_EXACT = 400  # more members: the label by summed cosine to the centroid, not every pair (quadratic)
LABEL_CHARS = 140


class Space:
    """Prose sentences and their clauses as sparse IDF-weighted vectors, features numbered rarest first.

    Numbering features by rarity makes every row's rarest features its first entries, which is
    what prefix filtering (``prefix_filter``, ``candidates``) needs. ``memo`` keeps the clause
    features between builds (``clause_rows``); the numbering and the weights are made each time, by
    a few array operations over all features.
    """

    def __init__(self, prose: list[Sentence], memo: Memo | None = None) -> None:
        twin_keys, features, sizes, self.n_clauses = clause_rows(prose, memo)
        codes, uniques = pd.factorize(pd.Series(features, dtype=object))
        names = uniques.tolist()
        n_clauses = len(sizes)
        self.owner = sparse.csr_matrix(  # sentence x clause: 1 where the clause is the sentence's
            (np.ones(n_clauses), np.arange(n_clauses), np.concatenate([[0], np.cumsum(self.n_clauses)])),
            shape=(len(prose), n_clauses),
        )
        clauses = coded_rows(codes, sizes, len(names))
        bits = self.owner @ clauses  # a sentence's features: those of its clauses
        bits.data[:] = 1
        df = np.bincount(bits.indices, minlength=len(names))  # sentences holding each feature
        order = sorted(range(len(names)), key=lambda k: (df[k], names[k]))
        rank = np.empty(len(names), dtype=np.int64)
        rank[order] = np.arange(len(names))
        self.features = [names[k] for k in order]
        idf = np.log((1 + len(prose)) / (1 + df[order].astype(float))) + 1
        entity = np.array([f.startswith("E:") for f in self.features], dtype=bool)
        self.article = pd.factorize(pd.Series([s.article_id for s in prose], dtype=object))[0]  # codes
        # A pair's cosine is the summed squared IDF of the features it shares over the two norms:
        # one intersection of binary rows gives it, the shared count and the shared content count.
        self.weights = np.column_stack([idf**2, np.ones(len(idf)), ~entity])
        self.bits = renumbered(bits, rank)
        self.norms = np.sqrt(self.bits @ idf**2)
        self.sentences = unit_rows(self.bits, idf)
        self.clauses = renumbered(clauses, rank)
        self.clause_norms = np.sqrt(self.clauses @ idf**2)
        self.clause_units = unit_rows(self.clauses, idf)
        # the clauses that can qualify (``scores``), listed sentence by sentence
        content = self.clauses @ self.weights[:, 2]
        self.able = np.flatnonzero(
            (np.diff(self.clauses.indptr) >= MIN_SHARED) & (content >= MIN_SHARED_CONTENT)
        )
        self.n_able = np.bincount(
            np.repeat(np.arange(len(prose)), self.n_clauses)[self.able], minlength=len(prose)
        )
        self.first_able = np.concatenate([[0], np.cumsum(self.n_able)[:-1]]).astype(np.int64)
        # each sentence's first twin (the same clause sets, so the same rows everywhere): copies abound
        twins: dict[tuple[tuple[str, ...], ...], int] = {}
        self.twin = np.array([twins.setdefault(key, k) for k, key in enumerate(twin_keys)], dtype=np.int64)

    def scores(self, i: np.ndarray, j: np.ndarray, clauses: np.ndarray | None = None) -> np.ndarray:
        """Score of each sentence pair (i[k], j[k]): max of sentence cosine and qualifying clause cosine.

        A pair's score reads only its two sentences' rows, so each distinct pair of twins (``twin``)
        is scored once: an element's copies pair with each other thousands of times."""
        if len(i) == 0:
            return np.zeros(0)
        mask = np.zeros(len(i), dtype=bool) if clauses is None else clauses
        codes = (self.twin[i] * len(self.twin) + self.twin[j]) * 2 + mask
        distinct, inverse = np.unique(codes, return_inverse=True)
        a, b = np.divmod(distinct // 2, len(self.twin))
        return self._scores(a, b, None if clauses is None else (distinct % 2).astype(bool))[inverse.ravel()]

    def _scores(self, i: np.ndarray, j: np.ndarray, clauses: np.ndarray | None = None) -> np.ndarray:
        """Score of each sentence pair (i[k], j[k]): max of sentence cosine and qualifying clause cosine.

        Only clauses with ``MIN_SHARED`` features, ``MIN_SHARED_CONTENT`` not entities, are paired: any
        other pair of clauses is disqualified whatever it shares. With ``clauses`` (a mask), the other
        pairs score by their sentence cosine alone: exact wherever it reaches ``ALIGN_THRESHOLD`` when
        no pair of their clauses can (``candidates``' ``via_clause``)."""
        out = np.empty(len(i))
        for lo in range(0, len(i), PAIR_CHUNK):
            a, b = i[lo : lo + PAIR_CHUNK], j[lo : lo + PAIR_CHUNK]
            sentence = shared_sums(self.bits, a, b, self.weights[:, :1])[:, 0] / norm_product(
                self.norms, a, b
            )
            ca, cb = self.n_able[a], self.n_able[b]
            if clauses is not None:
                ca = np.where(clauses[lo : lo + PAIR_CHUNK], ca, 0)
            combos = ca * cb  # every qualifying clause of a against every one of b
            starts = np.concatenate([[0], np.cumsum(combos)[:-1]])
            pair = np.repeat(np.arange(len(a)), combos)
            offset = np.arange(combos.sum()) - starts[pair]
            x = self.able[self.first_able[a][pair] + offset // cb[pair]]
            y = self.able[self.first_able[b][pair] + offset % cb[pair]]
            weight, shared, shared_content = shared_sums(self.clauses, x, y, self.weights).T
            clause = weight / norm_product(self.clause_norms, x, y)
            clause[(shared < MIN_SHARED) | (shared_content < MIN_SHARED_CONTENT)] = 0
            best = np.zeros(len(a))
            np.maximum.at(best, pair, clause)
            out[lo : lo + len(a)] = np.maximum(sentence, best)
        return np.clip(out, 0, 1)

    def candidates(
        self, rows: np.ndarray | None = None, alone: np.ndarray | None = None
    ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Sentence pairs (i < j, different articles) among ``rows`` (default all) that can score
        ``ALIGN_THRESHOLD``, a block of sentences at a time: a superset of the aligned pairs (see
        ``prefix_filter``), from an inverted index of each sentence's rarest features, and for each
        whether it shares a clause's prefix (``via_clause``: else no pair of its clauses can reach the
        threshold). A sentence marked in ``alone`` (a copy group's first, standing for copies in other
        articles) pairs within its article too."""
        by_clause = self.owner @ prefix_filter(self.clause_units, ALIGN_THRESHOLD, MIN_SHARED)
        keys = prefix_filter(self.sentences, ALIGN_THRESHOLD) + by_clause
        rows = np.arange(keys.shape[0]) if rows is None else rows
        alone = np.zeros(keys.shape[0], dtype=bool) if alone is None else alone
        for i, j, via_clause in key_pair_blocks(
            sparse.csr_matrix(keys[rows]), sparse.csr_matrix(by_clause[rows])
        ):
            i, j = rows[i], rows[j]
            keep = (self.article[i] != self.article[j]) | alone[i] | alone[j]
            yield i[keep], j[keep], via_clause[keep]


def sentence_pairs(prose: list[Sentence]) -> dict[tuple[int, int], float]:
    """Score of each pair of sentences of different articles (i < j) at or above ``ALIGN_THRESHOLD``.

    The same scores as comparing every sentence with every other, computed only for candidate
    pairs sharing one of their rarest features (``prefix_filter``): no pair that could align is missed.
    """
    return _aligned(Space(prose))


def _aligned(
    space: Space, rows: np.ndarray | None = None, alone: np.ndarray | None = None
) -> dict[tuple[int, int], float]:
    aligned = {}
    for i, j, via_clause in space.candidates(rows, alone):  # scored block by block: only aligned pairs kept
        scores = space.scores(i, j, via_clause)
        keep = scores >= ALIGN_THRESHOLD
        pairs = zip(i[keep].tolist(), j[keep].tolist(), strict=True)
        aligned.update(zip(pairs, scores[keep].tolist(), strict=True))
    return aligned


def _ratios(i: np.ndarray, j: np.ndarray, text: Callable[[int], str], scorer: Callable) -> np.ndarray:
    """``scorer``'s ratio (rapidfuzz's) of each pair of sentences (i[k], j[k]) by their ``text``, once
    per distinct pair of strings (copies pair alike): each sentence's string is read and coded once,
    a pair's code made of its two sentences'. Not kept between builds: rapidfuzz scores a pair in less
    time than a memo key takes to hash it."""
    sentences = np.unique(np.concatenate([i, j]))
    codes, strings = pd.factorize(pd.Series([text(k) for k in sentences.tolist()], dtype=object))
    code = np.zeros(sentences[-1] + 1 if len(sentences) else 0, dtype=np.int64)
    code[sentences] = codes
    distinct, inverse = np.unique(code[i] * len(strings) + code[j], return_inverse=True)
    a, b = (strings.to_numpy(dtype=object)[side].tolist() for side in np.divmod(distinct, len(strings)))
    ratios = [scorer(x, y) for x, y in zip(a, b, strict=True)]
    return np.array(ratios, dtype=np.float64)[inverse.ravel()]


def _kinds(
    i: np.ndarray, j: np.ndarray, surface: Callable[[int], str], lemma: Callable[[int], str]
) -> np.ndarray:
    """Each sentence pair's kind as its index into ``KINDS``: `verbatim`, `near_verbatim` (same words up
    to small edits, inflection, order) or `paraphrase`, from the ratios of its folded texts
    (``surface``) and, for the pairs that need them, of its lemmas."""
    close = _ratios(i, j, surface, fuzz.ratio)
    kinds = np.full(len(close), KINDS.index(AlignmentKind.PARAPHRASE), dtype=np.int64)
    kinds[close >= VERBATIM_RATIO] = KINDS.index(AlignmentKind.VERBATIM)
    rest = np.flatnonzero(close < VERBATIM_RATIO)
    if len(rest):
        by_lemma = _ratios(i[rest], j[rest], lemma, fuzz.token_sort_ratio)
        near = np.maximum(close[rest], by_lemma) >= NEAR_VERBATIM_RATIO
        kinds[rest[near]] = KINDS.index(AlignmentKind.NEAR_VERBATIM)
    return kinds


def _article_codes(prose: list[Sentence]) -> tuple[np.ndarray, list[str]]:
    """Each sentence's article as a code, and the articles by code (in the order of ``prose``)."""
    codes, names = pd.factorize(pd.Series([s.article_id for s in prose], dtype=object))
    return codes.astype(np.int64), names.tolist()


def story_elements(
    prose: list[Sentence],
    pairs: list[tuple[int, int]],
    scores: Mapping[tuple[int, int], float],
    spans: Mapping[int, set[str]] | None = None,
) -> tuple[dict[int, set[int]], dict[tuple[int, int], int]]:
    """Element members (sentence indexes) keyed by element number, and each pair's element.

    Pairs join their sentences' groups strongest first (score rounded to 9 places, so ties are ties,
    then by pair), unless both groups already hold a sentence of the same article: one article rarely
    tells one fact twice, and the rule stops a long two-fact sentence from chaining two facts into one
    element. A pair left across two groups belongs to the one the other sentence fits (no article
    twice), else the larger, which then counts that sentence as a member too. A group's root is its
    smallest member (as ``UnionFind``'s); the joining runs over plain lists, the one loop over every
    pair (a pair's join reads the joins before it), the rest over arrays.
    """
    if not pairs:
        return {}, {}
    article, names = _article_codes(prose)
    code = {a: n for n, a in enumerate(names)}
    i, j = (np.array(side, dtype=np.int64) for side in zip(*pairs, strict=True))
    nodes = np.unique(np.concatenate([i, j]))
    spans = spans or {}  # a copy group's first stands for the articles of all its copies
    articles = {
        k: {code[a] for a in spans[k]} if k in spans else {a}
        for k, a in zip(nodes.tolist(), article[nodes].tolist(), strict=True)
    }  # by group root
    parent = list(range(len(prose)))
    order = np.lexsort((j, i, -rounded(np.array([scores[p] for p in pairs]), 9)))
    for a, b in zip(i[order].tolist(), j[order].tolist(), strict=True):
        while parent[a] != a:
            parent[a] = parent[parent[a]]  # halve the path
            a = parent[a]
        while parent[b] != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        if a != b and articles[a].isdisjoint(articles[b]):
            low, high = (a, b) if a < b else (b, a)
            parent[high] = low
            articles[low] |= articles.pop(high)
    root = np.array(parent, dtype=np.int64)
    while (root[root] != root).any():
        root = root[root]
    groups, home = _homes(article, len(names), (i, j), nodes, root, articles)
    return groups, dict(zip(pairs, home.tolist(), strict=True))


def _homes(
    article: np.ndarray,
    n_articles: int,
    pairs: tuple[np.ndarray, np.ndarray],
    nodes: np.ndarray,
    root: np.ndarray,
    articles: dict[int, set[int]],
) -> tuple[dict[int, set[int]], np.ndarray]:
    """``story_elements``' elements once the groups are joined (``root`` of each sentence, ``articles``
    of each root, as codes of ``article``): each pair's home group (the one its other sentence fits: no
    article twice, else the larger, else the lower root), the homes with their pairs' sentences,
    numbered by their smallest member (ties: by root), and each pair's element. Array operations over
    all pairs at once."""
    size = np.bincount(root[nodes], minlength=len(root))
    held = np.array([r * n_articles + a for r, found in articles.items() for a in found], dtype=np.int64)
    i, j = pairs
    ri, rj = root[i], root[j]
    fits_i = ~np.isin(ri * n_articles + article[j], held)  # j's article not yet in i's group
    fits_j = ~np.isin(rj * n_articles + article[i], held)
    by_size = (size[ri] > size[rj]) | ((size[ri] == size[rj]) & (ri <= rj))
    home = np.where((fits_i > fits_j) | ((fits_i == fits_j) & by_size), ri, rj)
    homes = np.unique(home)
    kept = nodes[np.isin(root[nodes], homes)]
    owner = np.concatenate([root[kept], home, home])
    member = np.concatenate([kept, i, j])
    joined = np.unique(owner * len(root) + member)
    owner, member = np.divmod(joined, len(root))
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    lowest = member[starts]  # members sorted within each home: its first is its smallest
    number = np.empty(len(root), dtype=np.int64)
    number[homes] = np.argsort(np.lexsort((homes, lowest)))
    ends = np.r_[starts[1:], len(member)]
    groups = {
        int(number[h]): set(member[lo:hi].tolist())
        for h, lo, hi in zip(homes.tolist(), starts.tolist(), ends.tolist(), strict=True)
    }
    return groups, number[home]


def align_articles(
    documents: dict[str, Document], copies: pd.DataFrame | None = None, *, memo: Memo | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(alignments, similarity, elements) over every pair of articles.

    Verbatim copies (``copies``) are aligned once: a group's first sentence stands for them (so it may
    pair with a sentence of its own article); every other copy has one row with its first. Each
    row is listed once, (article_a, sentence_a) < (article_b, sentence_b), with its story element;
    ``analysis.core.aligned`` gives back every aligned sentence pair. Article similarity holds only
    pairs scoring at least ``SIMILARITY_THRESHOLD`` (and the diagonal). ``memo``: what the last build
    made that reads no weight (see the module's docstring).
    """
    memo = Memo() if memo is None else memo
    article_ids = sorted(documents)
    prose = [s for article_id in article_ids for s in documents[article_id].prose]
    space = Space(prose, memo)
    firsts, verbatim = _copy_groups(prose, copies)
    alone = np.zeros(len(prose), dtype=bool)
    alone[list(firsts)] = True
    scores = _aligned(space, np.array(sorted(set(range(len(prose))) - verbatim), dtype=np.int64), alone)
    pairs = sorted(scores)
    spans = {f: {prose[k].article_id for k in {f} | (set(others) & verbatim)} for f, others in firsts.items()}
    members, element_of = story_elements(prose, pairs, scores, spans)
    star = sorted({(min(f, k), max(f, k)) for f, others in firsts.items() for k in others} - set(scores))
    if star:
        i, j = (np.array(side, dtype=np.int64) for side in zip(*star, strict=True))
        scores.update(zip(star, space.scores(i, j).tolist(), strict=True))
    members, element_of = _with_copies(members, element_of, firsts, star)
    alignments = _rows(prose, pairs + star, scores, element_of, memo)
    elements = _elements(prose, members, space)
    row = {a: k for k, a in enumerate(article_ids)}
    clause_article = np.repeat([row[s.article_id] for s in prose], space.n_clauses).astype(np.int64)
    similarity = article_similarity(space.clauses, clause_article, space.features, article_ids)
    return (
        validate(ALIGNMENTS, alignments),
        validate(SIMILARITY, similarity),
        validate(ELEMENTS, elements),
    )


def _copy_groups(prose: list[Sentence], copies: pd.DataFrame | None) -> tuple[dict[int, list[int]], set[int]]:
    """Each copy group's first sentence (an index into ``prose``) with its other copies, and the copies
    ``verbatim`` to their first (its rows stand for them; a near-verbatim copy is aligned on its own)."""
    if copies is None or copies.empty:
        return {}, set()
    index = pd.MultiIndex.from_arrays(
        [np.array([s.article_id for s in prose], dtype=object), np.array([s.sentence_id for s in prose])]
    )
    k = index.get_indexer(
        pd.MultiIndex.from_arrays(
            [copies[Col.ARTICLE_ID].to_numpy(dtype=object), copies[Col.SENTENCE_ID].to_numpy(dtype=np.int64)]
        )
    )
    verbatim = np.unique(k[(copies[Col.KIND] == AlignmentKind.VERBATIM).to_numpy() & (k >= 0)])
    found = k >= 0  # copies among the prose, by group in the order the table first lists it
    group = pd.factorize(copies[Col.COPY_GROUP].to_numpy(dtype=object)[found])[0]
    k, first = k[found], copies[Col.FIRST].to_numpy(dtype=bool)[found]
    head = np.full(group.max(initial=-1) + 1, -1, dtype=np.int64)
    heads, at = np.unique(group[first], return_index=True)  # a group's first listed first
    head[heads] = k[first][at]
    other = np.lexsort((k[~first], group[~first]))
    by_group, others = group[~first][other], k[~first][other]
    starts = np.flatnonzero(np.r_[True, by_group[1:] != by_group[:-1]]) if len(by_group) else by_group
    firsts = {
        int(head[g]): part.tolist()
        for g, part in zip(by_group[starts].tolist(), np.split(others, starts[1:]), strict=True)
        if head[g] >= 0
    }
    keep = np.isin(others, verbatim) & (head[by_group] >= 0)
    return firsts, set(others[keep].tolist())


def _with_copies(
    members: dict[int, set[int]],
    element_of: dict[tuple[int, int], int],
    firsts: dict[int, list[int]],
    star: list,
) -> tuple[dict[int, set[int]], dict[tuple[int, int], int]]:
    """Elements with the copies of each first they hold, a group aligned with nothing else an element
    of its own, numbered by their smallest member; a copy's row takes its first's (lowest) element."""
    joined = {n: set(found) for n, found in members.items()}
    home: dict[int, int] = {}
    for n in sorted(joined):
        for f in sorted(joined[n] & firsts.keys()):
            home.setdefault(f, n)
            joined[n] |= set(firsts[f])
    for f in sorted(firsts):
        if f not in home:
            home[f] = max(joined, default=-1) + 1
            joined[home[f]] = {f, *firsts[f]}
    order = {n: new for new, n in enumerate(sorted(joined, key=lambda n: min(joined[n])))}
    pair_element = {pair: order[n] for pair, n in element_of.items()}
    for a, b in star:
        pair_element[(a, b)] = order[home[a if a in firsts else b]]
    return {order[n]: found for n, found in joined.items()}, pair_element


def _rows(
    prose: list[Sentence],
    pairs: list[tuple[int, int]],
    scores: Mapping[tuple[int, int], float],
    element_of: Mapping[tuple[int, int], int],
    memo: Memo,
) -> pd.DataFrame:
    i, j = (np.array([p[side] for p in pairs], dtype=np.int64) for side in (0, 1))
    folded = {  # copies: one text, folded once, and kept for the next build
        text: memo.get(memo_key("fold", text), lambda text=text: fold(text))
        for text in {prose[k].text for k in np.unique(np.concatenate([i, j])).tolist()}
    }
    kinds = _kinds(
        i,
        j,
        lambda k: folded[prose[k].text],
        lambda k: " ".join(t.key for t in prose[k].tokens if t.pos != "PUNCT"),
    )
    # prose is in article order, so a sentence's index orders it as (article, sentence) does
    a, b = np.minimum(i, j), np.maximum(i, j)
    order = np.lexsort((b, a))  # pairs are distinct: the order is the table's sort, without ties
    article, names = _article_codes(prose)
    sentence = np.array([s.sentence_id for s in prose], dtype=np.int64)
    number = np.array([element_of[p] for p in pairs], dtype=np.int64)
    alignments = pd.DataFrame(
        {
            Col.ARTICLE_A: text_column(names, article[a[order]]),
            Col.SENTENCE_A: sentence[a[order]],
            Col.ARTICLE_B: text_column(names, article[b[order]]),
            Col.SENTENCE_B: sentence[b[order]],
            Col.SCORE: rounded(np.array([scores[p] for p in pairs]), 4)[order],
            Col.KIND: text_column(KINDS, kinds[order]),
            Col.ELEMENT_ID: text_column([f"e{n}" for n in range(number.max(initial=-1) + 1)], number[order]),
        },
        columns=list(TABLES[ALIGNMENTS].columns),
    ).astype({Col.SENTENCE_A: int, Col.SENTENCE_B: int, Col.SCORE: float})
    return alignments


def _centres(space: Space, groups: list[list[int]]) -> list[int]:
    """Each group's member with the highest summed score with the other members (scores rounded,
    so that ties are ties and go to the first member). All groups' member pairs are scored at
    once, listed group after group as ``np.triu_indices`` lists them (the sums add in that order);
    a group larger than ``ELEMENT_EXACT`` sums sentence cosines through its centroid."""
    sizes = np.array([len(g) for g in groups], dtype=np.int64)
    base = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    nodes = np.array([i for g in groups for i in g], dtype=np.int64)
    group = np.repeat(np.arange(len(groups)), sizes)
    later = np.where(sizes[group] <= ELEMENT_EXACT, base[group] + sizes[group] - np.arange(len(nodes)) - 1, 0)
    x = np.repeat(np.arange(len(nodes)), later)  # each member of an exact group, once per later member
    y = x + 1 + np.arange(len(x)) - np.repeat(np.cumsum(later) - later, later)
    scores = space.scores(nodes[x], nodes[y])
    total = np.zeros(len(nodes))  # floats even with no pair (bincount's sum of nothing is an int)
    total += np.bincount(x, scores, len(nodes)) + np.bincount(y, scores, len(nodes))
    for k in np.flatnonzero(sizes > ELEMENT_EXACT):
        vectors = space.sentences[nodes[base[k] : base[k] + sizes[k]]]
        centroid = np.asarray(vectors.sum(axis=0)).ravel()
        total[base[k] : base[k] + sizes[k]] = vectors @ centroid - 1
    best = np.lexsort((-np.round(total, 9), group))  # by group, highest total first, then by position
    return nodes[best[base]].tolist() if len(groups) else []


def _elements(prose: list[Sentence], members: dict[int, set[int]], space: Space) -> pd.DataFrame:
    """One row per sentence of each element, labelled by the member most similar to the others."""
    numbers = sorted(members)
    groups = [sorted(members[number]) for number in numbers]
    labels = []
    for centre in _centres(space, groups):
        label = prose[centre].text.strip()
        labels.append(label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…")
    element = np.repeat(np.arange(len(groups)), [len(ordered) for ordered in groups])
    rows = np.array([i for ordered in groups for i in ordered], dtype=np.int64)
    article, names = _article_codes(prose)
    return pd.DataFrame(
        {
            Col.ELEMENT_ID: text_column([f"e{number}" for number in numbers], element),
            Col.LABEL: text_column(labels, element),
            Col.ARTICLE_ID: text_column(names, article[rows]),
            Col.SENTENCE_ID: np.array([s.sentence_id for s in prose], dtype=np.int64)[rows],
        },
        columns=list(TABLES[ELEMENTS].columns),
    )
