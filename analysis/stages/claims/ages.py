"""A person's age as a claim ("51-летняя католичка Асия Биби", "Асии Биби 54 года"): a count of
years under ``quantity:возраст:year#<year of publication>`` (ages grow).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analysis.core.codes import ClaimKind, EntityType
from analysis.core.document import Document, Mention, Sentence
from analysis.nlp.clauses import stretch
from analysis.nlp.grammars.quantities import EXACT, Quantity
from analysis.stages.claims.predicates import governing_verb
from analysis.stages.claims.rows import Claim, claim_row
from analysis.stages.claims.subjects import Context, resolve
from analysis.stages.claims.syntax import head_of

AGE = re.compile(r"(\d{1,3})-летн", re.IGNORECASE)  # "51-летняя", "46-летней"
AGE_REACH = 6  # words from an age to the name it qualifies ("46-летней матери пятерых детей Азии Биби")


def _aged(where: Context, sentence: Sentence, position: int) -> Mention | None:
    """The person an age ("51-летняя") qualifies: the first name of its noun phrase ("51-летняя
    католичка Асия Биби"), else the person its first noun stands for ("50-летнюю мать"); nothing
    for a thing ("30-летний опыт")."""
    tokens, noun = sentence.tokens, None
    for at in range(position + 1, min(len(tokens), position + 1 + AGE_REACH)):
        index = sentence.token_mentions[at]
        if index is not None:
            mention = sentence.mentions[index]
            return mention if mention.type == EntityType.PER else None
        if tokens[at].pos not in ("ADJ", "NOUN", "NUM", "DET"):
            break
        if tokens[at].pos == "NOUN" and noun is None:
            noun = at
    if noun is None or not tokens[noun].animate:
        return None
    person = resolve(where, sentence, noun)
    return person if person is not None and person.type == EntityType.PER else None


def age_claims(
    document: Document, where: Context, sentence: Sentence, names: dict[str, str]
) -> Iterator[dict]:
    """A person's age as the text gives it ("51-летняя католичка Асия Биби"): a count of years,
    dated by the year the article was published (ages grow)."""
    for position, token in enumerate(sentence.tokens):
        found = AGE.match(token.text)
        person = _aged(where, sentence, position) if found else None
        if person is not None and person.entity_id in names:
            age = float(found.group(1))
            yield age_row(document, sentence, (person, names), (token.text, token.start, token.end), age)


def age_row(
    document: Document, sentence: Sentence, person: tuple[Mention, dict[str, str]], value: tuple, age: float
) -> dict:
    """The claims row of a person's age: ``person`` is the mention and the names of the entities,
    ``value`` the age as written (text, start, end)."""
    mention, names = person
    year = document.published[:4]
    key, words = "quantity:возраст:year", ["возраст", "year"]
    if year:
        key, words = f"{key}#{year}", [*words, year]
    subject_ = (names[mention.entity_id], mention.entity_id)
    claim = Claim(ClaimKind.QUANTITY, subject_, (key, " · ".join(words)), value, (age, age, "year", EXACT))
    return claim_row(sentence, claim)


def dative_age(sentence: Sentence, quantity: Quantity) -> Mention | None:
    """ "Асии Биби 54 года": a person in the dative right before a number of years, no verb."""
    if quantity.unit != "year" or quantity.qualifier != EXACT or quantity.token_start == 0:
        return None
    index = sentence.token_mentions[quantity.token_start - 1]
    if index is None or sentence.mentions[index].type != EntityType.PER:
        return None
    span = stretch(sentence, quantity.token_start, quantity.token_end - 1)
    if governing_verb(sentence, span, quantity.token_start, quantity.token_end - 1) is not None:
        return None
    mention = sentence.mentions[index]
    return mention if head_of(sentence, mention).case in ("Dat", "Gen") else None  # "Асии": either
