"""StoryLens dashboard: navigation and the sidebar filters shared by every page.

Run from the repository root: ``streamlit run dashboard/app.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # Community Cloud runs the script without installing the package
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.components import sidebar  # noqa: E402
from dashboard.data import REBUILD, DataUnavailable, data_dir, load  # noqa: E402

st.set_page_config(page_title="StoryLens", page_icon=":material/newspaper:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/map.py", title="Signatory map", icon=":material/public:", url_path="map"),
    st.Page("pages/compare.py", title="Compare", icon=":material/compare:", url_path="compare"),
    st.Page("pages/entities.py", title="Entities", icon=":material/person_search:", url_path="entities"),
    st.Page("pages/sources.py", title="Sources", icon=":material/hub:", url_path="sources"),
    st.Page("pages/article.py", title="Article", icon=":material/article:", url_path="article"),
    st.Page("pages/about.py", title="About / Methods", icon=":material/info:", url_path="about"),
]

page = st.navigation(PAGES)
try:
    dataset = load()
except DataUnavailable as error:
    st.title("StoryLens")
    st.error(f"{error} The dashboard needs the precomputed tables; build them from the repository root:")
    st.code(REBUILD, language="bash")
    st.caption(f"Data folder: `{data_dir()}` (set `DASHBOARD_DATA_DIR` to use another).")
    st.stop()

sidebar.render(dataset)
if "article" in st.query_params and page.url_path == "":
    page = PAGES[6]  # `?article=ID` on the front page opens that article
page.run()
