"""The entities stage's memo beyond English names: the paradigm checks of the attested names
(``normal._same_lexeme``) and the places known apart (``model.two_places``) that a build's fresh
process would otherwise load pymorphy3's paradigms and the sources' index of places for: served again
only for the same words, with the answers a build without the memo gives. (The whole stage from the
memo of the corpus minus one article: ``test_entities_memo``.)"""

from __future__ import annotations

from analysis.core.codes import EntityType
from analysis.core.memo import Memo
from analysis.nlp import gazetteer, morph
from analysis.stages.entities.merge import merge
from analysis.stages.entities.model import Mention, Token
from analysis.stages.entities.normal import _same_lexeme, attested_names


def _person(article: str, written: str, normal: str, case: str) -> tuple[Mention, str]:
    """A person's mention as the tagger gives it (each word a proper noun in ``case``), and its normal form."""
    tokens, start = [], 0
    for word in written.split():
        tokens.append(
            Token(start, start + len(word), word, word.lower(), "PROPN", f"Case={case}|Number=Sing")
        )
        start += len(word) + 1
    return Mention(article, 0, 0, len(written), written, EntityType.PER, tuple(tokens)), normal


def test_a_build_from_the_memo_checks_no_paradigm_its_last_build_checked(monkeypatch):
    """Two articles write "Асия Ахмед заявила", a third "Асии Ахмед", whose computed nominative is the
    dictionary's masculine "Асий Ахмед": the corpus's own nominative wins (``attested_names``). The next
    build, from this one's memo, names her so without reading a paradigm."""
    people = [
        _person("a", "Асия Ахмед", "Асия Ахмед", "Nom"),
        _person("b", "Асия Ахмед", "Асия Ахмед", "Nom"),
        _person("c", "Асии Ахмед", "Асий Ахмед", "Gen"),
    ]
    mentions, normals = [m for m, _ in people], [n for _, n in people]
    memo = Memo()
    assert attested_names(mentions, normals, memo) == ["Асия Ахмед"] * 3 and memo.made

    monkeypatch.setattr(morph, "same_lexeme", lambda *words: (_ for _ in ()).throw(AssertionError(words)))
    assert attested_names(mentions, normals, Memo(memo.used)) == ["Асия Ахмед"] * 3


def test_a_remembered_paradigm_check_serves_only_the_same_two_words():
    """A memo whose every answer is turned round is served for the pair it was made of, and for no
    other: "Марии" is a form of "Мария" and of "Марию", not of "Марина"."""
    memo = Memo()
    assert _same_lexeme(memo)("Марии", "Мария") is True
    turned = Memo({key: not value for key, value in memo.used.items()})
    assert _same_lexeme(turned)("Марии", "Мария") is False
    assert _same_lexeme(turned)("Марии", "Марина") is False
    assert _same_lexeme(turned)("Марии", "Марию") is True


def test_two_places_known_apart_are_remembered_by_their_two_names(monkeypatch):
    """NEREL dev: "Ньюарк" (Newark) and "Нью-Йорк" share a sound key and close Latin letters; GeoNames
    knows two places. The answer of an earlier build is served for the same two names without the
    place index, and a turned-round answer shows that it is the memo's."""
    names = ["Нью-Йорк", "Ньюарк"]
    mentions = [Mention("a", 0, 0, len(n), n, "LOC", ()) for n in names]
    memo = Memo()
    keys = merge(mentions, names, memo=memo)
    assert keys[0] != keys[1] and memo.used

    monkeypatch.setattr(gazetteer, "known_place", lambda *args: (_ for _ in ()).throw(AssertionError(args)))
    assert merge(mentions, names, memo=Memo(memo.used)) == keys
    turned = Memo({key: not value for key, value in memo.used.items()})
    joined = merge(mentions, names, memo=turned)
    assert joined[0] == joined[1]
