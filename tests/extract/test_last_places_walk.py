"""_ArticleRun._last_places stops at a sentence of another paragraph before making its places (the
place-frame regexes): it must give what the plain walk gives, which made every earlier sentence's
places first and then looked at its paragraph. The oracle below is that plain walk."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.events.context import build_context
from extract.events.rules import RuleExtractor, _ArticleRun
from extract.models import ArticleText
from extract.reference import load_reference


def _plain_last_places(run: _ArticleRun, i: int) -> list:
    paragraph = run.ctx.sentences[i].paragraph
    for j in range(i - 1, run._first_sentence() - 1, -1):
        places = run.ctx.places[j]
        if places:
            return list(places) if run.ctx.sentences[j].paragraph == paragraph else []
        if run.ctx.sentences[j].paragraph != paragraph:
            return []
    return []


def _runs(text: str) -> tuple[_ArticleRun, _ArticleRun]:
    """Two runs over separate contexts: the fast walk must not lean on places the plain walk made."""
    ref = load_reference()
    article = ArticleText("a", "https://example.test/a", text, dt.date(2016, 7, 31))
    extractor = RuleExtractor(ref)
    return _ArticleRun(extractor, build_context(article, ref)), _ArticleRun(
        extractor, build_context(article, ref)
    )


def _check(text: str, headline_skipped: bool = False) -> int:
    fast, plain = _runs(text)
    fast.state.headline_skipped = plain.state.headline_skipped = headline_skipped
    found = 0
    for i in range(len(fast.ctx.sentences)):
        got = fast._last_places(i)
        assert got == _plain_last_places(plain, i), (text, i)
        found += bool(got)
    return found


_ARTICLE = (
    "Government forces shelled Atareb on Monday. The army said the town had fallen.\n"
    "Prices rose in the capital. Rebels left the village of Hobeit near Idlib.\n"
    "Fighting went on. It was heavy.\n"
    "Turkish artillery hit positions near Afrin. Residents fled.\n"
    "The talks resume next week."
)


def test_last_places_equal_the_plain_walk_on_an_article():
    assert _check(_ARTICLE) >= 2  # the walk finds places in the same paragraph
    assert _check(_ARTICLE, headline_skipped=True) >= 1  # not from the skipped headline


_PARTS = [
    "Government forces shelled Atareb. ",
    "The army retook the village of Hobeit. ",
    "Prices rose. ",
    "Residents fled near Damascus. ",
    "It was heavy. ",
    "Kyiv said Russian forces hit Kharkiv. ",
    "the town of Kafr Naha ",
    "in Aleppo ",
    "\n",
    "\n\n",
    "- Near Sinjar, two strikes hit. ",
    "Fighting raged",
    ". ",
]


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(_PARTS), min_size=1, max_size=30).map("".join), st.booleans())
def test_last_places_equal_the_plain_walk(text, headline_skipped):
    if not text.strip():
        return
    _check(text, headline_skipped)
