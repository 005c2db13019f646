"""Knowledge of the world behind names, from maintained sources, for naming entities in English and
typing them: places (``places``: CLDR, pycountry, GeoNames), people's names (``people``: Latin
spellings of name words from Wikidata), institutions (``institutions``: a glossary of institutional
vocabulary with Russian word order). ``analysis.nlp.gazetteer`` keeps the places' older entry points."""
