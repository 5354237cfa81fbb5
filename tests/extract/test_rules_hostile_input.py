"""Hostile text never crashes the rule extractor, and every span it returns is an exact substring."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.events import default_extractor
from extract.models import ArticleText

EXTRACTOR = default_extractor()
WAR_WORDS = [
    "rebels",
    "shelled",
    "Aleppo",
    "air strikes",
    "on Sunday",
    "said",
    "the Observatory",
    "(",
    ")",
    "\u201c",
    "\u201d",
    "'",
    '"',
    "-held",
    "besieged",
    "corridor",
    "dozens",
    "\n",
    "- Near ",
    ". ",
    ",",
    "Rashideen",
    "al-",
    "Jabhat Fateh al-Sham",
    "killed at least 12",
    "Jan.",
    "Turkish",
    "\u200f",
]


def check(text: str, published: dt.date | None = dt.date(2016, 7, 31)) -> None:
    mentions, links = EXTRACTOR.extract(ArticleText("h", "https://example.test/h", text, published))
    ids = {m.mention_id for m in mentions}
    assert len(ids) == len(mentions)
    for m in mentions:
        assert text[m.sentence_start : m.sentence_end] == m.sentence
        assert m.sentence_start <= m.span_start < m.span_end <= m.sentence_end
        assert text[m.span_start : m.span_end] == m.trigger_text
    for link in links:
        assert link.mention_id in ids and link.other_mention_id in ids


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec=None), max_size=400))
def test_any_unicode_text(text):
    check(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WAR_WORDS), max_size=60).map(" ".join), st.none() | st.dates())
def test_war_vocabulary_in_any_order(text, published):
    check(text, published)


def test_empty_and_blank_texts():
    for text in ["", " ", "\n\n\n", "\t"]:
        assert EXTRACTOR.extract(ArticleText("e", "u", text, None)) == ([], [])


def test_five_megabytes_on_one_line():
    """A page whose text came out as one 5 MB line (no newline, no full stop), events now and then."""
    filler = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor " * 120
    unit = filler + "Rebels shelled the rebel-held town of Azaz on Sunday, the Observatory said "
    text = (unit * (5_000_000 // len(unit) + 1))[:5_000_000]
    check(text)


def test_a_dense_run_on_line_of_events():
    unit = "Rebels shelled the rebel-held town of Azaz on Sunday, the Observatory said "
    check(unit * (200_000 // len(unit)))


def test_binary_junk_decoded_leniently():
    junk = bytes(range(256)) * 200
    check(junk.decode("latin-1"))
    check(junk.decode("utf-8", errors="replace"))


def test_deeply_nested_quotes_and_brackets():
    text = "Activists said " + "\u201c(" * 2000 + "rebels shelled Aleppo on Sunday" + ")\u201d" * 2000 + "."
    check(text)
