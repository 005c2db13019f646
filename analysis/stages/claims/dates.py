"""Date claims: when a sentence says an entity did something ("её приговорили к смертной казни в
2010 году" against "в 2009 году").

A resolved date of the timeline that the text writes in full (a point or a period, not a duration,
not a bound such as "до 10 октября", not one computed from the publication date such as "три года
назад") becomes a claim when its clause has a verb for an event (perfective or past: a state
"работает с 2010 года" has no single date) and a subject entity found by the rules of
``analysis.stages.claims.subjects``. The value is the date's interval in ordinal days, so "в 2010 году"
and "в ноябре 2010 года" agree, "в 2009 году" does not. Precision over recall: a clause without a
clear verb or subject gives nothing.

A day written with its month ("24 октября", "31 октября 2018 года") of an act done to a person (a
passive's subject, an active verb's accusative name or pronoun: "Верховный суд Пакистана оправдал
Асию Биби") is a claim about that person even in the week it happened: a person is acquitted or
freed once, so two days for it disagree, while a strike or a cancellation, done to no person,
recurs. Such acts done to a person are keyed on the person whoever did them.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left

import pandas as pd

from analysis.core.codes import ClaimKind, EntityType
from analysis.core.document import Mention, Sentence
from analysis.core.lexicon import words
from analysis.core.schema import Col
from analysis.nlp.clauses import stretch
from analysis.nlp.grammars.quantities import EXACT, RANGE
from analysis.stages.claims.predicates import Predicate, governing_verb, is_event, stem
from analysis.stages.claims.rows import Claim, claim_row
from analysis.stages.claims.subjects import (
    PASSIVE,
    PRONOUNS,
    Context,
    clause_subject,
    person_before,
    referent,
    subject,
)
from analysis.stages.claims.syntax import mention_at
from analysis.stages.claims.timing import ANNOUNCEMENTS

RECALLED_DAYS = 31
LIGHT_VERBS = words("claims_light_verbs")  # "Обвинения ... были выдвинуты": the noun is the act


def _tokens_of(sentence: Sentence, start: int, end: int) -> range:
    """Positions of the sentence's tokens inside [start, end)."""
    starts = [token.start for token in sentence.tokens]
    first = bisect_left(starts, start)
    last = first
    while last < len(sentence.tokens) and sentence.tokens[last].end <= end:
        last += 1
    return range(first, last)


def _interval(row) -> tuple[float, float, str, str]:
    low = float(dt.date.fromisoformat(row.start_date).toordinal())
    high = float(dt.date.fromisoformat(row.end_date).toordinal())
    return low, high, "day", EXACT if low == high else RANGE


def _recalled(row, published: str) -> bool:
    """Whether a date ends at least RECALLED_DAYS before the article's publication: a past fact
    the article recalls. Events being reported as they happen repeat (a strike on the 10th,
    another on the 28th) and outlets rarely disagree on their day; the recalled past is where
    they do ("приговорили в 2010 году" against "в 2009 году")."""
    try:
        day = dt.date.fromisoformat(published)
    except ValueError:
        return False
    return (day - dt.date.fromisoformat(row.end_date)).days >= RECALLED_DAYS


def _written_day(row, published: str) -> bool:
    """A day the text writes with its number and month ("31 октября", "24 октября", "30 октября
    2018 года"; not "в среду" or "вчера"), not after the article's publication."""
    written = any(c.isdigit() for c in row.text) and row.granularity == "day"
    return (
        written
        and row.anchor in ("absolute", "publication")
        and bool(published)
        and (row.end_date <= published)
    )


def _done_to_person(
    where: Context, sentence: Sentence, span: tuple[int, int], found: Predicate, skip: range
) -> Mention | None:
    """The person an event is done to: a passive verb's subject ("Биби была освобождена 8
    ноября"), an active one's accusative (``_object_person``). A person is acquitted or freed
    once, so outlets giving different days for it disagree; a strike or a cancellation is not done
    to a person and recurs."""
    if PASSIVE in sentence.tokens[found.position].feats:  # its nominative, not its agent
        about = clause_subject(where, sentence, span, found, skip) or subject(
            where, sentence, span, found, skip
        )
    else:
        about = _object_person(where, sentence, span, found.position, skip)
    return about if about and about.type == EntityType.PER else None


def _object_person(
    where: Context, sentence: Sentence, span: tuple[int, int], verb: int, skip: range
) -> Mention | None:
    """The person an active verb's first accusative stands for, with no other verb between them
    ("просил президента помиловать Биби": Биби is помиловать's): a name ("оправдал Асию Биби"), a
    personal pronoun (the nearest earlier person agreeing with it, ``subjects.person_before``: "В
    2011 году ее приговорили"), or a noun for a person with no name after it ("Женщину обвинили",
    the woman named before; not "президента Пакистана")."""
    tokens = sentence.tokens
    for position in range(*span):
        if position in skip or position == verb or tokens[position].case != "Acc":
            continue
        lo, hi = sorted((verb, position))
        if any(tokens[p].pos == "VERB" for p in range(lo + 1, hi)):
            continue
        index = sentence.token_mentions[position]
        if index is not None:
            return sentence.mentions[index]
        if tokens[position].pos == "PRON" and tokens[position].lemma in PRONOUNS:
            return person_before(where, sentence, position)
        named_after = position + 1 < len(tokens) and tokens[position + 1].pos in ("NOUN", "PROPN")
        if tokens[position].pos == "NOUN" and tokens[position].animate and not named_after:
            return referent(where, sentence, position)
    return None


def _own_act(sentence: Sentence, span: tuple[int, int], found: Predicate, acts: tuple) -> bool:
    """Whether an active verb's act is its subject's rather than its object's: a person does it
    ("он посетил Асию Биби", "патриарх Кирилл просил"). ``acts``: the clause's subject
    (``subjects.subject``) and the person it is done to."""
    agent, done_to = acts
    if done_to is None or PASSIVE in sentence.tokens[found.position].feats:
        return False
    if agent and agent.entity_id != done_to.entity_id and agent.type == EntityType.PER:
        return True
    tokens = sentence.tokens[span[0] : found.position]
    return any(t.lemma in PRONOUNS and t.case == "Nom" for t in tokens)  # "он посетил"


def _about(
    where: Context, sentence: Sentence, span: tuple[int, int], found: Predicate, told: tuple[range, bool]
) -> Mention | None:
    """Whom a date claim is about: the person the act is done to; else, for a recalled date, the
    clause's subject. ``told``: the date's tokens and whether it is recalled (``_recalled``)."""
    skip, recalled = told
    done_to = _done_to_person(where, sentence, span, found, skip)
    agent = subject(where, sentence, span, found, skip)
    if _own_act(sentence, span, found, (agent, done_to)):
        done_to = None  # "В ноябре 2010 года он посетил Асию Биби": his visit, not her date
    return done_to or (agent if recalled and agent else None)


def _action_noun(
    where: Context, sentence: Sentence, span: tuple[int, int], verb: int
) -> tuple[Predicate, Mention] | None:
    """A light verb's noun of action and the person it is against: "Обвинения против Биби (против
    нее) были выдвинуты в 2009 году" -> ("обвинение", Асия Биби), one act with "её обвинили"."""
    tokens = sentence.tokens
    if tokens[verb].lemma not in LIGHT_VERBS:
        return None
    nouns = [p for p in range(*span) if tokens[p].pos == "NOUN" and tokens[p].case in ("Nom", "Acc")]
    against = [p for p in range(*span) if tokens[p].lemma == "против" and p + 1 < span[1]]
    if not nouns or not against:
        return None
    target = against[0] + 1
    mention = mention_at(sentence, target)
    if mention is None and tokens[target].lemma in PRONOUNS:
        mention = person_before(where, sentence, target)
    if mention is None or mention.type != EntityType.PER:
        return None
    return Predicate(tokens[nouns[0]].lemma, nouns[0], False), mention


def _past_insertion(sentence: Sentence, span: tuple[int, int]) -> tuple[tuple[int, int], int | None]:
    """A clause with a date and no verb, whose verb comes after an insertion set off by commas
    ("В 2012 году Николя Саркози, занимавший пост президента Франции, заявил, что ..."): the two
    clauses as one and that verb (the first word after the insertion), or no verb."""
    tokens = sentence.tokens
    close = next((p for p in range(span[1] + 1, len(tokens)) if tokens[p].text == ","), None)
    if span[1] >= len(tokens) or tokens[span[1]].text != "," or close is None or close + 1 >= len(tokens):
        return span, None
    inserted = tokens[span[1] + 1 : close]
    if any(t.pos == "VERB" and "VerbForm=Fin" in t.feats for t in inserted):
        return span, None
    after = stretch(sentence, close + 1, close + 1)
    finite = tokens[close + 1].pos == "VERB" and "VerbForm=Fin" in tokens[close + 1].feats
    verb = close + 1 if finite else None  # not a participle: "адвоката, защищавшего Асию Биби,"
    return ((span[0], after[1]) if verb is not None else span), verb


def _said_what(sentence: Sentence, verb: int) -> str | None:
    """For a verb of saying ("заявил, что готов предоставить ... убежище"), "~" and the first
    accusative common noun of what was said ("~убежище"): a statement's date is compared only
    with the same statement's; "" when that noun is not found; None for any other verb."""
    tokens = sentence.tokens
    if tokens[verb].lemma not in ANNOUNCEMENTS:
        return None
    that = next((p for p in range(verb + 1, len(tokens)) if tokens[p].lemma == "что"), None)
    if that is None:
        return ""
    for token, mention in zip(tokens[that + 1 :], sentence.token_mentions[that + 1 :], strict=True):
        if token.pos == "NOUN" and token.case == "Acc" and mention is None:
            return f"~{token.lemma}"
    return ""


def _date_claims(
    where: Context, sentence: Sentence, rows: list, names: dict[str, str], published: str
) -> list[dict]:
    """The date claims of a sentence's ``rows`` of the timeline (named tuples of ``dates``)."""
    claims = []
    for row in rows:
        recalled = _recalled(row, published) and row.anchor == "absolute"
        if not recalled and not _written_day(row, published):
            continue
        span_tokens = _tokens_of(sentence, row.start, row.end)
        if not span_tokens:
            continue
        span = stretch(sentence, span_tokens.start, span_tokens.stop - 1)
        verb = governing_verb(sentence, span, span_tokens.start, span_tokens.stop - 1)
        if verb is None:  # "В 2012 году Николя Саркози, занимавший пост ..., заявил"
            span, verb = _past_insertion(sentence, span)
        if (
            verb is None
            or not is_event(sentence.tokens[verb])
            or "VerbForm=Inf" in sentence.tokens[verb].feats
        ):
            continue  # an infinitive's act was not done: "призыва отменить закон"
        found = Predicate(sentence.tokens[verb].lemma, verb, True)
        said_what = _said_what(sentence, verb)
        if said_what == "":
            continue  # a statement's date, but what it said is not found

        action = _action_noun(where, sentence, span, verb)
        if action is not None:  # "Обвинения против Биби были выдвинуты": the accusation's date
            found, about = action
        else:
            about = _about(where, sentence, span, found, (span_tokens, recalled))
        if not about or about.entity_id not in names:
            continue
        said = Claim(
            ClaimKind.DATE,
            (names[about.entity_id], about.entity_id),
            (f"date:{stem(found.lemma)}{said_what or ''}", f"{found.lemma} · date"),
            (row.text, row.start, row.end),
            _interval(row),
        )
        claims.append(claim_row(sentence, said))
    return claims


def date_points(dates: pd.DataFrame) -> dict[str, dict[int, list]]:
    """The timeline's dates a date claim may be made of (resolved points and periods written in the
    text, no bound, not the discourse's), as named tuples by article and sentence, in the
    timeline's order: one pass, a frame per sentence costs more."""
    if dates.empty:
        return {}
    points = dates[
        dates[Col.RESOLVED].astype(bool)
        & (dates[Col.KIND] == "date")
        & (dates[Col.MOD] == "")
        & (dates[Col.ANCHOR] != "discourse")
    ]
    found: dict[str, dict[int, list]] = {}
    for row in points.itertuples(index=False):
        found.setdefault(row.article_id, {}).setdefault(row.sentence_id, []).append(row)
    return found


def article_date_claims(
    where: Context, names: dict[str, str], points: dict[int, list], published: str
) -> list[dict]:
    """Date claims of an article's prose sentences (``claims`` rows, kind ``date``): ``points`` its
    dates by sentence (``date_points``), ``names`` of the entities a claim may be about,
    ``published`` its publication date."""
    rows: list[dict] = []
    for sentence in where.prose:
        found = points.get(sentence.sentence_id)
        if found is not None:
            rows.extend(_date_claims(where, sentence, found, names, published))
    return rows
