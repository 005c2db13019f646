"""The ``events`` table: one event per resolved date of an article's prose (its clause, labelled
without the date, with the entities the clause names) and one for the article's publication; the
events are then grouped across sources (``clusters``) into ``event_clusters``."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.core.document import names_only
from analysis.core.lexicon import words
from analysis.core.schema import EVENTS, TABLES, Col, validate
from analysis.nlp.clauses import SUBORDINATORS, clause_bounds, first_parses
from analysis.nlp.morph import parses
from analysis.stages.dates.clusters import LEMMAS, cluster_ids, clusters_table
from analysis.stages.dates.codes import EventKind, Granularity, Kind
from analysis.stages.dates.expressions import LEADING_MARKER, prose
from analysis.stages.dates.normalise import parse_published
from analysis.stages.dates.reading import about_a_person, apposition_end

_CONTENT_POS = {"NOUN", "ADJF", "ADJS", "VERB", "INFN", "PRTF", "PRTS", "GRND", "ADVB"}
_COORDINATION = re.compile(r"^\s*(?:,|,?\s*и)\s*$")
_RESPECTIVELY = re.compile(r"\bсоответственно\b", re.IGNORECASE)
_ORPHAN_PREPOSITION = re.compile(r"\b(?:в|во|с|со|до|к|на|по)\s+(?=[,.;:()]|\s*(?:и\s+)?$)", re.IGNORECASE)
_LABEL_WORDS = 20  # a label is its whole clause up to this length
_DANGLING = words("events_dangling_words")
_LABEL_MIN_WORDS = 6  # a shorter label is cut mid-phrase rather than at a comma
PUBLICATION_LABEL = "Публикация: "  # before the title, in a publication's label

# --- labels --------------------------------------------------------------------------------------


def _lemmas(text: str) -> set[str]:
    return {p.normal_form for p in first_parses(text) if p.tag.POS in _CONTENT_POS}


def _label(clause: str, cut: list[tuple[int, int]], limit: int | None = _LABEL_WORDS) -> str:
    """The clause without its date expression(s) and leading subordinator, trimmed to ``limit`` words."""
    for begin, finish in sorted(set(cut), reverse=True):
        clause = clause[:begin] + " " + clause[finish:]
    clause = _ORPHAN_PREPOSITION.sub("", _RESPECTIVELY.sub("", clause))
    clause = re.sub(r"\(\s*\)", "", clause)  # "(2017–2021)" without its years
    clause = re.sub(r"\s+([,.;:)»])", r"\1", " ".join(clause.split()))
    clause = LEADING_MARKER.sub("", re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", clause))
    found = clause.strip(" ,;:.—–-").split()
    if found and found[0].lower() in SUBORDINATORS:
        found = found[1:]
    found = _without_dangling_end(found) if cut else found
    limit = limit or len(found)
    kept = found[:limit]
    if len(found) > limit:  # end at the last phrase boundary rather than inside a phrase
        ends = [i + 1 for i, word in enumerate(kept) if word[-1] in ",;:" and i + 1 >= _LABEL_MIN_WORDS]
        kept = kept[: ends[-1]] if ends else kept
    label = " ".join(kept).rstrip(",;:")
    return label[:1].upper() + label[1:] + ("…" if len(found) > len(kept) else "")


def _without_dangling_end(found: list[str]) -> list[str]:
    """Drop what the removed date leaves hanging at the end: a conjunction ("установленные в 1979 и
    1994 годах" -> "установленные и") and a participle whose only complement was the date."""
    found = list(found)
    while found:
        last = found[-1].rstrip(",;:")
        participle = any(p.tag.POS == "PRTF" for p in parses(last))  # not "были выдвинуты": the predicate
        if last.lower() in _DANGLING or (" " not in last and participle):
            found.pop()
        else:
            break
    return found


# --- "respectively": the i-th date goes with the i-th name -------------------------------------


def _coordinated(items: list[tuple[int, int]], text: str) -> list[list[int]]:
    """Groups of indexes of spans (sorted by start) joined only by commas or ``и``."""
    groups: list[list[int]] = []
    for i, (begin, _) in enumerate(items):
        if groups and _COORDINATION.match(text[items[groups[-1][-1]][1] : begin]):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _respective(dates: list[dict], mentions: list[dict], text: str) -> dict[int, tuple[int, int, int]]:
    """``Египет и Иордания ... в 1979 и 1994 годах соответственно``: the i-th date goes with the i-th name.

    Returns date index -> (mention index, start, end of the whole list of names); empty unless the
    sentence says "respectively" and a list of names is as long as a list of dates.
    """
    if not _RESPECTIVELY.search(text):
        return {}
    date_groups = [g for g in _coordinated([(d[Col.START], d[Col.END]) for d in dates], text) if len(g) > 1]
    name_groups = [
        g for g in _coordinated([(m[Col.START], m[Col.END]) for m in mentions], text) if len(g) > 1
    ]
    pairs = {}
    for dates_group in date_groups:
        names = next((g for g in name_groups if len(g) == len(dates_group)), None)
        if names:
            span = (mentions[names[0]][Col.START], mentions[names[-1]][Col.END])
            pairs.update({d: (n, *span) for d, n in zip(dates_group, names, strict=True)})
    return pairs


# --- events ----------------------------------------------------------------------------------------


def _in_sentence(rows: list[dict], base: int) -> list[dict]:
    """``rows`` with their offsets made relative to a sentence starting at ``base``."""
    return [{**row, Col.START: row[Col.START] - base, Col.END: row[Col.END] - base} for row in rows]


def _sentence_events(sentence, dates: list[dict], mentions: list[dict]) -> list[dict]:
    """One event per resolved date (durations excluded) of one sentence, with its clause."""
    text, base = sentence.text, sentence.start
    dates, mentions = _in_sentence(dates, base), _in_sentence(mentions, base)
    respective = _respective(dates, mentions, text)
    listed = {mention for mention, *_ in respective.values()}
    events = []
    for i, found in enumerate(dates):
        if not found[Col.RESOLVED] or found[Col.KIND] == Kind.DURATION or about_a_person(text, found):
            continue
        begin, finish = clause_bounds(text, found[Col.START])
        inside = [j for j, m in enumerate(mentions) if begin <= m[Col.START] and m[Col.END] <= finish]
        cut = [
            (d[Col.START], apposition_end(text, d))
            for d in dates
            if begin <= d[Col.START] and d[Col.END] <= finish
        ]
        if i in respective:  # the event is about its own name of the list; the label keeps them all
            own = respective[i][0]
            inside = [j for j in inside if j == own or j not in listed]
        clause, cut = text[begin:finish], [(b - begin, f - begin) for b, f in cut]
        events.append(
            {
                Col.ARTICLE_ID: sentence.article_id,
                Col.SENTENCE_ID: int(sentence.sentence_id),
                Col.START: base + begin,
                Col.END: base + finish,
                Col.LABEL: _label(clause, cut),
                Col.START_DATE: found[Col.START_DATE],
                Col.END_DATE: found[Col.END_DATE],
                Col.GRANULARITY: found[Col.GRANULARITY],
                Col.ENTITY_IDS: list(dict.fromkeys(mentions[j][Col.ENTITY_ID] for j in inside)),
                Col.KIND: EventKind.REPORTED,
                LEMMAS: _lemmas(_label(clause, cut, limit=None)),  # wording compared across sources
            }
        )
    return events


def _publication_event(article, sentences: pd.DataFrame) -> dict | None:
    """``sentences``: the article's own prose sentences, in order."""
    published = parse_published(article.published)
    first = sentences.head(1)
    if published is None or first.empty:
        return None
    first = first.iloc[0]
    title = getattr(article, Col.TITLE, "") or first[Col.TEXT]
    return {
        Col.ARTICLE_ID: article.article_id,
        Col.SENTENCE_ID: int(first[Col.SENTENCE_ID]),
        Col.START: int(first[Col.START]),
        Col.END: int(first[Col.END]),
        Col.LABEL: PUBLICATION_LABEL + _label(title, []),
        Col.START_DATE: published.isoformat(),
        Col.END_DATE: published.isoformat(),
        Col.GRANULARITY: Granularity.DAY,
        Col.ENTITY_IDS: [],
        Col.KIND: EventKind.PUBLICATION,
        LEMMAS: set(),
    }


def _records_by_sentence(frame: pd.DataFrame, order: str | None = None) -> dict[tuple, list[dict]]:
    """Rows of ``frame`` as records grouped by (article_id, sentence_id), each group in frame order
    or sorted by the column ``order`` exactly as ``group.sort_values(order)`` sorts it."""
    if frame.empty:
        return {}
    records = frame.to_dict("records")
    values = frame[order].to_numpy() if order else None
    grouped = {}
    for key, positions in frame.groupby([Col.ARTICLE_ID, Col.SENTENCE_ID]).indices.items():
        if order:
            positions = positions[np.argsort(values[positions], kind="quicksort")]
        grouped[key] = [records[i] for i in positions]
    return grouped


def article_events(
    articles: pd.DataFrame, sentences: pd.DataFrame, dates: pd.DataFrame, mentions: pd.DataFrame
) -> list[dict]:
    """One article's events (its rows of each table): its publication, then its dated clauses in
    sentence order, numbered within the article, so an article's events never change when another
    article comes or goes (the build caches them per article)."""
    if articles.empty:
        return []
    article = next(articles.itertuples(index=False))
    own = prose(sentences)
    publication = _publication_event(article, own)
    events = [publication] if publication else []
    by_sentence = _records_by_sentence(dates)
    names = _records_by_sentence(names_only(mentions), order=Col.START)
    for sentence in own.itertuples(index=False):
        key = (sentence.article_id, sentence.sentence_id)
        if key in by_sentence:
            found = sorted(by_sentence[key], key=lambda d: d[Col.START])
            events += _sentence_events(sentence, found, names.get(key, []))
    for number, event in enumerate(events):
        event[Col.EVENT_ID] = f"{event[Col.ARTICLE_ID]}#{number:03d}"
    return events


def cluster_events(events_by_article: dict[str, list[dict]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``events`` and ``event_clusters`` tables: every article's events (in article order),
    grouped across sources."""
    events = [
        dict(event) for article_id in sorted(events_by_article) for event in events_by_article[article_id]
    ]
    roots, ids = cluster_ids(events)
    for event, root in zip(events, roots, strict=True):
        event[Col.CLUSTER_ID] = ids[root]
    columns = list(TABLES[EVENTS].columns)
    table = validate(EVENTS, pd.DataFrame([{c: e[c] for c in columns} for e in events], columns=columns))
    return table, clusters_table(events, ids, roots)
