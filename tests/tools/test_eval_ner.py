"""The factRuEval scorer follows naeval's protocol, and the mentions table a build writes stays above
measured floors, with bare natasha NER scored beside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.tools.evaluate.factru import (
    NerComparison,
    evaluate_build_ner,
    format_comparison,
    format_report,
    read_factru,
    score_document,
)
from analysis.tools.evaluate.scores import NerReport, TypeScore, save_quality
from analysis.tools.evaluate.speed import bench_ner
from tests.corpora import FACTRU

needs_devset = pytest.mark.skipif(not FACTRU.is_dir(), reason=f"factRuEval devset not found at {FACTRU}")

TEXT = "Мэр Москвы Сергей Собянин посетил ОАО «Газпром» и встретился с главой МИД России."


def _at(text: str, fragment: str) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def _write_book(folder: Path) -> None:
    """One document in factRuEval's format, annotated by hand."""
    spans = {
        "1": ("loc_name", "Москвы"),
        "2": ("name", "Сергей"),
        "3": ("surname", "Собянин"),
        "4": ("org_descr", "ОАО"),
        "5": ("org_name", "Газпром"),
        "6": ("org_name", "МИД России"),
        "7": ("loc_name", "России"),
        "8": ("loc_name", "Моск"),  # not on token edges: dropped
    }
    lines = []
    for span_id, (kind, fragment) in spans.items():
        start, end = _at(TEXT, fragment)
        lines.append(f"{span_id} {kind} {start} {end - start} 0 1  # 0 {fragment}")
    (folder / "book_7.txt").write_text(TEXT, encoding="utf-8")
    (folder / "book_7.spans").write_text("\n".join(lines) + "\n", encoding="utf-8")
    objects = [
        "10 LocOrg 1 # Москвы",
        "11 Person 2 3 # Сергей Собянин",
        "12 Org 4 5 # ОАО Газпром",
        "13 Org 6 # МИД России",
        "14 LocOrg 7 # России",  # nested in the ORG span above: dropped
        "15 Location 8 # Моск",
        "16 Project 2 # ignored type",
    ]
    (folder / "book_7.objects").write_text("\n".join(objects) + "\n", encoding="utf-8")


def test_gold_spans_follow_the_naeval_protocol(tmp_path):
    _write_book(tmp_path)
    [document] = read_factru(tmp_path)
    found = [(TEXT[start:end], kind) for start, end, kind in document.gold]
    assert found == [
        ("Москвы", "LOC"),
        ("Сергей Собянин", "PER"),
        ("Газпром", "ORG"),
        ("МИД России", "ORG"),
    ]


def test_token_level_counts(tmp_path):
    _write_book(tmp_path)
    [document] = read_factru(tmp_path)
    predicted = [
        (*_at(TEXT, "Сергей Собянин"), "PER"),  # 2 correct tokens
        (*_at(TEXT, "«Газпром»"), "ORG"),  # 1 correct + 2 quote tokens wrong
        (*_at(TEXT, "России"), "LOC"),  # gold says ORG here
        (*_at(TEXT, "Мэр"), "MISC"),  # ignored type
    ]
    scores = score_document(TEXT, predicted, document.gold)
    assert scores["PER"] == TypeScore(predicted=2, gold=2, correct=2)
    assert scores["ORG"] == TypeScore(predicted=3, gold=3, correct=1)
    assert scores["LOC"] == TypeScore(predicted=1, gold=1, correct=0)
    assert scores["ORG"].precision == pytest.approx(1 / 3)
    assert scores["ORG"].f1 == pytest.approx(1 / 3)


def test_report_is_json_ready_and_printable():
    report = NerReport("natasha", "1.6.0", 4, 2.0, {"PER": TypeScore(10, 8, 8)})
    data = report.to_dict()
    assert data["docs_per_second"] == 2.0
    assert data["types"]["PER"] == {
        "precision": 0.8,
        "recall": 1.0,
        "f1": 0.8889,
        "predicted": 10,
        "gold": 8,
        "correct": 8,
    }
    assert "PER        0.800    1.000   0.889       8" in format_report(report)


@pytest.fixture(scope="module")
def devset_comparison() -> NerComparison:
    """The first 30 devset texts built as one corpus (the path of ``build`` and ``extract``), its
    mentions table scored, and bare natasha NER on the same texts."""
    from analysis.nlp.natasha_engine import NatashaEngine

    return evaluate_build_ner(FACTRU, NatashaEngine(), limit=30)


# Floors just under what the mentions table of a build of the first 30 devset documents measured on
# 22 November 2026 (natasha 1.6.0; headings read, issue 12's rules): PER 0.983, LOC 0.960, ORG 0.916
# F1; bare natasha NER on the same texts 0.953, 0.942, 0.814. (An organisation's name keeps the place
# in the genitive after it, "МИД РФ", as BSNLP annotates it: naeval's reading of factRuEval splits it,
# which costs about 0.01 of LOC and ORG F1 on the whole devset.)
FLOORS = {"PER": 0.98, "LOC": 0.955, "ORG": 0.91}


@needs_devset
@pytest.mark.parametrize("kind", list(FLOORS))
def test_mentions_table_f1_on_devset_sample(devset_comparison, kind):
    assert devset_comparison.ours.documents == devset_comparison.natasha.documents == 30
    assert devset_comparison.ours.scores[kind].f1 >= FLOORS[kind]


@needs_devset
def test_comparison_prints_and_saves_both_systems(devset_comparison, tmp_path):
    text = format_comparison(devset_comparison)
    assert "mentions table (build)" in text and "bare natasha" in text
    assert all(f"\n{kind} " in text for kind in FLOORS)
    file = tmp_path / "quality.json"
    file.write_text(json.dumps(NerReport("natasha", "1.6.0", 4, 2.0, {}).to_dict()))  # the older shape
    save_quality(file, ("bsnlp", "ryanair"), {"documents": 1})
    saved = save_quality(file, ("factru",), devset_comparison.to_dict())
    assert json.loads(file.read_text()) == saved
    assert saved["bsnlp"] == {"ryanair": {"documents": 1}}
    factru = saved["factru"]
    assert factru["documents"] == 30 and set(factru["types"]) == set(factru["baseline"]["types"]) == set(
        FLOORS
    )
    assert factru["types"]["PER"]["f1"] == round(devset_comparison.ours.scores["PER"].f1, 4)
    assert factru["baseline"]["system"] == "bare natasha NER" and factru["speed_ratio"] > 0


@needs_devset
def test_default_engine_speed_against_bare_natasha():
    """Whole-process CPU speed of the default engine over bare natasha NER, same run, same documents.

    The target is half of bare natasha's speed: the NER path skips the slovnet morph tagger (spans do
    not depend on it, see test_natasha_engine), so start-up, razdel, NER and refine remain.
    """
    result = bench_ner(FACTRU, limit=30)
    assert result["documents"] == 30
    assert result["ratio"] >= 0.5, result


@needs_devset
def test_refine_costs_little_of_the_engine(monkeypatch):
    """CPU share of refine in the default engine, measured in one process on the same documents, once
    the engine has analysed a document (the word lists refine reads load at its first call, once per
    process; that is not the share of each article)."""
    import time

    from analysis.nlp import natasha_engine
    from analysis.nlp.refine import refine_spans

    spent = [0.0]

    def timed(*args):
        began = time.process_time()
        result = refine_spans(*args)
        spent[0] += time.process_time() - began
        return result

    monkeypatch.setattr(natasha_engine, "refine_spans", timed)
    engine = natasha_engine.NatashaEngine()
    documents = list(read_factru(FACTRU, limit=31))
    engine.analyze(documents[-1].text)  # not one of the 30 measured
    spent[0] = 0.0
    began = time.process_time()
    for document in documents[:30]:
        engine.analyze(document.text)
    total = time.process_time() - began
    # 0.105-0.126 with the rules of 6 December evening (initials, divisions, institution complements);
    # loading GeoNames in the engine step, as one rule briefly did, measured 0.60
    assert spent[0] / total < 0.15, (spent[0], total)
