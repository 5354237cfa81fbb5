"""Find a quoted sentence in the article text, verbatim, and return its offsets in the original text.

Models copy sentences back with small changes: straight for curly quotes, one space for a line break or
a double space, a hyphen for a dash. We look for an exact match first, then match after normalising
those differences on both sides and map the match back to the original offsets, so the stored
sentence is always `text[start:end]`. Anything else (reworded, invented) is not found.
"""

from __future__ import annotations

import re
from bisect import bisect_left

# One character of the text -> what it normalises to (anything not listed stays itself).
_FOLD = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    "\u2026": "...",
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
}
_WS = re.compile(r"\s+")


class NormalisedText:
    """A normalised copy of a text with, for each of its characters, the original offset it came from."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        origin: list[int] = []
        in_space = False
        for i, ch in enumerate(text):
            if ch.isspace():
                if not in_space:
                    chars.append(" ")
                    origin.append(i)
                in_space = True
                continue
            in_space = False
            for out in _FOLD.get(ch, ch):
                chars.append(out)
                origin.append(i)
        self.text = text
        self.normalised = "".join(chars)
        self.origin = origin

    def find(self, needle: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
        """Offsets in the original text of the first normalised match inside text[start:end]."""
        probe = normalise(needle)
        if not probe:
            return None
        end = len(self.text) if end is None else end
        lo = _first_at_or_after(self.origin, start)
        pos = self.normalised.find(probe, lo)
        if pos == -1:
            return None
        o_start, o_end = self.origin[pos], self.origin[pos + len(probe) - 1] + 1
        return (o_start, o_end) if o_end <= end else None


def normalise(text: str) -> str:
    folded = "".join(_FOLD.get(ch, ch) for ch in text)
    return _WS.sub(" ", folded).strip()


def _first_at_or_after(origin: list[int], offset: int) -> int:
    return bisect_left(origin, offset)


def locate(
    text: str, quote: str, *, start: int = 0, end: int | None = None, index: NormalisedText | None = None
) -> tuple[int, int, str] | None:
    """(start, end, how) of `quote` in text[start:end]: how is "exact" or "normalised"; None if absent."""
    end = len(text) if end is None else end
    stripped = quote.strip()
    if not stripped:
        return None
    pos = text.find(stripped, start, end)
    if pos != -1:
        return pos, pos + len(stripped), "exact"
    index = index or NormalisedText(text)
    found = index.find(stripped, start, end)
    if found is None:
        return None
    return found[0], found[1], "normalised"


def locate_casefold(text: str, phrase: str, start: int, end: int) -> tuple[int, int] | None:
    """A short phrase (trigger, name) inside text[start:end], exact, then ignoring case and spacing."""
    phrase = phrase.strip()
    if not phrase:
        return None
    pos = text.find(phrase, start, end)
    if pos != -1:
        return pos, pos + len(phrase)
    window = text[start:end]
    index = NormalisedText(window.casefold()) if len(window.casefold()) == len(window) else None
    if index is None:  # case folding changed lengths (ß, ligatures): fall back to exact only
        return None
    found = index.find(phrase.casefold())
    if found is None:
        return None
    return start + found[0], start + found[1]
