"""A miniature Russian stanza NER model, trained at test time with stanza's own trainer.

The real stanza Russian models are hundreds of megabytes and cannot be fetched here, so the
stanza engine is tested end to end on a tiny model that overfits the hand-tagged sentences
below: word vectors from a small text file (stanza's ``Pretrain``), no char model, no charlm,
tiny dimensions, a fixed seed. Training takes a few seconds on CPU.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

import razdel

# Hand-written news sentences; [text|TYPE] marks an entity. Tokens and BIO tags come from
# razdel, the same segmenter the engine uses, so training and inference tokens agree.
MARKED_SENTENCES = [
    "[Касым-Жомарт Токаев|PER] прибыл в [Вашингтон|LOC] в среду.",
    "Президент [Казахстана|LOC] встретился с [Дональдом Трампом|PER] в [Белом доме|ORG].",
    "[Министерство иностранных дел Казахстана|ORG] опубликовало заявление.",
    "[Астана|LOC] присоединится к [Авраамовым соглашениям|MISC] в ближайшие дни.",
    "Об этом сообщил помощник президента [Руслан Желдибай|PER].",
    "Переговоры прошли при участии [Стива Уиткоффа|PER].",
    "[Израиль|LOC] и [ОАЭ|LOC] подписали [Авраамовы соглашения|MISC] в 2020 году.",
    "Агентство [Reuters|ORG] назвало решение символическим.",
    "В [Москве|LOC] новость прокомментировал [Дмитрий Песков|PER].",
    "[Кремль|ORG] не видит в этом угрозы.",
    "Газета «[Коммерсантъ|ORG]» писала о переговорах ещё в октябре.",
    "Премьер-министр [Израиля|LOC] [Биньямин Нетаньяху|PER] приветствовал решение.",
    "[Госдепартамент США|ORG] подтвердил дату церемонии.",
    "Саммит «[С5+1|MISC]» прошёл в [Вашингтоне|LOC].",
    "Лидеры [Центральной Азии|LOC] обсудили торговлю и инвестиции.",
    "Эксперт [Аркадий Дубнов|PER] считает шаг предсказуемым.",
    "Посольство [Казахстана|LOC] в [Израиле|LOC] работает с 1992 года.",
    "[Марокко|LOC] и [Бахрейн|LOC] тоже входят в соглашения.",
    "[Организация Объединённых Наций|ORG] не комментировала событие.",
    "Решение приняли после визита в [Нью-Йорк|LOC].",
]

_MARK = re.compile(r"\[([^|\]]+)\|(PER|ORG|LOC|MISC)\]")
SEED = 20251106
WORD_DIM = 16


@dataclass(frozen=True)
class MiniModel:
    resources_dir: Path  # holds a minimal resources.json naming Russian
    ner_model_path: Path
    ner_pretrain_path: Path


def parse_marked(marked: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Plain text and its (start, end, type) entity spans from the [text|TYPE] markup."""
    text, spans, last = "", [], 0
    for match in _MARK.finditer(marked):
        text += marked[last : match.start()]
        start = len(text)
        text += match.group(1)
        spans.append((start, len(text), match.group(2)))
        last = match.end()
    return text + marked[last:], spans


def bio_sentence(marked: str) -> list[dict[str, str]]:
    """razdel tokens of one marked sentence with BIO tags, in stanza's training JSON shape."""
    text, spans = parse_marked(marked)
    words = []
    for token in razdel.tokenize(text):
        tag = "O"
        for start, end, kind in spans:
            if start <= token.start and token.stop <= end:
                tag = ("B-" if token.start == start else "I-") + kind
        words.append({"text": token.text, "ner": tag})
    return words


def _write_vectors(path: Path, words: set[str]) -> None:
    """A word2vec text file with seeded random vectors for the lowercased vocabulary."""
    rng = random.Random(SEED)
    vocab = sorted({w.lower() for w in words})
    lines = [f"{len(vocab)} {WORD_DIM}"]
    lines += [w + " " + " ".join(f"{rng.uniform(-1, 1):.4f}" for _ in range(WORD_DIM)) for w in vocab]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build_mini_model(folder: Path) -> MiniModel:
    """Train the miniature NER model into ``folder``; deterministic (fixed seed, one thread)."""
    import torch
    from stanza.models import ner_tagger
    from stanza.models.common.pretrain import Pretrain

    sentences = [bio_sentence(marked) for marked in MARKED_SENTENCES]
    train_file = folder / "train.json"
    train_file.write_text(json.dumps(sentences, ensure_ascii=False), encoding="utf-8")

    vectors = folder / "vectors.txt"
    _write_vectors(vectors, {word["text"] for sentence in sentences for word in sentence})
    pretrain_path = folder / "pretrain.pt"
    Pretrain(str(pretrain_path), str(vectors)).load()

    save_dir = folder / "ner"
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        ner_tagger.main(
            [
                "--mode", "train", "--shorthand", "ru_mini", "--cpu", "--seed", str(SEED),
                "--train_file", str(train_file), "--eval_file", str(train_file),
                "--wordvec_pretrain_file", str(pretrain_path),
                "--save_dir", str(save_dir), "--save_name", "ru_mini_ner.pt",
                "--no_char", "--hidden_dim", "32", "--word_emb_dim", str(WORD_DIM),
                "--dropout", "0", "--word_dropout", "0", "--scheme", "bioes",
                "--optim", "adam", "--lr", "0.02", "--lr_decay", "0",
                "--max_steps", "150", "--eval_interval", "150",
            ]
        )  # fmt: skip
    finally:
        torch.set_num_threads(threads)

    resources_dir = folder / "resources"
    resources_dir.mkdir()
    (resources_dir / "resources.json").write_text(
        json.dumps({"ru": {"lang_name": "Russian"}}), encoding="utf-8"
    )
    return MiniModel(resources_dir, save_dir / "ru_mini_ner.pt", pretrain_path)
