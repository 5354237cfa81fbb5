"""Corridor openings and closings told relative to another one ("shut on Tuesday, two days after it
opened", "reopened on Friday, a week after it was closed").

The subordinate event is a claim of its own: the corridor did open (or close), and the text dates it
by counting from the main event's day. These rules find such phrases and the shift in days, so the
extractor can date the second row from the first one's date instead of dropping it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from extract.events.dates import DateValue
from extract.events.quantities import UNIT_WORDS

_COUNT = "|".join(sorted((w for w, n in UNIT_WORDS.items() if n < 100), key=len, reverse=True))
SEQUENCE = re.compile(
    r"\b(?:(?P<n>\d{1,3}|a|an|" + _COUNT + r")\s+)?(?P<unit>days?|weeks?|hours?)\s+(?P<rel>after|before)\s+"
    r"(?:it|they|the (?:humanitarian )?(?:corridors?|crossings?|passages?|route))\s+"
    r"(?:had\s+(?:been\s+)?|has\s+been\s+|was\s+|were\s+)?"
    r"(?P<verb>opened|reopened|closed|shut|shut down|sealed)\b",
    re.I,
)
_DAYS = {"day": 1, "week": 7, "hour": 0}


@dataclass(frozen=True, slots=True)
class RelativeEvent:
    """A corridor event told relative to the sentence's main one: its span and its day offset."""

    start: int
    end: int
    event_type: str  # opened, closed
    offset_days: int  # to add to the main event's day


def relative_corridor_events(clause: str) -> list[RelativeEvent]:
    """'two days after it opened' -> opened, -2 days; 'a week before it closed' -> closed, +7 days;
    'hours after it opened' -> opened, the same day."""
    out = []
    for m in SEQUENCE.finditer(clause):
        if m["n"] is None and not m["unit"].lower().startswith("hour"):
            continue  # "days after it opened": how many is not said
        word = (m["n"] or "a").lower()
        n = int(word) if word.isdigit() else 1 if word in {"a", "an"} else UNIT_WORDS.get(word, 1)
        days = _DAYS[m["unit"].lower().rstrip("s")] * n
        etype = "opened" if "open" in m["verb"].lower() else "closed"
        sign = -1 if m["rel"].lower() == "after" else 1
        out.append(RelativeEvent(m.start("verb"), m.end("verb"), etype, sign * days))
    return out


def shifted_date(anchor: DateValue, offset_days: int, raw: str) -> DateValue:
    """The anchor's day moved by the offset (an interval moves whole), with the reason kept."""

    def move(d: dt.date | None) -> dt.date | None:
        return d + dt.timedelta(days=offset_days) if d else None

    return DateValue(
        -1,
        -1,
        raw,
        move(anchor.event_date),
        move(anchor.date_start),
        move(anchor.date_end),
        anchor.precision,
        f"{raw}: {abs(offset_days)} days {'before' if offset_days < 0 else 'after'} {anchor.raw}",
    )
