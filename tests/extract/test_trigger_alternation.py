"""A trigger lexicon searched with only a sentence's possible alternatives finds what the full one does.

alternation.TriggerAlternation runs, per sentence, an alternation of just the alternatives whose
required words the sentence holds (SentenceGates.which). The oracle is the full lexicon regex:
every match's span, text and named group (the event type) must be the same, on texts made of the
lexicons' own words, the separators between them and the characters that make case tricky.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.events import lexicon
from extract.events.alternation import TriggerAlternation, TriggerFamilies, top_level_branches
from extract.events.prefilter import SentenceGates
from extract.events.sentences import split_sentences

_FAMILIES = (lexicon.STRIKE, lexicon.CONTROL)
_WORDS = sorted(
    {w for family in _FAMILIES for part in family.parts for w in re.findall(r"[A-Za-z]{2,}", part)}
    - {"P", "strike", "control"}  # the group names' prefixes, not lexicon words
)
_texts = st.lists(
    st.one_of(
        st.sampled_from(_WORDS),
        st.sampled_from([" ", " ", " ", "-", ". ", ", ", "\n", "The ", "s", "ed", "\u0130", "\u017f"]),
        st.text(max_size=3),
    ),
    max_size=40,
).map("".join)


def _found(matches) -> list[tuple[str | None, tuple[int, int], str]]:
    return [(m.lastgroup, m.span(), m.group(0)) for m in matches]


def _assert_same_as_full_lexicon(text: str) -> int:
    spans = [(s.start, s.end) for s in split_sentences(text)]
    gates = SentenceGates(text, spans)
    found = 0
    for f, family in enumerate(_FAMILIES):
        for i, (s, e) in enumerate(spans):
            sentence = text[s:e]
            expected = _found(family.rx.finditer(sentence))
            assert _found(family.finditer_gated(gates, i, sentence)) == expected, sentence
            # both families gated by one pass (what the extractor runs): the same units, the same matches
            both = lexicon.STRIKE_AND_CONTROL
            assert both.possible(gates.low, s, e)[f] == family.possible(gates.low, s, e), sentence
            assert _found(both.finditer_gated(gates, i, sentence)[f]) == expected, sentence
            found += len(expected)
    return found


@settings(max_examples=400, deadline=None)
@given(_texts)
def test_gated_subset_finds_what_the_full_lexicon_finds(text):
    _assert_same_as_full_lexicon(text)


def test_gated_subset_on_news_sentences():
    text = (
        "Russian warplanes struck the rebel-held town of Atareb on Tuesday.\n"
        "A suicide car bomb attack killed nine soldiers near the checkpoint, and mortar shells landed "
        "in the old city. Government forces recaptured the district and seized control of the road.\n"
        "The ministry did not respond to a request for comment. Rebels withdrew from Khan Tuman "
        "after drones struck their positions."
    )
    assert _assert_same_as_full_lexicon(text) >= 6  # the triggers are found, not only skipped alike


def test_the_full_regex_is_the_lexicons_alternation():
    """STRIKE_RX keeps the pattern it had: the named alternatives under word boundaries."""
    family = TriggerAlternation([("a", "air ?strikes?"), ("b", "strikes?")], "f")
    assert family.rx.pattern == r"(?<![\w-])(?:(?P<f__a>air ?strikes?)|(?P<f__b>strikes?))(?![\w])"
    assert family.subset((1,)).pattern == r"(?<![\w-])(?:(?P<f__b>strikes?))(?![\w])"
    sentence = "Two air strikes and one strike."
    gates = SentenceGates(sentence, [(0, len(sentence))])
    assert _found(family.finditer_gated(gates, 0, sentence)) == [
        ("f__a", (4, 15), "air strikes"),
        ("f__b", (24, 30), "strike"),
    ]
    assert lexicon.STRIKE_RX is lexicon.STRIKE.rx and lexicon.STRIKE_RX.flags & re.I


def test_families_gated_together_keep_each_familys_units():
    """TriggerFamilies' one pass gives each family the units its own pass gives, also for a family
    without anchors (its always-run units) and for families sharing anchor words."""
    a = TriggerAlternation([("a", "air ?strikes?"), ("b", "shell(?:ed|ing)")], "f")
    b = TriggerAlternation([("c", "strikes? (?:hit|struck)"), ("d", ".")], "g")
    none = TriggerAlternation([("e", ".")], "h")
    both = TriggerFamilies([a, b, none])
    for sentence in ["Two air strikes hit the town.", "Shelling went on.", "Nothing.", ""]:
        low = sentence.lower()
        assert both.possible(low, 0, len(low)) == [f.possible(low, 0, len(low)) for f in (a, b, none)]
        gates = SentenceGates(sentence, [(0, len(sentence))])
        assert [_found(ms) for ms in both.finditer_gated(gates, 0, sentence)] == [
            _found(f.rx.finditer(sentence)) for f in (a, b, none)
        ]
    low = "two air strikes hit the town."
    assert both.possible(low, 0, len(low))[0] == a.possible(low, 0, len(low)) != ()


def test_units_are_the_top_level_branches_of_each_alternative():
    assert top_level_branches(r"a|b(c|d)|[|(]x|\|y|[]|]z|[^]|]w") == [
        "a",
        "b(c|d)",
        "[|(]x",
        r"\|y",
        "[]|]z",
        "[^]|]w",
    ]
    for family in _FAMILIES:
        for k, part in enumerate(family.parts):
            body = part[part.index(">") + 1 : -1]
            branches = [b for kk, _, b in family._units if kk == k]
            assert "|".join(branches) == body  # nothing lost or reordered


def test_a_sentence_without_trigger_words_searches_nothing():
    sentence = "The ministry did not respond to a request for comment."
    low = sentence.lower()
    assert lexicon.STRIKE.possible(low, 0, len(low)) == ()
    assert lexicon.CONTROL.possible(low, 0, len(low)) == ()
    held = "Rebels still control the town."
    chosen = lexicon.CONTROL.possible(held.lower(), 0, len(held))
    names = {lexicon.CONTROL._units[u][1] for u in chosen}
    assert names == {"control__held"}  # one type's cheap branch, not the whole lexicon
    assert len(chosen) < len([u for u in lexicon.CONTROL._units if u[1] == "control__held"])
