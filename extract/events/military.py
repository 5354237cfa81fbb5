"""Whether an article speaks of war: three matches of lexicon.MILITARY_CONTEXT in its first 20,000
characters, found by str.find of the regex's words rather than a regex scan of the text.

The regex is `\\b(?:troops|forces|...|missiles?)\\b`, case-sensitive: its matches are the places
where one of its words (each optional letter spelt out) stands between word boundaries. The regex
tries every alternative at every word start of the text (about half a million instructions an
article); str.find jumps to each word, and three words found end the search (a war report names
"forces" or "killed" early). Same answer as the regex, provided by construction of the word list
(checked when the module loads, else the regex is run): every word starts and ends with a word
character, at most one word can stand between boundaries at one position, and none can start
inside another, so the regex's matches are exactly those places and any three of them are three
of its matches (tests/extract/test_military_article.py compares both on many texts).
"""

from __future__ import annotations

import itertools
import re
from re import _constants as _c
from re import _parser

from extract.events import lexicon as lx
from extract.events.marked_search import after_mark, marked_found
from extract.events.word_trie import word_trie

READ_CHARS = 20_000  # how much of the article the check reads
NEEDED = 3


def _is_word(char: str) -> bool:
    """re's \\w for one character of a str pattern (Unicode alphanumeric, or "_")."""
    return char.isalnum() or char == "_"


def _spelt_out(rx: re.Pattern) -> list[str] | None:
    """The words of a `\\b(?:w1|w2s?|...)\\b` pattern without re.IGNORECASE, each optional letter spelt
    out (None: any other shape)."""
    if rx.flags & re.IGNORECASE:
        return None
    try:
        items = list(_parser.parse(rx.pattern, rx.flags))
    except Exception:  # an unexpected parser version: the regex answers
        return None
    boundary = (_c.AT, _c.AT_BOUNDARY)
    if len(items) != 3 or items[0] != boundary or items[2] != boundary:
        return None
    op, av = items[1]
    if op is _c.SUBPATTERN and av[0] is None:
        inner = list(av[-1])
        if len(inner) != 1:
            return None
        op, av = inner[0]
    if op is not _c.BRANCH:
        return None
    words: list[str] = []
    for branch in av[1]:
        spelt = [""]
        for op, arg in branch:
            if op is _c.LITERAL:
                spelt = [w + chr(arg) for w in spelt]
            elif (
                op is _c.MAX_REPEAT
                and arg[0] == 0
                and arg[1] == 1
                and len(arg[2]) == 1
                and arg[2][0][0] is _c.LITERAL
            ):
                spelt += [w + chr(arg[2][0][1]) for w in spelt]
            else:
                return None
        words.extend(spelt)
    return words


def _inner_starts(word: str) -> list[str]:
    """The rests of word after each boundary inside it where a word could start (a non-word
    character, then a word character): "cease-fire" -> ["fire"]."""
    return [word[k:] for k in range(1, len(word)) if not _is_word(word[k - 1]) and _is_word(word[k])]


def _matches_are_places(words: list[str]) -> bool:
    """The conditions under which the regex's matches are exactly the places where a word stands
    between boundaries (see the module docstring)."""
    if not words or not all(w and _is_word(w[0]) and _is_word(w[-1]) for w in words):
        return False
    for a, b in itertools.permutations(words, 2):
        # two words valid at one position: a is a prefix of b that b goes on from with a non-word
        if b.startswith(a) and not _is_word(b[len(a)]):
            return False
    for a in words:  # a word valid inside another, where that one has a boundary before a word
        for rest in _inner_starts(a):
            if any(rest.startswith(b) or b.startswith(rest) for b in words):
                return False
    return True


_WORDS = _spelt_out(lx.MILITARY_CONTEXT)
WORDS: tuple[str, ...] | None = tuple(_WORDS) if _WORDS and _matches_are_places(_WORDS) else None

# the words most war reports hold, looked for first by military_article: the answer is the same in
# any order (any three places count), but three are found sooner, with less of the text scanned
_COMMON_FIRST = ("forces", "killed", "military", "army", "troops", "rebel", "fighters", "war", "positions")


def _find_plan(words: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
    """The searches military_article makes: (word, whether its plural is a word too), the common
    words first. A word and its plural ("rebel", "rebels") are one search: the plural's places are
    the word's places with an "s" after it."""
    ordered = [w for w in _COMMON_FIRST if w in words] + [w for w in words if w not in _COMMON_FIRST]
    plan: list[tuple[str, bool]] = []
    for w in ordered:
        stem = w[:-1] if w.endswith("s") and w[:-1] in words else w
        if all(stem != planned for planned, _ in plan):
            plan.append((stem, stem + "s" in words))
    return tuple(plan)


# (every word is searched: as itself, or as a plural after its singular)
FIND_PLAN = _find_plan(WORDS) if WORDS is not None else ()


# MILITARY_CONTEXT with its words as a trie (word_trie.py): the same matches where a word stands
# between boundaries, fewer branches tried at each position (the regex itself if WORDS is None)
SEARCH = lx.MILITARY_CONTEXT if WORDS is None else re.compile(r"\b(?:" + word_trie(list(WORDS)) + r")\b")


# SEARCH after the character before its match (marked_search.py): every match starts with a word
# boundary before a word's first letter, so at the sentence's start or after a character outside
# [0-9A-Z_a-z]
_AFTER_MARK = after_mark(SEARCH.pattern) if WORDS is not None else None


def military_sentence(sentence: str) -> bool:
    """MILITARY_CONTEXT.search(sentence) is not None (tests/extract/test_military_sentence.py)."""
    if _AFTER_MARK is None:
        return SEARCH.search(sentence) is not None
    return marked_found(SEARCH, _AFTER_MARK, sentence)


def military_article(text: str) -> bool:
    """sum(1 for _ in itertools.islice(MILITARY_CONTEXT.finditer(text, 0, READ_CHARS), 3)) >= 3."""
    if WORDS is None or len(text) > READ_CHARS:
        # (past READ_CHARS the regex's end reads as the text's end: the plain scan keeps that right)
        found = lx.MILITARY_CONTEXT.finditer(text, 0, READ_CHARS)
        return sum(1 for _ in itertools.islice(found, NEEDED)) >= NEEDED
    n = len(text)
    count = 0
    find = text.find
    for word, plural in FIND_PLAN:
        size = len(word)
        at = find(word)
        while at >= 0:
            end = at + size
            if (at == 0 or not _is_word(text[at - 1])) and (
                end == n
                or not _is_word(text[end])
                # the plural: the word, an "s", a boundary
                or (plural and text[end] == "s" and (end + 1 == n or not _is_word(text[end + 1])))
            ):
                count += 1
                if count >= NEEDED:
                    return True
            at = find(word, at + 1)
    return False
