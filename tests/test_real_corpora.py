"""Real news as the regression net: the factRuEval-2016 devset and the two BSNLP clusters built as the
corpora a user would bring, then every dashboard page run on the tables.

- ``factru_devset``: the 122 texts of ``../shared/eval/factru/devset`` copied into a folder (no
  sources.csv, no headers: outlet and date unknown);
- ``asia_bibi``, ``ryanair``: ``TOPIC/raw/ru`` turned into a corpus by ``analysis.tools.evaluate.bsnlp.to_corpus``
  (one .txt per article, sources.csv with outlet, URL, language and publication date).

Each corpus is built once per test session (``real_corpus`` of tests/corpora.py: natasha, no NLP
cache) and must keep every article with zero article errors. The checks on what was built are floors
just under what this code measured on 21 November 2026; each names the regression it would catch. The
data lives outside the project: the tests skip, with the reason, when ``../shared/eval`` is absent.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analysis.core.schema import (
    ARTICLES,
    CITATIONS,
    CLAIMS,
    CONTRADICTIONS,
    DATES,
    ENTITIES,
    EVENTS,
    MENTIONS,
    QUOTES,
    ROLES,
    SENTENCES,
    SIMILARITY,
    TOKENS,
)
from analysis.tools.evaluate.bsnlp import RawDocument, article_text, outlet_from_url, title_in_text, to_corpus
from tests.corpora import BSNLP, CORPORA, DEVSET_NAME, FACTRU, NEREL_NAME, TOPICS, Built
from tests.dashboard.pages import html
from tests.helpers import APP, PAGE_TITLES

# Every page of dashboard/app.py (its file under dashboard/views), read from app.py so that a new page
# is run on the real corpora too (the titles they show: tests.helpers.PAGE_TITLES).
VIEWS = re.findall(r'st\.Page\(\s*"views/(\w+)\.py"', Path(APP).read_text(encoding="utf-8"))
TYPES = ("PER", "LOC", "ORG")


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- every article kept, none failed ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", CORPORA)
def test_every_article_is_built_without_errors(real_corpus, name):
    """Zero article errors, and no article lost: every file is in ``articles`` except a copy of an
    article that is (the corpus reader skips a page crawled twice, naming the copy it keeps)."""
    from rapidfuzz import fuzz, process

    built = real_corpus(name)
    manifest, articles = built.manifest, built.tables[ARTICLES]
    assert manifest["errors"] == []
    skipped = {entry["file"]: entry["reason"] for entry in manifest["skipped"]}
    assert sorted([*articles["file"], *skipped]) == built.files
    if name in (DEVSET_NAME, NEREL_NAME):  # texts without copies
        assert skipped == {}
    kept = [_spaced(text) for text in articles["raw_text"]]
    for file, reason in skipped.items():
        copy = _spaced((built.corpus / file).read_text(encoding="utf-8"))
        best = process.extractOne(copy, kept, scorer=fuzz.ratio)
        assert best[1] >= 90, f"{file} skipped but no kept article has its text: {reason}"
    assert set(articles["language"]) == {"ru"}
    assert manifest["tables"] == {table: len(frame) for table, frame in built.tables.items()}


@pytest.mark.slow
@pytest.mark.parametrize("name", CORPORA)
def test_every_article_has_sentences_tokens_and_entities(real_corpus, name):
    """An article whose prose went unread (no sentence, no token) or whose entities vanished."""
    tables = real_corpus(name).tables
    articles = tables[ARTICLES]
    assert (articles["n_sentences"] > 0).all()
    prose = tables[SENTENCES][tables[SENTENCES]["boilerplate"] == ""]
    counts = tables[SENTENCES].groupby("article_id").size()
    assert (articles["article_id"].map(counts) == articles["n_sentences"]).all()
    assert set(prose["article_id"]) == set(articles["article_id"])
    assert set(tables[TOKENS]["article_id"]) == set(articles["article_id"])
    assert set(tables[MENTIONS]["article_id"]) == set(
        articles["article_id"]
    )  # every news story names someone


@pytest.mark.slow
@pytest.mark.parametrize("name", CORPORA)
def test_every_row_points_into_its_article(real_corpus, name):
    """Offsets: every extracted row's text is raw_text[start:end], inside the sentence it names."""
    tables = real_corpus(name).tables
    raw = dict(zip(tables[ARTICLES]["article_id"], tables[ARTICLES]["raw_text"], strict=True))
    bounds = {
        (row.article_id, row.sentence_id): (row.start, row.end)
        for row in tables[SENTENCES].itertuples(index=False)
    }
    for table in (SENTENCES, TOKENS, MENTIONS, DATES, QUOTES):
        wrong = [
            (row.article_id, row.start, row.text)
            for row in tables[table].itertuples(index=False)
            if raw[row.article_id][row.start : row.end] != row.text
        ]
        assert wrong == [], (table, wrong[:5])
    for table in (TOKENS, MENTIONS, DATES, EVENTS, CITATIONS, CLAIMS, CONTRADICTIONS, ROLES):
        outside = [
            (row.article_id, row.sentence_id, row.start, row.end)
            for row in tables[table].itertuples(index=False)
            if not (
                bounds[(row.article_id, row.sentence_id)][0]
                <= row.start
                < row.end
                <= bounds[(row.article_id, row.sentence_id)][1]
            )
        ]
        assert outside == [], (table, outside[:5])
    quotes = tables[QUOTES]  # a quotation may run over several sentences: it starts in its own
    assert all(
        bounds[(q.article_id, q.sentence_id)][0] <= q.start < bounds[(q.article_id, q.sentence_id)][1]
        for q in quotes.itertuples(index=False)
    )
    mentions, entities = tables[MENTIONS], tables[ENTITIES]
    assert set(mentions["entity_id"]) == set(entities["entity_id"])
    assert entities["entity_id"].is_unique
    counted = mentions.groupby("entity_id").size()
    assert (entities["entity_id"].map(counted) == entities["n_mentions"]).all()


# --- factRuEval devset --------------------------------------------------------------------------------


@pytest.mark.slow
def test_devset_entities_as_built_score_on_the_gold(real_corpus):
    """The mentions the dashboard shows (engine per paragraph, then the corpus-level entity stage),
    scored with the naeval protocol of ``analysis.tools.evaluate.factru``. Measured: PER 0.973, LOC 0.932,
    ORG 0.835 F1 (the engine alone on whole documents: 0.981, 0.944, 0.872 — see the README)."""
    from analysis.tools.evaluate.factru import read_factru, score_document, scored_mentions
    from analysis.tools.evaluate.scores import TypeScore

    mentions = scored_mentions(real_corpus(DEVSET_NAME).tables[MENTIONS])  # no geo_adj in factRuEval's LOC
    by_article = {a: frame for a, frame in mentions.groupby("article_id")}
    totals = {kind: TypeScore() for kind in TYPES}
    documents = read_factru(FACTRU)
    assert len(documents) == 122
    for document in documents:
        rows = by_article.get(document.name, mentions.iloc[:0])
        predicted = [(r.start, r.end, r.type) for r in rows.itertuples(index=False)]
        for kind, score in score_document(document.text, predicted, document.gold).items():
            totals[kind].add(score)
    f1 = {kind: round(score.f1, 3) for kind, score in totals.items()}
    assert f1["PER"] >= 0.965 and f1["LOC"] >= 0.925 and f1["ORG"] >= 0.825, f1


@pytest.mark.slow
def test_devset_dates_without_a_publication_date(real_corpus):
    """No publication date anywhere: relative expressions stay unresolved with the reason (none is
    counted from today), absolute ones are resolved."""
    from analysis.stages.dates import UNRESOLVED_NO_PUBLICATION

    built = real_corpus(DEVSET_NAME)
    articles, dates = built.tables[ARTICLES], built.tables[DATES]
    assert set(articles["published"]) == {""} and set(articles["published_source"]) == {"missing"}
    relative = dates[dates["anchor"] == "publication"]
    assert len(relative) >= 200
    assert not relative["resolved"].any()
    assert set(relative["reason"]) == {UNRESOLVED_NO_PUBLICATION}
    absolute = dates[(dates["anchor"] == "absolute") & (dates["kind"] != "duration")]
    assert len(absolute) >= 110 and absolute["resolved"].all()
    june = dates[(dates["article_id"] == "book_193") & (dates["text"] == "3-4 июня 2010 г.")]
    assert june[["start_date", "end_date"]].values.tolist() == [["2010-06-03", "2010-06-04"]]


# --- BSNLP clusters -----------------------------------------------------------------------------------


def _gold(topic: str, articles: set[str]) -> dict[str, list[tuple[str, str, str]]]:
    """Article id -> (surface form, type, cross-document id) of each gold entity form it contains."""
    gold = {}
    for path in sorted((BSNLP / topic / "annotated" / "ru").glob("*.out")):
        if path.stem not in articles:
            continue
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
        gold[path.stem] = [(r[0].strip(), r[2].strip(), r[3].strip()) for r in rows if len(r) >= 4]
    return gold


# Floors under what was measured on 21 November 2026 (in the comments): the share of gold forms found
# as a mention of the same type in their article (recall), and the share of our PER/LOC/ORG mentions
# that are a gold form of their article (precision; "После" and "Забастовка" tagged LOC across a whole
# cluster cost most of what is missing).
GOLD_FLOORS = {
    "asia_bibi": {"PER": 0.91, "LOC": 0.90, "ORG": 0.67, "precision": 0.85},  # .926 .916 .689 .865
    "ryanair": {"PER": 0.88, "LOC": 0.92, "ORG": 0.89, "precision": 0.93},  # .899 .979 .949 .938
}
# ryanair's PER fell from .957 to .899 on 6 December with boilerplate found from the corpus: the byline
# "Кирилл Сарханянц" closing four articles of one outlet is left out (docs/boilerplate.md), and the
# gold marks it in each.


@pytest.mark.slow
@pytest.mark.parametrize("topic", TOPICS)
def test_bsnlp_entities_match_the_gold_forms(real_corpus, topic):
    from analysis.tools.evaluate.bsnlp import scored_mentions

    tables = real_corpus(topic).tables
    mentions = scored_mentions(tables[MENTIONS])  # BSNLP annotates no place's adjective
    gold = _gold(topic, set(tables[ARTICLES]["article_id"]))
    assert len(gold) == len(tables[ARTICLES])
    types: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in mentions.itertuples(index=False):
        types[(row.article_id, row.text.strip())].add(row.type)
    found, total = Counter(), Counter()
    for article_id, forms in gold.items():
        for form, kind, _ in forms:
            if kind in TYPES:
                total[kind] += 1
                found[kind] += kind in types.get((article_id, form), ())
    recall = {kind: round(found[kind] / total[kind], 3) for kind in TYPES}
    floors = GOLD_FLOORS[topic]
    assert all(recall[kind] >= floors[kind] for kind in TYPES), recall
    ours = mentions[mentions["type"].isin(TYPES)]
    forms = {a: {form for form, _, _ in rows} for a, rows in gold.items()}
    precision = sum(r.text.strip() in forms[r.article_id] for r in ours.itertuples(index=False)) / len(ours)
    assert precision >= floors["precision"], round(precision, 3)


@pytest.mark.slow
@pytest.mark.parametrize(("topic", "floor"), [("asia_bibi", 0.68), ("ryanair", 0.96)])
def test_bsnlp_cross_document_entities_are_merged(real_corpus, topic, floor):
    """For the 12 entities most articles name (gold cross-document ids), the share of their mentions
    that land in one entity of ours. Measured 0.698 (Asia Bibi's mentions fall into 22 entities:
    "Асия Биби", "Азия Биби", "Асий Биби", "Биби"...) and 0.977."""
    tables = real_corpus(topic).tables
    gold = _gold(topic, set(tables[ARTICLES]["article_id"]))
    form_ids = {a: {form: gid for form, _, gid in rows} for a, rows in gold.items()}
    articles_naming = Counter(gid for rows in gold.values() for gid in {gid for _, _, gid in rows})
    ours: dict[str, Counter] = defaultdict(Counter)
    for row in tables[MENTIONS].itertuples(index=False):
        gid = form_ids[row.article_id].get(row.text.strip())
        if gid:
            ours[gid][row.entity_id] += 1
    top = [gid for gid, _ in articles_naming.most_common(12)]
    merged = sum(ours[gid].most_common(1)[0][1] for gid in top if ours[gid])
    share = merged / sum(sum(ours[gid].values()) for gid in top)
    assert share >= floor, round(share, 3)


def _entity(tables: dict[str, pd.DataFrame], name: str) -> pd.Series:
    entities = tables[ENTITIES]
    return entities.loc[entities["name"] == name].sort_values("n_mentions").iloc[-1]


@pytest.mark.slow
def test_ryanair_story_entities(real_corpus):
    tables = real_corpus("ryanair").tables
    n_articles = len(tables[ARTICLES])
    ryanair = _entity(tables, "Ryanair")
    assert ryanair["type"] == "ORG"
    assert ryanair["entity_id"] == tables[ENTITIES]["entity_id"].iloc[0]  # the most mentioned entity
    assert ryanair["n_articles"] >= 0.95 * n_articles and ryanair["n_mentions"] >= 450
    strikes = {"Бельгия": "BEL", "Германия": "DEU", "Испания": "ESP", "Португалия": "PRT", "Италия": "ITA"}
    for name, iso3 in strikes.items():
        country = _entity(tables, name)
        assert (country["type"], country["iso3"]) == ("LOC", iso3)
        assert country["n_articles"] >= 0.4 * n_articles, name
    outlets = tables[ARTICLES]["outlet"]  # the URL's host, without "www."
    assert (tables[ARTICLES]["outlet_source"] == "sources.csv").all()
    assert outlets.str.fullmatch(r"[\w-]+(\.[\w-]+)+").all() and not outlets.str.startswith("www.").any()
    assert outlets.nunique() >= 25 and outlets.value_counts().idxmax() == "regnum.ru"


@pytest.mark.slow
def test_asia_bibi_story_entities(real_corpus):
    tables = real_corpus("asia_bibi").tables
    n_articles = len(tables[ARTICLES])
    pakistan = _entity(tables, "Пакистан")
    assert (pakistan["type"], pakistan["iso3"], pakistan["entity_id"]) == ("LOC", "PAK", "loc:pakistan")
    # 105 of 108 since titles are read (97 before: most of the rest name it only in the title, or
    # inside an organisation's name, "Верховный суд Пакистана", which is one ORG as BSNLP reads it).
    assert pakistan["n_articles"] >= 0.96 * n_articles
    islamabad = _entity(tables, "Исламабад")
    assert islamabad["country_entity_id"] == "loc:pakistan"
    mentions, entities = tables[MENTIONS], tables[ENTITIES]
    bibi = entities.loc[(entities["type"] == "PER") & entities["name"].str.contains("Биби"), "entity_id"]
    named = mentions.loc[mentions["entity_id"].isin(bibi), "article_id"].nunique()
    assert named >= 0.95 * n_articles  # the woman at the centre of the story, as a person


@pytest.mark.slow
@pytest.mark.parametrize(
    ("topic", "in_2018", "near"),
    [("asia_bibi", 0.70, 0.92), ("ryanair", 0.75, 0.78)],
)
def test_bsnlp_dates_resolve_from_publication(real_corpus, topic, in_2018, near):
    """Dates are read against each article's publication date (sources.csv): most articles date
    something in 2018, and most expressions counted from publication land within 200 days of it.
    Measured: 0.73 and 0.80 of articles in 2018; 0.94 and 0.80 near publication (Ryanair's 0.80:
    "с 4:01 10 августа до 3:59 11 августа" published 2018-08-10 gives 11 August 2017 — a date without a
    year is taken as the latest one before publication unless the clause's verb is future)."""
    tables = real_corpus(topic).tables
    articles, dates = tables[ARTICLES], tables[DATES]
    assert (articles["published_source"] == "sources.csv").all()
    resolved = dates[dates["resolved"]]
    dated_2018 = resolved.loc[resolved["start_date"].str.startswith("2018"), "article_id"].nunique()
    assert dated_2018 >= in_2018 * len(articles), dated_2018
    published = articles.set_index("article_id")["published"].map(date.fromisoformat)
    relative = resolved[resolved["anchor"] == "publication"]
    days = [
        abs((date.fromisoformat(r.start_date) - published[r.article_id]).days)
        for r in relative.itertuples(index=False)
    ]
    assert len(days) >= 150
    assert sum(d <= 200 for d in days) >= near * len(days), round(sum(d <= 200 for d in days) / len(days), 3)


@pytest.mark.slow
def test_ryanair_strike_days(real_corpus):
    """ryan-ru_file_1, published 2018-07-09: "25-26 июля" and "3-4 августа" are the coming strikes."""
    dates = real_corpus("ryanair").tables[DATES]
    first = dates[dates["article_id"] == "ryan-ru_file_1"].set_index("text")
    assert first.loc["25-26 июля", ["start_date", "end_date"]].tolist() == ["2018-07-25", "2018-07-26"]
    assert first.loc["3-4 августа", ["start_date", "end_date"]].tolist() == ["2018-08-03", "2018-08-04"]


# --- every dashboard page on every real corpus ----------------------------------------------------------


def _app(built: Built, monkeypatch, page: str = "overview"):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(built.data))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    if page != "overview":
        at.switch_page(f"views/{page}.py").run()
    return at


def _failures(at) -> list:
    return [(e.message, list(e.stack_trace)[-6:]) for e in at.exception]


@pytest.mark.slow
@pytest.mark.parametrize("page", VIEWS)
@pytest.mark.parametrize("name", CORPORA)
def test_every_page_renders(real_corpus, monkeypatch, name, page):
    built = real_corpus(name)
    at = _app(built, monkeypatch, page)
    assert not at.exception, _failures(at)
    assert [e.value for e in at.error] == []
    title = at.title[0].value
    if page == "article":  # the first article's outlet (markdown-escaped), or "Unknown outlet"
        assert title.replace("\\", "") in {built.tables[ARTICLES]["outlet"].iloc[0], "Unknown outlet"}
    else:
        assert title == PAGE_TITLES.get(page, title) != ""


@pytest.mark.slow
@pytest.mark.parametrize("name", CORPORA)
def test_article_page_shows_every_article(real_corpus, monkeypatch, name):
    """Every article's text with its entities marked (overlapping mentions and dates of real news)."""
    built = real_corpus(name)
    at = _app(built, monkeypatch, "article")
    named = set(built.tables[MENTIONS]["article_id"])
    unmarked = []
    for article_id in built.tables[ARTICLES]["article_id"]:
        at.selectbox(key="article").set_value(article_id).run()
        assert not at.exception, (article_id, _failures(at))
        if article_id in named and "sl-ent" not in html(at):
            unmarked.append(article_id)
    assert unmarked == []


@pytest.mark.slow
@pytest.mark.parametrize("name", CORPORA)
def test_compare_page_on_the_most_similar_pairs(real_corpus, monkeypatch, name):
    built = real_corpus(name)
    similarity = built.tables[SIMILARITY]
    pairs = similarity[similarity["article_a"] != similarity["article_b"]].nlargest(5, "score")
    at = _app(built, monkeypatch, "compare")
    for pair in pairs.itertuples(index=False):
        at.selectbox(key="a").set_value(pair.article_a).run()
        at.selectbox(key="b").set_value(pair.article_b).run()
        assert not at.exception, (pair, _failures(at))
        if pair.score >= 0.5:
            assert "sl-align" in html(at), pair  # aligned passages are marked


@pytest.mark.slow
@pytest.mark.parametrize("name", CORPORA)
def test_timeline_page_lists_the_events(real_corpus, monkeypatch, name):
    """Every event cluster is listed; 25 of them, spread over the list, open with their sentences."""
    built = real_corpus(name)
    at = _app(built, monkeypatch, "timeline")
    assert not at.exception, _failures(at)
    clusters = sorted(built.tables[EVENTS]["cluster_id"].unique())
    assert len(at.selectbox(key="event").options) == len(clusters)
    for cluster_id in clusters[:: max(1, len(clusters) // 25)]:
        at.selectbox(key="event").set_value(cluster_id).run()
        assert not at.exception, (cluster_id, _failures(at))


# --- analysis.bsnlp on small raw files ----------------------------------------------------------------


def _raw(title: str, text: str, url: str = "https://www.interfax.ru/world/624718") -> RawDocument:
    return RawDocument("ryan-ru_file_1.txt", "ru-1", "ru", "2018-08-10", url, title, text)


def test_title_is_written_once_when_the_text_opens_with_it():
    """Real crawls (ryan-ru_file_58, asia_bibi_ru.txt_file_139) repeat the headline as the text's
    first line, or take the lead cut with "..." as the title: the article carries its title once."""
    headline = "Ryanair не выплатит компенсации пассажирам, чьи планы нарушила забастовка"
    repeated = _raw(headline, f"{headline}.\n\nАвиакомпания заявила, что забастовка не её вина.")
    assert article_text(repeated) == f"{headline}.\n\nАвиакомпания заявила, что забастовка не её вина.\n"
    lead = "Супруг Асии Биби просит Великобританию предоставить убежище. Она работала тогда, а ее муж"
    teaser = _raw(lead + " &n...", lead + " на кирпичном заводе.")
    assert article_text(teaser) == lead + " на кирпичном заводе.\n"
    assert title_in_text("Ryanair отменил рейсы", "Ryanair отменил рейсы\nВ пятницу")
    assert title_in_text("Ryanair  отменил рейсы", "Ryanair отменил рейсы!")


def test_title_is_kept_when_it_is_not_the_opening():
    headline = "Ryanair отменил рейсы"
    assert article_text(_raw(headline, "Ryanair отменил рейсы для 50 тысяч пассажиров.")) == (
        "Ryanair отменил рейсы\n\nRyanair отменил рейсы для 50 тысяч пассажиров.\n"
    )  # a headline that only begins the first sentence is a headline of its own
    assert not title_in_text("Пилоты бастуют (видео)", "Пилоты бастуют\n\nВ пятницу...")
    assert not title_in_text("Коротко...", "Коротко о забастовке")  # too short a cut to tell
    whole = "Немецкие пилоты Ryanair объявили о 24-часовой забастовке 10 августа."
    assert article_text(_raw(whole, "")) == whole + "\n"  # a crawl whose whole text went in the title
    assert article_text(_raw("", "Текст без заголовка.")) == "Текст без заголовка.\n"


def test_to_corpus_writes_articles_and_sources(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "ryan-ru_file_10.txt").write_text(
        "ru-10\nru\n2018-08-10\nhttp://www.interfax.ru/world/624718\nПилоты Ryanair бастуют\n"
        "Пилоты Ryanair в Германии бастуют в пятницу.\n",
        encoding="utf-8",
    )
    (raw / "ryan-ru_file_58.txt").write_text(
        "ru-58\nru\n2018-08-11\nhttps://echo.msk.ru/news/2256378-echo.html\nRyanair не выплатит компенсации\n"
        "Ryanair не выплатит компенсации.\n\nТак заявили в компании.\n",
        encoding="utf-8",
    )
    documents = to_corpus(raw, tmp_path / "corpus")
    assert [d.file for d in documents] == ["ryan-ru_file_10.txt", "ryan-ru_file_58.txt"]
    corpus = tmp_path / "corpus"
    assert (corpus / "ryan-ru_file_10.txt").read_text(encoding="utf-8") == (
        "Пилоты Ryanair бастуют\n\nПилоты Ryanair в Германии бастуют в пятницу.\n"
    )
    assert (corpus / "ryan-ru_file_58.txt").read_text(encoding="utf-8") == (
        "Ryanair не выплатит компенсации.\n\nТак заявили в компании.\n"
    )
    sources = pd.read_csv(corpus / "sources.csv", dtype=str)
    assert sources.to_dict("records") == [
        {"file": "ryan-ru_file_10.txt", "outlet": "interfax.ru", "url": "http://www.interfax.ru/world/624718",
         "language": "ru", "published": "2018-08-10"},
        {"file": "ryan-ru_file_58.txt", "outlet": "echo.msk.ru", "url": "https://echo.msk.ru/news/2256378-echo.html",
         "language": "ru", "published": "2018-08-11"},
    ]  # fmt: skip
    assert outlet_from_url("not a url") == ""
