"""Canonical entities: repair engine spans with corpus evidence, normalise, merge, name in English.

Raw engine spans go through four steps, each a small function:
1. ``find_agreements`` adds named agreements ("Авраамовы соглашения", "соглашения Авраама") as
   MISC, replacing the PER/ORG guesses engines make for them;
2. ``repair_spans`` fixes engine errors that the corpus itself disproves (a common noun tagged
   PER that "writes" is an outlet; an adjective tagged LOC is the name of the noun after it);
3. ``normal_form`` puts each mention in the nominative;
4. ``merge`` groups mentions: same country code, same folded name, acronym and long form,
   surname and full name, same agreement.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

import iuliia
import pandas as pd

from analysis import gazetteer
from analysis.nlp import morph
from analysis.schema import ENTITIES, MENTIONS, TABLES
from analysis.textnorm import acronym, fold

AGREEMENT_HEADS = {
    "соглашение",
    "договор",
    "договорённость",
    "договоренность",
    "пакт",
    "конвенция",
    "accords",
}
REPORTING_VERBS = {
    "писать",
    "сообщать",
    "сообщить",
    "передавать",
    "отмечать",
    "рассказывать",
    "информировать",
}
_NAME_GRAMMEMES = {"Name", "Surn", "Patr"}
_TYPE_PRIORITY = {"LOC": 0, "PER": 1, "ORG": 2, "MISC": 3}
_CASE_ENDING = re.compile(r"(ыми|ым|ом|ой|ою|ую|ого|ому|а|у|е|ы)$")
_ADJECTIVE_STEM = re.compile(r"(ов|ев|ин|ск)(ий|ый|ой|ая|ое|ые|ие|ы|а|о)?$")


@dataclass(frozen=True)
class Mention:
    article_id: str
    sentence_id: int
    start: int
    end: int
    text: str
    type: str
    tokens: tuple  # token rows (namedtuples from the tokens table) inside the span
    agreement: str = ""  # stem key for named agreements


def _tokens_by_sentence(tokens: pd.DataFrame) -> dict[tuple[str, int], list]:
    grouped: dict[tuple[str, int], list] = {}
    for row in tokens.sort_values(["article_id", "sentence_id", "token_id"]).itertuples(index=False):
        grouped.setdefault((row.article_id, row.sentence_id), []).append(row)
    return grouped


def _capitalised(text: str) -> bool:
    return text[:1].isupper()


def _case(token) -> str:
    return morph.parse_feats(token.feats).get("Case", "")


def find_agreements(sentence_tokens: dict[tuple[str, int], list], raw_text: dict[str, str]) -> list[Mention]:
    """Named agreements: capitalised adjective + agreement noun, or agreement noun + capitalised genitive."""
    found = []
    for (article_id, sentence_id), tokens in sentence_tokens.items():
        for i, token in enumerate(tokens[:-1]):
            following = tokens[i + 1]
            proper = head = None
            if following.lemma in AGREEMENT_HEADS and token.pos == "ADJ" and _capitalised(token.text):
                sentence_initial = i == 0 or tokens[i - 1].text in '«"“'
                if not sentence_initial or not morph.best_parse(token.text, token.pos, token.feats).is_known:
                    proper, head = token, following
            elif (
                token.lemma in AGREEMENT_HEADS
                and _capitalised(following.text)
                and following.pos in ("PROPN", "NOUN")
                and _case(following) == "Gen"
            ):
                head, proper = token, following
            if proper is None:
                continue
            start, end = min(proper.start, head.start), max(proper.end, head.end)
            stem = _ADJECTIVE_STEM.sub("", fold(proper.lemma))
            found.append(
                Mention(article_id, sentence_id, start, end, raw_text[article_id][start:end], "MISC",
                        (token, following), f"{head.lemma}:{stem}")
            )  # fmt: skip
    return found


def _is_common_noun(word: str, name_grammemes: set[str] = _NAME_GRAMMEMES) -> bool:
    """A word the dictionary knows, none of whose readings carries one of ``name_grammemes``."""
    parses = morph.parses(word)
    return (
        bool(parses) and parses[0].is_known and not any(name_grammemes & set(p.tag.grammemes) for p in parses)
    )


def _surname_stem(word: str) -> str:
    return _CASE_ENDING.sub("", fold(word))


def repair_spans(mentions: list[Mention], sentence_tokens: dict, outlets: set[str]) -> list[Mention]:
    """Fix engine errors that the corpus disproves; drop spans with no evidence of being names.

    A one-word PER that is a dictionary common noun ("Фокус") stays a person only if the corpus
    also names someone with that word inside a longer name ("Касым-Жомарт Токаев" for "Токаев").
    """
    full_name_words = {
        _surname_stem(t.text) for m in mentions if m.type == "PER" and len(m.tokens) > 1 for t in m.tokens
    }
    repaired = []
    for mention in mentions:
        tokens = sentence_tokens.get((mention.article_id, mention.sentence_id), [])
        after = [t for t in tokens if t.start >= mention.end]
        if (
            mention.type == "PER"
            and len(mention.tokens) == 1
            and _surname_stem(mention.text) not in full_name_words
            and _is_common_noun(mention.text)
        ):
            reports = bool(after) and after[0].lemma in REPORTING_VERBS
            if reports or fold(mention.text) in outlets:
                repaired.append(replace(mention, type="ORG"))
            continue
        if (
            mention.type in ("LOC", "ORG")
            and mention.tokens
            and all(t.pos == "ADJ" for t in mention.tokens)
            and after
            and after[0].pos == "NOUN"
            and after[0].text.islower()
        ):
            noun = after[0]
            repaired.append(
                replace(mention, end=noun.end, type="MISC", tokens=(*mention.tokens, noun),
                        text=mention.text + " " * (noun.start - mention.end) + noun.text)
            )  # fmt: skip
            continue
        repaired.append(mention)
    return repaired


_FUNCTION_POS = {"CONJ", "PREP", "PRCL", "NPRO", "ADVB", "INTJ", "NUMR", "PRED"}
_OPENERS = set('«"“„(—–-:')
_ENDS = set(".!?…")


def _capitalised_inside_sentences(sentence_tokens: dict) -> set[str]:
    """Words the corpus writes with a capital inside sentences (not after a sentence or quotation
    opening) more often than in lower case: a capital there is evidence of a name, a sentence-initial
    one is not, and a word mostly written in lower case ("забастовка") is a common word even where
    scraped page furniture runs it into a sentence."""
    capitalised, lower = Counter(), Counter()
    for tokens in sentence_tokens.values():
        for previous, token in zip([None, *tokens], tokens, strict=False):
            if token.text.islower():
                lower[token.text] += 1
            elif previous is not None and _capitalised(token.text) and previous.text not in _OPENERS | _ENDS:
                capitalised[token.text] += 1
    return {word for word, count in capitalised.items() if count > lower[word.lower()]}


def _name_like(words: tuple[str, ...], inside_caps: set[str]) -> bool:
    """Whether a tagged word sequence may be spread to its other occurrences. Not a number, nor a
    sequence opened by a function word ("Если Вы"), nor one dictionary word ("Забастовка", "После")
    that the corpus never capitalises inside a sentence: one wrong tag would otherwise become
    dozens."""
    if not any(ch.isalpha() for ch in "".join(words)):
        return False
    first = morph.parses(words[0])
    if first and first[0].is_known and first[0].tag.POS in _FUNCTION_POS:
        return False
    if len(words) > 1:
        return True
    return words[0] in inside_caps or not _is_common_noun(
        words[0], _NAME_GRAMMEMES | {"Geox", "Orgn", "Abbr"}
    )


def propagate(mentions: list[Mention], sentence_tokens: dict, raw_text: dict[str, str]) -> list[Mention]:
    """Tag every other occurrence of a tagged name: the engine's context-dependent misses.

    A capitalised word sequence tagged as a name somewhere in the corpus is that name wherever
    it stands (same letters, same case, whole tokens), unless another mention already covers it.
    """
    inside_caps = _capitalised_inside_sentences(sentence_tokens)
    names: dict[tuple[str, ...], str] = {}
    for mention in mentions:
        words = tuple(t.text for t in mention.tokens)
        if (
            words
            and all(_capitalised(w) for w in words if w.isalpha())
            and not mention.agreement
            and _name_like(words, inside_caps)
        ):
            names.setdefault(words, mention.type)
    # Blocked on the first word: a position is compared only with the names that start with its word,
    # in the order the names were found (the first that fits and overlaps no mention is taken).
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, etype in names.items():
        by_first.setdefault(words[0], []).append((words, etype))
    taken: dict[str, list[tuple[int, int]]] = {}
    for mention in mentions:
        taken.setdefault(mention.article_id, []).append((mention.start, mention.end))
    added = []
    for (article_id, sentence_id), tokens in sentence_tokens.items():
        texts = [t.text for t in tokens]
        for i, text in enumerate(texts):
            for words, etype in by_first.get(text, ()):
                if tuple(texts[i : i + len(words)]) != words:
                    continue
                start, end = tokens[i].start, tokens[i + len(words) - 1].end
                spans = taken.setdefault(article_id, [])
                if any(s < end and start < e for s, e in spans):
                    continue
                spans.append((start, end))
                inside = tuple(tokens[i : i + len(words)])
                added.append(
                    Mention(
                        article_id, sentence_id, start, end, raw_text[article_id][start:end], etype, inside
                    )
                )
    return mentions + added


def _recase(new: str, old: str) -> str:
    if old.isupper() and len(old) > 1:
        return new.upper()
    new_parts, old_parts = new.split("-"), old.split("-")
    if len(new_parts) != len(old_parts):
        return new[:1].upper() + new[1:] if _capitalised(old) else new
    return "-".join(
        n[:1].upper() + n[1:] if _capitalised(o) else n for n, o in zip(new_parts, old_parts, strict=True)
    )


def normal_form(mention: Mention) -> str:
    """The mention in the nominative: a person's every word; otherwise up to the head noun."""
    words = [t for t in mention.tokens if any(ch.isalpha() for ch in t.text)]
    if not words:
        return mention.text
    if mention.type == "PER":
        last = len(words) - 1
    else:
        last = next((i for i, t in enumerate(words) if t.pos in ("NOUN", "PROPN")), len(words) - 1)
    head = words[last]
    head_parse = morph.best_parse(head.text, head.pos, head.feats)
    gender = head_parse.tag.gender
    # One plural word makes the whole noun phrase plural ("Авраамовы соглашения", not "соглашение").
    plural = mention.type != "PER" and any(
        morph.parse_feats(t.feats).get("Number") == "Plur" for t in words[: last + 1]
    )
    text = mention.text
    for token in reversed(words[: last + 1]):
        form = morph.nominative(token.text, token.pos, token.feats, gender=gender, plural=plural)
        local = token.start - mention.start
        text = text[:local] + _recase(form, token.text) + text[local + len(token.text) :]
    return text


def _union(parent: dict, a, b) -> None:
    root_a, root_b = _find(parent, a), _find(parent, b)
    if root_a != root_b:
        parent[max(root_a, root_b)] = min(root_a, root_b)


def _find(parent: dict, key):
    while parent.setdefault(key, key) != key:
        key = parent[key]
    return key


def _base_key(mention: Mention, normal: str) -> tuple:
    if mention.agreement:
        return ("agreement", mention.agreement)
    place = gazetteer.lookup(normal) if mention.type in ("LOC", "ORG") else None
    if place and place.kind == "country":
        return ("country", place.iso3)
    return ("name", fold(normal))


def merge(mentions: list[Mention], normals: list[str]) -> list[tuple]:
    """One group key per mention, after merging acronyms and surnames into their long forms."""
    keys = [_base_key(m, n) for m, n in zip(mentions, normals, strict=True)]
    parent: dict = {}
    for key in keys:
        _find(parent, key)
    long_forms: dict[str, set] = {}
    surnames: dict[str, set] = {}
    for mention, normal, key in zip(mentions, normals, keys, strict=True):
        words = normal.split()
        if len(words) > 1:
            for size in range(2, len(words) + 1):
                long_forms.setdefault(acronym(" ".join(words[:size])), set()).add(key)
            if mention.type == "PER":
                surnames.setdefault(fold(words[-1]), set()).add(key)
    for mention, normal, key in zip(mentions, normals, keys, strict=True):
        if len(normal.split()) != 1:
            continue
        if normal.isupper() and len(normal) > 1 and len(long_forms.get(normal, ())) == 1:
            _union(parent, key, next(iter(long_forms[normal])))
        elif mention.type == "PER" and len(surnames.get(fold(normal), ())) == 1:
            _union(parent, key, next(iter(surnames[fold(normal)])))
    return [_find(parent, key) for key in keys]


def _nominative_surface(mention: Mention) -> bool:
    return all(_case(t) in ("Nom", "") for t in mention.tokens)


def _canonical_name(members: list[tuple[Mention, str]]) -> str:
    """Prefer full names over acronyms and surnames, then forms seen in the nominative, then frequency."""
    variants = Counter(normal for _, normal in members)
    full = [n for n in variants if not (n.isupper() and len(n) > 1)] or list(variants)
    most_words = max(len(n.split()) for n in full)
    if any(m.type == "PER" for m, _ in members):
        full = [n for n in full if len(n.split()) == most_words]
    attested = {n for m, n in members if m.agreement and _nominative_surface(m)}
    if attested:
        full = [n for n in full if n in attested] or full
    by_fold: dict[str, list[str]] = {}
    for name in full:
        by_fold.setdefault(fold(name), []).append(name)
    best = max(by_fold.values(), key=lambda names: (sum(variants[n] for n in names), len(names[0]), names[0]))
    return max(best, key=lambda n: ("ё" in n.lower(), variants[n], n))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _english(name: str, place: gazetteer.Place | None) -> str:
    if place and place.name_en:
        return place.name_en
    if not re.search(r"[а-яё]", name, re.IGNORECASE):
        return name
    return iuliia.WIKIPEDIA.translate(name)


def canonicalize(
    articles: pd.DataFrame, sentences: pd.DataFrame, tokens: pd.DataFrame, raw_mentions: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tables ``mentions`` and ``entities`` from the engine's raw mentions and tokens."""
    raw_text = dict(zip(articles["article_id"], articles["raw_text"], strict=True))
    outlets = {fold(o) for o in articles["outlet"] if o}
    sentence_tokens = _tokens_by_sentence(tokens)
    agreements = find_agreements(sentence_tokens, raw_text)
    mentions = []
    for row in raw_mentions.itertuples(index=False):
        if any(
            a.article_id == row.article_id and a.start < row.end and row.start < a.end for a in agreements
        ):
            continue
        inside = tuple(
            t
            for t in sentence_tokens.get((row.article_id, row.sentence_id), [])
            if row.start <= t.start and t.end <= row.end
        )
        mentions.append(
            Mention(row.article_id, row.sentence_id, row.start, row.end, row.text, row.type, inside)
        )
    mentions = propagate(
        repair_spans(mentions, sentence_tokens, outlets) + agreements, sentence_tokens, raw_text
    )
    mentions.sort(key=lambda m: (m.article_id, m.start))
    normals = [normal_form(m) for m in mentions]
    keys = merge(mentions, normals)

    groups: dict[tuple, list[tuple[Mention, str]]] = {}
    for mention, normal, key in zip(mentions, normals, keys, strict=True):
        groups.setdefault(key, []).append((mention, normal))
    entity_rows, entity_of, used_ids = [], {}, set()
    for key in sorted(groups, key=str):
        members = groups[key]
        types = Counter(m.type for m, _ in members)
        etype = min(types, key=lambda t: (-types[t], _TYPE_PRIORITY[t]))
        name = _canonical_name(members)
        place = gazetteer.lookup(name) if etype in ("LOC", "ORG") else None
        if key[0] == "country":
            place = gazetteer.Place(key[1], "country", gazetteer.english_country_name(key[1]))
            etype = "LOC"
        name_en = _english(name, place)
        entity_id = f"{etype.lower()}:{_slug(name_en)}"
        while entity_id in used_ids:
            entity_id += "-2"
        used_ids.add(entity_id)
        entity_of[key] = (entity_id, etype)
        entity_rows.append(
            {
                "entity_id": entity_id,
                "name": name,
                "name_en": name_en,
                "type": etype,
                "iso3": place.iso3 if place else "",
                "country_entity_id": ("country", place.iso3) if place and place.kind == "capital" else "",
                "aliases": sorted({m.text for m, _ in members}),
                "n_mentions": len(members),
                "n_articles": len({m.article_id for m, _ in members}),
            }
        )
    for row in entity_rows:
        link = row["country_entity_id"]
        row["country_entity_id"] = entity_of[link][0] if link in entity_of else ""
    mention_rows = [
        (m.article_id, m.sentence_id, m.start, m.end, m.text, entity_of[key][1], entity_of[key][0], normal)
        for m, normal, key in zip(mentions, normals, keys, strict=True)
    ]
    mentions_df = pd.DataFrame(mention_rows, columns=list(TABLES[MENTIONS].columns))
    entities_df = pd.DataFrame(entity_rows, columns=list(TABLES[ENTITIES].columns))
    entities_df = entities_df.sort_values(
        ["n_mentions", "entity_id"], ascending=[False, True], ignore_index=True
    )
    return mentions_df, entities_df
