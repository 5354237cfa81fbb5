"""attribution._AS_REPORTS starts with a literal ("as(?<=\\bas)") instead of a word boundary: its
matches must be those of the plain pattern ("\\bas ...") on every text, "as" inside words ("has",
"was", "alias"), at the start, after punctuation and letters outside ASCII, and on the case texts."""

from __future__ import annotations

import re

from hypothesis import given, settings

from extract.events import attribution
from tests.extract.case_texts import case_texts
from tests.extract.part_texts import part_texts, spans_and_groups

_PLAIN = re.compile(r"\bas (?P<np>[^,;]{2,60}?) (?P<verb>reports?|reported|said|says|claims|claimed|noted)\b")
_PARTS = [
    "as",
    "As",
    "has",
    "was",
    "alias",
    "\u00e9as",
    "_as",
    "9as",
    "the army",
    "Reuters",
    "said",
    "reported",
    "claims",
    "noted",
    "x",
    ",",
    ";",
    "(",
    "\u201c",
    " ",
    "  ",
]
_texts = part_texts(_PARTS, max_size=16)


def test_the_plain_pattern_is_the_same_but_its_start():
    assert attribution._AS_REPORTS.pattern.replace(r"as(?<=\bas) ", r"\bas ", 1) == _PLAIN.pattern


@settings(max_examples=800, deadline=None)
@given(_texts)
def test_as_reports_equal_the_plain_pattern(text):
    assert spans_and_groups(attribution._AS_REPORTS.finditer(text)) == spans_and_groups(_PLAIN.finditer(text))


def test_as_reports_on_the_case_texts():
    for text in [*case_texts(), "as the army said", "He has the army said", "alias Reuters reported"]:
        assert spans_and_groups(attribution._AS_REPORTS.finditer(text)) == spans_and_groups(
            _PLAIN.finditer(text)
        )
