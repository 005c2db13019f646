"""The stanza engine end to end on a miniature NER model trained at test time (no mocks of stanza)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
import razdel

pytest.importorskip("stanza", reason='stanza is not installed (pip install -e ".[stanza]")')
from stanza.pipeline.core import DownloadMethod  # noqa: E402

from analysis.nlp.base import EngineUnavailable  # noqa: E402
from analysis.nlp.stanza_engine import StanzaEngine, russian_models_present  # noqa: E402
from tests.nlp.stanza_mini import MARKED_SENTENCES, MiniModel, parse_marked  # noqa: E402

TEXT = (
    "Президент Казахстана встретился с Дональдом Трампом в Белом доме. "
    "Газета «Коммерсантъ» писала о переговорах ещё в октябре.\n"
    "Саммит «С5+1» прошёл в Вашингтоне."
)


def _engine(model: MiniModel) -> StanzaEngine:
    return StanzaEngine(
        model.resources_dir, ner_model_path=model.ner_model_path, ner_pretrain_path=model.ner_pretrain_path
    )


@pytest.fixture(scope="module")
def engine(mini_model) -> StanzaEngine:
    return _engine(mini_model)


def _spans(analysis) -> list[tuple[int, int, str, str]]:
    return [(s.start, s.end, s.type, s.text) for s in analysis.spans]


def test_spans_exact(engine):
    assert _spans(engine.analyze(TEXT)) == [
        (10, 20, "LOC", "Казахстана"),
        (34, 51, "PER", "Дональдом Трампом"),
        (54, 64, "ORG", "Белом доме"),
        (74, 85, "ORG", "Коммерсантъ"),
        (131, 135, "MISC", "С5+1"),
        (146, 156, "LOC", "Вашингтоне"),
    ]


def test_sentences_and_tokens_use_razdel_offsets(engine):
    analysis = engine.analyze(TEXT)
    assert [(s.start, s.end) for s in analysis.sentences] == [(0, 65), (66, 122), (123, 157)]
    assert [(t.start, t.end, t.text) for t in analysis.sentences[2].tokens] == [
        (123, 129, "Саммит"),
        (130, 131, "«"),
        (131, 132, "С"),
        (132, 133, "5"),
        (133, 134, "+"),
        (134, 135, "1"),
        (135, 136, "»"),
        (137, 143, "прошёл"),
        (144, 145, "в"),
        (146, 156, "Вашингтоне"),
        (156, 157, "."),
    ]
    tokens = [t for s in analysis.sentences for t in s.tokens]
    assert [(t.start, t.end) for t in tokens] == [(t.start, t.stop) for t in razdel.tokenize(TEXT)]
    # The mini model has NER only: lemma falls back to the lowercased text, pos to "X".
    assert engine.processors == ("ner",)
    assert {(t.lemma == t.text.lower(), t.pos, t.feats) for t in tokens} == {(True, "X", "")}


def test_every_training_sentence_gets_its_gold_spans(engine):
    """All hand-tagged sentences in one text: spans equal the markup, shifted to text offsets."""
    text, gold = "", []
    for marked in MARKED_SENTENCES:
        plain, spans = parse_marked(marked)
        offset = len(text)
        gold += [(offset + s, offset + e, kind, plain[s:e]) for s, e, kind in spans]
        text += plain + " "
    assert _spans(engine.analyze(text)) == gold
    assert len(gold) == 31


def test_adapter_maps_stanza_ents_by_token_index(engine):
    """The engine's spans are exactly stanza's own doc.ents, placed by stanza's word ids on razdel tokens."""
    sentences = [list(razdel.tokenize(s.text)) for s in razdel.sentenize(TEXT)]
    starts = [s.start for s in razdel.sentenize(TEXT)]
    doc = engine.pipeline([[t.text for t in sentence] for sentence in sentences])
    expected = []
    for offset, pieces, tagged in zip(starts, sentences, doc.sentences, strict=True):
        for ent in tagged.ents:
            first, last = pieces[ent.tokens[0].id[0] - 1], pieces[ent.tokens[-1].id[-1] - 1]
            start, end = offset + first.start, offset + last.stop
            expected.append((start, end, ent.type, TEXT[start:end]))
    assert _spans(engine.analyze(TEXT)) == expected


def test_blank_text(engine):
    assert engine.analyze("") == engine.analyze(" \n ") == type(engine.analyze(""))([], [])


def test_missing_models_raise_one_line_fix(tmp_path):
    with pytest.raises(EngineUnavailable) as caught:
        StanzaEngine(tmp_path)
    assert str(caught.value) == (
        f"stanza Russian models not found in {tmp_path}; "
        "on a connected machine run: python -m analysis models download"
    )


def test_default_dir_comes_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    with pytest.raises(EngineUnavailable, match=f"not found in {tmp_path};"):
        StanzaEngine()
    assert not russian_models_present()


def test_language_without_ner_model_is_unavailable(mini_model):
    """resources.json names Russian but no NER model is on disk and none is given."""
    with pytest.raises(EngineUnavailable, match="stanza Russian models not found in"):
        StanzaEngine(mini_model.resources_dir)
    assert not russian_models_present(mini_model.resources_dir)


def _fake_layout(folder: Path, skip: str = "") -> Path:
    """stanza's resources.json shape for ru NER with its dependencies; empty model files."""
    deps = [("pretrain", "conll17"), ("forward_charlm", "newswiki"), ("backward_charlm", "newswiki")]
    ru = {
        "lang_name": "Russian",
        "ner": {"wikiner": {"dependencies": [{"model": m, "package": p} for m, p in deps]}},
        "packages": {"default": {"tokenize": "syntagrus", "ner": "wikiner"}},
    }
    folder.mkdir()
    (folder / "resources.json").write_text(json.dumps({"ru": ru}), encoding="utf-8")
    for kind, package in [("ner", "wikiner"), *deps]:
        if kind != skip:
            (folder / "ru" / kind).mkdir(parents=True, exist_ok=True)
            (folder / "ru" / kind / f"{package}.pt").touch()
    return folder


def test_russian_models_present(tmp_path):
    assert not russian_models_present(tmp_path)
    assert russian_models_present(_fake_layout(tmp_path / "full"))
    assert not russian_models_present(_fake_layout(tmp_path / "no_charlm", skip="backward_charlm"))
    assert not russian_models_present(_fake_layout(tmp_path / "no_ner", skip="ner"))


def test_no_network_access(mini_model, tmp_path, monkeypatch):
    attempts = []

    def refuse(sock, address):
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    with pytest.raises(EngineUnavailable):
        StanzaEngine(tmp_path)
    engine = _engine(mini_model)
    assert engine.pipeline.download_method is DownloadMethod.NONE
    assert _spans(engine.analyze("Кремль не видит в этом угрозы.")) == [(0, 6, "ORG", "Кремль")]
    assert attempts == []
