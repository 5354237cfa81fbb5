"""The trigger lexicons' anchor words ride along in the gates' article pass (prefilter
ride_article_pass, SentenceGates.riders): each sentence's anchors come from that one pass instead
of an automaton pass over the sentence. They must be the anchors the sentence's own pass finds
(each occurrence, in order), so each family searches the same units and finds the same triggers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.events import lexicon
from extract.events.prefilter import SentenceGates
from extract.events.sentences import split_sentences
from tests.extract.case_texts import texts_by_file

FAMILIES = lexicon.STRIKE_AND_CONTROL


def _texts() -> list[str]:
    out = []
    for texts in texts_by_file():
        out += texts
        out.append("\n".join(texts))  # an article of many paragraphs
    return out


def _check(text: str) -> int:
    """Compare, sentence by sentence; return how many anchors the article pass handed out."""
    spans = [(s.start, s.end) for s in split_sentences(text)]
    gates = SentenceGates(text, spans)
    handed = 0
    for i, (start, end) in enumerate(spans):
        riders = gates.riders(FAMILIES._owner, i)
        assert riders is not None, "the article pass did not read the anchors"
        segment = gates.low[start:end]
        own = [leaves for _, leaves in FAMILIES._automaton.iter(segment)]
        assert riders == own, (text[start:end], riders, own)
        assert FAMILIES._units(riders, segment) == FAMILIES.possible(gates.low, start, end)
        sentence = text[start:end]
        got = FAMILIES.finditer_gated(gates, i, sentence)
        full = [list(family.rx.finditer(sentence)) for family in FAMILIES.families]
        assert [[m.span() for m in ms] for ms in got] == [[m.span() for m in ms] for ms in full]
        handed += len(riders)
    return handed


def test_case_articles_hand_each_sentence_its_own_anchors():
    assert sum(_check(text) for text in _texts()) > 200


def test_news_text_with_anchors_across_sentence_ends():
    text = (
        "Jets struck.Shelling hit Idlib. Rebels seized the town\nand withdrew. Fighting "
        "raged; government-held areas were shelled. AIRSTRIKES \u0130n Homs. Forces cut\n\nthe road."
    )
    assert _check(text) >= 6


def test_texts_not_read_in_one_pass_fall_back_to_the_sentence_pass():
    text = "Jets struck Idlib. Rebels seized the town."
    gates = SentenceGates(text, [(19, 41), (0, 18)])  # spans out of order: no one-pass scan
    assert gates.riders(FAMILIES._owner, 0) is None
    assert [len(ms) for ms in FAMILIES.finditer_gated(gates, 0, text[19:41])] == [0, 1]


_PIECES = st.sampled_from(
    [
        *("struck", "strikes", "shelling", "seized", "captured", "withdrew", "held", "clashes", "air"),
        *("raid", "fighting", "under control", "rebel-held", "car bomb", "besieged", "the road"),
        *(" ", " ", ". ", "\n", ", ", "-", "S", "\u0130", "\u017f", "x"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_random_texts_hand_each_sentence_its_own_anchors(text):
    _check(text)
