"""Citations and quotes: who each article attributes information to, and whom it quotes.

Both read the engine's tokens (lemma, POS, case) and the canonical mentions rather than raw
strings, so inflection, word order and look-alike letters ("Axiоs") do not hide a source. Cue
words are generic Russian reporting vocabulary (``analysis/lexicon``); no source name is listed.

- ``sources``: a cited name resolved to its canonical source, and the kind of source it is;
- ``attribution``: the attribution constructions of a sentence -> the ``citations`` table;
- ``quotes``: quotations framed by speech, their speakers and groups -> the ``quotes`` table.

Both stages are per article and read only the article; their ``finish`` runs once over the corpus's
rows and resolves what needs the corpus (canonical names, types, aliases, outlets; one kind per
source; quotation groups), so adding an article analyses that article alone.
"""

from __future__ import annotations

from analysis.stages.citations.attribution import article_citations, citations_table
from analysis.stages.citations.quotes import article_quotes, group_quotes

__all__ = ["article_citations", "article_quotes", "citations_table", "group_quotes"]
