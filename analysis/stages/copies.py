"""Copy groups: the same sentence printed by several articles, verbatim or nearly, and who printed it first.

Wire copies are the rule in news: one report's sentences reappear in dozens of outlets. A sentence is
keyed by its text folded (case, ё, look-alike letters, spaces, quotes and dashes: ``copy_key``); equal
keys are verbatim copies. Near-verbatim copies (a word changed, an ending, a quote mark) are found among
the distinct keys by MinHash over word shingles with LSH (``datasketch``) for candidates, each confirmed
by a character ratio of at least ``NEAR_VERBATIM_RATIO`` (the alignments' own), then joined by
union-find. Cost grows with the distinct sentences, never with the square of the copies.

Between builds the stage keeps (``Stage.memo``) each distinct text's key and each key's MinHash
signature, by the text or key itself: an added article folds and hashes only its new sentences.
Which keys are candidates (a band of signatures in common, as ``MinHashLSH`` buckets them) and
which are near copies is decided again each build over all the keys.

A group keeps only copies in at least two articles. Its first publisher is the earliest published
article (``articles.published``); a repeat is ``verbatim`` when its key is the first's, else
``near_verbatim``, and says whether its article cites the first publisher's outlet.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import datasketch
import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz

from analysis.core.aligned import NEAR_VERBATIM_RATIO
from analysis.core.document import Document, Sentence
from analysis.core.memo import Memo, memo_key
from analysis.core.schema import COPIES, TABLES, Col, validate
from analysis.core.text import bare, fold, sound_key
from analysis.core.unionfind import UnionFind


class Origin:
    """``copies.origin``: how the first publisher is known."""

    EARLIEST = "earliest"
    TIE = "tie"
    UNDATED = "undated"


class Attribution:
    """``copies.attributed``: whether a repeat's article names the first publisher."""

    FIRST = "first"
    OTHER = "other"
    NONE = "none"


# A sentence of fewer words is a stock phrase ("Об этом сообщает ТАСС.", "Подробности позже.") that
# outlets share without copying each other; measured on the seeds, ryanair and asia_bibi (docs/benchmarks.md).
MIN_WORDS = 5
SHINGLE = 2  # words per shingle: one word changed in ten leaves Jaccard about 0.6
NUM_PERM = 64
LSH_THRESHOLD = 0.4  # a candidate threshold below the Jaccard of the near copies, confirmed by ratio after
OUTLET_KINDS = frozenset({"media", "social_platform"})  # citations that name an outlet

_QUOTES = str.maketrans({q: '"' for q in "«»“”„‟‹›'‘’‚`"})
_DASHES = str.maketrans({d: "-" for d in "‐‑‒–—―−"})
_WORDS = re.compile(r"\w+")


def copy_key(text: str) -> str:
    """The text two copies of a sentence share: folded (``core.text.fold``), quotes and dashes as one
    mark each, spaces around punctuation dropped."""
    key = fold(text).translate(_QUOTES).translate(_DASHES)
    return re.sub(r"\s*([\"\-,.;:!?()])\s*", r"\1", key).strip()


def _shingles(key: str) -> list[bytes]:
    words = _WORDS.findall(key)
    return [" ".join(words[k : k + SHINGLE]).encode() for k in range(max(1, len(words) - SHINGLE + 1))]


@cache
def _blank() -> MinHash:
    """The MinHash every signature starts from (its permutations made once)."""
    return MinHash(num_perm=NUM_PERM)


@cache
def _bands() -> list[tuple[int, int]]:
    """The signature slices ``MinHashLSH`` buckets by at ``LSH_THRESHOLD`` (16 bands of 4 values)."""
    return MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM).hashranges


def _signature(key: str) -> np.ndarray:
    """The MinHash values of the key's word shingles (``MinHash.bulk``'s, one key at a time)."""
    minhash = _blank().copy()
    minhash.update_batch(_shingles(key))
    return minhash.hashvalues


def _candidates(signatures: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs (i < j, by i then j) whose signatures agree on a whole band: the pairs a ``MinHashLSH``
    query of each row returns, found by sorting each band's slices instead of one query per row."""
    codes = [np.zeros(0, dtype=np.int64)]
    n = len(signatures)
    for lo, hi in _bands():
        _, bucket = np.unique(signatures[:, lo:hi], axis=0, return_inverse=True)
        order = np.argsort(bucket.ravel(), kind="stable")
        sorted_bucket = bucket.ravel()[order]
        ends = np.searchsorted(sorted_bucket, sorted_bucket, side="right")  # past each row's bucket
        later = ends - np.arange(n) - 1  # rows after each one in its bucket
        first = np.repeat(np.arange(n), later)
        offset = np.arange(later.sum()) - np.repeat(np.cumsum(later) - later, later)
        i, j = order[first], order[first + 1 + offset]
        codes.append(np.minimum(i, j).astype(np.int64) * n + np.maximum(i, j))
    pairs = np.unique(np.concatenate(codes))
    return pairs // n, pairs % n


def near_pairs(keys: list[str], memo: Memo | None = None) -> list[tuple[int, int]]:
    """Pairs (i < j) of distinct keys whose character ratio is at least ``NEAR_VERBATIM_RATIO``: LSH over
    MinHash signatures gives the candidates, the ratio decides. ``memo`` keeps each key's signature."""
    if len(keys) < 2:
        return []
    memo = Memo() if memo is None else memo
    version = datasketch.__version__
    signatures = np.array(
        [
            memo.get(memo_key("minhash", version, NUM_PERM, SHINGLE, k), lambda k=k: _signature(k))
            for k in keys
        ]
    )
    first, second = _candidates(signatures)
    return [
        (i, j)
        for i, j in zip(first.tolist(), second.tolist(), strict=True)
        if fuzz.ratio(keys[i], keys[j]) >= NEAR_VERBATIM_RATIO
    ]


def copy_keys(prose: list[Sentence], memo: Memo | None = None) -> list[str]:
    """Each sentence's ``copy_key``, folded once per distinct text (most copies are the same text) and
    kept in ``memo`` by the text."""
    memo = Memo() if memo is None else memo
    known = {
        text: memo.get(memo_key("copy_key", text), lambda text=text: copy_key(text))
        for text in {s.text for s in prose}
    }
    return [known[s.text] for s in prose]


def copy_groups(
    prose: list[Sentence], keys: list[str] | None = None, memo: Memo | None = None
) -> list[list[int]]:
    """Groups of copies (indexes into ``prose``) spanning at least two articles, each sorted."""
    by_key: dict[str, list[int]] = {}
    for index, key in enumerate(copy_keys(prose, memo) if keys is None else keys):
        by_key.setdefault(key, []).append(index)
    keys = sorted(key for key in by_key if len(_WORDS.findall(key)) >= MIN_WORDS)
    linked = UnionFind(range(len(keys)))
    for i, j in near_pairs(keys, memo):
        linked.union(i, j)
    groups = []
    for members in linked.groups().values():
        sentences = sorted(index for k in members for index in by_key[keys[k]])
        if len({prose[index].article_id for index in sentences}) >= 2:
            groups.append(sentences)
    return groups


def _first(members: list[int], prose: list[Sentence], published: dict[str, str]) -> tuple[int, str]:
    """The first publisher's sentence of a group and how it is known (``Origin``)."""
    dated = [i for i in members if published.get(prose[i].article_id, "")]
    order = sorted(
        dated or members, key=lambda i: (published.get(prose[i].article_id, ""), prose[i].article_id)
    )
    first = order[0]
    if len(dated) < len(members):
        return first, Origin.UNDATED
    earliest = published[prose[first].article_id]
    tied = {prose[i].article_id for i in dated if published[prose[i].article_id] == earliest}
    return first, Origin.TIE if len(tied) > 1 else Origin.EARLIEST


@lru_cache(maxsize=4096)
def outlet_keys(name: str) -> frozenset[str]:
    """Keys an outlet's name matches by: its folded name without an article or domain zone ("interfax.ru"
    -> "interfax") and its sound key, which Latin and Cyrillic spellings share ("Интерфакс"). Kept per
    name: a corpus names a few outlets thousands of times."""
    if not name.strip():
        return frozenset()
    folded = bare(fold(name))
    return frozenset(
        {f"name:{folded}", f"name:{re.sub(r'[^a-zа-я0-9]+', '-', folded).strip('-')}"}
        | ({f"sound:{sound}"} if (sound := sound_key(bare(fold(name)))) else set())
    )


def _cited(citations: pd.DataFrame) -> dict[str, list[frozenset[str]]]:
    """Each article's cited outlets, as the keys of each (``outlet_keys`` of the name and of the entity)."""
    cited: dict[str, list[frozenset[str]]] = {}
    outlets = citations[citations[Col.KIND].isin(OUTLET_KINDS)]
    for article, source, entity in outlets[[Col.ARTICLE_ID, Col.SOURCE, Col.SOURCE_ENTITY_ID]].itertuples(
        index=False
    ):
        english = entity.split(":", 1)[1].replace("-", " ") if entity else ""
        cited.setdefault(article, []).append(outlet_keys(source) | outlet_keys(english))
    return cited


def _attribution(article: str, first_outlet: frozenset[str], cited: dict[str, list[frozenset[str]]]) -> str:
    names = cited.get(article, [])
    if first_outlet and any(keys & first_outlet for keys in names):
        return Attribution.FIRST
    return Attribution.OTHER if names else Attribution.NONE


def find_copies(
    documents: dict[str, Document],
    articles: pd.DataFrame,
    citations: pd.DataFrame,
    *,
    memo: Memo | None = None,
) -> pd.DataFrame:
    """The ``copies`` table: every copy group of the corpus's prose, its first publisher and attributions
    (``memo``: the keys and signatures of the last build, see the module's docstring)."""
    prose = [s for article_id in sorted(documents) for s in documents[article_id].prose]
    published = dict(zip(articles[Col.ARTICLE_ID], articles[Col.PUBLISHED].fillna(""), strict=True))
    outlet = dict(zip(articles[Col.ARTICLE_ID], articles[Col.OUTLET].fillna(""), strict=True))
    cited = _cited(citations)
    keys = copy_keys(prose, memo)
    found = []
    for members in copy_groups(prose, keys, memo):
        first, origin = _first(members, prose, published)
        first_article = prose[first].article_id
        found.append((published.get(first_article, "") or "~", first_article, first, origin, members))
    columns: dict[str, list] = {column: [] for column in TABLES[COPIES].columns}
    for number, (_, first_article, first, origin, members) in enumerate(sorted(found)):
        first_key, first_outlet = keys[first], outlet_keys(outlet.get(first_article, ""))
        for i in members:
            s = prose[i]
            repeat = i != first
            columns[Col.COPY_GROUP].append(f"c{number}")
            columns[Col.ARTICLE_ID].append(s.article_id)
            columns[Col.SENTENCE_ID].append(s.sentence_id)
            columns[Col.KIND].append(_kind(first_key, keys[i]) if repeat else "first")
            columns[Col.FIRST].append(not repeat)
            columns[Col.ORIGIN].append(origin)
            columns[Col.ATTRIBUTED].append(_attribution(s.article_id, first_outlet, cited) if repeat else "")
    frame = pd.DataFrame(columns)
    return validate(COPIES, frame.astype({Col.SENTENCE_ID: int, Col.FIRST: bool}))


def _kind(first: str, key: str) -> str:
    """``verbatim``: the same key as the first's (the alignments stand it for the first); else ``near_verbatim``."""
    return "verbatim" if key == first else "near_verbatim"
