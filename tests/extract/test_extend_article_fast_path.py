"""extend_article skips its regex search where an ASCII window cannot hold an article before the
name (most places follow a plain word, "in Aleppo"): it must move the start exactly as the plain
search (below, as it was) does, for every start of every text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.reference.matching import extend_article, extend_article_by_regex


def _check(text: str) -> int:
    moved = 0
    for start in range(len(text) + 1):
        got = extend_article(text, start)
        assert got == extend_article_by_regex(text, start), (text, start)
        moved += got != start
    return moved


def test_news_text_moves_as_before():
    text = (
        "Jets struck al-Bab and Ar Raqqah. Fighting in As Suwayda, at Bab al-Hawa, AL-BAB, ash-Shaddadi, "
        'adh-Dhahiriya, el\tArish, ul-Haq, Ez Zor, an Idlib village. At Ashkelon. (al-Tanf) "as-Sukhnah" '
        "al\u2010Bab al\u2011Bab a\u017f-Suwayda near al \nBab"  # "$" matches before a last newline
    )
    assert _check(text) >= 12


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *("al", "Al", "AL", "ash", "adh", "ath", "el", "ar", "as", "At", "an", "es", "ez", "ul"),
                *(" ", "-", "\t", "\n", "(", '"', "\u201c", ". ", "\u2010", "\u2011", "\u017f", "\u00e9"),
                *("in", "x", "Bab"),
            ]
        ),
        max_size=14,
    ).map("".join)
)
def test_random_texts_move_as_before(text):
    _check(text)
