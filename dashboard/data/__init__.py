"""The only place the dashboard reads data: the tables of the data folder, read once, narrowed to the
sidebar's selection and derived into what pages show. Pages import what they use from its modules:

- ``load``: the ``Dataset`` (tables read once and checked against the schema; the largest on disk,
  queried with DuckDB; a memo of what pages derive) and the build's manifest.
- ``filters``: the sidebar selection (``Filters``) and every table narrowed to it, as the schema's
  ``Filtering`` of each table declares.
- ``articles``: article labels and sources, one article's rows, the sentences rows come from;
  ``layers``: what the article view lays over an article's text.
- ``entities``: entity names, mentions in context, per article and together.
- ``search``: entity search by any spelling and by sound; ``fulltext``: sentences holding a phrase.
- ``places``: the countries the articles name, who names them, the map's outlines.
- ``story``: the story pack, the corpus in a sentence, claims in words, discrepancies.
- ``sources``: citations, similarity, story elements, aligned sentences.
- ``frames``: small helpers over frames the modules above share.

It imports ``analysis.core`` (pure Python) and ``dashboard.words``, never a component: components take
the DataFrames it returns.
"""
