"""whole_words.WholeWords.at_least counts a `\\b(?:...)\\b` word list's matches by reading words: it
must answer as the regex's finditer does (lexicon.MILITARY_CONTEXT, which the rules read to tell a
military article), for any text and reach, including cut words, hyphens and case."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.events import lexicon as lx
from extract.events.whole_words import WholeWords


def _regex_at_least(rx: re.Pattern, text: str, count: int, endpos: int) -> bool:
    return sum(1 for _ in itertools.islice(rx.finditer(text, 0, endpos), count)) >= count


_PIECES = [
    "troops",
    "forces",
    "Forces",
    "rebel",
    "rebels",
    "rebelsx",
    "IS",
    "is",
    "ISIS",
    "ISx",
    "cease",
    "cease-fire",
    "cease-fires",
    "cease-fire_",
    "ceasefire",
    "-fire",
    "fire",
    "war",
    "wars",
    "anti-war",
    "postwar",
    "bomb",
    "bombs",
    "bomb\u00e9",
    "_war",
    "war_",
    "drone",
    "\u00e9war",
    "killed",
    " ",
    "  ",
    ", ",
    ".",
    "-",
    "\n",
    "'",
    "x",
    "3",
]
_texts = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


def test_military_words_spell_the_military_regex():
    assert lx.MILITARY_CONTEXT.pattern == lx.MILITARY_WORDS.pattern
    assert lx.MILITARY_CONTEXT.flags == re.compile(lx.MILITARY_WORDS.pattern).flags


@pytest.mark.parametrize(
    ("text", "count", "endpos", "expected"),
    [
        ("Rebels said troops and forces met; the cease-fire held.", 3, 100, True),
        ("Rebels said troops and forces met.", 3, 100, False),  # "Rebels" is not "rebels"
        ("the cease-fire, the war, the troops", 3, 100, True),
        ("the cease-fire, the war, the troops", 3, 30, False),  # "troops" is cut at 30: "tro"
        ("the cease-fire, the war, the wars", 3, 32, True),  # cut to "war" at the reach: a match
        ("it is IS and ISIS and ISIL", 3, 100, True),
        ("anti-war cease-fires postwar", 1, 100, True),
        ("cease-fires postwar warx", 1, 100, False),
        ("the cease-fire", 1, 11, False),  # the reach cuts the entry after its first word
        ("the cease-fire", 1, 14, True),
    ],
)
def test_at_least_on_examples(text, count, endpos, expected):
    rx = lx.MILITARY_CONTEXT
    assert _regex_at_least(rx, text, count, endpos) is expected
    assert lx.MILITARY_WORDS.at_least(text, count, endpos) is expected


@settings(max_examples=400, deadline=None)
@given(_texts, st.integers(0, 4), st.integers(0, 200))
def test_at_least_equals_the_regex(text, count, endpos):
    assert lx.MILITARY_WORDS.at_least(text, count, endpos) == _regex_at_least(
        lx.MILITARY_CONTEXT, text, count, endpos
    )


def test_word_lists_it_cannot_read_are_refused():
    with pytest.raises(ValueError, match="only words"):
        WholeWords("troops|air ?strikes")
    with pytest.raises(ValueError, match="overlap"):
        WholeWords("cease|cease-fire")
