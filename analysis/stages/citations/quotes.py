"""The ``quotes`` table: direct quotations framed by "X сказал: «…»" or "«…», — сказал X", with
their speakers (from the frame, else from the sentences before), grouped across articles when they
are the same quotation, even slightly reworded."""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from scipy import sparse
from scipy.spatial.distance import cdist

from analysis.core.codes import EntityType
from analysis.core.document import Document, Mention, Sentence
from analysis.core.lexicon import words
from analysis.core.schema import QUOTES, TABLES, Col, validate
from analysis.core.text import fold
from analysis.core.unionfind import UnionFind

# Words that mark speech around a quotation or in the sentence before it.
SPEECH_WORDS = words("reporting_verbs") | words("citations_speech_words")
QUOTE_PAIRS = {"«": "»", "“": "”", "„": "“", '"': '"'}
DASHES = "—–-"
MIN_QUOTE_WORDS = 3
QUOTE_GROUP_SIMILARITY = 85
QUOTE_BLOCK = 100  # quotations bounded against those before them at once (``_candidates``)


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


class Speakers:
    """Resolves who utters a quotation from the text around it."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self.sentences = sentences

    def at(self, offset: int) -> int:
        return next(i for i, s in enumerate(self.sentences) if s.start <= offset < s.end or offset < s.start)

    def _speaker(self, s: Sentence, positions: list[int]) -> Mention | None:
        """The first person or organisation mentioned at one of the token ``positions``."""
        for position in positions:
            index = s.token_mentions[position]
            if index is not None and s.mentions[index].type in (EntityType.PER, EntityType.ORG):
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


def _token_counts(distinct: list[str]) -> tuple[sparse.csr_matrix, np.ndarray, sparse.csr_matrix]:
    """Each key's set of tokens (``str.split``, as rapidfuzz splits them) as a row of token
    indicators with each token's length, and the counts of the characters of its tokens, each
    token once (``_candidates``)."""
    vocab: dict[str, int] = {}
    chars: dict[str, int] = {}
    tokens, letters = [], []
    for key in distinct:
        own = set(key.split())
        tokens.append([vocab.setdefault(token, len(vocab)) for token in own])
        letters.append([chars.setdefault(ch, len(chars)) for token in own for ch in token])
    lengths = np.array([len(token) for token in vocab], dtype=np.int64)
    return _indicators(tokens, len(vocab)), lengths, _indicators(letters, len(chars))


def _indicators(rows: list[list[int]], width: int) -> sparse.csr_matrix:
    """A sparse matrix with each row counting its list of column numbers."""
    sizes = np.array([len(row) for row in rows], dtype=np.int64)
    columns = np.fromiter((c for row in rows for c in row), dtype=np.int64, count=int(sizes.sum()))
    pointers = np.concatenate([[0], np.cumsum(sizes)])
    matrix = sparse.csr_matrix((np.ones(len(columns), dtype=np.int64), columns, pointers), (len(rows), width))
    matrix.sum_duplicates()
    return matrix


def _candidates(distinct: list[str]) -> Iterator[tuple[int, int]]:
    """The pairs (i, j), j < i, of distinct keys whose ``token_set_ratio`` may reach
    QUOTE_GROUP_SIMILARITY: a superset of the pairs that do, found by bounds computed for a block of
    keys at once, so rapidfuzz scores only these (most pairs of quotations share little).

    rapidfuzz's ``token_set_ratio`` of token sets A and B, I = A & B, joined lengths La, Lb, s of I's:
    0 when A or B is empty; 100 when I is not empty and A <= B or B <= A (then s is the smaller of
    La and Lb: the last bound below is 100); else the largest of ratio(join(A - B), join(B - A)) over
    La + Lb and, when I is not empty, 200 s / (La + s) and 200 s / (Lb + s). The first is at most
    100 (1 - d / (La + Lb)) for d the distance of the two character counts (an insertion or a
    deletion moves one count by one): the counts of A - B's characters minus B - A's are A's minus
    B's (I's cancel), and their spaces differ by |A| - |B|."""
    tokens, lengths, letters = _token_counts(distinct)
    sizes = np.asarray(tokens.sum(axis=1)).ravel()
    joined = np.asarray(tokens @ lengths).ravel() + np.maximum(sizes - 1, 0)
    counts = letters.toarray()
    weighted = tokens.multiply(lengths + 1).tocsr()
    for first in range(0, len(distinct), QUOTE_BLOCK):
        block = slice(first, min(first + QUOTE_BLOCK, len(distinct)))
        shared = (tokens[block] @ tokens[: block.stop].T).toarray()
        sect = np.where(shared > 0, (weighted[block] @ tokens[: block.stop].T).toarray() - 1, 0)
        la, lb = joined[block, None], joined[None, : block.stop]
        na, nb = sizes[block, None], sizes[None, : block.stop]
        apart = cdist(counts[block], counts[: block.stop], "cityblock") + np.abs(na - nb)
        with np.errstate(divide="ignore", invalid="ignore"):
            either = 100 * (1 - apart / (la + lb))
            within = 200 * sect / (np.minimum(la, lb) + sect)
        bound = np.where(shared > 0, np.maximum(either, within), either)
        maybe = bound >= QUOTE_GROUP_SIMILARITY - 1  # a point of slack for rounding
        maybe &= (na > 0) & (nb > 0)
        rows, columns = np.nonzero(maybe)
        for row, j in zip(rows.tolist(), columns.tolist(), strict=True):
            if j < first + row:
                yield first + row, j


def _quote_groups(texts: list[str]) -> list[str]:
    """Group ids linking the same quotation across articles despite small wording changes."""
    # Wire copies repeat quotations verbatim: each distinct text is folded once and each distinct key is
    # compared once (identical keys share a group by construction, as they score 100), so the cost grows
    # with distinct quotations, not copies.
    folded = {text: fold(re.sub(r"[^\w\s]", " ", text)) for text in dict.fromkeys(texts)}
    keys = [folded[text] for text in texts]
    distinct = list(dict.fromkeys(keys))
    groups = UnionFind(range(len(distinct)))
    # The pairs that may match are scored (``_candidates``); the groups are the connected pairs, whatever
    # order they are joined in.
    for i, j in _candidates(distinct):
        if fuzz.token_set_ratio(distinct[i], distinct[j], score_cutoff=QUOTE_GROUP_SIMILARITY):
            groups.union(i, j)
    # numbered in the order of each group's first quotation
    position = {key: n for n, key in enumerate(distinct)}
    roots = [groups.find(position[key]) for key in keys]
    order = {root: n for n, root in enumerate(dict.fromkeys(roots))}
    return [f"q{order[root]}" for root in roots]


def article_quotes(document: Document) -> pd.DataFrame:
    """Clause-length quoted spans introduced by "X сказал:" or followed by "— сказал X".

    Short quoted names («С5+1», «Минские соглашения») and scare quotes lack that frame and are
    skipped. A quotation may span sentences; ``sentence_id`` is where it starts. Reads the article
    only: the speaker's canonical name and the quotation's group come from the corpus
    (``group_quotes``), so an article added to the corpus leaves the others' results cached.
    """
    rows = []
    ours = list(document.prose)
    speakers = Speakers(ours)
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
                Col.SPEAKER: "",
                Col.SPEAKER_ENTITY_ID: eid,
                Col.QUOTE_GROUP: "",
            }
        )
    frame = pd.DataFrame(rows, columns=list(TABLES[QUOTES].columns))
    return frame.astype({Col.SENTENCE_ID: int, Col.START: int, Col.END: int})


def group_quotes(frame: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """The ``quotes`` table: each speaker by its canonical name, and the same quotation across articles,
    even slightly reworded, given one group."""
    frame = frame.copy()
    names = dict(zip(entities[Col.ENTITY_ID], entities[Col.NAME], strict=True))
    frame[Col.SPEAKER] = [names.get(eid, "") for eid in frame[Col.SPEAKER_ENTITY_ID]]
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
