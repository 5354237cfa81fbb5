"""Fast dictionary matching (Aho-Corasick over folded text) for actor and place names.

Matches are found on `fold(text)`, which has the same length as the text, so every span is an
exact slice of the original. Whole words only; overlapping matches resolve to the longest, leftmost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick

from extract.reference.textfold import ARTICLES, fold


class Entry(NamedTuple):
    """One dictionary entry behind a key: what it refers to and how strictly it must match."""

    ref: str
    original: str
    exact_case: bool  # abbreviations: the text must spell it exactly
    needs_capital: bool  # proper names: the text must carry a capital letter or digit
    rank: int  # lower wins when one key names several things
    extra: tuple = ()


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    key: str
    entries: tuple[Entry, ...]


_CACHED_TEXT = 200  # texts this short (a phrase, a name) are cached; whole articles are not
_CACHE_SIZE = 8192


class DictionaryMatcher:
    """Aho-Corasick automaton from folded keys to entries."""

    def __init__(self, items: Iterable[tuple[str, Entry]]):
        table: dict[str, list[Entry]] = {}
        for key, entry in items:
            if key:
                table.setdefault(key, []).append(entry)
        self._automaton = ahocorasick.Automaton()
        for key, entries in table.items():
            entries.sort(key=lambda e: e.rank)
            self._automaton.add_word(key, (key, tuple(entries)))
        if table:
            self._automaton.make_automaton()
        self._empty = not table
        self.size = len(table)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_cache", None)  # the answer cache stays out of the pickled compiled reference
        return state

    def _raw_hits(self, folded: str) -> Iterable[Hit]:
        if self._empty:
            return
        n = len(folded)
        for end_index, (key, entries) in self._automaton.iter(folded):
            start, end = end_index - len(key) + 1, end_index + 1
            if start > 0 and folded[start - 1].isalnum():
                continue
            if end < n and folded[end].isalnum():
                continue
            yield Hit(start, end, key, entries)

    def find(self, text: str, folded: str | None = None) -> list[tuple[Hit, Entry]]:
        """Non-overlapping (longest, leftmost) hits whose case rules the text satisfies."""
        short = len(text) <= _CACHED_TEXT
        if short:  # claimant phrases and names come back again and again: answer them from a cache
            cache = self.__dict__.setdefault("_cache", {})
            hit = cache.get((text, folded))
            if hit is not None:
                return list(hit)
        chosen = self._find(text, fold(text) if folded is None else folded)
        if short:
            if len(cache) >= _CACHE_SIZE:
                cache.clear()
            cache[(text, folded)] = tuple(chosen)
        return chosen

    def _find(self, text: str, folded: str) -> list[tuple[Hit, Entry]]:
        candidates = []
        if not self._empty:  # _raw_hits inlined: this loop runs for every dictionary hit of an article
            n = len(folded)
            for end_index, (key, entries) in self._automaton.iter(folded):
                end = end_index + 1
                start = end - len(key)
                if (start > 0 and folded[start - 1].isalnum()) or (end < n and folded[end].isalnum()):
                    continue
                surface = text[start:end]
                for e in entries:
                    if _case_ok(e, surface):
                        candidates.append((Hit(start, end, key, entries), e))
                        break
        candidates.sort(key=lambda he: (he[0].start, -(he[0].end - he[0].start)))
        chosen: list[tuple[Hit, Entry]] = []
        last_end = -1
        for hit, entry in candidates:
            if hit.start >= last_end:
                chosen.append((hit, entry))
                last_end = hit.end
        return chosen


def _case_ok(entry: Entry, surface: str) -> bool:
    if entry.exact_case:
        return surface == entry.original or surface.replace(".", "") == entry.original.replace(".", "")
    if entry.needs_capital:
        return any(c.isupper() or c.isdigit() for c in surface)
    return True


_ARTICLE_BEFORE = re.compile(
    r"(?:^|(?<=[\s(\"'\u201c]))(?:"
    + "|".join(sorted(set(ARTICLES), key=len, reverse=True))
    + r")[-\s\u2010\u2011]$",
    re.IGNORECASE,
)


def extend_article(text: str, start: int) -> int:
    """Move a place match's start back over an Arabic article written before it (al-, Ar-, ad-...)."""
    window = text[max(0, start - 5) : start]
    m = _ARTICLE_BEFORE.search(window)
    return start - len(m.group(0)) if m else start
