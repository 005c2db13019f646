"""Dependency syntax of chosen sentences: slovnet's news syntax model, which ships inside the natasha
package (``natasha.NewsSyntaxParser``, Universal Dependencies relations), run over the engine's own
tokens so that every head points at a token of the ``Document``.

The build does not parse every sentence: a stage asks for the few it reads (the claims stage: the
sentences with a quantity). Sentences are parsed in length-sorted batches with one BLAS thread, as
the engine's morph tagger is (``analysis.nlp.natasha_engine``): on the factRuEval devset its 264
sentences with a quantity take 0.3 s (0.5 s more to load the embeddings and the model, once per
process), against 3.6 s in natasha's default batches of 8 in text order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from analysis.nlp.blas import single_blas_thread

BATCH = 64  # sentences per batch, after sorting by length (little padding)
ROOT = -1  # the head of a sentence's root


@dataclass(frozen=True)
class Parse:
    """One sentence's tree: for each token, the index of its head (``ROOT`` for the root) and the
    relation to it ("nsubj", "obj", "nmod", "acl", ...)."""

    heads: tuple[int, ...]
    rels: tuple[str, ...]


@cache
def _parser():
    from natasha import NewsEmbedding, NewsSyntaxParser

    return NewsSyntaxParser(NewsEmbedding())


def _parse(markup_tokens) -> Parse:
    """slovnet's tokens (ids and head ids from 1, head 0 for the root) as a ``Parse``."""
    index = {token.id: position for position, token in enumerate(markup_tokens)}
    heads = tuple(index.get(token.head_id, ROOT) for token in markup_tokens)
    heads = tuple(ROOT if head == position else head for position, head in enumerate(heads))
    return Parse(heads, tuple(token.rel or "dep" for token in markup_tokens))


def parse_sentences(words: list[list[str]]) -> list[Parse]:
    """The tree of each sentence (its words as the engine split them), in the order given."""
    order = [i for i in sorted(range(len(words)), key=lambda i: len(words[i])) if words[i]]
    found = [Parse((), ()) for _ in words]
    if not order:
        return found
    infer = _parser().infer
    with single_blas_thread():
        for first in range(0, len(order), BATCH):
            batch = order[first : first + BATCH]
            infer.encoder.batch_size = len(batch)  # slovnet cuts its input into batches of its own
            for i, markup in zip(batch, infer([words[i] for i in batch]), strict=True):
                found[i] = _parse(markup.tokens)
    return found
