"""The ``dates`` table: every temporal expression of an article's prose sentences, found by the
grammar (``analysis.nlp.grammars.dates``) and normalised (``normalise``) against the publication
date, the previous date of the article, and the tense of the clause that holds it."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import pandas as pd
from razdel import tokenize

from analysis.core.schema import DATES, TABLES, Col, validate
from analysis.nlp.clauses import clause_bounds
from analysis.nlp.grammars.dates import Form, Temporal, find_all, form
from analysis.nlp.morph import parses
from analysis.stages.dates.codes import Kind
from analysis.stages.dates.normalise import Norm, normalise, parse_published, year_of

# "Напомним, ...", "Ранее, ...": a one-word parenthetical opening a clause (not its governing verb,
# and not part of an event's label).
LEADING_MARKER = re.compile(r"^\w+,\s*")
_FUTURE, _PAST = "futr", "past"  # pymorphy3's tenses


def prose(sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentences dates are read from (not boilerplate), in article and sentence order."""
    return sentences[sentences[Col.BOILERPLATE] == ""].sort_values([Col.ARTICLE_ID, Col.SENTENCE_ID])


def by_article(sentences: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The sentences of each article (in ``sentences`` order), split once rather than filtered per article."""
    return {key: group for key, group in sentences.groupby(Col.ARTICLE_ID, sort=False)}


def _coordinated_years(match, fact: Temporal) -> list[tuple[int, int, Norm]]:
    """``в 1979 и 1994 годах``: one date per year, each spanning its number (the last one up to ``годах``)."""
    numbers = [token.span for token in match.tokens if token.value in fact.years]
    spans = [(span.start, span.stop) for span in numbers[:-1]] + [(numbers[-1].start, match.span.stop)]
    return [(start, stop, year_of(int(year))) for (start, stop), year in zip(spans, fact.years, strict=True)]


@lru_cache(maxsize=20000)
def _verb_tenses(clause: str) -> tuple[tuple[int, str | None], ...]:
    """(offset, tense) of every finite verb of ``clause`` (by each word's first pymorphy3 parse)."""
    words = [(token.start, parses(token.text)[0]) for token in tokenize(clause) if token.text[0].isalnum()]
    return tuple((offset, parse.tag.tense) for offset, parse in words if parse.tag.POS == "VERB")


def _is_future(text: str, start: int) -> bool:
    """Whether the expression at ``start`` speaks of the future.

    Its governing verb decides when it is in the future or past tense: the nearest finite verb
    before it in its clause, else the first one after it, a leading parenthetical verb aside
    ("Напомним, в пятницу прошла ..."). So "затронет рейсы ... до 11 августа, сообщил профсоюз"
    and "28 сентября проведут забастовку ..., подтвердили ..." look ahead although the clause has a
    verb in the past. Otherwise (present tense, or no verb) the clause decides: a verb in the
    future tense and none in the past."""
    begin, finish = clause_bounds(text, start)
    clause, offset = text[begin:finish], start - begin
    verbs = _verb_tenses(clause)
    parenthetical = LEADING_MARKER.match(clause) is not None
    candidates = [(at, tense) for at, tense in verbs if not (parenthetical and at == 0)]
    before = [tense for at, tense in candidates if at < offset]
    after = [tense for at, tense in candidates if at > offset]
    governing = before[-1] if before else after[0] if after else None
    if governing in (_FUTURE, _PAST):
        return governing == _FUTURE
    tenses = {tense for _, tense in verbs}
    return _FUTURE in tenses and _PAST not in tenses


def _is_anchor(norm: Norm) -> bool:
    """Whether a later ``Год спустя`` may count from this expression."""
    return norm.start is not None and norm.kind != Kind.DURATION


def _sentence_expressions(
    text: str, published: date | None, previous: Norm | None
) -> tuple[list[tuple[int, int, Norm]], Norm | None]:
    """(start, end, Norm) of every expression in one sentence (offsets in the sentence), and the
    last date that a following discourse-relative expression would count from."""
    found = []
    for match in find_all(text):
        fact = match.fact
        if form(fact) == Form.YEARS:
            items = _coordinated_years(match, fact)
        else:
            norm = normalise(fact, published, previous, _is_future(text, match.span.start))
            items = [(match.span.start, match.span.stop, norm)] if norm else []
        for item in items:
            found.append(item)
            previous = item[2] if _is_anchor(item[2]) else previous
    return found, previous


def _row(article, sentence, start: int, end: int, norm: Norm) -> dict:
    """The ``dates`` row of one expression (``start``, ``end``: offsets in the sentence)."""
    offset = sentence.start
    return {
        Col.ARTICLE_ID: article.article_id,
        Col.SENTENCE_ID: int(sentence.sentence_id),
        Col.START: offset + start,
        Col.END: offset + end,
        Col.TEXT: article.raw_text[offset + start : offset + end],
        Col.KIND: norm.kind,
        Col.VALUE: norm.value,
        Col.MOD: norm.mod,
        Col.START_DATE: norm.start.isoformat() if norm.start else "",
        Col.END_DATE: norm.end.isoformat() if norm.end else "",
        Col.GRANULARITY: norm.granularity,
        Col.ANCHOR: norm.anchor,
        Col.RESOLVED: norm.start is not None,
        Col.REASON: norm.reason,
    }


def extract_dates(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The ``dates`` table: every temporal expression in prose sentences, normalised."""
    rows = []
    ours = prose(sentences)
    grouped = by_article(ours)
    for article in articles.itertuples(index=False):
        published = parse_published(article.published)
        previous: Norm | None = None
        for sentence in grouped.get(article.article_id, ours.iloc[:0]).itertuples(index=False):
            found, previous = _sentence_expressions(sentence.text, published, previous)
            rows += [_row(article, sentence, start, end, norm) for start, end, norm in found]
    frame = pd.DataFrame(rows, columns=list(TABLES[DATES].columns))
    frame[Col.RESOLVED] = frame[Col.RESOLVED].astype(bool)
    return validate(DATES, frame)
