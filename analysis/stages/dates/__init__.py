"""Dates and events: when things happened, as each article tells it.

- ``normalise``: one match of the temporal grammar -> a TIMEX3-style value and date interval;
- ``expressions``: every expression of an article's prose, normalised -> the ``dates`` table
  (a per-article stage);
- ``events``: each resolved date's clause and each article's publication (a per-article stage,
  cached) -> clustered by the corpus stage into ``events``;
- ``clusters``: events of different sources that tell one happening -> ``event_clusters``;
- ``codes``: the codes these tables hold.
"""

from __future__ import annotations

from analysis.stages.dates.events import article_events, cluster_events
from analysis.stages.dates.expressions import extract_dates
from analysis.stages.dates.normalise import (
    UNRESOLVED_DURATION,
    UNRESOLVED_NO_ANTECEDENT,
    UNRESOLVED_NO_PUBLICATION,
)

__all__ = [
    "UNRESOLVED_DURATION",
    "UNRESOLVED_NO_ANTECEDENT",
    "UNRESOLVED_NO_PUBLICATION",
    "article_events",
    "cluster_events",
    "extract_dates",
]
