"""A person's title and regnal name in the form English gives them ("Папа Франциск" -> Pope Francis,
"Карл III" -> Charles III, "Иисус Христос" -> Jesus Christ).

Russian gives popes, saints, monarchs and figures of scripture the Latin or Church Slavonic form of their
name ("Франциск", "Иоанн", "Карл"), which a name list of living people spells as a French or Czech
namesake (Francisque, Karel); English gives them its own form. A name is read so after a title that
takes one (``names_titles``: pope, king, saint; not a patriarch: Patriarch Kirill), before a regnal
number, or alone when Russian gives that form to no one else (``names_regnal``: "Иисус", "Франциск").
"""

from __future__ import annotations

import re
from functools import cache

from analysis.core import lexicon

_REGNAL_NUMBER = re.compile(r"^[IVXL]+$")
_LONGEST_TITLE = 2  # words


@cache
def _titles() -> dict[str, tuple[str, bool]]:
    """Russian title (lower case, ё as е) -> (English title, whether a regnal name follows it)."""
    return {row[0]: (row[1], row[2:] == ("regnal",)) for row in lexicon.rows("names_titles")}


@cache
def _regnal() -> dict[str, tuple[str, bool]]:
    """Russian regnal or church name -> (its English form, whether it is one wherever it stands alone)."""
    return {row[0]: (row[1], row[2:] == ("alone",)) for row in lexicon.rows("names_regnal")}


def _key(text: str) -> str:
    return text.lower().replace("ё", "е")


def split_title(name: str) -> tuple[str, str, bool]:
    """(English title, the rest of the name, whether that rest is a regnal name) of a name opening with
    a title ("Папа Римский Франциск" -> "Pope", "Франциск", True; the rest is "" where the title is the
    whole name: "Папа Римский"); ("", name, False) for any other name."""
    words = name.split()
    for size in range(min(_LONGEST_TITLE, len(words)), 0, -1):
        found = _titles().get(_key(" ".join(words[:size])))
        if found:
            return found[0], " ".join(words[size:]), found[1]
    return "", name, False


def regnal_name(name: str, titled: bool = False) -> str | None:
    """The English form of a regnal or church name ("Иоанн Павел II" -> "John Paul II"): every word but
    a regnal number in ``names_regnal``, and a title before it (``titled``), a regnal number after it or
    only words that are church names alone; else None."""
    words = name.split()
    number = words[-1] if len(words) > 1 and _REGNAL_NUMBER.match(words[-1]) else ""
    names = words[:-1] if number else words
    found = [_regnal().get(_key(word)) for word in names]
    if not names or None in found:
        return None
    if not (titled or number or all(alone for _, alone in found)):
        return None
    return " ".join([english for english, _ in found] + ([number] if number else []))
