"""Codes the tables hold, as constants: stages and pages name them here, never by their spelling.

The codes are plain strings, so the tables stay readable by anything that reads Parquet; what an
analyst reads for each is in ``analysis.core.labels.CODES``.
"""

from __future__ import annotations


class EntityType:
    """The ``type`` of a mention or an entity."""

    PER = "PER"  # a person
    ORG = "ORG"  # an organisation
    LOC = "LOC"  # a place
    MISC = "MISC"  # anything else with a name: an agreement, a pipeline, an event

    ALL = (PER, ORG, LOC, MISC)


class MentionForm:
    """The ``mention_form`` of a mention: how the text names its entity."""

    NAME = "name"  # by a name ("Россия", "России", "РФ")
    ADJECTIVE = "adjective"  # by the adjective of a place ("российские власти"): never an alias of it

    ALL = (NAME, ADJECTIVE)


class NameSource:
    """Where an entity's English name (``name_en_source``) comes from: every source but the last is
    knowledge; a transliteration is only a guess, and the dashboard says so."""

    PACK = "pack"  # the story pack's [names]
    CORPUS = "corpus"  # the Latin spelling the corpus itself writes
    CLDR = "cldr"  # a country, region or organisation CLDR names (Babel, pycountry)
    GEONAMES = "geonames"  # a city GeoNames names
    SUBDIVISION = "subdivision"  # a state or province (ISO 3166-2, pycountry)
    NAMES = "names"  # a person's name words, each spelt as English writers spell it (Wikidata)
    GLOSSARY = "glossary"  # an institution's name translated word by word from the glossary
    TRANSLITERATION = "transliteration"  # transliterated from Russian: a guess
    ANALYST = "analyst"  # the analyst's correction (corrections.toml)

    ALL = (PACK, CORPUS, CLDR, GEONAMES, SUBDIVISION, NAMES, GLOSSARY, TRANSLITERATION, ANALYST)


class ClaimKind:
    """The ``kind`` of a claim."""

    QUANTITY = "quantity"  # a figure: what an entity measures, counts or did how many times
    DATE = "date"  # when an entity did something, as a recalled date
    ROLE = "role"  # a country's role in the story pack's agreement (and its year)
    SPAN = "span"  # the years of the story pack's agreement


class ClaimPredicate:
    """Predicates the claims stage writes itself in a quantity's attribute (the others are the
    clause's own words)."""

    WHERE = "в"  # a standing count of the places something is in ("работает в 33 странах")


class ClaimModality:
    """The ``modality`` of a claim: how its sentence states the figure."""

    FACT = ""  # stated as done, or as standing
    EXPECTED = "expected"  # future, forecast, plan or possibility, or dated after the publication
    ANNOUNCED = "announced"  # an action announced by a noun ("объявила об отмене 190 рейсов")


class Relation:
    """The ``relation`` of a discrepancy: what its disagreeing claims are to each other."""

    CONTRADICTION = "contradiction"  # sources disagree about the same moment
    UPDATE = "update"  # an expected or interim figure, then another: the figure changed in the telling


class Boilerplate:
    """``sentences.boilerplate``: what kind of text a line or passage is ("" for prose)."""

    PROSE = ""
    PHOTO_CREDIT = "photo_credit"
    WIDGET = "widget"
    HEADING = "heading"
    REPEATED = "repeated"  # text repeated across the corpus's articles (build/boilerplate.py)
    FOOTER = "footer"  # a site's notice closing one article: its copyright line (build/boilerplate.py)
