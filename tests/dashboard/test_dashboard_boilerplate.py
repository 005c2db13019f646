"""What the build found the corpus repeats is shown greyed with its reason (Article), and what a
crawl's metadata cannot tell is said where the pages count outlets (Overview, Sources, About): on
tests/build/footers (the ``footers_data`` fixture), as built and as a crawl would have dated it."""

from __future__ import annotations

import shutil

import pandas as pd

from tests.dashboard.pages import frame_with, html
from tests.helpers import launch

CRAWL_DAY = "2021-03-15"
AGGREGATOR = "news-aggregator.example"


def _left_out(at) -> list:
    """The Article page's list of what the build left out (an expander)."""
    return [e for e in at.expander if e.label.startswith("Greyed and left out")]


def test_article_greys_repeated_boilerplate_with_its_reason(footers_data, use_data):
    use_data(footers_data)
    at = launch("article", article="01_vedomosti")
    (found,) = _left_out(at)
    assert found.label.startswith("Greyed and left out of every analysis: 3 passages")
    listed = "\n".join(md.value for md in found.markdown)
    assert "Мы используем файлы cookie" in listed and "repeated in 3 of 10 articles" in listed
    assert "Сетевое издание «Городской вестник»" in listed and "repeated in 7 of 10 articles" in listed
    body = html(at)
    title = "boilerplate: repeated text (repeated in 7 of 10 articles), not read by any analysis"
    assert f'class="sl-boiler" title="{title}"' in body
    assert '<span class="sl-badge">repeated text</span>' in body
    # the article's own text is read: its mayor is highlighted, the footer's service is not
    assert "Ильсур Метшин</span>" in body
    assert "sl-ent-ORG" not in body.split("Сетевое издание")[1]


def test_an_article_without_found_boilerplate_lists_none(footers_data, use_data):
    use_data(footers_data)
    at = launch("article", article="07_vecherka")
    assert not _left_out(at)


def _said(elements) -> list[str]:
    """The text of alerts as read (Markdown's escapes dropped)."""
    return [element.value.replace("\\", "") for element in elements]


def _crawled(footers_data, tmp_path) -> str:
    """The footers' tables as a crawl dates them: one day and one aggregator (named as every outlet)."""
    folder = tmp_path / "data"
    shutil.copytree(footers_data, folder)
    articles = pd.read_parquet(folder / "articles.parquet")
    articles["published"] = CRAWL_DAY
    articles["url"] = [f"https://{AGGREGATOR}/item/{i}" for i in range(len(articles))]
    articles["outlet"] = AGGREGATOR
    articles["published_source"] = "shared"  # as the build marks a date every article has
    articles.to_parquet(folder / "articles.parquet", index=False)
    return str(folder)


def test_overview_warns_of_a_crawls_date_and_host_and_counts_articles(footers_data, use_data, tmp_path):
    use_data(_crawled(footers_data, tmp_path))
    at = launch("overview")
    warnings = _said(at.warning)
    assert any(f"All 10 dated articles have the same publication date, {CRAWL_DAY}" in w for w in warnings)
    assert any(f"one host, {AGGREGATOR}" in w and "sources.csv" in w for w in warnings)
    facts = next(text for text in _said(at.markdown) if text.startswith("10 articles"))
    assert "outlet" not in facts.split(",")[0]  # not "10 articles from 1 outlet": the crawl's name
    outlets = next(m for m in at.metric if m.label == "Outlets")
    assert outlets.value == "—" and outlets.help.startswith("Not known")
    assert not any(AGGREGATOR in md.value for md in at.markdown if "`01_vedomosti`" in md.value)
    article = launch("article", article="01_vedomosti")
    assert any("Every article has this publication date" in c.value for c in article.caption)


def test_sources_counts_each_crawled_article_as_its_own_source(footers_data, use_data, tmp_path):
    use_data(_crawled(footers_data, tmp_path))
    at = launch("sources")
    assert any(f"one host, {AGGREGATOR}" in w for w in _said(at.warning))
    assert any("Outlets are not known" in c.value for c in at.caption)
    assert set(frame_with(at, "Article", "Outlet")["Outlet"]) == {"Unknown outlet"}
    about = launch("about")
    assert any(f"same publication date, {CRAWL_DAY}" in w for w in _said(about.warning))


def test_overview_of_the_built_corpus_raises_no_metadata_warning(footers_data, use_data):
    use_data(footers_data)
    at = launch("overview")
    assert not any("same publication date" in w.value or "one host" in w.value for w in at.warning)
    assert next(m for m in at.metric if m.label == "Outlets").value == "4"
