"""One kind per cited source (``attribution.one_kind_per_source``): the kind most of its citations
suggest, a tie going to the first kind in alphabetical order (``Series.mode``'s first)."""

from __future__ import annotations

import pandas as pd

from analysis.core.schema import CITATIONS, TABLES, Col
from analysis.stages.citations.attribution import one_kind_per_source


def _citations(sources_and_kinds: list[tuple[str, str]]) -> pd.DataFrame:
    rows = [
        {Col.ARTICLE_ID: f"a{n}", Col.SENTENCE_ID: 0, Col.START: 0, Col.END: 1, Col.SOURCE: source}
        | {Col.SOURCE_ENTITY_ID: "", Col.KIND: kind, Col.CUE: "сообщает", Col.EVIDENCE: ""}
        for n, (source, kind) in enumerate(sources_and_kinds)
    ]
    return pd.DataFrame(rows, columns=list(TABLES[CITATIONS].columns))


def test_each_source_takes_its_most_frequent_kind_and_a_tie_the_first_alphabetically():
    given = [
        ("ТАСС", "media"),
        ("Минфин", "official"),
        ("ТАСС", "social_platform"),
        ("ТАСС", "media"),
        ("Минфин", "media"),
        ("Дуров", "person"),
    ]
    kinds = one_kind_per_source(_citations(given))[Col.KIND].tolist()
    assert kinds == ["media", "media", "media", "media", "media", "person"]
    by_mode = _citations(given).groupby(Col.SOURCE)[Col.KIND].transform(lambda k: k.mode().iloc[0])
    assert kinds == by_mode.tolist()
