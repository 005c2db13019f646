"""The entities stage at scale: a place read by its name is memoised by everything the reading reads (the
name, the corpus's countries in their order, how many are the entity's own), so a build after one article
is added serves the places of the last one while the countries' ranking holds, and reads again where it
changed."""

from __future__ import annotations

from dataclasses import replace

from analysis.core.codes import EntityType
from analysis.core.memo import Memo
from analysis.stages.entities.english import _remembered_place, name_entity
from analysis.stages.entities.merge import KeyKind
from analysis.stages.entities.model import Mention

PAKISTAN_FIRST, INDIA_FIRST = ("PAK", "IND"), ("IND", "PAK")


def test_a_remembered_place_is_served_only_for_the_same_name_and_ranking_of_countries():
    """Punjab ("Пенджаб") is Pakistan's where a story names Pakistan most, India's where it names India
    most: a memo whose value is replaced is served back for the same name and ranking, and no other."""
    memo = Memo()
    assert _remembered_place(memo, "Пенджаб", PAKISTAN_FIRST, 0).country == "PAK"
    assert _remembered_place(memo, "Пенджаб", INDIA_FIRST, 0).country == "IND"
    assert memo.made == 2
    served = Memo({key: replace(place, name_en="Remembered Punjab") for key, place in memo.used.items()})
    assert _remembered_place(served, "Пенджаб", INDIA_FIRST, 0).name_en == "Remembered Punjab"
    assert _remembered_place(served, "Пенджаб", INDIA_FIRST, 1).name_en == "Punjab"  # its own articles' count
    assert served.made == 1


def test_an_entity_named_from_the_memo_of_an_earlier_build_is_the_entity_named_afresh():
    """A city named in one build from an empty memo, then from that build's memo (a new process reads
    the pickled memo): the same naming, and nothing made the second time."""
    members = [(Mention("a", 0, 0, 7, "Пенджаб", EntityType.LOC, ()), "Пенджаб")] * 3
    key = (KeyKind.NAME, "пенджаб")
    first = Memo()
    fresh = name_entity(key, members, INDIA_FIRST, memo=first)
    again = Memo(first.used)
    assert name_entity(key, members, INDIA_FIRST, memo=again) == fresh and again.made == 0
    assert fresh.place.country == "IND" and fresh.name_en == "Punjab"
