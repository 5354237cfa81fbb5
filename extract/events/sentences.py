"""Sentence splitting for news text: paragraphs are lines; abbreviations do not end sentences.

Every sentence is a span (start, end) of the original text with no surrounding whitespace, so
`text[start:end]` is the evidence sentence exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
_GLUED_HINT = re.compile(r"[.!?][A-Z]")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u25cf\u2013]|\d{1,2}[.)])\s+")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")
MAX_SENTENCE = 3000  # a run-on line is cut into pieces no longer than this


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    bullet: bool


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    m = _WORD_BEFORE.search(text[max(0, dot - 12) : dot])
    if not m:
        return False
    word = m.group(1).lower().strip(".")
    if word in _ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha()  # an initial: "J. Smith", "U.S."


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a clean article text, in order, each an exact span of it."""
    out: list[Sentence] = []
    paragraph = 0
    pos = 0
    for line in text.split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        if not line.strip():
            continue
        bullet = bool(_BULLET.match(line))
        cuts = [m.end() for m in _BOUNDARY.finditer(line) if not _is_abbreviation(line, m.start())]
        if _GLUED_HINT.search(line):  # a cheap necessary condition: the lookbehind scan is slow
            cuts += [m.start() for m in _GLUED.finditer(line)]
        cuts = sorted(set(cuts))
        begin = 0
        for cut in [*cuts, len(line)]:
            while cut - begin > MAX_SENTENCE:
                piece = _trimmed(text, line_start + begin, line_start + begin + MAX_SENTENCE)
                if piece:
                    out.append(Sentence(piece[0], piece[1], paragraph, bullet))
                begin += MAX_SENTENCE
            span = _trimmed(text, line_start + begin, line_start + cut)
            if span:
                out.append(Sentence(span[0], span[1], paragraph, bullet))
            begin = cut
        paragraph += 1
        if line_end >= len(text):
            break
    return out
