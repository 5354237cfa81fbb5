"""rules._direction runs its two regexes only when the 60 characters before the place hold a
compass word (lowered as re.IGNORECASE reads them): its answer must be the regexes' answer on
every text, compass words in every case and spelling, distances, asides, and the long s that
re.IGNORECASE reads as "s"."""

from __future__ import annotations

from hypothesis import given, settings

from extract.events import rules
from tests.extract.part_texts import part_texts

_PARTS = [
    "north",
    "North",
    "SOUTH",
    "\u017fouth",  # long s
    "east",
    "West",
    "north-east",
    "Northwest",
    "southern",
    "westward",
    "easterly",
    "outskirts",
    "parts",
    "side",
    "20",
    "km",
    "miles",
    "(12 miles)",
    "of",
    "the",
    "city of",
    "town of",
    "in",
    "near",
    "Aleppo",
    "x",
    " ",
    "  ",
    "\n",
    ",",
]
_texts = part_texts(_PARTS, max_size=20)


@settings(max_examples=800, deadline=None)
@given(_texts)
def test_direction_equals_the_regexes(before):
    sentence = before + "Idlib was shelled"
    place = rules._Span(len(before), len(before) + 5)
    assert rules._direction(sentence, place) == rules._direction_by_regex(
        sentence[max(0, len(before) - 60) : len(before)]
    )


def test_direction_cases():
    for before, expected in [
        ("shelled the northern outskirts of ", "north"),
        ("20 km (12 miles) south-west of ", "southwest"),
        ("on the \u017fouthern edge of ", "\u017fouth"),  # as the regex reads it
        ("shelled the villages near ", None),
    ]:
        sentence = before + "Aleppo"
        assert rules._direction(sentence, rules._Span(len(before), len(sentence))) == expected
