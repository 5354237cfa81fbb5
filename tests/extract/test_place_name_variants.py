"""The reference build's spelling variants: GeoNames names written with 'ayn marks get the spellings
news uses, and place_name_variants.yaml adds curated names to GeoNames places (one source of truth)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from extract.reference import load_reference

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def build_reference_script():
    spec = importlib.util.spec_from_file_location("build_reference", ROOT / "scripts" / "build_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ayn_marked_names_get_plain_and_ain_spellings(build_reference_script):
    variants = build_reference_script.transliteration_variants
    assert variants("Ra's al `Ayn") == ["Ras al Ayn", "Ras al Ain"]
    assert variants("`Ayn al `Arab") == ["Ayn al Arab", "Ain al Arab"]
    assert variants("Aleppo") == []
    assert variants("Sa'ad") == []  # one word: too close to a person's name to add


def test_the_committed_gazetteer_holds_derived_and_curated_spellings():
    ref = load_reference()
    for text, name in [
        ("Fighting near Ras al-Ain.", "Ras al-Ain"),
        ("Fighting near Serekaniye.", "Serekaniye"),
        ("Fighting near Ain Isa.", "Ain Isa"),
    ]:
        found = ref.find_places(text)
        assert any(p.surface == name for p in found), f"{name} not found in {found}"
    ids = {p.place_id for p in ref.find_places("Fighting near Ras al-Ain and Serekaniye.")}
    assert ids == {"gn:165509"}
