"""Small lookups the tests share: find a seed article and the rows about a piece of its text; run
a stage, the command line, or the dashboard on a page."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd

from tests.corpora import ROOT

APP = str(ROOT / "dashboard" / "app.py")

# The title each page of dashboard/app.py shows, by its file under dashboard/views (the article page
# shows the outlet instead).
PAGE_TITLES = {
    "overview": "Story overview",
    "timeline": "Timeline",
    "map": "Map",
    "compare": "Compare two articles",
    "discrepancies": "Discrepancies",
    "entities": "Entities",
    "search": "Search",
    "sources": "Sources",
    "about": "About / Methods",
    "add": "Add articles",
}


def article_id(tables: dict[str, pd.DataFrame], prefix: str) -> str:
    """The article id starting with ``prefix`` ("004" -> "004_9612a995b4a4a15c")."""
    ids = [a for a in tables["articles"]["article_id"] if a.startswith(prefix)]
    assert len(ids) == 1, f"no single article starts with {prefix!r}: {ids}"
    return ids[0]


def documents(tables: dict[str, pd.DataFrame]) -> dict:
    """The document model the pipeline hands its stages, built from a corpus's tables."""
    from analysis.core.document import build_documents

    return build_documents(tables["articles"], tables["sentences"], tables["tokens"], tables["mentions"])


def stage(name: str, tables: dict[str, pd.DataFrame], story=None, **values) -> dict:
    """What the registry's stage ``name`` makes from a corpus's tables (its documents built from
    them), as a build runs it; ``values`` replace or add inputs."""
    from analysis.build.runner import run_stage

    return run_stage(name, {**tables, "documents": documents(tables), **values}, story=story)


def claims_inputs(tables: dict[str, pd.DataFrame]) -> dict:
    """The claims stage's inputs over a corpus's tables, as a build hands them (its profiles aside)."""
    quantities = stage("quantities", tables)["quantities"]
    return {
        "documents": documents(tables),
        "entities": tables["entities"],
        "dates": tables["dates"],
        "roles": tables["roles"],
        "alignments": tables["alignments"],
        "copies": tables["copies"],
        "quantities": quantities,
        "syntax": stage("syntax", tables, quantities=quantities)["syntax"],
    }


def binary_rows(bags: list[set[str]], vocab: dict[str, int]):
    """Alignments' binary feature rows made set by set, as the stage made them before it kept each
    article's clause rows flat: the reference its array-built rows are checked against."""
    import numpy as np

    from analysis.stages.alignments.sparse_pairs import coded_rows

    codes = np.fromiter((vocab[f] for bag in bags for f in bag), dtype=np.int64)
    return coded_rows(codes, np.array([len(bag) for bag in bags], dtype=np.int64), len(vocab))


def wrap_stage(monkeypatch, name: str, wrapper) -> None:
    """Run the registry's stage ``name`` through ``wrapper(run, *inputs)`` for the rest of a test
    (a stage that counts its calls, or fails on one article)."""
    from dataclasses import replace

    from analysis.stages import registry

    def wrapped(stage):
        return replace(stage, run=lambda *inputs: wrapper(stage.run, *inputs))

    stages = tuple(wrapped(s) if s.name == name else s for s in registry.STAGES)
    monkeypatch.setattr(registry, "STAGES", stages)


def every_pair_links(events: list[dict]) -> list[tuple[float, int, int]]:
    """Event links scored the slow way: ``similarity`` of every pair of reported events of different
    articles, strongest first, then by position (what ``clusters.links`` must equal)."""
    from analysis.stages.dates.clusters import LINK_THRESHOLD, similarity

    found = []
    for i, a in enumerate(events):
        for j in range(i + 1, len(events)):
            b = events[j]
            if "reported" == a["kind"] == b["kind"] and a["article_id"] != b["article_id"]:
                score = similarity(a, b)
                if score >= LINK_THRESHOLD:
                    found.append((-score, i, j))
    return [(-score, i, j) for score, i, j in sorted(found)]


def cli(*args: str) -> subprocess.CompletedProcess:
    """``python -m analysis ARGS`` run in the project folder, its output captured."""
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def launch(page: str | None = None, timeout: int = 120, **query: str | list[str]):
    """A fresh session of the dashboard (a pasted URL: ``query``) run to the end of ``page`` (a file
    under dashboard/views; None or "overview" for the front page), failing on any exception. The
    caller points ``DASHBOARD_DATA_DIR`` at the tables."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params.update(query)
    at.run()
    if page not in (None, "overview"):
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception, (page, [e.value for e in at.exception])
    return at
