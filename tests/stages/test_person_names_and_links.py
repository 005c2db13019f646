"""People never merged and named as English readers know them (issue 20), on real sentences: NEREL dev
texts (1690150, 120183, the cardinal, 212404's Morsi, Ban Ki-moon) and a news
sentence on Juan Guaidó. A lone name joins only the one person its article (or, for a surname, the
corpus) writes in full; Spanish, Korean, Arabic and English names are spelt as the press spells them."""

import pytest

ARTICLES = {
    "johnson": (
        "В среду, 29 апреля 2020 года, у премьер-министра Великобритании Бориса Джонсона и его девушки "
        "Кэрри Саймондс родился сын.\n"
        "Глава Минздрава Мэтт Хэнкок поздравил пару через Twitter: «Очень рад за Бориса и Кэрри».\n"
        "Точно известно, что у него четверо взрослых детей от брака с юристом Мариной Уилер — две дочери "
        "Лара и Кассиа, а также два сына — Теодор и Майло.\n"
    ),
    "metro": (
        "В воскресенье, 11 июня 2017 года, в Доме Культуры в Москве выступили легендарные музыканты Юрий "
        "Царёв (проект «Метро»), Алексей Борисов и Павел Шевелёв.\n"
    ),
    "cardinal": (
        "16 февраля 2019 года Ватикан опубликовал заявление о том, что Папа Франциск лишил духовного сана "
        "бывшего кардинала США Теодора Маккаррика.\n"
    ),
    "world": (
        "Свергнутый президент Египта и бывший лидер исламистской организации «Братья мусульмане» Мухаммед "
        "Мурси скончался в зале суда в Каире в понедельник, 17 июня 2019 года.\n"
        "Ранее генсек ООН Пан Ги Мун выразил надежду на то, что выборы в стране пройдут мирно.\n"
        "Лидер венесуэльской оппозиции Хуан Гуайдо объявил себя временным президентом Венесуэлы.\n"
    ),
}


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    from analysis.build.run import build_tables

    folder = tmp_path_factory.mktemp("people")
    for number, (name, text) in enumerate(ARTICLES.items()):
        (folder / f"{number:03d}_{name}.txt").write_text(text, encoding="utf-8")
    built, _ = build_tables(folder, engine="natasha", cache=False)
    return built


def _entity(tables, article: str, text: str) -> str:
    mentions = tables["mentions"]
    rows = mentions[mentions["article_id"].str.endswith(article) & (mentions["text"] == text)]
    assert len(rows) == 1, (article, text, rows)
    return rows["entity_id"].iloc[0]


def test_a_lone_name_joins_the_full_name_its_article_writes(tables):
    """ "Бориса" is Boris Johnson (his article's), not "Алексей Борисов" of another story."""
    assert _entity(tables, "johnson", "Бориса") == _entity(tables, "johnson", "Бориса Джонсона")
    assert _entity(tables, "johnson", "Бориса") != _entity(tables, "metro", "Алексей Борисов")


def test_a_lone_given_name_is_not_another_storys_person(tables):
    """Johnson's son "Теодор" is not cardinal "Теодор Маккаррик" of another story: a lone first name
    joins only a full name of its own article."""
    assert _entity(tables, "johnson", "Теодор") != _entity(tables, "cardinal", "Теодора Маккаррика")


@pytest.mark.parametrize(
    ("article", "text", "english"),
    [
        ("world", "Мухаммед Мурси", "Mohammed Morsi"),  # Arabic, as the press writes it (was Muhammed)
        ("world", "Пан Ги Мун", "Ban Ki-moon"),  # Korean: Kontsevich read back (was Pan Gee Moon)
        ("world", "Хуан Гуайдо", "Juan Guaido"),  # Spanish given name, Spanish surname (was Huang Guaiduo)
        ("cardinal", "Теодора Маккаррика", "Theodore McCarrick"),  # census forms (was Theodor McCarrik)
    ],
)
def test_people_are_named_as_the_english_language_press_names_them(tables, article, text, english):
    entities = tables["entities"].set_index("entity_id")
    assert entities.loc[_entity(tables, article, text), "name_en"] == english


@pytest.mark.parametrize(
    ("russian", "english"),
    [
        ("Мун Чжэ Ин", "Moon Jae-in"),
        ("Ким Чен Ын", "Kim Jong-un"),  # was Kim Chene Yn (NEREL dev)
        ("Хуан Цзяньго", "Huang Jianguo"),  # Palladius marks a Chinese given name: Хуан is Huang here
        ("Войцех Хас", "Wojciech Has"),  # Wojciech's j reads the Polish "й": no Spanish name (was Jas)
        ("Хосе Луис", "Jose Luis"),
        ("Мухаммед", "Muhammad"),  # alone, the Prophet (asia_bibi's 80 mentions); with a surname Mohammed
        ("Пророк Мухаммед", "Prophet Muhammad"),
    ],
)
def test_name_systems_and_what_they_leave_alone(russian, english):
    from analysis.nlp.knowledge import people

    assert people.english_person(russian)[0] == english
