"""Discrepancies against a reading list (``eval discrepancies DATA --gold CSV``).

The ``contradictions`` table of a build is scored against the disagreements a reader found in its
corpus by grepping numbers and reading both sentences (``tests/data/discrepancies_gold_*.csv``, one
row a disagreement: ``GOLD_COLUMNS``; ``values`` like ``13000 | 11500``, ``articles`` like
``13000=file_a|file_b;11500=file_c``). Only rows whose relation is a contradiction or an update count
for recall; the others (a rule's range, figures of different moments) are listed, not counted.

**The matching rule.** A claim carries a gold value when its article is one the gold lists for that
value (by article id, file name, or file name without its extension) and its value is that value,
compared as numbers: the claim's point (the middle of ``low``..``high``, the finite bound when it is
open on one side) equals a single gold number ("около 11,5 тысячи" carries 11500, "более 60 тысяч"
60000); its ``low`` and ``high`` equal a gold range ``A-B``; a date claim (unit ``day``, ordinal days)
carries a gold ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` when its days lie within that period. A gold row
is **found** when one reported group holds claims carrying at least two of its values; a group
**matches** the rows it finds. Recall is found over counted rows; precision is judged by reading the
groups, so the report lists every group with the rows it matches (unmatched ones are for reading).
"""

from __future__ import annotations

import argparse
import calendar
import csv
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from analysis.build.decode import CorpusError
from analysis.core.schema import ARTICLES, CONTRADICTIONS, Col

GOLD_COLUMNS = (
    "id", "subject", "measure", "moment", "relation", "values", "articles", "quote_a", "quote_b", "note",
)  # fmt: skip
COUNTED_RELATIONS = ("contradiction", "update")  # a disagreement about one moment, or a figure revised
REL_TOL = 1e-6  # numbers equal up to rounding of the interval's middle
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_RANGE = re.compile(r"(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)")

Interval = tuple[float, float]


@dataclass(frozen=True)
class GoldValue:
    """One of a gold row's differing values, as a number interval and as a period of days."""

    text: str  # as the CSV writes it: "13000", "200-600", "2018-10-31"
    number: Interval | None
    days: Interval | None  # ordinal days (``date.toordinal``), as date claims store them


@dataclass(frozen=True)
class GoldRow:
    id: str
    subject: str
    measure: str
    relation: str
    values: tuple[GoldValue, ...]
    articles: dict[str, frozenset[str]]  # value text -> names of the articles giving it
    line: int

    @property
    def counted(self) -> bool:
        return self.relation in COUNTED_RELATIONS


@dataclass
class GroupResult:
    """One reported discrepancy and the gold rows it matches."""

    contradiction_id: str
    rank: int
    relation: str
    subject: str
    measure: str
    moment: str  # the moments of its claims, comma-separated; empty for a standing figure
    n_sources: int
    values: list[str]  # "value as written (articles)", most articles first
    matches: list[str] = field(default_factory=list)  # gold ids


@dataclass
class Evaluation:
    gold: str
    data: str
    counted: list[str]  # ids of the gold rows recall counts
    found: list[str]
    not_counted: list[str]
    groups: list[GroupResult]
    unknown_articles: list[str]  # gold names no article of the data has

    @property
    def recall(self) -> float:
        return len(self.found) / len(self.counted) if self.counted else 0.0

    @property
    def missed(self) -> list[str]:
        return [i for i in self.counted if i not in self.found]

    def to_dict(self) -> dict:
        return {
            "gold": self.gold,
            "recall": round(self.recall, 4),
            "found": self.found,
            "missed": self.missed,
            "not_counted": self.not_counted,
            "groups": len(self.groups),
            "groups_matched": sum(bool(g.matches) for g in self.groups),
        }


# ---------------------------------------------------------------- the gold


def _days(text: str) -> Interval | None:
    """The period of days a gold date names (a year, a month or a day), or None."""
    match = _DATE.fullmatch(text)
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if day is not None:
            first = last = date(year, month, day)
        elif month is not None:
            first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        else:
            first, last = date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None
    return float(first.toordinal()), float(last.toordinal())


def _number(text: str) -> Interval | None:
    """A gold number (``1.6``) or range (``200-600``) as an interval, or None."""
    if (match := _RANGE.fullmatch(text)) is not None:
        low, high = float(match[1]), float(match[2])
        return (low, high) if low <= high else None
    try:
        value = float(text)
    except ValueError:
        return None
    return (value, value) if math.isfinite(value) else None


def gold_value(text: str) -> GoldValue | None:
    """The value a gold cell writes, or None when it is neither a number, a range nor a date."""
    number, days = _number(text), _days(text)
    if number is None and days is None:
        return None
    return GoldValue(text, number, days)


def _row(cells: list[str], path: Path, line: int) -> GoldRow:
    """One gold row (its cells in ``GOLD_COLUMNS`` order) checked; a CorpusError naming the file and
    line when it is bad."""
    where = f"{path} line {line}"
    gold_id, subject, measure, _, relation, values_cell, articles_cell, *_ = cells
    if not gold_id.strip():
        raise CorpusError(f"{where}: the id is empty")
    values = []
    for text in (part.strip() for part in values_cell.split("|")):
        if (value := gold_value(text)) is None:
            raise CorpusError(
                f"{where}: value {text!r} is not a number, a range A-B or a date YYYY[-MM[-DD]]"
            )
        values.append(value)
    if len({v.text for v in values}) < 2:
        raise CorpusError(f"{where}: a disagreement needs at least two different values, not {values_cell!r}")
    articles: dict[str, frozenset[str]] = {}
    for entry in filter(None, (part.strip() for part in articles_cell.split(";"))):
        text, equals, names = entry.partition("=")
        text = text.strip()
        if not equals or text not in {v.text for v in values}:
            raise CorpusError(
                f"{where}: articles entry {entry!r} is not VALUE=file|file for one of the values"
            )
        articles[text] = frozenset(name.strip() for name in names.split("|") if name.strip())
    if missing := [v.text for v in values if not articles.get(v.text)]:
        raise CorpusError(f"{where}: no article given for value(s) {', '.join(missing)}")
    return GoldRow(
        gold_id.strip(), subject, measure, relation.strip(),
        tuple(values), articles, line,
    )  # fmt: skip


def read_gold(path: Path) -> list[GoldRow]:
    """The reading list (``GOLD_COLUMNS``); a bad row is a CorpusError naming the file and its line."""
    rows: list[GoldRow] = []
    with Path(path).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != GOLD_COLUMNS:
            raise CorpusError(f"{path}: the header must be {','.join(GOLD_COLUMNS)}")
        for fields in reader:
            if None in fields or any(value is None for value in fields.values()):
                raise CorpusError(f"{path} line {reader.line_num}: expected {len(GOLD_COLUMNS)} fields")
            row = _row([fields[name] for name in GOLD_COLUMNS], path, reader.line_num)
            if any(row.id == seen.id for seen in rows):
                raise CorpusError(f"{path} line {reader.line_num}: id {row.id} is used twice")
            rows.append(row)
    if not rows:
        raise CorpusError(f"{path}: no row")
    return rows


# ---------------------------------------------------------------- matching


def claim_point(low: float, high: float) -> float | None:
    """The one number a claim's interval stands for: its middle, or its finite bound when open."""
    finite = [bound for bound in (low, high) if bound is not None and math.isfinite(bound)]
    return sum(finite) / len(finite) if finite else None


def carries(value: GoldValue, low: float, high: float, unit: str) -> bool:
    """Whether a claim's interval (``low``..``high`` in ``unit``) is the gold value (module docstring)."""
    if unit == "day":
        return value.days is not None and value.days[0] - 0.5 <= low and high <= value.days[1] + 0.5
    if value.number is None:
        return False
    gold_low, gold_high = value.number
    if gold_low == gold_high:
        point = claim_point(low, high)
        return point is not None and math.isclose(point, gold_low, rel_tol=REL_TOL)
    return math.isclose(low, gold_low, rel_tol=REL_TOL) and math.isclose(high, gold_high, rel_tol=REL_TOL)


def values_held(row: GoldRow, group: pd.DataFrame, names: dict[str, set[str]]) -> list[str]:
    """The gold values some claim of ``group`` carries from an article the gold lists for it."""
    held = []
    for value in row.values:
        listed = row.articles[value.text]
        for claim in group.itertuples(index=False):
            named = names.get(getattr(claim, Col.ARTICLE_ID), set())
            if named & listed and carries(value, getattr(claim, Col.LOW), getattr(claim, Col.HIGH),
                                          getattr(claim, Col.UNIT)):  # fmt: skip
                held.append(value.text)
                break
    return held


def article_names(articles: pd.DataFrame) -> dict[str, set[str]]:
    """Each article id with the names a gold may use for it: the id, the file, the file's stem."""
    return {
        row.article_id: {row.article_id, row.file, Path(row.file).stem}
        for row in articles[[Col.ARTICLE_ID, Col.FILE]].astype(str).itertuples(index=False)
    }


def _group_result(group_id: str, group: pd.DataFrame, gold: list[GoldRow], names) -> GroupResult:
    first = group.iloc[0]
    counts = group.groupby(Col.VALUE)[Col.ARTICLE_ID].nunique().sort_values(ascending=False, kind="stable")
    return GroupResult(
        str(group_id), int(first[Col.RANK]), str(first[Col.RELATION]), str(first[Col.SUBJECT]),
        str(first[Col.MEASURE]), ", ".join(sorted(set(group[Col.MOMENT].dropna()) - {""})), int(first[Col.N_SOURCES]),
        [f"{value} ({count})" for value, count in counts.items()],
        [row.id for row in gold if len(values_held(row, group, names)) >= 2],
    )  # fmt: skip


def evaluate(gold: list[GoldRow], contradictions: pd.DataFrame, articles: pd.DataFrame) -> Evaluation:
    """Recall of ``gold`` and every reported group with the gold rows it matches."""
    names = article_names(articles)
    groups = [
        _group_result(group_id, group, gold, names)
        for group_id, group in contradictions.groupby(Col.CONTRADICTION_ID, sort=False)
    ]
    groups.sort(key=lambda g: (g.rank, g.contradiction_id))
    matched = {gold_id for g in groups for gold_id in g.matches}
    known = set().union(*names.values()) if names else set()
    listed = sorted({name for row in gold for group in row.articles.values() for name in group})
    return Evaluation(
        gold="",
        data="",
        counted=[row.id for row in gold if row.counted],
        found=[row.id for row in gold if row.counted and row.id in matched],
        not_counted=[row.id for row in gold if not row.counted],
        groups=groups,
        unknown_articles=[name for name in listed if name not in known],
    )


def evaluate_discrepancies(data: Path, gold_path: Path) -> Evaluation:
    """Score the ``contradictions`` table of the built folder ``data`` against the CSV ``gold_path``."""
    data = Path(data)
    tables = {}
    for name in (CONTRADICTIONS, ARTICLES):
        if not (path := data / f"{name}.parquet").is_file():
            raise CorpusError(f"{data}: no {name}.parquet here; pass a build's output folder (--out)")
        tables[name] = pd.read_parquet(path)
    result = evaluate(read_gold(gold_path), tables[CONTRADICTIONS], tables[ARTICLES])
    result.gold, result.data = str(gold_path), str(data)
    return result


def format_report(result: Evaluation) -> str:
    """Recall, the rows missed, then every reported group with what it matches."""
    lines = [
        f"gold {result.gold}: {len(result.counted)} disagreements counted "
        f"({len(result.not_counted)} not counted: {', '.join(result.not_counted) or 'none'})",
        f"recall {len(result.found)}/{len(result.counted)} = {result.recall:.3f}",
        f"found:  {', '.join(result.found) or 'none'}",
        f"missed: {', '.join(result.missed) or 'none'}",
        f"reported groups: {len(result.groups)}, matching a gold row: {sum(bool(g.matches) for g in result.groups)}"
        " (the others are for reading)",
    ]
    for group in result.groups:
        matched = ", ".join(group.matches) if group.matches else "no gold row: read it"
        moment = f" @ {group.moment}" if group.moment else ""
        lines.append(
            f"  #{group.rank} {group.relation}: {group.subject} · {group.measure}{moment}, "
            f"{group.n_sources} sources -> {matched}"
        )
        lines.append(f"      {'; '.join(group.values)}")
    if result.unknown_articles:
        lines.append(
            f"gold names no article of {result.data or 'the data'} has: {', '.join(result.unknown_articles)}"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------- the command


def _run(args: argparse.Namespace) -> int:
    from analysis.tools.evaluate.scores import save_quality, stamp

    result = evaluate_discrepancies(args.data, args.gold)
    print(format_report(result))
    if args.save:
        command = f"python -m analysis eval discrepancies {args.data} --gold {args.gold}"
        save_quality(
            args.save, ("discrepancies", Path(args.gold).stem), {**stamp(command), **result.to_dict()}
        )
        print(f"saved {args.save}")
    return 0


def add_command(evaluate_commands) -> None:
    """``eval discrepancies DATA --gold CSV [--save FILE]``: reads built tables only, needs no extra."""
    command = evaluate_commands.add_parser(
        "discrepancies",
        help="recall of a build's contradictions table against a reading list of disagreements, every "
        "reported group with the gold rows it matches",
    )
    command.add_argument("data", type=Path, help="folder of built tables (a build's --out)")
    command.add_argument("--gold", type=Path, required=True, help="tests/data/discrepancies_gold_*.csv")
    command.add_argument("--save", type=Path, default=None, help="also write the scores (data/quality.json)")
    command.set_defaults(run=_run, extras=())
