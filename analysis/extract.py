"""``python -m analysis extract``: entities and dates of single files, as one JSON record each.

Evaluation tools depend on this record's shape; keep it stable. Offsets are into the file's
full text as decoded (newlines untranslated, header included); for a saved web page, into the
article text extracted from it. What was done to a file (decoded from cp1251...) comes back
beside the record, not in it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.build.corpus import load_article
from analysis.build.run import analyse_articles
from analysis.core.schema import DATES, ENTITIES, MENTIONS, Col
from analysis.nlp.base import Engine


class ArticleError(RuntimeError):
    """A stage failed on the article; the message names the file and the stage."""


def extract_file(path: Path, engine: Engine) -> tuple[dict, list[str]]:
    """(``{"file", "entities": [...], "dates": [...]}``, notices) for one article file."""
    row, notices = load_article(path)
    articles = pd.DataFrame([row])
    tables, errors = analyse_articles(articles, lambda _: engine)
    if errors:
        first = errors[0]
        raise ArticleError(f"{path}: {first['stage']} failed: {first['type']}: {first['message']}")
    names = tables[ENTITIES].set_index(Col.ENTITY_ID)[Col.NAME]
    entities = [
        {
            "start": int(row.start),
            "end": int(row.end),
            "type": row.type,
            "text": row.text,
            "canonical": names[row.entity_id],
            "entity_id": row.entity_id,
        }
        for row in tables[MENTIONS].itertuples(index=False)
    ]
    dates = [
        {
            "start": int(row.start),
            "end": int(row.end),
            "text": row.text,
            "kind": row.kind,
            "value": row.value,
            "start_date": row.start_date,
            "end_date": row.end_date,
            "resolved": bool(row.resolved),
        }
        for row in tables[DATES].itertuples(index=False)
    ]
    return {"file": str(path), "entities": entities, "dates": dates}, notices
