"""_corridor_triggers skips TRADE_CORRIDOR, CORRIDOR_BLOCK, CORRIDOR_NOUN, CORRIDOR_MOVE and the
relative-event SEQUENCE ("two days after it opened") where the article's gates say sentence i lacks
the words every match holds; it searches clauses (parts of the sentence). The skip must never hide
a match: where a gate says no, the regex finds nothing in the sentence nor in any part of it. And
the corridor rules give the same triggers as searching every clause."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.events import lexicon as lx
from extract.events import rules
from extract.events.corridor_sequences import SEQUENCE
from extract.events.prefilter import SentenceGates
from extract.events.sentences import split_sentences
from extract.models import ArticleText
from extract.reference import load_reference

_GATED = (lx.TRADE_CORRIDOR, lx.CORRIDOR_BLOCK, lx.CORRIDOR_NOUN, lx.CORRIDOR_MOVE, SEQUENCE)
_PARTS = [
    "humanitarian corridor",
    "corridor",
    "trade corridor for goods",
    "civilians",
    "left",
    "fled",
    "crossed",
    "were bused out",
    "blocked",
    "stopped",
    "prevented from leaving",
    "evacuation convoy",
    "the crossing",
    "opened",
    "closed",
    "Aleppo",
    "Mariupol",
    "Russian forces",
    "residents",
    "two days after it opened",
    "hours after",
    "a week before",
    "they closed",
    "the corridor was",
    "sealed",
    ", ",
    ". ",
    " ",
    "; ",
    "\n",
    "\u0130",
    "\u017f",
]
_texts = st.lists(st.sampled_from(_PARTS), max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_texts, st.data())
def test_a_closed_gate_hides_no_match_in_any_part_of_the_sentence(text, data):
    spans = [(s.start, s.end) for s in split_sentences(text)]
    gates = SentenceGates(text, spans)
    for i, (s, e) in enumerate(spans):
        sentence = text[s:e]
        a = data.draw(st.integers(0, len(sentence)))
        b = data.draw(st.integers(a, len(sentence)))
        for rx in _GATED:
            if not gates.may(rx, i):
                assert rx.search(sentence) is None, (rx.pattern[:50], sentence)
                assert rx.search(sentence[a:b]) is None, (rx.pattern[:50], sentence[a:b])


def _ungated_corridor_triggers(text: str) -> list:
    """Every sentence's corridor triggers with every gate open (the searches all run)."""
    ref = load_reference()
    article = ArticleText("c", "https://example.test/c", text, dt.date(2022, 3, 8))
    run = rules._ArticleRun(rules.RuleExtractor(ref), rules.build_context(article, ref))
    spans = [(s.start, s.end) for s in run.ctx.sentences]
    run.gates = SentenceGates(text, spans)
    run.gates.may = lambda rx, i: True  # every gate open: the plain searches
    out = []
    for i, (s, e) in enumerate(spans):
        found = run._corridor_triggers(i, text[s:e], True)
        out.append([(t.event_type, t.start, t.end) for t in found])
    return out


def _gated_corridor_triggers(text: str) -> list:
    ref = load_reference()
    article = ArticleText("c", "https://example.test/c", text, dt.date(2022, 3, 8))
    run = rules._ArticleRun(rules.RuleExtractor(ref), rules.build_context(article, ref))
    spans = [(s.start, s.end) for s in run.ctx.sentences]
    run.gates = SentenceGates(text, spans)
    return [
        [(t.event_type, t.start, t.end) for t in run._corridor_triggers(i, text[s:e], True)]
        for i, (s, e) in enumerate(spans)
    ]


def test_corridor_triggers_equal_the_ungated_searches():
    text = (
        "Thousands of civilians left eastern Aleppo through a humanitarian corridor on Saturday. "
        "Buses were stopped at a checkpoint and residents were prevented from leaving. "
        "The trade corridor for goods reopened, officials said; the evacuation convoy was blocked.\n"
        "Russian forces shelled the crossing, and no one crossed. The corridor was shut on Tuesday, two "
        "days after it opened, and a week before the crossings were sealed."
    )
    got = _gated_corridor_triggers(text)
    assert got == _ungated_corridor_triggers(text)
    assert sum(map(len, got)) >= 3  # triggers are found, not only skipped alike
    assert ("opened", 52, 58) in got[-1]  # the relative event ("two days after it opened")


@settings(max_examples=100, deadline=None)
@given(_texts)
def test_corridor_triggers_equal_the_ungated_searches_on_any_text(text):
    if text.strip():
        assert _gated_corridor_triggers(text) == _ungated_corridor_triggers(text)
