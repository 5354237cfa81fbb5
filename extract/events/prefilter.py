"""A case-insensitive literal scan that answers `rx.search(sentence)` for every sentence at once.

`lexicon.PREFILTER` is an alternation of plain words searched with re.IGNORECASE. Python's `re`
tries every alternative at every position, which made that "cheap" check the costliest step of an
article. Here the same words go into one Aho-Corasick automaton run over the lowered text, once per
article, and a sentence passes when a word lies wholly inside its span: the same answer as the
regex (re.IGNORECASE matches an ASCII letter only to itself, its other case, and the four
characters folded below), so no output changes. A pattern that is not a plain alternation of words
falls back to the regex itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import ahocorasick

# the only non-ASCII characters re.IGNORECASE matches to an ASCII letter (besides KELVIN SIGN,
# which str.lower() already turns into "k"); str.lower() keeps every other character's length
_IGNORECASE_EXTRA = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"))
_PLAIN_WORD = re.compile(r"[A-Za-z -]+")


def lowered(text: str) -> str:
    """text.lower() with the same length, folding the characters re.IGNORECASE treats as i and s."""
    if not text.isascii():
        for char, ascii_char in _IGNORECASE_EXTRA:
            if char in text:
                text = text.replace(char, ascii_char)
    return text.lower()


class LiteralScan:
    """The sentences in which a regex of plain alternatives (re.IGNORECASE) finds a match."""

    def __init__(self, rx: re.Pattern):
        self._rx = rx
        words = rx.pattern.split("|")
        plain = bool(rx.flags & re.IGNORECASE) and all(_PLAIN_WORD.fullmatch(w) for w in words)
        self._automaton = None
        if plain:
            self._automaton = ahocorasick.Automaton()
            for w in {w.lower() for w in words}:
                self._automaton.add_word(w, len(w))
            self._automaton.make_automaton()

    def flags(self, text: str, spans: Sequence[tuple[int, int]]) -> list[bool]:
        """For each span (start, end) of text: does rx.search(text[start:end]) find anything?"""
        if self._automaton is None:
            return [self._rx.search(text[s:e]) is not None for s, e in spans]
        low = lowered(text)
        it = self._automaton.iter
        return [next(it(low, s, e), None) is not None for s, e in spans]
