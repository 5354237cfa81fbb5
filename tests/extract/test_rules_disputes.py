"""A sentence that disputes the claim before it marks that claim disputed, even with no event of its own."""

import datetime as dt

import pytest

from extract.events import default_extractor
from extract.models import ArticleText

CLAIM = "Activists said 40 civilians left Madaya through the corridor on Monday. "


def _rows(text: str):
    mentions, _ = default_extractor().extract(
        ArticleText("a", "https://x.example/a", text, dt.date(2016, 8, 3))
    )
    return mentions


@pytest.mark.parametrize(
    "dispute, who",
    [
        ("The army questioned the activists' numbers.", "The army"),
        ("Government officials disputed the monitor's figure.", "Government officials"),
        ("But the governor rejected Moscow's account.", "the governor"),
    ],
)
def test_a_dispute_of_a_possessive_claim_in_the_next_sentence_marks_it(dispute, who):
    rows = [m for m in _rows(CLAIM + dispute) if m.family == "corridor"]
    assert rows and all(m.disputed for m in rows)
    assert rows[0].disputed_by.lower() == who.lower()
    assert rows[0].dispute_sentence == dispute


def test_a_question_that_is_no_dispute_leaves_the_claim_alone():
    rows = _rows(CLAIM + "The government questioned whether the envoy would come.")
    assert rows and not any(m.disputed for m in rows)
