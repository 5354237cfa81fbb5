"""Cleaning and extraction in a process pool store exactly what the in-process path stores."""

from __future__ import annotations

import pytest

from benchmarks.corpus import Corpus, write_corpus
from extract.extractors import get_extractor
from extract.fetching.settings import FetchSettings
from extract.sources import SourceConfig
from warehouse import stages
from warehouse.connection import open_warehouse

ARTICLE_COLUMNS = "article_id, url, status, reason, title, published_date, fingerprint, duplicate_of, text"
MENTION_COLUMNS = "mention_id, article_id, family, event_type, sentence, place_name, modality, claimant"


def _run(tmp_path, corpus_dir, name: str, workers: int, monkeypatch) -> tuple[list, list]:
    monkeypatch.setenv(stages.WORKERS_ENV, str(workers))
    monkeypatch.setattr(stages, "POOL_MIN_ITEMS", 1)
    monkeypatch.setattr(stages, "BATCH", 7)  # several batches in flight at once
    with open_warehouse(tmp_path / f"{name}.duckdb") as con:
        source = SourceConfig(id="bench", kind="archive", path=corpus_dir)
        stages.ingest_pages(con, [source], FetchSettings(), "run-1")
        cleaned = stages.clean_pages(con)
        extracted = stages.extract_mentions(con, get_extractor("rules"))
        assert cleaned.new + cleaned.failed == 30 and extracted.new > 0
        articles = con.execute(f"select {ARTICLE_COLUMNS} from raw.articles order by 1").fetchall()
        mentions = con.execute(f"select {MENTION_COLUMNS} from raw.mentions order by 1").fetchall()
    return articles, mentions


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(Corpus(30, seed=11), folder)
    return folder


def test_two_workers_store_the_same_articles_and_mentions_as_one(tmp_path, corpus_dir, monkeypatch):
    inline = _run(tmp_path, corpus_dir, "inline", 1, monkeypatch)
    pooled = _run(tmp_path, corpus_dir, "pooled", 2, monkeypatch)
    assert pooled == inline
    articles, _ = pooled
    assert any(a[7] is not None for a in articles), "the corpus's wire copies are marked duplicate_of"


def test_a_bad_worker_count_is_an_error_that_names_the_variable(monkeypatch):
    monkeypatch.setenv(stages.WORKERS_ENV, "two")
    with pytest.raises(ValueError, match="FRONTLINES_WORKERS"):
        stages.worker_count()
    monkeypatch.setenv(stages.WORKERS_ENV, "3")
    assert stages.worker_count() == 3
