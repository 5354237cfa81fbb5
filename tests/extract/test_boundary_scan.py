"""MultiMatcher scans a boundary-marked text (matching.boundary_marked) so the automaton itself finds
whole words only; it must give exactly what the plain scan (DictionaryMatcher.find: every hit,
word boundaries checked in Python) gives, on real dictionaries and on small ones built to make keys
mark alike ("al-bab", "al bab", "al.bab"), start or end with punctuation, or hold digits and
non-ASCII letters.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.reference import load_reference
from extract.reference.matching import DictionaryMatcher, Entry, MultiMatcher, boundary_marked, folded_marked
from extract.reference.textfold import fold

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def _plain(matchers: list[DictionaryMatcher], text: str) -> list[list[tuple]]:
    folded = fold(text)
    return [[(h.start, h.end, h.key, e) for h, e in m.find(text, folded)] for m in matchers]


def _fast(multi: MultiMatcher, text: str) -> list[list[tuple]]:
    got = [[(s, e, key, entry) for s, e, key, _, entry in hits] for hits in multi.find(text, fold(text))]
    # without the folded text (what the extractor runs): the scan folds and marks in one pass
    assert [[(s, e, key, entry) for s, e, key, _, entry in hits] for hits in multi.find(text)] == got
    return got


def _entry(ref: str, original: str, *, exact: bool = False, capital: bool = False, rank: int = 0) -> Entry:
    return Entry(ref, original, exact, capital, rank)


# keys that mark alike, keys with punctuation first or last, digits, a non-ASCII letter, an
# apostrophe, a key inside another key; two dictionaries sharing some keys
_ACTOR_KEYS = [
    ("al-bab", _entry("a1", "al-Bab", capital=True)),
    ("al bab", _entry("a2", "al Bab")),
    ("al.bab", _entry("a3", "AL.BAB", exact=True)),
    ("u.s", _entry("a4", "U.S", exact=True)),
    ("u.s.", _entry("a5", "U.S.", exact=True)),
    ("'s", _entry("a6", "'s")),
    ("army", _entry("a7", "army")),
    ("syrian army", _entry("a8", "Syrian Army", capital=True)),
    ("isis", _entry("a9", "ISIS", exact=True)),
    ("ypg", _entry("a10", "YPG", exact=True)),
    ("brigade 93", _entry("a11", "Brigade 93", capital=True)),
    ("\u0131dlib", _entry("a12", "\u0131dlib")),
]
_PLACE_KEYS = [
    ("al-bab", _entry("p1", "al-Bab", capital=True)),
    ("bab", _entry("p2", "Bab", capital=True)),
    ("aleppo", _entry("p3", "Aleppo", capital=True)),
    ("old city", _entry("p4", "Old City", capital=True)),
    ("idlib", _entry("p5", "Idlib", capital=True)),
    ("93", _entry("p6", "93")),
    ("army", _entry("p7", "Army", capital=True, rank=2)),
    ("-x", _entry("p8", "-x")),
    ("x-", _entry("p9", "x-")),
    ("kobani", _entry("p10", "Kobani", capital=True)),
]
_FRAGMENTS = [
    "al-Bab",
    "Al Bab",
    "AL.BAB",
    "al\u2013bab",
    "U.S.",
    "U.S",
    "u.s",
    "'s",
    "\u2019s",
    "Army",
    "army",
    "Syrian Army",
    "ISIS",
    "Isis",
    "YPG",
    "Brigade 93",
    "93",
    "\u00b2",
    "\u0131dlib",
    "Idlib",
    "\u0130dlib",
    "Aleppo",
    "Old City",
    "Kob\u00e2ni",
    "-x",
    "x-",
    "Bab",
]
_SEPARATORS = [
    " ",
    ", ",
    ". ",
    "-",
    "'",
    "(",
    ")",
    '"',
    "\n",
    "x",
    "1",
    "_",
    "\x01",
    "\u00e9",
    "\u2014",
    "\t",
]
_texts = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.sampled_from(_SEPARATORS)), max_size=40).map(
    "".join
)


@pytest.fixture(scope="module")
def small() -> tuple[list[DictionaryMatcher], MultiMatcher]:
    matchers = [DictionaryMatcher(_ACTOR_KEYS), DictionaryMatcher(_PLACE_KEYS)]
    return matchers, MultiMatcher(matchers)


@settings(max_examples=400, deadline=None)
@given(_texts)
def test_small_dictionaries_equal_the_plain_scan(text):
    matchers = [DictionaryMatcher(_ACTOR_KEYS), DictionaryMatcher(_PLACE_KEYS)]
    assert _fast(MultiMatcher(matchers), text) == _plain(matchers, text)


def test_keys_that_mark_alike_keep_their_own_spelling(small):
    matchers, multi = small
    text = "AL.BAB and al Bab and al-Bab; U.S. troops, U.S forces, (Brigade 93) \u0131dlib_x"
    got = _fast(multi, text)
    assert got == _plain(matchers, text)
    # "al.bab" and "al bab" mark alike: each hit keeps the key its text spells ("-" folds to " ")
    assert [(text[s:e], entry.ref) for s, e, _, entry in got[0]] == [
        ("AL.BAB", "a3"),
        ("al Bab", "a2"),
        ("al-Bab", "a2"),
        ("U.S.", "a5"),
        ("U.S", "a4"),
        ("Brigade 93", "a11"),
        ("\u0131dlib", "a12"),  # the underscore after it is a word boundary (not alphanumeric)
    ]
    assert [(text[s:e], entry.ref) for s, e, _, entry in got[1]] == [
        ("BAB", "p2"),
        ("Bab", "p2"),
        ("Bab", "p2"),
        ("93", "p6"),
    ]


def test_no_hit_inside_a_word(small):
    matchers, multi = small
    text = "Babylon armys aleppoan kobanix Xal-bab 93rd 1993 isis2 \u00e9army"
    assert _fast(multi, text) == _plain(matchers, text) == [[], []]


@pytest.mark.parametrize(
    "folded",
    ["", "a", "al-bab, u.s.", "x\x01y", "\u0131dlib \u2014 \u00b2 caf\u00e9_", "\u00e9\u00e9 a \u00e9"],
)
def test_boundary_marked_keeps_alphanumerics_and_marks_the_rest(folded):
    marked = boundary_marked(folded)
    assert len(marked) == len(folded) + 2 and marked[0] == marked[-1] == "\x01"
    for c, m in zip(folded, marked[1:-1], strict=True):
        assert m == (c if c.isalnum() else "\x01")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_boundary_marked_on_any_text(text):
    marked = boundary_marked(text)
    assert marked == "\x01" + "".join(c if c.isalnum() else "\x01" for c in text) + "\x01"


# characters whose folding is tricky: lower() makes two of them ("\u0130"), a ligature that NFKD
# makes two letters, a final sigma (lower() of a whole word reads context), combining marks, dashes
_TRICKY = "\u0130\u0131\u1e9e\u01c5\ufb01\u03a3\u039f\u0301\u00e9\u2013\u2019`-_\x01 \u00b2A"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | st.text(alphabet=_TRICKY + "abc", max_size=30))
def test_folded_marked_is_boundary_marked_fold(text):
    assert folded_marked(text) == boundary_marked(fold(text))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | st.text(alphabet=_TRICKY + "abc", max_size=30), st.data())
def test_fold_maps_each_character_on_its_own(text, data):
    """The scan folds only a hit's slice when it checks a spelling: fold(text[a:b]) == fold(text)[a:b]."""
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert fold(text[a:b]) == fold(text)[a:b]


# --- the real dictionaries -------------------------------------------------------------------------

_REAL = (
    "Syrian Army troops and the U.S.-backed SDF, backed by Russian jets, pushed into al-Bab, Aleppo "
    "and the Old City of Idlib on Tuesday; the Free Syrian Army's 'Sultan Murad' brigade (FSA) said "
    "ISIS/Daesh fighters had left Raqqa\u2019s suburbs. Hay\u2019at Tahrir al-Sham (HTS) and "
    "Jabhat al\u2011Nusra shelled Kafr Nabl, Ma\u2019arrat al-Nu\u2019man and Dar\u2019a.\n"
    "Kyiv said Russian forces hit Kharkiv, Mariupol and Zaporizhzhia; the UN and ICRC called for "
    "access to Gaza City, Khan Younis and Rafah. Houthi rebels and the Saudi-led coalition clashed "
    "near Hodeidah. Islamic State militants, the PKK/YPG and the Turkish Armed Forces fought for Afrin."
)


def test_real_dictionaries_on_a_realistic_text():
    ref = load_reference()
    matchers = [ref._actor_matcher, ref._place_matcher]
    got = _fast(ref._article_matcher, _REAL)
    assert got == _plain(matchers, _REAL)
    assert len(got[0]) >= 10 and len(got[1]) >= 10  # the text names many of both


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_REAL.split(" ") + _SEPARATORS + _FRAGMENTS), max_size=60).map(" ".join))
def test_real_dictionaries_on_shuffled_words(text):
    ref = load_reference()
    matchers = [ref._actor_matcher, ref._place_matcher]
    assert _fast(ref._article_matcher, text) == _plain(matchers, text)


def test_real_dictionaries_on_the_shared_articles():
    """Real articles (read from ../shared at test time, never copied)."""
    folder = SHARED / "eval" / "articles"
    paths = sorted(folder.glob("*.html")) if folder.is_dir() else []
    if not paths:
        pytest.skip("../shared/eval/articles is not present")
    ref = load_reference()
    matchers = [ref._actor_matcher, ref._place_matcher]
    hits = 0
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        got = _fast(ref._article_matcher, text)
        assert got == _plain(matchers, text), path.name
        hits += len(got[0]) + len(got[1])
    assert hits > 100
