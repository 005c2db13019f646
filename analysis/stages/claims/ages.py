"""A person's age as a claim ("51-летняя католичка Асия Биби", "Асии Биби 54 года"): a count of
years under ``quantity:возраст:year``, its moment the year the article was published (ages grow;
with no publication date, an ``UNKNOWN`` moment: compared with nothing).
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
from analysis.stages.claims.timing import UNKNOWN

AGE = re.compile(r"(\d{1,3})-летн", re.IGNORECASE)  # "51-летняя", "46-летней"
AGE_REACH = 6  # words from an age to the name it qualifies ("46-летней матери пятерых детей Азии Биби")
BARE_AGE = re.compile(r"\d{1,3}")  # "Асия Биби ..., 51, родилась"
MIN_AGE, MAX_AGE = 1, 120


def _aged(where: Context, sentence: Sentence, position: int) -> Mention | None:
    """The person an age ("51-летняя") qualifies: the first name of its noun phrase ("51-летняя
    католичка Асия Биби"), else the person its first noun stands for ("50-летнюю мать"); nothing
    for a thing ("30-летний опыт")."""
    tokens, noun = sentence.tokens, None
    for at in range(position + 1, min(len(tokens), position + 1 + AGE_REACH)):
        index = sentence.token_mentions[at]
        if index is not None:
            mention = sentence.mentions[index]
            thing = noun is not None and not tokens[noun].animate  # "150-летний юбилей ... Дарвина"
            return mention if mention.type == EntityType.PER and not thing else None
        if tokens[at].pos not in ("ADJ", "NOUN", "NUM", "DET"):
            break
        if tokens[at].pos == "NOUN" and noun is None:
            noun = at
    if noun is None or not tokens[noun].animate:
        return None
    person = resolve(where, sentence, noun)
    return person if person is not None and person.type == EntityType.PER else None


def _apposed_age(sentence: Sentence, position: int) -> Mention | None:
    """The person a bare number set off by commas after a name is the age of ("Асия Биби (настоящее
    имя Асия Норин), 51, родилась ...")."""
    tokens = sentence.tokens
    if (
        not 0 < position < len(tokens) - 1
        or tokens[position - 1].text != ","
        or tokens[position + 1].text != ","
    ):
        return None
    before = position - 2
    if before >= 0 and tokens[before].text == ")":  # the name's bracketed aside
        while before >= 0 and tokens[before].text != "(":
            before -= 1
        before -= 1
    index = sentence.token_mentions[before] if before >= 0 else None
    mention = None if index is None else sentence.mentions[index]
    return mention if mention is not None and mention.type == EntityType.PER else None


def age_claims(
    document: Document, where: Context, sentence: Sentence, names: dict[str, str]
) -> Iterator[dict]:
    """A person's age as the text gives it ("51-летняя католичка Асия Биби", "Асия Биби ..., 51,"):
    a count of years, dated by the year the article was published (ages grow)."""
    for position, token in enumerate(sentence.tokens):
        found = AGE.match(token.text)
        if found:
            person, age = _aged(where, sentence, position), float(found.group(1))
        elif BARE_AGE.fullmatch(token.text) and MIN_AGE <= int(token.text) <= MAX_AGE:
            person, age = _apposed_age(sentence, position), float(token.text)
        else:
            continue
        if person is not None and person.entity_id in names:
            yield age_row(document, sentence, (person, names), (token.text, token.start, token.end), age)


def age_at(sentence: Sentence, quantity: Quantity) -> Mention | None:
    """The person "в возрасте N лет" gives the age of: the name nearest before it in the sentence
    ("Андрей Варичев умер в возрасте 52 лет")."""
    tokens, first = sentence.tokens, quantity.token_start
    if (
        quantity.unit != "year"
        or first < 2
        or tokens[first - 1].lemma != "возраст"
        or tokens[first - 2].lemma != "в"
    ):
        return None
    people = [m for m in sentence.mentions if m.type == EntityType.PER and m.end <= tokens[first - 2].start]
    return people[-1] if people else None


def age_row(
    document: Document,
    sentence: Sentence,
    person: tuple[Mention, dict[str, str]],
    value: tuple,
    age: float,
    year: str = "",
) -> dict:
    """The claims row of a person's age: ``person`` is the mention and the names of the entities,
    ``value`` the age as written (text, start, end); ``year`` the year the age is for when the
    clause names one ("скончалась в 2016 году в возрасте 92 лет"), else the publication's."""
    mention, names = person
    moment = year or document.published[:4] or UNKNOWN
    subject_ = (names[mention.entity_id], mention.entity_id)
    attribute = ("quantity:возраст:year", "возраст · year")
    claim = Claim(ClaimKind.QUANTITY, subject_, attribute, value, (age, age, "year", EXACT), (moment, ""))
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
