"""Quantities as ranges with the raw words kept: "dozens" is 24-99, "more than 60" is 61+, "at least 43"."""

from __future__ import annotations

import re

UNIT_WORDS = {  # number words, also read by dates.py ("two days ago")
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a hundred": 100,
    "a thousand": 1000,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# vague amounts: (low, high)
VAGUE = {
    "a dozen": (12, 12),
    "dozens": (24, 99),
    "dozens of": (24, 99),
    "scores": (40, 99),
    "several": (3, 9),
    "a few": (2, 5),
    "a handful": (2, 5),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "tens of thousands": (20_000, 99_999),
    "a few dozen": (24, 60),
    "several dozen": (24, 99),
    "several hundred": (300, 900),
    "a few hundred": (200, 500),
    "several thousand": (3000, 9000),
    "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999),
    "many": (2, None),
    "some": (2, None),
    "numerous": (5, None),
}
_NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(?:million|thousand|hundred))?"
    r"|(?:" + "|".join(sorted((k for k in UNIT_WORDS if " " not in k), key=len, reverse=True)) + r")"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?(?:\s+(?:hundred|thousand|million))?"
)
_VAGUE = "|".join(sorted((re.escape(k) for k in VAGUE if not k.endswith(" of")), key=len, reverse=True))
QUANTITY = re.compile(
    r"\b(?:(?P<mod>at least|no fewer than|no less than|more than|over|nearly|almost|about|around|some|"
    r"roughly|"
    r"approximately|up to|fewer than|less than|as many as|an estimated|estimated)\s+)?"
    r"(?:(?P<lo>\d[\d,]*)\s*(?:-|to|\u2013)\s*(?P<hi>\d[\d,]*(?:\s*(?:million|thousand))?)"
    r"|between (?P<lo2>" + _NUMBER + r") and (?P<hi2>" + _NUMBER + r")|(?P<num>" + _NUMBER + r")"
    r"|(?P<vague>" + _VAGUE + r"))\b(?P<ormore>\s+or more)?",
    re.IGNORECASE,
)


def number_value(raw: str) -> int | None:
    """'300,000' -> 300000, '2 million' -> 2000000, 'twenty-one' -> 21, 'a dozen' -> 12."""
    text = raw.strip().lower().replace(",", "")
    m = re.match(r"^(\d+(?:\.\d+)?)\s*(million|thousand|hundred)?$", text)
    if m:
        value = float(m.group(1)) * (_SCALES[m.group(2)] if m.group(2) else 1)
        return int(value)
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text):
        if word in UNIT_WORDS:
            current += UNIT_WORDS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        elif word in {"and", "a"}:
            continue
        else:
            return None
    value = total + current
    return value or None


def quantity_range(match: re.Match) -> tuple[int | None, int | None]:
    """The (low, high) range a QUANTITY match stands for; None for an open end."""
    if match.group("vague"):
        low, high = VAGUE[match.group("vague").lower()]
    elif match.group("lo") or match.group("lo2"):
        low = number_value(match.group("lo") or match.group("lo2"))
        high = number_value(match.group("hi") or match.group("hi2"))
    else:
        low = high = number_value(match.group("num"))
    if low is None:
        return None, None
    mod = (match.group("mod") or "").lower()
    if match.group("vague"):
        return low, high
    if mod in {"at least", "no fewer than", "no less than"} or match.group("ormore"):
        return low, None
    if mod in {"more than", "over"}:
        return low + 1, None
    if mod in {"nearly", "almost", "up to", "as many as"}:
        return None, high
    if mod in {"fewer than", "less than"}:
        return None, max(0, (high or low) - 1)
    return low, high


def find_quantities(text: str) -> list[tuple[int, int, str, int | None, int | None]]:
    """(start, end, raw, low, high) for every quantity in text."""
    out = []
    for m in QUANTITY.finditer(text):
        low, high = quantity_range(m)
        if low is None and high is None:
            continue
        out.append((m.start(), m.end(), m.group(0), low, high))
    return out
