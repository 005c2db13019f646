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
import math
from dataclasses import dataclass
from itertools import combinations

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


def _gap(a: tuple[float, float], b: tuple[float, float]) -> float:
    """How far apart two intervals are, relative to the larger value (0 when they meet)."""
    (low_a, high_a), (low_b, high_b) = a, b
    gap = max(low_a, low_b) - min(high_a, high_b)
    if gap <= 0:
        return 0.0
    scale = max(abs(v) for v in (low_a, high_a, low_b, high_b) if math.isfinite(v))
    return gap / scale if scale else 1.0


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


def _conflicts(
    said: list[_Said], categorical: bool, aligned: set[tuple]
) -> tuple[set[str], float, bool, set]:
    """Sources whose claim conflicts with another source's, the widest relative gap, whether two
    conflicting claims are in aligned sentences, and the relations of the conflicting pairs."""
    sources: set[str] = set()
    widest, backed, relations = 0.0, False, set()
    for a, b in combinations(said, 2):
        if a.source == b.source or not _meet(a.moment, b.moment):
            continue
        gap = float(a.value != b.value) if categorical else _gap(a.interval, b.interval)
        if gap > 0:
            sources |= {a.source, b.source}
            widest = max(widest, gap)
            pair = (a.article, a.sentence, b.article, b.sentence)
            backed = backed or pair in aligned or (pair[2], pair[3], pair[0], pair[1]) in aligned
            relations.add(_relation(a, b))
    return sources, widest, backed, relations


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


def _found(claims: pd.DataFrame, articles: pd.DataFrame | None, aligned: set[tuple]) -> list[tuple]:
    """(order, id, relation, group) of every group with a conflict between two sources."""
    source, published = _sources(articles)
    claims = claims[claims[Col.MOMENT] != UNKNOWN].reset_index(drop=True)
    every = _said(claims, source, published)  # by position, which is the index now
    period = claims[Col.MOMENT].map(_week)
    keys = [claims[Col.SUBJECT_ENTITY_ID], claims[Col.ATTRIBUTE], claims[Col.UNIT], period]
    found = []
    for (entity_id, attribute, _, when), group in claims.groupby(keys, sort=True, dropna=False):
        said = [every[position] for position in group.index]
        if len({s.source for s in said}) < 2:
            continue
        categorical = group[Col.KIND].iloc[0] in CATEGORICAL
        sources, widest, backed, relations = _conflicts(said, categorical, aligned)
        if not sources:
            continue
        relation = Relation.CONTRADICTION if Relation.CONTRADICTION in relations else Relation.UPDATE
        clear = bool(entity_id)
        n_sources = len({s.source for s in said})
        order = (relation == Relation.UPDATE, -len(sources), -clear, -widest, -backed, -n_sources)
        identifier = f"{attribute}#{when}:{entity_id}" if when else f"{attribute}:{entity_id}"
        found.append((order, identifier, relation, group.assign(**{Col.N_SOURCES: n_sources})))
    return found


def _unique_ids(found: list) -> None:
    """Two groups of one subject and attribute in different units get the unit in their id."""
    seen: set[str] = set()
    for index, (order, identifier, relation, group) in enumerate(found):
        if identifier in seen:
            found[index] = (order, f"{identifier}/{group[Col.UNIT].iloc[0]}", relation, group)
        seen.add(found[index][1])


def find_discrepancies(
    claims: pd.DataFrame,
    alignments: pd.DataFrame | None = None,
    articles: pd.DataFrame | None = None,
    copies: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per claim of every conflicting group (``contradictions`` columns), ranked (see the
    module's docstring). ``alignments`` pairs retellings of one fact; ``articles`` gives each
    article's outlet and publication date (without it, each article is its own source and no
    publication date is known); ``copies`` stand for the copies ``alignments`` aligns once."""
    columns = list(TABLES[CONTRADICTIONS].columns)
    if claims.empty:
        return validate(CONTRADICTIONS, pd.DataFrame(columns=columns))
    among = claims[[Col.ARTICLE_ID, Col.SENTENCE_ID]]
    pairs = None if alignments is None else aligned_pairs(alignments, copies, among)
    aligned = set() if pairs is None else set(pairs.itertuples(index=False, name=None))
    found = sorted(_found(claims, articles, aligned), key=lambda item: (item[0], item[1]))
    _unique_ids(found)
    frames = [
        group.assign(
            **{Col.CONTRADICTION_ID: identifier, Col.RANK: rank, Col.RELATION: relation}
        ).sort_values([Col.ARTICLE_ID, Col.SENTENCE_ID, Col.CLAIM_ID])
        for rank, (_, identifier, relation, group) in enumerate(found, start=1)
    ]
    if not frames:
        return validate(CONTRADICTIONS, pd.DataFrame(columns=columns))
    frame = pd.concat(frames, ignore_index=True)[columns]
    return validate(CONTRADICTIONS, frame.astype({Col.RANK: "int64", Col.N_SOURCES: "int64"}))
