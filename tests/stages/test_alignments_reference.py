"""The alignments' fast paths against the plain ones they replaced, on real text (the seeds and the BSNLP
ryanair cluster): every sentence's clause features, every article similarity and every row's kind and
order, exactly. The references below are the earlier code, kept here as the definition of the result."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from rapidfuzz import fuzz

from analysis.core.aligned import NEAR_VERBATIM_RATIO, VERBATIM_RATIO
from analysis.core.text import fold
from analysis.stages import alignments
from analysis.stages.alignments import features as vocabulary
from analysis.stages.alignments import similarity as article_similarity
from analysis.stages.alignments.sparse_pairs import unit_rows
from tests.helpers import binary_rows, documents


def reference_clause_features(s) -> list[set[str]]:
    """Token by token, as the stage first computed them (no memo, every token's mention looked up)."""

    def token_features(index: int) -> list[str]:
        tok, mention = s.tokens[index], s.token_mentions[index]
        if mention is not None:
            first = index == 0 or s.token_mentions[index - 1] != mention
            return [f"E:{s.mentions[mention].entity_id}"] if first else []
        numbers = [f"N:{n}" for n in re.findall(r"\d+", tok.text)]
        if numbers:
            return numbers
        lemma = tok.key
        content = tok.pos in vocabulary.CONTENT_POS and len(lemma) > 1
        if content and lemma not in vocabulary.STOP_LEMMAS and lemma not in vocabulary.REPORT_VERBS:
            return [lemma]
        return []

    segments: list[set[str]] = [set()]
    for index, tok in enumerate(s.tokens):
        if tok.text in vocabulary.CLAUSE_BREAKS:
            segments.append(set())
        else:
            segments[-1].update(token_features(index))
    merged: list[set[str]] = []
    for features in filter(None, segments):
        small = len(features) < vocabulary.MIN_CLAUSE_FEATURES
        if merged and (small or len(merged[-1]) < vocabulary.MIN_CLAUSE_FEATURES):
            merged[-1] |= features
        else:
            merged.append(set(features))
    return merged or [set()]


def reference_similarity(prose, clauses, article_ids) -> pd.DataFrame:
    """Feature counts by dictionary, every pair of articles by one dense product."""
    counts: dict[str, dict[str, int]] = {a: {} for a in article_ids}
    for s, features in zip(prose, clauses, strict=True):
        for clause in features:
            for feature in clause:
                counts[s.article_id][feature] = counts[s.article_id].get(feature, 0) + 1
    df: dict[str, int] = {}
    for c in counts.values():
        for f in c:
            df[f] = df.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(df, key=lambda f: (df[f], f)))}
    bags = [set(counts[a]) for a in article_ids]
    tf = binary_rows(bags, vocab)
    tf.data = np.array(
        [counts[a][f] for a, bag in zip(article_ids, bags, strict=True) for f in sorted(bag, key=vocab.get)]
    )
    idf = np.log((1 + len(article_ids)) / (1 + np.array([df[f] for f in vocab], dtype=float))) + 1
    vectors = unit_rows(tf, idf)
    cosine = np.clip((vectors @ vectors.T).toarray(), 0, 1)
    i, j = np.nonzero(np.triu(cosine >= article_similarity.SIMILARITY_THRESHOLD, k=1))
    ids = np.array(article_ids, dtype=object)
    return pd.DataFrame(
        {
            "article_a": np.concatenate([ids[i], ids[j], ids]),
            "article_b": np.concatenate([ids[j], ids[i], ids]),
            "score": np.concatenate([cosine[i, j], cosine[i, j], np.ones(len(ids))]),
        }
    ).sort_values(["article_a", "article_b"], ignore_index=True)


def reference_kind(a, b) -> str:
    close = fuzz.ratio(fold(a.text), fold(b.text))
    if close >= VERBATIM_RATIO:
        return "verbatim"
    lemmas = [" ".join(t.key for t in s.tokens if t.pos != "PUNCT") for s in (a, b)]
    return (
        "near_verbatim" if max(close, fuzz.token_sort_ratio(*lemmas)) >= NEAR_VERBATIM_RATIO else "paraphrase"
    )


@pytest.fixture(scope="module", params=["seeds", "ryanair"])
def corpus(request, tables, real_corpus):
    chosen = tables if request.param == "seeds" else real_corpus("ryanair").tables
    docs = documents(chosen)
    return docs, chosen["copies"], alignments.align_articles(docs, chosen["copies"])


def test_clause_features_equal_the_token_by_token_ones(corpus):
    docs = corpus[0]
    prose = [s for article in sorted(docs) for s in docs[article].prose]
    memo: dict = {}
    assert [vocabulary.clause_features(s, memo) for s in prose] == [
        reference_clause_features(s) for s in prose
    ]
    assert len(prose) >= 90


def test_article_similarity_equals_the_dictionary_counts(corpus):
    docs, _, (_, similarity, _) = corpus
    prose = [s for article in sorted(docs) for s in docs[article].prose]
    expected = reference_similarity(prose, [reference_clause_features(s) for s in prose], sorted(docs))
    assert_frame_equal(similarity, expected, check_exact=True, check_dtype=False)
    assert (similarity["article_a"] != similarity["article_b"]).sum() > 0


def test_each_rows_kind_and_order_equal_the_pair_by_pair_ones(corpus):
    docs, _, (aligned, _, _) = corpus
    sentence = {(s.article_id, s.sentence_id): s for d in docs.values() for s in d.prose}
    kinds = [
        reference_kind(sentence[(a, x)], sentence[(b, y)])
        for a, x, b, y in aligned[["article_a", "sentence_a", "article_b", "sentence_b"]].itertuples(
            index=False
        )
    ]
    assert aligned["kind"].tolist() == kinds
    ordered = aligned.sort_values(["article_a", "sentence_a", "article_b", "sentence_b"], ignore_index=True)
    assert_frame_equal(aligned, ordered, check_exact=True)
    assert {"near_verbatim", "paraphrase"} <= set(kinds)
