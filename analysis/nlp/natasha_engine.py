"""The natasha engine: razdel segmentation, slovnet morphology and NER, pymorphy3 lemmas.

Its models ship inside the natasha PyPI package, so it runs fully offline; that is why it
is the default when stanza's Russian models are not on disk.

Entity spans never depend on the slovnet morph tagger: ``refine`` reads context-free pymorphy3
morphology, so ``with_morph=False`` (evaluation, benchmarks) finds exactly the spans the build
finds while skipping the tagger, which costs more than NER itself.
"""

from __future__ import annotations

from importlib.metadata import version

from analysis.nlp import morph
from analysis.nlp.base import Analysis, Sentence, Span, Token
from analysis.nlp.refine import refine_spans


def _feats(token) -> str:
    return "|".join(f"{key}={value}" for key, value in sorted((token.feats or {}).items()))


class NatashaEngine:
    name = "natasha"

    def __init__(self, with_morph: bool = True) -> None:
        from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

        self.version = version("natasha")
        self.with_morph = with_morph
        embedding = NewsEmbedding()
        self._segmenter = Segmenter()
        self._ner = NewsNERTagger(embedding)
        self._morph = NewsMorphTagger(embedding) if with_morph else None

    def analyze(self, text: str) -> Analysis:
        from natasha import Doc

        doc = Doc(text)
        doc.segment(self._segmenter)
        doc.tag_ner(self._ner)
        plain = [_sentence(sent, _context_free_token) for sent in doc.sents]
        spans = [Span(span.start, span.stop, span.type, span.text) for span in doc.spans]
        spans = refine_spans(text, plain, spans)
        if self._morph is None:
            return Analysis(sentences=plain, spans=spans)
        doc.tag_morph(self._morph)
        return Analysis(sentences=[_sentence(sent, _tagged_token) for sent in doc.sents], spans=spans)


def _sentence(sent, make_token) -> Sentence:
    return Sentence(
        start=sent.start, end=sent.stop, text=sent.text, tokens=[make_token(t) for t in sent.tokens]
    )


def _context_free_token(token) -> Token:
    pos, feats, lemma = morph.context_free(token.text)
    return Token(token.start, token.stop, token.text, lemma, pos, feats)


def _tagged_token(token) -> Token:
    pos = token.pos or "X"
    feats = _feats(token)
    return Token(token.start, token.stop, token.text, morph.lemma(token.text, pos, feats), pos, feats)
