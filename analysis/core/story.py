"""The story pack: what is particular to one story, kept as data beside its corpus.

A corpus folder may hold ``story.toml`` (and the reference CSV it names). It says what the story is
(name, one-line summary), which agreement it is about and the lemma stems that name it, and the
roles countries can take in it: for each, the rule that finds it, the lemmas the rule reads, and a
label and colour for the dashboard. The role rules in ``analysis.stages.roles`` are generic shapes of
agreement news (parties, an intermediary, candidates, earlier treaties, an unfinished process); the pack
supplies their words. Without a pack no roles are read and every other stage works as before.

The format is documented in README ("Write a story pack") and checked by ``load_pack``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.core.codes import NameSource
from analysis.core.schema import Col
from analysis.core.text import fold

STORY_FILE = "story.toml"
# The rules a role can name, in the order a sentence is tested (most specific first), and the cue
# lists each reads. ``intermediary`` is tested per country, beside whichever rule the sentence matched.
RULES: dict[str, tuple[str, ...]] = {
    "unfinished": ("verbs", "started"),
    "prior": ("verbs",),
    "prospect": ("nouns", "modals"),
    "party": ("join", "verbs", "nouns", "relation_verbs", "relation_nouns"),
    "intermediary": ("nouns",),
}
REFERENCE_COLUMNS = ("country", "iso3", "role", "date", "note", "source_url")
_STORY_KEYS = {"name", "summary", "key", "map_title", "reference"}


class StoryPackError(ValueError):
    """``story.toml`` cannot be used; the message names the file, the entry and the fix."""


@dataclass(frozen=True)
class Role:
    code: str  # written to the tables
    rule: str  # one of RULES
    label: str
    colour: str
    description: str
    cues: dict[str, frozenset[str]]  # cue list name (RULES[rule]) -> lemmas


@dataclass(frozen=True)
class StoryPack:
    name: str
    summary: str
    key: str  # prefix of the pack's claim attributes: "<key>_role", "<key>_span"
    map_title: str
    agreement: str  # the agreement's name for the reader
    stems: tuple[str, ...]  # a token whose lemma starts with one of these names the agreement
    roles: tuple[Role, ...]
    reference: pd.DataFrame = field(repr=False)
    names: dict[str, str] = field(default_factory=dict)  # folded Russian name -> English name

    def english(self, entities: pd.DataFrame) -> pd.DataFrame:
        """``entities`` with the English names the pack gives (``[names]``): the name an analyst writes
        where the build could only transliterate. Ids stay as built, so links keep working."""
        given = entities[Col.NAME].map(lambda name: self.names.get(fold(name), ""))
        if not given.any():
            return entities
        named = entities.copy()
        named[Col.NAME_EN] = given.where(given != "", entities[Col.NAME_EN])
        if Col.NAME_EN_SOURCE in named:
            named[Col.NAME_EN_SOURCE] = named[Col.NAME_EN_SOURCE].where(given == "", NameSource.PACK)
        return named

    def role(self, rule: str) -> Role | None:
        """The pack's role found by ``rule``, or None when the pack has none."""
        return next((role for role in self.roles if role.rule == rule), None)

    def cues(self, rule: str, name: str) -> frozenset[str]:
        """The lemmas of cue list ``name`` of the role found by ``rule`` (empty without that role)."""
        role = self.role(rule)
        return role.cues.get(name, frozenset()) if role else frozenset()

    def manifest(self) -> dict:
        """What the dashboard needs of the pack (``manifest.json`` key ``story``)."""
        return {
            "name": self.name,
            "summary": self.summary,
            "key": self.key,
            "agreement": self.agreement,
            "map_title": self.map_title,
            "roles": [
                {"code": r.code, "label": r.label, "colour": r.colour, "description": r.description}
                for r in self.roles
            ],
        }


def load_pack(folder: Path) -> StoryPack | None:
    """The story pack of a corpus folder, or None when it has no ``story.toml``."""
    path = Path(folder) / STORY_FILE
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise StoryPackError(f"{path}: not valid TOML ({error}); fix the file or remove it") from error
    story = _table(data, "story", path)
    agreement = _table(data, "agreement", path)
    missing = sorted(_STORY_KEYS - set(story))
    if missing:
        raise StoryPackError(f"{path}: [story] lacks {', '.join(missing)}; see README 'Write a story pack'")
    roles = tuple(_role(code, entry, path) for code, entry in _table(data, "roles", path).items())
    rules = [role.rule for role in roles]
    if len(set(rules)) < len(rules):
        raise StoryPackError(f"{path}: two roles use the same rule; give each rule one role")
    return StoryPack(
        name=_text(story, "name", path),
        summary=_text(story, "summary", path),
        key=_text(story, "key", path),
        map_title=_text(story, "map_title", path),
        agreement=_text(agreement, "name", path),
        stems=tuple(_words(agreement, "stems", path)),
        roles=roles,
        reference=load_reference(path.parent / _text(story, "reference", path)),
        names=_names(data, path),
    )


def load_reference(path: Path) -> pd.DataFrame:
    """The pack's table of public facts, one row per country: ``REFERENCE_COLUMNS``."""
    if not path.is_file():
        raise StoryPackError(
            f"{path}: the reference table named in story.toml is missing; add it or fix the name"
        )
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in REFERENCE_COLUMNS if c not in frame.columns]
    if missing:
        raise StoryPackError(
            f"{path}: lacks the columns {', '.join(missing)} (header: {','.join(REFERENCE_COLUMNS)})"
        )
    return frame


def _role(code: str, entry: object, path: Path) -> Role:
    if not isinstance(entry, dict):
        raise StoryPackError(f"{path}: [roles.{code}] must be a table")
    rule = entry.get("rule", "")
    if rule not in RULES:
        raise StoryPackError(f"{path}: [roles.{code}] rule {rule!r} is not one of {', '.join(RULES)}")
    unknown = set(entry) - {"rule", "label", "colour", "description", *RULES[rule]}
    if unknown:
        raise StoryPackError(
            f"{path}: [roles.{code}] has {', '.join(sorted(unknown))}; rule {rule!r} reads {', '.join(RULES[rule])}"
        )
    return Role(
        code=code,
        rule=rule,
        label=_text(entry, "label", path, code),
        colour=_text(entry, "colour", path, code),
        description=str(entry.get("description", "")),
        cues={name: frozenset(_words(entry, name, path, code)) for name in RULES[rule] if name in entry},
    )


def _table(data: dict, name: str, path: Path) -> dict:
    value = data.get(name)
    if not isinstance(value, dict):
        raise StoryPackError(f"{path}: the [{name}] table is missing; see README 'Write a story pack'")
    return value


def _text(table: dict, key: str, path: Path, role: str = "") -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        where = f"[roles.{role}] " if role else ""
        raise StoryPackError(f"{path}: {where}{key!r} must be a non-empty string")
    return value.strip()


def _names(data: dict, path: Path) -> dict[str, str]:
    """The optional ``[names]`` table: Russian name as the Entities page shows it -> English name."""
    table = data.get("names", {})
    if not isinstance(table, dict) or not all(
        isinstance(value, str) and value.strip() for value in table.values()
    ):
        raise StoryPackError(f'{path}: [names] must map a Russian name to an English one: "Имя" = "Name"')
    return {fold(name): value.strip() for name, value in table.items()}


def _words(table: dict, key: str, path: Path, role: str = "") -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(word, str) and word for word in value):
        where = f"[roles.{role}] " if role else ""
        raise StoryPackError(f"{path}: {where}{key!r} must be a list of lemmas in quotes")
    return [fold(word) for word in value]
