"""Stages record what fails instead of dropping it, do nothing when nothing is new, and commit a
batch at a time so a stopped stage keeps its whole batches and the next run does only the rest."""

from __future__ import annotations

import pytest

from benchmarks.corpus import Corpus, write_corpus
from extract.extractors import get_extractor
from extract.fetching.settings import FetchSettings
from extract.models import ExtractionError, Mention
from extract.sources import SourceConfig
from tests.warehouse.article_rows import article_row
from warehouse import stages
from warehouse.connection import open_warehouse
from warehouse.load import load_articles, transaction
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


def test_an_article_the_extractor_cannot_read_is_logged_failed_and_retried(tmp_path):
    with open_warehouse(tmp_path / "w.duckdb") as con:
        load_articles(con, [article_row(i, fingerprint=i, text="Shells fell.") for i in ("a", "b")])
        counts = extract_mentions(con, FlakyExtractor(broken={"b"}))
        assert (counts.new, counts.failed) == (1, 1)
        log = con.execute("select article_id, status, error from raw.extraction_log order by 1").fetchall()
        assert log[0][:2] == ("a", "ok") and log[1][:2] == ("b", "failed") and "endpoint down" in log[1][2]
        # nothing new for the article that worked; the failed one is read again and now succeeds
        counts = extract_mentions(con, FlakyExtractor(broken=set()))
        assert (counts.new, counts.failed) == (1, 0)
        assert con.execute("select count(*) from raw.mentions").fetchone()[0] == 2
        assert extract_mentions(con, FlakyExtractor(broken=set())).new == 0


class StopAfterFirstBatch(Exception):
    """Stands for a run stopped between two batches (the SIGKILL test kills a real run)."""


def _stop_after_first(stage: str, n: int) -> None:
    raise StopAfterFirstBatch(f"{stage}: stopped after {n}")


def _rows(con, sql: str) -> dict:
    return dict(con.execute(sql).fetchall())


def test_each_stage_commits_a_batch_at_a_time_and_the_next_run_does_only_the_rest(tmp_path, monkeypatch):
    """A stage stopped after its first batch keeps that batch (committed, read back by a new
    connection), and the next run of the stage leaves it alone and does the rest."""
    monkeypatch.setenv(stages.WORKERS_ENV, "1")
    monkeypatch.setattr(stages, "BATCH", 7)
    corpus = tmp_path / "corpus"
    write_corpus(Corpus(30, seed=11), corpus)
    source = SourceConfig(id="bench", kind="archive", path=corpus)
    settings = FetchSettings(max_batch_bytes=1)  # an acquisition batch per page
    path = tmp_path / "w.duckdb"
    rules = get_extractor("rules")

    steps = [
        ("pages", lambda con, progress: stages.ingest_pages(con, [source], settings, "r", progress=progress)),
        ("articles", lambda con, progress: stages.clean_pages(con, progress=progress)),
        ("mentions", lambda con, progress: stages.extract_mentions(con, rules, progress=progress)),
    ]
    stamps = {
        "pages": "select page_id, fetched_at from raw.pages",
        "articles": "select article_id, cleaned_at from raw.articles",
        "mentions": "select article_id, extracted_at from raw.extraction_log",
    }
    for name, run in steps:
        with open_warehouse(path) as con, pytest.raises(StopAfterFirstBatch):
            run(con, _stop_after_first)
        with open_warehouse(path) as con:  # a new connection: only committed rows are there
            kept = _rows(con, stamps[name])
            assert 0 < len(kept) <= (1 if name == "pages" else 7), (name, len(kept))
            counts = run(con, None)
            after = _rows(con, stamps[name])
        assert {k: after[k] for k in kept} == kept, f"{name}: the committed batch was done again"
        if name == "pages":
            assert (counts.new, counts.unchanged, len(after)) == (30 - len(kept), len(kept), 30)
        if name == "articles":
            assert (counts.new + counts.failed, len(after)) == (30 - len(kept), 30)
    with open_warehouse(path, read_only=True) as con:
        for table, key in {
            "raw.pages": "page_id",
            "raw.articles": "article_id",
            "raw.extraction_log": "article_id, extractor, extractor_version",
            "raw.mentions": "mention_id, extractor_version",
        }.items():
            assert not con.execute(f"select {key} from {table} group by all having count(*) > 1").fetchall()
        ok = con.execute("select count(*) from raw.articles where status = 'ok'").fetchone()[0]
        assert con.execute("select count(*) from raw.extraction_log").fetchone()[0] == ok > 7


def test_a_stage_refuses_to_run_inside_one_transaction(tmp_path):
    """Inside one open transaction every batch would commit at the end, all held in memory."""
    with (
        open_warehouse(tmp_path / "w.duckdb") as con,
        transaction(con),
        pytest.raises(RuntimeError, match="commits a batch at a time"),
    ):
        stages.clean_pages(con)
