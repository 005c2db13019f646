"""The natasha engine: razdel segmentation, slovnet morphology and NER, pymorphy3 lemmas.

Its models ship inside the natasha PyPI package, so it runs fully offline; that is why it
is the default when stanza's Russian models are not on disk.
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
        if self._morph is not None:
            doc.tag_morph(self._morph)
        doc.tag_ner(self._ner)
        sentences = [
            Sentence(
                start=sent.start,
                end=sent.stop,
                text=sent.text,
                tokens=[self._token(token) for token in sent.tokens],
            )
            for sent in doc.sents
        ]
        spans = [Span(span.start, span.stop, span.type, span.text) for span in doc.spans]
        return Analysis(sentences=sentences, spans=refine_spans(text, sentences, spans))

    def _token(self, token) -> Token:
        pos = token.pos or "X"
        feats = _feats(token)
        lemma = morph.lemma(token.text, pos, feats) if self.with_morph else token.text.lower()
        return Token(token.start, token.stop, token.text, lemma, pos, feats)
