"""dates.marked_matches finds each date pattern's matches by the character before them: they must
be the matches of rx.finditer (span and groups) for every pattern, on texts with dates at the
start, back to back, after punctuation, "_", digits, curly quotes and letters outside ASCII (the
long s and the Kelvin sign that re.IGNORECASE reads as ASCII letters among them), and on the case
texts."""

from __future__ import annotations

from hypothesis import given, settings

from extract.events import dates
from extract.events.sentences import split_sentences
from tests.extract.case_texts import case_texts
from tests.extract.part_texts import part_texts, spans_and_groups

_PARTS = [
    "since",
    "Since",
    "from",
    "on",
    "in",
    "In",
    "the",
    "early",
    "mid-",
    "end of",
    "May",
    "Jan.",
    "July",
    "4",
    "12th",
    "2016",
    "2016-07-31",
    "last year",
    "yesterday",
    "Yesterday",
    "\u017fince",  # long s
    "\u212a",  # Kelvin sign
    "three days ago",
    "Tuesday",
    "\u00e9",
    "\u201c",
    "_",
    "x",
    ",",
    ".",
    "-",
    " ",
    "  ",
]
_texts = part_texts(_PARTS, max_size=16)


def _same(text: str) -> None:
    for kind, rx in dates.PATTERNS:
        assert spans_and_groups(dates.marked_matches(kind, rx, text)) == spans_and_groups(
            rx.finditer(text)
        ), (kind, text)


@settings(max_examples=600, deadline=None)
@given(_texts)
def test_marked_matches_equal_finditer(text):
    _same(text)


def test_marked_matches_on_the_case_texts():
    for text in case_texts():
        for s in split_sentences(text):
            _same(text[s.start : s.end])
    for text in [
        "May 4, 2016",
        "On May 4 and in June 2016",
        "x\u00e9in May",
        "\u201cin May\u201d",
        "_in May",
    ]:
        _same(text)
