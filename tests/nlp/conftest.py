"""Fixtures of the NLP tests: the miniature stanza NER model, trained once per session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def mini_model(tmp_path_factory):
    """The miniature Russian NER model of ``tests/nlp/stanza_mini.py`` (needs stanza and torch)."""
    from tests.nlp.stanza_mini import build_mini_model

    return build_mini_model(tmp_path_factory.mktemp("stanza_mini"))
