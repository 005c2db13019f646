"""StoryLens dashboard: navigation and the sidebar filters shared by every page.

Run from the repository root: ``streamlit run dashboard/app.py``.

Pages live in ``views/``, not ``pages/``: Streamlit treats a ``pages/`` folder beside the entry
script as a legacy multipage app until this script has run once, so a shared deep link such as
``/timeline`` opened on a freshly started server would run the page without navigation or filters.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # Community Cloud runs the script without installing the package
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from analysis.core.schema import ARTICLES  # noqa: E402
from dashboard import sidebar  # noqa: E402
from dashboard.components import widgets  # noqa: E402
from dashboard.data.load import DATA_ENV, ROOT, DataUnavailable, data_dir, load  # noqa: E402
from dashboard.words import REBUILD, folder_words  # noqa: E402

st.set_page_config(page_title="StoryLens", page_icon="📰", layout="wide")

PAGES = [
    st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("views/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("views/map.py", title="Map", icon=":material/public:", url_path="map"),
    st.Page("views/compare.py", title="Compare", icon=":material/compare:", url_path="compare"),
    st.Page(
        "views/discrepancies.py", title="Discrepancies", icon=":material/rule:", url_path="discrepancies"
    ),
    st.Page("views/entities.py", title="Entities", icon=":material/person_search:", url_path="entities"),
    st.Page("views/search.py", title="Search", icon=":material/search:", url_path="search"),
    st.Page("views/sources.py", title="Sources", icon=":material/hub:", url_path="sources"),
    st.Page("views/article.py", title="Article", icon=":material/article:", url_path="article"),
    st.Page("views/about.py", title="About / Methods", icon=":material/info:", url_path="about"),
    st.Page("views/add.py", title="Add articles", icon=":material/note_add:", url_path="add"),
]

page = st.navigation(PAGES)
try:
    dataset = load()
except DataUnavailable as error:
    st.title("StoryLens")
    st.error(f"{error} The dashboard needs the precomputed tables; build them from the repository root:")
    st.code(REBUILD, language="bash")
    st.caption(
        f"Data folder: `{folder_words(data_dir(), ROOT, DATA_ENV)}` (set `{DATA_ENV}` to use another)."
    )
    st.stop()

if "article" in st.query_params and page.url_path == "":  # `?article=ID` on the front page
    every = {key: st.query_params.get_all(key) for key in st.query_params}  # repeated filters too
    st.switch_page(next(p for p in PAGES if p.url_path == "article"), query_params=every)
sidebar.render(dataset)
widgets.data_warnings(
    dataset.tables[ARTICLES].empty, dataset.damaged(), folder_words(dataset.folder, ROOT, DATA_ENV)
)
page.run()
