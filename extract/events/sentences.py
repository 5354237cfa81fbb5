"""Sentence splitting for news text: paragraphs are lines; abbreviations do not end sentences.

Every sentence is a span (start, end) of the original text with no surrounding whitespace, so
`text[start:end]` is the evidence sentence exactly.
"""

from __future__ import annotations

import re
import string
from typing import NamedTuple

_ABBREVIATIONS = {
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "lt",
    "col",
    "maj",
    "sgt",
    "capt",
    "cpl",
    "adm",
    "brig",
    "st",
    "no",
    "vs",
    "etc",
    "approx",
    "gov",
    "sen",
    "rep",
    "prof",
    "jr",
    "sr",
    "mt",
    "ft",
    "inc",
    "corp",
    "co",
    "ltd",
    "u.s",
    "u.n",
    "u.k",
    "e.g",
    "i.e",
    "a.m",
    "p.m",
    "al",
    "km",
}
# an end mark, closing quotes or brackets, then space and a plausible sentence start
_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")
# "across Syria.That plan": a full stop glued to the next sentence (a cleaning artefact)
_GLUED = re.compile(r"(?<=[a-z]{3}[.!?])(?=[A-Z][a-z])")
_BOUNDARY_MATCH = _BOUNDARY.match
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u25cf\u2013]|\d{1,2}[.)])\s+")
_BULLET_FIRST = "-*\u2022\u25cf\u2013"  # _BULLET's marks (a bullet line starts with one or a digit)
# the letters and dots of an abbreviation ("U.S.", "Jan"): a word before a full stop is the run of
# these characters that ends there (str.rstrip finds it without a regex scan of the window)
_WORD_CHARS = string.ascii_letters + "."
MAX_SENTENCE = 3000  # a run-on line is cut into pieces no longer than this


class Sentence(NamedTuple):
    """A sentence as a span of the text: a tuple, so the thousands made per second cost little."""

    start: int
    end: int
    paragraph: int
    bullet: bool


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    window = text[max(0, dot - 12) : dot]
    word = window[len(window.rstrip(_WORD_CHARS)) :]
    if not word:
        return False
    word = word.lower().strip(".")
    if word in _ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha()  # an initial: "J. Smith", "U.S."


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) without the whitespace at either end (str.strip's whitespace is str.isspace's)."""
    piece = text[start:end]
    left = piece.lstrip()
    if not left:
        return None
    start += len(piece) - len(left)
    return start, start + len(left.rstrip())


def _end_marks(text: str) -> list[int]:
    """Positions of ".", "!" and "?" in text, in order (str.find is far faster than a regex scan,
    which tries each character: about 60 instructions a character)."""
    out = []
    kinds = 0
    for mark in ".!?":
        i = text.find(mark)
        if i >= 0:
            kinds += 1
        while i >= 0:
            out.append(i)
            i = text.find(mark, i + 1)
    if kinds > 1:
        out.sort()
    return out


_new_sentence = tuple.__new__  # Sentence(...) without the Python-level __new__ of a NamedTuple
_ABBREVIATION_MAX = max(len(w) for w in _ABBREVIATIONS)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a clean article text, in order, each an exact span of it."""
    out: list[Sentence] = []
    append = out.append
    paragraph = 0
    pos = 0
    n = len(text)
    boundary = _BOUNDARY_MATCH
    # the end marks of the whole text, found once (not line by line): each line takes those before
    # its end (a line of spaces has none)
    marks = _end_marks(text)
    n_marks = len(marks)
    k = 0
    for line in text.split("\n"):
        line_start = pos
        line_end = pos + len(line)
        pos = line_end + 1
        left = line.lstrip()
        if not left:
            continue
        # _BULLET.match(line), asked only where the first character after the leading whitespace
        # can start a bullet (a mark or a digit: str.isdigit holds for every \d and more)
        first = left[0]
        bullet = (first in _BULLET_FIRST or first.isdigit()) and _BULLET.match(line) is not None
        cuts = []
        glued = False
        while k < n_marks and marks[k] < line_end:
            end_mark = marks[k] - line_start
            k += 1
            # _BOUNDARY.finditer(line), read at the end marks only: a match starts at one and spans
            # no other, so the matches are the same; "[.!?][A-Z]" (_GLUED's necessary condition) too
            m = boundary(line, end_mark)
            # _is_abbreviation(line, end_mark), skipped where the letters before the full stop are
            # more than the longest abbreviation (the word it reads is then longer than any)
            if m is not None and (
                line[end_mark] != "."
                or (
                    end_mark > _ABBREVIATION_MAX
                    and line[end_mark - _ABBREVIATION_MAX - 1 : end_mark].isalpha()
                    and line[end_mark - _ABBREVIATION_MAX - 1 : end_mark].isascii()
                )
                or not _is_abbreviation(line, end_mark)
            ):
                cuts.append(m.end())
            elif not glued and "A" <= line[end_mark + 1 : end_mark + 2] <= "Z":
                glued = True
        if glued:  # a cheap necessary condition: the lookbehind scan is slow
            cuts += [m.start() for m in _GLUED.finditer(line)]
            cuts = sorted(set(cuts))
        if not cuts and len(line) <= MAX_SENTENCE:  # one sentence: the line without its outer spaces
            start = line_start + len(line) - len(left)
            append(_new_sentence(Sentence, (start, start + len(left.rstrip()), paragraph, bullet)))
        else:
            begin = 0
            cuts.append(len(line))
            for cut in cuts:
                while cut - begin > MAX_SENTENCE:
                    piece = _trimmed(text, line_start + begin, line_start + begin + MAX_SENTENCE)
                    if piece:
                        append(_new_sentence(Sentence, (piece[0], piece[1], paragraph, bullet)))
                    begin += MAX_SENTENCE
                # _trimmed(text, line_start + begin, line_start + cut), inlined
                piece = line[begin:cut]
                stripped = piece.lstrip()
                if stripped:
                    s0 = line_start + begin + len(piece) - len(stripped)
                    append(_new_sentence(Sentence, (s0, s0 + len(stripped.rstrip()), paragraph, bullet)))
                begin = cut
        paragraph += 1
        if line_end >= n:
            break
    return out
