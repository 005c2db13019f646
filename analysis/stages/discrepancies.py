"""Discrepancies between sources: claims of the same measure of the same thing at the same moment that
cannot all be true.

**The same thing.** Claims are grouped by subject entity (claims about no entity by their subject
noun, which the attribute holds), attribute (the measure and what names the measured thing: the
counted noun, its named and genitive dependents, the places, a rate's period) and unit (another
currency is another group).

**The same moment.** A claim's ``moment`` is the date its clause names or, for an event, the week
its article was published (``analysis.stages.claims.timing``); a standing figure has none. Groups
are cut by the week of the moment (or its month or year), and two claims are compared only when
their moments meet: the same day, period, month or year, or a day (a period) and the publication
week it starts in. A day is not compared with a period that holds it: "300 рейсов 25 июля" is one
day's, "600 рейсов 25 и 26 июля" two days'. A claim whose moment no date places (``UNKNOWN``) is
compared with nothing.

**Across sources.** Two claims conflict when their intervals do not meet ("более 1200 км" [1200,
inf) meets "1224 км"; "8 млрд евро" does not meet "10 млрд евро"; role and span claims when their
values differ) and they come from different *sources*: outlets where the corpus names them, else
articles (``analysis.core.metadata``: a crawl gives every article the same host, which tells no
outlet). One article, or one outlet, disagreeing with itself is no discrepancy.

**Contradiction or update.** A conflicting pair is an *update* when one figure was said before the
fact (``expected`` or ``announced``) and the other after it, when two expectations were said on
different days (a revised announcement), when one is an announcement reported as made ("анонсировала
отмену менее 100 рейсов", "объявила об отмене 190 рейсов") and the other the plan as an outlet states
it ("отменит 250 рейсов": the announcement is older than the statement, so the plan was revised
between them; two such announcements, said at times the articles do not give, are stages of the
plan too), or when a later report of the same moment gives a larger
count than one published while the moment was still running (a tally in progress); any other
conflicting pair is a *contradiction*. A group with a contradiction is one; a group of updates only
is the timeline of a figure (``relation``).

Every claim of a conflicting group is listed (every source, its value, its sentence and moment).
Ranking (1 = most worth reading): contradictions before updates, then the number of sources whose
claim conflicts with another source's (a disagreement between many sources before a lone outlier),
then a clear measured thing (about an entity, not only a noun), then the widest relative gap
between two conflicting intervals (categorical conflicts count as a full gap of 1), then whether two
conflicting claims are in sentences ``alignments`` pairs as retellings of one fact, then the number
of sources in the group, then the id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.core.aligned import aligned_pairs
from analysis.core.codes import ClaimKind, ClaimModality, Relation
from analysis.core.metadata import check_metadata, suspect_publication_dates
from analysis.core.schema import CONTRADICTIONS, TABLES, Col, validate

CATEGORICAL = {ClaimKind.ROLE, ClaimKind.SPAN}
UNKNOWN = "unknown"  # a moment no date places (``analysis.stages.claims.timing.UNKNOWN``)
INTERIM = {ClaimModality.EXPECTED, ClaimModality.ANNOUNCED}


@dataclass(frozen=True)
class _Said:
    """One claim as the comparison reads it."""

    source: str
    article: str
    sentence: int
    value: str
    interval: tuple[float, float]
    moment: str
    stage: str  # the claim's modality: "" (a fact), expected or announced
    published: str

    @property
    def interim(self) -> bool:
        return self.stage in INTERIM


def _week(moment: str) -> str:
    """The week of a day or of a period's first day ("2018-09-28" -> "2018-W39"); any other moment
    as it is."""
    try:
        year, number, _ = dt.date.fromisoformat(moment.partition("/")[0]).isocalendar()
    except ValueError:
        return moment
    return f"{year}-W{number:02d}"


def _meet(a: str, b: str) -> bool:
    """Whether two moments of one group are the same time: equal, or a day (a period) and the
    publication week it starts in."""
    return a == b or (("-W" in a) != ("-W" in b) and _week(a) == _week(b))


def _ends(moment: str) -> str:
    """The last day of a day or week moment ("" for a month, a year or none)."""
    if "-W" in moment:
        year, number = moment.split("-W")
        return dt.date.fromisocalendar(int(year), int(number), 7).isoformat()
    last = moment.rpartition("/")[2]
    return last if len(last) == len("2018-09-28") else ""


def _relation(a: _Said, b: _Said) -> str:
    """An update or a contradiction (see the module's docstring) for two conflicting claims."""
    if not a.moment or not a.published or not b.published:
        return Relation.CONTRADICTION
    if a.interim != b.interim or (a.interim and ClaimModality.ANNOUNCED in (a.stage, b.stage)):
        return Relation.UPDATE
    if a.published == b.published:
        return Relation.CONTRADICTION
    if a.interim:
        return Relation.UPDATE
    earlier, later = (a, b) if a.published < b.published else (b, a)
    running = earlier.published <= _ends(earlier.moment)
    return Relation.UPDATE if running and later.interval[0] > earlier.interval[1] else Relation.CONTRADICTION


class _Claims:
    """The claims compared, column by column as arrays (codes for the text compared), so each group's
    pairs are compared at once rather than one by one."""

    def __init__(self, claims: pd.DataFrame, source: dict[str, str]) -> None:
        articles = claims[Col.ARTICLE_ID].tolist()
        self.sources = [source.get(article, article) for article in articles]
        self.source = pd.factorize(pd.Series(self.sources, dtype=object))[0]
        moments = claims[Col.MOMENT]
        self.moment = pd.factorize(moments)[0]
        self.weekly = moments.str.contains("-W", regex=False).to_numpy(dtype=bool)
        self.week = pd.factorize(moments.map(_week))[0]
        self.value = pd.factorize(claims[Col.VALUE])[0]
        self.low, self.high = claims[Col.LOW].to_numpy(float), claims[Col.HIGH].to_numpy(float)


def _gaps(claims: _Claims, a: np.ndarray, b: np.ndarray, categorical: bool) -> np.ndarray:
    """How far apart the intervals of the pairs (a[k], b[k]) of claims' positions are, relative to the
    larger value (0 when they meet; 1 or 0 for categorical claims, by their values)."""
    if categorical:
        return (claims.value[a] != claims.value[b]).astype(float)
    lows, highs = (claims.low[a], claims.low[b]), (claims.high[a], claims.high[b])
    gap = np.maximum(*lows) - np.minimum(*highs)
    four = np.abs(np.stack([lows[0], highs[0], lows[1], highs[1]]))
    scale = np.where(np.isfinite(four), four, -np.inf).max(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(scale > 0, gap / np.where(scale > 0, scale, 1.0), 1.0)
    return np.where(gap > 0, relative, 0.0)


def _conflicting(claims: _Claims, positions: np.ndarray, categorical: bool) -> tuple[np.ndarray, ...]:
    """The pairs of a group's claims (positions, in ``combinations`` order) from two sources, at
    moments that meet (``_meet``), whose values conflict; and their gaps."""
    first, second = np.triu_indices(len(positions), 1)
    a, b = positions[first], positions[second]
    meet = (claims.moment[a] == claims.moment[b]) | (
        (claims.weekly[a] != claims.weekly[b]) & (claims.week[a] == claims.week[b])
    )
    keep = (claims.source[a] != claims.source[b]) & meet
    a, b = a[keep], b[keep]
    gaps = _gaps(claims, a, b, categorical)
    conflict = gaps > 0
    return a[conflict], b[conflict], gaps[conflict]


def _any_contradiction(every: list[_Said], a: np.ndarray, b: np.ndarray) -> bool:
    """Whether a conflicting pair is a contradiction (``_relation``), else every one is an update."""
    return any(
        _relation(every[x], every[y]) == Relation.CONTRADICTION
        for x, y in zip(a.tolist(), b.tolist(), strict=True)
    )


def _sources(articles: pd.DataFrame | None) -> tuple[dict[str, str], dict[str, str]]:
    """Article id -> its source (the outlet where outlets are known, else the article itself) and
    -> its trusted publication date ("" when unknown or a crawl's date every article shares)."""
    if articles is None or articles.empty:
        return {}, {}
    known = check_metadata(articles).outlets_known
    ids = articles[Col.ARTICLE_ID].tolist()
    outlets = articles[Col.OUTLET].fillna("").astype(str).tolist()
    source = {a: (o if known and o else a) for a, o in zip(ids, outlets, strict=True)}
    suspect = suspect_publication_dates(articles)
    dates = articles[Col.PUBLISHED].fillna("").astype(str)
    return source, {a: ("" if d in suspect else d) for a, d in zip(ids, dates, strict=True)}


def _said(claims: pd.DataFrame, source: dict[str, str], published: dict[str, str]) -> list[_Said]:
    """Each claim as the comparison reads it, read column by column once for the corpus."""
    columns = (Col.ARTICLE_ID, Col.SENTENCE_ID, Col.VALUE, Col.LOW, Col.HIGH, Col.MOMENT, Col.MODALITY)
    return [
        _Said(source.get(article, article), article, sentence, value, (low, high), moment, modality,
              published.get(article, ""))
        for article, sentence, value, low, high, moment, modality in zip(
            *(claims[column].tolist() for column in columns), strict=True
        )
    ]  # fmt: skip


@dataclass
class _Group:
    """A group of claims with a conflict between two sources: its claims' positions, what ranks it,
    and its conflicting pairs (positions) until ``backed`` is known."""

    positions: np.ndarray
    key: tuple[str, str, str]  # subject entity id, attribute, week
    relation: str
    sources: int  # sources whose claim conflicts with another source's
    widest: float
    n_sources: int
    pairs: tuple[np.ndarray, np.ndarray]
    backed: bool = False

    def order(self) -> tuple:
        clear = bool(self.key[0])
        update = self.relation == Relation.UPDATE
        return (update, -self.sources, -clear, -self.widest, -self.backed, -self.n_sources)

    def identifier(self) -> str:
        entity_id, attribute, when = self.key
        return f"{attribute}#{when}:{entity_id}" if when else f"{attribute}:{entity_id}"


def _groups(claims: pd.DataFrame) -> tuple[list[np.ndarray], list[tuple[str, str, str]]]:
    """The positions of the claims of each (subject, attribute, unit, week) group, in the groups'
    sorted order, and each group's subject, attribute and week."""
    period = claims[Col.MOMENT].map(_week)
    keys = [claims[Col.SUBJECT_ENTITY_ID], claims[Col.ATTRIBUTE], claims[Col.UNIT], period]
    grouped = claims.groupby(keys, sort=True, dropna=False)
    number = grouped.ngroup().to_numpy()
    order = np.argsort(number, kind="stable")
    bounds = np.searchsorted(number[order], np.arange(grouped.ngroups + 1))
    positions = [order[bounds[k] : bounds[k + 1]] for k in range(grouped.ngroups)]
    columns = (claims[Col.SUBJECT_ENTITY_ID].tolist(), claims[Col.ATTRIBUTE].tolist(), period.tolist())
    return positions, [tuple(column[group[0]] for column in columns) for group in positions]


def _found(claims: pd.DataFrame, source: dict[str, str], published: dict[str, str]) -> list[_Group]:
    """Every group with a conflict between two sources (``claims``: those with a known moment)."""
    every = _said(claims, source, published)
    arrays = _Claims(claims, source)
    kinds = claims[Col.KIND].tolist()
    found = []
    for positions, key in zip(*_groups(claims), strict=True):
        n_sources = len(set(arrays.source[positions].tolist()))
        if n_sources < 2:
            continue
        a, b, gaps = _conflicting(arrays, positions, kinds[positions[0]] in CATEGORICAL)
        if not len(a):
            continue
        contradiction = _any_contradiction(every, a, b)
        relation = Relation.CONTRADICTION if contradiction else Relation.UPDATE
        sources = len({arrays.sources[x] for x in [*a.tolist(), *b.tolist()]})
        found.append(_Group(positions, key, relation, sources, float(gaps.max()), n_sources, (a, b)))
    return found


def _back(
    found: list[_Group], claims: pd.DataFrame, alignments: pd.DataFrame, copies: pd.DataFrame | None
) -> None:
    """Mark the groups two of whose conflicting claims are in sentences ``alignments`` pairs as
    retellings of one fact; the aligned pairs are read among those claims' sentences only."""
    if not found:
        return
    ends = np.unique(np.concatenate([np.concatenate(group.pairs) for group in found]))
    among = claims[[Col.ARTICLE_ID, Col.SENTENCE_ID]].iloc[ends]
    aligned = aligned_pairs(alignments, copies, among)
    pairs = set(zip(*(aligned[column].tolist() for column in aligned.columns), strict=True))
    article, sentence = claims[Col.ARTICLE_ID].tolist(), claims[Col.SENTENCE_ID].tolist()
    for group in found:
        group.backed = any(
            (article[x], sentence[x], article[y], sentence[y]) in pairs
            or (article[y], sentence[y], article[x], sentence[x]) in pairs
            for x, y in zip(*(side.tolist() for side in group.pairs), strict=True)
        )


def _unique_ids(found: list[_Group]) -> list[str]:
    """Each group's id; two groups of one subject and attribute in different units get the unit in
    their id."""
    seen: set[str] = set()
    identifiers = []
    for group, unit in found:
        identifier = group.identifier()
        if identifier in seen:
            identifier = f"{identifier}/{unit}"
        seen.add(identifier)
        identifiers.append(identifier)
    return identifiers


def _rows(claims: pd.DataFrame, found: list[_Group]) -> pd.DataFrame:
    """The claims of the ranked groups, each group's in article, sentence and claim order."""
    units = claims[Col.UNIT].tolist()
    identifiers = _unique_ids([(group, units[group.positions[0]]) for group in found])
    sizes = [len(group.positions) for group in found]
    frame = claims.take(np.concatenate([group.positions for group in found]))
    frame = frame.assign(
        **{
            Col.N_SOURCES: np.repeat([group.n_sources for group in found], sizes),
            Col.CONTRADICTION_ID: np.repeat(identifiers, sizes),
            Col.RANK: np.repeat(np.arange(1, len(found) + 1), sizes),
            Col.RELATION: np.repeat([group.relation for group in found], sizes),
        }
    )
    frame = frame.sort_values([Col.RANK, Col.ARTICLE_ID, Col.SENTENCE_ID, Col.CLAIM_ID], kind="stable")
    return frame.reset_index(drop=True)[list(TABLES[CONTRADICTIONS].columns)]


def find_discrepancies(
    claims: pd.DataFrame,
    alignments: pd.DataFrame | None = None,
    articles: pd.DataFrame | None = None,
    copies: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per claim of every conflicting group (``contradictions`` columns), ranked (see the
    module's docstring). ``alignments`` pairs retellings of one fact; ``articles`` gives each
    article's outlet and publication date (without it, each article is its own source and no
    publication date is known); ``copies`` stand for the copies ``alignments`` aligns once.
    Each group's pairs are compared as arrays, and sentences are aligned only among the claims
    that conflict (at 10,000 articles the aligned pairs of every claim's sentence cost 8 s)."""
    columns = list(TABLES[CONTRADICTIONS].columns)
    if claims.empty:
        return validate(CONTRADICTIONS, pd.DataFrame(columns=columns))
    source, published = _sources(articles)
    known = claims[claims[Col.MOMENT] != UNKNOWN].reset_index(drop=True)
    found = _found(known, source, published)
    if alignments is not None:
        _back(found, known, alignments, copies)
    found.sort(key=lambda group: (group.order(), group.identifier()))
    if not found:
        return validate(CONTRADICTIONS, pd.DataFrame(columns=columns))
    frame = _rows(known, found)
    return validate(CONTRADICTIONS, frame.astype({Col.RANK: "int64", Col.N_SOURCES: "int64"}))
