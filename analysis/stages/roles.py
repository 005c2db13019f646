"""Each country's role in the story pack's agreement, per article, read from the text by lemma rules.

The roles hinge on a handful of Russian constructions (who signed or joined, who mediated, who may
join, who had a treaty before, whose process is unfinished), so rules over lemmas and case generalise
better than a model trained on a few articles. The rules are the shapes; the story pack
(``analysis.core.story``) gives their words, the role codes and the agreement. The pack's table of public
facts is joined afterwards only to flag where an article departs from the record; it never fills a
role in. Without a pack, no roles.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from analysis.core.document import Document, Sentence, Token
from analysis.core.lexicon import rows
from analysis.core.schema import ROLES, Col, validate
from analysis.core.story import StoryPack
from analysis.nlp.agreement import AGREEMENT_HEADS, Vocabulary, YearExpr, read_agreement, vocabulary

# Grammar the rules share, whatever the story: "до этого (момента)" dates the time before the
# agreement; "потом/затем" puts a country after the year before it; "соответственно" pairs in order.
PRIOR_OBJECTS = frozenset({"этот", "это", "тот", "то", "момент"})
SEQUENCE = frozenset({"потом", "затем", "позже", "впоследствии"})
RESPECTIVELY = "соответственно"


class Modality:
    """How a sentence states a party's role (the ``modality`` column of roles), strongest first:
    the difference between "планирует присоединиться", "ожидается, что … присоединится", "объявил о
    присоединении" and "присоединился" is often the news itself."""

    DENIED = "denied"
    EXPECTED = "expected"
    PLANNED = "planned"
    ANNOUNCED = "announced"
    DONE = "done"


def _modality_cues() -> dict[str, frozenset[str]]:
    """Modality -> its cue lemmas, in the order a sentence is tested (``roles_modalities``)."""
    found: dict[str, set[str]] = {}
    for cue, name in rows("roles_modalities"):
        found.setdefault(name, set()).add(cue)
    return {name: frozenset(cues) for name, cues in found.items()}


MODALITIES = _modality_cues()
_NOUNS = {"NOUN", "PROPN"}
_SKIP_POS = {"PUNCT", "CCONJ", "PART", "ADV", "ADJ", "DET", "NUM"}
_ROW_COLUMNS = [
    Col.ARTICLE_ID,
    Col.SENTENCE_ID,
    Col.START,
    Col.END,
    Col.COUNTRY,
    Col.ENTITY_ID,
    Col.ISO3,
    Col.ROLE,
    Col.MODALITY,
    Col.YEAR,
    Col.EVIDENCE,
]


@dataclass(frozen=True)
class Country:
    """A mention of a country (or of a capital standing for it) inside a sentence."""

    start: int
    end: int
    entity_id: str
    name: str
    iso3: str
    index: int  # first token of the mention within the sentence


def sentence_role(tokens: tuple[Token, ...], has_years: bool, words: Vocabulary) -> str:
    """The role a sentence about the agreement gives its countries, most specific cue first."""
    lemmas = [t.key for t in tokens]
    found = set(lemmas)
    if words.unfinished and _incomplete(lemmas, words):
        return words.unfinished
    if words.prior and has_years and _prior(lemmas, words) and words.have & found:
        return words.prior
    signing = _signing(found, words)
    if words.prospect and (words.prospect_nouns & found or (signing and words.prospect_modals & found)):
        return words.prospect
    return words.party if signing else ""


def modality(tokens: tuple[Token, ...], words: Vocabulary) -> str:
    """How the sentence states a party's role: denied ("не присоединился", "отказался"), expected,
    planned (a cue, or a signing verb in the future tense), announced, else done. A reporting verb
    after a comma ("…, сообщил министр") attributes the sentence; it announces nothing."""
    keys = [t.key for t in tokens]
    signing = words.join | words.sign_verbs | words.sign_nouns
    if any(key == "не" and signing & set(keys[i + 1 : i + 3]) for i, key in enumerate(keys)):
        return Modality.DENIED
    for name, cues in MODALITIES.items():
        if any(
            key in cues and (name != Modality.ANNOUNCED or i == 0 or keys[i - 1] != ",")
            for i, key in enumerate(keys)
        ):
            return name
    if any(t.key in signing and "Tense=Fut" in t.feats for t in tokens):
        return Modality.PLANNED
    return Modality.DONE


def _signing(found: set[str], words: Vocabulary) -> bool:
    return bool(
        words.join & found
        or words.sign_nouns & found
        or words.sign_verbs & found
        or (words.relation_verbs & found and words.relation_nouns & found)
    )


def _incomplete(lemmas: list[str], words: Vocabulary) -> bool:
    negated = any(
        lemma == "не" and words.completion & set(lemmas[i + 1 : i + 3]) for i, lemma in enumerate(lemmas)
    )
    return negated or bool(words.started) and words.started <= set(lemmas)


def _prior(lemmas: list[str], words: Vocabulary) -> bool:
    objects = PRIOR_OBJECTS | AGREEMENT_HEADS | words.sign_nouns
    return any(lemma == "до" and objects & set(lemmas[i + 1 : i + 3]) for i, lemma in enumerate(lemmas))


def _slot(tokens: tuple[Token, ...], index: int) -> tuple[str, Token | None]:
    """How a mention attaches: ``core`` argument, ``of`` a noun (genitive), or ``prep:<lemma>``."""
    case = tokens[index].case
    if case == "Nom" or index == 0:
        return "core", None
    previous = tokens[index - 1]
    if case == "Gen" and previous.pos in _NOUNS:
        return "of", previous
    for tok in reversed(tokens[:index]):
        if tok.pos == "ADP":
            return f"prep:{tok.lemma}", tok
        if tok.pos in _SKIP_POS or (tok.pos in _NOUNS and tok.case in ("Gen", case)):
            continue
        break
    return "core", None


def _mention_role(tokens: tuple[Token, ...], country: Country, role: str, words: Vocabulary) -> str:
    """This country's role in the sentence, or '' when it is only a bystander (a leader's country,
    a place of a meeting, the partner in somebody else's treaty)."""
    slot, head = _slot(tokens, country.index)
    mediator_as_predicate = any(t.key in words.intermediary_nouns and t.case == "Ins" for t in tokens)
    if words.intermediary and (
        (slot == "of" and head.key in words.intermediary_nouns) or (slot == "core" and mediator_as_predicate)
    ):
        return words.intermediary
    if not role:
        return ""
    if slot == "core":
        return role
    if slot == "of":
        return role if head.key in words.cue_nouns or (head.animate and head.case == "Nom") else ""
    if slot == "prep:между":
        return role if role == words.party else ""
    bilateral = any(t.pos == "VERB" and t.key in words.sign_verbs | words.relation_verbs for t in tokens)
    return role if slot == "prep:с" and role == words.party and bilateral else ""


def _pair_years(tokens: tuple[Token, ...], countries: list[Country], years: list[YearExpr]) -> list[str]:
    """Year of each country: in order with "соответственно", else the closest year before it unless
    "потом/затем" puts the country later than that year; ranges date the series, not a country."""
    singles = [y for y in years if not y.is_range]
    if not singles:
        return [""] * len(countries)
    if any(t.lemma == RESPECTIVELY for t in tokens) and len(singles) == len(countries):
        return [str(y.first) for y in singles]
    paired = []
    for country in countries:
        before = [y for y in singles if y.end <= country.start]
        year = before[-1] if before else singles[0]
        later = any(t.lemma in SEQUENCE and year.end <= t.start < country.start for t in tokens)
        paired.append("" if later else str(year.first))
    return paired


def _countries(sentence: Sentence, by_id: pd.DataFrame) -> list[Country]:
    """Mentions of countries or capitals in the sentence, mapped to the country entity."""
    found = []
    for row in sentence.mentions:
        entity = by_id.loc[row.entity_id] if row.entity_id in by_id.index else None
        if entity is None or not entity[Col.ISO3]:
            continue
        country_id = entity[Col.COUNTRY_ENTITY_ID] or row.entity_id
        country = by_id.loc[country_id] if country_id in by_id.index else entity
        index = next((i for i, t in enumerate(sentence.tokens) if t.start >= row.start), None)
        if index is not None:
            found.append(Country(row.start, row.end, country_id, country[Col.NAME], entity[Col.ISO3], index))
    return found


def _sentence_rows(
    sentence: Sentence, countries: list[Country], years: list[YearExpr], published: str, words: Vocabulary
) -> Iterable[dict]:
    role = sentence_role(sentence.tokens, bool(years), words)
    roles = [_mention_role(sentence.tokens, c, role, words) for c in countries]
    kept = [(c, r) for c, r in zip(countries, roles, strict=True) if r]
    paired = _pair_years(sentence.tokens, [c for c, r in kept if r != words.intermediary], years)
    joined = any(t.key in words.join for t in sentence.tokens)
    stated = modality(sentence.tokens, words) if words.party in roles else ""
    year_of = iter(paired)
    for country, country_role in kept:
        year = "" if country_role == words.intermediary else next(year_of)
        slot, _ = _slot(sentence.tokens, country.index)
        if country_role == words.party and not years and joined and not slot.startswith("prep:"):
            year = published[:4]  # an undated accession is the news of the publication day
        yield {
            Col.ARTICLE_ID: sentence.article_id,
            Col.SENTENCE_ID: sentence.sentence_id,
            Col.START: country.start,
            Col.END: country.end,
            Col.COUNTRY: country.name,
            Col.ENTITY_ID: country.entity_id,
            Col.ISO3: country.iso3,
            Col.ROLE: country_role,
            Col.MODALITY: stated if country_role == words.party else "",
            Col.YEAR: year,
            Col.EVIDENCE: sentence.text,
        }


def role_mentions(
    documents: dict[str, Document], entities: pd.DataFrame, dates: pd.DataFrame, pack: StoryPack | None
) -> pd.DataFrame:
    """Every country mention that a sentence about the pack's agreement gives a role, before aggregation."""
    agreement = read_agreement(documents, dates, pack)
    if not agreement.entity_id:
        return pd.DataFrame(columns=_ROW_COLUMNS)
    words = vocabulary(pack)
    by_id = entities.drop(columns=[Col.LATITUDE, Col.LONGITUDE]).fillna("").set_index(Col.ENTITY_ID)
    rows: list[dict] = []
    for article_id, article in agreement.articles.items():
        years = agreement.years[article_id]
        published = documents[article_id].published or ""
        for sentence in article:
            if sentence.sentence_id not in agreement.about[article_id] or not sentence.mentions:
                continue
            countries = _countries(sentence, by_id)
            found = years.get(sentence.sentence_id, [])
            rows.extend(_sentence_rows(sentence, countries, found, published, words))
    return pd.DataFrame(rows, columns=_ROW_COLUMNS)


def extract_roles(
    documents: dict[str, Document],
    entities: pd.DataFrame,
    dates: pd.DataFrame,
    story: StoryPack | None = None,
) -> pd.DataFrame:
    """One row per article, country and role the article gives it, with the best evidence sentence."""
    found = role_mentions(documents, entities, dates, story)
    reference = story.reference if story else pd.DataFrame(columns=["iso3", "role", "date"])
    return validate(ROLES, _compare(_best_evidence(found), reference))


def _best_evidence(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep one row per article, country and role: a dated one first, then the earliest."""
    ordered = frame.assign(_undated=frame[Col.YEAR] == "").sort_values(
        [Col.ARTICLE_ID, Col.ENTITY_ID, Col.ROLE, "_undated", Col.SENTENCE_ID]
    )
    return (
        ordered.drop_duplicates([Col.ARTICLE_ID, Col.ENTITY_ID, Col.ROLE])
        .drop(columns="_undated")
        .reset_index(drop=True)
    )


def _compare(frame: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Add ``contested`` (articles disagree on role or year) and the reference columns."""
    roles = frame.groupby(Col.ENTITY_ID)[Col.ROLE].nunique()
    years = (
        frame[frame[Col.YEAR] != ""]
        .groupby([Col.ENTITY_ID, Col.ROLE])[Col.YEAR]
        .nunique()
        .groupby(Col.ENTITY_ID)
        .max()
    )
    contested = (roles > 1) | years.reindex(roles.index, fill_value=0).gt(1)
    record = reference.drop_duplicates("iso3").set_index("iso3")
    reference_role = frame[Col.ISO3].map(record["role"]).fillna("")
    reference_year = frame[Col.ISO3].map(record["date"].str[:4]).fillna("")
    differs = (reference_role != "") & (
        (frame[Col.ROLE] != reference_role) | ((frame[Col.YEAR] != "") & (frame[Col.YEAR] != reference_year))
    )
    return frame.assign(
        **{
            Col.CONTESTED: frame[Col.ENTITY_ID].map(contested).fillna(False).astype(bool),
            Col.REFERENCE_ROLE: reference_role,
            Col.DIFFERS_FROM_REFERENCE: differs.astype(bool),
        }
    )
