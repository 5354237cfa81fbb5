"""Generated texts for the oracle tests that hold a regex shortcut to the plain pattern.

A shortcut that finds a match by the character before it must agree with the plain pattern at the
text's start, after every kind of separator and inside words: texts made of chosen parts, joined
by spaces or run together, reach all of those.
"""

from __future__ import annotations

from hypothesis import strategies as st

# the characters around a match that a shortcut could misread: letters that fold to ASCII under
# re.IGNORECASE, a non-ASCII letter, a quote, word characters, punctuation and spaces
BOUNDARY_PARTS = ["\u212a", "\u00e9", "\u201c", "_", "9", ",", ".", "-", " ", "  "]  # \u212a: Kelvin sign


def part_texts(parts: list[str], max_size: int) -> st.SearchStrategy[str]:
    """Up to `max_size` of `parts`, joined by spaces or run together."""
    chosen = st.lists(st.sampled_from(parts), max_size=max_size)
    return chosen.map(" ".join) | chosen.map("".join)


def spans_and_groups(matches) -> list[tuple]:
    """What two searches must agree on: each match's span and named groups."""
    return [(m.span(), m.groupdict()) for m in matches]
