"""Canonical entities on the seeds: nominative names, merges, ISO codes, English names."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.helpers import article_id


@pytest.fixture(scope="module")
def entities(tables) -> pd.DataFrame:
    return tables["entities"].set_index("entity_id")


def _entity_of(tables, article_prefix: str, text: str) -> pd.Series:
    mentions = tables["mentions"]
    rows = mentions[
        (mentions["article_id"] == article_id(tables, article_prefix)) & (mentions["text"] == text)
    ]
    assert not rows.empty, f"no mention {text!r} in {article_prefix}"
    ids = set(rows["entity_id"])
    assert len(ids) == 1, ids
    return tables["entities"].set_index("entity_id").loc[ids.pop()]


def test_nominative_canonical_names(tables):
    assert _entity_of(tables, "001", "Касым-Жомартом Токаевым")["name"] == "Касым-Жомарт Токаев"
    assert _entity_of(tables, "001", "Бахрейном")["name"] == "Бахрейн"
    assert (
        _entity_of(tables, "000", "Объединенные Арабские Эмираты")["name"] == "Объединённые Арабские Эмираты"
    )
    assert _entity_of(tables, "004", "Дональдом Трампом")["name"] == "Дональд Трамп"


def test_central_asian_presidents_by_full_name(tables):
    names = set(
        tables["mentions"]
        .query(f"article_id == '{article_id(tables, '004')}'")["entity_id"]
        .map(tables["entities"].set_index("entity_id")["name"])
    )
    assert {
        "Касым-Жомарт Токаев",
        "Садыр Жапаров",
        "Эмомали Рахмон",
        "Сердар Бердымухамедов",
        "Шавкат Мирзиеев",
    } <= names


def test_every_tokayev_mention_is_one_entity(tables):
    mentions = tables["mentions"]
    tokayev = mentions[mentions["text"].str.contains("Токаев")]
    assert set(tokayev["article_id"]) == set(tables["articles"]["article_id"])
    assert tokayev["entity_id"].nunique() == 1
    entity = tables["entities"].set_index("entity_id").loc[tokayev["entity_id"].iloc[0]]
    assert entity["name"] == "Касым-Жомарт Токаев"
    assert entity["name_en"] == "Kasym-Zhomart Tokayev"
    assert {"Токаев", "Токаева", "Касым-Жомартом Токаевым"} <= set(entity["aliases"])


@pytest.mark.parametrize(
    ("surname", "full"),
    [("Трамп", "Дональд Трамп"), ("Нетаньяху", "Биньямин Нетаньяху"), ("Путин", "Владимир Путин")],
)
def test_surnames_merge_into_full_names(tables, surname, full):
    mentions = tables["mentions"]
    ids = set(mentions.loc[mentions["text"].str.startswith(surname), "entity_id"])
    assert len(ids) == 1
    assert tables["entities"].set_index("entity_id").loc[ids.pop(), "name"] == full


@pytest.mark.parametrize(
    ("short", "long_text"),
    [
        ("ОАЭ", "Объединенные Арабские Эмираты"),
        ("США", "Соединенных Штатов"),
        ("МИД", "Министерство иностранных дел"),
    ],
)
def test_abbreviations_merge_with_long_forms(tables, short, long_text):
    mentions = tables["mentions"]
    short_ids = set(mentions.loc[mentions["text"] == short, "entity_id"])
    long_ids = set(mentions.loc[mentions["text"].str.startswith(long_text), "entity_id"])
    assert len(short_ids) == 1 and short_ids == long_ids


def test_usa_long_forms_are_one_entity(tables):
    mentions = tables["mentions"]
    usa = mentions[mentions["text"].str.contains("Соедин") | (mentions["text"] == "США")]
    assert usa["entity_id"].nunique() == 1
    assert "Соединённые Штаты Америки" in set(usa["normal"])


def test_lookalike_axios_is_one_entity(tables):
    mentions = tables["mentions"]
    axios = mentions[mentions["text"].isin(["Axios", "Axiоs"])]
    assert set(axios["text"]) == {"Axios", "Axiоs"}
    assert axios["entity_id"].nunique() == 1


def test_accords_are_one_misc_entity_never_per_or_org(tables):
    mentions = tables["mentions"]
    accords = mentions[
        mentions["text"].str.contains("(?i)авраам") & mentions["text"].str.contains("(?i)соглашени")
    ]
    assert set(accords["article_id"]) == set(tables["articles"]["article_id"])
    assert accords["entity_id"].nunique() == 1
    assert set(accords["type"]) == {"MISC"}
    forms = {text.lower() for text in accords["text"]}
    assert {"авраамовы соглашения", "авраамские соглашения", "соглашения авраама"} <= forms
    # the patriarch is a person of his own, not the accords
    patriarch = mentions[mentions["text"] == "Аврааму"]
    assert list(patriarch["type"]) == ["PER"]
    assert patriarch["entity_id"].iloc[0] != accords["entity_id"].iloc[0]
    # no span that mentions the accords' name is typed PER or ORG
    raws = tables["articles"].set_index("article_id")["raw_text"]
    for row in mentions[mentions["type"].isin(["PER", "ORG"])].itertuples():
        window = raws[row.article_id][row.start : row.end + 15].lower()
        assert "соглашени" not in window, row


def test_country_iso_codes(tables):
    entities = tables["entities"]
    iso = dict(zip(entities["name"], entities["iso3"], strict=True))
    expected = {
        "Казахстан": "KAZ",
        "Израиль": "ISR",
        "Объединённые Арабские Эмираты": "ARE",
        "Бахрейн": "BHR",
        "Марокко": "MAR",
        "Судан": "SDN",
        "Египет": "EGY",
        "Иордания": "JOR",
        "Саудовская Аравия": "SAU",
        "Россия": "RUS",
        "Украина": "UKR",
        "Китай": "CHN",
        "Иран": "IRN",
        "Кыргызстан": "KGZ",
        "Таджикистан": "TJK",
        "Туркменистан": "TKM",
        "Узбекистан": "UZB",
    }
    assert {name: iso.get(name) for name in expected} == expected
    usa = entities[entities["iso3"] == "USA"]
    assert usa["name"].str.startswith("Соединённые Штаты").any()


def test_capitals_link_to_their_country(tables):
    entities = tables["entities"].set_index("entity_id")
    by_name = tables["entities"].set_index("name")
    for capital, iso3 in [("Эр-Рияд", "SAU"), ("Астана", "KAZ")]:
        row = by_name.loc[capital]
        assert row["iso3"] == iso3
        assert entities.loc[row["country_entity_id"], "iso3"] == iso3


def test_english_names(tables):
    english = dict(zip(tables["entities"]["name"], tables["entities"]["name_en"], strict=True))
    assert english["Казахстан"] == "Kazakhstan"
    assert english["Объединённые Арабские Эмираты"] == "United Arab Emirates"
    assert english["Касым-Жомарт Токаев"] == "Kasym-Zhomart Tokayev"  # a transliteration: not in the pack
    assert all(name_en and name_en.isascii() for name_en in english.values())


def test_engine_errors_corrected_by_corpus_evidence(tables):
    focus = _entity_of(tables, "004", "Фокус")
    assert focus["type"] == "ORG"
    corridor = tables["mentions"][tables["mentions"]["text"].str.startswith("Срединного")]
    assert list(corridor["text"]) == ["Срединного коридора"]
    assert list(corridor["type"]) == ["MISC"]
    assert list(corridor["normal"]) == ["Срединный коридор"]


def test_entity_counts_match_mentions(tables):
    mentions = tables["mentions"]
    for row in tables["entities"].itertuples():
        mine = mentions[mentions["entity_id"] == row.entity_id]
        assert row.n_mentions == len(mine)
        assert row.n_articles == mine["article_id"].nunique()


def _token_rows(article_id: str, text: str) -> list:
    """Token rows as the tokens table holds them (one sentence per article), context-free morphology."""
    from types import SimpleNamespace

    from razdel import tokenize

    from analysis.nlp import morph

    rows = []
    for token in tokenize(text):
        pos, feats, lemma = morph.context_free(token.text)
        rows.append(
            SimpleNamespace(article_id=article_id, sentence_id=0, start=token.start, end=token.stop,
                            text=token.text, lemma=lemma, pos=pos, feats=feats)
        )  # fmt: skip
    return rows


def test_one_wrong_tag_of_a_common_word_is_not_spread_across_the_corpus():
    """Real news (BSNLP ryanair): the engine tagged a sentence-initial "Забастовка" as a place once,
    and spreading it made 28 "places" in 26 articles. A common word the corpus writes in lower case,
    a number, and a sequence opened by a function word ("Если Вы") are not spread; a name is."""
    from analysis.stages.entities.model import Mention
    from analysis.stages.entities.spread import propagate

    raw = {
        "a": "Забастовка пилотов Ryanair началась в пятницу. Если Вы летите, 5 рейсов отменены.",
        "b": "Забастовка продлится сутки, сообщили в Ryanair, и забастовка может повториться.",
        "c": "Если Вы не получили ответа, пишите: рейсов отменено 5.",
    }
    tokens = {(article, 0): _token_rows(article, text) for article, text in raw.items()}

    def tag(article: str, text: str, kind: str) -> Mention:
        start = raw[article].index(text)
        inside = tuple(t for t in tokens[(article, 0)] if start <= t.start and t.end <= start + len(text))
        return Mention(article, 0, start, start + len(text), text, kind, inside)

    tagged = [tag("a", "Забастовка", "LOC"), tag("a", "Ryanair", "ORG"), tag("a", "Если Вы", "ORG"),
              tag("a", "5", "ORG")]  # fmt: skip
    spread = propagate(tagged, tokens, raw)[len(tagged) :]
    assert [(m.article_id, m.text, m.type) for m in spread] == [("b", "Ryanair", "ORG")]


def test_one_dictionary_word_is_not_spread_across_the_corpus():
    """factRuEval devset: "вступить в Союз" (the EU, book_361) tagged ORG made every spacecraft
    «Союз» of other articles (book_438) an organisation; a one-word dictionary name stays where the
    engine tagged it, a name that is no dictionary word spreads."""
    from analysis.stages.entities.model import Mention
    from analysis.stages.entities.spread import propagate

    raw = {
        "a": "На вопрос, как он считает, должно ли признание независимости Косово быть условием для Сербии "
        "вступить в Союз, Гордон сказал, что решит ЕС.",
        "b": "Перед входом в атмосферу, с помощью подрыва пиротехнических болтов, происходит разделение "
        "модулей корабля «Союз». Гордон промолчал.",
    }
    tokens = {(article, 0): _token_rows(article, text) for article, text in raw.items()}

    def tag(text: str, kind: str) -> Mention:
        start = raw["a"].index(text)
        inside = tuple(t for t in tokens[("a", 0)] if start <= t.start and t.end <= start + len(text))
        return Mention("a", 0, start, start + len(text), text, kind, inside)

    tagged = [tag("Союз", "ORG"), tag("Гордон", "PER")]
    spread = propagate(tagged, tokens, raw)[len(tagged) :]
    assert [(m.article_id, m.text, m.type) for m in spread] == [("b", "Гордон", "PER")]


def _engine_like_inputs(tables) -> tuple[pd.DataFrame, ...]:
    """canonicalize's inputs from the built seeds, the mentions standing in for the engine's."""
    raw = tables["mentions"][["article_id", "sentence_id", "start", "end", "text", "type"]]
    return tables["articles"], tables["tokens"], raw


def test_per_article_results_merged_give_the_corpus_tables(tables):
    """``mention_rows`` of each article alone, pickled and read back as a cache would, then
    ``merge_articles`` over the corpus: the same tables as ``canonicalize`` in one go."""
    import pickle

    from analysis.core.text import fold
    from analysis.stages.entities.article import mention_rows
    from analysis.stages.entities.corpus import canonicalize, merge_articles

    articles, tokens, raw = _engine_like_inputs(tables)
    expected = canonicalize(articles, tokens, raw)
    parts = []
    for article in articles.itertuples(index=False):
        part = mention_rows(
            article.article_id,
            article.raw_text,
            tokens[tokens["article_id"] == article.article_id],
            raw[raw["article_id"] == article.article_id],
        )
        parts.append(pickle.loads(pickle.dumps(part)))
    merged = merge_articles(parts, {fold(o) for o in articles["outlet"] if o})
    pd.testing.assert_frame_equal(merged[0], expected[0])
    pd.testing.assert_frame_equal(merged[1], expected[1])


def test_names_spread_only_inside_runs_of_capitalised_tokens():
    """Spreading scans only the runs ``name_runs`` keeps (no lower-case word, some letter: "5" alone
    is dropped) and finds there what a scan of the whole sentence finds."""
    from analysis.stages.entities.model import Mention
    from analysis.stages.entities.spread import name_runs, propagate

    text = "В Абу-Даби прибыл Касым-Жомарт Токаев, а «Газпром» и 5 рейсов потом снова Абу-Даби."
    rows = _token_rows("a", text)
    assert [" ".join(t.text for t in run) for run in name_runs(rows)] == [
        "В Абу-Даби", "Касым-Жомарт Токаев ,", "« Газпром »", "Абу-Даби .",
    ]  # fmt: skip
    start = text.index("Абу-Даби")
    inside = tuple(t for t in rows if t.start == start)
    tagged = [Mention("a", 0, start, start + len("Абу-Даби"), "Абу-Даби", "LOC", inside)]
    spread = propagate(tagged, {("a", 0): rows}, {"a": text})[1:]
    assert [(m.start, m.text, m.type) for m in spread] == [(text.rindex("Абу-Даби"), "Абу-Даби", "LOC")]


def test_a_foreign_name_takes_the_nominative_the_corpus_writes(tmp_path):
    """pymorphy3 knows "Асии"/"Асию" only as the masculine "Асий"; where the articles write "Асия Биби"
    as a subject, the inflected mentions are put in that nominative (BSNLP asia_bibi's central name)."""
    from analysis.build.run import build_tables

    (tmp_path / "001_a.txt").write_text(
        " date 2018-11-01 Асия Биби провела восемь лет в тюрьме. Верховный суд оправдал Асию Биби. "
        "Асия Биби покинула тюрьму.\n",
        encoding="utf-8",
    )
    (tmp_path / "002_b.txt").write_text(
        " date 2018-11-02 Адвокат Асии Биби покинул Пакистан после угроз.\n", encoding="utf-8"
    )
    tables, _ = build_tables(tmp_path, engine="natasha", cache=False)
    mentions = tables["mentions"]
    normals = dict(zip(mentions["text"], mentions["normal"], strict=False))
    assert normals["Асию Биби"] == normals["Асии Биби"] == normals["Асия Биби"] == "Асия Биби"
    assert mentions.loc[mentions["text"].str.startswith("Аси"), "entity_id"].nunique() == 1


# Sentences of BSNLP asia_bibi and ryanair articles (spellings as the outlets wrote them).
_VARIANTS = {
    "001_a.txt": "Азия Норин, известная как Азия Биби, вышла на свободу спустя восемь лет заключения. "
    "Власти доставили Биби в безопасное место.",
    "002_b.txt": "Мать пятерых детей Асия Биби ожидала исполнения приговора с 2010 года, когда ее официально "
    "признали виновной в оскорблении пророка Мухаммеда. Асия Биби стала первой женщиной, приговоренной к "
    "смерти в Пакистане в 2010 году. Сама Асия не поверила, когда узнала, что ее оправдали.",
    "003_c.txt": "В Пакистане продолжает стремительно расти влияние партии Tehreek-e-Labbaik Pakistan (TLP), "
    "требующей наказания богохульников. Лидер стоящей за беспорядками группировки Техрик-э-Лабаик Пакистан "
    "Хадим Ризви заявил, что он и его сторонники пожертвуют своими жизнями, но не сдадутся.",
    "004_d.txt": 'В Карачи и Лахоре сторонники ультрарелигиозной партии "Техрик-э-Лабаик Пакистан" (ТЛП) '
    "блокировали улицы и площади. Уже известно, что правительство отправило делегацию на переговоры с "
    "лидером «Техрик-э-Лабаик» Хадимом Хусейном Ризви.",
    "005_e.txt": "Еврокомиссар по социальным вопросам Марианн Тиссен указала на необходимость соблюдать трудовое "
    'законодательство Евросоюза. "Соблюдение законодательства ЕС это не то, о чем должны вести переговоры '
    'трудящиеся".',
    "006_f.txt": "Об этом 31 октября сообщает Би-би-си. Асия Биби стала первой женщиной, приговоренной к "
    "смерти в Пакистане в 2010 году.",
    "007_g.txt": "Об этом сообщает BBC. Власти доставили Биби в безопасное место.",
}


@pytest.fixture(scope="module")
def variants(tmp_path_factory) -> dict:
    from analysis.build.run import build_tables

    folder = tmp_path_factory.mktemp("variants")
    for name, text in _VARIANTS.items():
        (folder / name).write_text(f" date 2018-11-01 {text}\n", encoding="utf-8")
    tables, _ = build_tables(folder, engine="natasha", cache=False)
    return tables


def _ids(tables, *texts: str) -> set[str]:
    mentions = tables["mentions"]
    return set(mentions.loc[mentions["text"].isin(texts), "entity_id"])


def test_spellings_of_one_person_are_one_entity(variants):
    """ "Азия Биби" and "Асия Биби" (transliterations), the lone surname "Биби" and the lone first name
    "Асия" (the full name written more often) are one person; "Хадим Ризви" is the "Хадим Хусейн
    Ризви" of another article."""
    assert _ids(variants, "Азия Биби", "Асия Биби", "Биби", "Асия") == {"per:asia-bibi"}
    assert _ids(variants, "Хадим Ризви", "Хадимом Хусейном Ризви") == {"per:khadim-hussein-rizvi"}


def test_latin_cyrillic_acronym_and_short_forms_of_one_party(variants):
    """The party in Latin and Cyrillic letters, its acronym in both scripts and its name without the
    country are one organisation, named in English as the corpus writes it in Latin letters."""
    forms = ("Tehreek-e-Labbaik Pakistan", "TLP", "Техрик-э-Лабаик Пакистан", "ТЛП", "Техрик-э-Лабаик")
    assert _ids(variants, *forms) == {"org:tehreek-e-labbaik-pakistan"}
    entity = variants["entities"].set_index("entity_id").loc["org:tehreek-e-labbaik-pakistan"]
    assert entity["name_en"] == "Tehreek-e-Labbaik Pakistan"


def test_eu_short_forms_take_the_cldr_name(variants):
    """ "Евросоюз" and "ЕС" are CLDR's European Union (no "Европейский союз" in the text to expand)."""
    assert _ids(variants, "Евросоюза", "ЕС") == {"org:european-union"}
    assert (
        variants["entities"].set_index("entity_id").loc["org:european-union", "name_en"] == "European Union"
    )


def test_acronym_spelled_out_in_russian_is_the_acronym(variants):
    """ "Би-би-си" (the letters' Russian names) and "BBC" are one organisation, named "BBC" in English."""
    assert _ids(variants, "Би-би-си", "BBC") == {"org:bbc"}
    assert variants["entities"].set_index("entity_id").loc["org:bbc", "name_en"] == "BBC"


def test_regions_take_their_cldr_english_names(entities):
    """The seeds' "Центральная Азия" is CLDR's region 143, "Central Asia" (not "Tsentralnaya Aziya")."""
    assert entities.loc["loc:central-asia", ["name", "name_en"]].tolist() == [
        "Центральная Азия",
        "Central Asia",
    ]


def test_sound_keys_of_transliterations():
    from analysis.core.text import sound_key

    assert sound_key("Пенджаб") == sound_key("Панджаб") != ""
    assert sound_key("Ryanair") == sound_key("Райанэйр") != ""
    assert sound_key("Interfax.ru") == sound_key("Интерфакс") != ""
    assert sound_key("Иванов") != sound_key("Иванова")
    assert sound_key("Ким Чен Ын") != sound_key("Ким Чен Ир")
    assert sound_key("ТЛП") == sound_key("Рим") == ""  # acronyms and short names have no key


def test_an_entity_with_a_persons_full_name_is_a_person(tmp_path):
    """factRuEval devset book_483: the engine tags "Гата Камский" a person in one sentence and a place
    in a list of players and countries; one entity, one type, and a full personal name decides it."""
    from analysis.build.run import build_tables

    (tmp_path / "001_a.txt").write_text(
        " date 2006-01-13 После длительного перерыва играет в супертурнире Гата Камский.\n"
        "• Веселин Топалов (Болгария, 30 лет, рейтинг — 2801) • Вишванатан Ананд (Индия, 36, 2792) • Левон "
        "Аронян (Армения, 23, 2752) • Петер Леко (Венгрия, 26, 2740) • Василий Иванчук (Украина, 36, 2729) • "
        "Борис Гельфанд (Израиль, 37, 2723) • Этьенн Бакро (Франция, 22, 2717) • Шахрияр Мамедьяров "
        "(Азербайджан, 20, 2709) • Майкл Адамс (Великобритания, 34, 2707) • Иван Соколов (Нидеоланды, 37, "
        "2689) • Гата Камский (США, 31, 2686) • Сергей Тивяков (Нидерланды, 32, 2669) • Сергей Карякин "
        "(Украина, 15, 2660) • Люк Ван Велли (Нидерланды, 33, 2647)\n",
        encoding="utf-8",
    )
    tables, _ = build_tables(tmp_path, engine="natasha", cache=False)
    rows = tables["mentions"][tables["mentions"]["text"] == "Гата Камский"]
    # one person (the English spelling comes from the name list and is not what this test is about)
    assert rows["type"].tolist() == ["PER", "PER"] and rows["entity_id"].nunique() == 1
    entity = tables["entities"].set_index("entity_id").loc[rows["entity_id"].iloc[0]]
    assert (entity["name"], entity["type"]) == ("Гата Камский", "PER")


def test_two_places_a_source_knows_apart_are_never_one_entity():
    """NEREL dev: "Ньюарк" (Newark) shares a sound key and close Latin letters with "Нью-Йорк", and
    joined New York; GeoNames knows two places. A spelling no source knows still joins its place."""
    from analysis.stages.entities.merge import merge
    from analysis.stages.entities.model import Mention

    names = ["Нью-Йорк", "Ньюарк", "Исламабад", "Исламбад"]
    keys = merge([Mention("a", 0, 0, len(n), n, "LOC", ()) for n in names], names)
    assert keys[0] != keys[1] and keys[2] == keys[3]


def test_a_short_institution_name_joins_a_country_s_only_where_that_country_is_named():
    """NEREL dev: "Следственного комитета" of a Russian story joined "Следственный комитет Белоруссии"
    of another, and a "ВМС" the US Navy. Where the country is named (as a country or as the end of a
    name: "Посольство РФ") the short name joins; elsewhere it stays apart."""
    from analysis.stages.entities.merge import merge
    from analysis.stages.entities.model import Mention

    rows = [
        ("a", "ORG", "Следственный комитет Белоруссии"),
        ("a", "LOC", "Белоруссия"),
        ("b", "ORG", "Следственный комитет"),  # a Russian story: no Belarus
        ("c", "ORG", "Верховный суд Пакистана"),
        ("d", "ORG", "Верховный суд"),
        ("d", "LOC", "Пакистан"),
        ("e", "ORG", "Военно-морские силы США"),
        ("f", "ORG", "ВМС"),  # another navy
        ("g", "ORG", "МИД РФ"),
        ("h", "ORG", "МИД"),
        ("h", "ORG", "Посольство РФ"),
    ]
    mentions = [Mention(article, 0, 0, len(text), text, etype, ()) for article, etype, text in rows]
    keys = merge(mentions, [text for _, _, text in rows])
    assert keys[2] != keys[0] and keys[4] == keys[3]
    assert keys[7] != keys[6] and keys[9] == keys[8]


def test_a_place_s_acronym_stands_for_a_long_form_only_where_one_article_writes_both():
    """NEREL dev: the "РА" of an Armenian story (Республика Армения) joined "Республика Алтай" of
    another. Regions' acronyms are ambiguous across stories; an organisation's are not held to it."""
    from analysis.stages.entities.merge import merge
    from analysis.stages.entities.model import Mention

    rows = [
        ("a", "LOC", "Республика Алтай"),
        ("b", "ORG", "РА"),  # another story, where the engine tagged it an organisation
        ("c", "LOC", "Республика Татарстан"),
        ("c", "LOC", "РТ"),  # the same story
        ("d", "ORG", "Международный олимпийский комитет"),
        ("e", "ORG", "МОК"),
    ]
    mentions = [Mention(article, 0, 0, len(text), text, etype, ()) for article, etype, text in rows]
    keys = merge(mentions, [text for _, _, text in rows])
    assert keys[1] != keys[0] and keys[3] == keys[2] and keys[5] == keys[4]


def test_a_surname_after_initials_joins_the_one_full_name_whose_first_name_they_start():
    """NEREL dev: "Б.Обама", "Дж.Коми" (initials written onto the surname) were people of their own beside
    "Барак Обама" and "Джеймс Коми"; "В.Лукашенко" is the son Виктор, not the father Александр."""
    from analysis.stages.entities.merge import merge
    from analysis.stages.entities.model import Mention

    rows = [
        ("a", "Барак Обама"),
        ("a", "Б.Обама"),
        ("b", "Джеймс Коми"),
        ("b", "Дж.Коми"),
        ("c", "Александр Лукашенко"),
        ("c", "Виктор Лукашенко"),
        ("c", "В.Лукашенко"),
        ("d", "А.Кулешов"),  # no full name: alone
    ]
    mentions = [Mention(article, 0, 0, len(text), text, "PER", ()) for article, text in rows]
    keys = merge(mentions, [text for _, text in rows])
    assert keys[1] == keys[0] and keys[3] == keys[2]
    assert keys[6] == keys[5] != keys[4]
    assert keys[7] not in keys[:7]


def test_a_state_with_and_without_its_form_of_state_is_one_entity():
    """NEREL dev: "Республика Башкортостан" and "Башкортостан" were two entities."""
    from analysis.stages.entities.merge import merge
    from analysis.stages.entities.model import Mention

    names = ["Республика Башкортостан", "Башкортостан", "Республика Коми", "Татарстан"]
    keys = merge([Mention("a", 0, 0, len(n), n, "LOC", ()) for n in names], names)
    assert keys[0] == keys[1] and len(set(keys)) == 3
