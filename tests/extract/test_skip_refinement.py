"""prefilter.skip_refinement gates a regex by its required words only (no clause-term scan of each
sentence): the gate must still let through every sentence the regex matches (the searches behind it
give the same answers), for DISPUTE (attribution registers it) and for a regex registered before or
after it is first asked about, on the case texts and generated ones."""

from __future__ import annotations

import re

from hypothesis import given, settings

from extract.events import (
    attribution,  # noqa: F401  (registers DISPUTE)
    prefilter,
)
from extract.events.lexicon import DISPUTE
from extract.events.prefilter import SentenceGates, refinable_terms, skip_refinement
from extract.events.sentences import split_sentences
from tests.extract.case_texts import case_texts
from tests.extract.part_texts import part_texts

# two alternatives of two clauses each: refinable, so the skip is what leaves the clauses unread
_PAIR = re.compile(r"\b(?:alpha\w* beta|gamma\w* delta)\b", re.I)
_LATE = re.compile(r"\b(?:omega\w* sigma|kappa\w* theta)\b", re.I)
_texts = part_texts(
    ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "theta", ". ", " ", "x"], 12
)


def _gates_pass(rx: re.Pattern, text: str) -> None:
    spans = [(s.start, s.end) for s in split_sentences(text)]
    gates = SentenceGates(text, spans)
    flags = gates.flags(rx)
    for i, (start, end) in enumerate(spans):
        if rx.search(text[start:end]):
            assert gates.may(rx, i) and flags[i], (rx.pattern, text[start:end])


def test_dispute_is_gated_by_its_words_only():
    assert refinable_terms(DISPUTE) is not None  # it could be refined; the skip leaves it
    _gates_pass(DISPUTE, "The ministry denied the claims. Rebels left.")
    rid = prefilter._COMBINED.by_id[id(DISPUTE)]
    assert prefilter._COMBINED.refined.get(rid) is None


def test_dispute_gates_pass_every_matching_case_sentence():
    for text in case_texts():
        _gates_pass(DISPUTE, text)


def test_a_regex_skipped_before_or_after_it_is_first_asked_about():
    assert refinable_terms(_PAIR) is not None
    skip_refinement(_PAIR)  # before: registered on first ask, unrefined
    _gates_pass(_PAIR, "alpha beta. gamma beta. alpha x delta.")
    _gates_pass(_LATE, "omega sigma. kappa sigma.")  # after: refined at first, then not
    skip_refinement(_LATE)
    for rx in (_PAIR, _LATE):
        assert prefilter._COMBINED.refined.get(prefilter._COMBINED.by_id[id(rx)]) is None
    # an unrefined gate lets through a sentence with a word of each clause but no whole alternative
    assert SentenceGates("alpha delta", [(0, 11)]).may(_PAIR, 0)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_skipped_gates_pass_every_matching_sentence(text):
    _gates_pass(_PAIR, text)
    _gates_pass(_LATE, text)
