"""marked_search finds a pattern's matches by the character before them: marked_finditer must give
rx.finditer's matches (span and groups), marked_search rx.search's match and marked_found its
answer, for the patterns that use it (each date pattern, MILITARY_CONTEXT's trie, the cue words, a
trigger lexicon, the corridor nouns and moves, the locative before a place) and for small ones with
groups and re.IGNORECASE, on texts with matches at the start, back to back, after
punctuation, "_", "-", digits, curly quotes and letters outside ASCII (the long s and the Kelvin
sign that re.IGNORECASE reads as ASCII letters among them), and on the case texts.
after_mark refuses what it cannot search (a pattern that can match empty, other flags), and a
pattern whose match need not follow a mark is seen to differ (the comparison can fail). The class
of first characters after_mark puts after the mark (first_chars) is checked on its own, and the
comparisons above run with it (letters re.IGNORECASE folds, "\u017f" and "\u212a", among the texts)."""

from __future__ import annotations

import re
from re import _parser

import pytest
from hypothesis import given, settings

from extract.events import attribution, context, dates, lexicon, military
from extract.events.alternation import _MARK
from extract.events.marked_search import (
    after_mark,
    first_chars,
    marked_finditer,
    marked_found,
    marked_search,
)
from extract.events.sentences import split_sentences
from tests.extract.case_texts import case_texts
from tests.extract.part_texts import BOUNDARY_PARTS, part_texts, spans_and_groups

_PARTS = [
    # dates
    "since",
    "Since",
    "from",
    "on",
    "in",
    "In",
    "the",
    "early",
    "mid-",
    "end of",
    "May",
    "Jan.",
    "July",
    "4",
    "12th",
    "2016",
    "2016-07-31",
    "last year",
    "yesterday",
    "Yesterday",
    "three days ago",
    "Tuesday",
    # the other users' words
    "troops",
    "FORCES",
    "said",
    "according",
    "as",
    "has",
    "shelled",
    "airstrike",
    "captured",
    "humanitarian",
    "corridor",
    "crossings",
    "were evacuated",
    "convoy of 42 buses",
    "left",
    "bused out",
    "near",
    "towards",
    "northern",
    "town of",
    # the small patterns' words
    "ab",
    "AB",
    "abc",
    "b",
    "sk",
    "Ki",
    "SA",
    "\u017fk",
    "\u212ai",
    # separators and letters
    "\u017fince",  # long s
    "x",
    *BOUNDARY_PARTS,
]
_texts = part_texts(_PARTS, max_size=16)

# (rx, its after_mark form, how texts are given to it)
_SEARCHES = [(rx, dates._AFTER_MARK[kind], None) for kind, rx in dates.PATTERNS]
_SEARCHES += [
    (military.SEARCH, military._AFTER_MARK, None),
    (attribution._CUE_LOWER, attribution._CUE_AFTER_MARK, "ascii lower"),  # (_has_cue's use)
    (lexicon.STRIKE.rx, after_mark(lexicon.STRIKE.rx.pattern, lexicon.STRIKE.rx.flags, mark=_MARK), None),
    (lexicon.CORRIDOR_NOUN, lexicon.CORRIDOR_NOUN_AFTER_MARK, None),
    (lexicon.CORRIDOR_MOVE, lexicon.CORRIDOR_MOVE_AFTER_MARK, None),
    (context._LOCATIVE, context._LOCATIVE_AFTER_MARK, None),  # (end-anchored)
    (re.compile(r"\b(?P<w>ab|abc)\b(?P<s>\s*\d+)?", re.I), None, None),
    (re.compile(r"\b(?:b|ab)"), None, None),
    (re.compile(r"\bab[,.-]"), None, None),  # ends with a mark: the next match right after it
    (re.compile(r"\b(?:sk|ki|b?(?:s|ab))", re.I), None, None),  # folded letters; an optional start
    (re.compile(r"\b(?:x|(?i:sa))"), None, None),  # re.IGNORECASE on a part only
    (re.compile(r"(?<![\w-])(?:a(?P<x>b)c?)(?!\w)", re.I), "-", None),
]


def _marked(rx: re.Pattern, marked) -> re.Pattern:
    if marked is None:
        return after_mark(rx.pattern, rx.flags)
    if marked == "-":
        return after_mark(rx.pattern, rx.flags, mark=r"[^0-9A-Z_a-z-]")
    return marked


def _one(m: re.Match | None) -> list[tuple]:
    return [] if m is None else spans_and_groups([m])


def _same(text: str) -> None:
    for rx, marked, given_as in _SEARCHES:
        given = text
        if given_as == "ascii lower":
            if not text.isascii():
                continue
            given = text.lower()
        marked = _marked(rx, marked)
        plain = spans_and_groups(rx.finditer(given))
        assert spans_and_groups(marked_finditer(rx, marked, given)) == plain, (rx.pattern[:60], given)
        first = rx.search(given)
        assert _one(marked_search(rx, marked, given)) == _one(first), (rx.pattern[:60], given)
        assert marked_found(rx, marked, given) == (first is not None), (rx.pattern[:60], given)


@settings(max_examples=600, deadline=None)
@given(_texts)
def test_marked_search_equals_the_plain_search(text):
    _same(text)


def test_marked_search_on_the_case_texts():
    for text in case_texts():
        for s in split_sentences(text):
            _same(text[s.start : s.end])
    for text in [
        "May 4, 2016",
        "On May 4 and in June 2016",
        "x\u00e9in May",
        "\u201cin May\u201d",
        "_in May",
        "ab ab,ab-ab",
        "ab,ab.ab-",
        "abc 12 AB",
        "Troops said",
        "Humanitarian corridor, left",
        "fighting near the northern town of ",
        "in ",
        "xin the ",
        "",
    ]:
        _same(text)


def test_after_mark_refuses_what_it_cannot_search():
    with pytest.raises(ValueError):
        after_mark(r"\b(?:ab)?")  # can match empty: the next search would start where it did
    with pytest.raises(ValueError):
        after_mark(r"\bab", re.MULTILINE)
    assert after_mark(r"\b\w", re.I).pattern == r"[^0-9A-Z_a-z](?=(?i:\b\w))"
    assert after_mark(r"\b\w", group="g").pattern == r"[^0-9A-Z_a-z](?=(?P<g>(?:\b\w)))"


def test_a_match_that_need_not_follow_a_mark_is_missed():
    rx = re.compile(r"ab")  # no boundary: "xab" matches, with no mark before it
    assert spans_and_groups(marked_finditer(rx, after_mark(rx.pattern), "xab")) != spans_and_groups(
        rx.finditer("xab")
    )
    assert not marked_found(rx, after_mark(rx.pattern), "xab")


def _first(pattern: str, flags: int = 0) -> str | None:
    found = first_chars(_parser.parse(pattern, flags))
    return None if found is None else "".join(sorted(found))


def test_first_chars():
    assert _first(r"\b(?:ab|c\]d)") == "ac"
    assert _first(r"(?<![\w-])(?:x?y|z{0,2}w)") == "wxyz"  # optional starts: what follows counts too
    assert _first(r"\b(?=q)[a-c]") == "abc"  # zero-width items are passed over
    assert _first(r"\b\w+") is None  # a category: any word character
    assert _first(r"\b(?:a|.)") is None
    assert _first(r"\b(?:a|b?)") is None  # can be empty
    assert after_mark(r"\b(?:ab|c\]d)", re.I).pattern == r"[^0-9A-Z_a-z](?=(?i:[ac]))(?=(?i:\b(?:ab|c\]d)))"
    assert after_mark(r"\bs").pattern == r"[^0-9A-Z_a-z](?=[s])(?=(?:\bs))"
    assert after_mark(r"\b(?i:s)").pattern.startswith(r"[^0-9A-Z_a-z](?=(?i:[s]))")
