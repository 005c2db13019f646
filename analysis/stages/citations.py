"""Citations (who an article attributes information to) and direct quotations with their speakers.

Both read the engine's tokens (lemma, POS, case) and the canonical mentions rather than raw
strings, so inflection, word order and look-alike letters ("Axiоs") do not hide a source.
Cue words are generic Russian reporting vocabulary; no source name is listed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from analysis.core.document import Document, Mention, Sentence, Token
from analysis.core.schema import CITATIONS, QUOTES, TABLES, Col, validate
from analysis.core.text import fold, fold_lookalikes


def words(text: str) -> frozenset[str]:
    """A word list written as one space-separated string."""
    return frozenset(text.split())


# Verbs that attribute information to their subject ("сообщает X", "X пишет", "опубликован в X").
REPORT_VERBS = words(
    "сообщать сообщить писать написать передавать передать отмечать отметить заявлять заявить "
    "подчеркивать подчеркнуть распространять распространить публиковать опубликовать информировать "
    "уточнять уточнить рассказывать рассказать цитировать процитировать"
)
# Nouns of "по данным X", "согласно сообщению X", "по словам X".
SOURCING_NOUNS = words("данные слово информация сообщение сведение")
# Words that name what kind of source follows ("портал Axios", "Telegram-канал", "министерство").
DESCRIPTOR_KIND = {
    **dict.fromkeys(
        words("портал агентство издание газета телеканал журнал сайт сми радио радиостанция медиа таблоид"),
        "media",
    ),
    **dict.fromkeys(words("канал соцсеть мессенджер аккаунт платформа блог микроблог"), "social_platform"),
    **dict.fromkeys(
        words("министерство ведомство правительство пресс-служба администрация посольство мид"), "official"
    ),
}
# Words of an organisation's canonical name that make it a public authority.
OFFICIAL_WORDS = words(
    "министерство мид правительство ведомство администрация парламент посольство пресс-служба кремль "
    "госдепартамент департамент комитет министр канцелярия"
)
# Words that mark speech around a quotation or in the sentence before it.
SPEECH_WORDS = REPORT_VERBS | words(
    "сказать говорить говориться подчеркиваться отмечаться резюмировать добавить пояснить "
    "заявление сообщение интервью слово обращение"
)
CLAUSE_BREAK = frozenset(',;:—–-«»"“”„()')
QUOTE_PAIRS = {"«": "»", "“": "”", "„": "“", '"': '"'}
DASHES = "—–-"
MIN_QUOTE_WORDS = 3
QUOTE_GROUP_SIMILARITY = 85
QUOTE_BLOCK = 1000  # quotations compared with all others at once (a block x all matrix of bytes)


@dataclass
class Source:
    name: str
    entity_id: str
    etype: str
    descriptors: list[str]
    via_in: bool = False  # found as "в <Name>" after a speech verb


def _is_latin_name(text: str) -> bool:
    return bool(re.match(r"[A-Z][A-Za-z0-9&'.]*$", fold_lookalikes(text)))


class _Resolver:
    """Canonical names of entities and of Latin names the engine missed."""

    def __init__(self, entities: pd.DataFrame, articles: pd.DataFrame) -> None:
        self.names = dict(zip(entities[Col.ENTITY_ID], entities[Col.NAME], strict=True))
        self.types = dict(zip(entities[Col.ENTITY_ID], entities[Col.TYPE], strict=True))
        self.by_alias = {}
        for row in entities.itertuples(index=False):
            for alias in [row.name, *list(row.aliases)]:
                self.by_alias.setdefault(fold(alias), row.entity_id)
        self.outlets = {fold(o) for o in articles[Col.OUTLET] if isinstance(o, str) and o}
        self.outlet_of = {
            a: fold(o) if isinstance(o, str) else ""
            for a, o in zip(articles[Col.ARTICLE_ID], articles[Col.OUTLET], strict=True)
        }

    def from_mention(self, mention: Mention, descriptors: list[str]) -> Source | None:
        if mention.type == "LOC" and not descriptors:
            return None  # "США заявили" is too vague a source; "пресс-служба Кремля" is not
        eid = mention.entity_id
        return Source(
            self.names.get(eid, mention.normal), eid, self.types.get(eid, mention.type), descriptors
        )

    def from_latin(self, name: str, descriptors: list[str]) -> Source:
        eid = self.by_alias.get(fold(name), "")
        if eid:
            return Source(self.names[eid], eid, self.types[eid], descriptors)
        return Source(fold_lookalikes(name), "", "", descriptors)

    def kind(self, source: Source) -> str:
        for word in source.descriptors:
            if word in DESCRIPTOR_KIND:
                return DESCRIPTOR_KIND[word]
        if fold(source.name) in self.outlets:
            return "media"
        if source.etype == "PER":
            return "person"
        if OFFICIAL_WORDS & set(fold(source.name).split()):
            return "official"
        return "social_platform" if source.via_in else "media"


def _descriptor(tok: Token) -> str:
    """The descriptor word a token carries, also as a hyphenated tail ("Telegram-канале" -> канал)."""
    if tok.key in DESCRIPTOR_KIND:
        return tok.key
    tail = tok.key.rsplit("-", 1)[-1]
    return tail if "-" in tok.key and tail in DESCRIPTOR_KIND else ""


def _latin_run(toks: tuple[Token, ...], i: int, raw: str) -> tuple[str, str, int] | None:
    """(name, descriptor tail, next index) of a capitalised Latin name starting at token ``i``."""
    head = re.match(r"([A-Za-z][\w.&']*)-(\w+)$", fold_lookalikes(toks[i].text))
    if head and _is_latin_name(head.group(1)):
        return head.group(1), _descriptor(toks[i]), i + 1
    if not _is_latin_name(toks[i].text):
        return None
    j = i + 1
    while j < len(toks) and (
        re.match(r"[A-Za-z0-9&'.]+$", fold_lookalikes(toks[j].text))
        and (toks[j].text != "." or (j + 1 < len(toks) and toks[j + 1].start == toks[j].end))
    ):
        j += 1
    name = raw[toks[i].start : toks[j - 1].end].rstrip(".")
    return name, "", j


class _Citer:
    """Finds the source slot of each attribution construction in a sentence."""

    def __init__(self, resolver: _Resolver, raw: str) -> None:
        self.resolver, self.raw = resolver, raw

    def slot(
        self, s: Sentence, i: int, via_in: bool = False, phrase: bool = False
    ) -> tuple[Source | None, list[str]]:
        """Source named from token ``i`` on, after adjectives and descriptor words ("американский портал").

        With ``phrase`` the name may follow role nouns too ("по словам министра финансов X").
        """
        descriptors = []
        skippable = ("ADJ", "DET", "NOUN") if phrase else ("ADJ", "DET")
        while i < len(s.tokens) and s.token_mentions[i] is None and not _latin_run(s.tokens, i, self.raw):
            tok = s.tokens[i]
            if word := _descriptor(tok):
                descriptors.append(word)
            elif tok.text in QUOTE_PAIRS:
                return self._quoted(s, i, descriptors), descriptors
            elif tok.pos not in skippable:
                break
            i += 1
        if i >= len(s.tokens):
            return None, descriptors
        run = _latin_run(s.tokens, i, self.raw)
        if run and run[1]:  # "Telegram-канале": the platform is the Latin head, whatever the tagger says
            source = self.resolver.from_latin(run[0], [*descriptors, run[1]])
        elif s.token_mentions[i] is not None:
            source = self.resolver.from_mention(s.mentions[s.token_mentions[i]], descriptors)
        elif run:
            source = self.resolver.from_latin(run[0], descriptors)
        else:
            return None, descriptors
        if source:
            source.via_in = via_in
        return source, descriptors

    def _quoted(self, s: Sentence, i: int, descriptors: list[str]) -> Source | None:
        """A capitalised name in quote marks ("газета «Асахи»") that the engine did not tag."""
        close = next(
            (j for j in range(i + 1, min(len(s.tokens), i + 8)) if s.tokens[j].text in QUOTE_PAIRS.values()),
            None,
        )
        if close is None or close == i + 1 or not s.tokens[i + 1].text[:1].isupper():
            return None
        inner = s.tokens[i + 1 : close]
        if s.token_mentions[i + 1] is not None:
            return self.resolver.from_mention(s.mentions[s.token_mentions[i + 1]], descriptors)
        return self.resolver.from_latin(self.raw[inner[0].start : inner[-1].end], descriptors)

    def _name_start(self, s: Sentence, i: int) -> int | None:
        """First token of the mention or Latin name that token ``i`` ends, None if it ends none."""
        mention = s.token_mentions[i]
        if mention is not None:
            while i > 0 and s.token_mentions[i - 1] == mention:
                i -= 1
            return i
        if not _latin_run(s.tokens, i, self.raw):
            return None
        while i > 0 and s.token_mentions[i - 1] is None and _latin_run(s.tokens, i - 1, self.raw):
            i -= 1
        return i

    def subject_before(self, s: Sentence, verb: int) -> tuple[Source | None, list[str]]:
        """The nearest nominative name before the verb in the same clause ("Агентство X ... пишет")."""
        i = verb - 1
        while i >= 0 and s.tokens[i].text not in CLAUSE_BREAK:
            first = self._name_start(s, i)
            if first is not None:
                cases = [t.case for t in s.tokens[first : i + 1] if t.case]
                if not cases or "Nom" in cases:
                    while first > 0 and (
                        s.tokens[first - 1].pos in ("ADJ", "DET") or _descriptor(s.tokens[first - 1])
                    ):
                        first -= 1
                    return self.slot(s, first)
                i = first
            i -= 1
        clause_start = i + 1
        descriptors = [d for t in s.tokens[clause_start:verb] if (d := _descriptor(t))]
        return None, descriptors if verb - clause_start <= 2 else []

    def in_slot(self, s: Sentence, verb: int) -> tuple[Source | None, str]:
        """(source, preposition) of "сообщил X в <Name>", "опубликован 7 ноября в <Name>", "написал на <Name>"."""
        for i in range(verb + 1, min(len(s.tokens), verb + 6)):
            tok = s.tokens[i]
            if tok.text in CLAUSE_BREAK or tok.text == ".":
                break
            if tok.pos == "ADP":
                return (
                    (self.slot(s, i + 1, via_in=True)[0], tok.text) if tok.key in ("в", "на") else (None, "")
                )
        return None, ""

    def citations(self, s: Sentence) -> list[tuple[Source | None, list[str], str]]:
        """(source or None, descriptors, cue) for every attribution construction in the sentence."""
        found = []
        toks = s.tokens
        for i, tok in enumerate(toks):
            cue = tok.text
            if tok.key in REPORT_VERBS and tok.pos in ("VERB", "ADJ"):
                after, after_desc = self.slot(s, i + 1)
                if after and after.etype != "PER":
                    found.append((after, after_desc, cue))
                else:
                    before, before_desc = self.subject_before(s, i)
                    if before and before.etype != "PER":
                        found.append((before, before_desc, cue))
                    elif not before and not after and (before_desc or after_desc):
                        found.append((None, before_desc or after_desc, cue))
                platform, preposition = self.in_slot(s, i)
                if platform:
                    found.append((platform, platform.descriptors, f"{cue} {preposition}"))
            elif tok.key in ("ссылаться", "ссылка") and i + 1 < len(toks) and toks[i + 1].key == "на":
                source, desc = self.slot(s, i + 2, phrase=True)
                if source or desc:
                    opening = toks[i - 1] if tok.key == "ссылка" and i else tok
                    found.append((source, desc, self.raw[opening.start : toks[i + 1].end]))
            elif tok.key in ("по", "согласно") and i + 1 < len(toks) and toks[i + 1].key in SOURCING_NOUNS:
                source, desc = self.slot(s, i + 2, phrase=True)
                if source or desc:
                    found.append((source, desc, self.raw[tok.start : toks[i + 1].end]))
        return found


def resolver(articles: pd.DataFrame, entities: pd.DataFrame) -> _Resolver:
    """What every article's citations read of the corpus: entity names by alias, and the outlets."""
    return _Resolver(entities, articles)


def article_citations(document: Document, names: _Resolver) -> pd.DataFrame:
    """One row per attribution construction naming a source; the article's own outlet is not a citation.

    A construction that names only a descriptor ("портал отмечает", "по данным издания") refers
    back to the latest source of that kind cited earlier in the same article.
    """
    outlet = names.outlet_of.get(document.article_id, "")
    rows = []
    last_by_kind: dict[str, tuple[Source, str]] = {}
    citer = _Citer(names, document.raw_text)
    for s in document.prose:
        for source, descriptors, cue in citer.citations(s):
            if source is None:
                wanted = {DESCRIPTOR_KIND[d] for d in descriptors}
                earlier = [e for e in (last_by_kind.get(k) for k in sorted(wanted)) if e]
                if not earlier:
                    continue
                source, kind = earlier[0]
            else:
                kind = names.kind(source)
            if fold(source.name) == outlet:
                continue
            last_by_kind[kind] = (source, kind)
            rows.append(
                {
                    Col.ARTICLE_ID: s.article_id,
                    Col.SENTENCE_ID: s.sentence_id,
                    Col.START: s.start,
                    Col.END: s.end,
                    Col.SOURCE: source.name,
                    Col.SOURCE_ENTITY_ID: source.entity_id,
                    Col.KIND: kind,
                    Col.CUE: cue,
                    Col.EVIDENCE: s.text,
                }
            )
    frame = pd.DataFrame(rows, columns=list(TABLES[CITATIONS].columns)).drop_duplicates(
        [Col.ARTICLE_ID, Col.SENTENCE_ID, Col.SOURCE]
    )
    return frame.astype({Col.SENTENCE_ID: int, Col.START: int, Col.END: int}).reset_index(drop=True)


def one_kind_per_source(frame: pd.DataFrame) -> pd.DataFrame:
    """The ``citations`` table: each source of the corpus given one kind, the one most of its
    citations suggest."""
    if len(frame):
        frame = frame.copy()
        frame[Col.KIND] = frame.groupby(Col.SOURCE)[Col.KIND].transform(lambda kinds: kinds.mode().iloc[0])
    return validate(CITATIONS, frame)


def quoted_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Outermost quoted spans (offsets of the text inside the marks) in ``text[start:end]``.

    Guillemets and curly quotes nest; a straight quote closes an open straight quote, else opens.
    A mark never closed is taken as a stray character and scanning resumes after it.
    """
    spans, stack = [], []
    for pos in range(start, end):
        ch = text[pos]
        if stack and ch == QUOTE_PAIRS[stack[-1][0]]:
            _, opened = stack.pop()
            if not stack:
                spans.append((opened + 1, pos))
        elif ch in QUOTE_PAIRS:
            stack.append((ch, pos))
    if stack:
        spans += quoted_spans(text, stack[0][1] + 1, end)
    return spans


class _Speakers:
    """Resolves who utters a quotation from the text around it."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self.sentences = sentences

    def at(self, offset: int) -> int:
        return next(i for i, s in enumerate(self.sentences) if s.start <= offset < s.end or offset < s.start)

    def _speaker(self, s: Sentence, positions: list[int]) -> Mention | None:
        """The first person or organisation mentioned at one of the token ``positions``."""
        for position in positions:
            index = s.token_mentions[position]
            if index is not None and s.mentions[index].type in ("PER", "ORG"):
                return s.mentions[index]
        return None

    def after(self, index: int, close: int) -> tuple[bool, Mention | None]:
        """(attributed, speaker) from "», — сказал X": a dash, then a verb within two tokens."""
        s = self.sentences[index]
        toks = [i for i, t in enumerate(s.tokens) if t.start > close]
        while toks and s.tokens[toks[0]].text in ",.!?…":
            toks = toks[1:]
        if not toks or s.tokens[toks[0]].text not in DASHES:
            return False, None
        clause = []
        for i in toks[1:]:
            if s.tokens[i].text in ",.;:()":
                break
            clause.append(i)
        if not any(s.tokens[i].pos == "VERB" for i in clause[:3]):
            return False, None
        return True, self._speaker(s, clause)

    def before(self, index: int, opened: int) -> tuple[bool, Mention | None]:
        """(attributed, speaker) from "X сказал: «…»"."""
        s = self.sentences[index]
        toks = [i for i, t in enumerate(s.tokens) if t.end <= opened]
        if not toks or s.tokens[toks[-1]].text != ":":
            return False, None
        clause = []
        for i in reversed(toks[:-1]):
            if s.tokens[i].text in ",.;()":
                break
            clause.insert(0, i)
        return True, self._speaker(s, clause)

    def context(self, index: int) -> Mention | None:
        """Speaker named by the nearest preceding sentence that names one.

        That is the person or organisation next to a speech word ("В заявлении МИД
        подчеркивается"), else the sentence's nominative subject ("Лавров выступил. Он отметил: «…»").
        """
        for s in reversed(self.sentences[max(0, index - 3) : index]):
            for i, tok in enumerate(s.tokens):
                if tok.key in SPEECH_WORDS:
                    near = sorted(range(max(0, i - 3), min(len(s.tokens), i + 4)), key=lambda j: abs(j - i))
                    if speaker := self._speaker(s, near):
                        return speaker
            if speaker := self._speaker(s, [i for i, t in enumerate(s.tokens) if t.case == "Nom"]):
                return speaker
        return None


def _quote_groups(texts: list[str]) -> list[str]:
    """Group ids linking the same quotation across articles despite small wording changes."""
    keys = [fold(re.sub(r"[^\w\s]", " ", t)) for t in texts]
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    # Every pair is compared, in rapidfuzz's C loop a block of rows at a time (thousands of quotations
    # in a large corpus); the groups are the connected pairs, whatever order they are joined in.
    for first in range(0, len(keys), QUOTE_BLOCK):
        scores = process.cdist(
            keys[first : first + QUOTE_BLOCK],
            keys,
            scorer=fuzz.token_set_ratio,
            score_cutoff=QUOTE_GROUP_SIMILARITY,
            dtype=np.uint8,
            workers=-1,
        )
        for row, j in zip(*np.nonzero(scores), strict=True):
            i = first + int(row)
            if j < i:
                parent[root(i)] = root(int(j))
    order = {r: n for n, r in enumerate(dict.fromkeys(root(i) for i in range(len(texts))))}
    return [f"q{order[root(i)]}" for i in range(len(texts))]


def speaker_names(entities: pd.DataFrame) -> dict[str, str]:
    """Canonical names by entity id, for the speakers."""
    return dict(zip(entities[Col.ENTITY_ID], entities[Col.NAME], strict=True))


def article_quotes(document: Document, names: dict[str, str]) -> pd.DataFrame:
    """Clause-length quoted spans introduced by "X сказал:" or followed by "— сказал X".

    Short quoted names («С5+1», «Минские соглашения») and scare quotes lack that frame and are
    skipped. A quotation may span sentences; ``sentence_id`` is where it starts.
    """
    rows = []
    ours = list(document.prose)
    speakers = _Speakers(ours)
    raw = document.raw_text
    for start, end in _article_spans(raw, ours):
        text = raw[start:end]
        if len(re.findall(r"\w+", text)) < MIN_QUOTE_WORDS:
            continue
        first, last = speakers.at(start - 1), speakers.at(end)
        attributed, speaker = speakers.after(last, end)
        if not attributed:
            attributed, speaker = speakers.before(first, start - 1)
        if not attributed:
            continue
        speaker = speaker or speakers.context(first)
        eid = speaker.entity_id if speaker else ""
        rows.append(
            {
                Col.ARTICLE_ID: document.article_id,
                Col.SENTENCE_ID: ours[first].sentence_id,
                Col.START: start,
                Col.END: end,
                Col.TEXT: text,
                Col.SPEAKER: names.get(eid, "") if speaker else "",
                Col.SPEAKER_ENTITY_ID: eid,
                Col.QUOTE_GROUP: "",
            }
        )
    frame = pd.DataFrame(rows, columns=list(TABLES[QUOTES].columns))
    return frame.astype({Col.SENTENCE_ID: int, Col.START: int, Col.END: int})


def group_quotes(frame: pd.DataFrame) -> pd.DataFrame:
    """The ``quotes`` table: the same quotation across articles, even slightly reworded, given one group."""
    frame = frame.copy()
    frame[Col.QUOTE_GROUP] = _quote_groups(frame[Col.TEXT].tolist())
    return validate(QUOTES, frame)


def _article_spans(raw: str, ours: list[Sentence]) -> list[tuple[int, int]]:
    """Quoted spans over runs of consecutive prose sentences (a quotation never crosses boilerplate)."""
    spans, run = [], []
    for s in ours + [None]:
        if s is not None and (not run or s.sentence_id == run[-1].sentence_id + 1):
            run.append(s)
            continue
        if run:
            spans += quoted_spans(raw, run[0].start, run[-1].end)
        run = [s] if s is not None else []
    return spans
