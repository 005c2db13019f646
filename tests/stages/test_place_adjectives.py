"""A place's adjective ("российские власти", "в московском суде") is a mention of that place, of form
`adjective`; never inside a name ("Российской Федерации"), nor a language's ("китайском языке"); and
the scorers count it as each benchmark's guideline says."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.stages.entities.adjectives import place_adjectives

# Sentences written for this test (no evaluation text).
_ARTICLES = {
    "001_a.txt": "Российские власти заявили о новых учениях. Москва ответила на заявление американских властей. "
    "Представитель Российской Федерации выступил в ООН. Об этом сообщили в московском суде. Победу одержал "
    "российский теннисист Андрей Рублёв. Переводчик говорит на китайском языке.",
    "002_b.txt": "Россия и Китай подписали соглашение. Китайская сторона довольна итогами, сообщили в Пекине.",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, pd.DataFrame]:
    from analysis.build.run import build_tables

    folder = tmp_path_factory.mktemp("adjectives")
    for name, text in _ARTICLES.items():
        (folder / name).write_text(f" date 2024-03-01 {text}\n", encoding="utf-8")
    tables, _ = build_tables(folder, engine="natasha", cache=False)
    return tables


def _at(article: str, text: str) -> tuple[int, int]:
    start = f" date 2024-03-01 {_ARTICLES[article + '.txt']}".index(text)
    return start, start + len(text)


def test_adjectives_of_places_are_mentions_of_the_place(built):
    mentions = built["mentions"]
    adjectives = mentions[mentions["mention_form"] == "adjective"]
    found = [
        (row.article_id, row.start, row.end, row.text, row.type, row.entity_id, row.normal)
        for row in adjectives.itertuples(index=False)
    ]
    assert found == [
        ("001_a", *_at("001_a", "Российские"), "Российские", "LOC", "loc:russia", "Россия"),
        ("001_a", *_at("001_a", "американских"), "американских", "LOC", "loc:united-states", "США"),
        ("001_a", *_at("001_a", "московском"), "московском", "LOC", "loc:moscow", "Москва"),
        ("001_a", *_at("001_a", "российский"), "российский", "LOC", "loc:russia", "Россия"),
        ("002_b", *_at("002_b", "Китайская"), "Китайская", "LOC", "loc:china", "Китай"),
    ]


def test_a_capitalised_adjective_inside_a_name_stays_the_name(built):
    """ "Российской Федерации" is a name of Russia (form `name`), not the adjective "Российской"."""
    mentions = built["mentions"].set_index(["article_id", "start"])
    start, end = _at("001_a", "Российской Федерации")
    row = mentions.loc[("001_a", start)]
    assert (row["end"], row["entity_id"], row["mention_form"]) == (end, "loc:russia", "name")


def test_no_adjective_of_a_language(built):
    assert "китайском" not in set(built["mentions"]["text"])  # "на китайском языке"


def test_the_entity_s_name_and_aliases_never_become_the_adjective(built):
    entities = built["entities"].set_index("entity_id")
    russia, usa, moscow = (
        entities.loc["loc:russia"],
        entities.loc["loc:united-states"],
        entities.loc["loc:moscow"],
    )
    assert (russia["name"], russia["name_en"], russia["n_mentions"]) == ("Россия", "Russia", 4)
    assert sorted(russia["aliases"]) == ["Российской Федерации", "Россия"]
    assert (usa["name"], list(usa["aliases"])) == ("США", ["США"])  # named only by its adjective
    assert (list(moscow["aliases"]), moscow["n_mentions"]) == (["Москва"], 2)


def test_adjectives_derived_from_known_names_and_the_irregular_ones_from_the_lexicon():
    adjectives = place_adjectives()
    derived = {"российский": "Россия", "китайский": "Китай", "японский": "Япония", "минский": "Минск"}
    irregular = {"американский": "США", "немецкий": "Германия", "британский": "Великобритания"}
    assert {lemma: adjectives.get(lemma) for lemma in {**derived, **irregular}} == {**derived, **irregular}
    # "русский" is the people and the language; "брежневский" the man's (Брежнев: an old city name)
    assert {"русский", "римский", "брежневский", "английский"}.isdisjoint(adjectives)


def test_scorers_count_adjectives_as_each_guideline_says():
    from analysis.tools.evaluate import bsnlp, factru
    from analysis.tools.evaluate.nerel import GoldSpan, NerelDocument, score_tables

    text = "Российские власти ответили."
    mentions = pd.DataFrame(
        {
            "article_id": ["n"],
            "sentence_id": [0],
            "start": [0],
            "end": [10],
            "text": ["Российские"],
            "type": ["LOC"],
            "entity_id": ["loc:russia"],
            "normal": ["Россия"],
            "mention_form": ["adjective"],
        }
    )
    assert factru.scored_mentions(mentions).empty  # factRuEval: geo_adj, no Location
    assert bsnlp.scored_mentions(mentions).empty  # BSNLP annotates no adjective
    document = NerelDocument("n", None, text, (GoldSpan(0, 10, "LOC", "Q159"),))
    articles = pd.DataFrame({"article_id": ["n"], "raw_text": [text]})
    score = score_tables([document], {"articles": articles, "mentions": mentions})
    assert score.types["LOC"].f1 == 1.0  # NEREL: COUNTRY


def test_entities_page_and_article_say_a_mention_is_the_place_s_adjective(built):
    from dashboard.components.text import entity_spans
    from dashboard.data.entities import keyword_in_context

    kwic = keyword_in_context(built["articles"], built["mentions"], "loc:moscow")
    assert list(zip(kwic["mention"], kwic["mention_form"], strict=True)) == [
        ("Москва", "name"),
        ("московском", "adjective"),
    ]
    mentions = built["mentions"]
    adjective = mentions[mentions["text"] == "московском"]
    [span] = entity_spans(adjective, {"loc:moscow": ("Москва", "Moscow")})
    assert (span.start, span.end) == _at("001_a", "московском")
    assert span.title.endswith("(Place; adjective)")


def test_the_map_counts_a_country_s_adjective_as_a_mention_of_it(built):
    """Russia: "Российские", "Российской Федерации", "Россия", "российский" and Moscow's two ("Москва",
    "московском": a capital counts for its country); China: "Китай", "Китайская" and "Пекине"."""
    from dashboard.data.places import country_mentions

    counts = country_mentions(built["mentions"], built["entities"]).groupby("iso3").size().to_dict()
    assert (counts["RUS"], counts["USA"], counts["CHN"]) == (6, 1, 3)
