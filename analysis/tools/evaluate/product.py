"""The build as a user runs it, timed, and bare natasha NER beside it: what every evaluation
scores and compares (the texts built as a corpus by ``build_tables``, no cache).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.core.schema import MENTIONS
from analysis.nlp.base import Engine
from analysis.tools.evaluate.scores import Bounds


@dataclass
class Timing:
    """Wall-clock and CPU seconds (this process and the children it waited for); for a build, the
    CPU seconds of each of its steps too (``build_tables``'s ``seconds``)."""

    seconds: float = 0.0
    cpu_seconds: float = 0.0
    steps: dict[str, float] = field(default_factory=dict)


@contextmanager
def timed(timing: Timing) -> Iterator[None]:
    """Add the time spent in the ``with`` block to ``timing``."""
    from analysis.build.runner import cpu_seconds  # here: a bench process must not load the analysis

    began_wall, began_cpu = time.perf_counter(), cpu_seconds()
    try:
        yield
    finally:
        timing.seconds += time.perf_counter() - began_wall
        timing.cpu_seconds += cpu_seconds() - began_cpu


def natasha_morph_vocab():
    """natasha's ``MorphVocab`` (pymorphy2 with natasha's UD tags), the normaliser of ``Span.normalize``.

    ``MorphVocab()`` looks its dictionary up through ``pkg_resources``, which recent setuptools no
    longer ships (see ``analysis.nlp.morph``); the same analyser is built here with the dictionary's
    path given, which skips that look-up and nothing else.
    """
    from natasha import MorphVocab
    from natasha.morph.vocab import MorphForm
    from pymorphy2.analyzer import MorphAnalyzer

    try:
        return MorphVocab()
    except ModuleNotFoundError:
        import pymorphy2_dicts_ru

        vocab = MorphVocab.__new__(MorphVocab)
        MorphAnalyzer.__init__(vocab, path=pymorphy2_dicts_ru.get_path(), result_type=MorphForm)
        return vocab


class BareNatasha:
    """natasha as its README uses it: razdel segmenter, slovnet NER (and, with ``normalise``, the
    slovnet morph tagger and ``span.normalize(morph_vocab)``), over the whole text at once, with one
    BLAS thread like the build's engine (the spans are the same; only the timing is fairer)."""

    name = "natasha"

    def __init__(self, normalise: bool = False) -> None:
        import natasha
        from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

        embedding = NewsEmbedding()
        self.version = getattr(natasha, "__version__", "") or _package_version("natasha")
        self.segmenter, self.ner = Segmenter(), NewsNERTagger(embedding)
        self.morph = NewsMorphTagger(embedding) if normalise else None
        self.vocab = natasha_morph_vocab() if normalise else None

    def doc(self, text: str):
        from natasha import Doc

        from analysis.nlp.blas import single_blas_thread

        doc = Doc(text)
        with single_blas_thread():  # as the build's engine runs: idle BLAS threads spin under load
            doc.segment(self.segmenter)
            doc.tag_ner(self.ner)
            if self.morph is not None:
                doc.tag_morph(self.morph)
        if self.morph is not None:
            for span in doc.spans:
                span.normalize(self.vocab)
        return doc

    def spans(self, text: str) -> list[Bounds]:
        return [(span.start, span.stop, span.type) for span in self.doc(text).spans]


def _package_version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return ""


def build_corpus(corpus: Path, engine: Engine) -> tuple[dict[str, pd.DataFrame], dict, Timing]:
    """(tables, manifest, time) of ``corpus`` built as ``python -m analysis build`` builds it, with
    ``engine`` already loaded and no cache: one ``build_tables`` call over the folder."""
    from analysis.build.run import build_tables

    timing = Timing()
    with timed(timing):
        tables, manifest = build_tables(corpus, engine=engine, cache=False, seconds=timing.steps)
    return tables, manifest, timing


def mentions_path() -> tuple[str, ...]:
    """The steps of a build the ``mentions`` table comes from: reading the corpus, the engine
    (segmentation, NER, morphology, span repair) and entity linking, with the per-article part of it
    (``Timing.steps`` names: the registry's stages that make the mentions table and what they need)."""
    from analysis.build.engine import ANNOTATE
    from analysis.build.run import READ
    from analysis.stages.registry import STAGES, producers

    makers = {stage.name: stage for stage in STAGES}
    path, pending = [], list(producers()[MENTIONS])
    while pending:
        name = pending.pop()
        path.insert(0, name)
        pending += [maker for need in makers[name].needs for maker in producers().get(need, [])]
    return (READ, ANNOTATE, *dict.fromkeys(path))
