"""The natasha engine: offsets, lemmas, and the pymorphy2/pkg_resources pitfall kept away."""

from __future__ import annotations

import subprocess
import sys

import pytest

from analysis.nlp import EngineUnavailable, resolve_engine_name
from analysis.nlp.natasha_engine import NatashaEngine
from tests.corpora import ROOT


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


def test_a_line_break_ends_every_sentence(engine):
    """One call carries a whole article: its paragraphs, one per line, keep their own sentences,
    tokens and tags (the batched morph tagger changes no tag)."""
    paragraphs = [
        "Президент Казахстана Касым-Жомарт Токаев прибыл в Вашингтон",  # no full stop: still ends
        "В Белом доме его встретил Дональд Трамп. Они обсудили Соглашения Авраама.",
        "Астана присоединится к соглашениям",
    ]
    joined = engine.analyze("\n".join(paragraphs))
    offset, alone = 0, []
    for paragraph in paragraphs:
        for sentence in engine.analyze(paragraph).sentences:
            alone.append(
                (offset + sentence.start, offset + sentence.end,
                 [(offset + t.start, offset + t.end, t.text, t.lemma, t.pos, t.feats) for t in sentence.tokens])
            )  # fmt: skip
        offset += len(paragraph) + 1
    assert [
        (s.start, s.end, [(t.start, t.end, t.text, t.lemma, t.pos, t.feats) for t in s.tokens])
        for s in joined.sentences
    ] == alone
    assert len(joined.sentences) == 4
    assert all("\n" not in s.text for s in joined.sentences)
    assert all("\n" not in s.text for s in joined.spans)


def test_annotate_article_calls_the_engine_once_and_maps_offsets_back(engine):
    from analysis.build.annotate import annotate_article
    from analysis.build.corpus import split_paragraphs

    raw = (
        "Заголовок статьи\n"
        "Токаев прибыл в Вашингтон. Его встретил Трамп.\n"
        "Фото: Reuters\n"
        "  Казахстан присоединится к Соглашениям Авраама.  \n"
    )
    paragraphs = split_paragraphs(raw, 0, "ru")
    assert [(p.start, p.end, p.boilerplate) for p in paragraphs] == [
        (0, 16, "heading"), (17, 63, ""), (64, 77, "photo_credit"), (80, 126, "")
    ]  # fmt: skip
    calls = []

    def analyze(text):
        calls.append(text)
        return engine.analyze(text)

    article = {"article_id": "a", "raw_text": raw, "_paragraphs": paragraphs}
    sentences, tokens, mentions = annotate_article(article, analyze)
    assert calls == [raw[0:16] + "\n" + raw[17:63] + "\n" + raw[80:126]]  # headings are read too
    assert [(s[1], s[2], s[3], s[4], s[6]) for s in sentences] == [
        (0, 0, 16, 0, "heading"),
        (1, 17, 43, 1, ""),
        (2, 44, 63, 1, ""),
        (3, 64, 77, 2, "photo_credit"),
        (4, 80, 126, 3, ""),
    ]
    assert all(s[5] == raw[s[2] : s[3]] for s in sentences)
    assert {t[1] for t in tokens} == {0, 1, 2, 4}  # boilerplate other than headings gets no tokens
    assert all(raw[t[2] : t[3]] == t[5] for t in tokens)
    assert [(m[1], m[4], m[5]) for m in mentions] == [
        (1, "Токаев", "PER"),  # found once the heading is read with the text (missed without it)
        (1, "Вашингтон", "LOC"),
        (2, "Трамп", "PER"),
        (4, "Казахстан", "LOC"),
    ]
    assert all(raw[m[2] : m[3]] == m[4] for m in mentions)


def test_taggers_run_on_one_blas_thread_and_restore_it():
    from analysis.nlp.blas import blas_threads, single_blas_thread

    before = blas_threads()
    with single_blas_thread():
        inside = blas_threads()
    assert blas_threads() == before
    assert inside in (None, 1)  # None: no OpenBLAS found here, nothing is changed


def test_a_long_text_is_read_in_pieces_of_whole_sentences(engine, monkeypatch):
    import analysis.nlp.natasha_engine as natasha_engine

    sentence = "Президент Казахстана Касым-Жомарт Токаев прибыл в Вашингтон. "
    one = [(s.start, s.end, s.type) for s in engine.analyze(sentence).spans]
    text = sentence * 5 + "\n" + sentence * 5
    whole = engine.analyze(text).spans
    monkeypatch.setattr(natasha_engine, "NER_CHUNK", 2 * len(sentence))
    pieces = engine.analyze(text).spans
    assert pieces == whole
    offsets = [i * len(sentence) + (i >= 5) for i in range(10)]
    assert [(s.start, s.end, s.type) for s in pieces] == [
        (offset + start, offset + end, kind) for offset in offsets for start, end, kind in one
    ]


def test_several_texts_at_once_are_analysed_as_each_alone(engine, seeds_dir, monkeypatch):
    """``analyze_many`` gives each text the analysis ``analyze`` gives it, while the morph tagger's
    batches take sentences of every text (fuller batches, same tags: slovnet masks the padding)."""
    import analysis.nlp.natasha_engine as natasha_engine

    texts = [path.read_text(encoding="utf-8") for path in sorted(seeds_dir.glob("*.txt"))]
    alone = [engine.analyze(text) for text in texts]
    batches = []
    tag = engine.tag_morph
    monkeypatch.setattr(engine, "tag_morph", lambda words: batches.append(len(words)) or tag(words))
    monkeypatch.setattr(natasha_engine, "MORPH_BATCH", 16)  # several batches, mixing the texts
    assert engine.analyze_many(texts) == alone
    assert batches == [sum(len(a.sentences) for a in alone)] == [103]
    assert engine.analyze_many([]) == [] and engine.analyze_many(["", " \n"]) == [engine.analyze("")] * 2
