"""Stages record what fails instead of dropping it, and do nothing when nothing is new."""

from __future__ import annotations

import datetime as dt

from extract.models import ExtractionError, Mention
from warehouse.connection import open_warehouse
from warehouse.load import load_articles
from warehouse.stages import extract_mentions


class FlakyExtractor:
    """An extractor that cannot read one article (as an unreachable LLM endpoint would)."""

    name, version = "flaky", "1"

    def __init__(self, broken: set[str]):
        self.broken = broken

    def extract(self, article):
        if article.article_id in self.broken:
            raise ExtractionError(f"endpoint down while reading {article.url}")
        text = article.text
        return [
            Mention(
                article_id=article.article_id,
                family="strike",
                event_type="shelling",
                sentence=text,
                sentence_start=0,
                sentence_end=len(text),
                span_start=0,
                span_end=len(text),
                trigger_text=text,
                extractor=self.name,
                extractor_version=self.version,
            )
        ], []


def _article(article_id):
    return {
        "article_id": article_id,
        "page_id": article_id,
        "url": f"https://x.example/{article_id}",
        "status": "ok",
        "title": "t",
        "published_date": dt.date(2016, 8, 1),
        "fingerprint": article_id,
        "text": "Shells fell.",
        "cleaner_version": "v1",
        "content_hash": "h",
    }


def test_an_article_the_extractor_cannot_read_is_logged_failed_and_retried(tmp_path):
    with open_warehouse(tmp_path / "w.duckdb") as con:
        load_articles(con, [_article("a"), _article("b")])
        counts = extract_mentions(con, FlakyExtractor(broken={"b"}))
        assert (counts.new, counts.failed) == (1, 1)
        log = con.execute("select article_id, status, error from raw.extraction_log order by 1").fetchall()
        assert log[0][:2] == ("a", "ok") and log[1][:2] == ("b", "failed") and "endpoint down" in log[1][2]
        # nothing new for the article that worked; the failed one is read again and now succeeds
        counts = extract_mentions(con, FlakyExtractor(broken=set()))
        assert (counts.new, counts.failed) == (1, 0)
        assert con.execute("select count(*) from raw.mentions").fetchone()[0] == 2
        assert extract_mentions(con, FlakyExtractor(broken=set())).new == 0
