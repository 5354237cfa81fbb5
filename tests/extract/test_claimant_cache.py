"""attribution.resolve_claimant answers from a cache by noun phrase (the same claimant phrases come
back article after article): it must answer as the uncached function does, for every phrase and for
whichever Reference it is given (the cache holds one reference's answers and is dropped for another)."""

from __future__ import annotations

import shutil

from extract.events import attribution
from extract.events.attribution import resolve_claimant, resolve_claimant_uncached
from extract.reference import DATA_DIR, build_reference, load_reference

_PHRASES = [
    "the Syrian Observatory for Human Rights",
    "activists",
    "state media",
    "Russian Defense Minister Sergei Shoigu",
    "a local official",
    "he",
    "the army",
    "Kurdish official",
    "rebel commanders",
    "Frontline Watch Collective",
    "the Frontline Watch Collective",
    "they had begun",
    "vowed to drive the rebels out of Aleppo and",
    "The Houthis, who call themselves Ansar Allah",
    "",
    "x" * 120,
]


def test_cached_answers_equal_the_uncached_function_repeatedly():
    ref = load_reference()
    for _ in range(3):  # the second and third rounds are answered from the cache
        for np in _PHRASES:
            assert resolve_claimant(ref, np) == resolve_claimant_uncached(ref, np), np
    assert resolve_claimant(ref, "the Syrian Observatory for Human Rights")[1] is not None


def test_cache_stays_bounded():
    ref = load_reference()
    for n in range(attribution._CLAIMANT_CACHE_MAX + 10):
        resolve_claimant(ref, f"officials {n}")
    assert len(attribution._claimants) <= attribution._CLAIMANT_CACHE_MAX
    assert resolve_claimant(ref, "activists") == resolve_claimant_uncached(ref, "activists")


def test_another_reference_is_not_answered_from_the_first_ones_cache(tmp_path):
    for f in DATA_DIR.iterdir():
        if f.is_file():
            shutil.copy(f, tmp_path / f.name)
    with (tmp_path / "actors.yaml").open("a", encoding="utf-8") as out:
        out.write(
            "\n- id: frontline_watch\n  name: Frontline Watch Collective\n  side: unknown\n"
            "  kind: monitor\n  names:\n    - {name: Frontline Watch Collective, type: official}\n"
        )
    other = build_reference(tmp_path)
    ref = load_reference()
    phrase = "the Frontline Watch Collective"
    first = resolve_claimant(ref, phrase)  # now cached for ref
    assert first == resolve_claimant_uncached(ref, phrase)
    assert first is None or first[1] is None  # the shipped data does not know it
    second = resolve_claimant(other, phrase)
    assert second == resolve_claimant_uncached(other, phrase)
    assert second is not None and second[1] == "frontline_watch"
    assert resolve_claimant(ref, phrase) == first  # and back again
