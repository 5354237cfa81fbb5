"""attribution.dispute_spans finds DISPUTE's matches by the character before them: its spans must
be those of DISPUTE.finditer on every text, phrases at the start, right after another, after
punctuation, curly quotes, "_", digits and letters outside ASCII (the long s and the Kelvin sign
that re.IGNORECASE reads as ASCII letters among them), in every case, and on the case texts."""

from __future__ import annotations

from hypothesis import given, settings

from extract.events import attribution
from extract.events.lexicon import DISPUTE
from extract.events.sentences import split_sentences
from tests.extract.case_texts import case_texts
from tests.extract.part_texts import BOUNDARY_PARTS, part_texts

_PARTS = [
    "denied",
    "DENIED",
    "Dismissed",
    "rejected",
    "the",
    "claims",
    "reports",
    "figure",
    "called it",
    "lies",
    "nobody",
    "No one",
    "left",
    "was not true",
    "fake news",
    "Moscow's",
    "\u017fake news",  # long s
    *BOUNDARY_PARTS,
]
_texts = part_texts(_PARTS, max_size=16)


def _plain(sentence: str) -> list[tuple[int, int]]:
    return [m.span() for m in DISPUTE.finditer(sentence)]


@settings(max_examples=1000, deadline=None)
@given(_texts)
def test_dispute_spans_equal_the_regex_scan(text):
    assert list(attribution.dispute_spans(text)) == _plain(text)


def test_dispute_spans_on_the_case_texts():
    found = 0
    for text in case_texts():
        for s in split_sentences(text):
            sentence = text[s.start : s.end]
            assert list(attribution.dispute_spans(sentence)) == _plain(sentence), sentence
            found += len(_plain(sentence))
    assert found > 0
    for sentence in [
        "Denied the claims, nobody left",
        "x\u00e9denied the claims",
        "\u201cdenied the claims\u201d",
        "The ministry rejected the claims and denied the reports.",
    ]:
        assert list(attribution.dispute_spans(sentence)) == _plain(sentence), sentence
