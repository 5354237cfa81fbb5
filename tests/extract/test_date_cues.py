"""dates._possible_kinds asks the one-character cue words ("n", "y", "-") with `in` and finds ASCII
digits in its automaton scan: the kinds must be those of the plain rule, every pattern whose
required words (prefilter.required_clauses) all occur in the lowered sentence, those needing a
\\d only where the \\d regex finds one, and none without a _HINT match."""

from __future__ import annotations

import re

from hypothesis import given, settings

from extract.events import dates
from extract.events.prefilter import lowered, required_clauses
from tests.extract.part_texts import part_texts

_PARTS = [
    "in",
    "In",
    "n",
    "y",
    "by",
    "By",
    "-",
    "since",
    "\u017fince",  # long s: re.IGNORECASE reads it as "s"
    "during",
    "from",
    "2016",
    "1999",
    "7",
    "2016-07-31",
    "\u0663",  # an Arabic-Indic digit: \d, not ASCII
    "\uff17",  # a fullwidth digit
    "May",
    "Jan.",
    "July 4",
    "4 July",
    "Tuesday",
    "day",
    "today",
    "days ago",
    "early",
    "last year",
    "the",
    "x",
    "Aleppo",
    "\u201c",
    ",",
    " ",
]
_texts = part_texts(_PARTS, max_size=14)


def _plain_kinds(sentence: str) -> list[tuple[str, re.Pattern]]:
    if not dates._HINT.search(sentence):
        return []
    low = lowered(sentence)
    digit = re.search(r"\d", sentence) is not None
    return [
        (kind, rx)
        for kind, rx in dates.PATTERNS
        if all(any(w in low for w in clause) for clause in required_clauses(rx))
        and (digit or kind not in dates._NEEDS_DIGIT)
    ]


@settings(max_examples=600, deadline=None)
@given(_texts)
def test_possible_kinds_equal_the_plain_rule(text):
    assert dates._possible_kinds(text) == _plain_kinds(text)


def test_one_character_cues_are_asked_by_in():
    assert dict(dates._CHAR_CUES).keys() >= {"n", "y"}
    for case in [
        "fighting raged in the north",
        "held by rebels",
        "since 2016",
        "a 3-day truce",
        "\u0663 days ago",
    ]:
        assert dates._possible_kinds(case) == _plain_kinds(case), case
