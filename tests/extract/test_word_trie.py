"""The attribution patterns write the reporting verbs as a trie (word_trie.py) instead of a flat
alternation: they must find the same matches with the same groups as the flat patterns (below,
as they were), on news text, on the verbs glued to letters and on random runs of verb pieces."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.events import attribution as at
from extract.events.lexicon import REPORTING_VERBS
from extract.events.word_trie import word_trie
from tests.extract.case_texts import case_texts

_FLAT = {
    "_CUE": re.compile(r"\b(?:" + REPORTING_VERBS + r"|according|as\b|citing|with)\b", re.I),
    "_CUE_LOWER": re.compile(r"\b(?:" + REPORTING_VERBS + r"|according|as\b|citing|with)\b"),
    "_LEAD_VERB": re.compile(r"(?:" + REPORTING_VERBS + r")\b"),
    "_LEAD": re.compile(at._LEAD.pattern.replace(at._VERB, REPORTING_VERBS)),
}


def _found(rx: re.Pattern, text: str) -> list:
    return [(m.span(), m.groupdict(), m.group(0)) for m in rx.finditer(text)]


def _check(text: str) -> int:
    hits = 0
    for name, flat in _FLAT.items():
        got = _found(getattr(at, name), text)
        assert got == _found(flat, text), (name, text)
        hits += len(got)
    return hits


def test_the_patterns_use_the_trie():
    assert at._VERB != REPORTING_VERBS and at._VERB in at._LEAD.pattern
    assert at._LEAD.pattern != _FLAT["_LEAD"].pattern


def test_case_texts_match_as_the_flat_patterns():
    texts = case_texts()
    assert sum(_check(t) for t in texts + [t.upper() for t in texts]) > 500


def test_glued_and_cased_verbs_match_as_the_flat_patterns():
    text = (
        "The army said, says, say, saying and sayings; SAID Reported reports reporting, reportedly "
        "unsaid re-reported as As asS according to, citing-with ASSAD told toldx \u017fays \u0130ndicated"
    )
    assert _check(text) > 10


def test_word_trie_matches_exactly_its_words():
    words = ["said", "says", "say", "saying", "told", "reported", "report", "as", "a"]
    rx = re.compile(word_trie(words))
    for w in [*words, "sa", "sai", "saidx", "reports", "t", "", "ass"]:
        assert (rx.fullmatch(w) is not None) == (w in words), w
    with pytest.raises(ValueError):
        word_trie(["said", ""])
    dashed = re.compile(word_trie(["cease-fire", "ceasefire", "a.m"]))
    assert dashed.fullmatch("cease-fire") and dashed.fullmatch("a.m") and not dashed.fullmatch("a-m")


_PIECES = st.sampled_from(
    [
        *REPORTING_VERBS.split("|")[:12],
        *("according to", "as", "with", "citing", "the army", "officials", "they"),
        *(" ", ", ", "s", "ly", "x", "-", ".", "\u017f", "\u212a", "AS", "Said"),
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join))
def test_random_texts_match_as_the_flat_patterns(text):
    _check(text)
