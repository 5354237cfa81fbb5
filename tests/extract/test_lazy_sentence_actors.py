"""build_context keeps each sentence's actors as tuples until a rule reads the sentence
(context.SentenceActors). What a read gives must equal the ActorMatch lists the context made up front
before: the oracle below is that eager code (the article's actor hits by sentence, then the names
that are both actor and place resolved by the locative rule)."""

from __future__ import annotations

import bisect
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.events.context import _LOCATIVE, TITLE_AFTER, build_context
from extract.events.sentences import split_sentences
from extract.models import ArticleText
from extract.reference import ActorMatch, load_reference
from extract.reference.textfold import fold


def _eager_actors(text: str) -> list[list[ActorMatch]]:
    ref = load_reference()
    sentences = split_sentences(text)
    actor_spans, place_spans = ref.find_in_article(text, fold(text))
    starts = [s.start for s in sentences]
    per_actor: list[list[ActorMatch]] = [[] for _ in sentences]
    per_place: list[list[tuple[int, int]]] = [[] for _ in sentences]
    for start, end, actor_id, name_type, context in actor_spans:
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and end <= sentences[i].end:
            s0 = starts[i]
            per_actor[i].append(
                ActorMatch(start - s0, end - s0, text[start:end], actor_id, name_type, context)
            )
    for start, end, _, _ in place_spans:
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and end <= sentences[i].end:
            per_place[i].append((start - starts[i], end - starts[i]))
    for i, plist in enumerate(per_place):
        sentence = text[sentences[i].start : sentences[i].end]
        drop = set()
        for ps, pe in plist:
            if TITLE_AFTER.match(sentence[pe : pe + 25]) or sentence[pe : pe + 6] == "-based":
                continue
            overlapping = [a for a in per_actor[i] if a.start < pe and ps < a.end]
            if (
                overlapping
                and sentence[pe : pe + 2] not in {"'s", "\u2019s"}
                and _LOCATIVE.search(sentence[max(0, ps - 40) : ps])
                and all(a.start >= ps and a.end <= pe for a in overlapping)
            ):
                drop.update(id(a) for a in overlapping)
        per_actor[i] = [a for a in per_actor[i] if id(a) not in drop]
    return per_actor


_PARTS = [
    "Syrian government forces",
    "Russian jets",
    "struck",
    "Aleppo",
    "in Aleppo",
    "near Damascus",
    "Damascus said",
    "Aleppo Governor",
    "the U.S.-backed SDF",
    "Kyiv",
    "in Kyiv",
    "Kyiv's forces",
    "Turkey",
    "Turkish artillery",
    "Hezbollah",
    "the Islamic State",
    "rebels",
    "the army",
    "Syria",
    "in Syria",
    ". ",
    ", ",
    " ",
    "\n",
    "\u2019s ",
    "-based",
]
_texts = st.lists(st.sampled_from(_PARTS), min_size=1, max_size=40).map("".join)

_ARTICLE = (
    "Syrian government forces and Russian jets struck rebel-held areas of Aleppo on Tuesday, the "
    "Syrian Observatory said. Damascus said its army had retaken the district.\n"
    "In Kyiv, Ukraine's defence ministry said Russian forces shelled Kharkiv. The Aleppo Governor "
    "met U.N. officials. Turkish artillery hit YPG positions near Afrin, Ankara-based media said.\n"
    "Hezbollah fighters and the Islamic State clashed in Syria's east, activists said."
)


def _lazy(text: str) -> list[list[ActorMatch]]:
    ctx = build_context(
        ArticleText("a", "https://example.test/a", text, dt.date(2016, 7, 31)), load_reference()
    )
    return [ctx.actors[i] for i in range(len(ctx.sentences))]


def test_sentence_actors_equal_the_eager_lists_on_an_article():
    got = _lazy(_ARTICLE)
    assert got == _eager_actors(_ARTICLE)
    assert sum(map(len, got)) >= 10  # the text names many actors
    ctx = build_context(ArticleText("a", "u", _ARTICLE, None), load_reference())
    for i, s in enumerate(ctx.sentences):  # each surface is its sentence's slice
        assert all(_ARTICLE[s.start + a.start : s.start + a.end] == a.surface for a in ctx.actors[i])
    assert ctx.actors[0] is ctx.actors[0]  # made once


@settings(max_examples=150, deadline=None)
@given(_texts)
def test_sentence_actors_equal_the_eager_lists(text):
    if not text.strip():
        return
    assert _lazy(text) == _eager_actors(text)
