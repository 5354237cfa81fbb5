"""find_claims' cue check takes a lower-cased, case-sensitive search on ASCII text: it must answer as the
case-insensitive _CUE does on any text, ASCII or not (the oracle)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.events.attribution import _CUE, _has_cue

_PIECES = st.sampled_from(
    [
        "Said",
        "SAID",
        "said",
        "unsaid",
        "Saidi",
        "according",
        "As",
        "as-",
        "Citing",
        "WITH",
        "without",
        "Reported",
        "told",
        "tells",
        "ſaid",
        "\u212aills",
        "İ",
        "said\u0307",
        " ",
        ",",
        ".",
        "x",
        "_",
        "7",
        "de",
        "Ministry",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_cue_fast_path_answers_as_the_case_insensitive_pattern(text):
    assert _has_cue(text) == (_CUE.search(text) is not None)


def test_cue_found_and_missed_on_plain_sentences():
    assert _has_cue("The ministry SAID on Monday that the town had fallen.")
    assert _has_cue("According to activists, 12 people died.")
    assert not _has_cue("Shelling hit the town of Azaz overnight.")
    assert not _has_cue("The unsaid withdrawal was sayable.")
