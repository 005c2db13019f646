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
    assert set(added) == set(tables)
    for name in TABLES:
        if name in tables:
            pd.testing.assert_frame_equal(added[name], tables[name], obj=name)


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
    build_tables(corpus, engine="natasha")
    for path in later:
        (tmp_path / path.name).rename(corpus / path.name)
    added = build_tables(corpus, engine="natasha")[0]
    assert len(added["articles"]) == len(full.tables["articles"]) > 100
    for name in TABLES:
        if name in full.tables:
            pd.testing.assert_frame_equal(added[name], full.tables[name], obj=name)
