"""Post-processing of engine entity spans (owned by the NER-quality work; pass-through for now)."""

from __future__ import annotations

from analysis.nlp.base import Sentence, Span


def refine_spans(text: str, sentences: list[Sentence], spans: list[Span]) -> list[Span]:
    """Return the spans of ``text`` after document-level repairs."""
    return spans
