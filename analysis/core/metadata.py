"""What a corpus's metadata cannot tell: a publication date or a URL host that every article shares.

A crawl gives each file the day it was collected and the address of the site it was collected from
(an aggregator), not the day each outlet published it nor the outlet. Read from the articles table
alone, so the build (the manifest's ``metadata``), the date stages (a shared date is suspect as the
anchor of "вчера") and the dashboard's pages read the same answer from one function.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

import pandas as pd

from analysis.core.schema import Col

# Fewer articles than this sharing one date or one host is ordinary (a day's news, one site's
# coverage); from this many on, one value for all of them is the crawl's, not the articles'.
MIN_ARTICLES = 10
SHARED_DATE = "shared"  # ``articles.published_source`` of a date every article shares (``mark_shared_dates``)


def host(url: str) -> str:
    """The host of ``url``, lower case, without ``www.``; "" when it has none."""
    try:
        name = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return name.removeprefix("www.")


def _shared(values: pd.Series, least: int) -> str:
    """The one non-empty value every non-empty entry of ``values`` holds, when at least ``least`` do."""
    given = values[values != ""]
    return str(given.iloc[0]) if len(given) >= least and given.nunique() == 1 else ""


@dataclass(frozen=True)
class MetadataCheck:
    """What the articles' dates, URLs and outlets say about themselves (``check_metadata``)."""

    n_articles: int
    shared_date: str  # the publication date every dated article has; "" when they differ or are few
    n_dated: int  # articles with a publication date
    shared_host: str  # the URL host every article with a URL has; "" when they differ or are few
    n_urls: int  # articles with a URL
    n_outlets: int  # distinct outlets named

    @property
    def outlets_known(self) -> bool:
        """False when no outlet is named, or one outlet (or none) for articles that all come from one
        host: the crawl's source, not who published each article."""
        return self.n_outlets > 1 or (self.n_outlets == 1 and not self.shared_host)

    def warnings(self) -> list[str]:
        """What the analyst should know, each with what to do about it."""
        said = []
        if self.shared_date:
            said.append(
                f"All {self.n_dated} dated articles have the same publication date, {self.shared_date}: "
                "probably the day they were collected, not the day each was published, so dates the "
                "texts give relative to it (“yesterday”) are uncertain. Fix: put each article's date in "
                "the `published` column of sources.csv."
            )
        if self.shared_host:
            outlets = (
                "; the pages count articles, not outlets (unless one outlet did publish them all)."
                if not self.outlets_known
                else "."
            )
            said.append(
                f"All {self.n_urls} articles with a URL come from one host, {self.shared_host}: probably "
                f"the site they were collected from, not the outlets that published them{outlets} Fix: put "
                "each article's outlet (and its own URL) in the `outlet` and `url` columns of sources.csv."
            )
        return said

    def manifest(self) -> dict:
        """The manifest's ``metadata`` entry."""
        return {**asdict(self), "outlets_known": self.outlets_known, "warnings": self.warnings()}


def check_metadata(articles: pd.DataFrame, least: int = MIN_ARTICLES) -> MetadataCheck:
    """The shared publication date and URL host of ``articles`` (an ``articles`` table), if any."""
    published = articles[Col.PUBLISHED].fillna("").astype(str)
    hosts = articles[Col.URL].fillna("").astype(str).map(host)
    outlets = articles[Col.OUTLET].fillna("").astype(str)
    return MetadataCheck(
        n_articles=len(articles),
        shared_date=_shared(published, least),
        n_dated=int((published != "").sum()),
        shared_host=_shared(hosts, least),
        n_urls=int((hosts != "").sum()),
        n_outlets=int(outlets[outlets != ""].nunique()),
    )


def suspect_publication_dates(articles: pd.DataFrame, least: int = MIN_ARTICLES) -> set[str]:
    """Publication dates that are not the articles' own: the one date all of them share (a crawl's)."""
    shared = check_metadata(articles, least).shared_date
    return {shared} if shared else set()


def mark_shared_dates(articles: pd.DataFrame, least: int = MIN_ARTICLES) -> pd.DataFrame:
    """``articles`` with ``published_source`` set to ``SHARED_DATE`` where the publication date is the
    one all of them share: a per-article stage then knows its article's date is suspect, and an
    article's row changes when its date becomes so (the stage caches stay right)."""
    suspect = suspect_publication_dates(articles, least)
    if not suspect:
        return articles
    articles = articles.copy()
    articles.loc[articles[Col.PUBLISHED].isin(suspect), Col.PUBLISHED_SOURCE] = SHARED_DATE
    return articles
