"""attribution._has_cue finds a cue word in ASCII text by the character before it (_CUE_AFTER_MARK)
or at the text's start: its answer must be the plain search's, _CUE_LOWER on the lowered text (and
_CUE on other text), on every text, cue words at the start, inside words, after digits, "_" and
punctuation, and on the case texts' sentences."""

from __future__ import annotations

from hypothesis import given, settings

from extract.events import attribution
from extract.events.sentences import split_sentences
from tests.extract.case_texts import case_texts
from tests.extract.part_texts import part_texts

_PARTS = [
    "said",
    "Said",
    "SAYS",
    "according",
    "as",
    "has",
    "with",
    "without",
    "citing",
    "reported",
    "claimed",
    "told",
    "x",
    "9",
    "_",
    "-",
    ",",
    "(",
    " ",
    "\u00e9",
    "\u201c",
]
_texts = part_texts(_PARTS, max_size=12)


def _plain(sentence: str) -> bool:
    if sentence.isascii():
        return attribution._CUE_LOWER.search(sentence.lower()) is not None
    return attribution._CUE.search(sentence) is not None


@settings(max_examples=1000, deadline=None)
@given(_texts)
def test_has_cue_equals_the_plain_search(text):
    assert attribution._has_cue(text) == _plain(text)


def test_has_cue_on_the_case_texts():
    seen = set()
    for text in case_texts():
        for s in split_sentences(text):
            sentence = text[s.start : s.end]
            assert attribution._has_cue(sentence) == _plain(sentence), sentence
            seen.add(_plain(sentence))
    assert seen == {True, False}
    for sentence in ["Said the minister.", "as", "x-said", "9said", "_said", "xsaid", "Rebels fled."]:
        assert attribution._has_cue(sentence) == _plain(sentence), sentence
