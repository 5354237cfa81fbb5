"""The speed gates must never change an answer: each is checked against the regex it stands for.

LiteralScan must equal `rx.search(sentence) is not None`; a RequiredWordGate / SentenceGates may only
say "no" where the regex truly finds nothing; the gated date finder must equal running every pattern.
Inputs mix the lexicon's own words with case games and the characters re.IGNORECASE folds oddly.
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.events import dates, lexicon
from extract.events.prefilter import LiteralScan, RequiredWordGate, SentenceGates, lowered, required_clauses
from extract.events.sentences import split_sentences

_WORDS = list(lexicon.PREFILTER.pattern.split("|"))
_PHRASES = [
    "Tuesday",
    "on Sunday",
    "last Friday",
    "since",
    "in",
    "Jan. 8",
    "July 17",
    "May",
    "early August",
    "2016",
    "2016-07-31",
    "two days ago",
    "3 weeks earlier",
    "last week",
    "this morning",
    "yesterday",
    "overnight",
    "over the weekend",
    "air strikes",
    "recaptured",
    "corridor",
    "dismissed the claims",
    "according to",
    "car bomb",
    "rebel-held",
    "Tue\u017fday",
    "\u017ftrike",
    "\u017fhelled",
    "k\u0131lled",
    "F\u0130GHT",
    "\u212aILLED",
    "Augu\u017ft",
]
_ODD = ["\u0130", "\u0131", "\u017f", "\u212a", "\u2019", "\u00e9", ". ", "\n", " ", "-", "A", "k", "S"]
_token = st.one_of(
    st.sampled_from(_WORDS), st.sampled_from(_PHRASES), st.sampled_from(_ODD), st.text(max_size=4)
)


def _mangle(draw_case: list[bool], text: str) -> str:
    return "".join(c.swapcase() if draw_case[i % len(draw_case)] else c for i, c in enumerate(text))


_texts = st.builds(
    _mangle, st.lists(st.booleans(), min_size=1, max_size=7), st.lists(_token, max_size=25).map("".join)
)
_GATED = [
    lexicon.STRIKE_RX,
    lexicon.CONTROL_RX,
    lexicon.CORRIDOR_NOUN,
    lexicon.DEFINITION,
    lexicon.DISPUTE,
    lexicon.MILITARY_CONTEXT,
    *(rx for _, rx in dates.PATTERNS),
]


def _spans(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in split_sentences(text)] + [(0, len(text))]


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_lowered_keeps_length_and_folds_what_ignorecase_folds(text):
    low = lowered(text)
    assert len(low) == len(text)
    for word in ("strike", "tuesday", "since", "kill"):
        assert (word in low) == bool(re.search(re.escape(word), text, re.I))


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_literal_scan_equals_the_prefilter_regex(text):
    scan = LiteralScan(lexicon.PREFILTER)
    spans = _spans(text)
    assert scan.flags(text, spans) == [lexicon.PREFILTER.search(text[s:e]) is not None for s, e in spans]


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_gates_only_skip_sentences_where_the_regex_finds_nothing(text):
    spans = [(s.start, s.end) for s in split_sentences(text)]
    gates = SentenceGates(text, spans)
    for rx in _GATED:
        alone = RequiredWordGate(rx).may_match(text, spans)
        for i, (s, e) in enumerate(spans):
            assert gates.may(rx, i) == alone[i]
            if rx.search(text[s:e]):
                assert alone[i], (rx.pattern[:60], text[s:e])


def _all_patterns(sentence: str, published: dt.date | None, future: bool) -> list:
    """find_dates as it was before the gates: every pattern on every sentence with a _HINT."""
    saved = dates._possible_kinds
    dates._possible_kinds = lambda s: list(dates.PATTERNS) if dates._HINT.search(s) else []
    try:
        return dates.find_dates(sentence, published, future=future)
    finally:
        dates._possible_kinds = saved


@settings(max_examples=400, deadline=None)
@given(_texts, st.sampled_from([None, dt.date(2016, 7, 31), dt.date(2022, 3, 8)]), st.booleans())
def test_gated_date_finder_equals_running_every_pattern(text, published, future):
    assert dates.find_dates(text, published, future=future) == _all_patterns(text, published, future)


def test_required_clauses_read_the_parse_tree():
    assert required_clauses(re.compile(r"\bcar[- ]bombs?\b", re.I)) == [{"car"}, {"bomb"}]
    assert required_clauses(re.compile(r"(?:shell(?:ed|ing)|mortars?)\s+fire", re.I)) == [
        {"shell", "mortar"},
        {"fire"},
    ]
    assert required_clauses(re.compile(r"\d+|ago")) == []  # one branch needs no word: no gate


def test_odd_ignorecase_letters_resolve_in_dates():
    """re.IGNORECASE matches 'Tueſday' and 'Auguſt'; the lookups must not crash on them."""
    (value,) = dates.find_dates("It happened on Tue\u017fday.", dt.date(2016, 7, 31))
    assert value.event_date == dt.date(2016, 7, 26)
    (month,) = dates.find_dates("Fighting in early Augu\u017ft 2016.", dt.date(2016, 9, 1))
    assert month.date_start == dt.date(2016, 8, 1)


_LOCATIVE_WORDS = [
    "in", "near", "at", "of", "from", "toward", "towards", "outside", "into", "around", "on", "and", "the",
    "town", "village", "city", "district", "suburb", "neighborhood", "neighbourhood", "area", "IN", "The",
    "OF", "Aleppo", "x", "-", "\n", "\u0130n", "\u017f",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_LOCATIVE_WORDS), st.sampled_from([" ", "", "  ", "\t", "-"]))))
def test_reversed_locative_check_equals_the_regex(parts):
    from extract.reference import _LOCATIVE_BEFORE, _locative_before

    text = "".join(w + sep for w, sep in parts) + "Ramousah"
    start = len(text) - len("Ramousah")
    assert _locative_before(text, start) == (
        _LOCATIVE_BEFORE.search(text[max(0, start - 40) : start]) is not None
    )
