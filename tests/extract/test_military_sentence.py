"""military.military_sentence finds MILITARY_CONTEXT's words by the character before them: its
answer must be MILITARY_CONTEXT.search's on every text, words at the start, inside words, after
"-", "_", digits, curly quotes and letters outside ASCII, in every case, and on the case texts."""

from __future__ import annotations

from hypothesis import given, settings

from extract.events import lexicon as lx
from extract.events import military
from extract.events.sentences import split_sentences
from tests.extract.case_texts import case_texts
from tests.extract.part_texts import part_texts

_PARTS = [*military.WORDS, "Troops", "FORCES", "is", "x", "-", "_", "9", "\u201c", "\u00e9", ",", " ", "  "]
_texts = part_texts(_PARTS, max_size=12)


def _plain(sentence: str) -> bool:
    return lx.MILITARY_CONTEXT.search(sentence) is not None


def test_the_marked_search_is_in_effect():
    assert military._AFTER_MARK is not None


@settings(max_examples=800, deadline=None)
@given(_texts)
def test_military_sentence_equals_the_regex(text):
    assert military.military_sentence(text) == _plain(text)


def test_military_sentence_on_the_case_texts():
    seen = set()
    for text in case_texts():
        for s in split_sentences(text):
            sentence = text[s.start : s.end]
            assert military.military_sentence(sentence) == _plain(sentence), sentence
            seen.add(_plain(sentence))
    assert seen == {True, False}
    for sentence in ["Troops left", "x\u00e9troops", "\u201ctroops\u201d", "_troops", "9troops", "ISIS"]:
        assert military.military_sentence(sentence) == _plain(sentence), sentence
