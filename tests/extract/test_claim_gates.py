"""find_claims skips the attribution patterns with rare words (according to, citing, with ... saying,
saying) where the article's gates say the sentence lacks them: the claims must be those found
searching every pattern."""

from __future__ import annotations

import functools

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.events.attribution import find_claims
from extract.events.prefilter import SentenceGates
from extract.events.sentences import split_sentences
from extract.reference import load_reference

_PARTS = [
    "according to the Syrian Observatory",
    "According to activists",
    "citing a military source",
    "citing security concerns",
    "with activists saying",
    "with the monitor reporting",
    "saying",
    "adding that",
    "the army said",
    ", state media reported",
    ", said a spokesman",
    "Russian jets struck Aleppo",
    "rebels",
    "the town",
    ", ",
    ". ",
    " ",
    "\n",
    "\u0130",
]
_texts = st.lists(st.sampled_from(_PARTS), max_size=25).map(" ".join)


def _both(text: str) -> list[tuple[list, list]]:
    ref = load_reference()
    spans = [(s.start, s.end) for s in split_sentences(text)]
    gates = SentenceGates(text, spans)
    return [
        (find_claims(ref, text[s:e], functools.partial(gates.may, i=i)), find_claims(ref, text[s:e]))
        for i, (s, e) in enumerate(spans)
    ]


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_gated_claims_equal_the_plain_search(text):
    for gated, plain in _both(text):
        assert gated == plain


def test_gated_claims_on_news_sentences():
    text = (
        "Russian jets struck Aleppo, according to the Syrian Observatory for Human Rights. "
        "The army shelled the town, citing a military source. Rebels advanced, with activists saying "
        "the town had fallen. The monitor said nine people were killed, saying the toll would rise."
    )
    pairs = _both(text)
    assert all(gated == plain for gated, plain in pairs)
    assert sum(len(plain) for _, plain in pairs) >= 3  # claims are found, not only skipped alike
