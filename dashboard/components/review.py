"""The quality report on About: four counts, then each list in an expander, as a table with a download."""

from __future__ import annotations

import streamlit as st

from analysis.core.review import LONE, MIXED, STRAY_LIST, TRANSLITERATED, Review
from dashboard.components import widgets

# What each list of ``Review.lists`` means for the analyst, by its heading.
MEANING = {
    TRANSLITERATED: "No knowledge source (the corpus's Latin spellings, CLDR, GeoNames, "
    "ISO 3166-2, the name lists, the glossary, the story pack) names these in English: the English name is "
    "a transliteration of the Russian, and an English reader may know the name otherwise.",
    MIXED: "Entities whose mentions carry two types, and persons and places sharing a name word "
    "across the corpus: a person's name holding a place named elsewhere, or a place that is a word of a "
    "person's name. Either may be a place glued to a name or a name taken for a place.",
    STRAY_LIST: "Spellings that share no word, acronym or sound pattern with "
    "the entity's name, even through its other spellings: another name may have been merged into it. Names "
    "of countries and unions (CLDR) are not judged.",
    LONE: "Places with one mention in the whole corpus, those no source knows first: a "
    "single reading is the likeliest to be wrong (a common noun, a surname), and the Map draws it anyway.",
}


def review_section(report: Review) -> None:
    """The counts in a row of metrics, then one expander per list (its meaning, then its table)."""
    counts = report.counts()
    for column, (heading, count) in zip(st.columns(len(counts)), counts.items(), strict=True):
        share = (
            f"{count / report.n_entities:.0%} of {report.n_entities} entities" if report.n_entities else ""
        )
        column.metric(heading, count, help=share or None)
    for heading, frame in report.lists().items():
        with st.expander(f"{heading} ({len(frame)})"):
            st.caption(MEANING[heading])
            if frame.empty:
                st.caption("None in these tables.")
            else:
                widgets.table(frame, heading.lower())
