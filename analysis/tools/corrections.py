"""Command line for the analyst's corrections: ``python -m analysis corrections`` lists them with what
became of each in the last build; ``python -m analysis correct KIND ...`` makes one (or ``undo`` takes
one back) and rebuilds, as the dashboard's correction controls do.

Entities are named as a user knows them: an entity id, the Russian name, the English name or any
spelling the articles use, looked up in the built tables (``--out``); the correction then names the
entity by its Russian name and its id (``analysis.core.corrections``).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from analysis.core.codes import EntityType
from analysis.core.corrections import (
    CORRECTIONS_FILE,
    CorrectionError,
    Key,
    Kind,
    Status,
    append,
    discrepancy_fields,
    entity_reference,
    read_corrections,
    remove,
    subject_of,
    value_of,
)
from analysis.core.schema import ARTICLES, CONTRADICTIONS, CORRECTIONS, ENTITIES, TABLES, Col
from analysis.core.text import fold

USER_ENV = "STORYLENS_USER"  # who makes corrections, when the deployment knows (also the dashboard's)
UNDO = "undo"


def _table(out: Path, name: str, columns: list[str] | None = None) -> pd.DataFrame:
    path = Path(out) / TABLES[name].file
    if not path.exists():
        raise CorrectionError(
            f"{out}/ has no {name} table; build first: python -m analysis build --out {out}"
        )
    return pd.read_parquet(path, columns=columns)


def pick_entity(entities: pd.DataFrame, text: str) -> str:
    """The id of the entity ``text`` names: its id, Russian or English name, or a spelling of it."""
    key = fold(text)
    for found in (
        entities[Col.ENTITY_ID] == text,
        entities[Col.NAME].map(fold) == key,
        entities[Col.NAME_EN].map(fold) == key,
        entities[Col.ALIASES].map(lambda aliases: key in {fold(alias) for alias in aliases}),
    ):
        if found.sum() == 1:
            return str(entities.loc[found, Col.ENTITY_ID].iloc[0])
        if found.sum() > 1:
            choices = ", ".join(entities.loc[found, Col.ENTITY_ID].head(8))
            raise CorrectionError(f"«{text}» names several entities ({choices}); give the id")
    raise CorrectionError(f"no entity «{text}» in the tables; see the Entities page or data/entities.parquet")


def _discrepancy(out: Path, text: str) -> dict:
    found = _table(out, CONTRADICTIONS)
    rows = found[found[Col.CONTRADICTION_ID] == text]
    if rows.empty:
        some = ", ".join(found[Col.CONTRADICTION_ID].drop_duplicates().head(5))
        raise CorrectionError(f"no discrepancy {text!r} in {out}/ (e.g. {some})")
    return discrepancy_fields(rows, text)


def span(raw: str, text: str, start: int | None, occurrence: int | None) -> tuple[int, int]:
    """Where ``text`` stands in an article: at ``start``, else its ``occurrence``-th place (1-based),
    else its only place; CorrectionError listing the places when there are several."""
    places = [match.start() for match in re.finditer(re.escape(text), raw)]
    if start is not None:
        if raw[start : start + len(text)] != text:
            raise CorrectionError(
                f"the article does not read «{text}» at {start}; it does at {places or 'no place'}"
            )
        return start, start + len(text)
    if not places:
        raise CorrectionError(f"the article does not contain «{text}»")
    if occurrence is None and len(places) > 1:
        listed = "; ".join(
            f"{n}: …{raw[max(0, p - 30) : p + len(text) + 30]}…" for n, p in enumerate(places, 1)
        )
        raise CorrectionError(
            f"«{text}» stands {len(places)} times; choose one with --occurrence N ({listed})"
        )
    place = places[(occurrence or 1) - 1] if 0 < (occurrence or 1) <= len(places) else None
    if place is None:
        raise CorrectionError(f"--occurrence must be 1 to {len(places)}")
    return place, place + len(text)


def _span_fields(args: argparse.Namespace) -> dict:
    articles = _table(args.out, ARTICLES, [Col.ARTICLE_ID, Col.RAW_TEXT])
    raw = articles.loc[articles[Col.ARTICLE_ID] == args.article, Col.RAW_TEXT]
    if raw.empty:
        raise CorrectionError(f"no article {args.article!r} in {args.out}/")
    start, end = span(raw.iloc[0], args.text, args.start, args.occurrence)
    return {Key.ARTICLE: args.article, Key.START: start, Key.END: end, Key.TEXT: args.text}


def fields_of(args: argparse.Namespace) -> dict:
    """The correction's keys from the command's arguments, entities looked up in the built tables."""
    kind = args.kind
    if kind == Kind.DISMISS and not args.note.strip():
        raise CorrectionError('dismissing a discrepancy needs the reason: --note "why it is no disagreement"')
    if kind in Kind.DISCREPANCIES:
        return _discrepancy(args.out, args.discrepancy)
    if kind in (Kind.MARK, Kind.UNMARK):
        return {**_span_fields(args), **({Key.TYPE: args.type} if kind == Kind.MARK else {})}
    entities = _table(args.out, ENTITIES)
    if kind == Kind.MERGE:
        ids = [pick_entity(entities, name) for name in args.entities]
        chosen = pick_entity(entities, args.name) if args.name else ids[0]
        names = [entity_reference(entities, entity_id)[Key.ENTITY] for entity_id in ids]
        merged = {Key.ENTITIES: names, Key.IDS: ids, Key.NAME: entity_reference(entities, chosen)[Key.ENTITY]}
        return {**merged, Key.NAME_EN: args.name_en or ""}
    fields = entity_reference(entities, pick_entity(entities, args.entity))
    if kind == Kind.SPLIT:
        target = entity_reference(entities, pick_entity(entities, args.to)) if args.to else {}
        moved = {Key.TO: target.get(Key.ENTITY, ""), Key.TO_ID: target.get(Key.ID, "")}
        return {
            **fields,
            Key.ALIAS: args.alias,
            **moved,
            Key.NAME_EN: args.name_en or "",
            Key.TYPE: args.type or "",
        }
    if kind == Kind.RENAME:
        return {**fields, Key.NAME_EN: args.name_en}
    return {**fields, Key.TYPE: args.type} if kind == Kind.RETYPE else fields


def stamp(by: str, note: str) -> dict:
    """Who made a correction, when, and why."""
    when = datetime.now(UTC).replace(microsecond=0).isoformat()
    return {Key.BY: by, Key.AT: when, Key.NOTE: note}


def _correct(args: argparse.Namespace) -> int:
    """Write the correction (or take one out) under the build lock, then rebuild and say what it did."""
    from analysis.add import change_and_build, expected_errors

    def change() -> list[str]:
        if args.kind == UNDO:
            return [remove(args.corpus, args.correction_id).id]
        fields = {**fields_of(args), **stamp(args.by, args.note)}
        return [append(args.corpus, args.kind, fields).id]

    began = time.perf_counter()
    try:
        (done,), manifest = change_and_build(
            change, corpus=args.corpus, out=args.out, added=args.added, engine=args.engine,
            progress=not args.quiet, build=not args.no_build,
        )  # fmt: skip
    except (CorrectionError, *expected_errors()) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    verb = "took out" if args.kind == UNDO else "wrote"
    print(f"{verb} correction {done} in {args.corpus / CORRECTIONS_FILE}")
    if manifest is None:
        print(
            f"not rebuilt (--no-build): run `python -m analysis build --corpus {args.corpus} --out {args.out}`"
        )
        return 0
    print(f"rebuilt {args.out}/ in {time.perf_counter() - began:.1f} s")
    return 0 if args.kind == UNDO else _said(args.out, done)


def _said(out: Path, correction_id: str) -> int:
    table = _table(out, CORRECTIONS)
    row = table[table[Col.CORRECTION_ID] == correction_id]
    if row.empty:
        return 0
    status, reason = row[Col.STATUS].iloc[0], row[Col.REASON].iloc[0]
    print(f"{status}{': ' + reason if reason else ''}")
    return 0 if status in (Status.APPLIED, Status.UNNEEDED) else 1


def listing(corpus: Path, out: Path) -> list[str]:
    """Each correction of the corpus's file, with what became of it in ``out``'s last build."""
    found = read_corrections(corpus)
    lines = [f"error: {found.error}"] if found.error else []
    try:
        built = _table(out, CORRECTIONS).set_index(Col.CORRECTION_ID)
    except (CorrectionError, OSError, ValueError):
        built = pd.DataFrame()
    for entry in found.entries:
        row = built.loc[entry.id] if entry.id in built.index else None
        status = "not built yet" if row is None else str(row[Col.STATUS])
        if row is not None and row[Col.REASON]:
            status += f": {row[Col.REASON]}"
        value = f" → {value_of(entry)}" if value_of(entry) else ""
        by = f" (by {entry.text(Key.BY)})" if entry.text(Key.BY) else ""
        note = f" — {entry.text(Key.NOTE)}" if entry.text(Key.NOTE) else ""
        lines.append(
            f"line {entry.line}  {entry.id}  {entry.kind}: {subject_of(entry)}{value}{by}{note}  [{status}]"
        )
        if row is not None and row[Col.MACHINE]:
            lines.append(f"    machine's original: {row[Col.MACHINE]}")
    lines += [f"line {problem.line}  invalid: {problem.message}" for problem in found.problems]
    return lines or [f"no corrections: {Path(corpus) / CORRECTIONS_FILE} does not exist or is empty"]


def _list(args: argparse.Namespace) -> int:
    for line in listing(args.corpus, args.out):
        print(line)
    return 1 if read_corrections(args.corpus).error else 0


def _folders(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--corpus", type=Path, default=Path("seeds"), help="corpus folder holding corrections.toml"
    )
    command.add_argument("--out", type=Path, default=Path("data"), help="the tables built from it")


def _entity_commands(kinds: argparse._SubParsersAction) -> dict[str, argparse.ArgumentParser]:
    merge = kinds.add_parser(Kind.MERGE, help="join two or more entities into one")
    merge.add_argument(
        "entities", nargs="+", metavar="ENTITY", help="id, Russian or English name, a spelling"
    )
    merge.add_argument("--name", default="", help="the entity whose name the one keeps (default: the first)")
    merge.add_argument("--name-en", default="", help="the English name of the one entity")
    split = kinds.add_parser(
        Kind.SPLIT, help="move a spelling off an entity: to one of its own, or --to another"
    )
    split.add_argument("entity", metavar="ENTITY")
    split.add_argument("alias", metavar="SPELLING", help="the spelling as the articles write it")
    split.add_argument("--to", default="", metavar="ENTITY", help="the entity it joins (default: its own)")
    split.add_argument("--name-en", default="", help="English name of the entity of its own")
    split.add_argument("--type", choices=EntityType.ALL, default="", help="type of the entity of its own")
    rename = kinds.add_parser(Kind.RENAME, help="give an entity another English name")
    rename.add_argument("entity", metavar="ENTITY")
    rename.add_argument("name_en", metavar="ENGLISH_NAME")
    retype = kinds.add_parser(Kind.RETYPE, help="give an entity another type")
    retype.add_argument("entity", metavar="ENTITY")
    retype.add_argument("type", choices=EntityType.ALL)
    drop = kinds.add_parser(Kind.DROP, help="not an entity at all (a footer's name, a song title)")
    drop.add_argument("entity", metavar="ENTITY")
    return {Kind.MERGE: merge, Kind.SPLIT: split, Kind.RENAME: rename, Kind.RETYPE: retype, Kind.DROP: drop}


def _other_commands(kinds: argparse._SubParsersAction) -> dict[str, argparse.ArgumentParser]:
    made = {}
    for kind, help_text in (
        (Kind.DISMISS, "not a disagreement (give --note)"),
        (Kind.CONFIRM, "read and confirmed"),
    ):
        made[kind] = kinds.add_parser(kind, help=f"a discrepancy {help_text}")
        made[kind].add_argument(
            "discrepancy", metavar="DISCREPANCY_ID", help="as the Discrepancies page's table lists it"
        )
    for kind, help_text in (
        (Kind.MARK, "a span of an article is a name of TYPE"),
        (Kind.UNMARK, "a span is no name"),
    ):
        made[kind] = kinds.add_parser(kind, help=help_text)
        made[kind].add_argument("article", metavar="ARTICLE_ID")
        made[kind].add_argument("text", metavar="TEXT", help="the span as the article writes it")
        if kind == Kind.MARK:
            made[kind].add_argument("type", choices=EntityType.ALL)
        made[kind].add_argument(
            "--start", type=int, default=None, help="its offset, when it stands several times"
        )
        made[kind].add_argument(
            "--occurrence", type=int, default=None, help="or which of its places (1 = first)"
        )
    made[UNDO] = kinds.add_parser(UNDO, help="take a correction out of corrections.toml")
    made[UNDO].add_argument(
        "correction_id", metavar="CORRECTION_ID", help="as `python -m analysis corrections` lists it"
    )
    return made


def add_commands(commands: argparse._SubParsersAction, engines: tuple[str, ...]) -> None:
    """``corrections`` (list) and ``correct KIND ...`` (make one, then rebuild) on the command line."""
    listed = commands.add_parser("corrections", help="list the analyst's corrections and what each did")
    _folders(listed)
    listed.set_defaults(run=_list, extras=())
    correct = commands.add_parser("correct", help="correct an entity, a span or a discrepancy, then rebuild")
    kinds = correct.add_subparsers(dest="kind", required=True)
    for kind, command in {**_entity_commands(kinds), **_other_commands(kinds)}.items():
        _folders(command)
        command.add_argument(
            "--added", type=Path, default=None, help="folder of added articles (default: OUT/added)"
        )
        command.add_argument(
            "--engine", choices=engines, default=None, help="default: the engine that built OUT"
        )
        command.add_argument(
            "--by", default=os.environ.get(USER_ENV, ""), help=f"who corrects (default: ${USER_ENV})"
        )
        command.add_argument("--note", default="", help="why (the reason a discrepancy is dismissed)")
        command.add_argument("--no-build", action="store_true", help="only write corrections.toml")
        command.add_argument("--quiet", action="store_true", help="no progress bar")
        command.set_defaults(run=_correct, kind=kind)
