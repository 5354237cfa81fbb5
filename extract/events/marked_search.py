"""A regex searched for by the character before its match.

A pattern that begins with a word boundary before a word character (`\\b`, `(?<![\\w-])`) makes the
regex engine try a whole match at every position of the text, about 180 instructions a character
(more under re.IGNORECASE). Such a match starts at the text's start or right after a character
that is no ASCII word character. The search here is for that character (`NO_WORD`, an ASCII class
without re.IGNORECASE, which the engine skips to without a call per character) with the pattern
as a lookahead, its own boundary checked there: the mark's end is where a match starts. A match at
the text's start has no character before it: `rx.match(text)` asks for it.

    marked = after_mark(rx.pattern, rx.flags)
    marked_finditer(rx, marked, text)  # the matches of rx.finditer(text)
    marked_search(rx, marked, text)  # rx.search(text)
    marked_found(rx, marked, text)  # rx.search(text) is not None

Same matches as the plain search when every match of rx is non-empty (after_mark refuses a
pattern that can match empty) and starts at the text's start or after a character the mark
accepts (tests/extract/test_marked_search.py compares both).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import _constants as _c
from re import _parser

NO_WORD = r"[^0-9A-Z_a-z]"  # a character no ASCII word character (a letter outside ASCII is one)


def after_mark(pattern: str, flags: int = 0, *, mark: str = NO_WORD, group: str | None = None) -> re.Pattern:
    """`mark` followed by `pattern` as a lookahead (in a named group `group`, if given). Its flags
    are kept inside the lookahead: re.IGNORECASE on the mark itself would cost a call per character.
    When the characters a match can start with are known (first_chars), a one-class lookahead of
    them comes first: at most marks it fails at once, where the pattern's lookahead would try every
    alternative (the same marks hold, as it is a necessary condition)."""
    if flags & ~(re.IGNORECASE | re.UNICODE):
        raise ValueError(f"after_mark keeps only re.IGNORECASE: flags {flags!r}")
    tree = _parser.parse(pattern, flags)
    if tree.getwidth()[0] == 0:
        raise ValueError(f"after_mark: the pattern can match the empty string: {pattern!r}")
    body = f"(?i:{pattern})" if flags & re.IGNORECASE else f"(?:{pattern})"
    if group is not None:
        body = f"(?P<{group}>{body})"
    first = first_chars(tree)
    if first is not None:
        # (as re.IGNORECASE reads the pattern's letters, if any part of it has that flag)
        ignore = flags & re.IGNORECASE or "(?i" in pattern
        cls = "[" + "".join(_class_char(c) for c in sorted(first)) + "]"
        mark += "(?=" + (f"(?i:{cls})" if ignore else cls) + ")"
    return re.compile(mark + "(?=" + body + ")")


_FIRST_MAX = 60  # a larger set of first characters: no class (it would reject few marks)
_ZERO_WIDTH_OPS = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
_REPEAT_OPS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT))


def first_chars(tree) -> frozenset[str] | None:
    """The characters a match of the parsed pattern can start with, as its literals spell them
    (re.IGNORECASE is for the caller to apply), or None when not known (a category such as \\w, any
    character, a back reference) or more than _FIRST_MAX. Zero-width items (boundaries, lookarounds)
    are passed over: they restrict where a match starts, never its first character."""
    chars, nullable = _first_of_seq(list(tree))
    if chars is None or nullable or not chars or len(chars) > _FIRST_MAX:
        return None
    return frozenset(chars)


def _first_of_seq(items: list) -> tuple[set[str] | None, bool]:
    """(first characters, whether the sequence can match empty), or (None, _) when not known."""
    out: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH_OPS:
            continue
        if op is _c.LITERAL:
            out.add(chr(av))
            return out, False
        if op is _c.IN:
            found = _class_members(av)
            if found is None:
                return None, False
            out |= found
            return out, False
        if op is _c.BRANCH:
            nullable = False
            for branch in av[1]:
                found, empty = _first_of_seq(list(branch))
                if found is None:
                    return None, False
                out |= found
                nullable = nullable or empty
        elif op is _c.SUBPATTERN:
            found, nullable = _first_of_seq(list(av[-1]))
            if found is None:
                return None, False
            out |= found
        elif op in _REPEAT_OPS:
            found, empty = _first_of_seq(list(av[2]))
            if found is None:
                return None, False
            out |= found
            nullable = empty or av[0] == 0
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            found, nullable = _first_of_seq(list(av))
            if found is None:
                return None, False
            out |= found
        else:  # ANY, NOT_LITERAL, CATEGORY, GROUPREF...: any character may come first
            return None, False
        if not nullable:
            return out, False
    return out, True


def _class_members(items) -> set[str] | None:
    """The characters of a class's items (literals and small ranges), or None (negated, categories)."""
    out: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            out.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < _FIRST_MAX:
            out.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None
    return out


def _class_char(char: str) -> str:
    """char as a member of a regex character class."""
    return "\\" + char if char in "\\]^-[" else char


def marked_finditer(rx: re.Pattern, marked: re.Pattern, text: str) -> Iterator[re.Match]:
    """rx.finditer(text), with marked = after_mark(rx.pattern, rx.flags, ...): each match is rx.match
    where a mark's lookahead holds. The next match starts at the previous one's end or later (all
    are non-empty), so its mark at the previous end's last character or later."""
    match = rx.match
    m = match(text)
    pos = 0
    if m is not None:
        yield m
        pos = m.end() - 1
    search = marked.search
    while (mark := search(text, pos)) is not None:
        m = match(text, mark.end())
        yield m
        pos = m.end() - 1


def marked_search(rx: re.Pattern, marked: re.Pattern, text: str) -> re.Match | None:
    """rx.search(text), with marked = after_mark(rx.pattern, rx.flags, ...): the match at the text's
    start, else rx.match where the first mark's lookahead holds (the leftmost match)."""
    m = rx.match(text)
    if m is not None:
        return m
    mark = marked.search(text)
    return None if mark is None else rx.match(text, mark.end())


def marked_found(rx: re.Pattern, marked: re.Pattern, text: str) -> bool:
    """rx.search(text) is not None, with marked = after_mark(rx.pattern, rx.flags, ...)."""
    return rx.match(text) is not None or marked.search(text) is not None
