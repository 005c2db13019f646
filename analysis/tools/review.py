"""``python -m analysis review DATA``: the quality report of a built data folder (``analysis.core.review``)
printed for an analyst: how many entities each list holds, then the first rows of each.

Reads two Parquet tables with pandas and needs none of the analysis extras, so it runs in the
dashboard-only install too.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from analysis.core.labels import LABELS
from analysis.core.review import REPORT_COLUMNS, Review, review
from analysis.core.schema import ENTITIES, MENTIONS, TABLES, Col, SchemaError, validate

ROWS = 10  # rows of each list printed unless --rows says otherwise


class NotBuilt(Exception):
    """The folder holds no usable tables; the message names it and the command that builds it."""


def read_review(folder: Path) -> Review:
    """The report of the ``entities`` and ``mentions`` tables in ``folder``."""
    build = f"build it: python -m analysis build --corpus CORPUS --out {folder}"
    if not folder.is_dir():
        raise NotBuilt(f"{folder}: no such folder; pass a built data folder (e.g. data), or {build}")
    tables = {}
    for name in (ENTITIES, MENTIONS):
        path = folder / TABLES[name].file
        if not path.is_file():
            raise NotBuilt(f"{folder}: not a built data folder (no {path.name}); {build}")
        try:
            tables[name] = validate(name, pd.read_parquet(path))
        except SchemaError as error:
            raise NotBuilt(f"{path}: {error}") from error
        except (OSError, ValueError) as error:  # not Parquet, truncated
            raise NotBuilt(f"{path}: unreadable ({error}); rebuild: {build}") from error
    return review(tables[ENTITIES], tables[MENTIONS])


def _line(row: pd.Series) -> str:
    """One entity of a list: Russian name · English name (type, mentions), then the list's own columns."""
    n = row[Col.N_MENTIONS]
    head = f"{row[Col.NAME]} · {row[Col.NAME_EN]} ({row[Col.TYPE]}, {n} mention{'' if n == 1 else 's'})"
    extra = [
        f"{LABELS.get(column, column).lower()}: {row[column]}"
        for column in row.index
        if column not in REPORT_COLUMNS and row[column]
    ]
    return "  ".join(["  " + head, *extra])


def format_review(report: Review, folder: Path, rows: int = ROWS) -> str:
    """The counts, then each list's first ``rows`` entities, one a line."""
    total = report.n_entities
    lines = [f"Quality report of {folder}/: {total} entities"]
    for heading, count in report.counts().items():
        share = f" ({count / total:.1%})" if total else ""
        lines.append(f"  {heading}: {count}{share}")
    for heading, frame in report.lists().items():
        lines += ["", f"{heading} ({len(frame)}):"]
        lines += [_line(row) for _, row in frame.head(rows).iterrows()] or ["  none"]
        if len(frame) > rows:
            lines.append(f"  … and {len(frame) - rows} more (--rows {len(frame)} lists them all)")
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    try:
        report = read_review(args.data)
    except NotBuilt as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(format_review(report, args.data, args.rows))
    return 0


def add_command(commands: argparse._SubParsersAction) -> None:
    """``review DATA [--rows N]``; it needs no extra."""
    command = commands.add_parser(
        "review",
        help="the quality report of a built data folder: transliterated English names, entities typed two "
        "ways, spellings that do not look like one name, places named once",
    )
    command.add_argument("data", type=Path, help="a built data folder (python -m analysis build --out DATA)")
    command.add_argument("--rows", type=int, default=ROWS, help=f"rows of each list printed (default {ROWS})")
    command.set_defaults(run=_run, extras=())
