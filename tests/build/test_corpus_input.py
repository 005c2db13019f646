"""Bad input never costs other data: each kind of awkward file is kept (with a notice saying what was
done to it) or skipped (with a reason naming the file and the fix), and the rest of the corpus is read.

Every test builds a tiny corpus in ``tmp_path``; offsets are checked exactly against ``raw_text``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd
import pytest

from analysis.build.corpus import read_corpus
from analysis.build.decode import CorpusError
from analysis.build.layout import detect_language
from tests.corpora import BSNLP, SEEDS

SEED = (SEEDS / "000_2889c3e23c9954a7.txt").read_text(encoding="utf-8")
HEADER = " date 2025-11-07 "
# The first paragraph of a seed article (no header), 193 characters.
PARAGRAPH = SEED[len(HEADER) : SEED.index("\n")]
GOOD = "Президент Казахстана Касым-Жомарт Токаев прилетел в Вашингтон. Визит продлится два дня."


def _corpus(folder: Path, files: dict[str, bytes | str]) -> Path:
    for name, content in files.items():
        path = folder / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8", newline="")
        else:
            path.write_bytes(content)
    return folder


def _read(folder: Path, files: dict[str, bytes | str], **kwargs) -> tuple[pd.DataFrame, dict, dict]:
    """(articles indexed by id, reason per skipped file, messages per file) of a corpus of ``files``."""
    folder.mkdir(exist_ok=True)
    articles, skipped, notices = read_corpus(_corpus(folder, files), **kwargs)
    messages: dict[str, list[str]] = {}
    for notice in notices:
        messages.setdefault(notice["file"], []).append(notice["message"])
    return articles.set_index("article_id"), {s["file"]: s["reason"] for s in skipped}, messages


def _paragraph_texts(article: pd.Series) -> list[str]:
    return [article["raw_text"][p.start : p.end] for p in article["_paragraphs"]]


# --- 1, 2, 9: files that cannot be used at all ---------------------------------------------------


def test_empty_and_whitespace_only_files_are_skipped(tmp_path):
    articles, skipped, notices = _read(
        tmp_path,
        {"good.txt": GOOD, "zero.txt": b"", "blank.txt": " \n\t\r\n  ", "bom.txt": b"\xef\xbb\xbf \n"},
    )
    assert list(articles.index) == ["good"]
    assert skipped == {
        "blank.txt": "blank.txt: the file is empty",
        "bom.txt": "bom.txt: the file is empty",
        "zero.txt": "zero.txt: the file is empty",
    }
    assert notices == {}


PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61") + bytes(64)


def test_binary_files_are_skipped_as_not_text_never_decoded(tmp_path):
    articles, skipped, notices = _read(
        tmp_path,
        {
            "good.txt": GOOD,
            "image.txt": PNG,
            "nul.txt": "Текст\x00статьи".encode(),
            "document.txt": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5 >>\nstream\nx\x9c\x00\x01\xff",
        },
    )
    assert list(articles.index) == ["good"]
    assert skipped == {
        "image.txt": "image.txt: not valid UTF-8 (byte 0) and not text in any other encoding either "
        "(an image, a PDF, a Word file?); save the article as a UTF-8 .txt file",
        "document.txt": "document.txt: not valid UTF-8 (byte 10) and not text in any other encoding either "
        "(an image, a PDF, a Word file?); save the article as a UTF-8 .txt file",
        "nul.txt": "nul.txt: not text (NUL bytes, as in binary files); save the article as a UTF-8 .txt file",
    }
    assert notices == {}


def test_file_over_the_size_limit_is_skipped_naming_the_limit(tmp_path):
    articles, skipped, _ = _read(tmp_path, {"a.txt": "Короткий текст.", "big.txt": GOOD}, max_bytes=100)
    size = len(GOOD.encode())
    assert list(articles.index) == ["a"]
    assert skipped == {
        "big.txt": f"big.txt: {size:,} bytes is over the 100-byte limit for one article; "
        "split it, or raise the limit with --max-bytes"
    }


# --- 3, 4: encodings ------------------------------------------------------------------------------


def test_cp1251_seed_is_decoded_to_the_utf8_original_with_a_notice(tmp_path):
    data = SEED.encode("cp1251")
    articles, skipped, notices = _read(
        tmp_path, {"seed.txt": data, "paragraph.txt": PARAGRAPH.encode("cp1251")}
    )
    assert skipped == {}
    seed = articles.loc["seed"]
    assert seed["raw_text"] == SEED
    assert (seed["body_start"], seed["published"], seed["published_source"]) == (
        len(HEADER),
        "2025-11-07",
        "header",
    )
    assert seed["sha256"] == hashlib.sha256(data).hexdigest()  # the file's bytes, not the text
    assert articles.loc["paragraph", "raw_text"] == PARAGRAPH
    assert notices == {
        "seed.txt": ["seed.txt: decoded as cp1251; re-save as UTF-8 to silence this"],
        "paragraph.txt": ["paragraph.txt: decoded as cp1251; re-save as UTF-8 to silence this"],
    }


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1251", "Хорошая статья о Казахстане."),
        ("cp1251", GOOD),
        ("koi8_r", PARAGRAPH),
        ("koi8_r", SEED.replace("—", "-")),
        ("cp866", PARAGRAPH),
        ("utf_16", PARAGRAPH),
    ],
)
def test_legacy_encodings_decode_exactly(tmp_path, encoding, text):
    articles, skipped, notices = _read(tmp_path, {"a.txt": text.encode(encoding)})
    assert skipped == {}
    assert articles.loc["a", "raw_text"] == text
    assert notices == {"a.txt": [f"a.txt: decoded as {encoding}; re-save as UTF-8 to silence this"]}


def test_damaged_utf8_keeps_its_text_and_says_where(tmp_path):
    data = SEED.encode()
    cut = data.index("Согласно".encode())
    articles, skipped, notices = _read(tmp_path, {"a.txt": data[:cut] + b"\xff" + data[cut:]})
    assert skipped == {}
    assert articles.loc["a", "raw_text"] == SEED.replace("Согласно", "\ufffdСогласно")
    assert notices == {
        "a.txt": [
            f"a.txt: 1 invalid UTF-8 byte sequence(s), the first at byte {cut}, read as U+FFFD; "
            "the rest is UTF-8 (a damaged or truncated file?): fix it or re-save it as UTF-8"
        ]
    }


def test_utf8_bom_is_dropped_and_offsets_point_into_the_text_without_it(tmp_path):
    articles, skipped, notices = _read(tmp_path, {"a.txt": b"\xef\xbb\xbf" + SEED.encode()})
    article = articles.loc["a"]
    assert article["raw_text"] == SEED
    assert article["body_start"] == len(HEADER)
    assert article["published"] == "2025-11-07"
    assert _paragraph_texts(article)[0] == PARAGRAPH
    assert (skipped, notices) == ({}, {})


def test_utf16_byte_order_mark_alone_is_empty(tmp_path):
    articles, skipped, _ = _read(tmp_path, {"a.txt": GOOD, "bom.txt": b"\xff\xfe"})
    assert list(articles.index) == ["a"]
    assert skipped == {"bom.txt": "bom.txt: not valid UTF-8, and decoded as utf_16 it is empty"}


# --- 5: line ends ---------------------------------------------------------------------------------


def test_crlf_and_cr_line_ends_are_kept_and_never_part_of_a_paragraph(tmp_path):
    crlf = " date 2025-11-07 Первая строка статьи.\r\n\r\nВторая строка статьи.\r\nФото: архив\r\n"
    articles, skipped, notices = _read(
        tmp_path, {"crlf.txt": crlf, "cr.txt": "Одна строка.\rДругая строка.\r"}
    )
    article = articles.loc["crlf"]
    assert article["raw_text"] == crlf  # newlines untranslated: offsets are the file's characters
    assert article["body_start"] == len(HEADER)
    assert article["body_end"] == len(crlf) - 2
    assert [(p.start, p.end, p.boilerplate) for p in article["_paragraphs"]] == [
        (17, 38, ""),
        (42, 63, ""),
        (65, 76, "photo_credit"),
    ]
    assert _paragraph_texts(article) == ["Первая строка статьи.", "Вторая строка статьи.", "Фото: архив"]
    assert _paragraph_texts(articles.loc["cr"]) == ["Одна строка.", "Другая строка."]
    assert articles.loc["crlf", "title"] == "Первая строка статьи."
    assert (skipped, notices) == ({}, {})


# --- 6: header ------------------------------------------------------------------------------------


def test_impossible_header_date_keeps_the_article_and_the_header(tmp_path):
    _corpus(tmp_path, {"sources.csv": "file,published\nb.txt,2025-11-06\n"})
    articles, skipped, notices = _read(
        tmp_path, {"a.txt": " date 2025-13-45 Текст статьи о визите.", "b.txt": " date 2025-13-45 " + GOOD}
    )
    assert articles["body_start"].to_dict() == {"a": len(" date 2025-13-45 "), "b": len(" date 2025-13-45 ")}
    assert _paragraph_texts(articles.loc["a"]) == ["Текст статьи о визите."]
    assert _paragraph_texts(articles.loc["b"]) == [GOOD]
    assert (articles.loc["a", "published"], articles.loc["a", "published_source"]) == ("", "missing")
    assert (articles.loc["b", "published"], articles.loc["b", "published_source"]) == (
        "2025-11-06",
        "sources.csv",
    )
    message = "header date '2025-13-45' is not a real date; ignored it (fix the first line)"
    assert notices == {"a.txt": [f"a.txt: {message}"], "b.txt": [f"b.txt: {message}"]}
    assert skipped == {}


# --- 7: web pages ---------------------------------------------------------------------------------

TITLE = "Казахстан присоединился к Авраамовым соглашениям"
BODY = [
    "Президент Казахстана Касым-Жомарт Токаев объявил о присоединении страны к Авраамовым соглашениям "
    "во время визита в Вашингтон.",
    "Соглашения были подписаны в 2020 году Израилем, Объединёнными Арабскими Эмиратами и Бахрейном "
    "при посредничестве США.",
    "Эксперты считают, что решение Астаны укрепит её связи с Израилем и Соединёнными Штатами, хотя "
    "дипломатические отношения между странами существуют с 1992 года.",
]
PAGE = f"""<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>{TITLE} — Новости Мира</title>
<meta property="og:title" content="{TITLE}">
<meta property="article:published_time" content="2025-11-07T09:30:00+03:00">
<script>window.dataLayer = [{{"page": "news"}}]; track("счётчик посещений");</script>
</head>
<body>
<nav><ul><li><a href="/">Главная</a></li><li><a href="/politics">Политика</a></li></ul></nav>
<header><div class="logo">Новости Мира</div></header>
<main><article>
<h1>{TITLE}</h1>
{"".join(f"<p>{p}</p>" for p in BODY)}
</article></main>
<aside>Читайте также: Курс доллара на сегодня</aside>
<footer><p>© 2025 Новости Мира. Все права защищены. Перепечатка запрещена.</p></footer>
</body>
</html>
"""


def test_saved_web_page_is_reduced_to_its_article_with_title_and_date(tmp_path):
    saved = "<!-- saved from url=(0019)https://example.org -->\n" + PAGE  # a page saved as .txt
    for name, html in {"page.html": PAGE, "saved.txt": saved}.items():
        articles, skipped, notices = _read(tmp_path / name.replace(".", "_"), {name: html})
        article = articles.loc[name.split(".")[0]]
        assert article["raw_text"] == "\n".join([TITLE, *BODY]) + "\n"
        assert (article["published"], article["published_source"]) == ("2025-11-07", "html")
        assert _paragraph_texts(article) == [TITLE, *BODY]
        assert article["body_start"] == 0
        for gone in ("Главная", "Политика", "Новости Мира", "Читайте также", "Перепечатка", "счётчик", "<"):
            assert gone not in article["raw_text"]
        extracted = (
            "extracted article text from HTML with trafilatura (publication date 2025-11-07 from the page)"
        )
        assert notices == {name: [f"{name}: {extracted}"]}
        assert skipped == {}


def test_page_date_gives_way_to_sources_csv_and_a_title_outside_the_text_comes_first(tmp_path):
    page = PAGE.replace(f"<h1>{TITLE}</h1>", "")
    _corpus(tmp_path, {"sources.csv": "file,published\npage.htm,2025-11-06\n"})
    articles, _, _ = _read(tmp_path, {"page.htm": page})
    article = articles.loc["page"]
    assert article["raw_text"] == "\n".join([TITLE, "", *BODY]) + "\n"
    assert (article["published"], article["published_source"]) == ("2025-11-06", "sources.csv")


HOSTILE = f"""<html><head><title>Заголовок</title>
<script>alert('взлом'); document.write('<p>Текст, который вписал скрипт</p>')</script>
<style>p {{ color: red }} .x:before {{ content: 'стиль' }}</style></head><body>
<p onclick="steal()">{BODY[0]}</p>
<script type="text/javascript">var secret = "Скрытый текст скрипта в теле страницы";</script>
<p>{BODY[1]}</p><noscript>Включите JavaScript</noscript><iframe src="http://evil.example"></iframe>
<img src=x onerror="alert(1)"><p>Третий абзац <b>с разметкой</b> и <a href="javascript:alert(1)">ссылкой</a>.</p>
</body></html>"""


def test_hostile_page_keeps_text_and_drops_scripts(tmp_path):
    articles, skipped, notices = _read(tmp_path, {"hostile.html": HOSTILE})
    article = articles.loc["hostile"]
    assert article["raw_text"] == f"Заголовок\n\n{BODY[0]}\n{BODY[1]}\nТретий абзац с разметкой и ссылкой.\n"
    assert (article["published"], article["published_source"]) == ("", "missing")
    assert notices == {"hostile.html": ["hostile.html: extracted article text from HTML with trafilatura"]}
    assert skipped == {}


def test_page_without_article_text_is_skipped(tmp_path):
    menu = "<html><head><title>Главная</title></head><body><nav><a href='/'>Главная</a> <a href='/a'>Политика</a></nav></body></html>"
    articles, skipped, notices = _read(
        tmp_path, {"a.txt": GOOD, "menu.html": menu, "blank.html": "<html></html>"}
    )
    assert list(articles.index) == ["a"]
    reason = (
        "trafilatura found no article text in this HTML page (at most menus and headings); "
        "save the article's text as a .txt file"
    )
    assert skipped == {"blank.html": f"blank.html: {reason}", "menu.html": f"menu.html: {reason}"}
    assert notices == {}


def test_page_the_parser_fails_on_costs_only_itself(tmp_path, monkeypatch):
    import trafilatura

    def fail(*args, **kwargs):
        raise ValueError("parser bug")

    monkeypatch.setattr(trafilatura, "bare_extraction", fail)
    articles, skipped, _ = _read(tmp_path, {"a.txt": GOOD, "page.html": PAGE})
    assert list(articles.index) == ["a"]
    assert skipped == {
        "page.html": "page.html: trafilatura could not read this HTML page (ValueError); "
        "save the article's text as a .txt file"
    }


# --- 8: duplicates --------------------------------------------------------------------------------


def test_exact_and_near_duplicates_are_skipped_naming_the_first(tmp_path):
    near = SEED.replace("американский портал Axios", "портал Axios")
    articles, skipped, notices = _read(
        tmp_path,
        {
            "000_first.txt": SEED,
            "001_copy.txt": SEED.replace("\n", "\n\n").replace(HEADER, " date 2025-11-08 "),
            "002_near.txt": near,
            "003_other.txt": GOOD,
        },
    )
    assert list(articles.index) == ["000_first", "003_other"]
    fix = "delete one of the two, or give them their different outlets in sources.csv if they are separate publications"
    assert skipped == {
        "001_copy.txt": f"001_copy.txt: same text as 000_first.txt; {fix}",
        "002_near.txt": f"002_near.txt: near-duplicate (99% similar) of 000_first.txt; {fix}",
    }
    assert notices == {}


def test_same_text_from_two_known_outlets_is_kept_as_syndication(tmp_path):
    _corpus(
        tmp_path, {"sources.csv": "file,outlet\na.txt,vesti.ru\nb.txt,33live.ru\nc.txt,33live.ru\nd.txt,\n"}
    )
    articles, skipped, notices = _read(
        tmp_path, {name: SEED for name in ("a.txt", "b.txt", "c.txt", "d.txt")}
    )
    assert list(articles.index) == ["a", "b"]
    fix = "delete one of the two, or give them their different outlets in sources.csv if they are separate publications"
    # c: the same outlet as b; d: no outlet, so nothing tells it apart from a
    assert skipped == {
        "c.txt": f"c.txt: same text as b.txt; {fix}",
        "d.txt": f"d.txt: same text as a.txt; {fix}",
    }
    assert notices == {
        "b.txt": [
            "b.txt: 100% the same text as a.txt, kept as another outlet's publication (33live.ru, vesti.ru)"
        ]
    }


def test_legitimate_rewrites_are_not_duplicates(tmp_path):
    files = {path.name: path.read_bytes() for path in sorted(SEEDS.glob("*.txt"))}
    articles, skipped, notices = _read(tmp_path, files)
    assert len(articles) == 5
    assert (skipped, notices) == ({}, {})


BSNLP_COPIES = {
    # same page crawled twice (same URL); the reason names the copy kept
    "asia_bibi": {
        "asia_bibi_ru.txt_file_103.txt": "near-duplicate (99% similar) of asia_bibi_ru.txt_file_102.txt",
        "asia_bibi_ru.txt_file_99.txt": "near-duplicate (99% similar) of asia_bibi_ru.txt_file_102.txt",
        "asia_bibi_ru.txt_file_121.txt": "near-duplicate (99% similar) of asia_bibi_ru.txt_file_120.txt",
        "asia_bibi_ru.txt_file_123.txt": "near-duplicate (99% similar) of asia_bibi_ru.txt_file_120.txt",
        "asia_bibi_ru.txt_file_138.txt": "near-duplicate (99% similar) of asia_bibi_ru.txt_file_128.txt",
        "asia_bibi_ru.txt_file_153.txt": "near-duplicate (99% similar) of asia_bibi_ru.txt_file_140.txt",
        "asia_bibi_ru.txt_file_156.txt": "near-duplicate (96% similar) of asia_bibi_ru.txt_file_143.txt",
        "asia_bibi_ru.txt_file_185.txt": "near-duplicate (99% similar) of asia_bibi_ru.txt_file_184.txt",
        "asia_bibi_ru.txt_file_188.txt": "near-duplicate (99% similar) of asia_bibi_ru.txt_file_158.txt",
        "asia_bibi_ru.txt_file_196.txt": "near-duplicate (99% similar) of asia_bibi_ru.txt_file_195.txt",
    },
    "ryanair": {
        "ryan-ru_file_89.txt": "same text as ryan-ru_file_81.txt",  # same URL
        "ryan-ru_file_7.txt": "near-duplicate (98% similar) of ryan-ru_file_6.txt",  # same outlet, no title
    },
}


@pytest.mark.parametrize("topic", sorted(BSNLP_COPIES))
def test_bsnlp_copies_are_the_recrawled_pages_and_syndication_is_kept(tmp_path, topic):
    from analysis.tools.evaluate.bsnlp import to_corpus

    raw = BSNLP / topic / "raw" / "ru"
    if not raw.is_dir():
        pytest.skip(f"{raw} not present")
    documents = to_corpus(raw, tmp_path)
    articles, skipped, notices = read_corpus(tmp_path)
    assert {
        entry["file"]: entry["reason"].split(";")[0].split(": ", 1)[1] for entry in skipped
    } == BSNLP_COPIES[topic]
    assert len(articles) == len(documents) - len(BSNLP_COPIES[topic])
    syndicated = {
        "asia_bibi": [
            "asia_bibi_ru.txt_file_150.txt: 99% the same text as asia_bibi_ru.txt_file_124.txt, "
            "kept as another outlet's publication (vesti.ru, 33live.ru)",
            "asia_bibi_ru.txt_file_194.txt: 99% the same text as asia_bibi_ru.txt_file_193.txt, "
            "kept as another outlet's publication (vesti.ru, 33live.ru)",
        ],
        "ryanair": [],
    }
    assert [notice["message"] for notice in notices] == syndicated[topic]


# --- 10, 11: names and languages ------------------------------------------------------------------


def test_odd_file_names_are_read_and_keep_their_stem(tmp_path):
    names = [
        "a\nb.txt",
        "\x1b[31mred.txt",
        "tab\there.txt",
        "пробел и ёлка.TXT",
        "\u202eevil.txt",
        "-dash.txt",
    ]
    files = {name: f"{GOOD} Вариант {i}: {'абвгдежзик'[i] * 40}." for i, name in enumerate(names)}
    files["a\rc.txt"] = ""
    undecodable = os.fsdecode(b"bad\xff.txt")
    files[undecodable] = GOOD
    articles, skipped, _ = _read(tmp_path, files)
    assert sorted(articles.index) == sorted(name.rsplit(".", 1)[0] for name in names)
    assert skipped == {
        "a\rc.txt": "a\\rc.txt: the file is empty",
        "bad\\xff.txt": "bad\\xff.txt: the file name is not valid UTF-8; rename the file",
    }
    articles.drop(columns="_paragraphs").to_parquet(tmp_path / "articles.parquet")  # the ids can be written


def test_same_stem_twice_keeps_the_first(tmp_path):
    articles, skipped, _ = _read(tmp_path, {"a.html": PAGE, "a.txt": GOOD})
    assert list(articles.index) == ["a"] and articles.loc["a", "file"] == "a.html"
    assert skipped == {"a.txt": "a.txt: the article id 'a' is already taken by a.html; rename one"}


ENGLISH = (
    "Ryanair cancelled 250 flights on Friday after pilots in Germany, Sweden and Belgium went on strike."
)
UKRAINIAN = "Президент Казахстану Касим-Жомарт Токаєв заявив, що країна приєднається до Авраамових угод."


def test_detect_language():
    assert detect_language(ENGLISH) == "en"
    assert detect_language(PARAGRAPH) == "ru"
    assert detect_language(UKRAINIAN) == "uk"


def test_english_article_is_kept_with_its_language(tmp_path):
    articles, skipped, notices = _read(tmp_path, {"en.txt": ENGLISH, "ru.txt": GOOD})
    assert articles["language"].to_dict() == {"en": "en", "ru": "ru"}
    assert (skipped, notices) == ({}, {})


# --- 12: sources.csv ------------------------------------------------------------------------------


def test_bad_sources_csv_cells_cost_only_that_cell(tmp_path):
    _corpus(
        tmp_path,
        {
            "sources.csv": "\ufefffile,outlet,published\n"  # Excel's CSV UTF-8 starts with a BOM
            "a.txt,РБК,2025-11-06\n"
            "b.txt,Фокус,07.11.2025\n"
            ",Коммерсантъ,2025-11-01\n"
            "c.txt,,2025-02-30\n",
        },
    )
    articles, skipped, notices = _read(
        tmp_path, {"a.txt": GOOD, "b.txt": PARAGRAPH, "c.txt": HEADER + ENGLISH}
    )
    rows = articles[["outlet", "published", "published_source"]].to_dict("index")
    assert rows == {
        "a": {"outlet": "РБК", "published": "2025-11-06", "published_source": "sources.csv"},
        "b": {"outlet": "Фокус", "published": "", "published_source": "missing"},
        "c": {"outlet": "", "published": "2025-11-07", "published_source": "header"},
    }
    assert notices == {
        "sources.csv": [
            "sources.csv line 3: published '07.11.2025' for b.txt is not a YYYY-MM-DD date; "
            "ignored it (fix or empty the cell)",
            "sources.csv line 4: no file name; the row is ignored",
            "sources.csv line 5: published '2025-02-30' for c.txt is not a YYYY-MM-DD date; "
            "ignored it (fix or empty the cell)",
        ]
    }
    assert skipped == {}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "file,outlet\na.txt,Коммерсантъ\n".encode("cp1251"),
            r"sources\.csv: not valid UTF-8 \(byte 18\); re-save it as UTF-8",
        ),
        (b"name,outlet\na.txt,x\n", r"sources\.csv: needs a header row with at least a 'file' column"),
        (b"", r"sources\.csv: needs a header row"),
    ],
)
def test_unreadable_sources_csv_stops_the_corpus_naming_it(tmp_path, content, message):
    _corpus(tmp_path, {"a.txt": GOOD, "sources.csv": content})
    with pytest.raises(CorpusError, match=message):
        read_corpus(tmp_path)


# --- offsets after a build ------------------------------------------------------------------------


def test_offsets_hold_after_a_build_for_converted_files(tmp_path):
    from analysis.build.run import build_tables

    crlf = (SEEDS / "001_f2c8b14476094b1d.txt").read_text(encoding="utf-8").replace("\n", "\r\n")
    _corpus(
        tmp_path,
        {
            "cp1251.txt": SEED.encode("cp1251"),
            "crlf.txt": crlf,
            "bom.txt": b"\xef\xbb\xbf" + (SEEDS / "004_9612a995b4a4a15c.txt").read_bytes(),
            "page.html": PAGE,
        },
    )
    tables, manifest = build_tables(tmp_path, engine="natasha", cache=False)
    assert sorted(tables["articles"]["article_id"]) == ["bom", "cp1251", "crlf", "page"]
    assert manifest["skipped"] == [] and manifest["errors"] == []
    raw = tables["articles"].set_index("article_id")["raw_text"]
    assert raw["crlf"] == crlf
    for name in ("sentences", "mentions", "dates"):
        frame = tables[name]
        assert len(frame[frame["article_id"] == "crlf"]) > 0, name
        for row in frame.itertuples(index=False):
            assert raw[row.article_id][row.start : row.end] == row.text, (name, row)
            assert "\r" not in row.text
