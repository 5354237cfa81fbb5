"""The automata add their words frequent letters first (reference/trie_order.py): pyahocorasick
searches a node's children linearly in the order they were added, so every node of the article
scans' automata must list its children by letter frequency; and the order must change no hit
(an automaton of the same words added in code-point order finds the same ones)."""

from __future__ import annotations

import ahocorasick
import pytest

from extract.events import default_extractor
from extract.events import prefilter as pf
from extract.events.lexicon import STRIKE_AND_CONTROL
from extract.models import ArticleText
from extract.reference import load_reference
from extract.reference.matching import folded_marked
from extract.reference.trie_order import FREQUENT_FIRST, by_letter_frequency, insertion_order
from tests.extract.case_texts import case_texts


def _searched_frequent_first(automaton: ahocorasick.Automaton) -> bool:
    """Whether every node's children were added (and so are searched) by letter frequency.

    Automaton.keys() walks the trie depth first, a node's word before its children's, the children
    from the last added to the first (Automaton.dump() gives only the low byte of a letter): with the
    children added frequent first, the keys come sorted by descending frequency rank, letter by letter.
    """
    keys = list(automaton.keys())
    assert keys, "the automaton is empty"
    return keys == sorted(keys, key=lambda w: [-ord(c) for c in by_letter_frequency(w)])


def _plain(automaton: ahocorasick.Automaton) -> ahocorasick.Automaton:
    """The same words and values, added in code-point order."""
    plain = ahocorasick.Automaton()
    for key, value in sorted(automaton.items()):
        plain.add_word(key, value)
    plain.make_automaton()
    return plain


def test_insertion_order_keeps_every_word_and_puts_frequent_letters_first():
    words = ["zeta", "the", "apple", "tea", "al-bab", "\u00e9cole", "\x01raqqa\x01", "te"]
    ordered = insertion_order(words)
    assert sorted(ordered) == sorted(words)
    # "\x01" (the boundary mark), then " etaoin...": "the" and "te" before "apple", "zeta" last of ASCII
    assert ordered[0] == "\x01raqqa\x01"
    assert ordered.index("te") < ordered.index("tea") < ordered.index("the") < ordered.index("apple")
    assert ordered.index("apple") < ordered.index("zeta") < ordered.index("\u00e9cole")
    assert len(set(FREQUENT_FIRST)) == len(FREQUENT_FIRST)


def test_article_dictionary_automaton_lists_frequent_children_first():
    assert _searched_frequent_first(load_reference()._article_matcher._automaton)


def test_gate_and_trigger_automata_list_frequent_children_first():
    extractor = default_extractor()
    for text in case_texts()[:40]:  # registers the gated regexes as an article run does
        extractor.extract(ArticleText("a", "https://example.test/", text))
    assert _searched_frequent_first(pf._COMBINED.automaton)
    assert _searched_frequent_first(STRIKE_AND_CONTROL._automaton)


@pytest.mark.parametrize("which", ["dictionary", "gates"])
def test_the_order_changes_no_hit(which):
    extractor = default_extractor()
    texts = case_texts()
    for text in texts[:40]:
        extractor.extract(ArticleText("a", "https://example.test/", text))
    if which == "dictionary":
        automaton = load_reference()._article_matcher._automaton
        scanned = [folded_marked(t) for t in texts]
    else:
        automaton = pf._COMBINED.automaton
        scanned = [pf.lowered(t) for t in texts]
    plain = _plain(automaton)
    assert not _searched_frequent_first(plain)  # the two really differ
    hits = 0
    for text in scanned:
        found = list(automaton.iter(text))
        assert found == list(plain.iter(text))
        hits += len(found)
    assert hits > 100
