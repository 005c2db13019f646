"""The saved measurements of ``data/quality.json`` as rows the About page shows: NEREL recognition and
linking, and the dates' spans and resolution (``python -m analysis eval nerel|dates --save``)."""

from __future__ import annotations

import pandas as pd

NEREL_TYPES = ("PER", "LOC", "ORG")


def _round(value: object) -> float | None:
    return round(value, 3) if isinstance(value, (int, float)) else None


def _f1(entry: dict | None) -> float | None:
    return _round((entry or {}).get("f1"))


def nerel_rows(saved: dict) -> pd.DataFrame:
    """One row per NEREL folder and measure: the mentions table's F1 beside bare natasha's."""
    rows = []
    for folder, entry in sorted(saved.items()):
        base = entry.get("baseline") or {}
        measures = [("PER+LOC+ORG F1", entry.get("recognition"), base.get("recognition"))]
        measures += [
            (f"{kind} F1", (entry.get("types") or {}).get(kind), (base.get("types") or {}).get(kind))
            for kind in NEREL_TYPES
        ]
        measures.append(("linking B-cubed F1", entry.get("linking_bcubed"), base.get("linking_bcubed")))
        rows += [
            {"texts": folder, "measure": label, "StoryLens": _f1(ours), "bare natasha": _f1(theirs)}
            for label, ours, theirs in measures
        ]
        rows.append(
            {
                "texts": folder,
                "measure": "articles lost to an error",
                "StoryLens": entry.get("article_errors"),
                "bare natasha": None,
            }
        )
    return pd.DataFrame(rows)


def dates_rows(saved: dict) -> pd.DataFrame:
    """The dates table's span scores on NEREL and, where measured, exact resolution on the hand gold."""
    spans = saved.get("spans") or {}
    rows = [
        {"measure": f"DATE spans {name}", "value": _round(spans.get(name))}
        for name in ("precision", "recall", "f1")
    ]
    resolution = saved.get("resolution")
    if resolution:
        rows.append({"measure": "resolved exactly (hand gold)", "value": _round(resolution.get("exact"))})
        rows.append({"measure": "dates in the wrong year (hand gold)", "value": resolution.get("wrong_year")})
    return pd.DataFrame(rows)
