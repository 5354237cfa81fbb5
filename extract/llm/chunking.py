"""Cut a long article into requests of whole paragraphs under a character budget.

A local model's context is small and its attention weak at the far end of a long prompt, so an
article goes out in pieces. Paragraphs are never split unless one alone exceeds the budget (then at
sentence ends, and only as a last resort at a space). Each chunk keeps its offsets in the article, so
sentences are searched for where the model saw them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

_PARAGRAPH = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")


@dataclass(frozen=True, slots=True)
class Chunk:
    start: int
    end: int


def chunk_paragraphs(text: str, budget: int) -> list[Chunk]:
    """Chunks covering every non-blank paragraph of `text`, each at most `budget` characters long."""
    if budget < 1:
        raise ValueError(f"chunk budget must be positive, got {budget}")
    pieces: list[tuple[int, int]] = []
    for match in _PARAGRAPH.finditer(text):
        start, end = _strip(text, match.start(), match.end())
        if start < end:
            pieces.extend(_split_long(text, start, end, budget))
    chunks: list[Chunk] = []
    cur_start = cur_end = None
    for start, end in pieces:
        if cur_start is not None and end - cur_start <= budget:
            cur_end = end
            continue
        if cur_start is not None:
            chunks.append(Chunk(cur_start, cur_end))
        cur_start, cur_end = start, end
    if cur_start is not None:
        chunks.append(Chunk(cur_start, cur_end))
    return chunks


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split_long(text: str, start: int, end: int, budget: int) -> list[tuple[int, int]]:
    """A paragraph as one piece, or, when too long, as sentence runs (hard cuts for a huge sentence)."""
    if end - start <= budget:
        return [(start, end)]
    bounds = [start] + [m.end() for m in _SENTENCE_END.finditer(text, start, end)] + [end]
    sentences = [_strip(text, a, b) for a, b in itertools.pairwise(bounds) if a < b]
    out: list[tuple[int, int]] = []
    for s_start, s_end in sentences:
        while s_end - s_start > budget:
            cut = text.rfind(" ", s_start + 1, s_start + budget)
            cut = cut if cut > s_start else s_start + budget
            out.append((s_start, cut))
            s_start, _ = _strip(text, cut, s_end)
        if s_start < s_end:
            out.append((s_start, s_end))
    return out
