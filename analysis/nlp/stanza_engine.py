"""The stanza engine: razdel segmentation, stanza's Russian POS, lemmas and NER on pretokenized input.

Sentences and tokens come from razdel, line by line (``base.segment``, as in the natasha engine),
and stanza runs with ``tokenize_pretokenized=True``, so offsets are razdel's, identical across
engines, and stanza's output maps back to them by token index. Nothing here downloads implicitly: the pipeline is
built with ``download_method=None``; only ``download_models`` (the CLI's ``models download``)
fetches. Processors whose model files are absent are skipped: without ``pos`` a token gets pos
"X" and empty feats; without ``lemma`` (which needs ``pos``) its lemma is the lowercased text.
NER is required.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path

from analysis.nlp.base import Analysis, EngineUnavailable, Sentence, Span, Token, segment
from analysis.nlp.refine import refine_spans

LANG = "ru"
PROCESSORS = ("pos", "lemma", "ner")  # tokenize is implied: pretokenized input needs no model
# stanza's Russian NER (WikiNER) says PER, LOC, ORG, MISC; other label sets map by meaning.
_TYPES = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "MISC": "MISC"}


def default_resources_dir() -> Path:
    """``$STANZA_RESOURCES_DIR``, else ``~/stanza_resources``."""
    return Path(os.environ.get("STANZA_RESOURCES_DIR") or Path.home() / "stanza_resources")


def _missing_message(resources_dir: Path) -> str:
    return (
        f"stanza Russian models not found in {resources_dir}; "
        "on a connected machine run: python -m analysis models download"
    )


def _model_files(resources_dir: Path, processors: Sequence[str]) -> dict[str, list[Path]]:
    """Files each processor of the default Russian package needs, per resources.json ({} if none)."""
    if not (Path(resources_dir) / "resources.json").is_file():  # no models: skip importing torch (1.6 s)
        return {}
    from stanza.resources.common import add_dependencies, load_resources_json, maintain_processor_list

    try:
        resources = load_resources_json(str(resources_dir))
    except (OSError, ValueError):
        return {}
    if LANG not in resources:
        return {}
    requested = {processor: "default" for processor in processors}
    load_list = add_dependencies(
        resources, LANG, maintain_processor_list(resources, LANG, None, requested, maybe_add_mwt=False)
    )
    lang_dir = resources_dir / LANG
    return {
        processor: [
            path
            for spec in specs
            for path in [lang_dir / processor / f"{spec.package}.pt"]
            + [lang_dir / kind / f"{package}.pt" for kind, package in spec.dependencies or ()]
        ]
        for processor, specs in load_list
    }


def _present(files: list[Path]) -> bool:
    return bool(files) and all(path.is_file() for path in files)


def russian_models_present(resources_dir: Path | None = None) -> bool:
    """True when stanza is installed and the default Russian NER model (and what it depends on) is on disk."""
    if importlib.util.find_spec("stanza") is None:
        return False
    files = _model_files(resources_dir or default_resources_dir(), ["ner"])
    return _present(files.get("ner", []))


def download_models(resources_dir: Path | None = None) -> Path:
    """Fetch the Russian models the engine uses into ``resources_dir``; the only networked path."""
    import stanza

    resources_dir = resources_dir or default_resources_dir()
    stanza.download(LANG, model_dir=str(resources_dir), processors="tokenize," + ",".join(PROCESSORS))
    return resources_dir


class StanzaEngine:
    name = "stanza"

    def __init__(
        self,
        resources_dir: Path | None = None,
        *,
        ner_model_path: Path | str | None = None,
        ner_pretrain_path: Path | str | None = None,
        processors: str | Sequence[str] | None = None,
    ) -> None:
        """Load stanza from ``resources_dir``; raise EngineUnavailable when NER cannot run.

        ``ner_model_path``/``ner_pretrain_path`` point at a model outside the resources dir;
        give the pretrain whenever the model was trained with one, or stanza silently uses
        random word vectors. ``processors`` ("pos,lemma,ner" by default) narrows what is tried.
        """
        import stanza

        self.version = stanza.__version__
        resources_dir = Path(resources_dir or default_resources_dir())
        if isinstance(processors, str):
            processors = processors.split(",")
        wanted = [p.strip() for p in processors or PROCESSORS if p.strip() != "tokenize"]
        files = _model_files(resources_dir, wanted)
        if not files:
            raise EngineUnavailable(_missing_message(resources_dir))
        if ner_model_path is not None:
            files["ner"] = [Path(p) for p in (ner_model_path, ner_pretrain_path) if p is not None]
            if not _present(files["ner"]):
                raise EngineUnavailable(
                    f"stanza NER model files not found: {', '.join(map(str, files['ner']))}"
                )
        available = [p for p in wanted if _present(files.get(p, []))]
        if "pos" not in available and "lemma" in available:
            available.remove("lemma")  # stanza's Russian lemmatizer reads the POS tags
        if "ner" not in available:
            raise EngineUnavailable(_missing_message(resources_dir))
        paths = {"ner_model_path": ner_model_path, "ner_pretrain_path": ner_pretrain_path}
        self.processors = tuple(available)
        self.pipeline = stanza.Pipeline(
            LANG,
            dir=str(resources_dir),
            processors=",".join(("tokenize", *available)),
            tokenize_pretokenized=True,
            download_method=None,
            logging_level="WARN",
            **{key: str(value) for key, value in paths.items() if value is not None},
        )

    def analyze(self, text: str) -> Analysis:
        segments = segment(text)  # a line break ends a sentence: a whole article is one call
        if not segments:
            return Analysis(sentences=[], spans=[])
        words = [[text[start:end] for start, end in s.tokens] for s in segments]
        doc = self.pipeline(words)
        sentences, spans = [], []
        for piece, sentence_words, tagged in zip(segments, words, doc.sentences, strict=True):
            tokens = [
                _token(start, end, word, stanza_token)
                for (start, end), word, stanza_token in zip(
                    piece.tokens, sentence_words, tagged.tokens, strict=True
                )
            ]
            sentences.append(Sentence(piece.start, piece.end, text[piece.start : piece.end], tokens))
            index = {id(stanza_token): i for i, stanza_token in enumerate(tagged.tokens)}
            for entity in tagged.ents:
                first = tokens[index[id(entity.tokens[0])]]
                last = tokens[index[id(entity.tokens[-1])]]
                kind = _TYPES.get(entity.type, "MISC")
                spans.append(Span(first.start, last.end, kind, text[first.start : last.end]))
        return Analysis(sentences=sentences, spans=refine_spans(text, sentences, spans))


def _token(start: int, end: int, text: str, stanza_token) -> Token:
    """Our token from a razdel piece and stanza's token at the same index (one word: no MWT)."""
    word = stanza_token.words[0]
    return Token(start, end, text, (word.lemma or text).lower(), word.upos or "X", word.feats or "")
