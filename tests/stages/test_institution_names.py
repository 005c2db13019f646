"""English names of organisations, bodies and places no source names (issue 20): the glossary translates
their vocabulary, a proper adjective is romanised before a translated head (a guess, said so), a
transliterated name is capitalised word by word. Sentences from Russian news sites (kommersant-like
court reports of ovd.info, ria24.today, milparade.ru, topspb.tv), as published."""

import pytest

from analysis.core.codes import NameSource
from analysis.nlp.knowledge import institutions

# Sentences as the sites published them (the URL each comes from in the comment).
_ARTICLES = {
    # ovd.info/express-news/2021/11/26/byvshego-figuranta-moskovskogo-dela-arestovali-na-9-sutok-iz-za-piketa-u
    "001_a.txt": "Пресненский районный суд Москвы арестовал на девять суток Константина Котова, бывшего "
    "фигуранта «московского дела», задержанного у Верховного суда 25 ноября. 2 декабря 16:30 Мосгорсуд в "
    "апелляции сократил на полчаса срок административного ареста Котова.",
    # ria24.today/news/nazvano-mesto-pohoron-moryakov-pogibshih-pri/483110
    "002_b.txt": "14 подводников, погибших при пожаре на научно-исследовательском глубоководном аппарате в "
    "Баренцевом море, будут похоронены в Санкт-Петербурге на Серафимовском кладбище возле мемориала экипажу "
    "подводной лодки «Курск».",
    # milparade.ru/kitaj-nachal-10-dnevnye-voennye-ucheniya-v-yuzhno-kitajskom-more
    "003_c.txt": "ВМС Китая начали 10-дневные военные учения в Южно-Китайском море к востоку от острова Хайнань.",
    # topspb.tv/news/2019/04/11/sud-v-kotorom-slushayut-delo-kokorina-i-mamaeva-evakuiruyut/
    "004_d.txt": "Здание Пресненского суда Москвы, в котором проходит слушание по делу Александра Кокорина и "
    "Павла Мамаева, эвакуируют из-за сообщения о взрывном устройстве, пишет «Спорт Экспресс».",
}


@pytest.fixture(scope="module")
def named(tmp_path_factory) -> dict:
    from analysis.build.run import build_tables

    folder = tmp_path_factory.mktemp("institutions")
    for name, text in _ARTICLES.items():
        (folder / name).write_text(f" date 2021-11-26 {text}\n", encoding="utf-8")
    tables, _ = build_tables(folder, engine="natasha", cache=False)
    return {row.name: (row.name_en, row.name_en_source) for row in tables["entities"].itertuples()}


@pytest.mark.parametrize(
    ("russian", "english", "source"),
    [
        # a sea named by a direction and a country's adjective (was "Yuzhno-Kitayskoye more")
        ("Южно-Китайское море", "South China Sea", NameSource.GLOSSARY),
        # a compound abbreviation: a glossary prefix and a glossary noun (was "Mosgorsud")
        ("Мосгорсуд", "Moscow City Court", NameSource.GLOSSARY),
        # a Russian abbreviation of a body (was "VMS"), its complement a country
        ("ВМС Китая", "Navy of China", NameSource.GLOSSARY),
        ("Верховный суд", "Supreme Court", NameSource.GLOSSARY),
        # a court named by its district: the adjective romanised, the rest translated; still a guess
        (
            "Пресненский районный суд Москвы",
            "Presnensky District Court of Moscow",
            NameSource.TRANSLITERATION,
        ),
        ("Пресненский суд Москвы", "Presnensky Court of Moscow", NameSource.TRANSLITERATION),
        # a cemetery (was "Serafimovskoye kladbishche")
        ("Серафимовское кладбище", "Serafimovskoye Cemetery", NameSource.TRANSLITERATION),
        # a possessive adjective is its owner's name (was "Barentsevo more")
        ("Баренцево море", "Barents Sea", NameSource.TRANSLITERATION),
        # a newspaper's transliterated name, capitalised as English writes a proper name (was "Sport Ekspress")
        ("Спорт Экспресс", "Sport Ekspress", NameSource.TRANSLITERATION),
    ],
)
def test_english_names_of_bodies_and_places_on_real_sentences(named, russian, english, source):
    assert named[russian] == (english, source)


@pytest.mark.parametrize(
    ("russian", "english"),
    [
        ("Кунцевское кладбище", "Kuntsevo Cemetery"),  # the adjective of a town GeoNames knows
        ("Арлингтонское кладбище", "Arlington Cemetery"),
        ("Иллинойсский университет", "Illinois University"),  # a state's adjective
        ("Восточно-Китайское море", "East China Sea"),
        ("Госсовет", "State Council"),
        ("Мосгордума", "Moscow City Duma"),
        ("Госпиталь", "Hospital"),  # a word, not "гос" + an abbreviation
        ("Единая Россия", "United Russia"),
        ("Красный Крест", "Red Cross"),
        ("Совет директоров", "Board of Directors"),
        ("Палата общин", "House of Commons"),
        ("Международное агентство по изучению рака", "International Agency for Research on Cancer"),
        ("Союз польских композиторов", "Union of Polish Composers"),
        ("СССР", "USSR"),
        ("Институт русского языка РАН", "Institute of Russian Language of Russian Academy of Sciences"),
        ("Палата представителей США", "House of Representatives of the United States"),
        ("Следственный комитет Белоруссии", "Investigative Committee of Belarus"),  # no "the Belarus"
        ("Китайское правительство", "Chinese Government"),  # the nationality still comes first
        # a compound adjective, each part translated (was "Khristiansko-demokratichesky soyuz Germanii")
        ("Христианско-демократический союз Германии", "Christian Democratic Union of Germany"),
        ("Военно-морские силы США", "Naval Forces of the United States"),
        (
            "Организация по безопасности и сотрудничеству в Европе",
            "Organisation for Security and Cooperation in Europe",
        ),
        ("Федеральная антимонопольная служба", "Federal Antimonopoly Service"),
    ],
)
def test_vocabulary_of_bodies_and_places(russian, english):
    assert institutions.translate(russian) == english


@pytest.mark.parametrize(
    ("russian", "romanised"),
    [
        ("Пресненский суд", "Presnensky Court"),
        ("Мариинский театр", "Mariinsky Theatre"),
        ("Концертный зал Мариинского театра", "Concert Hall of Mariinsky Theatre"),  # in the nominative
        ("Первый канал", None),  # an ordinal, not a name's adjective: no "Pervy Canal"
        ("Стратегический совет", None),  # a common adjective in "-ический": no "Strategichesky Council"
        ("Говорящий Москва", None),
    ],
)
def test_a_proper_adjective_is_romanised_only_when_asked(russian, romanised):
    assert institutions.translate(russian) is None
    assert institutions.translate(russian, romanise=True) == romanised


def test_transliterated_names_are_written_as_english_writes_proper_names():
    from analysis.core.text import fold
    from analysis.stages.entities.english import name_entity
    from analysis.stages.entities.merge import KeyKind
    from analysis.stages.entities.model import Mention

    def english(name: str, etype: str) -> str:
        return name_entity(
            (KeyKind.NAME, fold(name)), [(Mention("a", 0, 0, 9, name, etype, ()), name)]
        ).name_en

    # ISO 3166-2 knows it ("Ingushetiya, Respublika"), in the spelling English writes (was "Ingushetiya")
    assert english("Ингушетия", "LOC") == "Republic of Ingushetia"
    assert english("Эмпатия", "ORG") == "Empatiya"  # an organisation's name keeps its letters
    # a Chinese place or newspaper written in Palladius, in pinyin (were "Sintszyan", "Zhenmin zhibao")
    assert english("Синьцзян", "LOC") == "Xinjiang"
    assert english("Жэньминь жибао", "ORG") == "Renmin Ribao"
    assert english("Припять", "LOC") == "Pripyat"  # a soft sign, but no Palladius syllables
    # an abbreviation the glossary spells out stays transliterated inside a transliterated name
    from analysis.stages.entities.english import _proper_case

    assert _proper_case("Главк МВД и ФИФА", "ORG") == "Glavk MVD i FIFA"
    # a topic noun translates only in a complement: the company "Энергия" is no "Energy"
    assert english("Энергия", "ORG") == "Energiya"
    assert english("Комиссия по атомной энергии", "ORG") == "Commission for Atomic Energy"
    # each word capitalised but a preposition (was "Fond borby s korruptsiyey")
    assert english("Фонд борьбы с коррупцией", "ORG") == "Fond Borby s Korruptsiyey"
    # Latin words as written (was "Tribune Internationale Des Compositeurs" at 9b92745), an abbreviation
    # the glossary knows in English (was "YuNESKO")
    assert english("Tribune Internationale des Compositeurs ЮНЕСКО", "ORG") == (
        "Tribune Internationale des Compositeurs UNESCO"
    )
