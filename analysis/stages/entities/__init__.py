"""Canonical entities: repair engine spans with corpus evidence, normalise, merge, name in English.

Raw engine spans go through four steps, one module each:
1. ``spans``: named agreements ("Парижские соглашения", "соглашения Осло") and numbered names of
   things ("Восточный мост-2") become MISC mentions, replacing the PER/ORG/LOC guesses engines make
   for them or their parts; engine errors that the corpus itself disproves are fixed (a common noun
   tagged PER that "writes" is an outlet; an adjective tagged LOC is the name of the noun after it);
   one type per name across the corpus (a lone "place" that is a person's surname elsewhere is that
   person, the unnumbered name of a numbered thing is a thing); ``spread`` tags the other
   occurrences of a tagged name; ``adjectives``: a place's adjective ("российские власти") is a
   mention of the place (``mention_form`` `adjective`), its normal form the place's name;
2. ``normal``: each mention in the nominative;
3. ``merge`` (with ``acronyms``): mentions grouped: same country code or CLDR organisation, same
   folded name, spellings of one name (``sound_key``: transliterations, Latin and Cyrillic),
   acronym and long form, short and full names of a person or an organisation, same agreement or
   numbered name (and its acronym with the number, "ВМ-2"), a name and its bracketed alias;
4. ``english``: each group's type, canonical name and English name.

The work is split in two so that a build can cache the first part per article (``model`` holds what
they pass each other): ``article.article_part`` is a pure function of one article (its text, tokens
and engine mentions) that does everything that depends on that article alone (agreements, the
adjective repairs, normal forms), and ``corpus.merge_corpus`` does what needs the whole corpus
(which one-word "persons" are outlets, spreading names, merging, naming). ``corpus.canonicalize``
runs both over a corpus; every step is linear in the corpus or blocked on a key (a name's first
word, a folded name, initials, a surname).
"""

from analysis.stages.entities.article import article_part
from analysis.stages.entities.corpus import merge_corpus

__all__ = ["article_part", "merge_corpus"]
