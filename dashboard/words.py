"""Every column, code, date and count a page shows, in English: pure functions of values and frames.

Pages, components and the data package all word things here, so a code reads the same on every page.
Nothing here reads the dataset: what a function needs (a story pack's roles, entity names) is passed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from analysis.core.codes import ClaimPredicate
from analysis.core.labels import CODES, LABELS
from analysis.core.schema import Col
from analysis.core.text import fold

REBUILD = "python -m analysis build"  # the command every "not computed yet" names
UNKNOWN_DATE = "date unknown"
UNKNOWN_OUTLET = "Unknown outlet"
READING = "reading"  # the column ``data.story.disputed`` adds: what a value says, whatever its spelling
WHEN = "when"  # the column ``data.story.disputed`` adds: the moment a discrepancy is about
ROLE_COLUMNS = (Col.ROLE, Col.REFERENCE_ROLE)  # hold a story pack's role codes
# A claim's dimension (the counted noun's place in ``quantity:<predicate>:<noun or dimension>``) in words.
DIMENSIONS = {
    "money": "amount",
    "percent": "%",
    "duration": "duration",
    "length": "distance",
    "volume": "volume",
    "mass": "weight",
    "year": "years",
}
QUANTITY = re.compile(
    r"quantity:(?P<predicate>[^:]*):(?P<what>[^~/@#]*)(?:~(?P<named>[^/@#]*))?(?:/(?P<per>[^@#]*))?"
    r"(?:@(?P<places>[^#]*))?(?:#(?P<time>.*))?"
)
WEEK, MONTH = re.compile(r"(\d{4})-W(\d{2})"), re.compile(r"\d{4}-\d{2}")
LANGUAGES = {
    "en": "English",
    "uk": "Ukrainian",
    "be": "Belarusian",
    "kk": "Kazakh",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pl": "Polish",
}


# --- columns and codes ---------------------------------------------------------------------------


def column_label(column: str) -> str:
    """A column's heading: its label in ``analysis.core.labels.LABELS``; a column a page adds ("told by")
    is already in words and only starts with a capital."""
    return LABELS.get(column) or column[:1].upper() + column[1:]


def code_label(column: str, code: object, roles: Mapping[str, str]) -> object:
    """A code held in ``column`` in words: a role by the story pack's label (``roles``: ``role_labels``),
    any other by ``analysis.core.labels.CODES``; a code no list has, spaced ("social platform"); not a code
    (a number, a name), as it is."""
    words = roles if column in ROLE_COLUMNS else CODES.get(column)
    if words is None or not isinstance(code, str):
        return code
    return words.get(code, code.replace("_", " "))


def readable(frame: pd.DataFrame, roles: Mapping[str, str]) -> pd.DataFrame:
    """``frame`` as a page shows it: each code in words (``code_label``; the value of a role claim is a
    role code too), each column by its label."""
    coded = [c for c in frame.columns if c in ROLE_COLUMNS or c in CODES]
    words = {c: frame[c].map(lambda code, c=c: code_label(c, code, roles)) for c in coded}
    if Col.KIND in frame.columns and Col.VALUE in frame.columns:
        value = frame[Col.VALUE]
        words[Col.VALUE] = value.where(frame[Col.KIND] != "role", value.map(lambda v: roles.get(v, v)))
    return frame.assign(**words).rename(columns=column_label) if words else frame.rename(columns=column_label)


def role_labels(pack: Mapping) -> dict[str, str]:
    """Role code -> its label in the story pack (``data.story.story``; ``{}`` without one)."""
    roles = pack.get("roles") or []
    return {
        str(r["code"]): str(r.get("label") or r["code"])
        for r in roles
        if isinstance(r, dict) and r.get("code")
    }


def language_name(code: str) -> str:
    """English name of an ISO 639-1 code, for a sentence such as "This article is in …"."""
    if code in ("", "und"):
        return "an undetermined language"
    return LANGUAGES.get(code, f"the language “{code}”")


# --- names and counts ----------------------------------------------------------------------------


def folder_words(folder: Path | str, root: Path, setting: str) -> str:
    """A folder as a page names it: relative to the project ``root`` when inside it ("data"), else
    the environment variable ``setting`` that chose it ("$DASHBOARD_DATA_DIR"), never a path of the
    server's disk."""
    try:
        return Path(os.path.abspath(folder)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return f"${setting}"


def both_names(english: str, russian: str) -> str:
    """ "English · Russian", or the name once when there is no English name or both are spelled alike."""
    return f"{english} · {russian}" if english and fold(english) != fold(russian) else russian


def in_english(named: pd.Series, entity_ids: pd.Series, names: Mapping[str, str]) -> pd.Series:
    """Names as a reader sees them: an entity's by its English name (``names``: entity id -> English
    display name), one that is no entity's (a Russian noun, a speaker not linked) as it is."""
    english = entity_ids.map(names)
    return english.where(english.notna(), named)


def counted(n: int, one: str, many: str = "") -> str:
    """How many of a thing, in words: "1 article", "5 articles"; "3 discrepancies" with ``many``."""
    return f"{int(n)} {one if int(n) == 1 else many or one + 's'}"


def names_joined(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


# --- dates ---------------------------------------------------------------------------------------


def when(start: str, end: str = "") -> str:
    """An event's dates as precise as they are: a whole year "2020", whole years "2020–2021", a whole
    month "March 2020", whole months "August – October 2025", else its days ("2025-11-07",
    "2025-11-05 – 2025-11-06"); a date that is not ISO is shown as it is."""
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end or start)
    except ValueError:
        return " – ".join(dict.fromkeys(filter(None, [start, end])))
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return f"{first.year}" if first.year == last.year else f"{first.year}–{last.year}"
    if first.day == 1 and (last + timedelta(days=1)).day == 1:
        if (first.year, first.month) == (last.year, last.month):
            return f"{first:%B %Y}"
        return f"{first:%B}{'' if first.year == last.year else first.strftime(' %Y')} – {last:%B %Y}"
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"


def date_span(first: str, last: str) -> str:
    """Two ISO dates as a short span for a headline figure: "7 Nov 2025", "6–7 Nov 2025",
    "5 Feb – 7 Oct 2018", "Feb 2018 – Jan 2019"."""
    try:
        a, b = date.fromisoformat(first), date.fromisoformat(last)
    except ValueError:  # not ISO dates: shown as they are
        return " – ".join(dict.fromkeys([first, last]))
    if a == b:
        return f"{a.day} {a:%b %Y}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {b:%b %Y}"
    if a.year == b.year:
        return f"{a.day} {a:%b} – {b.day} {b:%b %Y}"
    return f"{a:%b %Y} – {b:%b %Y}"


def time_label(code: str) -> str:
    """The time a claim's attribute or moment names, as a reader says it: "week of 24 Sep 2018" (an
    ISO week: its Monday), "September 2018", "23 Aug 2018", "25–26 Jul 2018" (a period), "2018";
    "date unknown" for a moment no date places; anything else as it is."""
    if code == "unknown":
        return UNKNOWN_DATE
    if "/" in code:
        return date_span(*code.split("/", 1))
    week = WEEK.fullmatch(code)
    if week:
        return "week of " + date_span(*[date.fromisocalendar(int(week[1]), int(week[2]), 1).isoformat()] * 2)
    if MONTH.fullmatch(code):
        return f"{date.fromisoformat(code + '-01'):%B %Y}"
    return date_span(code, code)


# --- claims --------------------------------------------------------------------------------------


def measure_label(
    attribute: str, measure: str, names: Mapping[str, str], pack: Mapping, moment: str = ""
) -> str:
    """What a claim is about in words, with no code (``claims``'s ``attribute``, ``measure`` and
    ``moment``): the clause's words as the text has them, what is counted (a noun, or a dimension in
    words) and what names it, the rate, the places by English name (``names``: entity id -> English
    display name) and the time (``time_label``): "отменить (рейс) in Germany, week of 24 Sep 2018",
    "заказать (доза of вакцина)", "возраст (years), 2018". A story
    pack's attributes read from its agreement: "<agreement>: role", "<agreement>: years",
    "<agreement>: year (<role's label>)"."""
    words = measure.split(" · ")
    key, agreement = pack.get("key"), pack.get("agreement") or pack.get("name") or "the story"
    roles = role_labels(pack)
    if key and attribute == f"{key}_role":
        return f"{agreement}: role"
    if key and attribute == f"{key}_span":
        return f"{agreement}: years"
    role = attribute.removesuffix("_year")
    if role != attribute and role in roles:
        return f"{agreement}: year ({roles[role]})"
    if attribute.startswith("date:"):
        return f"{words[0]} (date)"
    found = QUANTITY.fullmatch(attribute)
    if found is None:
        return measure
    what = DIMENSIONS.get(found["what"], found["what"])
    if found["named"]:
        what += " of " + ", ".join(names.get(e, e) for e in found["named"].split("~"))
    # a standing count of places ("работает в 33 странах") is keyed on where, not on a verb
    said = (
        f"in how many places ({what})"
        if found["predicate"] == ClaimPredicate.WHERE
        else f"{words[0]} ({what})"
    )
    if found["per"]:
        said += f" per {found['per']}"
    if found["places"]:
        said += " in " + ", ".join(names.get(e, e) for e in found["places"].split("+"))
    time = found["time"] or moment
    return f"{said}, {time_label(time)}" if time else said


def claims_in_words(claims: pd.DataFrame, names: Mapping[str, str], pack: Mapping) -> pd.DataFrame:
    """Claims or discrepancies (``claims``/``contradictions`` rows) as a reader sees them: the subject by
    its English name (``names``; a subject that is no entity, a Russian noun, as it is) and the measure
    in words (``measure_label``, with the claim's moment: a group's claims share its week)."""
    moments = claims[Col.MOMENT] if Col.MOMENT in claims else [""] * len(claims)
    return claims.assign(
        **{
            Col.SUBJECT: in_english(claims[Col.SUBJECT], claims[Col.SUBJECT_ENTITY_ID], names),
            Col.MEASURE: [
                measure_label(a, m, names, pack, t)
                for a, m, t in zip(claims[Col.ATTRIBUTE], claims[Col.MEASURE], moments, strict=True)
            ],
        }
    )
