"""An alternation of plain words written as a trie: "said|says|say" -> "sa(?:id|ys?)".

Python's `re` tries an alternation's branches one after another at every position it starts at, so
a list of fifty reporting verbs costs fifty literal checks where a word can start. Written as a
trie, the engine checks the first letter once, then only the branches that share it. The trie
matches exactly the words of the list; with a word boundary right after it (as every use has)
at most one of those words can match at a position (a word that is a prefix of another is
followed there by a letter, not a boundary), so the order of the branches, the only thing the
trie changes, decides nothing: the same matches, the same groups.
"""

from __future__ import annotations

import re


def word_trie(words: list[str]) -> str:
    """A regex (no capturing group) matching exactly these strings (each non-empty, taken literally).
    Same matches as their flat alternation wherever at most one of them can match at a position (the
    case above), or wherever only whether there is a match is read."""
    if not words or not all(isinstance(w, str) and w for w in words):
        raise ValueError(f"word_trie takes a list of non-empty strings, got {words!r}")
    return _trie(list(dict.fromkeys(words)))


def _trie(words: list[str]) -> str:
    ends_here = "" in words
    groups: dict[str, list[str]] = {}
    for w in words:
        if w:
            groups.setdefault(w[0], []).append(w[1:])
    branches = [re.escape(first) + _trie(rests) for first, rests in groups.items()]
    if not branches:
        return ""
    if len(branches) == 1 and not ends_here:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if ends_here else "")
