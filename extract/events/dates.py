"""Date expressions in a sentence, resolved against the publication date, or refused.

Each expression resolves to an interval (date_start, date_end) with a day (`event_date`), a
precision (day, week, month, year, interval) and the reason it was resolved that way. Relative
expressions need the publication date: without it they are refused (None), never guessed.
Conventions: a weekday ("on Sunday", "Sunday") is the most recent such day on or before
publication, "starting/beginning/effective Tuesday" the next one (or publication day); "last
<weekday>" is the most recent such day strictly before it; a future-tense clause looks forward
instead. A day and month without a year take the publication year, unless that
puts a past event more than a week after publication (then the year before).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import ahocorasick

from extract.events.marked_search import after_mark, marked_finditer
from extract.events.prefilter import lowered, required_clauses
from extract.events.quantities import UNIT_WORDS
from extract.reference.trie_order import insertion_order

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    **{word: n for word, n in UNIT_WORDS.items() if n < 100},
    "several": 3,
    "a few": 3,
}

_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
# "a pause starting Tuesday", "effective Monday": a start that lies ahead (or today)
_ONWARD = {"starting", "beginning", "effective", "as of"}
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART_WORD = r"\s+(?:morning|afternoon|evening|night)"
_PART = r"(?:" + _PART_WORD + r")?"

PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    (
        "month_day",
        re.compile(
            r"\b(?:(?P<since>[Ss]ince|[Ff]rom)\s+)?(?:on\s+)?"
            + _MONTH
            + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
            r"(?:,?\s+(?P<year>\d{4})\b)?"
        ),
    ),
    (
        "day_month",
        re.compile(
            r"\b(?:(?P<since>[Ss]ince|[Ff]rom)\s+)?(?:on\s+)?(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
            + _MONTH
            + r"(?:,?\s+(?P<year>\d{4})\b)?"
        ),
    ),
    (
        "part_month",
        re.compile(
            r"\b(?:(?P<since>since)\s+)?(?:in\s+|at\s+)?(?:the\s+)?"
            r"(?P<part>early|mid-?|late|end of|the end of|"
            r"beginning of|the beginning of|start of|the start of|first half of|second half of)\s*"
            + _MONTH
            + r"(?:\s+(?P<year>\d{4})|\s+(?P<rel>last year|this year))?\b",
            re.I,
        ),
    ),
    (
        "month_year",
        re.compile(
            r"\b(?:(?P<since>[Ss]ince)\s+)?(?:[Ii]n\s+)?"
            + _MONTH
            + r"(?:\s+(?P<year>\d{4})|\s+(?P<rel>last year|this year))"
            r"\b"
        ),
    ),
    ("in_month", re.compile(r"\b(?P<since>[Ss]ince|[Ii]n)\s+" + _MONTH + r"\b(?!\s+\d)")),
    (
        "year",
        re.compile(
            r"\b(?P<since>[Ss]ince|[Ii]n|[Dd]uring|[Bb]y)\s+(?:(?P<part>early|mid-?|late)\s+)?(?P<year>(?:19|20)\d{2})"
            r"\b(?!\s*-\d)"
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<since>since)\s+)?(?:(?P<mod>last|this|next|early|late|on|earlier on|later on|starting|"
            r"beginning|effective|as of)\s+)?" + _WEEKDAY + _PART + r"\b",
            re.I,
        ),
    ),
    (
        "relative_day",
        re.compile(
            r"\b(?P<word>earlier today|later today|today|this morning|this afternoon|this evening|tonight|"
            r"overnight|last night|yesterday|the previous day|the day before|hours earlier|hours later|"
            r"earlier in the day|on the same day)\b",
            re.I,
        ),
    ),
    (
        "relative_span",
        re.compile(
            r"\b(?:(?P<since>since)\s+)?(?P<word>last week|this week|earlier this week|last month|this month|"
            r"earlier this month|last year|this year|earlier this year|past week|past month|recent days|"
            r"the past (?:few )?(?:days|weeks)|over the weekend|last weekend|this weekend)\b",
            re.I,
        ),
    ),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d+|"
            + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
            + r")\s+(?P<unit>days?|weeks?|months?|years?|decades?)\s+(?P<dir>ago|earlier|before|later)"
            r"(?:\s+this\s+(?:week|month|year))?\b",  # "thirty years ago this month"
            re.I,
        ),
    ),
]
HABITUAL = re.compile(
    r"\bfor (?:years|decades|months|many years|\w+ (?:years|decades))\b|\bsince (?:19|20)\d{2}\b"
    r"|\bin recent years\b|\bhistorically\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class DateValue:
    start: int  # span of the expression in the sentence
    end: int
    raw: str
    event_date: dt.date | None
    date_start: dt.date | None
    date_end: dt.date | None
    precision: str | None
    reason: str
    since: bool = False


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, published: dt.date, future: bool) -> int:
    candidate = _safe_date(published.year, month, min(day, 28)) or dt.date(published.year, month, 1)
    if not future and candidate > published + dt.timedelta(days=7):
        return published.year - 1
    if future and candidate < published - dt.timedelta(days=60):
        return published.year + 1
    return published.year


def _interval(raw, s, e, start, end, precision, reason, since=False, event=None) -> DateValue:
    if event is None:
        event = start + (end - start) // 2
    return DateValue(s, e, raw, event, start, end, precision, reason, since)


def _resolve(kind: str, m: re.Match, published: dt.date | None, future: bool) -> DateValue | None:
    raw, s, e = m.group(0), m.start(), m.end()
    gd = m.groupdict()
    since = bool(gd.get("since")) and gd.get("since", "").lower() in {"since", "from"}
    if kind == "iso":
        d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        return DateValue(s, e, raw, d, d, d, "day", "an ISO date", since) if d else None
    month = MONTHS.get(lowered(gd.get("month") or "").rstrip("."))  # "Auguſt": re.I matched it
    if kind in {"month_day", "day_month"}:
        day = int(m["day"])
        if gd.get("year"):
            year = int(m["year"])
            reason = "a full date"
        elif published is not None:
            year = _year_for(month, day, published, future)
            reason = f"day and month; the year of publication ({published.isoformat()})"
            if year != published.year:
                reason = (
                    f"day and month; the year before publication ({year}), as the date would be in the future"
                )
        else:
            return None
        d = _safe_date(year, month, day)
        if d is None:
            return None
        if since and published is not None and d <= published:
            return DateValue(
                s,
                e,
                raw,
                published,
                d,
                published,
                "interval",
                f"since {d.isoformat()}: from that day to publication",
                True,
            )
        return DateValue(s, e, raw, d, d, d, "day", reason, since)
    if kind in {"part_month", "month_year", "in_month"}:
        if gd.get("year"):
            year = int(m["year"])
        elif published is not None:
            rel = (gd.get("rel") or "").lower()
            year = published.year - 1 if rel == "last year" else published.year
            if not rel and dt.date(year, month, 1) > published and not future:
                year -= 1
        else:
            return None
        first, last = dt.date(year, month, 1), _month_end(year, month)
        part = (gd.get("part") or "").lower().replace("the ", "").rstrip("-")
        if part in {"early", "beginning of", "start of"}:
            first, last = first, dt.date(year, month, 10)
        elif part == "mid":
            first, last = dt.date(year, month, 11), dt.date(year, month, 20)
        elif part in {"late", "end of"}:
            first = dt.date(year, month, 21)
        elif part == "first half of":
            last = dt.date(year, month, 15)
        elif part == "second half of":
            first = dt.date(year, month, 16)
        if since and published is not None:
            return DateValue(
                s,
                e,
                raw,
                published,
                first,
                published,
                "interval",
                f"since {raw[6:]}: from then to publication",
                True,
            )
        precision = "month" if not part else "interval"
        event = None
        if published is not None and first <= published <= last:
            last = published
        return _interval(
            raw, s, e, first, last, precision, f"{raw.strip()}: that part of the month", since, event
        )
    if kind == "year":
        year = int(m["year"])
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        if since and published is not None:
            return DateValue(
                s, e, raw, published, first, published, "interval", f"{raw}: to publication", True
            )
        return _interval(raw, s, e, first, last, "year", f"the year {year}", since)
    if published is None:
        return None  # every form below is relative to publication: refuse rather than guess
    if kind == "weekday":
        target = WEEKDAYS[lowered(m["weekday"])]
        mod = (gd.get("mod") or "").lower()
        delta = (published.weekday() - target) % 7
        if mod == "last" and delta == 0:
            delta = 7
        if mod == "next" or mod in _ONWARD or (future and mod not in {"last"}):
            ahead = (target - published.weekday()) % 7
            d = published + dt.timedelta(days=ahead if mod != "next" or ahead else 7)
            return DateValue(
                s, e, raw, d, d, d, "day", f"{raw.strip()}: the next {m['weekday']} (future tense)"
            )
        d = published - dt.timedelta(days=delta)
        if since:
            return DateValue(s, e, raw, published, d, published, "interval", f"since {m['weekday']}", True)
        reason = (
            f"{raw.strip()}: the {'last' if mod == 'last' else 'most recent'} {m['weekday']} "
            f"{'before' if mod == 'last' else 'on or before'} publication ({published.isoformat()})"
        )
        return DateValue(s, e, raw, d, d, d, "day", reason)
    if kind == "relative_day":
        word = m["word"].lower()
        if word in {"yesterday", "the previous day", "the day before", "last night"}:
            d = published - dt.timedelta(days=1)
            return DateValue(s, e, raw, d, d, d, "day", f"{word}: the day before publication")
        if word == "overnight":
            return DateValue(
                s,
                e,
                raw,
                published,
                published - dt.timedelta(days=1),
                published,
                "interval",
                "overnight: the night before publication",
            )
        return DateValue(s, e, raw, published, published, published, "day", f"{word}: the publication day")
    if kind == "relative_span":
        word = m["word"].lower()
        p = published
        if word in {"last week", "past week", "recent days"} or word.startswith("the past"):
            a, b = p - dt.timedelta(days=7), p - dt.timedelta(days=1)
        elif word in {"this week", "earlier this week"}:
            a, b = p - dt.timedelta(days=p.weekday()), p
        elif word in {"last month", "past month"}:
            last = p.replace(day=1) - dt.timedelta(days=1)
            a, b = last.replace(day=1), last
        elif word in {"this month", "earlier this month"}:
            a, b = p.replace(day=1), p
        elif word == "last year":
            a, b = dt.date(p.year - 1, 1, 1), dt.date(p.year - 1, 12, 31)
        elif word in {"this year", "earlier this year"}:
            a, b = dt.date(p.year, 1, 1), p
        else:  # weekends
            sat = p - dt.timedelta(days=(p.weekday() - 5) % 7)
            a, b = sat, min(p, sat + dt.timedelta(days=1))
            if future:
                sat = p + dt.timedelta(days=(5 - p.weekday()) % 7)
                a, b = sat, sat + dt.timedelta(days=1)
        if since:
            return DateValue(s, e, raw, p, a, p, "interval", f"{raw}: to publication", True)
        precision = (
            "week"
            if "week" in word
            else "month"
            if "month" in word
            else "year"
            if "year" in word
            else "interval"
        )
        return _interval(raw, s, e, a, b, precision, f"{word}, counted from publication ({p.isoformat()})")
    if kind == "ago":
        n = _NUMBER_WORDS.get(m["n"].lower()) if not m["n"].isdigit() else int(m["n"])
        unit = lowered(m["unit"]).rstrip("s")
        days = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3652}[unit] * (n or 1)
        sign = 1 if m["dir"].lower() == "later" else -1
        d = published + dt.timedelta(days=sign * days)
        precision = "day" if unit == "day" else "year" if unit == "decade" else unit
        return DateValue(s, e, raw, d, d, d, precision, f"{raw}: counted from publication")
    return None


_HINT = re.compile(
    r"\d|day\b|night|week|month|year|ago|earlier|later|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z.]*"
    r"|tonight|weekend",
    re.I,
)


# the same answer as _HINT.search(sentence), without the regex's many alternatives: these words in
# the lowered sentence (prefilter.lowered: the letters re.IGNORECASE equates), a digit, or "day\b"
_MONTH_CUES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_HINT_WORDS = ("night", "week", "month", "year", "ago", "earlier", "later", *_MONTH_CUES)
_DIGIT = re.compile(r"\d")
_DAY_WORD = re.compile(r"day\b", re.I)


_HINT_ID, _DAY_ID, _DIGIT_ID = -1, -2, -3


def _pattern_cues() -> tuple[
    ahocorasick.Automaton, list[tuple[str, frozenset]], list[tuple[str, re.Pattern, frozenset]]
]:
    """One automaton of the words the patterns require (prefilter.required_clauses), each valued by
    the clauses it satisfies; a pattern can match only where all its clauses are satisfied. The
    words of _HINT ride along (ids _HINT_ID and _DAY_ID), and the ASCII digits (_DIGIT_ID), so one
    pass answers all three questions.

    The words of one character ("n" of "[Ii]n", "y" of "[Bb]y", "-") are asked with `in` instead
    (the automaton reported every "n" and "y" of a sentence: five in six of its hits), and a longer
    word gives only the ids its letters do not ("ince" and "uring" give nothing more than "n"): the
    clauses found are the same."""
    automaton = ahocorasick.Automaton()
    table: dict[str, set[int]] = {w: {_HINT_ID} for w in _HINT_WORDS}
    table.setdefault("day", set()).add(_DAY_ID)
    needs = []
    for kind, rx in PATTERNS:
        ids = []
        for clause in required_clauses(rx):
            ids.append(len(ids) + 1000 * len(needs))
            for w in clause:
                table.setdefault(w, set()).add(ids[-1])
        needs.append((kind, rx, frozenset(ids)))
    chars = {w: frozenset(ids) for w, ids in table.items() if len(w) == 1}
    for w, ids in table.items():
        for char in set(w) & chars.keys():
            ids -= chars[char]
    for digit in "0123456789":
        if digit in chars:
            chars[digit] |= {_DIGIT_ID}
        else:
            table.setdefault(digit, set()).add(_DIGIT_ID)
    for w in insertion_order(table):  # frequent letters first: reference/trie_order.py
        if table[w] and w not in chars:
            automaton.add_word(w, frozenset(table[w]))
    automaton.make_automaton()
    return automaton, sorted(chars.items()), needs


_CUES, _CHAR_CUES, _NEEDS = _pattern_cues()
_NEEDS_DIGIT = {"iso", "month_day", "day_month", "year"}  # a \d that is no literal word


def _possible_kinds(sentence: str) -> list[tuple[str, re.Pattern]]:
    """The PATTERNS that can match this sentence (in their order), or [] when _HINT finds nothing."""
    low = lowered(sentence)
    found: set[int] = set()
    for char, ids in _CHAR_CUES:
        if char in low:
            found |= ids
    for _, ids in _CUES.iter(low):
        found |= ids
    # _DIGIT.search(sentence): an ASCII digit is found by the scan, another script's digit only by \d
    digit = _DIGIT_ID in found or (not sentence.isascii() and _DIGIT.search(sentence) is not None)
    # the same answer as _HINT.search(sentence)
    if not (digit or _HINT_ID in found or (_DAY_ID in found and _DAY_WORD.search(sentence))):
        return []
    return [(kind, rx) for kind, rx, ids in _NEEDS if ids <= found and (digit or kind not in _NEEDS_DIGIT)]


_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# read backwards from a weekday: the words a "weekday" match may hold before it ("since", then a
# modifier of at most two words: "earlier on", "as of"), each after its run of spaces
_WEEKDAY_REACH = re.compile(r"(?:\s+\S+){0,3}")


def weekday_reach(sentence: str) -> int:
    """Where a search with the "weekday" pattern may start: no match starts before it.

    Every match holds a weekday name (as re.IGNORECASE reads it: prefilter.lowered), and what it
    holds before its name is "since" and a modifier with their spaces: at most three runs of spaces
    and words. The first name's reach back over three such runs is a start no match lies before (a
    later name's words cannot hold the first name), so finditer from there finds the same matches;
    the pattern's sentence scan, at every position, was most of the date finder's cost."""
    low = lowered(sentence)
    first = min((i for i in map(low.find, _WEEKDAY_NAMES) if i >= 0), default=-1)
    if first < 0:
        return 0
    return first - _WEEKDAY_REACH.match(sentence[:first][::-1]).end()


_PART_AFTER = re.compile(_PART_WORD, re.I)


def weekday_end(sentence: str) -> int:
    """Where a search with the "weekday" pattern may stop (its endpos): no match reads past it.

    A match ends with a weekday name, the part of the day that may follow it ("Tuesday morning")
    and a word boundary, which reads one character more. After the last name (as re.IGNORECASE
    reads it: prefilter.lowered) and its part, if any, that one character is the end: the search
    does not scan the rest of the sentence, where no name is (tests/extract/test_weekday_reach.py)."""
    low = lowered(sentence)
    last = max((low.rfind(name) + len(name) for name in _WEEKDAY_NAMES if name in low), default=-1)
    if last < 0:
        return len(sentence)
    part = _PART_AFTER.match(sentence, last)
    return min(len(sentence), (part.end() if part else last) + 1)


# each pattern after the character before its match (marked_search.py): every pattern starts with a
# word boundary before a word character (a letter or digit of its first words), so a match starts at
# the sentence's start or after a character outside [0-9A-Z_a-z]
_AFTER_MARK = {kind: after_mark(rx.pattern, rx.flags) for kind, rx in PATTERNS}


def find_dates(sentence: str, published: dt.date | None, *, future: bool = False) -> list[DateValue]:
    """Resolved (or refused: event_date None) date expressions of a sentence, leftmost-longest."""
    found: list[tuple[re.Match, str]] = []
    for kind, rx in _possible_kinds(sentence):
        if kind == "weekday":
            matches = rx.finditer(sentence, weekday_reach(sentence), weekday_end(sentence))
        else:
            matches = marked_finditer(rx, _AFTER_MARK[kind], sentence)
        for m in matches:
            found.append((m, kind))
    found.sort(key=lambda mk: (mk[0].start(), -(mk[0].end() - mk[0].start())))
    out: list[DateValue] = []
    last_end = -1
    for m, kind in found:
        if m.start() < last_end:
            continue
        if (
            kind == "in_month"
            and m["month"].lower().rstrip(".") == "may"
            and (m["since"] or "").lower() == "in"
        ):
            continue  # "in May" is rare next to the modal "may"; keep only unambiguous forms
        value = _resolve(kind, m, published, future)
        if value is None:
            value = DateValue(
                m.start(),
                m.end(),
                m.group(0),
                None,
                None,
                None,
                None,
                "a relative date without a publication date: refused",
            )
        out.append(value)
        last_end = m.end()
    return out
