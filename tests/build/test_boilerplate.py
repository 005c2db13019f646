"""Boilerplate found from the corpus itself (analysis/build/boilerplate.py): a footer repeated across
articles never becomes an entity, a date or an event, a cookie prompt is never a title, and what
outlets share inside their text stays news.

The built corpus is tests/build/footers (ten articles written for these tests, the ``footers``
fixture); the rules are checked on small corpora written in ``tmp_path`` (no engine needed).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.build.boilerplate import COPYRIGHT_REASON, mark_boilerplate
from analysis.build.corpus import read_corpus
from analysis.core.codes import Boilerplate
from analysis.core.schema import ARTICLES, DATES, EVENT_CLUSTERS, EVENTS, MENTIONS, SENTENCES, TOKENS

NOTICE = "Сетевое издание «Городской вестник» зарегистрировано"  # the footer of tests/build/footers
COOKIE = "Мы используем файлы cookie"
BYLINE = "Ирина Сафина"
WIRE = "По данным мэрии, ремонт обойдется городскому бюджету в 1,2 млрд рублей."


def _sentences_with(tables: dict[str, pd.DataFrame], text: str) -> pd.DataFrame:
    sentences = tables[SENTENCES]
    return sentences[sentences["text"].str.contains(text, regex=False)]


# --- the built corpus -------------------------------------------------------------------------------


def test_a_footer_closing_most_articles_is_boilerplate_with_its_reason(footers):
    tables, _ = footers
    notice = _sentences_with(tables, NOTICE)
    assert notice["article_id"].nunique() == 7
    assert set(notice["boilerplate"]) == {Boilerplate.REPEATED}
    assert set(notice["reason"]) == {"repeated in 7 of 10 articles"}
    # the whole notice, its registration number and "all rights reserved" too: one piece an article
    assert notice["text"].str.endswith("Все права защищены.").all()
    byline = _sentences_with(tables, BYLINE)
    assert set(byline["boilerplate"]) == {Boilerplate.REPEATED} and len(byline) == 3


def test_no_entity_date_or_event_comes_from_boilerplate(footers):
    tables, _ = footers
    left_out = tables[SENTENCES][tables[SENTENCES]["boilerplate"] == Boilerplate.REPEATED]
    keys = left_out[["article_id", "sentence_id"]]
    for name in (TOKENS, MENTIONS, DATES, EVENTS):
        assert tables[name].merge(keys).empty, name
    mentions = set(tables[MENTIONS]["text"])
    assert not {m for m in mentions if "Федеральн" in m or "Роскомнадзор" in m or "вестник" in m}
    assert BYLINE not in mentions
    assert "Ильсур Метшин" in mentions  # the articles' own people are read
    dates = tables[DATES]
    assert not dates["text"].str.contains("2020").any()  # the notice's registration date
    assert not (dates["start_date"].str[:4] == "2020").any()
    assert "2024-06-01" in set(dates.loc[dates["text"] == "1 июня", "start_date"])  # the news is read
    clusters = tables[EVENT_CLUSTERS]
    assert not clusters["start_date"].str.startswith("2020").any()
    # the most-covered event is the news (the bridge closed on 1 June), not the notice (7 sources before)
    assert clusters.sort_values("n_sources", ascending=False).iloc[0]["start_date"] == "2024-06-01"


def test_a_cookie_prompt_opening_articles_is_not_their_title(footers):
    tables, _ = footers
    titles = tables[ARTICLES].set_index("article_id")["title"]
    assert titles["01_vedomosti"] == "Мост Миллениум в Казани закроют на ремонт с 1 июня"
    assert titles["03_vecherka"] == "Жители Ново-Савиновского района опасаются пробок из-за ремонта моста"
    assert titles["06_tatinform"] == "Кабмин Татарстана выделил дополнительные средства на ремонт мостов"
    cookie = _sentences_with(tables, COOKIE)
    assert len(cookie) == 3 and set(cookie["reason"]) == {"repeated in 3 of 10 articles"}


def test_a_sentence_outlets_share_inside_their_text_stays_news(footers):
    tables, _ = footers
    wire = _sentences_with(tables, WIRE)
    assert wire["article_id"].nunique() == 3  # three outlets, in the middle of their text
    assert set(wire["boilerplate"]) == {""}
    assert len(tables[TOKENS].merge(wire[["article_id", "sentence_id"]])) >= 3 * 10


def test_distinct_dates_and_hosts_raise_no_metadata_warning(footers):
    _, manifest = footers
    assert manifest["metadata"]["warnings"] == []
    assert manifest["metadata"]["outlets_known"] is True


# --- the rules, on corpora written here ----------------------------------------------------------

PLACES = ["Казани", "Самаре", "Перми", "Уфе", "Твери", "Омске", "Томске", "Рязани", "Пензе", "Иркутске"]
NEWS = [  # sentences of unrelated local news, two to an article
    "Городская администрация утвердила план ремонта дорог на следующий сезон.",
    "В парке культуры высадили триста молодых лип и кленов.",
    "Трамвайное депо получило пять новых вагонов отечественного производства.",
    "Областная больница открыла отделение реабилитации после инсульта.",
    "На набережной прошел фестиваль уличной еды, его посетили около десяти тысяч человек.",
    "Местный футбольный клуб обыграл соперников со счетом три на один.",
    "Синоптики обещают на выходных сильный ветер и мокрый снег.",
    "Полиция задержала подозреваемых в краже кабеля с железной дороги.",
    "Краеведческий музей показал коллекцию старинных самоваров.",
    "Водоканал предупредил об отключении холодной воды в трех микрорайонах.",
    "Студенты политехнического университета собрали беспилотный катамаран.",
    "В аэропорту открыли новый терминал для внутренних рейсов.",
]


def _filler(i: int) -> str:
    """An article of its own: a headline and sentences no other article repeats together."""
    place = PLACES[i % len(PLACES)]
    return (
        f"В {place} открыли школу на {300 + i} мест\n\n"
        f"{NEWS[i % len(NEWS)]} {NEWS[(i + 1 + i // len(NEWS) * 4) % len(NEWS)]} Новая школа примет {300 + i} учеников.\n"
    )


def _corpus(folder: Path, endings: dict[int, str], outlets: dict[int, str] | None = None, n: int = 20):
    """``n`` articles, article ``i`` closed by ``endings[i]`` (a line of its own), its outlet
    ``outlets[i]``; read and marked as a build marks them, indexed by article id."""
    folder.mkdir(exist_ok=True)
    rows = []
    for i in range(n):
        name = f"{i:02d}.txt"
        (folder / name).write_text(
            _filler(i) + (f"\n{endings[i]}\n" if i in endings else ""), encoding="utf-8"
        )
        rows.append((name, (outlets or {}).get(i, f"outlet{i}")))
    pd.DataFrame(rows, columns=["file", "outlet"]).to_csv(folder / "sources.csv", index=False)
    articles, _, _ = read_corpus(folder)
    return mark_boilerplate(articles).set_index("article_id")


def _kinds(article: pd.Series) -> list[tuple[str, str, str]]:
    """(text, kind, reason) of each paragraph piece of an article."""
    raw = article["raw_text"]
    return [(raw[p.start : p.end], p.boilerplate, p.reason) for p in article["_paragraphs"]]


def test_a_short_line_closing_a_few_articles_is_boilerplate(tmp_path):
    articles = _corpus(tmp_path, {3: "Присоединяйтесь к нам в Telegram", 7: "Присоединяйтесь к нам в Telegram",
                                  11: "Присоединяйтесь к нам в Telegram"})  # fmt: skip
    assert (
        "Присоединяйтесь к нам в Telegram",
        Boilerplate.REPEATED,
        "repeated at the end of 3 articles",
    ) in (_kinds(articles.loc["07"]))
    assert articles.loc["07", "title"] == "В Рязани открыли школу на 307 мест"


def test_a_long_prompt_closing_every_article_it_is_in_is_boilerplate_from_a_tenth(tmp_path):
    prompt = "Оставайтесь с нами: главные новости города каждый день в нашем канале в мессенджере."
    closing = dict.fromkeys((3, 9, 15, 21, 27), prompt)  # 5 of 40 articles, each at its very end
    articles = _corpus(tmp_path, closing, n=40)
    assert (prompt, Boilerplate.REPEATED, "repeated in 5 of 40 articles") in _kinds(articles.loc["15"])
    # once in the middle of a sixth article: not every occurrence is at an edge, and 6 of 40 is under 20%
    (tmp_path / "30.txt").write_text(f"{_filler(30)}\n{prompt}\n\n{_filler(31)}", encoding="utf-8")
    articles = mark_boilerplate(read_corpus(tmp_path)[0]).set_index("article_id")
    assert (prompt, "", "") in _kinds(articles.loc["15"])


def test_a_sentence_closing_three_outlets_articles_stays_news(tmp_path):
    ending = "Ранее власти региона обещали построить еще четыре школы до конца следующего года."
    articles = _corpus(tmp_path, {3: ending, 7: ending, 11: ending})  # 15% of the corpus, three outlets
    assert (ending, "", "") in _kinds(articles.loc["03"])


def test_a_closing_block_in_most_of_one_outlets_articles_is_its_template(tmp_path):
    block = "Редакция благодарит читателей за доверие и напоминает о правилах комментирования материалов."
    outlets = {1: "Вести края", 5: "Вести края", 9: "Вести края", 13: "Вести края"}
    articles = _corpus(tmp_path, {1: block, 5: block, 9: block}, outlets, n=30)  # 10% of the corpus
    assert (block, Boilerplate.REPEATED, "repeated in 3 of 4 articles of Вести края") in _kinds(
        articles.loc["09"]
    )
    # the same block closing a fourth article of another outlet: no longer one outlet's template
    articles = _corpus(tmp_path, {1: block, 5: block, 9: block, 2: block}, outlets, n=30)
    assert (block, "", "") in _kinds(articles.loc["09"])


def test_a_headline_three_outlets_share_stays_their_title(tmp_path):
    _corpus(tmp_path, {})
    shared = "Школы открылись в десяти городах"
    for i in (2, 4, 6):  # a wire story's headline opening three outlets' articles
        (tmp_path / f"{i:02d}.txt").write_text(f"{shared}\n\n" + _filler(i), encoding="utf-8")
    articles = mark_boilerplate(read_corpus(tmp_path)[0]).set_index("article_id")
    assert articles.loc["04", "title"] == shared
    assert (shared, Boilerplate.HEADING, "") in _kinds(articles.loc["04"])


def test_a_closing_copyright_line_of_one_article_is_a_site_footer(tmp_path):
    notice = "© ООО «Пример-медиа», 2003–2024. Использование материалов допускается со ссылкой на сайт."
    articles = _corpus(tmp_path, {5: notice})
    assert (notice, Boilerplate.FOOTER, COPYRIGHT_REASON) in _kinds(articles.loc["05"])
    # © anywhere but the closing line is left to the text
    (tmp_path / "05.txt").write_text(f"{notice}\n\n{_filler(5)}", encoding="utf-8")
    articles = mark_boilerplate(read_corpus(tmp_path)[0]).set_index("article_id")
    assert not {kind for _, kind, _ in _kinds(articles.loc["05"])} & {
        Boilerplate.FOOTER,
        Boilerplate.REPEATED,
    }
