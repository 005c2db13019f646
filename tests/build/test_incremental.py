"""A build that starts from the previous one (articles added) gives the tables a full build gives."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analysis.core.schema import TABLES


def test_adding_two_seeds_gives_the_full_build(tables, seeds_dir, tmp_path, monkeypatch):
    """Build three seeds, add two and build again from the cache: every table equals the full build's
    (``tables``, built without cache), frame by frame."""
    from analysis.build.run import build_tables

    monkeypatch.chdir(tmp_path)  # the build's cache (.cache/storylens) lives here
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    later = sorted(corpus.glob("*.txt"))[-2:]
    for path in later:
        path.rename(tmp_path / path.name)
    first = build_tables(corpus, engine="natasha")[0]
    for path in later:
        (tmp_path / path.name).rename(corpus / path.name)
    added = build_tables(corpus, engine="natasha")[0]
    assert len(first["articles"]) == 3 and len(added["articles"]) == 5
    assert 0 < len(first["alignments"]) < len(added["alignments"])
    _assert_added_events_join_clusters(first, added)
    assert set(added) == set(tables)
    for name in TABLES:
        if name in tables:
            pd.testing.assert_frame_equal(added[name], tables[name], obj=name)


def _assert_added_events_join_clusters(first: dict, added: dict) -> None:
    """The added articles' events join clusters the first build had (so the comparison with the full
    build covers clusters that changed, not only new ones)."""
    new = set(added["articles"]["article_id"]) - set(first["articles"]["article_id"])
    shared = [set(ids) for ids in added["event_clusters"]["article_ids"] if len(ids) > 1]
    assert any(ids & new and ids - new for ids in shared)
    assert len(added["events"]) > len(first["events"])


@pytest.mark.slow
def test_adding_five_articles_to_a_cluster_gives_the_full_build(real_corpus, tmp_path, monkeypatch):
    """BSNLP asia_bibi: build all but five articles, add them and build again from the cache: every
    table equals the full build's (built without cache), frame by frame."""
    from analysis.build.run import build_tables

    full = real_corpus("asia_bibi")
    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "corpus"
    shutil.copytree(full.corpus, corpus)
    later = sorted(corpus.glob("*.txt"))[-5:]
    for path in later:
        path.rename(tmp_path / path.name)
    first = build_tables(corpus, engine="natasha")[0]
    for path in later:
        (tmp_path / path.name).rename(corpus / path.name)
    added = build_tables(corpus, engine="natasha")[0]
    assert len(added["articles"]) == len(full.tables["articles"]) > 100
    _assert_added_events_join_clusters(first, added)
    for name in TABLES:
        if name in full.tables:
            pd.testing.assert_frame_equal(added[name], full.tables[name], obj=name)
