"""textfold.non_ascii_runs finds the runs of non-ASCII characters through an ASCII encoding with "?"
for each of them (fold and the dictionary scan translate those runs alone): it must give the spans
of the plain regex scan, whatever the text holds, its own question marks and lone surrogates too."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.reference.matching import boundary_marked, folded_marked
from extract.reference.textfold import _ASCII_TABLE, _TABLE, fold, non_ascii_runs

_PLAIN = re.compile(r"[^\x00-\x7f]+")


def _plain_runs(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PLAIN.finditer(text)]


def test_runs_on_examples():
    text = "\u201cWe have nothing left?\u201d?? said \u00c9lise at Bab al-\u1e24aw\u0101 \ud800?\u00e9"
    assert non_ascii_runs(text) == _plain_runs(text)
    assert len(non_ascii_runs(text)) == 7
    assert non_ascii_runs("plain ASCII? yes?") == []
    assert non_ascii_runs("") == []
    assert non_ascii_runs("\u00e9\u00e9?\u00e9") == [(0, 2), (3, 4)]


_chars = st.one_of(
    st.sampled_from(
        ["?", "??", " ", "a", "Z", "-", "\u201c", "\u201d", "\u00e9", "\u0130", "\ud800", "\U0001f600"]
    ),
    st.characters(),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_chars, max_size=40).map("".join))
def test_runs_equal_the_regex_scan(text):
    assert non_ascii_runs(text) == _plain_runs(text)


def _plain_fold(text: str) -> str:
    """fold as it read the runs before: by the regex scan."""
    if text.isascii():
        return text.lower().translate(_ASCII_TABLE)
    parts, pos = [], 0
    for m in _PLAIN.finditer(text):
        parts.append(text[pos : m.start()].lower().translate(_ASCII_TABLE))
        parts.append(m.group(0).translate(_TABLE))
        pos = m.end()
    parts.append(text[pos:].lower().translate(_ASCII_TABLE))
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(st.lists(_chars, max_size=40).map("".join))
def test_fold_and_marks_by_runs_equal_the_regex_runs(text):
    plain = _plain_fold(text)
    if len(plain) == len(text):  # else fold falls back to folding character by character
        assert fold(text) == plain
    assert folded_marked(text) == boundary_marked(fold(text))
