"""SentencePlaces skips the "the X area" frame regex (_UNKNOWN_PLACE_BEFORE_NOUN) where the article's
gates say the sentence lacks its words: every sentence's places must equal those found with every
regex run (no gates), and a closed gate must hide no match of the regex in the sentence."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.events.context import _UNKNOWN_PLACE_BEFORE_NOUN, build_context
from extract.events.prefilter import SentenceGates
from extract.models import ArticleText
from extract.reference import load_reference


def _places(text: str, gated: bool) -> list[list]:
    ctx = build_context(
        ArticleText("p", "https://example.test/p", text, dt.date(2016, 7, 31)), load_reference()
    )
    gates = SentenceGates(text, [(s.start, s.end) for s in ctx.sentences])
    if gated:
        ctx.places.gates = gates
    for i, s in enumerate(ctx.sentences):  # the gate's promise, on the sentence the regex reads
        if not gates.may(_UNKNOWN_PLACE_BEFORE_NOUN, i):
            assert _UNKNOWN_PLACE_BEFORE_NOUN.search(text[s.start : s.end]) is None
    return [ctx.places[i] for i in range(len(ctx.sentences))]


_ARTICLE = (
    "Rebels shelled the Kafr Naha area and the Tariq al-Bab district of Aleppo on Monday.\n"
    "Prices rose in the capital. Troops entered the Wadi Deif military base near Maarat al-Numan.\n"
    "Fighting went on near the Bab al-Hawa border crossing. The talks resume next week."
)


def test_places_with_gates_equal_places_without_on_an_article():
    got = _places(_ARTICLE, gated=True)
    assert got == _places(_ARTICLE, gated=False)
    surfaces = {p.surface for found in got for p in found}
    assert {"Kafr Naha", "Tariq al-Bab", "Wadi Deif"} <= surfaces  # the frame's names are found


_PARTS = [
    "the Kafr Naha area",
    "the Tariq al-Bab district",
    "the Wadi Deif military base",
    "the Nassib border crossing",
    "near Aleppo",
    "in the village of Hobeit",
    "Rebels shelled",
    "the",
    "The",
    "area",
    "Damascus",
    "Prices rose",
    ". ",
    ", ",
    " ",
    "\n",
    "\u0130",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PARTS), min_size=1, max_size=25).map(" ".join))
def test_places_with_gates_equal_places_without(text):
    if text.strip():
        assert _places(text, gated=True) == _places(text, gated=False)
