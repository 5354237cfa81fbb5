"""context._place_frames finds _UNKNOWN_PLACE's frames by the character before them: its matches
(name span and text) must be those of _UNKNOWN_PLACE.finditer on every text, frames at the start,
after punctuation, curly quotes and letters outside ASCII, right after a name, and inside words;
and on the case texts' sentences."""

from __future__ import annotations

from hypothesis import given, settings

from extract.events import context
from extract.events.sentences import split_sentences
from tests.extract.case_texts import case_texts
from tests.extract.part_texts import part_texts

_PARTS = [
    "in",
    "near",
    "into",
    "towards",
    "the town of",
    "the villages of",
    "crossing at",
    "base",
    "at",
    "of",
    "Aleppo",
    "Hobeit",
    "al-Bab",
    "Kafr Naha",
    "Ma\u2019arrat",
    "Foo'",
    "\u00e9",  # a letter outside ASCII: a word character
    "\u00fc",
    "\u201c",  # a curly quote: no word character
    "\u2019",
    "_",
    "9",
    ",",
    "(",
    "-",
    " ",
    "  ",
    "\n",
]
_texts = part_texts(_PARTS, max_size=16)


def _names(matches) -> list[tuple]:
    return [(m.start("name"), m.end("name"), m.group("name")) for m in matches]


@settings(max_examples=1000, deadline=None)
@given(_texts)
def test_place_frames_equal_the_regex_scan(text):
    assert _names(context._place_frames(text)) == _names(context._UNKNOWN_PLACE.finditer(text))


def test_place_frames_on_the_case_texts():
    found = 0
    for text in case_texts():
        for s in split_sentences(text):
            sentence = text[s.start : s.end]
            plain = _names(context._UNKNOWN_PLACE.finditer(sentence))
            assert _names(context._place_frames(sentence)) == plain, sentence
            found += len(plain)
    assert found > 0
    for sentence in ["In Aleppo, near Idlib", "\u00e9in Aleppo", "\u201cin Aleppo\u201d", "Foo\u2019in Bar"]:
        assert _names(context._place_frames(sentence)) == _names(context._UNKNOWN_PLACE.finditer(sentence))
