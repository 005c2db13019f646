"""``python -m analysis eval dates``: the overlap scoring of DATE spans, the hand gold's reader, and the
resolution score on a corpus built for real."""

from __future__ import annotations

import pytest

from analysis.build.decode import CorpusError
from analysis.tools.evaluate.dates import GOLD_COLUMNS, SpanScore, read_gold, score_gold, score_spans
from tests.corpora import ROOT

HEADER = ",".join(GOLD_COLUMNS)


def test_spans_score_by_overlap_and_list_what_was_missed_or_extra():
    text = "Забастовка прошла 25 и 26 июля, а в 2019 году её повторили."
    score = SpanScore()
    # predicted: "25 и 26 июля" (overlaps the gold "26 июля") and "году" (no gold); gold "2019 году" is
    # overlapped by the second prediction, so it is found; "прошла" is a gold span nothing overlaps
    predicted = [(18, 30), (41, 45)]
    gold = [(24, 30), (36, 45), (11, 17)]
    score_spans(text, predicted, gold, score)
    assert (score.predicted, score.right, score.gold, score.found) == (2, 2, 3, 2)
    assert score.missed == ["прошла"] and score.extra == []
    assert score.to_dict() == {
        "precision": 1.0,
        "recall": 0.6667,
        "f1": 0.8,
        "predicted": 2,
        "right": 2,
        "gold": 3,
        "found": 2,
    }


def test_the_gold_file_reads_and_a_bad_row_names_its_line(tmp_path):
    gold = read_gold(ROOT / "tests" / "data" / "dates_gold.csv")
    assert len(gold) == 84 and all(item.text in item.context for item in gold)
    assert sum(item.anchored for item in gold) > 60
    bad = tmp_path / "gold.csv"
    bad.write_text(f"{HEADER}\nbsnlp/x,a.txt,2018-05-08,в мае,в июне,2018-06-01,2018-06-30,month,yes,\n")
    with pytest.raises(CorpusError, match=r"gold.csv line 2: the text is not inside its context"):
        read_gold(bad)
    bad.write_text("corpus,file\n")
    with pytest.raises(CorpusError, match="the header must be corpus,file,published"):
        read_gold(bad)


def test_resolution_is_scored_on_the_built_dates_table(tmp_path):
    """Two written articles built for real: a bare day placed in the year of publication, a relative
    year; a gold row with the wrong year counts as wrong in the year, one not in the text as missing."""
    from analysis.build.run import build_tables

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Забастовка пилотов пройдет 10 августа в Германии.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Компания была основана два года назад в Дублине.\n", encoding="utf-8")
    (corpus / "sources.csv").write_text(
        "file,outlet,url,language,published\na.txt,A,,ru,2018-08-08\nb.txt,B,,ru,2018-05-08\n",
        encoding="utf-8",
    )
    tables, _ = build_tables(corpus, engine="natasha", cache=False)
    (tmp_path / "gold.csv").write_text(
        f"{HEADER}\n"
        "w,a.txt,2018-08-08,пройдет 10 августа в,10 августа,2018-08-10,2018-08-10,day,yes,\n"
        "w,b.txt,2018-05-08,основана два года назад в,два года назад,2016-01-01,2016-12-31,year,yes,\n"
        "w,b.txt,2018-05-08,основана два года назад в,два года назад,2015-01-01,2015-12-31,year,yes,wrong\n"
        "w,a.txt,2018-08-08,Забастовка пилотов,пилотов,2018-08-10,2018-08-10,day,yes,no date here\n",
        encoding="utf-8",
    )
    score = score_gold(read_gold(tmp_path / "gold.csv"), {"w": tables})
    assert (score.total, score.exact, score.wrong_year, score.missing) == (4, 2, 1, 1)
    assert score.wrong == [
        "b.txt: два года назад -> 2016-01-01/2016-12-31/year (expected 2015-01-01/2015-12-31/year)",
        "a.txt: пилотов -> not found",
    ]
