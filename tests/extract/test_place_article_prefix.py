"""An Arabic article before a place name belongs to the name (al-Bab, Ar Raqqah, as-Suwayda), but
the English words "at", "as" and "an" before a name do not ("at Bab al-Hawa", "an Idlib village")."""

from __future__ import annotations

import pytest

from extract.events import default_extractor
from extract.models import ArticleText
from extract.reference.matching import extend_article


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Jets struck al-Bab on Monday.", "Bab", "al-Bab"),
        ("Jets struck al Bab on Monday.", "Bab", "al Bab"),
        ("Shelling hit Ar Raqqah overnight.", "Raqqah", "Ar Raqqah"),
        ("Shelling hit ar-Raqqah overnight.", "Raqqah", "ar-Raqqah"),
        ("Jets struck as-Suwayda on Monday.", "Suwayda", "as-Suwayda"),
        ("Fighting in As Suwayda went on.", "Suwayda", "As Suwayda"),
        ("Drones struck a convoy at Bab al-Hawa.", "Bab al-Hawa", "Bab al-Hawa"),
        ("Rockets fell as Ashkelon slept.", "Ashkelon", "Ashkelon"),
        ("Jets struck an Idlib village.", "Idlib", "Idlib"),
        ("At Ashkelon, rockets hit homes.", "Ashkelon", "Ashkelon"),
        ("Sirens sounded. At Ashkelon rockets hit homes.", "Ashkelon", "Ashkelon"),
    ],
)
def test_an_article_is_taken_only_when_it_is_arabic(text, name, expected):
    start = text.index(name)
    assert text[extend_article(text, start) : start + len(name)] == expected


@pytest.mark.parametrize(
    ("text", "place_raw"),
    [
        ("Turkish drones struck a convoy at Bab al-Hawa on Tuesday, killing three people.", "Bab al-Hawa"),
        ("Rockets hit homes at Ashkelon on Monday, police said.", "Ashkelon"),
        ("Government forces shelled Ar Raqqah on Monday.", "Ar Raqqah"),
        ("Warplanes struck al-Bab on Monday, killing four people.", "al-Bab"),
    ],
)
def test_the_mention_keeps_the_name_as_written_without_the_english_word(text, place_raw):
    found, _ = default_extractor().extract(
        ArticleText(article_id="a1", url="https://example.org/a1", text=text, published=None, title=None)
    )
    assert [m.place_raw for m in found] == [place_raw]
    assert place_raw in found[0].sentence
