"""Aligned passages, article similarity and story elements on the seeds."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.aligned import (
    PAIR,
    aligned_pairs,
    article_pair,
    sentence_pairs,
    unique_sentences,
    units_of,
)
from analysis.core.schema import ALIGNMENTS, ELEMENTS, SIMILARITY, validate
from analysis.stages.alignments import align_articles
from tests.helpers import article_id, documents


@pytest.fixture(scope="module")
def compared(tables) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return align_articles(documents(tables), tables["copies"])


@pytest.fixture(scope="module")
def alignments(compared) -> pd.DataFrame:
    return compared[0]


@pytest.fixture(scope="module")
def retold(tmp_path_factory) -> pd.DataFrame:
    """Alignments of two short articles: one sentence copied, two reordered, one unrelated each."""
    from analysis.build.run import build_tables

    folder = tmp_path_factory.mktemp("retold")
    shared = "Парламент Норвегии одобрил закон о защите лесов."
    (folder / "300_x.txt").write_text(
        f" date 2025-04-01 {shared} Закон вступит в силу в июле 2026 года. Премьер-министр Йонас Гар Стёре "
        "назвал решение историческим. Погода в Осло остается холодной.\n",
        encoding="utf-8",
    )
    (folder / "301_y.txt").write_text(
        f" date 2025-04-02 {shared} В июле 2026 года закон вступит в силу. Решение историческим назвал "
        "премьер-министр Йонас Гар Стёре. Футбольный клуб «Русенборг» выиграл матч.\n",
        encoding="utf-8",
    )
    tables = build_tables(folder, engine="natasha", cache=False)[0]
    return align_articles(documents(tables))[0]


def sentence(tables, prefix: str, snippet: str) -> tuple[str, int]:
    """(article_id, sentence_id) of the one sentence of article ``prefix`` containing ``snippet``."""
    sentences = tables["sentences"]
    article = article_id(tables, prefix)
    rows = sentences[
        (sentences["article_id"] == article) & sentences["text"].str.contains(snippet, regex=False)
    ]
    assert len(rows) == 1, f"{prefix}: {snippet!r} in {len(rows)} sentences"
    return article, int(rows["sentence_id"].iloc[0])


def pair(alignments: pd.DataFrame, a: tuple[str, int], b: tuple[str, int]) -> pd.Series | None:
    (first, second) = sorted([a, b])
    rows = alignments[
        (alignments["article_a"] == first[0])
        & (alignments["sentence_a"] == first[1])
        & (alignments["article_b"] == second[0])
        & (alignments["sentence_b"] == second[1])
    ]
    return rows.iloc[0] if len(rows) else None


def test_thirty_years_of_relations_aligned_in_the_three_axios_retellings(alignments, tables):
    s000 = sentence(tables, "000", "которым уже более 30 лет")
    s001 = sentence(tables, "001", "полноценные дипломатические отношения уже более 30 лет")
    s003 = sentence(tables, "003", "существуют уже более 30 лет")
    rows = [pair(alignments, s000, s001), pair(alignments, s000, s003), pair(alignments, s001, s003)]
    assert all(row is not None for row in rows)
    assert {row["kind"] for row in rows} == {"paraphrase"}
    assert len({row["element_id"] for row in rows}) == 1


def test_2020_signing_sentences_aligned(alignments, tables):
    s000 = sentence(tables, "000", "В 2020 году дипломатические отношения с Израилем установили")
    s001 = sentence(tables, "001", "были подписаны в 2020 году")
    s002 = sentence(tables, "002", "Израиль установил мирные отношения с ОАЭ")
    s003 = sentence(tables, "003", "серия мирных договоров, подписанных в 2020-2021")
    for a, b in [(s000, s001), (s000, s002), (s000, s003), (s001, s003), (s001, s002), (s002, s003)]:
        row = pair(alignments, a, b)
        assert row is not None, (a, b)
        assert row["kind"] == "paraphrase"
    assert pair(alignments, s000, s001)["score"] > 0.6  # same facts, other words and order


def test_near_verbatim_background_sentence(alignments, tables):
    s002 = sentence(tables, "002", "это серия договоров о нормализации отношений")
    s004 = sentence(tables, "004", "Это серия договоров о нормализации отношений")
    assert pair(alignments, s002, s004)["kind"] == "near_verbatim"


def test_unrelated_sentences_are_not_aligned(alignments, tables):
    herzog = sentence(tables, "000", "призвал президента Израиля Ицхака Герцога")
    trump_call = sentence(tables, "001", "Я только что провел важный телефонный разговор")
    incident = sentence(tables, "004", "потерял сознание")
    assert pair(alignments, herzog, trump_call) is None  # both name Israel and Netanyahu, nothing more
    for article, sentence_id in [herzog, incident]:
        assert not (
            ((alignments["article_a"] == article) & (alignments["sentence_a"] == sentence_id))
            | ((alignments["article_b"] == article) & (alignments["sentence_b"] == sentence_id))
        ).any()


def test_alignment_rows(alignments, tables):
    validate(ALIGNMENTS, alignments)
    a = list(zip(alignments["article_a"], alignments["sentence_a"], strict=True))
    b = list(zip(alignments["article_b"], alignments["sentence_b"], strict=True))
    assert all(x < y for x, y in zip(a, b, strict=True))  # each row once, its smaller side first
    assert alignments["score"].between(0, 1).all()
    prose = tables["sentences"].query("boilerplate == ''").set_index(["article_id", "sentence_id"]).index
    for side in ("a", "b"):
        keys = pd.MultiIndex.from_arrays([alignments[f"article_{side}"], alignments[f"sentence_{side}"]])
        assert keys.isin(prose).all()  # boilerplate (headings, photo credits) never aligns


def test_similarity_matrix(compared, tables):
    similarity = validate(SIMILARITY, compared[1])
    ids = sorted(tables["articles"]["article_id"])
    matrix = similarity.pivot(index="article_a", columns="article_b", values="score").loc[ids, ids]
    assert len(similarity) == len(ids) ** 2
    assert all(matrix.loc[a, a] == 1.0 for a in ids)
    assert (matrix.values == matrix.values.T).all()
    assert similarity["score"].between(0, 1).all()
    closest_to_000 = matrix.loc[ids[0]].drop(ids[0]).nlargest(2).index
    assert set(closest_to_000) == {article_id(tables, "001"), article_id(tables, "003")}


def test_elements_cover_every_alignment(compared):
    alignments, _, elements = compared
    validate(ELEMENTS, elements)
    members = set(zip(elements["element_id"], elements["article_id"], elements["sentence_id"], strict=True))
    for row in alignments.itertuples():
        assert (row.element_id, row.article_a, row.sentence_a) in members
        assert (row.element_id, row.article_b, row.sentence_b) in members
    assert elements.groupby("element_id").size().min() >= 2


def _elements_of(elements: pd.DataFrame, key: tuple[str, int]) -> set[str]:
    rows = elements[(elements["article_id"] == key[0]) & (elements["sentence_id"] == key[1])]
    return set(rows["element_id"])


def _coverage(elements: pd.DataFrame, element: str) -> set[str]:
    articles = elements.loc[elements["element_id"] == element, "article_id"]
    return {a[:3] for a in articles}


def test_a_two_fact_sentence_joins_two_elements(compared, tables):
    elements = compared[2]
    (thirty,) = _elements_of(elements, sentence(tables, "000", "которым уже более 30 лет"))
    (initiative,) = _elements_of(
        elements, sentence(tables, "000", "Инициатива рассматривается как американский")
    )
    assert thirty != initiative
    both = sentence(tables, "001", "полноценные дипломатические отношения уже более 30 лет")
    assert _elements_of(elements, both) == {thirty, initiative}  # it retells both facts
    assert _coverage(elements, thirty) == {"000", "001", "003"}


def test_element_coverage_of_the_2020_signing(compared, tables):
    elements = compared[2]
    (signing,) = _elements_of(elements, sentence(tables, "000", "В 2020 году дипломатические отношения"))
    assert _coverage(elements, signing) == {"000", "001", "002", "003"}
    (series,) = _elements_of(elements, sentence(tables, "004", "Это серия договоров о нормализации"))
    assert {"002", "004"} <= _coverage(elements, series)


def test_unique_sentences_are_the_unaligned_prose(alignments, tables):
    unique = unique_sentences(tables["sentences"], alignments)
    keys = set(zip(unique["article_id"], unique["sentence_id"], strict=True))
    assert sentence(tables, "000", "призвал президента Израиля Ицхака Герцога") in keys
    assert sentence(tables, "004", "потерял сознание") in keys
    assert sentence(tables, "003", "существуют уже более 30 лет") not in keys
    assert (unique["boilerplate"] == "").all()
    aligned = set(zip(alignments["article_a"], alignments["sentence_a"], strict=True)) | set(
        zip(alignments["article_b"], alignments["sentence_b"], strict=True)
    )
    assert len(keys) + len(aligned) == (tables["sentences"]["boilerplate"] == "").sum()


def test_every_compare_pair_of_the_seeds_keeps_its_sentences(compared, tables):
    """Aligning each copy group once changes no pair the Compare page shows: for every two articles,
    the pairs ``article_pair`` gives are the pairs of the table that listed every pair (no copies)."""
    every = align_articles(documents(tables))[0]
    ids = sorted(tables["articles"]["article_id"])
    for n, a in enumerate(ids):
        for b in ids[n + 1 :]:
            mine = every[(every["article_a"] == a) & (every["article_b"] == b)]
            given = article_pair(compared[0], tables["copies"], a, b)
            assert set(zip(given["sentence_a"], given["sentence_b"], strict=True)) == set(
                zip(mine["sentence_a"], mine["sentence_b"], strict=True)
            ), (a, b)
            backwards = article_pair(compared[0], tables["copies"], b, a)
            assert set(zip(backwards["sentence_b"], backwards["sentence_a"], strict=True)) == set(
                zip(mine["sentence_a"], mine["sentence_b"], strict=True)
            )
    assert (
        sentence_pairs(compared[0], tables["copies"])
        .drop(columns="element_id")
        .equals(every.drop(columns="element_id"))
    )
    assert aligned_pairs(compared[0], tables["copies"]).equals(aligned_pairs(every))


@pytest.fixture(scope="module")
def reprinted(tmp_path_factory) -> dict[str, pd.DataFrame]:
    """Six articles reprinting two wire sentences word for word between sentences of their own, and a
    seventh retelling one of them in other words."""
    from analysis.build.run import build_tables

    folder = tmp_path_factory.mktemp("reprinted")
    wire = (
        "Парламент Норвегии одобрил закон о защите северных лесов от вырубки. "
        "Закон вступит в силу в июле 2026 года и затронет двенадцать провинций страны."
    )
    own = [
        "Погода в Осло остается холодной.",
        "Футбольный клуб «Русенборг» выиграл матч.",
        "В Бергене открылся новый музей.",
        "Цены на лосося снизились.",
        "Паром в Тромсё отменили из-за шторма.",
        "Студенты Тронхейма провели забег.",
    ]
    leads = ["Утро началось спокойно.", "Главное к этому часу.", "Сводка дня.", "Коротко о важном.",
             "Что известно сейчас.", "Итоги недели."]  # fmt: skip
    for n, sentence in enumerate(own):  # in the middle: copies at an edge of every article are boilerplate
        lead = leads[n]
        (folder / f"40{n}_w.txt").write_text(
            f" date 2025-04-0{n + 1} {lead} {wire} {sentence}\n", encoding="utf-8"
        )
    (folder / "409_r.txt").write_text(
        " date 2025-04-09 Закон, защищающий северные леса от вырубки, принял парламент Норвегии.\n",
        encoding="utf-8",
    )
    return build_tables(folder, engine="natasha", cache=False)[0]


def test_copies_are_aligned_once(reprinted):
    copies = reprinted["copies"]
    assert copies.groupby("copy_group")["article_id"].nunique().tolist() == [6, 6]
    assert set(copies.loc[copies["first"], "article_id"]) == {"400_w"}  # published first
    docs = documents(reprinted)
    every = align_articles(docs)[0]
    once = align_articles(docs, copies)[0]
    assert (every["kind"] == "verbatim").sum() == 2 * 15  # two sentences, every pair of six copies
    assert (once["kind"] == "verbatim").sum() == 2 * 5  # each copy once, with its first
    retold = every[every["article_b"] == "409_r"]
    assert len(retold) == 6 and len(once[once["article_b"] == "409_r"]) == 1  # the first stands for all
    derived = sentence_pairs(once, copies)
    assert derived[PAIR].equals(every[PAIR])
    assert (derived["kind"] == every["kind"]).all() and (derived["score"] - every["score"]).abs().max() < 1e-9
    assert unique_sentences(reprinted["sentences"], once).equals(
        unique_sentences(reprinted["sentences"], every)
    )


def test_a_pair_of_articles_reads_only_its_rows(reprinted):
    """The Compare page reads the rows of two articles' sentences and of the firsts of their copy groups
    (``units_of``), not the table: the same pairs, each once, oriented as asked."""
    copies = reprinted["copies"]
    once = align_articles(documents(reprinted), copies)[0]
    a, b = "403_w", "409_r"  # a reprint, and the retelling aligned with its group's first (400_w)
    sides = set(units_of(copies, a, b))
    left = list(zip(once["article_a"], once["sentence_a"], strict=True))
    right = list(zip(once["article_b"], once["sentence_b"], strict=True))
    mine = [
        x[0] in (a, b) or x in sides or y[0] in (a, b) or y in sides for x, y in zip(left, right, strict=True)
    ]
    pairs = article_pair(once[mine], copies, a, b)
    assert pairs.equals(article_pair(once, copies, a, b))
    assert list(zip(pairs["article_a"], pairs["article_b"], pairs["kind"], strict=True)) == [
        (a, b, "near_verbatim")
    ]
    among = pd.DataFrame({"article_id": [a, "405_w"], "sentence_id": [1, 1]})
    assert aligned_pairs(once, copies, among).values.tolist() == [[a, 1, "405_w", 1]]


def test_copied_and_reordered_sentences(retold):
    found = set(zip(retold["sentence_a"], retold["sentence_b"], retold["kind"], strict=True))
    assert found == {(0, 0, "verbatim"), (1, 1, "near_verbatim"), (2, 2, "near_verbatim")}
    assert set(retold["article_a"]) == {"300_x"}


# --- blocking: only candidate pairs are scored, and no pair that aligns is missed ----------------------


@pytest.fixture(scope="module")
def reworded(tmp_path_factory):
    """Ryanair reports (BSNLP 2019, as published) whose retellings share few rare features, amid
    twenty short articles that make the story's words (Ryanair, рейс, забастовка, пассажир) common:
    "отменила 600 рейсов ... передает « Пассажирам, чьи полеты ..." (one long sentence) and "отменил
    рейсы для 50 тысяч пассажиров" match through one clause, over common words only."""
    from analysis.build.run import build_tables

    texts = {
        "600_a": "Ирландская авиакомпания Ryanair отменила 600 рейсов из-за угрозы забастовки бортпроводников "
        "в Бельгии, Португалии и Испании, передает « Пассажирам, чьи полеты были отменены, отправлены sms и "
        "электронные письма с предложением бесплатно перенести вылет на +/- 7 дней от начальной даты либо "
        "вернуть билеты без штрафа. Авиакомпания возвратит деньги пассажирам за отмененные рейсы.",
        "601_b": "Ryanair отменил рейсы для 50 тысяч пассажиров из-за забастовки бортпроводников. "
        "Авиакомпания проинформировала, что пассажиры, рейсы которых будут отменены, уже получили "
        "информацию при помощи SMS и электронной почты. Профсоюзы требуют, чтобы сотрудники работали "
        "по законам своих стран.",
        "602_c": "Забастовка бортпроводников Ryanair продлится два дня. Пассажиры отмененных рейсов могут "
        "получить компенсацию. Акции авиакомпании на бирже подешевели на 2 процента.",
        "603_d": "Ryanair — крупнейший лоукостер Европы. Авиакомпания перевозит пассажиров в 37 странах.",
    }
    cities = "Дублин Мадрид Лиссабон Брюссель Рим Берлин Варшава Прага Вена Милан Париж Лондон Осло Афины"
    for n, city in enumerate(cities.split()):
        texts[f"5{n:02d}_f"] = (
            f"Город {city}: из-за забастовки бортпроводников Ryanair отменила рейсы, пассажиры ждут. "
            "Пассажирам Ryanair сообщила, что рейсы отменены из-за забастовки бортпроводников. "
            "Ryanair отменила еще два рейса, пассажиры недовольны забастовкой бортпроводников."
        )
    folder = tmp_path_factory.mktemp("reworded")
    for n, (name, text) in enumerate(texts.items()):
        (folder / f"{name}.txt").write_text(f" date 2018-07-{10 + n % 18} {text}\n", encoding="utf-8")
    return build_tables(folder, engine="natasha", cache=False)[0]


def _all_pairs(prose) -> dict[tuple[int, int], float]:
    """Brute force: every pair of sentences of different articles, scored exactly."""
    import numpy as np

    from analysis.stages.alignments import ALIGN_THRESHOLD, Space

    i, j = np.triu_indices(len(prose), k=1)
    keep = np.array([prose[a].article_id != prose[b].article_id for a, b in zip(i, j, strict=True)])
    i, j = i[keep], j[keep]
    scores = Space(prose).scores(i, j)
    return {(int(a), int(b)): float(s) for a, b, s in zip(i, j, scores, strict=True) if s >= ALIGN_THRESHOLD}


@pytest.mark.parametrize("threshold", [None, 0.25, 0.15])
def test_blocking_keeps_every_pair_that_aligns(reworded, monkeypatch, threshold):

    from analysis.stages import alignments as compare

    if threshold is not None:  # the bound holds at any threshold: a lower one tests more pairs
        monkeypatch.setattr(compare, "ALIGN_THRESHOLD", threshold)
    prose = [s for _, document in sorted(documents(reworded).items()) for s in document.prose]
    found = compare.sentence_pairs(prose)
    assert found == pytest.approx(_all_pairs(prose))
    (strike,) = [k for k, s in enumerate(prose) if "отменила 600 рейсов" in s.text]
    (thousands,) = [k for k, s in enumerate(prose) if "50 тысяч" in s.text]
    vectors = compare.Space(prose).sentences
    sentence_cosine = [vectors[strike].multiply(vectors[thousands]).sum()]
    assert sentence_cosine[0] < 0.25  # so only the clause pair can find it
    assert ((strike, thousands) in found) == (threshold is not None)


def test_prefix_filtering_is_exact_on_random_vectors():
    """Every pair of rows with cosine at the threshold shares a prefix feature."""
    import numpy as np
    from scipy import sparse

    from analysis.stages.alignments.sparse_pairs import pairs_sharing_a_key, prefix_filter, unit_rows

    rng = np.random.default_rng(7)
    for threshold in (0.2, 0.35, 0.6):
        popular = rng.zipf(1.3, size=(400, 12)) % 60  # few features, some in most rows
        rows = np.repeat(np.arange(400), 12)
        binary = sparse.csr_matrix((np.ones(rows.size), (rows, popular.ravel())), shape=(400, 60))
        binary.data[:] = 1
        df = np.asarray((binary > 0).sum(axis=0)).ravel()
        order = np.argsort(df, kind="stable")  # rarest first, as compare numbers its features
        binary = sparse.csr_matrix(binary[:, order])
        unit = unit_rows(binary, rng.uniform(1, 4, size=60))
        cosine = (unit @ unit.T).toarray()
        expected = {
            (int(a), int(b)) for a, b in zip(*np.nonzero(np.triu(cosine >= threshold, k=1)), strict=True)
        }
        i, j = pairs_sharing_a_key(prefix_filter(unit, threshold))
        found = set(zip(i.tolist(), j.tolist(), strict=True))
        assert expected <= found, threshold
        assert len(found) < 400 * 399 / 2  # and it is blocking, not every pair


def test_similarity_holds_only_pairs_at_the_threshold(reworded):
    from analysis.stages.alignments.similarity import SIMILARITY_THRESHOLD

    similarity = align_articles(documents(reworded))[1]
    ids = set(reworded["articles"]["article_id"])
    diagonal = similarity[similarity["article_a"] == similarity["article_b"]]
    assert set(diagonal["article_a"]) == ids and (diagonal["score"] == 1.0).all()
    pairs = similarity[similarity["article_a"] != similarity["article_b"]]
    assert (pairs["score"] >= SIMILARITY_THRESHOLD).all()
    ordered = set(zip(pairs["article_a"], pairs["article_b"], strict=True))
    assert ordered == {(b, a) for a, b in ordered}  # both orders
    assert len(pairs) < len(ids) * (len(ids) - 1)  # the story-less pairs are left out


def test_a_large_element_is_labelled_through_its_centroid(compared, tables, monkeypatch):
    """Past ``ELEMENT_EXACT`` members, the label is chosen in linear time; members stay the same."""
    from analysis.stages import alignments as compare

    monkeypatch.setattr(compare, "ELEMENT_EXACT", 1)
    elements = align_articles(documents(tables), tables["copies"])[2]
    exact = compared[2]
    assert elements[["element_id", "article_id", "sentence_id"]].equals(
        exact[["element_id", "article_id", "sentence_id"]]
    )
    texts = set(tables["sentences"]["text"].str.strip())
    assert all(label.rstrip("…") in " ".join(texts) for label in elements["label"])
