"""Places by their Russian names: the entry points older callers use, kept here; the knowledge lives
in ``analysis.nlp.knowledge.places`` (countries and regions from CLDR and pycountry, cities from
GeoNames, states and provinces from ISO 3166-2)."""

from analysis.nlp.knowledge.places import (
    CLDR_ORGANISATIONS,
    Place,
    PlaceKind,
    abbreviations,
    capitals,
    cities,
    city,
    countries,
    country,
    english_country_name,
    english_organisation_name,
    known_place,
    lookup,
    organisation,
    organisations,
    regions,
    state,
    subdivision,
    subdivisions,
    without_state_form,
)

__all__ = [
    "CLDR_ORGANISATIONS",
    "Place",
    "PlaceKind",
    "abbreviations",
    "capitals",
    "cities",
    "city",
    "countries",
    "country",
    "english_country_name",
    "english_organisation_name",
    "known_place",
    "lookup",
    "organisation",
    "organisations",
    "regions",
    "state",
    "subdivision",
    "subdivisions",
    "without_state_form",
]
