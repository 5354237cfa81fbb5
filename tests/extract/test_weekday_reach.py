"""find_dates starts the "weekday" pattern's search at dates.weekday_reach(sentence), not at 0: the
matches must be those of a search of the whole sentence, on texts built to put the reach at its
limits (three-word prefixes, long and odd runs of spaces, names in every case, a name inside a
word, the characters re.IGNORECASE reads as ASCII letters)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings

from extract.events import dates
from tests.extract.part_texts import part_texts, spans_and_groups

_WEEKDAY = dict(dates.PATTERNS)["weekday"]
_PARTS = [
    "Monday",
    "MONDAY",
    "tuesday",
    "Wednesday",
    "Sunday",
    "\u017funday",  # long s: re.IGNORECASE reads it as "s"
    "Mondays",
    "since",
    "Since",
    "earlier on",
    "later on",
    "as of",
    "last",
    "next",
    "on",
    "morning",
    "night",
    "(",
    ",",
    ".",
    "x",
    " ",
    "  ",
    "\t",
    "\n",
    "\u00a0",
    "since earlier on Monday",
    "(Since  as of\tSunday",
    "since later on\n\nFRIDAY",
    "since last Tuesday",
]
_texts = part_texts(_PARTS, max_size=30)


@settings(max_examples=600, deadline=None)
@given(_texts)
def test_search_from_the_reach_finds_what_the_whole_search_finds(text):
    reach = dates.weekday_reach(text)
    assert spans_and_groups(_WEEKDAY.finditer(text, reach)) == spans_and_groups(_WEEKDAY.finditer(text))
    assert all(m.start() >= reach for m in _WEEKDAY.finditer(text))


def test_reach_on_news_sentences():
    text = "Talks resumed in Geneva, and since earlier on  Tuesday morning the guns have been silent."
    reach = dates.weekday_reach(text)
    assert text[reach:].startswith("since earlier on  Tuesday")  # three words back from the name
    assert [m.group(0) for m in _WEEKDAY.finditer(text, reach)] == ["since earlier on  Tuesday morning"]
    assert dates.weekday_reach("No day named here.") == 0
    got = dates.find_dates(text, dt.date(2016, 7, 31))
    assert [(d.raw, d.date_start) for d in got] == [
        ("since earlier on  Tuesday morning", dt.date(2016, 7, 26))
    ]


@settings(max_examples=600, deadline=None)
@given(_texts)
def test_search_to_the_end_bound_finds_what_the_whole_search_finds(text):
    reach, end = dates.weekday_reach(text), dates.weekday_end(text)
    assert spans_and_groups(_WEEKDAY.finditer(text, reach, end)) == spans_and_groups(_WEEKDAY.finditer(text))


def test_end_bound_on_news_sentences():
    text = "Jets struck on Tuesday night, and again on Monday, the monitor said."
    end = dates.weekday_end(text)
    assert text[:end].endswith("on Monday,")  # the last name and the character after it
    text = "It began on Sunday  evening; nothing since."
    assert text[: dates.weekday_end(text)].endswith("Sunday  evening;")
    assert dates.weekday_end("No day named here.") == len("No day named here.")
