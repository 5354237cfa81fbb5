"""The reference data: dated actor names, aliases and generics, place spellings, taxonomy, loading."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from extract.models import EVENT_TYPES
from extract.reference import DATA_DIR, ReferenceDataError, build_reference, load_reference
from extract.reference.geonames_import import GeoNamesFormatError, import_geonames_country_file


@pytest.fixture(scope="module")
def ref():
    return load_reference()


def _actor_of(ref, text: str) -> str:
    found = ref.find_actors(text)
    assert found, f"no actor found in {text!r}"
    m = max(found, key=lambda a: a.end - a.start)
    assert text[m.start : m.end] == m.surface
    return m.actor_id


def test_nusra_has_one_id_and_three_dated_names(ref):
    assert ref.actor_name_on("nusra", dt.date(2016, 7, 1)) == "Jabhat al-Nusra"
    assert ref.actor_name_on("nusra", dt.date(2016, 7, 28)) == "Jabhat Fateh al-Sham"
    assert ref.actor_name_on("nusra", dt.date(2017, 1, 28)) == "Hay'at Tahrir al-Sham"
    for name in (
        "Jabhat al-Nusra",
        "the former Al-Nusra Front",
        "Levantine Conquest Front",
        "Jabhat Fateh al-Sham",
        "Hay'at Tahrir al-Sham",
        "HTS",
        "Nusra Front",
    ):
        assert _actor_of(ref, f"Fighters of {name} attacked.") == "nusra", name


@pytest.mark.parametrize(
    ("phrase", "side"),
    [
        ("regime forces", "pro_government"),
        ("Assad's forces", "pro_government"),
        ("loyalists", "pro_government"),
        ("government forces", "pro_government"),
        ("insurgents", "opposition"),
        ("rebels", "opposition"),
        ("jihadists", "jihadist"),
        ("the coalition", "us_coalition"),
        ("Russian planes", "pro_government"),
        ("Russian warplanes", "pro_government"),
        ("Daesh", "isis"),
        ("ISIL", "isis"),
        ("YPG", "kurdish"),
        ("SDF", "kurdish"),
        ("Turkish troops", "turkey"),
        ("Israeli jets", "israel"),
        ("Syrian state media", "pro_government"),
        ("Ahrar al-Sham", "opposition"),
    ],
)
def test_generic_and_named_references_resolve_to_a_side(ref, phrase, side):
    assert ref.actor(_actor_of(ref, f"They said {phrase} moved.")).side == side


def test_abbreviations_match_only_in_capitals(ref):
    assert not [
        a for a in ref.find_actors("let us go, it is late") if a.actor_id in {"united_states", "isis"}
    ]
    assert {a.actor_id for a in ref.find_actors("US and IS forces")} >= {"united_states", "isis"}


def test_claimant_spellings_resolve_to_sohr(ref):
    for name in (
        "Syrian Observatory for Human Rights",
        "Syrian Observatory of Human Rights",
        "SOHR",
        "the Britain-based Syrian Observatory for Human Rights",
    ):
        assert _actor_of(ref, f"{name} said so.") == "sohr"


@pytest.mark.parametrize(
    ("text", "place_name"),
    [
        ("Ramussa", "Ramouseh"),
        ("Ramouseh", "Ramouseh"),
        ("Ramousah", "Ramouseh"),
        ("al-Ramousah", "Ramouseh"),
        ("Rashidin", "Rashidin"),
        ("Rashideen", "Rashidin"),
        ("al-Rashideen", "Rashidin"),
        ("A'zaz", "Azaz"),
        ("Azaz", "Azaz"),
        ("A\u2019zaz", "Azaz"),
        ("I\u2018z\u0101z", "Azaz"),
        ("Ar Raqqah", "Raqqa"),
        ("Raqqa", "Raqqa"),
        ("Deir ez-Zor", "Deir ez-Zor"),
        ("Dayr Az Zawr", "Deir ez-Zor"),
        ("Bani Zaid", "Bani Zeid"),
        ("Castello Road", "Castello Road"),
        ("the 1070 apartment project", "1070 apartment project"),
        ("Kuweires airbase", "Kuweires airbase"),
        ("Eastern Ghouta", "Eastern Ghouta"),
        ("Urum al-Kubra", "Urum al-Kubra"),
        ("Hanano", "Hanano"),
        ("Mallah farms", "Mallah farms"),
        ("Salaheddine", "Salaheddine"),
        ("Sheikh Maqsoud", "Sheikh Maqsoud"),
        ("Kharkiv", "Kharkiv"),
    ],
)
def test_place_spellings_and_articles_match(ref, text, place_name):
    sentence = f"Fighting was reported in {text} on Monday."
    found = ref.find_places(sentence)
    assert found, f"no place in {sentence!r}"
    m = found[0]
    assert sentence[m.start : m.end] == m.surface
    assert ref.place(m.place_id).name == place_name


def test_transliteration_variant_unknown_to_the_lists_matches_by_skeleton(ref):
    found = ref.find_places("Shelling hit the district of Rachideen overnight.")
    assert [ref.place(p.place_id).name for p in found] == ["Rashidin"]
    assert found[0].fuzzy


def test_ordinary_words_are_not_places(ref):
    text = "The Human Rights group said peace talks in the capital would resume; the hospital was hit."
    assert [p.surface for p in ref.find_places(text)] == []


def test_places_carry_coordinates_precision_and_parents(ref):
    road = ref.place_by_name("Castello Road")
    assert road.precision == "road" and 36.1 < road.latitude < 36.4 and 37.0 < road.longitude < 37.3
    aleppo = ref.place(road.parent_place_id)
    assert aleppo.name == "Aleppo" and aleppo.country_code == "SY"
    nb = ref.place_by_name("Sheikh Maqsoud")
    assert nb.precision == "neighbourhood"
    assert any(p.source == "csr_aleppo_neighbourhoods" for p in ref.places.values())


@pytest.mark.parametrize(
    "place_id", ["cur:ramouseh_artillery", "cur:ramouseh_armament_college", "cur:air_force_technical_college"]
)
def test_the_ramouseh_military_colleges_sit_in_ramouseh(ref, place_id):
    """The colleges of the Ramouseh military complex roll up to the neighbourhood, which lies in Aleppo
    (a claim about the academy is a claim inside Ramouseh); each is within 3 km of its centroid."""
    site = ref.place(place_id)
    parent = ref.place(site.parent_place_id)
    assert parent.name == "Ramouseh" and parent.precision == "neighbourhood"
    assert ref.place(parent.parent_place_id).name == "Aleppo"
    km = 111 * ((site.latitude - parent.latitude) ** 2 + (site.longitude - parent.longitude) ** 2) ** 0.5
    assert km < 3


def test_taxonomy_maps_every_event_type(ref):
    ours = {t for types in EVENT_TYPES.values() for t in types}
    assert set(ref.event_types) == ours
    assert ref.event_types["air_strike"].acled_sub_event_type == "Air/drone strike"
    assert ref.event_types["car_bomb"].coarse_class == "explosive"
    assert all(info.cameo_code for info in ref.event_types.values())


def test_load_reference_is_cached_and_matches_a_fresh_build(ref, tmp_path, monkeypatch):
    assert load_reference() is ref
    monkeypatch.setenv("FRONTLINES_CACHE_DIR", str(tmp_path / "cache"))
    load_reference.cache_clear()
    try:
        first = load_reference()  # builds and writes the compiled cache
        assert list((tmp_path / "cache").glob("reference-*.pickle"))
        load_reference.cache_clear()
        second = load_reference()  # read back from the cache
        assert (
            second.find_places("shelling in Ramussa")[0].place_id
            == first.find_places("in Ramussa")[0].place_id
        )
        assert len(second.places) == len(build_reference(DATA_DIR).places)
    finally:
        load_reference.cache_clear()


def test_a_broken_actor_file_is_reported_by_name(tmp_path):
    for f in DATA_DIR.iterdir():
        if f.is_file():
            shutil.copy(f, tmp_path / f.name)
    (tmp_path / "actors.yaml").write_text("- {id: x, name: X, side: nonsense, kind: state, names: []}\n")
    with pytest.raises(ReferenceDataError, match=r"actors.yaml.*side 'nonsense'"):
        build_reference(tmp_path)


# geonameid, name, asciiname, alternatenames, lat, lon, feature class and code, country, cc2, admin1-4,
# population, elevation, dem, timezone, modified: the 19 columns of a GeoNames dump
GEONAMES_LINES = [
    "999001|Ar Rashīdīn|Ar Rashidin|Rashideen,al-Rashidin,الراشدين|36.19|37.09|P|PPL|SY||09||||1200||400|"
    "Asia/Damascus|2020-01-01",
    "999002|Kuwayris|Kuwayris|Kweires Airbase|36.187|37.583|S|AIRB|SY||09||||0||360|Asia/Damascus|2020-01-01",
    "999003|Some stream|Some stream||36.0|37.0|Z|ZZZ|SY||09||||0|||Asia/Damascus|2020-01-01",
]


def test_import_geonames_country_file_reads_the_dump_format(tmp_path):
    path = tmp_path / "SY.txt"
    path.write_text("".join(line.replace("|", "\t") + "\n" for line in GEONAMES_LINES), encoding="utf-8")
    places = import_geonames_country_file(path)
    assert [p.place_id for p in places] == ["gn:999001", "gn:999002"]  # feature class Z skipped
    village, base = places
    assert village.latitude == 36.19 and village.precision == "village" and village.country_code == "SY"
    assert {"Ar Rashīdīn", "Rashideen", "al-Rashidin", "الراشدين"} <= set(village.names)
    assert base.precision == "site" and base.feature_type == "S.AIRB"


def test_import_geonames_country_file_rejects_a_wrong_file(tmp_path):
    path = tmp_path / "SY.txt"
    path.write_text("this is not\ta geonames dump\n", encoding="utf-8")
    with pytest.raises(GeoNamesFormatError, match=r"SY.txt:1: expected 19"):
        import_geonames_country_file(path)
    with pytest.raises(FileNotFoundError, match="no GeoNames country file"):
        import_geonames_country_file(tmp_path / "missing.txt")


def test_data_readme_keeps_the_licence_notices():
    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in text and "GeoNames" in text
    assert "Copyright (c) 2019 Columbia Center for Spatial Research" in text
