"""The natasha engine: razdel segmentation, slovnet morphology and NER, pymorphy3 lemmas.

Its models ship inside the natasha PyPI package, so it runs fully offline; that is why it
is the default when stanza's Russian models are not on disk.

Entity spans never depend on the slovnet morph tagger: ``refine`` reads context-free pymorphy3
morphology, so ``with_morph=False`` (evaluation, benchmarks) finds exactly the spans the build
finds while skipping the tagger, which costs more than NER itself.

One call tags a whole article (its paragraphs one per line): slovnet's NER reads the text as one
sequence, and the morph tagger gets every sentence of the text in length-sorted batches, so it
pads little. ``analyze_many`` tags several articles at once: NER still reads each alone, while the
morph tagger's batches take sentences of all of them (on the devset the tagger's time fell from
0.9 to 0.5 CPU s: short articles made small, padded batches). slovnet masks padding at every
layer, so batching changes no tag.
"""

from __future__ import annotations

from importlib.metadata import version

from analysis.nlp import morph
from analysis.nlp.base import Analysis, Segment, Sentence, Span, Token, segment
from analysis.nlp.blas import single_blas_thread
from analysis.nlp.refine import refine_spans

# Sentences per morph-tagger batch. Sentences are sorted by length first, so a bigger batch
# costs little padding and saves per-batch overhead (natasha's default is 8, in text order).
MORPH_BATCH = 64
# NER reads a text in pieces of whole sentences of up to this many characters: a typical article
# is one piece (its name context intact), while a huge one does not become one giant sequence
# (slovnet's CNN copies every window: a 1 MB text as one sequence would take about 1 GB).
NER_CHUNK = 20_000


def _feats(feats: dict | None) -> str:
    return "|".join(f"{key}={value}" for key, value in sorted((feats or {}).items()))


class NatashaEngine:
    name = "natasha"

    def __init__(self, with_morph: bool = True) -> None:
        from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger

        self.version = version("natasha")
        self.with_morph = with_morph
        embedding = NewsEmbedding()
        self._ner = NewsNERTagger(embedding)
        self._morph = NewsMorphTagger(embedding) if with_morph else None

    def analyze(self, text: str) -> Analysis:
        return self.analyze_many([text])[0]

    def analyze_many(self, texts: list[str]) -> list[Analysis]:
        """``analyze`` of each text, the morph tagger's batches shared by all of them."""
        segmented = [segment(text) for text in texts]
        words = [
            [[text[start:end] for start, end in s.tokens] for s in segments]
            for text, segments in zip(texts, segmented, strict=True)
        ]
        tags = iter(self.tag_morph([w for each in words for w in each]) if self._morph is not None else ())
        analyses = []
        for text, segments, text_words in zip(texts, segmented, words, strict=True):
            plain = [
                Sentence(
                    s.start, s.end, text[s.start : s.end], _context_free_tokens(s.tokens, sentence_words)
                )
                for s, sentence_words in zip(segments, text_words, strict=True)
            ]
            spans = refine_spans(text, plain, self._spans(text, segments)) if segments else []
            if self._morph is None:
                analyses.append(Analysis(sentences=plain, spans=spans))
                continue
            sentences = [
                Sentence(s.start, s.end, sentence.text, _tagged_tokens(s.tokens, sentence_words, next(tags)))
                for s, sentence, sentence_words in zip(segments, plain, text_words, strict=True)
            ]
            analyses.append(Analysis(sentences=sentences, spans=spans))
        return analyses

    def _spans(self, text: str, segments: list[Segment]) -> list[Span]:
        """slovnet's NER spans of ``text``, read in pieces of whole sentences (``NER_CHUNK``)."""
        pieces = [[segments[0].start, segments[0].end]]
        for sentence in segments[1:]:
            if sentence.end - pieces[-1][0] > NER_CHUNK:
                pieces.append([sentence.start, sentence.end])
            else:
                pieces[-1][1] = sentence.end
        spans = []
        with single_blas_thread():
            for start, end in pieces:
                spans += [
                    Span(start + s.start, start + s.stop, s.type, text[start + s.start : start + s.stop])
                    for s in self._ner(text[start:end]).spans
                ]
        return spans

    def tag_morph(self, words: list[list[str]]) -> list[list[tuple[str, str]]]:
        """(pos, feats) of every word of every sentence, tagged in length-sorted batches."""
        infer = self._morph.infer
        order = [i for i in sorted(range(len(words)), key=lambda i: len(words[i])) if words[i]]
        tags: list[list[tuple[str, str]]] = [[] for _ in words]
        with single_blas_thread():
            for first in range(0, len(order), MORPH_BATCH):
                batch = order[first : first + MORPH_BATCH]
                # slovnet's encoder cuts its input into batches of its own batch_size: give it one.
                infer.encoder.batch_size = len(batch)
                for i, markup in zip(batch, infer([words[i] for i in batch]), strict=True):
                    tags[i] = [(t.pos or "X", _feats(t.feats)) for t in markup.tokens]
        return tags


def _context_free_tokens(offsets: list[tuple[int, int]], words: list[str]) -> list[Token]:
    tokens = []
    for (start, end), word in zip(offsets, words, strict=True):
        pos, feats, lemma = morph.context_free(word)
        tokens.append(Token(start, end, word, lemma, pos, feats))
    return tokens


def _tagged_tokens(
    offsets: list[tuple[int, int]], words: list[str], tags: list[tuple[str, str]]
) -> list[Token]:
    return [
        Token(start, end, word, morph.lemma(word, pos, feats), pos, feats)
        for (start, end), word, (pos, feats) in zip(offsets, words, tags, strict=True)
    ]
