"""Where an English name comes from, on the dashboard: a transliteration is marked as the guess it is
with the Russian beside it, a search in English also tries the transliteration, and cities are points
on the Places map."""

import pandas as pd

from analysis.core.schema import ENTITIES, MENTIONS, TABLES
from tests.helpers import launch

TOKAYEV = "Касым-Жомарт Токаев"  # "Касым" is in no name list: his English name is a transliteration


def test_the_entities_page_marks_a_transliteration_and_names_every_source(no_pack, use_data):
    use_data(no_pack)
    at = launch("entities")
    table = at.dataframe[0].value.set_index("Russian name")
    assert table.loc[TOKAYEV, ["English name", "English name from"]].tolist() == [
        "Kasym-Zhomart Tokayev (transliterated)",
        "Transliteration (a guess)",
    ]
    assert table.loc["Дональд Трамп", ["English name", "English name from"]].tolist() == [
        "Donald Trump",
        "Name list (Wikidata)",
    ]
    assert table.loc["Казахстан", "English name from"] == "CLDR"
    assert any("only transliterated" in caption.value for caption in at.caption)


def test_a_chosen_entity_reads_with_its_mark(no_pack, use_data):
    """Lists to choose from say "(transliterated)" too, the Russian name beside."""
    from dashboard.data.entities import display_name, entity_label

    entities = pd.read_parquet(no_pack / TABLES[ENTITIES].file)
    ids = dict(zip(entities["name"], entities["entity_id"], strict=True))
    labels, names = entity_label(entities), display_name(entities)
    assert labels[ids[TOKAYEV]] == f"Kasym-Zhomart Tokayev (transliterated) · {TOKAYEV} (Person)"
    assert names[ids[TOKAYEV]] == f"Kasym-Zhomart Tokayev · {TOKAYEV}"
    assert names[ids["Дональд Трамп"]] == "Donald Trump"


def test_an_english_search_also_tries_the_transliteration(no_pack):
    """An analyst who saw "Ministerstvo inostrannykh del" in a transliterated source finds the ministry
    the build now calls "Ministry of Foreign Affairs"."""
    from dashboard.data.search import search_entities

    entities = pd.read_parquet(no_pack / TABLES[ENTITIES].file)
    found = search_entities(entities, "Ministerstvo inostrannykh")
    assert found[["name", "name_en"]].values.tolist() == [
        ["Министерство иностранных дел", "Ministry of Foreign Affairs"]
    ]
    assert list(search_entities(entities, "Bely dom")["name_en"]) == ["White House"]


def test_cities_are_points_on_the_places_map(data_dir, use_data):
    from dashboard.components.worldmap import places_figure
    from dashboard.data.places import city_table

    entities = pd.read_parquet(data_dir / TABLES[ENTITIES].file)
    mentions = pd.read_parquet(data_dir / TABLES[MENTIONS].file)
    cities = city_table(mentions, entities, dict.fromkeys(mentions["article_id"], "one source"))
    named = cities.set_index("name_en")
    assert {"Washington", "Astana", "Riyadh", "Gaza"} <= set(named.index)
    assert named.loc["Washington", ["latitude", "longitude"]].round(1).tolist() == [38.9, -77.0]
    figure = places_figure(pd.DataFrame(columns=["iso3", "n_sources"]), [], {"features": []}, cities)
    points = next(trace for trace in figure.data if trace.name == "cities")
    assert list(points.customdata) == list(cities["entity_id"])
    use_data(data_dir)
    at = launch("map", layer="Places")
    shown = [frame.value for frame in at.dataframe if "Latitude" in frame.value.columns]
    assert shown and "Washington" in set(shown[0]["English name"])
