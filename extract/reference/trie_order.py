"""The order to add words to an Aho-Corasick automaton in: children of frequent letters first.

pyahocorasick finds a node's child for each character it scans by a linear search of the node's
children, in the order they were added. Words added in the order of how often their letters occur
in English news text (sorted by letter frequency rank, not by code point) put each node's frequent
children first, so the search ends sooner: about 11 % fewer instructions per character for the
gate and dictionary scans. The order of insertion changes no match and no value.
"""

from __future__ import annotations

from collections.abc import Iterable

# "\x01" is matching.boundary_marked's mark (every non-alphanumeric character of a marked text)
FREQUENT_FIRST = "\x01 etaoinsrhldcumfpgwybv,.k'-jxqz0123456789"
_BASE = len(FREQUENT_FIRST)


class _RankTable(dict):
    """str.translate table: a letter to a character whose code point is the letter's rank."""

    def __missing__(self, key: int) -> str:
        value = chr(min(_BASE + key, 0x10FFFF))  # ties only tie the order
        self[key] = value
        return value


_RANKS = _RankTable({ord(c): chr(i) for i, c in enumerate(FREQUENT_FIRST)})


def by_letter_frequency(word: str) -> str:
    """A sort key: word with each letter replaced by its frequency rank (rarer letters after)."""
    return word.translate(_RANKS)


def insertion_order(words: Iterable[str]) -> list[str]:
    """words in the order that puts every trie node's frequent children first."""
    return sorted(words, key=by_letter_frequency)
