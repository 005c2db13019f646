"""Span repair: the engine's spans fixed with the article's and the corpus's own evidence.

Named agreements ("Парижские соглашения", "соглашения Осло") and numbered names of things
("Восточный мост-2") become MISC mentions, replacing the PER/ORG/LOC guesses engines make for them
or their parts; a common noun tagged PER that "writes" is an outlet; an adjective tagged LOC is the
name of the noun after it; a lone "place" that is a person's surname elsewhere is that person; the
unnumbered name of a numbered thing is a thing; a name's bracketed alias ("(East Bridge 2)") is a
mention of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from analysis.core import lexicon
from analysis.core.codes import EntityType
from analysis.core.text import is_acronym
from analysis.nlp import gazetteer, morph
from analysis.stages.entities.model import (
    ADJECTIVE_STEM,
    NUMBERED,
    Mention,
    cached_fold,
    capitalised,
    case_of,
    is_common_noun,
    surname_stem,
)

AGREEMENT_HEADS = lexicon.words("agreement_heads")  # "соглашение", "договор", "пакт"
REPORTING_VERBS = lexicon.words("entities_reporting_verbs")  # "писать", "сообщить": what an outlet does


def find_agreements(sentence_tokens: dict[tuple[str, int], list], raw_text: dict[str, str]) -> list[Mention]:
    """Named agreements: capitalised adjective + agreement noun, or agreement noun + capitalised genitive."""
    found = []
    for (article_id, sentence_id), tokens in sentence_tokens.items():
        for i, token in enumerate(tokens[:-1]):
            following = tokens[i + 1]
            proper = head = None
            if following.lemma in AGREEMENT_HEADS and token.pos == "ADJ" and capitalised(token.text):
                sentence_initial = i == 0 or tokens[i - 1].text in '«"“'
                if not sentence_initial or not morph.best_parse(token.text, token.pos, token.feats).is_known:
                    proper, head = token, following
            elif (
                token.lemma in AGREEMENT_HEADS
                and capitalised(following.text)
                and following.pos in ("PROPN", "NOUN")
                and case_of(following) == "Gen"
            ):
                head, proper = token, following
            if proper is None:
                continue
            start, end = min(proper.start, head.start), max(proper.end, head.end)
            stem = ADJECTIVE_STEM.sub("", cached_fold(proper.lemma))
            found.append(
                Mention(article_id, sentence_id, start, end, raw_text[article_id][start:end], EntityType.MISC,
                        (token, following), f"{head.lemma}:{stem}")
            )  # fmt: skip
    return found


_DASHES = {"-", "‐", "–", "—"}
_LIST_MARKS = {",", ";", "%", ")"}


def _number_after(tokens: Sequence, i: int) -> tuple[str, int] | None:
    """(number, index of its token) of a name's number right after ``tokens[i]``, after a dash
    ("Восточный мост — 2") or alone ("Восточный мост 2 почти достроен"): one or two digits that
    neither count something ("мост 2 года назад") nor go on a list ("в Тверской области — 15, в
    ..."); None if there is none."""
    j = i + 1
    if j < len(tokens) and tokens[j].text in _DASHES:
        j += 1
    if j >= len(tokens) or not tokens[j].text.isdigit() or len(tokens[j].text) > 2:
        return None
    following = tokens[j + 1] if j + 1 < len(tokens) else None
    if following is not None and (following.pos == "NOUN" or following.text in _LIST_MARKS):
        return None
    return tokens[j].text, j


def _sentence_initial(tokens: Sequence, i: int) -> bool:
    """Whether ``tokens[i]`` opens its sentence (after an opening quote or dash at most)."""
    return i == 0 or (i == 1 and not any(ch.isalnum() for ch in tokens[0].text))


def find_numbered_names(
    sentence_tokens: dict[tuple[str, int], list], raw_text: dict[str, str]
) -> list[Mention]:
    """Names of things with a number: capitalised adjective + common noun + number ("Восточный
    мост-2", "Восточного моста — 2", "Восточный мост 2"), one MISC mention keyed by the adjective's
    stem, the noun's lemma and the number, so that every case and way of writing the number is one
    name (and the adjective is never a place of its own)."""
    found = []
    for (article_id, sentence_id), tokens in sentence_tokens.items():
        for i, token in enumerate(tokens[:-1]):
            noun = tokens[i + 1]
            if (
                token.pos != "ADJ"
                or not capitalised(token.text)
                or noun.pos != "NOUN"
                or not noun.text.islower()
            ):
                continue
            joined = NUMBERED.fullmatch(noun.text)
            if joined:
                word, number, last = joined.group(1), joined.group(2), i + 1
            else:  # a number apart, after no capital that only opens the sentence, nor a place
                # where something is counted ("в Псковской области — 3")
                apart = not _sentence_initial(tokens, i) and case_of(noun) != "Loc"
                after = _number_after(tokens, i + 1) if apart else None
                if after is None:
                    continue
                (number, last), word = after, noun.text
            start, end = token.start, tokens[last].end
            stem = ADJECTIVE_STEM.sub("", cached_fold(token.lemma))
            found.append(
                Mention(article_id, sentence_id, start, end, raw_text[article_id][start:end], EntityType.MISC,
                        tuple(tokens[i : last + 1]), f"{morph.lemma(word)}:{stem}:{number}")
            )  # fmt: skip
    return found


def name_words_of(mentions: Iterable[Mention]) -> set[str]:
    """Surname stems of every word of the multi-word persons: evidence that a word is a name."""
    return {
        surname_stem(t.text)
        for m in mentions
        if m.type == EntityType.PER and len(m.tokens) > 1
        for t in m.tokens
    }


def repair_in_article(mention: Mention, tokens: list) -> tuple[Mention, bool | None]:
    """The part of ``repair_spans`` that reads one sentence: (the mention, an adjective span
    extended to its noun; whether a reporting verb follows, for a one-word PER that is a dictionary
    common noun, whose fate the corpus decides, else None)."""
    after = [t for t in tokens if t.start >= mention.end]
    if mention.type == EntityType.PER and len(mention.tokens) == 1 and is_common_noun(mention.text):
        return mention, bool(after) and after[0].lemma in REPORTING_VERBS
    if (
        mention.type in (EntityType.LOC, EntityType.ORG)
        and mention.tokens
        and all(t.pos == "ADJ" for t in mention.tokens)
        and after
        and after[0].pos == "NOUN"
        and after[0].text.islower()
    ):
        noun = after[0]
        return replace(mention, end=noun.end, type=EntityType.MISC, tokens=(*mention.tokens, noun),
                       text=mention.text + " " * (noun.start - mention.end) + noun.text), None  # fmt: skip
    return mention, None


def surnames_of(mentions: Iterable[Mention]) -> set[str]:
    """Surname stems of the multi-word persons (their last word)."""
    return {
        surname_stem(m.tokens[-1].text) for m in mentions if m.type == EntityType.PER and len(m.tokens) > 1
    }


def person_not_place(mention: Mention, normal: str, surnames: set[str]) -> bool:
    """Whether a one-word "place" is the surname of a person the corpus names in full and no place
    the gazetteer knows ("Одер", a river to OpenCorpora, beside "Иван Одер", however the engine read
    it: one type per entity)."""
    return (
        mention.type == EntityType.LOC
        and len(mention.tokens) == 1
        and surname_stem(mention.text) in surnames
        and gazetteer.lookup(normal) is None
        and cached_fold(normal) not in gazetteer.regions()
    )


def _family(mention: Mention) -> str:
    """The key a numbered name's unnumbered form would have: "мост:восточн" for "Восточному мосту"
    (a capitalised adjective and a common noun), else "" (so for a one-token mention, as most are)."""
    if len(mention.tokens) < 2:
        return ""
    words = [t for t in mention.tokens if any(ch.isalpha() for ch in t.text)]
    if (
        len(words) != 2
        or words[0].pos != "ADJ"
        or not capitalised(words[0].text)
        or not words[1].text.islower()
    ):
        return ""
    return f"{words[1].lemma}:{ADJECTIVE_STEM.sub('', cached_fold(words[0].lemma))}"


def unnumbered_thing(mention: Mention, families: set[str]) -> Mention:
    """A numbered name's family without its number is a thing too, never a place or an organisation:
    "Восточный мост" where the corpus writes "Восточный мост-2" (one MISC name across its cases)."""
    family = _family(mention) if mention.type != EntityType.PER and not mention.agreement else ""
    return (
        replace(mention, type=EntityType.MISC, agreement=family) if family in families and family else mention
    )


def repair_in_corpus(
    mention: Mention, reports: bool | None, full_name_words: set[str], outlets: set[str]
) -> Mention | None:
    """The corpus's part of ``repair_spans``: a one-word common-noun "person" the corpus never names
    in a longer name is an outlet (ORG) when it reports or is a known outlet, else no name at all."""
    if reports is None or surname_stem(mention.text) in full_name_words:
        return mention
    if reports or cached_fold(mention.text) in outlets:
        return replace(mention, type=EntityType.ORG)
    return None


def repair_spans(mentions: list[Mention], sentence_tokens: dict, outlets: set[str]) -> list[Mention]:
    """Fix engine errors that the corpus disproves; drop spans with no evidence of being names.

    A one-word PER that is a dictionary common noun ("Фокус") stays a person only if the corpus
    also names someone with that word inside a longer name ("Олаф Шольц" for "Шольц").
    """
    full_name_words = name_words_of(mentions)
    repaired = []
    for mention in mentions:
        local, reports = repair_in_article(
            mention, sentence_tokens.get((mention.article_id, mention.sentence_id), [])
        )
        kept = repair_in_corpus(local, reports, full_name_words, outlets)
        if kept is not None:
            repaired.append(kept)
    return repaired


_CLOSING_QUOTES = {"»", "”", '"', "“"}


def _alias_words(tokens: Sequence) -> bool:
    """Whether bracketed tokens are another name of what precedes them: Latin words opening with a
    capital ("East Bridge 2", "Amnesty International") or one acronym ("МА", "AI")."""
    words = [t.text for t in tokens if any(ch.isalnum() for ch in t.text)]
    if not words or len(words) != len(tokens):
        return False
    if len(words) == 1 and is_acronym(words[0]):
        return True
    return capitalised(words[0]) and all(w.isascii() for w in words)


def bracketed_aliases(
    named: list[Mention], sentence_tokens: dict[tuple[str, int], list], text: str
) -> tuple[list[Mention], list[tuple[tuple[int, int], tuple[int, int]]]]:
    """Organisations and things given another name in brackets right after them ("«Восточный мост —
    2» (East Bridge 2)", "Международная амнистия (Amnesty International)"): the bracketed name as a mention
    of the same type where none stands, and the pairs of their (start, end), for ``merge`` to join.
    A place is nobody's alias ("Reuters (США)")."""
    taken = {(m.start, m.end): m.type for m in named}
    added, links = [], []
    for mention in named:
        if mention.type not in (
            EntityType.ORG,
            EntityType.MISC,
        ):  # "Вашингтон (США)", "Иван Петров (ЛДПР)": no alias
            continue
        tokens = sentence_tokens.get((mention.article_id, mention.sentence_id), [])
        i = next((k for k, t in enumerate(tokens) if t.start >= mention.end), len(tokens))
        while i < len(tokens) and tokens[i].text in _CLOSING_QUOTES:
            i += 1
        if i >= len(tokens) or tokens[i].text != "(":
            continue
        close = next((k for k in range(i + 1, min(len(tokens), i + 7)) if tokens[k].text == ")"), None)
        inner = tokens[i + 1 : close] if close else []
        if not _alias_words(inner) or gazetteer.lookup(text[inner[0].start : inner[-1].end]):
            continue
        start, end = inner[0].start, inner[-1].end
        if taken.get((start, end), mention.type) != mention.type:
            continue
        if (start, end) not in taken:
            if any(m.start < end and start < m.end for m in named + added):
                continue
            added.append(Mention(mention.article_id, mention.sentence_id, start, end, text[start:end],
                                 mention.type, tuple(inner)))  # fmt: skip
            taken[start, end] = mention.type
        links.append(((mention.start, mention.end), (start, end)))
    return added, links
