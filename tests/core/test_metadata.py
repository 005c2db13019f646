"""What the articles' metadata cannot tell (analysis/core/metadata.py): one publication date or one URL
host for every article is a crawl's, and outlets are not known when nothing tells them apart."""

from __future__ import annotations

import pandas as pd

from analysis.core.metadata import (
    MIN_ARTICLES,
    SHARED_DATE,
    check_metadata,
    host,
    mark_shared_dates,
    suspect_publication_dates,
)


def _articles(n: int, published="", url="", outlet="") -> pd.DataFrame:
    """``n`` articles; each argument one value for all, or a function of the article's number."""
    value = lambda given, i: given(i) if callable(given) else given  # noqa: E731
    return pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(n)],
            "published": [value(published, i) for i in range(n)],
            "url": [value(url, i) for i in range(n)],
            "outlet": [value(outlet, i) for i in range(n)],
        }
    )


def test_one_date_and_one_host_for_a_crawl_are_said_with_the_fix():
    crawl = _articles(12, "2021-03-15", lambda i: f"https://www.news-aggregator.example/item/{i}")
    check = check_metadata(crawl)
    assert (check.shared_date, check.shared_host, check.outlets_known) == (
        "2021-03-15",
        "news-aggregator.example",
        False,
    )
    date_warning, host_warning = check.warnings()
    assert "All 12 dated articles have the same publication date, 2021-03-15" in date_warning
    assert "`published` column of sources.csv" in date_warning
    assert "one host, news-aggregator.example" in host_warning and "count articles" in host_warning
    assert suspect_publication_dates(crawl) == {"2021-03-15"}


def test_the_crawls_name_as_every_outlet_tells_no_outlet():
    crawl = _articles(12, url=lambda i: f"https://agg.example/{i}", outlet="agg.example")
    assert check_metadata(crawl).outlets_known is False
    # outlets that differ are known, whatever host the URLs share
    fixed = _articles(12, url=lambda i: f"https://agg.example/{i}", outlet=lambda i: f"outlet {i % 3}")
    check = check_metadata(fixed)
    assert check.outlets_known and check.shared_host == "agg.example"
    assert "count articles" not in check.warnings()[0]


def test_a_few_articles_of_one_day_or_one_site_are_ordinary():
    few = _articles(
        MIN_ARTICLES - 1, "2024-05-13", lambda i: f"https://kazved.example/news/{i}", "Казанские ведомости"
    )
    check = check_metadata(few)
    assert check.warnings() == [] and check.outlets_known
    assert suspect_publication_dates(few) == set()


def test_dates_that_differ_or_are_missing_raise_nothing():
    days = _articles(20, lambda i: f"2024-05-{i + 1:02d}", lambda i: f"https://site{i % 4}.example/{i}", "x")
    assert check_metadata(days).warnings() == []
    undated = _articles(20, url=lambda i: f"https://site{i}.example/")
    check = check_metadata(undated)
    assert check.shared_date == "" and check.n_dated == 0
    # one dated article among undated ones is not "every article"
    one = _articles(20, lambda i: "2024-05-01" if i < 3 else "")
    assert check_metadata(one).shared_date == ""


def test_hosts_read_from_urls():
    assert host("https://WWW.Svoboda.org/a/29577599.html") == "svoboda.org"
    assert host("not a url") == ""
    assert host("http://[broken") == ""


def test_the_seeds_raise_no_warning(tables):
    check = check_metadata(tables["articles"])
    assert check.warnings() == [] and check.outlets_known


def test_a_shared_date_is_marked_in_each_article_row():
    crawl = _articles(12, "2021-03-15").assign(published_source="sources.csv")
    assert set(mark_shared_dates(crawl)["published_source"]) == {SHARED_DATE}
    assert set(crawl["published_source"]) == {"sources.csv"}  # the frame given is left as it was
    days = _articles(12, lambda i: f"2024-05-{i + 1:02d}").assign(published_source="sources.csv")
    assert set(mark_shared_dates(days)["published_source"]) == {"sources.csv"}
