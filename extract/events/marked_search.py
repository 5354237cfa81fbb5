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
from re import _parser

NO_WORD = r"[^0-9A-Z_a-z]"  # a character no ASCII word character (a letter outside ASCII is one)


def after_mark(pattern: str, flags: int = 0, *, mark: str = NO_WORD, group: str | None = None) -> re.Pattern:
    """`mark` followed by `pattern` as a lookahead (in a named group `group`, if given). Its flags
    are kept inside the lookahead: re.IGNORECASE on the mark itself would cost a call per character."""
    if flags & ~(re.IGNORECASE | re.UNICODE):
        raise ValueError(f"after_mark keeps only re.IGNORECASE: flags {flags!r}")
    if _parser.parse(pattern, flags).getwidth()[0] == 0:
        raise ValueError(f"after_mark: the pattern can match the empty string: {pattern!r}")
    body = f"(?i:{pattern})" if flags & re.IGNORECASE else f"(?:{pattern})"
    if group is not None:
        body = f"(?P<{group}>{body})"
    return re.compile(mark + "(?=" + body + ")")


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
