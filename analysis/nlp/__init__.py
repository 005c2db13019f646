"""NLP engines behind one interface (``base.Engine``), and the choice between them.

``auto`` prefers stanza when its Russian models are already on disk, else natasha, whose
models ship inside its PyPI package. Nothing here downloads anything.
"""

from __future__ import annotations

from analysis.nlp.base import Engine, EngineUnavailable

ENGINE_NAMES = ("auto", "natasha", "stanza")


def resolve_engine_name(name: str) -> str:
    """Turn ``auto`` into a concrete engine name."""
    if name not in ENGINE_NAMES:
        raise EngineUnavailable(f"unknown engine {name!r}; choose one of {', '.join(ENGINE_NAMES)}")
    if name != "auto":
        return name
    from analysis.nlp.stanza_engine import russian_models_present

    return "stanza" if russian_models_present() else "natasha"


def get_engine(name: str = "auto", morphology: bool = True) -> Engine:
    """Load an engine by name; raises EngineUnavailable with a one-line fix when it cannot run.

    ``morphology=False`` lets an engine skip work that only the token table needs (natasha's
    morph tagger); its entity spans stay the same.
    """
    name = resolve_engine_name(name)
    if name == "stanza":
        from analysis.nlp.stanza_engine import StanzaEngine

        return StanzaEngine()
    from analysis.nlp.natasha_engine import NatashaEngine

    return NatashaEngine(with_morph=morphology)


__all__ = ["ENGINE_NAMES", "Engine", "EngineUnavailable", "get_engine", "resolve_engine_name"]
