"""The fast fingerprint must equal trafilatura's simhash: the near-duplicate marking in the warehouse
compares fingerprints bit by bit, and old rows were fingerprinted by trafilatura itself."""

from pathlib import Path

import trafilatura
from hypothesis import given, settings
from hypothesis import strategies as st
from trafilatura.deduplication import content_fingerprint as trafilatura_fingerprint

from extract.fingerprint import content_fingerprint

DEMO = Path(__file__).resolve().parents[1] / "demo" / "corpus"


def test_equal_to_trafilatura_on_the_demo_corpus():
    pages = sorted(DEMO.rglob("*.html"))
    assert len(pages) >= 40
    for page in pages:
        doc = trafilatura.bare_extraction(page.read_bytes(), fast=True)
        text = doc.text if doc is not None else ""
        assert content_fingerprint(text) == trafilatura_fingerprint(text), page


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_equal_to_trafilatura_on_any_text(text):
    assert content_fingerprint(text) == trafilatura_fingerprint(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["shelling", "Aleppo", "rebels", "the", "corridor", "of", "2016", "..."])))
def test_equal_on_repeated_words(words):
    text = " ".join(words)
    assert content_fingerprint(text) == trafilatura_fingerprint(text)
