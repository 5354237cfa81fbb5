"""rules._ArticleRun._fatalities asks _FATAL through the sentence gates (_search_in): skipped where
the sentence lacks every word of death. Every mention of the case texts, and of the sentences
below, must be the one the extractor gives with _FATAL searched plainly every time."""

from __future__ import annotations

import dataclasses
import datetime as dt

from extract.events import default_extractor, rules
from extract.models import ArticleText
from tests.extract.case_texts import case_texts

_MORE = [
    "Russian jets struck Atareb on Tuesday, killing nine civilians. Turkish artillery shelled Afrin.",
    "Shelling of Douma left 12 people dead, the monitor said. An air strike hit Saraqeb on Monday.",
    "An air strike hit Saraqeb. The death toll rose to 30 after the bombing of Idlib.",
]


def _mentions(texts: list[str]) -> list[dict]:
    extractor = default_extractor()
    out = []
    for n, text in enumerate(texts):
        article = ArticleText(f"a{n}", f"https://example.org/{n}", text, published=dt.date(2016, 7, 31))
        mentions, _ = extractor.extract(article)
        out.extend(dataclasses.asdict(m) for m in mentions)
    return out


def test_fatalities_through_the_gate_equal_the_plain_search(monkeypatch):
    texts = case_texts() + _MORE
    gated = _mentions(texts)
    assert any(m["fatalities_low"] is not None for m in gated)
    plain_search = rules._ArticleRun._search_in

    def search_in(self, i, rx, part):
        return rx.search(part) if rx is rules._FATAL else plain_search(self, i, rx, part)

    monkeypatch.setattr(rules._ArticleRun, "_search_in", search_in)
    assert _mentions(texts) == gated
