"""The rules' cue regexes are skipped only on sentences where they could match nothing.

rules._ArticleRun._search_in (used by _modality, _triggers, _not_an_event, _places and the habit
check) returns None without searching when SentenceGates says the sentence lacks the words every
match of the regex holds. The rules search windows of the sentence (the clause before a trigger,
the 60 characters before it), so the oracle is stronger than the sentence alone: a skipped regex
must find nothing in any window.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.events import lexicon, rules
from extract.events.dates import HABITUAL
from extract.events.prefilter import SentenceGates
from extract.events.sentences import split_sentences

_CUES = [
    lexicon.CALL,
    rules._CALL_SENTENCE,
    rules._CONDEMNED_BARE,
    lexicon.HYPOTHETICAL,
    rules._SHOULD,
    rules._CONDITIONAL,
    lexicon.PLANNED,
    rules._NEGATION_BEFORE,
    lexicon.MILITARY_CONTEXT,
    lexicon.SPORTS_CONTEXT,
    lexicon.LABOUR_CONTEXT,
    lexicon.NOT_EVENT_BEFORE,
    HABITUAL,
    rules._ANAPHORA,
]
_PHRASES = [
    "if the army retakes",
    "should rebels",
    "Should the town fall",
    "plans to attack",
    "called for",
    "urged",
    "condemned attacks",
    "did not",
    "never",
    "denied",
    "troops",
    "the match",
    "workers went on strike",
    "anniversary of the",
    "would",
    "it remains to be seen",
    "fears of",
    "since 2012",
    "for many years",
    "for decades",
    "in recent years",
    "historically",
    "the city",
    "the town's",
    "there",
    "inside the enclave",
]
_texts = st.lists(
    st.one_of(
        st.sampled_from(_PHRASES),
        st.sampled_from([" ", " ", ". ", ", ", "\n", "The ", "shelled ", "\u0130", "\u017f", "S", "I"]),
        st.text(max_size=3),
    ),
    max_size=30,
).map("".join)


def _windows(sentence: str):
    """The sentence and the kinds of window the rules search: prefixes, suffixes and short slices."""
    n = len(sentence)
    yield sentence
    for cut in range(0, n + 1, 7):
        yield sentence[:cut]
        yield sentence[cut:]
        yield sentence[max(0, cut - 30) : cut]


def _check(text: str) -> int:
    spans = [(s.start, s.end) for s in split_sentences(text)]
    gates = SentenceGates(text, spans)
    skipped = 0
    for i, (s, e) in enumerate(spans):
        sentence = text[s:e]
        for rx in _CUES:
            if not gates.may(rx, i):
                skipped += 1
                assert not any(rx.search(w) for w in _windows(sentence)), (rx.pattern[:60], sentence)
    return skipped


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_a_skipped_cue_regex_matches_no_window_of_the_sentence(text):
    _check(text)


def test_cue_regexes_are_skipped_on_background_and_kept_on_cue_sentences():
    background = "Prices of bread rose sharply in the capital as the currency lost value."
    assert _check(background) >= 6  # most cue regexes need words this sentence lacks
    cue = "Should the army retake the town, officials said troops would not withdraw."
    gates = SentenceGates(cue, [(0, len(cue))])
    assert gates.may(rules._SHOULD, 0) and rules._SHOULD.search(cue)
    assert gates.may(lexicon.MILITARY_CONTEXT, 0) and lexicon.MILITARY_CONTEXT.search(cue)
