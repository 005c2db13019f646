"""Boilerplate found from the corpus itself: sentences that repeat, word for word, across articles.

A site's footer, a legal notice, a subscription or cookie prompt, a byline: the same text at the
end (or the start) of many articles. It is found by counting each sentence of every article (case,
punctuation and spacing ignored) over the whole corpus, before the engine reads any article, so
no stage reads it; the Article page shows it greyed with the reason. No list of phrases is used.

Repetition alone does not make boilerplate: outlets copy a wire story's sentences, and one outlet
repeats its own background paragraph in each update. Measured on the development corpora (two
BSNLP clusters of 108 and 148 articles, factRuEval, NEREL, the seeds; docs/boilerplate.md), story
sentences repeat in at most 7 articles (6.5% of a corpus) and one outlet's background sentences in
all of its 3–5 articles, anywhere in the text; the footers this pass is for repeated at the end of
58% and 76% of two crawled stories' articles. A sentence repeated in ``MIN_ARTICLES`` articles or
more is therefore boilerplate when it is

- in at least ``CORPUS_SHARE`` of the corpus's articles, at an edge of most of them, or in at least
  ``EDGE_SHARE`` of them (and ``MIN_AT_EDGES``) at an edge of every one;
- at an edge of every article it is in (the run of repeated sentences that opens or closes the
  article) and either short (``SHORT_WORDS`` words at most: a byline, "join our chat") or shaped like
  a footer (a web address, an e-mail, ©, a phone number, an age mark "18+");
- or at an edge of at least ``OUTLET_SHARE`` of one known outlet's articles and in no other
  outlet's: that outlet's template.

A sentence that opens an article's first line (its headline) is boilerplate only by the first:
outlets give a wire story the wire's headline.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd

from analysis.build.layout import Boilerplate, Paragraph, title
from analysis.core.schema import Col

MIN_ARTICLES = 3  # the story's headlines repeat in up to 3 outlets: that many is still news
CORPUS_SHARE = 0.2  # three times the largest share a story sentence reached (6.5%)
# At an edge of every article it is in: no story sentence was in more than 3 articles that way (2%)
EDGE_SHARE = 0.1
MIN_AT_EDGES = 5
OUTLET_SHARE = 0.5
SHORT_WORDS = 5
_FOOTER = re.compile(
    r"https?://|www\.|\b[\w-]+\.(?:ru|com|net|org|info|ua|by|kz|su|рф)\b|@\w|©|\(c\)|"
    r"\+\d[\d ()\-]{7,}|(?<![\w+])\d{1,2}\+(?!\w)",
    re.IGNORECASE,
)
_READ = (Boilerplate.PROSE, Boilerplate.HEADING)
_COPYRIGHT = "©"
COPYRIGHT_REASON = "a copyright notice (©) closes the article"


def key(sentence: str) -> str:
    """What two sentences share when one repeats the other: words, case and spacing aside."""
    return " ".join(re.sub(r"[\W_]+", " ", sentence.casefold().replace("ё", "е")).split())


@dataclass(frozen=True)
class _Unit:
    """One sentence of an article's prose or headings."""

    paragraph: int  # position in the article's paragraphs
    start: int
    end: int
    key: str
    footer_like: bool  # short, or shaped like a footer (``_FOOTER``)


def sentence_units(raw: str, paragraphs: list[Paragraph]) -> list[_Unit]:
    """The sentences of an article's prose and headings the corpus-wide count reads (a file's own:
    ``reading_cache`` keeps them with its read result)."""
    from razdel import sentenize

    units = []
    for position, paragraph in enumerate(paragraphs):
        if paragraph.boilerplate not in _READ:
            continue
        for sentence in sentenize(raw[paragraph.start : paragraph.end]):
            found = key(sentence.text)
            if found:
                start = paragraph.start + sentence.start
                shaped = len(found.split()) <= SHORT_WORDS or bool(_FOOTER.search(sentence.text))
                units.append(_Unit(position, start, start + len(sentence.text), found, shaped))
    return units


class _Side:
    START = "start"
    END = "end"


def _edges(units: list[_Unit], keep: Callable[[_Unit], bool]) -> dict[int, str]:
    """Positions of the units in the runs that open and close the article while ``keep`` holds,
    each with its side (``_Side``)."""
    edge: dict[int, str] = {}
    for side, order in ((_Side.START, range(len(units))), (_Side.END, range(len(units) - 1, -1, -1))):
        for index in order:
            if not keep(units[index]):
                break
            edge.setdefault(index, side)
    return edge


@dataclass
class _Seen:
    """Where one repeated sentence occurs across the corpus, by article (position in the corpus)."""

    articles: set[int] = field(default_factory=set)
    edge: set[int] = field(default_factory=set)  # in the run of repeated sentences at an edge
    outer: dict[int, str] = field(default_factory=dict)  # in that run's footer-like outer part: side
    headline: bool = False  # it opens some article
    outlets: Counter = field(default_factory=Counter)  # articles by outlet ("" unknown)


def _survey(corpus: list[tuple[str, list[_Unit]]]) -> dict[str, _Seen]:
    """Where every sentence repeated in ``MIN_ARTICLES`` articles or more occurs."""
    counts = Counter(unit_key for _, units in corpus for unit_key in {u.key for u in units})
    seen: dict[str, _Seen] = {key: _Seen() for key, n in counts.items() if n >= MIN_ARTICLES}
    for article, (outlet, units) in enumerate(corpus):
        edge = _edges(units, lambda unit: unit.key in seen)
        for index, unit in enumerate(units):
            entry = seen.get(unit.key)
            if entry is None:
                continue
            if article not in entry.articles:
                entry.outlets[outlet] += 1
            entry.articles.add(article)
            if index in edge:
                entry.edge.add(article)
            entry.headline |= index == 0
    return seen


def _outer(corpus: list[tuple[str, list[_Unit]]], seen: dict[str, _Seen], known: set[str]) -> None:
    """Fill each repeated sentence's ``outer``: the articles where it lies between an edge and the
    story's text with only footer-like repeated sentences or ``known`` boilerplate around it."""
    for article, (_, units) in enumerate(corpus):
        outer = _edges(units, lambda unit: unit.key in known or (unit.key in seen and unit.footer_like))
        for index, side in outer.items():
            seen[units[index].key].outer.setdefault(article, side)


def _by_share(entry: _Seen, n_articles: int) -> str:
    n = len(entry.articles)
    at_edges = len(entry.edge) == n and n >= max(MIN_AT_EDGES, EDGE_SHARE * n_articles)
    if at_edges or (n >= CORPUS_SHARE * n_articles and 2 * len(entry.edge) > n):
        return f"repeated in {n} of {n_articles} articles"
    return ""


def _by_edge(entry: _Seen) -> str:
    n = len(entry.articles)
    if entry.headline or len(entry.outer) < n:
        return ""
    sides = set(entry.outer.values())
    where = f"the {sides.pop()}" if len(sides) == 1 else "the start or end"
    return f"repeated at {where} of {n} articles"


def _by_outlet(entry: _Seen, outlet_sizes: Counter) -> str:
    n, (outlet, *others) = len(entry.articles), list(entry.outlets)
    if (
        entry.headline
        or others
        or not outlet
        or len(entry.edge) < n
        or n < OUTLET_SHARE * outlet_sizes[outlet]
    ):
        return ""
    return f"repeated in {n} of {outlet_sizes[outlet]} articles of {outlet}"


def reasons(corpus: list[tuple[str, list[_Unit]]]) -> dict[str, str]:
    """Why each boilerplate sentence (by ``key``) is boilerplate; ``corpus``: (outlet, units) by article."""
    seen = _survey(corpus)
    found = {key: why for key, entry in seen.items() if (why := _by_share(entry, len(corpus)))}
    _outer(corpus, seen, set(found))
    outlet_sizes = Counter(outlet for outlet, _ in corpus)
    for key, entry in seen.items():
        if key not in found and (why := _by_edge(entry) or _by_outlet(entry, outlet_sizes)):
            found[key] = why
    return found


def _split(paragraph: Paragraph, marked: list[tuple[int, int, str]], raw: str) -> list[Paragraph]:
    """``paragraph`` cut around its boilerplate sentences ``(start, end, reason)``, in order."""
    pieces, at = [], paragraph.start
    for start, end, reason in marked:
        before = raw[at:start].rstrip()
        if before.strip():
            pieces.append(replace(paragraph, start=at, end=at + len(before)))
        pieces.append(
            replace(paragraph, start=start, end=end, boilerplate=Boilerplate.REPEATED, reason=reason)
        )
        at = end + len(raw[end : paragraph.end]) - len(raw[end : paragraph.end].lstrip())
    if raw[at : paragraph.end].strip():
        pieces.append(replace(paragraph, start=at))
    return pieces


def _merged(marked: list[tuple[int, int, str]], raw: str) -> list[tuple[int, int, str]]:
    """Boilerplate sentences of one reason with only spaces between them as one piece."""
    out: list[tuple[int, int, str]] = []
    for start, end, reason in marked:
        if out and out[-1][2] == reason and not raw[out[-1][1] : start].strip():
            out[-1] = (out[-1][0], end, reason)
        else:
            out.append((start, end, reason))
    return out


def _closing_copyright(raw: str, pieces: list[Paragraph]) -> list[Paragraph]:
    """``pieces`` with the article's last line of text marked ``Boilerplate.FOOTER`` when it holds ©:
    a site's copyright notice, which a single article may carry (no repetition shows it)."""
    for position in range(len(pieces) - 1, -1, -1):
        piece = pieces[position]
        if piece.boilerplate in _READ:
            if _COPYRIGHT in raw[piece.start : piece.end]:
                notice = replace(piece, boilerplate=Boilerplate.FOOTER, reason=COPYRIGHT_REASON)
                return [*pieces[:position], notice, *pieces[position + 1 :]]
            break
    return pieces


def _marked(
    raw: str, paragraphs: list[Paragraph], units: list[_Unit], found: dict[str, str]
) -> list[Paragraph]:
    """One article's paragraphs with its boilerplate sentences cut out as pieces of their own."""
    marked: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for unit in units:
        if unit.key in found:
            marked[unit.paragraph].append((unit.start, unit.end, found[unit.key]))
    pieces = []
    for position, paragraph in enumerate(paragraphs):
        pieces += (
            _split(paragraph, _merged(marked[position], raw), raw) if position in marked else [paragraph]
        )
    return _closing_copyright(raw, pieces)


def mark_boilerplate(articles: pd.DataFrame) -> pd.DataFrame:
    """``articles`` (with the private ``_paragraphs`` column) with the boilerplate only the corpus
    shows marked: each paragraph holding repeated sentences cut into pieces of
    ``Boilerplate.REPEATED`` (with the reason) and the rest, an article's closing copyright line
    marked ``Boilerplate.FOOTER``, and a title that was boilerplate replaced by the first sentence
    left. A private ``_units`` column (each article's ``sentence_units``, kept by the reading cache)
    is used and dropped."""
    raws = list(articles[Col.RAW_TEXT])
    given = articles["_units"] if "_units" in articles else [None] * len(articles)
    corpus = [
        (outlet or "", sentence_units(raw, paragraphs) if units is None else units)
        for outlet, raw, paragraphs, units in zip(
            articles[Col.OUTLET], raws, articles["_paragraphs"], given, strict=True
        )
    ]
    found = reasons(corpus)
    articles = articles.drop(columns="_units", errors="ignore")
    new_paragraphs, titles = [], []
    for (_, units), raw, paragraphs, old_title in zip(
        corpus, raws, articles["_paragraphs"], articles[Col.TITLE], strict=True
    ):
        pieces = _marked(raw, paragraphs, units, found)
        new_paragraphs.append(pieces)
        titles.append(old_title if pieces == paragraphs else title(raw, pieces))
    articles["_paragraphs"] = new_paragraphs
    articles[Col.TITLE] = titles
    return articles
