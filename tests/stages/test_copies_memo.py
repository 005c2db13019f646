"""The copies stage's memo and its LSH: on BSNLP ryanair's wire copies, a build that starts from the last
build's keys and signatures makes the table a fresh build makes, computing only the added article's new
texts; and the candidates found by sorting bands are exactly those ``datasketch.MinHashLSH`` returns."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from datasketch import MinHash, MinHashLSH

from analysis.core.memo import Memo
from analysis.stages.copies import (
    _WORDS,
    LSH_THRESHOLD,
    MIN_WORDS,
    NUM_PERM,
    _candidates,
    _shingles,
    _signature,
    copy_key,
    find_copies,
)
from tests.helpers import documents

ADDED = "ryan-ru_file_171"  # prints the unions' sentence near-verbatim ("Как сообщается,")


@pytest.fixture(scope="module")
def ryanair(real_corpus):
    tables = real_corpus("ryanair").tables
    return tables, documents(tables)


def keys_of(docs) -> list[str]:
    return sorted({copy_key(s.text) for doc in docs.values() for s in doc.prose})


def without(tables, docs, article: str):
    kept = {a: doc for a, doc in docs.items() if a != article}
    articles = tables["articles"][tables["articles"]["article_id"] != article]
    citations = tables["citations"][tables["citations"]["article_id"] != article]
    return kept, articles, citations


def test_band_candidates_are_the_lsh_query_pairs(ryanair):
    keys = keys_of(ryanair[1])
    hashes = MinHash.bulk([_shingles(k) for k in keys], num_perm=NUM_PERM)
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    for index, signature in enumerate(hashes):
        lsh.insert(index, signature, check_duplication=False)
    expected = [(i, j) for i, h in enumerate(hashes) for j in sorted(lsh.query(h)) if j > i]
    signatures = [_signature(k) for k in keys]
    assert all((mine == bulk.hashvalues).all() for mine, bulk in zip(signatures, hashes, strict=True))
    first, second = _candidates(pd.DataFrame(signatures).to_numpy(dtype="uint64"))
    assert list(zip(first.tolist(), second.tolist(), strict=True)) == expected
    assert len(expected) > 100  # the wire copies and their near copies are candidates


def test_a_memo_build_equals_a_fresh_one_and_makes_only_the_new_texts(ryanair):
    tables, docs = ryanair
    before = Memo()
    find_copies(*without(tables, docs, ADDED), memo=before)
    memo = Memo(before.used)
    with_memo = find_copies(docs, tables["articles"], tables["citations"], memo=memo)
    fresh = find_copies(docs, tables["articles"], tables["citations"])
    pd.testing.assert_frame_equal(with_memo, fresh)
    assert (with_memo["article_id"] == ADDED).any()
    old_texts = {s.text for a, doc in docs.items() if a != ADDED for s in doc.prose}
    new_texts = {s.text for s in docs[ADDED].prose} - old_texts
    old_keys = {copy_key(t) for t in old_texts if len(_WORDS.findall(copy_key(t))) >= MIN_WORDS}
    new_keys = {copy_key(t) for t in new_texts if len(_WORDS.findall(copy_key(t))) >= MIN_WORDS} - old_keys
    assert new_texts and memo.made == len(new_texts) + len(new_keys)


def test_an_edited_sentence_is_keyed_again(ryanair):
    """A memo entry is found by its text: an article whose sentence changed gets that sentence's key
    anew, and the copy it made is gone, as in a fresh build."""
    tables, docs = ryanair
    memo = Memo()
    find_copies(docs, tables["articles"], tables["citations"], memo=memo)
    doc = docs["ryan-ru_file_172"]
    edited = [
        replace(s, text="Иначе.") if "выпустила объявление, что отменила" in s.text else s
        for s in doc.sentences
    ]
    changed = {**docs, doc.article_id: replace(doc, sentences=tuple(edited))}
    again = Memo(memo.used)
    with_memo = find_copies(changed, tables["articles"], tables["citations"], memo=again)
    pd.testing.assert_frame_equal(with_memo, find_copies(changed, tables["articles"], tables["citations"]))
    assert again.made == 1 and len(with_memo) < len(
        find_copies(docs, tables["articles"], tables["citations"])
    )
