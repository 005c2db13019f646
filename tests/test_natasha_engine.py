"""The natasha engine: offsets, lemmas, and the pymorphy2/pkg_resources pitfall kept away."""

from __future__ import annotations

import subprocess
import sys

import pytest

from analysis.nlp import EngineUnavailable, resolve_engine_name
from analysis.nlp.natasha_engine import NatashaEngine
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def engine() -> NatashaEngine:
    return NatashaEngine()


def test_offsets_lemmas_and_spans(engine):
    text = "Президент Казахстана Касым-Жомарт Токаев прибыл в Вашингтон."
    analysis = engine.analyze(text)
    (sentence,) = analysis.sentences
    assert (sentence.start, sentence.end) == (0, len(text))
    for token in sentence.tokens:
        assert text[token.start : token.end] == token.text
    lemmas = {t.text: t.lemma for t in sentence.tokens}
    assert lemmas["Казахстана"] == "казахстан"
    assert lemmas["прибыл"] == "прибыть"
    spans = {(s.text, s.type) for s in analysis.spans}
    assert spans == {("Казахстана", "LOC"), ("Касым-Жомарт Токаев", "PER"), ("Вашингтон", "LOC")}


def test_engine_works_without_pkg_resources():
    """natasha's MorphVocab needs pymorphy2's pkg_resources, gone from recent setuptools: never use it."""
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'pkg_resources': raise ImportError('blocked')\n"
        "sys.meta_path.insert(0, Block())\n"
        "from analysis.nlp.natasha_engine import NatashaEngine\n"
        "tokens = NatashaEngine().analyze('Токаев прибыл в Вашингтон.').sentences[0].tokens\n"
        "print([t.lemma for t in tokens])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['токаев', 'прибыть', 'в', 'вашингтон', '.']"


def test_unknown_engine_name_is_a_clear_error():
    with pytest.raises(
        EngineUnavailable, match="unknown engine 'spacy'; choose one of auto, natasha, stanza"
    ):
        resolve_engine_name("spacy")


def test_spans_do_not_depend_on_the_morph_tagger(engine, seeds_dir):
    """Evaluation and benchmarks skip the morph tagger: they must find exactly the build's spans."""
    plain = NatashaEngine(with_morph=False)
    texts = [path.read_text(encoding="utf-8") for path in sorted(seeds_dir.glob("*.txt"))]
    assert len(texts) == 5
    for text in texts:
        assert plain.analyze(text).spans == engine.analyze(text).spans
    tokens = plain.analyze("Токаев прибыл в Вашингтон.").sentences[0].tokens
    assert [(t.text, t.pos, t.lemma) for t in tokens][1:] == [
        ("прибыл", "VERB", "прибыть"),
        ("в", "ADP", "в"),
        ("Вашингтон", "PROPN", "вашингтон"),
        (".", "PUNCT", "."),
    ]
