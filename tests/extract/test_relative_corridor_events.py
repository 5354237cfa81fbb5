"""Corridor events told relative to another one: the phrase, the day shift, and the refusal to date a
shift from a day the sentence does not give."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.events import default_extractor
from extract.events.corridor_sequences import relative_corridor_events, shifted_date
from extract.events.dates import DateValue
from extract.models import ArticleText


@pytest.mark.parametrize(
    ("clause", "event_type", "offset"),
    [
        ("shut on Tuesday, two days after it opened", "opened", -2),
        ("reopened on Friday, a week after it was closed", "closed", -7),
        ("closed on Monday, only hours after it had opened", "opened", 0),
        ("opened on Sunday, three days before the corridor was shut down", "closed", 3),
    ],
)
def test_relative_phrases_give_the_event_and_its_shift(clause, event_type, offset):
    (rel,) = relative_corridor_events(clause)
    assert (rel.event_type, rel.offset_days) == (event_type, offset)
    assert clause[rel.start : rel.end].lower().startswith(("open", "reopen", "clos", "shut"))


def test_days_without_a_count_are_not_a_shift():
    assert relative_corridor_events("closed days after it opened") == []


def test_shifted_date_moves_the_whole_interval_and_says_why():
    tuesday = dt.date(2016, 9, 13)
    anchor = DateValue(0, 10, "on Tuesday", tuesday, tuesday, tuesday, "day", "")
    moved = shifted_date(anchor, -2, "opened")
    assert (moved.event_date, moved.date_start, moved.date_end) == (dt.date(2016, 9, 11),) * 3
    assert "2 days before on Tuesday" in moved.reason


def test_a_shift_from_no_day_is_refused():
    text = "The corridor out of Rastan was shut, two days after it opened, the local council said."
    article = ArticleText("t", "https://example.test/t", text, dt.date(2016, 9, 14))
    mentions, _ = default_extractor().extract(article)
    opened = [m for m in mentions if m.event_type == "opened"]
    assert opened and all(m.event_date is None for m in opened)
    closed = [m for m in mentions if m.event_type == "closed"]
    assert closed and closed[0].event_date == dt.date(2016, 9, 14)
