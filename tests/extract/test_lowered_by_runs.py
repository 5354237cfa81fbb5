"""prefilter.lowered lowers a non-ASCII text by its ASCII and non-ASCII runs (str.lower() is fast
only on an all-ASCII string): it must give what lowering the whole text gives (the plain version
below), including the capital sigma, whose lower case depends on its neighbours."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.events.prefilter import _IGNORECASE_EXTRA, lowered


def _plain_lowered(text: str) -> str:
    if not text.isascii():
        for char, ascii_char in _IGNORECASE_EXTRA:
            if char in text:
                text = text.replace(char, ascii_char)
    return text.lower()


def test_news_text_with_curly_quotes_and_names():
    text = (
        "\u201cWe left Aleppo,\u201d said Ahmad al-Ab\u00f4d. The army\u2019s \u00c9LITE units "
        "entered Dera\u2019a and \u0130dlib. K\u212aELVIN \u017fTRIKE? \u0639\u0641\u0631\u064a\u0646 AFRIN."
    )
    assert lowered(text) == _plain_lowered(text)
    assert len(lowered(text)) == len(text)


def test_capital_sigma_is_lowered_in_its_context():
    text = "\u201cO\u0394O\u03a3 \u039f\u0394\u039f\u03a3\u201d and \u03a3\u0391 near \u0391\u03a3."
    assert lowered(text) == _plain_lowered(text)
    # lowering the runs one by one would not: why a text with a capital sigma is lowered whole
    naive = "".join(part.lower() for part in ("\u0391", "\u03a3"))
    assert naive != "\u0391\u03a3".lower()


_ALPHABET = st.sampled_from(
    [
        *"aZ .,?-'\n",
        *("\u2019", "\u201c", "\u00e9", "\u00c9", "\u0130", "\u0131", "\u017f", "\u212a", "\u03a3"),
        *("\u0391", "\u0639", "\u00df", "\u1e9e", "\u0149", "\U0001f600"),
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_random_texts_lower_as_the_whole_text(text):
    assert lowered(text) == _plain_lowered(text)
