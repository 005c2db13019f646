"""The analyst's corrections: ``corrections.toml`` beside the corpus, read, checked and written.

An analyst corrects what the build found (merges two entities, drops a false one, dismisses a
discrepancy, marks a span of an article as a name...). Each correction is one entry of
``corrections.toml`` in the corpus folder, readable and reviewable text that every build applies
after linking entities (``analysis.stages.corrections``), so it survives rebuilds, added articles and
a new version of StoryLens. Entities are named by their Russian forms first (the name the Entities page
shows, or any spelling in the articles) and by the id the build gave them second, because ids are
made from English names, which improve between versions.

Pure Python (``tomllib``): the dashboard reads and writes the file through this module on any install.
The format is documented in README ("Correct the machine") and ``docs/corrections.md``.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.core.codes import EntityType
from analysis.core.files import replace_text
from analysis.core.schema import Col
from analysis.core.text import fold

CORRECTIONS_FILE = "corrections.toml"
HEADER = """\
# Corrections an analyst made to what StoryLens found in this corpus (README: "Correct the machine").
# Every build of the corpus applies them in this order, after linking entities. Entities are named by
# their Russian name (or any spelling the articles use) first, and by the id the build gave them second.
# One that no longer applies is listed on the dashboard's About page and by `python -m analysis corrections`.
"""


class Kind:
    """What a correction does: the name of its ``[[...]]`` section in the file."""

    MERGE = "merge"  # entities that are one: joined, with the name the analyst chose
    SPLIT = "split"  # an alias that is not the entity: moved to an entity of its own, or to another
    RENAME = "rename"  # the English name
    RETYPE = "retype"  # the type (PER, ORG, LOC, MISC)
    DROP = "drop"  # not an entity at all (a footer's name, a song title): its mentions go
    DISMISS = "dismiss"  # a discrepancy that is not a disagreement
    CONFIRM = "confirm"  # a discrepancy read and confirmed
    MARK = "mark"  # a span of an article is an entity of a type
    UNMARK = "unmark"  # a span of an article is not an entity

    ENTITIES = (MERGE, SPLIT, RENAME, RETYPE, DROP, MARK, UNMARK)
    DISCREPANCIES = (DISMISS, CONFIRM)
    ALL = (*ENTITIES, *DISCREPANCIES)


class Status:
    """What became of a correction in the last build (the ``corrections`` table's ``status``)."""

    APPLIED = "applied"
    UNNEEDED = "unneeded"  # the build already does what it asks
    STALE = "stale"  # what it names is not in this build (an entity, a discrepancy, a span)
    INVALID = "invalid"  # the entry cannot be read: its line and what to fix are in ``reason``


class Key:
    """The keys of an entry, as the file spells them."""

    ENTITY = "entity"  # an entity's Russian name (or a spelling of it)
    ID = "id"  # the id the build gave it when the correction was made (a fallback)
    ENTITIES = "entities"  # merge: the entities' Russian names ...
    IDS = "ids"  # ... and their ids
    NAME = "name"  # merge: the Russian name of the one entity (default: the first's)
    NAME_EN = "name_en"  # the English name
    TYPE = "type"
    ALIAS = "alias"  # split: the spelling that leaves the entity
    TO = "to"  # split: the entity it joins (empty: one of its own) ...
    TO_ID = "to_id"  # ... and that entity's id
    SUBJECT = "subject"  # a discrepancy: the Russian name of its subject ...
    ATTRIBUTE = "attribute"  # ... what is disputed (the claims' attribute key) ...
    VALUES = "values"  # ... and the values the sources stated then (a record, not matched)
    ARTICLE = "article"  # a span: the article id, offsets into its text, the text itself
    START = "start"
    END = "end"
    TEXT = "text"
    BY = "by"  # who made the correction, when the deployment knows
    AT = "at"  # when (ISO 8601)
    NOTE = "note"  # why (the reason a discrepancy is dismissed)


_COMMON = {Key.BY: str, Key.AT: str, Key.NOTE: str}
_DISCREPANCY = ({Key.ATTRIBUTE: str}, {Key.SUBJECT: str, Key.ID: str, Key.VALUES: list})
_SPAN = {Key.ARTICLE: str, Key.START: int, Key.END: int, Key.TEXT: str}
# Each kind's keys: (required, optional), with the type of each value.
SPEC: dict[str, tuple[dict[str, type], dict[str, type]]] = {
    Kind.MERGE: ({Key.ENTITIES: list}, {Key.IDS: list, Key.NAME: str, Key.NAME_EN: str}),
    Kind.SPLIT: (
        {Key.ENTITY: str, Key.ALIAS: str},
        {Key.ID: str, Key.TO: str, Key.TO_ID: str, Key.NAME_EN: str, Key.TYPE: str},
    ),
    Kind.RENAME: ({Key.ENTITY: str, Key.NAME_EN: str}, {Key.ID: str}),
    Kind.RETYPE: ({Key.ENTITY: str, Key.TYPE: str}, {Key.ID: str}),
    Kind.DROP: ({Key.ENTITY: str}, {Key.ID: str}),
    Kind.DISMISS: _DISCREPANCY,
    Kind.CONFIRM: _DISCREPANCY,
    Kind.MARK: ({**_SPAN, Key.TYPE: str}, {Key.ENTITY: str, Key.ID: str}),
    Kind.UNMARK: (_SPAN, {}),
}
# Keys that say who and why: two entries differing only in them are one correction.
_CIRCUMSTANCES = (Key.BY, Key.AT, Key.NOTE)
_HEADER = re.compile(r"^\s*\[\[\s*([^\]\s]+)\s*\]\]")
_TABLE = re.compile(r"^\s*\[\s*([^\]\[\s]+)\s*\]")
_TOML_LINE = re.compile(r"at line (\d+)")


class CorrectionError(ValueError):
    """A correction cannot be read or written; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class Correction:
    kind: str
    fields: Mapping[str, object]
    line: int = 0  # of its ``[[kind]]`` header in the file (0: not from a file)

    @property
    def id(self) -> str:
        """A short stable id: the same correction (whoever made it, whenever) has the same one."""
        what = {k: v for k, v in self.fields.items() if k not in _CIRCUMSTANCES}
        digest = hashlib.sha1(json.dumps([self.kind, what], sort_keys=True, ensure_ascii=False).encode())
        return f"c-{digest.hexdigest()[:8]}"

    def text(self, key: str) -> str:
        value = self.fields.get(key, "")
        return value.strip() if isinstance(value, str) else ""

    def number(self, key: str) -> int:
        value = self.fields.get(key, 0)
        return value if isinstance(value, int) else 0

    def names(self, key: str) -> list[str]:
        value = self.fields.get(key, [])
        return [str(item).strip() for item in value] if isinstance(value, list) else []


@dataclass(frozen=True)
class Problem:
    line: int
    kind: str
    message: str


@dataclass(frozen=True)
class Corrections:
    """Every usable entry of a corrections file in file order, the entries that could not be used, and
    (``error``) why the whole file could not be read."""

    entries: tuple[Correction, ...] = ()
    problems: tuple[Problem, ...] = ()
    error: str = ""
    file: str = CORRECTIONS_FILE

    def __bool__(self) -> bool:
        return bool(self.entries or self.problems or self.error)

    def of(self, kinds: Iterable[str]) -> list[Correction]:
        kinds = set(kinds)
        return [entry for entry in self.entries if entry.kind in kinds]

    def find(self, correction_id: str) -> Correction | None:
        return next((entry for entry in self.entries if entry.id == correction_id), None)


def _where(file: str, line: int) -> str:
    return f"{file} line {line}" if line else file


def check(kind: str, fields: Mapping[str, object], file: str = CORRECTIONS_FILE, line: int = 0) -> None:
    """Raise CorrectionError naming the line and the fix when ``fields`` is not a valid ``kind`` entry."""
    where = f"{_where(file, line)}: [[{kind}]]"
    if kind not in SPEC:
        raise CorrectionError(
            f"{_where(file, line)}: [[{kind}]] is not a correction; use one of {', '.join(SPEC)}"
        )
    required, optional = SPEC[kind]
    allowed = {**required, **optional, **_COMMON}
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise CorrectionError(f"{where} has {', '.join(unknown)}; it reads {', '.join(allowed)}")
    missing = [key for key in required if key not in fields]
    if missing:
        raise CorrectionError(f"{where} lacks {', '.join(missing)}")
    for key, value in fields.items():
        _check_value(where, key, value, allowed[key], required=key in required)
    _check_meaning(where, kind, fields)


def _check_value(where: str, key: str, value: object, kind: type, required: bool) -> None:
    if kind is int and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        raise CorrectionError(f"{where}: {key} must be a whole number of characters, e.g. {key} = 120")
    if kind is str and (not isinstance(value, str) or (required and not value.strip())):
        raise CorrectionError(f"{where}: {key} must be a {'non-empty ' if required else ''}string in quotes")
    if kind is list and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
        raise CorrectionError(f'{where}: {key} must be a list of strings, e.g. {key} = ["…", "…"]')
    texts = value if isinstance(value, list) else [value]
    if any(isinstance(text, str) and not _encodable(text) for text in texts):
        raise CorrectionError(f"{where}: {key} holds characters that are not text")


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_meaning(where: str, kind: str, fields: Mapping[str, object]) -> None:
    entity_type = fields.get(Key.TYPE)
    if entity_type is not None and entity_type not in EntityType.ALL:
        raise CorrectionError(f"{where}: type {entity_type!r} is not one of {', '.join(EntityType.ALL)}")
    if kind == Kind.MERGE:
        names, ids = fields[Key.ENTITIES], fields.get(Key.IDS)
        if len(names) < 2 or not all(str(n).strip() for n in names):
            raise CorrectionError(f"{where}: entities must name at least two entities")
        if ids is not None and len(ids) != len(names):
            raise CorrectionError(f"{where}: ids must give one id per entity, in the same order (or none)")
    if Key.START in fields and int(fields[Key.END]) <= int(fields[Key.START]):
        raise CorrectionError(f"{where}: end must be after start")


def subject_of(correction: Correction) -> str:
    """What a correction is about, in the Russian forms it names."""
    kind = correction.kind
    if kind == Kind.MERGE:
        return " + ".join(correction.names(Key.ENTITIES))
    if kind == Kind.SPLIT:
        return f"«{correction.text(Key.ALIAS)}» of {correction.text(Key.ENTITY)}"
    if kind in Kind.DISCREPANCIES:
        about = correction.text(Key.SUBJECT)
        return f"{about} · {correction.text(Key.ATTRIBUTE)}" if about else correction.text(Key.ATTRIBUTE)
    if kind in (Kind.MARK, Kind.UNMARK):
        start, end = correction.number(Key.START), correction.number(Key.END)
        return f"«{correction.text(Key.TEXT)}» in {correction.text(Key.ARTICLE)} ({start}–{end})"
    return correction.text(Key.ENTITY)


def value_of(correction: Correction) -> str:
    """What the analyst set: a name, a type, the entity an alias joins (empty when the kind says it)."""
    kind = correction.kind
    if kind == Kind.MERGE:
        return correction.text(Key.NAME_EN) or correction.text(Key.NAME)
    if kind == Kind.SPLIT:
        return correction.text(Key.TO) or correction.text(Key.NAME_EN)
    if kind == Kind.RENAME:
        return correction.text(Key.NAME_EN)
    if kind in (Kind.RETYPE, Kind.MARK):
        return correction.text(Key.TYPE)
    if kind in Kind.DISCREPANCIES:
        return ", ".join(correction.names(Key.VALUES))
    return ""


def discrepancy_fields(rows: pd.DataFrame, contradiction_id: str) -> dict[str, object]:
    """How a verdict names a discrepancy (its ``contradictions`` rows): the subject's Russian name, the
    attribute, the id and the values in their order: the same whether the dashboard or the command line
    records it."""
    first = rows.iloc[0]
    return {
        Key.SUBJECT: first[Col.SUBJECT],
        Key.ATTRIBUTE: first[Col.ATTRIBUTE],
        Key.ID: contradiction_id,
        Key.VALUES: list(dict.fromkeys(rows[Col.VALUE])),
    }


# --- reading ---------------------------------------------------------------------------------------


def parse(text: str, file: str = CORRECTIONS_FILE) -> Corrections:
    """The corrections a file's text holds. Never raises: a file that is not TOML gives ``error``
    (naming the line), an entry that cannot be used a ``problem`` (naming its line), and the others apply."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = _TOML_LINE.search(str(error))
        where = _where(file, int(line.group(1)) if line else 0)
        return Corrections(error=f"{where}: not valid TOML ({error}); fix that line", file=file)
    headers = _header_lines(text)
    entries, problems = [], []
    for kind, value in data.items():
        lines = headers.get(kind, [])
        if not isinstance(value, list):
            line = next(iter(_table_lines(text).get(kind, [])), 0)
            problems.append(Problem(line, kind, f"{_where(file, line)}: [{kind}] is not a correction; "
                                    f"write each correction as [[{'|'.join(SPEC)}]]"))  # fmt: skip
            continue
        for position, fields in enumerate(value):
            line = lines[position] if position < len(lines) else 0
            try:
                if not isinstance(fields, dict):
                    raise CorrectionError(
                        f"{_where(file, line)}: {kind} must be written as [[{kind}]] sections"
                    )
                check(kind, fields, file, line)
            except CorrectionError as error:
                problems.append(Problem(line, kind, str(error)))
                continue
            entries.append(Correction(kind, dict(fields), line))
    entries.sort(key=lambda entry: entry.line)
    return Corrections(tuple(entries), tuple(sorted(problems, key=lambda p: p.line)), file=file)


def _header_lines(text: str) -> dict[str, list[int]]:
    lines: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if match := _HEADER.match(line):
            lines.setdefault(match.group(1), []).append(number)
    return lines


def _table_lines(text: str) -> dict[str, list[int]]:
    lines: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if (match := _TABLE.match(line)) and not _HEADER.match(line):
            lines.setdefault(match.group(1), []).append(number)
    return lines


def corrections_path(folder: Path) -> Path:
    """The corrections file of a corpus folder; CorrectionError when it would lie outside the folder
    (a symbolic link), so nothing is ever read from or written outside the corpus."""
    folder = Path(folder)
    path = folder / CORRECTIONS_FILE
    if path.is_symlink() or (path.exists() and path.resolve().parent != folder.resolve()):
        raise CorrectionError(
            f"{path}: a link to another place; corrections live in the corpus folder itself"
        )
    return path


def read_corrections(folder: Path) -> Corrections:
    """The corrections of a corpus folder (none when it has no ``corrections.toml``). Never raises."""
    try:
        path = corrections_path(folder)
        if not path.is_file():
            return Corrections()
        text = path.read_text(encoding="utf-8")
    except (CorrectionError, OSError, UnicodeDecodeError) as error:
        return Corrections(error=f"{CORRECTIONS_FILE}: cannot be read ({error}); save it as UTF-8 text")
    return parse(text)


# --- writing ---------------------------------------------------------------------------------------


def _value(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")  # a TOML basic string


def entry_text(correction: Correction) -> str:
    """The entry as the file writes it: its ``[[kind]]`` header, then one key per line."""
    lines = [f"[[{correction.kind}]]"]
    lines += [
        f"{key} = {_value(value)}" for key, value in correction.fields.items() if value not in ("", None)
    ]
    return "\n".join(lines) + "\n"


def _current(folder: Path) -> tuple[Path, str, Corrections]:
    path = corrections_path(folder)
    if not Path(folder).is_dir():
        raise CorrectionError(f"{folder}: the corpus folder does not exist")
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    found = parse(text)
    if found.error:
        raise CorrectionError(f"{found.error}; nothing was written")
    return path, text, found


def append(folder: Path, kind: str, fields: Mapping[str, object]) -> Correction:
    """Add a correction at the end of the corpus folder's ``corrections.toml`` (created when missing);
    CorrectionError when it is not valid, is there already or the file is broken."""
    fields = {key: value for key, value in fields.items() if value not in ("", None, [])}
    check(kind, fields)
    path, text, found = _current(folder)
    correction = Correction(kind, fields)
    same = found.find(correction.id)
    if same is not None:
        raise CorrectionError(f"{CORRECTIONS_FILE} line {same.line} already holds this correction")
    start = text if text else HEADER
    replace_text(path, start.rstrip("\n") + "\n\n" + entry_text(correction))
    return Correction(kind, fields, len((start.rstrip("\n") + "\n\n").splitlines()) + 1)


def remove(folder: Path, correction_id: str) -> Correction:
    """Take a correction out of the file (undo), leaving every other line as it was."""
    path, text, found = _current(folder)
    correction = found.find(correction_id)
    if correction is None or not correction.line:
        raise CorrectionError(
            f"{CORRECTIONS_FILE} holds no correction {correction_id}; it was undone already"
        )
    lines = text.splitlines(keepends=True)
    end = next(
        (n for n in range(correction.line, len(lines)) if _HEADER.match(lines[n]) or _TABLE.match(lines[n])),
        len(lines),
    )
    while end > correction.line and lines[end - 1].lstrip().startswith("#"):  # the next entry's comment
        end -= 1
    kept = lines[: correction.line - 1] + lines[end:]
    replace_text(path, "".join(kept).rstrip("\n") + "\n")
    return correction


# --- entities named by their Russian forms ---------------------------------------------------------


@dataclass
class EntityIndex:
    """Where to find an entity of a table by its Russian name, a spelling of it or its id."""

    entities: pd.DataFrame
    names: dict[str, list[int]] = field(default_factory=dict)
    aliases: dict[str, list[int]] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for position, (entity_id, name, aliases) in enumerate(
            zip(
                self.entities[Col.ENTITY_ID], self.entities[Col.NAME], self.entities[Col.ALIASES], strict=True
            )
        ):
            self.ids[entity_id] = position
            self.names.setdefault(fold(name), []).append(position)
            for alias in {fold(a) for a in aliases}:
                self.aliases.setdefault(alias, []).append(position)

    def find(self, name: str, entity_id: str = "", entity_type: str = "") -> str | None:
        """The id of the entity named ``name`` (its Russian name, else one of its spellings), the one
        with ``entity_id`` or type ``entity_type`` first among several, else the most mentioned; the
        entity with ``entity_id`` when no name matches; None when neither is found."""
        for found in (self.names.get(fold(name), []), self.aliases.get(fold(name), [])):
            if found:
                return self._best(found, entity_id, entity_type)
        position = self.ids.get(entity_id) if entity_id else None
        return None if position is None else entity_id

    def _best(self, positions: list[int], entity_id: str, entity_type: str) -> str:
        rows = self.entities.iloc[positions]
        score = (rows[Col.ENTITY_ID] == entity_id).astype(int) * 4 + (rows[Col.TYPE] == entity_type).astype(
            int
        ) * 2
        ranked = rows.assign(_score=score).sort_values(
            ["_score", Col.N_MENTIONS, Col.ENTITY_ID], ascending=[False, False, True]
        )
        return str(ranked[Col.ENTITY_ID].iloc[0])


def entity_reference(entities: pd.DataFrame, entity_id: str) -> dict[str, str]:
    """How a correction names an entity of ``entities``: its Russian name, then its id."""
    row = entities[entities[Col.ENTITY_ID] == entity_id]
    if row.empty:
        raise CorrectionError(
            f"no entity {entity_id!r} in these tables; rebuild, or pick it on the Entities page"
        )
    return {Key.ENTITY: str(row[Col.NAME].iloc[0]), Key.ID: entity_id}
