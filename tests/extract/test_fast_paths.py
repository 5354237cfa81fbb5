"""The extractor's fast paths must give exactly what the plain versions they replace gave.

Each speed-up is checked against a plain oracle kept here: the regex-scan sentence splitter, the
per-dictionary matcher, the original place-frame regexes, the PREFILTER regex. Inputs mix real
article-like text with the characters that make boundaries, case and folding tricky.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.events import context, lexicon
from extract.events.prefilter import (
    LiteralScan,
    RequiredWordGate,
    SentenceGates,
    required_terms,
    required_words,
)
from extract.events.sentences import MAX_SENTENCE, split_sentences
from extract.reference import PlaceMatch, load_reference
from extract.reference.matching import _case_ok
from extract.reference.textfold import fold

# --- sentences: the splitter as it was (a regex scan of each line), the oracle ------------------

_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")
_GLUED = re.compile(r"(?<=[a-z]{3}[.!?])(?=[A-Z][a-z])")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u25cf\u2013]|\d{1,2}[.)])\s+")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")
_ABBREVIATIONS = {"jan", "sept", "mr", "gen", "st", "no", "u.s", "e.g", "a.m", "al", "km", "etc", "dr"}


def _oracle_is_abbreviation(text: str, dot: int, abbreviations: set[str]) -> bool:
    if text[dot] != ".":
        return False
    m = _WORD_BEFORE.search(text[max(0, dot - 12) : dot])
    if not m:
        return False
    word = m.group(1).lower().strip(".")
    return word in abbreviations or (len(word) == 1 and word.isalpha())


def _oracle_trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _oracle_split(text: str, abbreviations: set[str]) -> list[tuple[int, int, int, bool]]:
    out = []
    paragraph = pos = 0
    for line in text.split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        if not line.strip():
            continue
        bullet = bool(_BULLET.match(line))
        cuts = [
            m.end()
            for m in _BOUNDARY.finditer(line)
            if not _oracle_is_abbreviation(line, m.start(), abbreviations)
        ]
        if re.search(r"[.!?][A-Z]", line):
            cuts += [m.start() for m in _GLUED.finditer(line)]
        begin = 0
        for cut in [*sorted(set(cuts)), len(line)]:
            while cut - begin > MAX_SENTENCE:
                piece = _oracle_trimmed(text, line_start + begin, line_start + begin + MAX_SENTENCE)
                if piece:
                    out.append((piece[0], piece[1], paragraph, bullet))
                begin += MAX_SENTENCE
            span = _oracle_trimmed(text, line_start + begin, line_start + cut)
            if span:
                out.append((span[0], span[1], paragraph, bullet))
            begin = cut
        paragraph += 1
        if line_end >= len(text):
            break
    return out


_PIECES = [
    "Jan. 8",
    "U.S. ",
    "J. Smith",
    "Mr. Assad",
    "e.g. ",
    "across Syria.That plan",
    "the end. ",
    "Start here",
    "\n",
    "  ",
    "- ",
    "1. ",
    "12) ",
    "\u2022 ",
    '?" ',
    "!\u201d ",
    ".) ",
    "etc.",
    "km. ",
    "p.m. Then",
    "No. 5",
    "al. ",
    ". ",
    "!",
    "?",
    "\u00a0",
    "\u2028",
    "\u3000",
    "\t",
    "\r",
    "A",
    "z",
    "9",
    "x" * 3001,
]
_texts = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=5)), max_size=30).map("".join)


@settings(max_examples=600, deadline=None)
@given(_texts)
def test_split_sentences_equals_the_regex_scan(text):
    from extract.events import sentences

    got = [tuple(s) for s in split_sentences(text)]
    assert got == _oracle_split(text, sentences._ABBREVIATIONS)


def test_split_sentences_on_news_text():
    text = (
        "ALEPPO, Syria (AP) \u2014 Russian jets struck Atareb on Jan. 8, the U.S. envoy said. Rebels "
        "denied it all.Residents fled.\n\n- Government forces took Bani Zeid.\n"
        "12) \u201cWe left,\u201d he said."
    )
    spans = [text[s.start : s.end] for s in split_sentences(text)]
    assert spans == [
        "ALEPPO, Syria (AP) \u2014 Russian jets struck Atareb on Jan. 8, the U.S. envoy said.",
        "Rebels denied it all.",
        "Residents fled.",
        "- Government forces took Bani Zeid.",
        "12) \u201cWe left,\u201d he said.",
    ]
    assert [s.paragraph for s in split_sentences(text)] == [0, 0, 0, 1, 2]
    assert [s.bullet for s in split_sentences(text)] == [False, False, False, True, True]


# --- dictionary matching: one automaton for actors and places equals each dictionary alone ------

_NAMES = [
    "Aleppo",
    "aleppo",
    "ALEPPO",
    "al-Bab",
    "Al Bab",
    "Bani Zeid",
    "Ramouseh",
    "Ramussa",
    "Castello Road",
    "IS",
    "is",
    "US",
    "U.S.",
    "UN",
    "the Nusra Front",
    "Jabhat al-Nusra",
    "Hay'at Tahrir al-Sham",
    "Hay\u2019at Tahrir al-Sham",
    "HTS",
    "hts",
    "Russian",
    "regime forces",
    "rebels",
    "Damascus",
    "Kyiv",
    "Syria",
    "old city",
    "Old City",
    "Idlib",
    "Idleb",
    "A'zaz",
    "Azaz",
    "Kuweires",
    "Tal Rifaat",
    "Mari'",
    "Dera\u2019a",
    "\u062d\u0644\u0628",
    "\u00c9",
    "\u0130",
    "near",
    "in the town of",
    "towards",
]
_SEPARATORS = [" ", ", ", ". ", "-", "'", "\u2019", "(", ")", '"', "\n", "x", "1", "_", " and "]
_name_texts = st.lists(st.one_of(st.sampled_from(_NAMES), st.sampled_from(_SEPARATORS)), max_size=40).map(
    "".join
)


def _oracle_find(matcher, text: str, folded: str) -> list[tuple[int, int, str]]:
    """DictionaryMatcher.find as it was: every whole-word hit, case rules, longest leftmost."""
    candidates = []
    n = len(folded)
    for key, entries in matcher.table().items():
        start = folded.find(key)
        while start >= 0:
            end = start + len(key)
            if not ((start > 0 and folded[start - 1].isalnum()) or (end < n and folded[end].isalnum())):
                entry = next((e for e in entries if _case_ok(e, text[start:end])), None)
                if entry is not None:
                    candidates.append((start, end, entry.ref))
            start = folded.find(key, start + 1)
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    chosen, last_end = [], -1
    for c in candidates:
        if c[0] >= last_end:
            chosen.append(c)
            last_end = c[1]
    return chosen


@settings(max_examples=150, deadline=None)
@given(_name_texts)
def test_dictionary_find_equals_a_plain_scan_of_every_key(text):
    ref = load_reference()
    folded = fold(text)
    for matcher in (ref._actor_matcher, ref._place_matcher):
        got = [(h.start, h.end, e.ref) for h, e in matcher.find(text, folded)]
        assert got == _oracle_find(matcher, text, folded)


@settings(max_examples=300, deadline=None)
@given(_name_texts)
def test_find_in_article_equals_find_actors_and_find_places(text):
    ref = load_reference()
    actors, places = ref.find_in_article(text, fold(text))
    assert actors == [
        (a.start, a.end, a.actor_id, a.name_type, a.context) for a in ref.find_actors(text, fold(text))
    ]
    assert [PlaceMatch(s, e, text[s:e], pid, fz) for s, e, pid, fz in places] == ref.find_places(text)


def test_find_in_article_on_a_sentence():
    ref = load_reference()
    text = "Regime forces and Russian jets pounded al-Bab and the Old City of Aleppo, the U.S. said."
    actors, places = ref.find_in_article(text, fold(text))
    assert [text[s:e] for s, e, *_ in actors] == ["Regime forces", "Russian jets", "U.S"]
    assert [text[s:e] for s, e, *_ in places] == ["al-Bab", "Old City", "Aleppo"]


# --- the rewritten place-frame regexes match where the originals did -------------------------

_NAME = (
    r"(?:(?:al|el|ar|ad|as|ash|az|an)-)?[A-Z][a-z\u00e0-\u024f'\u2019]+"
    r"(?:[ -](?:(?:al|el|ar|ad|as|ash|az|an)-)?[A-Z][a-z\u00e0-\u024f'\u2019]+){0,2}"
)
_ORIGINAL_FRAMES = {
    "_UNKNOWN_PLACE": context._UNKNOWN_PLACE.pattern.replace(r"\b(?=[tvcdnsabrphio])", r"\b", 1),
    "_UNKNOWN_PLACE_BEFORE_NOUN": context._UNKNOWN_PLACE_BEFORE_NOUN.pattern.replace(
        r"the(?<=\bthe)", r"\bthe", 1
    ),
}
_frame_texts = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "the town of ",
                "the village of ",
                "towns of ",
                "in ",
                "near ",
                "outside ",
                "into ",
                "towards ",
                "around ",
                "crossing at ",
                "base at ",
                "the ",
                "bathe ",
                "Kafr Naha",
                " area",
                " border crossing",
                " military base",
                "al-",
                "Hobeit",
                "Abbasiyin",
                "Foua",
                " and ",
                ", ",
                "Recaptured ",
                "recaptured ",
                "shelled ",
                "Monday",
                "\u00c9",
            ]
        ),
        st.text(max_size=3),
    ),
    max_size=25,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_frame_texts)
def test_place_frames_equal_the_original_regexes(text):
    for name, pattern in _ORIGINAL_FRAMES.items():
        fast = getattr(context, name)
        plain = re.compile(pattern, fast.flags)
        assert [(m.span(), m.span("name")) for m in fast.finditer(text)] == [
            (m.span(), m.span("name")) for m in plain.finditer(text)
        ]
    if "-" not in text:
        assert context._UNKNOWN_PLACE_AFTER_VERB.search(text) is None


@settings(max_examples=500, deadline=None)
@given(_frame_texts)
def test_capital_tokens_equal_the_word_boundary_regex(text):
    from extract import reference

    plain = re.compile(reference._CAPITAL_TOKEN.pattern.replace(r"[A-Z](?<!\w[A-Z])", r"\b[A-Z]", 1))
    assert plain.pattern.startswith(r"\b[A-Z][a-z")
    for t in (text, text.title(), "x" + text.title()):
        assert [m.span() for m in reference._CAPITAL_TOKEN.finditer(t)] == [
            m.span() for m in plain.finditer(t)
        ]


# --- the PREFILTER read from the article's gate pass equals the regex -----------------------------

_prefilter_texts = st.lists(
    st.one_of(
        st.sampled_from([*lexicon.PREFILTER.pattern.split("|"), ". ", "\n", "The ", "\u0130", "\u017f"]),
        st.text(max_size=4),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_prefilter_texts)
def test_literal_scan_through_the_sentence_gates_equals_the_regex(text):
    spans = [(s.start, s.end) for s in split_sentences(text)]
    scan = LiteralScan(lexicon.PREFILTER)
    gates = SentenceGates(text, spans)
    gates.flags(lexicon.DISPUTE)  # the article's pass has run before the scan is read
    expected = [lexicon.PREFILTER.search(text[s:e]) is not None for s, e in spans]
    assert scan.flags(text, spans) == expected
    assert scan.flags(text, list(spans)) == expected  # equal spans, another list
    assert scan.flags_by_span(text, spans) == expected


# --- the gates narrowed by each alternative's clauses -------------------------------------------


def test_clause_terms_skip_sentences_the_single_clause_let_through():
    """'The ministry did not respond to a request for comment.' holds a word of the strike lexicon's one
    clause ('str' of 'ministry', for 'struck'), but no strike alternative finds all the words it needs."""
    sentence = "The ministry did not respond to a request for comment."
    words = required_words(lexicon.STRIKE_RX)
    assert any(w in sentence.lower() for w in words)  # the single clause passes it
    assert RequiredWordGate(lexicon.STRIKE_RX).may_match(sentence, [(0, len(sentence))]) == [False]
    gates = SentenceGates(sentence, [(0, len(sentence))])
    assert gates.may(lexicon.STRIKE_RX, 0) is False
    hit = "Russian warplanes struck the town."
    assert RequiredWordGate(lexicon.STRIKE_RX).may_match(hit, [(0, len(hit))]) == [True]


def test_required_terms_read_each_alternative():
    terms = required_terms(re.compile(r"(?<!\w)(?:car[- ]bombs?|(?P<x>planes? (?:struck|hit)))\b", re.I))
    assert terms == [
        (frozenset({"car"}), frozenset({"bomb"})),
        (frozenset({"plane"}), frozenset({"struck", "hit"})),  # the " " between: too common to read
    ]
    assert required_terms(re.compile(r"\d+|ago")) is None  # one alternative needs no word
