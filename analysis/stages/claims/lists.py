"""Figures in lists: "1. Михаил Саакашвили — 52,1 % (922774 голоса) 2. Леван Гачечиладзе — 24,98 %
...", "... проведут в колонии 3 года, Олег Гнедчик — 3,5 года".

- **Named items.** A figure right after a dash that follows a name ("Саакашвили — 52,1 %"), and a
  figure in brackets right after such a figure ("(922774 голоса)"), is a claim about that name.
  What it measures is the list's heading when one stands just before it (a line with no verb:
  "Предварительные результаты", whose words may make the figures expected: ``timing``), else the
  dash itself (``DASH``), or the sentence's earlier figure of the same kind when it has one ("...
  проведут в колонии 3 года, Олег Гнедчик — 3,5 года": ``quantities``). Such figures are results
  told as news: their moment is the publication's.
"""

from __future__ import annotations

from analysis.core.codes import ClaimModality, EntityType
from analysis.core.document import Document, Mention, Sentence
from analysis.nlp.grammars.quantities import Quantity
from analysis.stages.claims.timing import EXPECTATIONS

DASHES = {"—", "–", "-"}
DASH = "—"  # the predicate of a named item with no heading: "A — 29"
HEADING_WORDS = 12  # a heading is short


def _mention_ending(sentence: Sentence, position: int) -> Mention | None:
    """The mention whose last token is at ``position``."""
    index = sentence.token_mentions[position] if position >= 0 else None
    if index is None:
        return None
    mention = sentence.mentions[index]
    return mention if mention.end == sentence.tokens[position].end else None


def item_name(sentence: Sentence, quantity: Quantity, found: list[Quantity]) -> Mention | None:
    """The name a list item's figure is given for: "Саакашвили — 52,1 %", and the bracketed
    figure after it, "(922774 голоса)"."""
    tokens, before = sentence.tokens, quantity.token_start - 1
    if before >= 1 and tokens[before].text == "(":
        earlier = next((q for q in found if q.token_end == before), None)
        return None if earlier is None else item_name(sentence, earlier, found)
    if before < 1 or tokens[before].text not in DASHES:
        return None
    mention = _mention_ending(sentence, before - 1)
    return mention if mention is not None and mention.type != EntityType.LOC else None


def _item_like(sentence: Sentence) -> bool:
    """A sentence holding a list item: a dash right before a number."""
    tokens = sentence.tokens
    return any(a.text in DASHES and b.text[:1].isdigit() for a, b in zip(tokens, tokens[1:], strict=False))


def heading(document: Document, sentence: Sentence) -> tuple[str, str]:
    """(the measure's lemma, modality) of the list a sentence belongs to: the first noun of the short
    verbless sentence before its items ("Предварительные результаты"), else the dash."""
    prose = list(document.prose)
    index = next((i for i, s in enumerate(prose) if s is sentence), 0)
    for earlier in reversed(prose[:index]):
        words = [t for t in earlier.tokens if t.pos != "PUNCT"]
        if _item_like(earlier):
            continue  # an earlier item of the same list
        if len(words) > HEADING_WORDS or any(t.pos in ("VERB", "AUX") for t in words):
            break
        noun = next((t.lemma for t in words if t.pos == "NOUN"), "")
        if noun:
            expected = any(t.lemma in EXPECTATIONS for t in words)
            return noun, ClaimModality.EXPECTED if expected else ""
        break
    return DASH, ""
