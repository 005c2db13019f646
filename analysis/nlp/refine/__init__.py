"""Post-processing of engine entity spans: boundary repair, dictionary types, document consistency.

slovnet's spans follow its training data; news-analysis conventions (factRuEval's, measured in
``analysis.tools.evaluate.factru``) differ in predictable ways that token rules can fix:

- a bracketed alias, a line break or a bullet ends a name ("Комитет защиты журналистов (КЗЖ)");
- a legal form or descriptor is not part of a quoted name ("ОАО «ВымпелКом»" -> "ВымпелКом"), a
  quoted name after an organisation word is an organisation ("движение «Солидарность»"), and one
  after a word for a vehicle or work is not ("корабль «Союз»");
- an abbreviation of a common noun or a disease's name is no name ("СМИ", "УК", "COVID-19"), and a
  platform people post in is a product there ("написал в Twitter"), and a Latin name after a word
  for a work or an award names the work ("премии Grammy");
- dictionaries settle types where they are sure: pycountry/CLDR places are LOC, the EU and the UN
  and what OpenCorpora (pymorphy3) knows only as an organisation are ORG;
- descriptive institution names ("российское министерство финансов") and при/по complements
  ("Следственный комитет при прокуратуре") are organisations, and so is an organisation's name with
  the place in the genitive after it ("Верховный суд Индии", as BSNLP annotates it; naeval's
  reading of factRuEval splits it into ORG and LOC);
- an abbreviated kind of organisation ("ИА Reuters"), capitalised function words ("Если Вы") and an
  adjective before a Latin brand ("немецкая Lufthansa") are not part of a name; a name a place noun
  introduces or heads ("аэропорт «Шереметьево»", "Пулковский аэропорт") is a place, and a compass
  adjective before a place is part of it ("западной Европы");
- a name in quotes is not the place it is named after ("гибели «Колумбии»"), a name after a person's
  title is a person ("архиепископ Лонгин Клинский"), and an ordinal makes an institution a name
  ("13-й долговременной экспедиции");
- an acronym naming a facility is a place ("МКС"), a compound abbreviation of an institution is an
  organisation ("Мосгоризбиркому"), so is a compound with a word for news that reports ("Викиновости
  сообщали"), and a member's word is not part of an organisation's name ("Член общественного совета");
- one document uses one reading of a name: a string tagged once is tagged everywhere, and the type
  most of its mentions got wins ("Свиридове" is PER when "Егор Свиридов" is).

Every rule takes and returns the spans of one text; tokens come from its sentences. The rules live
by what they repair (``boundaries``, ``quotes``, ``dictionary``, ``places``, ``consistency``,
``organisations``; ``tokens`` holds what they share); ``RULES`` is the order they run in. Their word
lists are lexicon files (``analysis/lexicon/refine_*.txt``); no list comes from evaluation documents.
"""

from __future__ import annotations

from analysis.nlp.base import Sentence, Span
from analysis.nlp.refine.boundaries import (
    drop_domain_zones,
    drop_function_words,
    initialled_names,
    split_at_separators,
    strip_legal_forms,
    strip_sentence_openers,
)
from analysis.nlp.refine.consistency import propagate, vote_types
from analysis.nlp.refine.dictionary import (
    common_abbreviations,
    dictionary_types,
    platforms_as_media,
    titled_persons,
)
from analysis.nlp.refine.organisations import (
    compound_institutions,
    descriptive_institutions,
    extend_organisations,
    facility_acronyms,
    institutions_of_places,
    media_compounds,
    member_words,
    organisation_complements,
    organisation_places,
    parenthesised_aliases,
    site_names,
)
from analysis.nlp.refine.places import (
    compass_places,
    division_names,
    group_names,
    place_words,
    quoted_not_places,
)
from analysis.nlp.refine.quotes import latin_works, quoted_names

# The rules in the order they run: each reads the spans the ones before it left.
RULES = (
    split_at_separators,
    drop_domain_zones,
    strip_sentence_openers,
    quoted_names,
    drop_function_words,
    strip_legal_forms,
    common_abbreviations,
    dictionary_types,
    facility_acronyms,
    media_compounds,
    member_words,
    compound_institutions,
    place_words,  # after dictionary_types: "штата Вермонт" is a place, whatever OpenCorpora says
    quoted_not_places,
    compass_places,
    division_names,
    group_names,
    titled_persons,
    initialled_names,
    vote_types,
    propagate,
    platforms_as_media,
    latin_works,
    extend_organisations,
    descriptive_institutions,
    organisation_complements,
    institutions_of_places,
    organisation_places,
    site_names,
    parenthesised_aliases,
)


def refine_spans(text: str, sentences: list[Sentence], spans: list[Span]) -> list[Span]:
    """Return the spans of ``text`` after boundary repairs and document-level consistency."""
    for rule in RULES:
        spans = rule(text, sentences, spans)
    return spans
