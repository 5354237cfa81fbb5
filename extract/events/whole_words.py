"""Count the matches of a case-sensitive `\\b(?:word|word|...)\\b` regex by reading words, not by regex.

Python's `re` tries every alternative of such a list at every position of the text (no literal
prefix to skip to), about 300 ns a character for lexicon.MILITARY_CONTEXT. Every match of it is a
whole run of word characters (a word of the list, `\\b` on both sides) or, for an entry with a
hyphen ("cease-fire"), a run followed by the rest of the entry and a boundary. So the runs found
by `\\w+` (a scan `re` does fast) and looked up in a set give the same matches in the same order
(tests/extract/test_whole_words.py checks it against the regex).
"""

from __future__ import annotations

import re

_RUN = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_PLAIN = re.compile(r"\w+")
_HYPHENATED = re.compile(r"(\w+)(-\w+)")


class WholeWords:
    """The entries of a `\\b(?:...)\\b` word list, given as its alternation ("a|b|c"): plain words,
    words with an optional final "s" ("rebels?") and hyphenated words ("cease-fire"); anything
    else is refused at import."""

    def __init__(self, alternation: str):
        self.pattern = r"\b(?:" + alternation + r")\b"
        entries = alternation.split("|")
        self.words: set[str] = set()
        self.continued: dict[str, str] = {}  # first run of a hyphenated entry -> the rest ("-fire")
        for entry in entries:
            if entry.endswith("s?") and _PLAIN.fullmatch(entry[:-2]):
                self.words.update((entry[:-2], entry[:-1]))
            elif _PLAIN.fullmatch(entry):
                self.words.add(entry)
            elif (m := _HYPHENATED.fullmatch(entry)) is not None:
                self.continued[m.group(1)] = m.group(2)
            else:
                raise ValueError(f"word list entry {entry!r}: only words, 'words?' and 'word-word' are read")
        clash = set(self.continued) & self.words
        rest_words = {w for rest in self.continued.values() for w in _RUN.findall(rest)} & self.words
        if clash or rest_words:  # the alternation's order would decide between them: not modelled
            raise ValueError(f"word list entries overlap: {sorted(clash | rest_words)}")

    def at_least(self, text: str, count: int, endpos: int) -> bool:
        """len(list(islice(re.compile(self.pattern).finditer(text, 0, endpos), count))) >= count."""
        if count <= 0:
            return True
        words, continued = self.words, self.continued
        found = 0
        for m in _RUN.finditer(text, 0, endpos):
            word = m.group()
            if word not in words:
                rest = continued.get(word)
                if rest is None:
                    continue
                after = m.end() + len(rest)
                if (
                    after > endpos
                    or not text.startswith(rest, m.end())
                    or _WORD_CHAR.match(text, after, endpos) is not None
                ):
                    continue
            found += 1
            if found >= count:
                return True
        return False
