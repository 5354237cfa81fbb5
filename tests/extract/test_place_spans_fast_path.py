"""Reference._place_spans (the gazetteer's hits plus fuzzy spellings after a locative word) must give
what its plain loop gave: the loop was inlined for speed (one regex call and a bytearray find per
capitalised token instead of a function call and a slice)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.reference import (
    _CAPITAL_TOKEN,
    _LOCATIVE_BEFORE_REVERSED,
    _locative_before,
    _span_start,
    load_reference,
    skeleton,
)
from extract.reference.matching import extend_article
from extract.reference.textfold import fold


def _oracle_place_spans(ref, text: str, hits: list[tuple[int, int, str]]) -> list[tuple]:
    """_place_spans as it was before the inlining."""
    out = []
    taken = bytearray(len(text) + 1)
    for start, end, place_id in hits:
        start = extend_article(text, start)
        out.append((start, end, place_id, False))
        taken[start:end] = b"\x01" * (end - start)
    for m in _CAPITAL_TOKEN.finditer(text):
        s, e = m.start(), m.end()
        if e - s < 6 or not text[s - 1 : s].isspace() or any(taken[s:e]):
            continue
        if not _locative_before(text, s):
            continue
        place_id = ref._skeletons.get(skeleton(m.group(0)))
        if place_id:
            out.append((extend_article(text, s), e, place_id, True))
    out.sort(key=_span_start)
    return out


_WORDS = [
    "near ",
    "in the town of ",
    "outside ",
    "into ",
    "towards ",
    "and ",
    "Jisr al-Shughoor",
    "Jisr al-Shughur",
    "Aleppo",
    "Tal Rifaat",
    "Saraqeb",
    "al-Bab",
    "Azaaz",
    "Maarat al-Numaan",
    "Government forces",
    "shelled",
    "Monday",
    ", ",
    ". ",
    " ",
    "-",
    "\n",
    "x",
]
_texts = st.lists(st.sampled_from(_WORDS), max_size=30).map("".join)


def _both(text: str) -> tuple[list, list]:
    ref = load_reference()
    folded = fold(text)
    hits = [(h.start, h.end, e.ref) for h, e in ref._place_matcher.find(text, folded)]
    return ref._place_spans(text, hits), _oracle_place_spans(ref, text, hits)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_place_spans_equal_the_plain_loop(text):
    got, want = _both(text)
    assert got == want


def test_place_spans_find_a_fuzzy_spelling_after_a_locative_word():
    text = "They fled into Jisr al-Shughoor and towards Tal Rifaat on Monday; Jisr al-Shughoor was quiet."
    got, want = _both(text)
    assert got == want
    fuzzy = [text[s:e] for s, e, _, fz in got if fz]
    assert fuzzy == ["Jisr al-Shughoor"]  # the second one has no locative word before it


_WINDOW_WORDS = [
    "in",
    "near",
    "the",
    "town",
    "of",
    "outside",
    "and",
    "Of",
    "THE",
    " ",
    "  ",
    "\t",
    "\n",
    "x",
    "-",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WINDOW_WORDS), max_size=40).map(" ".join), st.data())
def test_locative_on_the_reversed_text_equals_the_reversed_window(text, data):
    """_place_spans matches the locative on the whole text reversed, with pos and endpos, where
    _locative_before matched a reversed 40-character slice: the same answer at every position
    (words cut by the window's edge, long runs of spaces)."""
    s = data.draw(st.integers(0, len(text)))
    n = len(text)
    fast = _LOCATIVE_BEFORE_REVERSED.match(text[::-1], n - s, n - s + 40) is not None
    assert fast == _locative_before(text, s)


def test_locative_window_edge():
    # "in" 41 characters before the token is outside the window; 40 is inside
    for gap, expected in ((38, True), (39, False)):
        text = "in" + " " * gap + "Saraqeb"
        s, n = len(text) - len("Saraqeb"), len(text)
        assert _locative_before(text, s) is expected
        assert (_LOCATIVE_BEFORE_REVERSED.match(text[::-1], n - s, n - s + 40) is not None) is expected
