"""SentenceGates' one automaton pass maps each hit to its span by walking forward through the spans
(hits come by their last character, left to right). It must answer as the per-span scans do
(RequiredWordGate.may_match, LiteralScan against its regex) for any spans in order, none
overlapping: with gaps between them, empty ones, adjacent ones, and words that cross a span's edge.
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.events import lexicon
from extract.events.prefilter import LiteralScan, SentenceGates, gate_for

_GATED = [lexicon.DISPUTE, lexicon.CORRIDOR_NOUN, lexicon.DEFINITION, lexicon.MILITARY_CONTEXT]
_WORDS = [
    "struck",
    "shelled",
    "corridor",
    "corridors",
    "denied",
    "rejected",
    "troops",
    "army",
    "humanitarian",
    "evacuat",
    "ion",
    "capt",
    "ured",
    "Army",
    "\u0130",
    "\u017f",
]
_texts = st.lists(
    st.one_of(st.sampled_from(_WORDS), st.sampled_from([" ", ". ", "\n", "x", ","])), max_size=40
).map("".join)


@st.composite
def _text_and_spans(draw) -> tuple[str, list[tuple[int, int]]]:
    """A text and spans in order, none overlapping: cut points drawn anywhere (mid-word too), each
    piece a span, an empty span or a gap."""
    text = draw(_texts)
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=12))) | {0, len(text)})
    spans = []
    for a, b in itertools.pairwise(cuts):
        kind = draw(st.sampled_from(["span", "span", "gap", "empty", "trimmed"]))
        if kind == "span":
            spans.append((a, b))
        elif kind == "empty":
            spans.append((a, a))
        elif kind == "trimmed" and b - a >= 2:
            spans.append((a + 1, b - 1))
    return text, spans


@settings(max_examples=500, deadline=None)
@given(_text_and_spans())
def test_the_one_pass_equals_the_per_span_scans(case):
    text, spans = case
    gates = SentenceGates(text, spans)
    for rx in _GATED:
        assert gates.flags(rx) == gate_for(rx).may_match(text, spans), rx.pattern[:60]
    scan = LiteralScan(lexicon.PREFILTER)
    assert list(gates.flags(scan)) == [lexicon.PREFILTER.search(text[s:e]) is not None for s, e in spans]


def test_a_word_across_a_span_edge_counts_for_neither():
    text = "troops corridor"
    spans = [(0, 3), (3, 9), (9, 15)]  # "tro" | "ops co" | "rridor"
    gates = SentenceGates(text, spans)
    assert gates.flags(lexicon.CORRIDOR_NOUN) == [False, False, False]
    spans = [(0, 6), (6, 7), (7, 15)]  # "troops" | " " | "corridor"
    gates = SentenceGates(text, spans)
    assert gates.flags(lexicon.CORRIDOR_NOUN) == [False, False, True]
    assert gates.flags(lexicon.MILITARY_CONTEXT) == [True, False, False]


def test_no_spans():
    gates = SentenceGates("troops corridor", [])
    assert gates.flags(lexicon.CORRIDOR_NOUN) == []
