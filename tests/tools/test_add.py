"""Adding and removing articles (analysis.add, `python -m analysis add|remove`, the Add page).

Every test works on temporary copies of two seed articles: never the repository's seeds/ or data/.
"""

from __future__ import annotations

import ast
import hashlib
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import add
from analysis.add import AddError, add_articles, remove_article
from analysis.build.run import ADDED_DIR, run_build
from analysis.core.schema import ARTICLES, MENTIONS, TABLES
from tests.corpora import ROOT, SEEDS
from tests.helpers import APP

PAGE = ROOT / "dashboard" / "views" / "add.py"
SEED_IDS = ("000_2889c3e23c9954a7", "001_f2c8b14476094b1d")
TITLE = "Токаев и Нетаньяху"
TEXT = (
    "Президент Казахстана Касым-Жомарт Токаев 10 ноября 2025 года провёл в Иерусалиме переговоры "
    "с премьер-министром Израиля Биньямином Нетаньяху. Стороны обсудили присоединение Казахстана "
    "к Авраамовым соглашениям, сообщила пресс-служба Акорды.\n"
)
META = {"outlet": "Тестовые новости", "url": "https://example.org/news/1", "published": "2025-11-10"}


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Two seed articles and their sources.csv rows in a temporary corpus folder."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for article_id in SEED_IDS:
        shutil.copy(SEEDS / f"{article_id}.txt", folder)
    rows = ["file,outlet,url,language,published", *(f"{a}.txt,,,," for a in SEED_IDS)]
    (folder / "sources.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "incoming" / "visit.txt"
    path.parent.mkdir()
    path.write_text(f"{TITLE}\n\n{TEXT}", encoding="utf-8")
    return path


def table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(out / TABLES[name].file)


def files_outside(root: Path, folder: Path) -> dict[str, bytes]:
    """Every file under ``root`` but not under ``folder``, with its bytes (to see nothing changed)."""
    return {
        str(p): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not p.is_symlink() and folder not in p.parents
    }


# --- analysis.add with a real build ---------------------------------------------------------------


def test_added_article_is_built_with_its_metadata_and_removed_again(tmp_path, corpus, article):
    out = tmp_path / "data"
    added = out / ADDED_DIR
    saved = add_articles([article], added, corpus=corpus, **META)
    assert saved == ["visit.txt"]
    manifest, _ = run_build(corpus, out, engine="natasha", cache=False)
    assert not manifest["skipped"] and not manifest["errors"]
    articles = table(out, ARTICLES).set_index("article_id")
    assert len(articles) == 3
    row = articles.loc["visit"]
    assert (row["outlet"], row["url"], row["published"]) == (META["outlet"], META["url"], META["published"])
    assert (row["outlet_source"], row["published_source"]) == ("sources.csv", "sources.csv")
    mentions = table(out, MENTIONS)
    own = mentions[mentions["article_id"] == "visit"]
    found = {(m.type, m.text) for m in own.itertuples()}
    assert {("PER", "Касым-Жомарт Токаев"), ("PER", "Биньямином Нетаньяху"), ("LOC", "Израиля")} <= found
    tokayev = own.loc[own["text"] == "Касым-Жомарт Токаев", "entity_id"].iloc[0]
    assert set(mentions.loc[mentions["entity_id"] == tokayev, "article_id"]) > {"visit"}  # one entity

    assert remove_article("visit", added, corpus=corpus) == "visit.txt"
    run_build(corpus, out, engine="natasha", cache=False)
    assert set(table(out, ARTICLES)["article_id"]) == set(SEED_IDS)
    assert "visit" not in set(table(out, MENTIONS)["article_id"])
    assert not added.exists(), "the folder goes with its last article (its sources.csv too)"
    assert sorted(p.name for p in corpus.iterdir()) == sorted(
        [*(f"{a}.txt" for a in SEED_IDS), "sources.csv"]
    )


def hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``, by its path inside it."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_adding_then_removing_an_article_leaves_the_data_folder_as_it_was(
    tmp_path, corpus, article, monkeypatch
):
    """An analyst adds an article to look at it, then removes it (as the Add page and the command line
    do: change, then rebuild): every file of data/ is byte for byte as before the add (no added/ folder
    left with a header-only sources.csv, no manifest with a new time, no Parquet re-encoded), so a
    checkout stays clean. A second add of the same article gives the same bytes as the first."""
    monkeypatch.chdir(tmp_path)  # the engine and stage caches in the temporary folder
    out, added = tmp_path / "data", tmp_path / "data" / ADDED_DIR
    where = {"corpus": corpus, "out": out, "engine": "natasha"}
    run_build(corpus, out, engine="natasha")
    before = hashes(out)

    def adding() -> list[str]:
        return add_articles([article], added, corpus=corpus, **META)

    def removing() -> list[str]:
        return [remove_article("visit", added, corpus=corpus)]

    _, manifest = add.change_and_build(adding, **where)
    assert manifest["tables"]["articles"] == 3
    with_article = hashes(out)
    assert with_article != before and "added/visit.txt" in with_article
    add.change_and_build(removing, **where)
    assert hashes(out) == before
    add.change_and_build(adding, **where)
    assert hashes(out) == with_article


def run_cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "analysis", *map(str, args)]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_command_line_add_and_remove(tmp_path, corpus, article):
    out = tmp_path / "data"
    where = ("--corpus", corpus, "--out", out)
    bad = run_cli("add", article, *where, "--date", "10.11.2025", "--no-build", cwd=tmp_path)
    assert bad.returncode == 2 and "not YYYY-MM-DD" in bad.stderr and not out.exists()

    done = run_cli(
        "add", article, *where, "--engine", "natasha", "--quiet",
        "--outlet", META["outlet"], "--url", META["url"], "--date", META["published"], cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "added visit.txt" in done.stdout and "rebuilt" in done.stdout
    row = table(out, ARTICLES).set_index("article_id").loc["visit"]
    assert (row["outlet"], row["url"], row["published"]) == tuple(META.values())

    seed = run_cli("remove", SEED_IDS[0], *where, cwd=tmp_path)
    assert seed.returncode == 2 and "main corpus" in seed.stderr
    gone = run_cli("remove", "visit", *where, "--quiet", cwd=tmp_path)
    assert gone.returncode == 0, gone.stderr
    assert "removed visit.txt" in gone.stdout
    assert set(table(out, ARTICLES)["article_id"]) == set(SEED_IDS)
    assert (corpus / f"{SEED_IDS[0]}.txt").exists()


# --- names, limits, metadata (no build) ----------------------------------------------------------

HOSTILE = ["../evil.txt", "a/b.txt", "\x00x.txt", "CON.txt", "..\\..\\win.txt", "/etc/passwd.txt",
           "....//....//up.txt", "x\n\r\t.txt", "..", "nul.html", " .txt", "lpt1.txt"]  # fmt: skip


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_never_write_outside_the_folder(tmp_path, corpus, name):
    folder = tmp_path / "data" / ADDED_DIR
    before = files_outside(tmp_path, folder)
    try:
        saved = add_articles([(name, f"{TEXT} {name!r}".encode())], folder, corpus=corpus)
    except AddError as error:  # no usable extension: refused, with the name in the message
        assert repr(name) in str(error)
        saved = []
    assert files_outside(tmp_path, folder) == before
    for file in saved:
        assert "/" not in file and "\\" not in file and ".." not in file and file.isprintable()
        assert Path(file).stem.casefold() not in {"con", "nul", "lpt1"}
        assert (folder / file).resolve().parent == folder.resolve()
        assert not os.access(folder / file, os.X_OK)


def test_symlinks_in_the_folder_are_not_followed(tmp_path, corpus):
    folder = tmp_path / ADDED_DIR
    folder.mkdir()
    outside = tmp_path / "secret.csv"
    outside.write_text("keep me\n", encoding="utf-8")
    (folder / "sources.csv").symlink_to(outside)
    (folder / "x.txt").symlink_to(outside)
    saved = add_articles([("x.txt", TEXT.encode())], folder, corpus=corpus)
    assert saved == ["x-2.txt"]
    assert outside.read_text(encoding="utf-8") == "keep me\n"
    assert not (folder / "sources.csv").is_symlink()


def test_names_are_unique_against_both_folders(tmp_path, corpus):
    folder = tmp_path / ADDED_DIR
    seed_name = f"{SEED_IDS[0]}.txt"
    first = add_articles([(seed_name, b"one " + TEXT.encode())], folder, corpus=corpus)
    second = add_articles(
        [("Note.TXT", b"two " + TEXT.encode()), ("note.txt", b"three " + TEXT.encode())],
        folder,
        corpus=corpus,
    )
    assert first == [f"{SEED_IDS[0]}-2.txt"]
    assert second == ["Note.txt", "note-2.txt"]
    assert (corpus / seed_name).read_bytes() == (SEEDS / seed_name).read_bytes()


def test_limits_and_unknown_types_refuse_the_whole_call(tmp_path, corpus):
    folder = tmp_path / ADDED_DIR
    good = ("good.txt", TEXT.encode())
    cases = {
        f"{add.MAX_FILE_BYTES:,}-byte limit": [good, ("big.txt", b"x" * (add.MAX_FILE_BYTES + 1))],
        f"limit of {add.MAX_FILES} files": [(f"a{i}.txt", f"{i} {TEXT}".encode()) for i in range(add.MAX_FILES + 1)],
        "only .txt and .html": [good, ("run.py", b"import os")],
        "'.pdf'": [("paper.pdf", b"%PDF")],
        "without an extension": [("README", b"text")],
        "is empty": [("blank.txt", b" \n")],
        "already in the corpus": [("copy.txt", (corpus / f"{SEED_IDS[1]}.txt").read_bytes())],
    }  # fmt: skip
    for expected, items in cases.items():
        with pytest.raises(AddError) as caught:
            add_articles(items, folder, corpus=corpus)
        assert expected in str(caught.value), (expected, str(caught.value))
        assert not folder.exists() or not any(folder.iterdir())
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (add.MAX_FILE_BYTES + 1))
    with pytest.raises(AddError, match="'big.txt'.*1,000,000-byte limit"):
        add_articles([big], folder, corpus=corpus)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("published", "2025-13-01", "not a real date"),
        ("published", "07.11.2025", "not YYYY-MM-DD"),
        ("url", "javascript:alert(1)", "http:// or https://"),
        ("url", "file:///etc/passwd", "http:// or https://"),
        ("url", "https://example.org/a b", "spaces or control"),
        ("outlet", "x" * 200, "over 120 characters"),
    ],
)
def test_bad_metadata_is_refused(tmp_path, corpus, field, value, message):
    folder = tmp_path / ADDED_DIR
    with pytest.raises(AddError, match=message):
        add_articles([("a.txt", TEXT.encode())], folder, corpus=corpus, **{field: value})
    assert not folder.exists()


def test_metadata_is_upserted_into_sources_csv(tmp_path, corpus):
    folder = tmp_path / ADDED_DIR
    add_articles(
        [("a.txt", TEXT.encode())],
        folder,
        corpus=corpus,
        outlet="=cmd|x  Outlet\n",
        **{"url": "http://a.example"},
    )
    add_articles(
        [("b.html", b"<p>" + TEXT.encode() + b"</p>")], folder, corpus=corpus, published="2025-11-07"
    )
    rows = pd.read_csv(folder / "sources.csv", dtype=str, keep_default_na=False).set_index("file")
    assert list(rows.columns) == ["outlet", "url", "language", "published"]
    assert rows.loc["a.txt", "outlet"] == "cmd|x Outlet" and rows.loc["a.txt", "url"] == "http://a.example"
    assert rows.loc["b.html", "published"] == "2025-11-07"
    assert [a["article_id"] for a in add.added_articles(folder)] == ["a", "b"]


def test_only_added_articles_can_be_removed(tmp_path, corpus):
    folder = tmp_path / ADDED_DIR
    add_articles([("mine.txt", TEXT.encode())], folder, corpus=corpus)
    for article_id, message in [
        (SEED_IDS[0], "main corpus"),
        (f"../seeds/{SEED_IDS[0]}", "not an article id"),
        ("sources", "not an added article"),
        ("", "not an article id"),
    ]:
        with pytest.raises(AddError, match=message):
            remove_article(article_id, folder, corpus=corpus)
    assert (corpus / f"{SEED_IDS[0]}.txt").exists() and (folder / "mine.txt").exists()


# --- the Add page ----------------------------------------------------------------------------------


def page_constants() -> dict[str, object]:
    """The page's module-level constants, read without running the page."""
    found = {}
    for node in ast.parse(PAGE.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return found


def test_page_constants_agree_with_the_analysis():
    from dashboard.data import folders

    page = page_constants()
    assert folders.ADDED_DIR == ADDED_DIR  # where the pages that change the corpus find the added folder
    assert page["EXTENSIONS"] == add.EXTENSIONS and page["MAX_FILES"] == add.MAX_FILES
    assert page["UPLOAD_MB"] * 1024 * 1024 >= add.MAX_FILE_BYTES > (page["UPLOAD_MB"] - 1) * 1024 * 1024


def test_page_imports_the_analysis_only_on_a_click():
    """At module level the page imports nothing of analysis but its core (pure Python); rendering it
    (empty state included) loads no NLP package."""
    for node in ast.parse(PAGE.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            assert not (module or "").startswith("analysis") or module.startswith("analysis.core"), module
    probe = (
        "import sys; from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({APP!r}, default_timeout=60); at.run()\n"
        "at.switch_page('views/add.py').run(); assert not at.exception, at.exception\n"
        "assert at.title[0].value == 'Add articles'\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('natasha', 'slovnet', 'razdel', 'pymorphy3', 'stanza', 'torch') or m in ('analysis.add', 'analysis.build.run')))"
    )
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(ROOT / "data")}
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


@pytest.fixture
def page(tmp_path, corpus, monkeypatch):
    """The Add page on a dashboard built from the two seed articles; added articles in a folder of
    their own (``$STORYLENS_ADDED_DIR``), the NLP cache in the temporary folder."""
    out = tmp_path / "data"
    run_build(corpus, out, engine="natasha", cache=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(out))
    monkeypatch.setenv("STORYLENS_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("STORYLENS_ADDED_DIR", str(tmp_path / "mine"))

    def open_page() -> AppTest:
        at = AppTest.from_file(APP, default_timeout=120)
        at.run()
        at.switch_page("views/add.py").run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return open_page


def test_page_pastes_an_article_and_removes_it(page, tmp_path):
    at = page()
    assert at.title[0].value == "Add articles"
    assert "No added articles yet" in at.info[0].value
    at.text_input(key="add-title-0").set_value(TITLE)
    at.text_area(key="add-text-0").set_value(TEXT)
    at.text_input(key="add-outlet-0").set_value("<b>Тест</b> [x](javascript:alert(1))")
    at.button(key="add").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Токаев-и-Нетаньяху.txt" in at.success[0].value
    assert (tmp_path / "mine" / "Токаев-и-Нетаньяху.txt").read_text(encoding="utf-8").startswith(TITLE)
    listing = next(md.value for md in at.markdown if "Токаев-и-Нетаньяху.txt" in md.value)
    assert (
        "\\<b\\>" in listing and "\\[x\\]\\(javascript" in listing
    )  # shown literally, never as HTML or a link
    assert at.text_input(key="add-title-1").value == ""  # the inputs are emptied

    at.switch_page("views/overview.py").run()  # every page reads the new tables at once
    assert at.metric[0].value == "3"
    at.switch_page("views/add.py").run()
    at.button(key="remove-Токаев-и-Нетаньяху.txt").click().run()
    assert not at.exception and "Removed" in at.success[0].value
    assert "No added articles yet" in at.info[0].value
    assert set(table(tmp_path / "data", ARTICLES)["article_id"]) == set(SEED_IDS)


def shown(markdown: str) -> str:
    """Markdown as the reader sees it (backslash escapes removed)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def test_page_reports_bad_input_and_nothing_to_add(page):
    at = page()
    at.button(key="add").click().run()
    assert "Upload a file or paste" in at.warning[0].value
    at.text_area(key="add-text-0").set_value(TEXT)
    at.text_input(key="add-url-0").set_value("javascript:alert(1)")
    at.button(key="add").click().run()
    assert not at.exception and "http:// or https://" in shown(at.error[0].value)
    assert "No added articles yet" in at.info[0].value


def test_page_lists_an_article_not_built_yet(page, tmp_path, corpus):
    add_articles([("later.txt", TEXT.encode())], tmp_path / "mine", corpus=corpus)  # e.g. `add --no-build`
    at = page()
    assert any("later.txt" in md.value and "not built yet" in md.value for md in at.markdown)
    assert at.button(key="remove-later.txt")


@pytest.mark.parametrize("module", ["natasha", "razdel", "trafilatura", "number_parser"])
def test_page_without_the_analysis_extras_says_how_to_install(page, monkeypatch, module):
    """Any module of the nlp extra missing (hidden: importing it fails as if it were not installed): the
    page names it and the install command, and offers no button."""
    monkeypatch.setitem(sys.modules, module, None)
    at = page()
    assert f"the Python package '{module}' is not installed" in shown(at.info[0].value)
    assert 'pip install -e ".[nlp]"' in shown(at.info[0].value)
    assert not at.button


def enter_date(at: AppTest, day: str) -> None:
    """Type ``day`` into the form's publication date (a text field; a date picker before)."""
    try:
        at.text_input(key="add-date-0").set_value(day)
    except KeyError:
        at.date_input(key="add-date-0").set_value(date.fromisoformat(day))


@pytest.mark.parametrize("day", ["2010-05-01", "1850-03-01", "2031-01-01"])
def test_page_adds_an_article_with_any_date_it_can_carry(page, tmp_path, day):
    """A date before 2016-12-06 (the range of Streamlit's date picker by default) is the article's date in
    every table, and the page says which date the article got."""
    at = page()
    at.text_area(key="add-text-0").set_value(TEXT)
    enter_date(at, day)
    at.button(key="add").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    articles = table(tmp_path / "data", ARTICLES).set_index("article_id")
    assert articles.loc["pasted-article", "published"] == day
    assert f"(published {day})" in shown(at.success[0].value)


@pytest.mark.parametrize(
    ("day", "message"), [("2025-02-30", "not a real date"), ("07.11.2025", "not YYYY-MM-DD")]
)
def test_page_refuses_a_date_that_is_not_one_and_adds_nothing(page, tmp_path, day, message):
    at = page()
    at.text_area(key="add-text-0").set_value(TEXT)
    enter_date(at, day)
    at.button(key="add").click().run()
    assert not at.exception and message in shown(at.error[0].value)
    assert not (tmp_path / "mine").exists() or not list((tmp_path / "mine").glob("*.txt"))
    assert len(table(tmp_path / "data", ARTICLES)) == len(SEED_IDS)
