"""Length-preserving text folding, so dictionary matches on folded text map back to exact spans.

`fold(text)` lowercases, strips diacritics, turns every apostrophe-like mark into "'" and every
hyphen or dash into a space, one character for one character: a match at [i:j] in the folded text
is the original text[i:j]. `name_keys(name)` gives the folded keys a dictionary name is indexed
under (with and without apostrophes and a leading Arabic article).
"""

from __future__ import annotations

import functools
import re
import unicodedata

APOSTROPHES = "'\u2018\u2019\u02bc\u02bb\u02bf\u02be`\u00b4\u2032"
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
ARTICLES = ("al", "el", "ar", "ad", "as", "ash", "at", "az", "an", "adh", "ath", "ad", "es", "ez", "ul")
_ARTICLE_RE = re.compile(r"^(?:" + "|".join(sorted(set(ARTICLES), key=len, reverse=True)) + r") (?=\S)")


@functools.lru_cache(maxsize=65536)
def _fold_char(c: str) -> str:
    if c in APOSTROPHES:
        return "'"
    if c in DASHES:
        return " "
    base = "".join(ch for ch in unicodedata.normalize("NFKD", c) if not unicodedata.combining(ch))
    low = (base or c).lower()
    if len(low) == 1:
        return low
    low = c.lower()
    return low if len(low) == 1 else c


class _FoldTable(dict):
    """A lazily filled str.translate table (one character in, one character out)."""

    def __missing__(self, key: int) -> str:
        value = _fold_char(chr(key))
        self[key] = value
        return value


_TABLE = _FoldTable()
_ASCII_TABLE = str.maketrans({"-": " ", "`": "'"})


def non_ascii_runs(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of text's runs of non-ASCII characters, in order: the spans of
    re.finditer(r"[^\\x00-\\x7f]+", text), found through text.encode("ascii", "replace"), which
    writes one "?" per non-ASCII character in C (the regex costs about 160 instructions a
    character; tests/extract/test_non_ascii_runs.py checks both agree)."""
    data = text.encode("ascii", "replace")
    n = len(text)
    out = []
    i = data.find(b"?")
    while i >= 0:
        if text[i] == "?":  # a question mark of the text itself
            i = data.find(b"?", i + 1)
            continue
        j = i + 1
        while j < n and data[j] == 63 and text[j] != "?":  # 63: "?"
            j += 1
        out.append((i, j))
        i = data.find(b"?", j)
    return out


def fold(text: str) -> str:
    """Fold text for matching; the result always has the same length as the input."""
    if text.isascii():
        out = text.lower().translate(_ASCII_TABLE)
    else:  # ASCII stretches by the fast path, only the non-ASCII runs by the lazily filled table
        parts, pos = [], 0
        for start, end in non_ascii_runs(text):
            parts.append(text[pos:start].lower().translate(_ASCII_TABLE))
            parts.append(text[start:end].translate(_TABLE))
            pos = end
        parts.append(text[pos:].lower().translate(_ASCII_TABLE))
        out = "".join(parts)
    if len(out) != len(text):  # never expected; keep the span contract whatever happens
        out = "".join(_fold_char(c) for c in text)
    return out


_SPACES = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """The folded form of a dictionary name with runs of spaces collapsed."""
    return _SPACES.sub(" ", fold(name)).strip(" .,")


def strip_article(key: str) -> str:
    return _ARTICLE_RE.sub("", key, count=1)


def name_keys(name: str, *, strip_articles: bool = True, min_stripped: int = 4) -> set[str]:
    """Folded keys for one name: as written, without apostrophes, and without a leading article."""
    key = normalize_name(name)
    if not key:
        return set()
    keys = {key, key.replace("'", "")}
    if strip_articles:
        for k in list(keys):
            bare = strip_article(k)
            if bare != k and len(bare) >= min_stripped:
                keys.add(bare)
    keys.discard("")
    return {re.sub(r"\s+", " ", k).strip() for k in keys}


_VOWELS = re.compile(r"[aeiouyw']")
_NOT_SKELETON = re.compile(r"[^a-z' ]")
_FINAL_H = re.compile(r"h\b")
_WORD_START_RUN = re.compile(r"\b(\w)\1*")
_DOUBLE = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=16384)
def skeleton(name: str) -> str:
    """A consonant skeleton for transliteration variants (Ramussa, Ramouseh and Ramousah agree)."""
    key = strip_article(normalize_name(name))
    key = _NOT_SKELETON.sub("", key)
    key = key.replace("q", "k").replace("ph", "f").replace("ou", "u").replace("ee", "i")
    key = _FINAL_H.sub("", key)  # final -ah, -eh
    key = _WORD_START_RUN.sub(r"\1", key)
    key = _VOWELS.sub("", key.replace(" ", ""))
    return _DOUBLE.sub(r"\1", key)
