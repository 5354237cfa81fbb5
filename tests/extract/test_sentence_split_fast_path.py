"""split_sentences makes its Sentence tuples without the NamedTuple's Python __new__, inlines the
span trimming, skips the abbreviation check where the letters before a full stop outnumber the
longest abbreviation, and finds the end marks of the whole text at once (not line by line): it must
give the spans the plain splitter (below, as it was: each line's end marks found in the line) gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.events.sentences import (
    _BOUNDARY,
    _BULLET,
    _GLUED,
    MAX_SENTENCE,
    Sentence,
    _is_abbreviation,
    _trimmed,
    split_sentences,
)


def _end_marks(line: str) -> list[int]:
    """Positions of ".", "!" and "?" in line, in order."""
    return [i for i, char in enumerate(line) if char in ".!?"]


def _plain_split(text: str) -> list[Sentence]:
    """Sentences of a clean article text, in order, each an exact span of it."""
    out: list[Sentence] = []
    append = out.append
    paragraph = 0
    pos = 0
    n = len(text)
    for line in text.split("\n"):
        line_start = pos
        line_end = pos + len(line)
        pos = line_end + 1
        left = line.lstrip()
        if not left:
            continue
        bullet = _BULLET.match(line) is not None
        cuts = []
        glued = False
        for end_mark in _end_marks(line):
            # _BOUNDARY.finditer(line), read at the end marks only: a match starts at one and spans
            # no other, so the matches are the same; "[.!?][A-Z]" (_GLUED's necessary condition) too
            m = _BOUNDARY.match(line, end_mark)
            if m is not None and not _is_abbreviation(line, end_mark):
                cuts.append(m.end())
            elif not glued and "A" <= line[end_mark + 1 : end_mark + 2] <= "Z":
                glued = True
        if glued:  # a cheap necessary condition: the lookbehind scan is slow
            cuts += [m.start() for m in _GLUED.finditer(line)]
            cuts = sorted(set(cuts))
        if not cuts and len(line) <= MAX_SENTENCE:  # one sentence: the line without its outer spaces
            start = line_start + len(line) - len(left)
            append((start, start + len(left.rstrip()), paragraph, bullet))
        else:
            begin = 0
            cuts.append(len(line))
            for cut in cuts:
                while cut - begin > MAX_SENTENCE:
                    piece = _trimmed(text, line_start + begin, line_start + begin + MAX_SENTENCE)
                    if piece:
                        append((piece[0], piece[1], paragraph, bullet))
                    begin += MAX_SENTENCE
                span = _trimmed(text, line_start + begin, line_start + cut)
                if span:
                    append((span[0], span[1], paragraph, bullet))
                begin = cut
        paragraph += 1
        if line_end >= n:
            break
    return out


def _check(text: str) -> list[Sentence]:
    got = split_sentences(text)
    assert [tuple(s) for s in got] == _plain_split(text), text
    assert all(type(s) is Sentence for s in got)
    return got


def test_abbreviations_initials_and_long_words_split_as_before():
    text = (
        "Fighting went on near Aleppo on Jan. 8. The U.S. envoy met Gen. Smith in Geneva approx. at "
        "noon. Reinforcements arrived. Approx. 40 people left. He met J. Smith. The counteroffensive. "
        "Continued on Sept. 3 after shelling.\n"
        "- Bullet line one. Second sentence here!\n\n"
        "Glued sentence across Syria.That plan failed. Headline\n"
        "  Indented line with spaces after.   \n"
        'Prof. Jones said: "It failed." Then what? Nobody knows. St. Simeon. No. 5 was hit.'
    )
    found = _check(text)
    assert len(found) >= 12


def test_a_long_run_on_line_is_cut_as_before():
    _check(("word " * 700) + "end. Next sentence here. " + "x" * (MAX_SENTENCE + 50) + ". Last one.")


_WORDS = ["approx", "Approx", "Jan", "U.S", "J", "administration", "counteroffensive", "said", "St", "ab"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_WORDS),
            st.sampled_from([".", "!", "?", '."', ". ", "..", ".\n"]),
            st.sampled_from([" The", " the", " 5", "\nA", " (B", "", "  C"]),
        ),
        max_size=12,
    )
)
def test_random_texts_split_as_before(parts):
    _check("".join(w + m + n for w, m, n in parts))


def test_bullet_lines_split_as_before():
    # split_sentences asks _BULLET only where the line's first non-space character is a bullet mark
    # or a digit: every kind of bullet, and lines that only look like one, must come out as before
    lines = [
        "- Strikes hit Idlib.",
        "  * Shelling near Hama. More later.",
        "\u2022 Rebels retreated.",
        "\u25cf Convoy blocked.",
        "\u2013 Corridor opened.",
        "1. The first point.",
        "12) The twelfth point.",
        "123. Not a bullet.",
        "\u0663. An Arabic-Indic digit.",
        "\u00b2. A superscript two.",
        "\t7.\tTabbed bullet.",
        "-No space after the dash.",
        "5 strikes were reported.",
        "Plain line.",
    ]
    found = _check("\n".join(lines))
    assert found[0].bullet and not found[-1].bullet
    assert sum(s.bullet for s in found) >= 8


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", " ", "\t", "\u00a0", "  "]),
            st.sampled_from(
                ["-", "*", "\u2022", "\u25cf", "\u2013", "1.", "42)", "7", "\u0663)", "\u00b2.", "A"]
            ),
            st.sampled_from([" ", "\t", "", "\u00a0"]),
            st.sampled_from(["Strikes hit. The town", "shelling", "x"]),
        ),
        max_size=8,
    )
)
def test_random_bullet_lines_split_as_before(lines):
    _check("\n".join("".join(parts) for parts in lines))


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["said", "Jan", "U.S", "x", "administration", ""]),
            st.sampled_from([".", "!", "?", '."', ".)", ".\u201d", "?\u2019", ""]),
            # whitespace that is no line break to str.split("\n") ("\r", "\u2028", "\x85") and
            # line breaks right after the end mark or after spaces
            st.sampled_from([" ", "\n", " \n", "\r", "\r\n", "\u2028", "\x85", "\u00a0", "  ", ""]),
            st.sampled_from(["The", "the", "5", "(B", '"C', "\u201cD", "Ab", ""]),
        ),
        max_size=14,
    )
)
def test_boundaries_at_line_ends_and_odd_spaces_split_as_before(parts):
    _check("".join(w + m + sp + n for w, m, sp, n in parts))
