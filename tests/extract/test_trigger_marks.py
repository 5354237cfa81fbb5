"""TriggerAlternation.matches finds a lexicon subset's matches by the character before them: they
must be those of subset(chosen).finditer (event type, span, text) for every family and set of
units a sentence chooses, with triggers at the start, back to back, after "-", "_", digits, curly
quotes and letters outside ASCII (the long s and dotted capital I that re.IGNORECASE reads as ASCII
letters among them), and on the case texts."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.events import lexicon
from extract.events.prefilter import lowered
from extract.events.sentences import split_sentences
from tests.extract.case_texts import case_texts

_FAMILIES = (lexicon.STRIKE, lexicon.CONTROL)
_WORDS = sorted(
    {w for family in _FAMILIES for part in family.parts for w in re.findall(r"[A-Za-z]{2,}", part)}
    - {"P", "strike", "control"}
)
_texts = st.lists(
    st.one_of(
        st.sampled_from(_WORDS),
        st.sampled_from([" ", " ", "-", "_", "9", ". ", ", ", "\u201c", "\u00e9", "\u0130", "\u017f", "ed"]),
    ),
    max_size=30,
).map("".join)


def _found(matches) -> list[tuple]:
    return [(m.lastgroup, m.span(), m.group(0)) for m in matches]


def _same(sentence: str) -> int:
    low = lowered(sentence)
    found = 0
    for family in _FAMILIES:
        for chosen in (family.possible(low, 0, len(sentence)), tuple(range(len(family._units)))):
            if chosen:
                plain = _found(family.subset(chosen).finditer(sentence))
                assert _found(family.matches(chosen, sentence)) == plain, sentence
                found += len(plain)
    return found


@settings(max_examples=400, deadline=None)
@given(_texts)
def test_matches_equal_the_subset_finditer(text):
    _same(text)


def test_matches_on_the_case_texts():
    found = 0
    for text in case_texts():
        for s in split_sentences(text):
            found += _same(text[s.start : s.end])
    assert found > 0
    for sentence in [
        "Shelling hit Douma",
        "x\u00e9shelled the town",
        "\u201cshelled\u201d",
        "re-shelled",
        "shelled,shelled",
    ]:
        _same(sentence)
