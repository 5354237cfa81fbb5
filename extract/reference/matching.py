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

from extract.reference.textfold import _ASCII_TABLE as _ASCII_FOLD
from extract.reference.textfold import ARTICLES, _fold_char, fold, non_ascii_runs
from extract.reference.trie_order import insertion_order


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
        for key in insertion_order(table):  # frequent letters first: trie_order.py
            entries = table[key]
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


def _candidates(automaton, text: str, folded: str, slot: int, count: int) -> list[list[Candidate]]:
    """Whole-word hits of folded whose case rules text satisfies, one list per dictionary (the
    automaton's values are (key, entries) of dictionary `slot`)."""
    out: list[list[Candidate]] = [[] for _ in range(count)]
    n = len(folded)
    mine = out[slot]
    for end_index, (key, entries) in automaton.iter(folded):
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
    all of them, each chosen exactly as its own DictionaryMatcher.find would choose them.

    Whole words are found by the automaton itself, not checked per hit: it scans
    `boundary_marked(folded)` (every character that is not alphanumeric made one mark, the text
    padded by a mark each side) for each key marked the same way with a mark each side, so a key
    found inside a word never comes back to Python (two in three of the plain scan's hits did).
    Keys that mark alike ("al-bab", "al bab") share an automaton entry; a hit is the one whose key
    the folded text spells (tests/extract/test_boundary_scan.py checks it against the plain scan).
    """

    def __init__(self, matchers: list[DictionaryMatcher]):
        self.count = len(matchers)
        table: dict[str, list] = {}
        for i, matcher in enumerate(matchers):
            for key, entries in matcher.table().items():
                table.setdefault(key, [None] * self.count)[i] = entries
        marked: dict[str, list[tuple[str, tuple]]] = {}
        for key, per_dictionary in table.items():
            marked.setdefault(boundary_marked(key), []).append((key, tuple(per_dictionary)))
        self._automaton = ahocorasick.Automaton()
        for mark in insertion_order(marked):  # frequent letters first: trie_order.py
            variants = marked[mark]
            # per key: (dictionary index, its entries) for the dictionaries that hold the key
            variants = [
                (key, tuple((i, e) for i, e in enumerate(per) if e is not None)) for key, per in variants
            ]
            # spelled: the marked key is the key itself (all alphanumeric, the only one so marked), so
            # a hit needs no check of the folded text's spelling
            spelled = len(variants) == 1 and mark[1:-1] == variants[0][0]
            self._automaton.add_word(mark, (len(mark) - 2, spelled, tuple(variants)))
        if table:
            self._automaton.make_automaton()
        self._empty = not table

    def find(
        self, text: str, folded: str | None = None
    ) -> list[list[tuple[int, int, str, tuple[Entry, ...], Entry]]]:
        """For each dictionary, its (start, end, key, entries, entry) hits as DictionaryMatcher.find
        (folded: fold(text), else the text is folded and marked in one pass, and only the hits that
        need their spelling checked are folded: fold maps each character on its own)."""
        out: list[list[Candidate]] = [[] for _ in range(self.count)]
        if self._empty:
            return out
        marked = folded_marked(text) if folded is None else boundary_marked(folded)
        # a hit's last character is the mark after the key: padded index end_index is folded index
        # end_index - 1, which is the key's end (exclusive); its start is `length` before
        for end_index, (length, spelled, variants) in self._automaton.iter(marked):
            end = end_index - 1
            start = end - length
            if spelled:
                key, held = variants[0]
            else:  # the one key of these (if any) that the folded text spells
                spelling = fold(text[start:end]) if folded is None else folded[start:end]
                found = [v for v in variants if v[0] == spelling]
                if not found:
                    continue
                key, held = found[0]
            surface = text[start:end]
            for i, entries in held:
                for e in entries:
                    if _case_ok(e, surface):
                        out[i].append((start, start - end, end, key, entries, e))
                        break
        return [_choose(c) for c in out]


_MARK = "\x01"
# ASCII characters as boundary_marked maps them (a plain table keeps str.translate's ASCII fast path)
_ASCII_MARKS = str.maketrans({chr(c): chr(c) if chr(c).isalnum() else _MARK for c in range(128)})


class _MarkTable(dict):
    """A lazily filled str.translate table for the other characters (one character in, one out)."""

    def __missing__(self, key: int) -> str:
        char = chr(key)
        value = char if char.isalnum() else _MARK
        self[key] = value
        return value


_MARKS = _MarkTable()


def boundary_marked(folded: str) -> str:
    """folded with every character that is not alphanumeric (str.isalnum, the plain scan's word
    boundary test) turned into one mark, "\\x01", and a mark added before and after: a key
    marked so is found only where the plain scan finds it as a whole word."""
    return _MARK + _translate_by_runs(folded, _ASCII_MARKS, _MARKS) + _MARK


def _translate_by_runs(text: str, ascii_table: dict, table: dict) -> str:
    """text translated with ascii_table, and its non-ASCII runs alone with the lazily filled
    table (str.translate is fastest on ASCII with a complete table)."""
    if text.isascii():
        return text.translate(ascii_table)
    parts, pos = [], 0
    for start, end in non_ascii_runs(text):
        parts.append(text[pos:start].translate(ascii_table))
        parts.append(text[start:end].translate(table))
        pos = end
    parts.append(text[pos:].translate(ascii_table))
    return "".join(parts)


def _mark(char: str) -> str:
    return char if char.isalnum() else _MARK


# fold and mark in one table: each character as boundary_marked(fold(...)) turns it (fold maps each
# character on its own: ASCII by lower() and its table, the others by _fold_char)
_ASCII_FOLD_MARKS = str.maketrans({chr(c): _mark(chr(c).lower().translate(_ASCII_FOLD)) for c in range(128)})


class _FoldMarkTable(dict):
    """A lazily filled str.translate table: a non-ASCII character folded, then marked."""

    def __missing__(self, key: int) -> str:
        value = _mark(_fold_char(chr(key)))
        self[key] = value
        return value


_FOLD_MARKS = _FoldMarkTable()


def folded_marked(text: str) -> str:
    """boundary_marked(fold(text)) in one pass over text."""
    return _MARK + _translate_by_runs(text, _ASCII_FOLD_MARKS, _FOLD_MARKS) + _MARK


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


# _ARTICLE_BEFORE's necessary condition on an ASCII window not ending in a newline (before which its
# "$" matches too): an article, then a space or a hyphen, at its end (re.IGNORECASE matches an ASCII
# letter only to its two cases there, as lower() does)
_ARTICLE_ENDINGS = tuple(sorted(set(ARTICLES)))


def extend_article(text: str, start: int) -> int:
    """Move a place match's start back over an Arabic article written before it (al-, Ar-, ad-...)."""
    window = text[max(0, start - 5) : start]
    last = window[-1:]
    if (
        last != "\n"
        and window.isascii()
        and not ((last == "-" or last.isspace()) and window[:-1].lower().endswith(_ARTICLE_ENDINGS))
    ):
        return start  # most places follow a plain word ("in Aleppo"): no regex search
    return extend_article_by_regex(text, start)


def extend_article_by_regex(text: str, start: int) -> int:
    """extend_article without its shortcut: the regex search, asked at every start."""
    m = _ARTICLE_BEFORE.search(text[max(0, start - 5) : start])
    if not m:
        return start
    article = m.group(0)[:-1]
    if m.group(0)[-1].isspace() and article.lower() in _ENGLISH_WORDS:
        begin = start - len(m.group(0))
        if article.islower() or _SENTENCE_START.search(text[max(0, begin - 3) : begin]):
            return start
    return start - len(m.group(0))
