"""military.military_article finds lexicon.MILITARY_CONTEXT's words by str.find instead of a regex
scan of the article (common words first, a word and its plural in one search): it must answer as
the plain check (below, as rules.py ran it) on every text, with the words glued to letters, digits,
"_" or non-ASCII letters, plurals glued to more letters, cut by the 20,000-character limit, or in
other cases than the regex's."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.events import lexicon as lx
from extract.events.military import (
    FIND_PLAN,
    READ_CHARS,
    SEARCH,
    WORDS,
    _matches_are_places,
    military_article,
    military_sentence,
)
from tests.extract.case_texts import case_texts


def _plain(text: str) -> bool:
    found = lx.MILITARY_CONTEXT.finditer(text, 0, READ_CHARS)
    return sum(1 for _ in itertools.islice(found, 3)) >= 3


def test_the_fast_path_is_in_effect():
    assert WORDS is not None and "forces" in WORDS and "cease-fire" in WORDS and "missiles" in WORDS


def test_the_find_plan_searches_every_word_once():
    searched = [w for word, plural in FIND_PLAN for w in ([word, word + "s"] if plural else [word])]
    assert sorted(searched) == sorted(WORDS)
    assert ("rebel", True) in FIND_PLAN and ("forces", False) in FIND_PLAN


def test_word_lists_the_fast_path_refuses():
    # "IS" before "IS-K" at one position, a word inside "cease-fire": the regex's matches would not be
    # the places where a word stands, so the regex itself must answer
    assert not _matches_are_places(["IS", "IS-K"])
    assert not _matches_are_places(["cease-fire", "fire"])
    assert not _matches_are_places(["-war"])
    assert _matches_are_places(["war", "warplanes", "cease-fire"])


def test_case_texts_answer_as_the_regex():
    texts = case_texts()
    joined = ["\n".join(texts[k : k + 5]) for k in range(0, len(texts), 5)]
    answers = [military_article(t) for t in texts + joined]
    assert answers == [_plain(t) for t in texts + joined]
    assert True in answers and False in answers


def test_glued_and_cased_words_answer_as_the_regex():
    for text in [
        "forces killed troops",
        "Forces Killed Troops",
        "forces_ killed troops",
        "forcesX killedé troops",
        "\u00e9forces killed troops",
        "forces killed 1troops",
        "the ISIS and IS and ISIL fighters",
        "the Isis and is and isil fighters",
        "a cease-fire, a ceasefire and a cease fire",
        "warplanes war-torn warfare",
        "bomb bombs bombed",
        "drones\u2019 drone_ drone",
        "rebels rebels rebels",
        "rebels rebelsx rebels rebelss",
        "rebel, rebels; rebels_ targets",
        "bombs\u00e9 bombs bombs",
    ]:
        assert military_article(text) == _plain(text), text


def test_the_read_limit_answers_as_the_regex():
    pad = "x " * ((READ_CHARS - 20) // 2)
    for tail in ["forces killed troops", "forces killed troopsXYZ", "forces killed", " army army army"]:
        text = pad[: READ_CHARS - len("forces killed tro")] + tail + " and more"
        assert military_article(text) == _plain(text), tail
        assert military_article(pad + tail) == _plain(pad + tail), tail


_PIECES = st.sampled_from(
    [
        *("forces", "killed", "IS", "ISIS", "is", "war", "warplanes", "cease-fire", "ceasefire", "bomb"),
        *("Forces", "troop", "drones", "missile", "army", "rebel", "rebels", "s", "targets"),
        *(" ", "  ", "-", "_", "x", "1", "\u00e9", "\u2019", ".", "\n", "\u0663", "\u00b2", "\u017f"),
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=16).map("".join))
def test_random_texts_answer_as_the_regex(text):
    assert military_article(text) == _plain(text)


def _plain_sentence(sentence: str) -> bool:
    return lx.MILITARY_CONTEXT.search(sentence) is not None


def test_sentence_check_uses_the_trie_and_answers_as_the_regex():
    assert SEARCH is not lx.MILITARY_CONTEXT
    sentences = [s for text in case_texts() for s in re.split(r"(?<=[.!?])\s+", text) if s]
    answers = [military_sentence(s) for s in sentences]
    assert answers == [_plain_sentence(s) for s in sentences]
    assert sum(answers) > 20 and not all(answers)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=10).map("".join))
def test_random_sentences_answer_as_the_regex(text):
    assert military_sentence(text) == _plain_sentence(text)
