"""The per-article path's own bookkeeping: each article's rows kept by column in the cache and joined
into the table pandas would make, hashes that change with an article's rows and with nothing else."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest

from analysis.build.cache import Rows, concat_rows, packed
from analysis.build.runner import _row_hashes, _shares, restricted


def _per_article(frame: pd.DataFrame) -> list[pd.DataFrame]:
    return [rows.reset_index(drop=True) for _, rows in frame.groupby("article_id", sort=False)]


@pytest.mark.parametrize("name", ["tokens", "mentions", "dates", "citations", "quotes", "events", "claims"])
def test_articles_rows_kept_by_column_join_into_the_table_pandas_makes(tables, name):
    parts = _per_article(tables[name])
    assert len(parts) >= 2
    cached = [pickle.loads(pickle.dumps(packed(part))) for part in parts]
    assert all(isinstance(part, Rows) for part in cached)
    whole = pd.concat(parts, ignore_index=True)
    pd.testing.assert_frame_equal(concat_rows(cached), whole, check_column_type=True)
    # a build mixes articles read from the cache with articles computed now
    pd.testing.assert_frame_equal(concat_rows(cached[:1] + parts[1:]), whole, check_column_type=True)
    pd.testing.assert_frame_equal(cached[0].frame(), parts[0], check_column_type=True)


def test_rows_of_other_dtypes_are_joined_by_pandas():
    counted = pd.DataFrame({"article_id": ["a"], "value": [1]})
    measured = pd.DataFrame({"article_id": ["b"], "value": [1.5]})
    joined = concat_rows([packed(counted), packed(measured)])
    pd.testing.assert_frame_equal(joined, pd.concat([counted, measured], ignore_index=True))
    assert joined["value"].tolist() == [1.0, 1.5]


def test_an_articles_hash_changes_with_its_rows_only(tables):
    tokens = tables["tokens"]
    before = _row_hashes(tokens)
    assert set(before) == set(tokens["article_id"])
    edited = tokens.copy()
    first = edited["article_id"].iloc[0]
    edited.loc[0, "lemma"] = edited.loc[0, "lemma"] + "x"
    after = _row_hashes(edited)
    assert [a for a in before if before[a] != after[a]] == [first]
    # the same values as text in another dtype are another input
    retyped = _row_hashes(tokens.astype({"start": "float64"}))
    assert all(retyped[a] != before[a] for a in before)
    # rows reordered within an article are another input; articles reordered are not
    shuffled = pd.concat(_per_article(tokens)[::-1], ignore_index=True)
    assert _row_hashes(shuffled) == before


def test_shares_and_restricted_keep_the_articles_rows(tables):
    sentences = tables["sentences"]
    ids = sorted(set(sentences["article_id"]))
    shares = _shares(sentences, [ids[1], "nowhere"])
    expected = sentences[sentences["article_id"] == ids[1]].reset_index(drop=True)
    pd.testing.assert_frame_equal(shares[ids[1]], expected)
    assert shares["nowhere"].empty and list(shares["nowhere"].columns) == list(sentences.columns)
    pd.testing.assert_frame_equal(restricted(sentences, {ids[1]}), expected)
    whole = restricted(sentences, set(ids))
    pd.testing.assert_frame_equal(whole, sentences)
    whole.loc[0, "text"] = "changed"  # a stage writing into its input leaves the build's table alone
    assert sentences.loc[0, "text"] != "changed"
