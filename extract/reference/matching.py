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
        if self._empty:
            return []
        return [
            (Hit(start, end, key, entries), entry)
            for start, end, key, entries, entry in _choose(
                _candidates(self._automaton, text, folded, 0, 1)[0]
            )
        ]

    def table(self) -> dict[str, tuple[Entry, ...]]:
        """Every key with its entries (best rank first), as the automaton holds them."""
        return {} if self._empty else {key: entries for key, (_, entries) in self._automaton.items()}


# a candidate hit: (start, start - end, end, key, entries, entry); sorting these tuples orders
# by start, then longest first, and never compares further: two hits of one dictionary with the
# same start and length are the same key, which the automaton reports once per end position
Candidate = tuple


def _candidates(automaton, text: str, folded: str, slot: int | None, count: int) -> list[list[Candidate]]:
    """Whole-word hits of folded whose case rules text satisfies, one list per dictionary.

    slot None: the automaton's values are (key, length, per-dictionary entries or None); else they
    are (key, entries) of dictionary `slot`. This loop runs for every dictionary hit of an article.
    """
    out: list[list[Candidate]] = [[] for _ in range(count)]
    n = len(folded)
    hits = automaton.iter(folded)
    if slot is not None:  # one dictionary: its own loop, without the per-hit branch on slot
        mine = out[slot]
        for end_index, (key, entries) in hits:
            end = end_index + 1
            start = end - len(key)
            if (start > 0 and folded[start - 1].isalnum()) or (end < n and folded[end].isalnum()):
                continue
            surface = text[start:end]
            for e in entries:
                if _case_ok(e, surface):
                    mine.append((start, start - end, end, key, entries, e))
                    break
        return out
    for end_index, (key, length, per_dictionary) in hits:
        end = end_index + 1
        start = end - length
        if (start > 0 and folded[start - 1].isalnum()) or (end < n and folded[end].isalnum()):
            continue
        surface = text[start:end]
        for i, entries in enumerate(per_dictionary):
            if entries is not None:
                for e in entries:
                    if _case_ok(e, surface):
                        out[i].append((start, start - end, end, key, entries, e))
                        break
    return out


def _choose(candidates: list[Candidate]) -> list[tuple[int, int, str, tuple[Entry, ...], Entry]]:
    """The non-overlapping hits, longest leftmost first: (start, end, key, entries, entry)."""
    candidates.sort()  # (start, start - end) is unique among one dictionary's candidates: see Candidate
    chosen = []
    last_end = -1
    for start, _, end, key, entries, entry in candidates:
        if start >= last_end:
            chosen.append((start, end, key, entries, entry))
            last_end = end
    return chosen


class MultiMatcher:
    """Several dictionaries in one automaton: one scan of an article's folded text finds the hits of
    all of them, each chosen exactly as its own DictionaryMatcher.find would choose them."""

    def __init__(self, matchers: list[DictionaryMatcher]):
        self.count = len(matchers)
        table: dict[str, list] = {}
        for i, matcher in enumerate(matchers):
            for key, entries in matcher.table().items():
                table.setdefault(key, [None] * self.count)[i] = entries
        self._automaton = ahocorasick.Automaton()
        for key, per_dictionary in table.items():
            self._automaton.add_word(key, (key, len(key), tuple(per_dictionary)))
        if table:
            self._automaton.make_automaton()
        self._empty = not table

    def find(self, text: str, folded: str) -> list[list[tuple[int, int, str, tuple[Entry, ...], Entry]]]:
        """For each dictionary, its (start, end, key, entries, entry) hits as DictionaryMatcher.find."""
        if self._empty:
            return [[] for _ in range(self.count)]
        return [_choose(c) for c in _candidates(self._automaton, text, folded, None, self.count)]


def _case_ok(entry: Entry, surface: str) -> bool:
    if entry.exact_case:
        return surface == entry.original or surface.replace(".", "") == entry.original.replace(".", "")
    if entry.needs_capital:
        first = surface[0]  # most names that pass start with their capital: skip the generator
        return first.isupper() or first.isdigit() or any(c.isupper() or c.isdigit() for c in surface)
    return True


_ARTICLE_BEFORE = re.compile(
    r"(?:^|(?<=[\s(\"'\u201c]))(?:"
    + "|".join(sorted(set(ARTICLES), key=len, reverse=True))
    + r")[-\s\u2010\u2011]$",
    re.IGNORECASE,
)


# articles that are also English words: with a space after them ("at Bab al-Hawa", "as Raqqa",
# "an Idlib village") they are English unless capitalised inside a sentence ("in As Suwayda")
_ENGLISH_WORDS = frozenset({"at", "as", "an"})
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"\u201c(]\s*)$")


def extend_article(text: str, start: int) -> int:
    """Move a place match's start back over an Arabic article written before it (al-, Ar-, ad-...)."""
    window = text[max(0, start - 5) : start]
    m = _ARTICLE_BEFORE.search(window)
    if not m:
        return start
    article = m.group(0)[:-1]
    if m.group(0)[-1].isspace() and article.lower() in _ENGLISH_WORDS:
        begin = start - len(m.group(0))
        if article.islower() or _SENTENCE_START.search(text[max(0, begin - 3) : begin]):
            return start
    return start - len(m.group(0))
