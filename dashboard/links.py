"""Links that survive sharing: what an analyst would share lives in the URL as stable ids.

Streamlit's ``bind="query-params"`` writes a widget's display label into the URL
(``entity=Ivan Petrov · Иван Петров (PER)``), rejects an id pasted there, and a
link to another page drops it. Here a widget is seeded from the URL whenever the URL holds values
this session did not write (a pasted address, a link from another page) and the URL is rewritten
from the widget on every run, as ids. An older link's labels, and ids of entities renamed since,
are mapped back where they can be; what cannot is left out and named in a note under the widget.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import partial

import iuliia
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from analysis.core.schema import Col, entity_id_for
from analysis.core.text import fold
from dashboard.components.text import md

WRITTEN = "_links"  # session state: query parameter -> the values this session last put in the URL
# The sidebar filters' query parameters (``dashboard.sidebar``): a link to another page carries them along.
FILTERS = SOURCE, ENTITY, TYPE, DATES = ("source", "entity", "type", "dates")
# Compare: the two articles, and the sentences a link asks it to show (``ARTICLE_ID:SENTENCE_ID`` each).
LEFT, RIGHT, SENTENCE = "a", "b", "sentence"

Resolved = tuple[list[str], list[str]]  # (ids found, values of the link that match nothing)


# --- reading a link (pure) ------------------------------------------------------------------------


def known(values: Iterable[str], labels: Mapping[str, str]) -> Resolved:
    """``values`` as keys of ``labels`` (id -> label): an id stays, a label (an older link's) becomes its
    id; the rest is returned apart. Order kept, duplicates dropped."""
    by_label = {label: key for key, label in labels.items()}
    found = {value: value if value in labels else by_label.get(value) for value in values}
    ids = [key for key in found.values() if key is not None]
    return list(dict.fromkeys(ids)), [value for value, key in found.items() if key is None]


# An entity choice as ``data.entities.entity_label`` words it: "English · Russian (type)".
LABEL = re.compile(r"^(?P<english>.*) · (?P<russian>.*) \((?P<type>[^()]*)\)$")


def entity_keys(entities: pd.DataFrame) -> dict[tuple[str, str], str]:
    """What an older link may hold for an entity -> its id, keys that would name two entities left out:
    ``(type, folded name)`` and ``("", folded name)`` (any type) for its Russian name, English name and
    every form seen in the corpus; ``("id", id)`` for the id it had while its English name was the
    transliteration of its Russian one."""
    keys: dict[tuple[str, str], set[str]] = {}
    for row in entities.itertuples(index=False):
        names = [getattr(row, Col.NAME), getattr(row, Col.NAME_EN), *getattr(row, Col.ALIASES)]
        etype, entity_id = getattr(row, Col.TYPE), getattr(row, Col.ENTITY_ID)
        for kind in (etype, ""):
            for name in names:
                keys.setdefault((kind, fold(name)), set()).add(entity_id)
        old_id = entity_id_for(etype, iuliia.WIKIPEDIA.translate(getattr(row, Col.NAME)))
        keys.setdefault(("id", old_id), set()).add(entity_id)
    return {key: next(iter(ids)) for key, ids in keys.items() if len(ids) == 1}


def _renamed(value: str, keys: Mapping[tuple[str, str], str]) -> str | None:
    """The entity a link's label or id names in a build where its names are other (``entity_keys``):
    a label by its Russian name, then its English one, of its type, then of any."""
    label = LABEL.match(value)
    if not label:
        return keys.get(("id", value))
    tries = [(kind, fold(label[part])) for part in ("russian", "english") for kind in (label["type"], "")]
    return next((keys[key] for key in tries if key in keys), None)


def entity_ids(
    values: Iterable[str], labels: Mapping[str, str], keys: Mapping[tuple[str, str], str]
) -> Resolved:
    """Entity ids for the values of a link: an id; a label (``labels``: id -> label), as today or as a
    build with other names wrote it; an id of a renamed entity (``keys``: ``entity_keys``)."""
    found, dropped = known(values, labels)
    renamed = {value: _renamed(value, keys) for value in dropped}
    found += [entity_id for entity_id in renamed.values() if entity_id]
    return list(dict.fromkeys(found)), [value for value, entity_id in renamed.items() if not entity_id]


def sentences(values: Iterable[str]) -> dict[str, set[int]]:
    """The sentences of a link (``ARTICLE_ID:SENTENCE_ID`` each), by article; malformed values left out."""
    found: dict[str, set[int]] = {}
    for value in values:
        article_id, _, sentence_id = str(value).rpartition(":")
        if article_id and sentence_id.isdigit():
            found.setdefault(article_id, set()).add(int(sentence_id))
    return found


def compare_query(*statements: tuple[str, int]) -> dict[str, str | list[str]]:
    """The query of a link to Compare that opens the articles of two ``statements`` (article id, sentence
    id) side by side, each sentence marked and scrolled to (``sentences`` reads it back)."""
    (left, _), (right, _) = statements
    return {LEFT: left, RIGHT: right, SENTENCE: [f"{a}:{s}" for a, s in statements]}


def date_range(values: list[str], bounds: tuple[date, date]) -> tuple[date, date] | None:
    """Two ISO dates of a link as a range inside ``bounds`` (clamped to it), None if they are not."""
    try:
        start, end = sorted(date.fromisoformat(v) for v in values)
    except ValueError:  # not two ISO dates
        return None
    start, end = max(start, bounds[0]), min(end, bounds[1])
    return (start, end) if start <= end else None


# --- widgets kept in the URL ----------------------------------------------------------------------


def _written() -> dict[str, list[str]]:
    return st.session_state.setdefault(WRITTEN, {})


def seed(key: str, resolve: Callable[[list[str]], tuple[object, list[str]]]) -> list[str]:
    """Before widget ``key`` is drawn: set its value from the URL when the URL holds values this session
    did not write (``resolve``: the values -> the widget's value, or None to leave it, and the values
    left out), or from what it wrote last when the widget forgot (its page was left). Returns the
    values left out."""
    asked, written = st.query_params.get_all(key), _written().get(key, [])
    if asked and asked != written:
        values = asked
    elif key not in st.session_state and written:
        values = written
    else:
        return []
    value, dropped = resolve(values)
    if value is not None:
        st.session_state[key] = value
    return dropped


def publish(key: str, values: list[str]) -> None:
    """Put ``values`` in the URL as parameter ``key`` (none: the parameter goes)."""
    if st.query_params.get_all(key) != values:
        if values:
            st.query_params[key] = values
        else:
            del st.query_params[key]
    _written()[key] = values


def shared(keys: Iterable[str]) -> dict[str, list[str]]:
    """Those of parameters ``keys`` this session keeps in the URL, for a link to carry along."""
    written = _written()
    return {key: written[key] for key in keys if written.get(key)}


def filter_params() -> dict[str, list[str]]:
    """The sidebar filters as this session keeps them in the URL, for a link to another page to carry along."""
    return shared(FILTERS)


def note(what: str, dropped: list[str], where: DeltaGenerator | None = None) -> None:
    """Say under a widget which values of a link match none of its choices (they were left out)."""
    if dropped:
        quoted = ", ".join(f"“{md(v)}”" for v in dropped)
        (where or st).caption(
            f":material/link_off: Not among the choices, left out of the link's {what}: {quoted}."
        )


def multiselect(
    label: str,
    options: Mapping[str, str],
    key: str,
    resolve: Callable[[list[str]], Resolved] | None = None,
    where: DeltaGenerator | None = None,
    pills: bool = False,
    **kwargs,
) -> list[str]:
    """``st.multiselect`` of ``options`` (id -> label), or ``st.pills`` choosing several with ``pills``, in
    container ``where`` when given, kept in the URL as ids (``resolve``: how a link's values become ids,
    ``known`` by default)."""
    dropped = seed(key, resolve or (lambda values: known(values, options)))
    where = where or st
    widget = partial(where.pills, selection_mode="multi") if pills else where.multiselect
    chosen = widget(label, list(options), key=key, format_func=options.get, **kwargs)
    note(label.lower(), dropped, where)
    publish(key, list(chosen))
    return chosen


def selectbox(
    label: str,
    options: Mapping[str, str],
    key: str,
    index: int = 0,
    where: DeltaGenerator | None = None,
    resolve: Callable[[list[str]], Resolved] | None = None,
) -> str:
    """``st.selectbox`` of ``options`` (id -> label), in container ``where`` when given, kept in the URL
    as an id; ``index``: the option shown before anything is chosen; ``resolve``: how a link's value
    becomes an id (``known`` by default)."""

    def first(values: list[str]) -> tuple[str | None, list[str]]:
        found, dropped = (resolve or (lambda one: known(one, options)))(values[:1])
        return (found[0] if found else None), dropped

    dropped = seed(key, first)
    if st.session_state.get(key) not in options:
        st.session_state.pop(key, None)  # an option no longer offered (the filters changed)
    shown = {} if key in st.session_state else {"index": index}
    chosen = (where or st).selectbox(label, list(options), key=key, format_func=options.get, **shown)
    note(label.lower(), dropped, where)
    publish(key, [chosen])
    return chosen
