"""The fetch stage's stream cleans and extracts what it stores, exactly as the later stages would.

`ingest_pages(..., extractor=...)` sends each stored batch of pages to the worker pool while it
fetches the next ones. The warehouse it leaves must be the one the stages leave (articles with their
wire copies marked, mentions, links, the extraction log), the stages must then find nothing left to
do, and a second run must add nothing. Pages come from a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from benchmarks.corpus import Corpus, CorpusServer, write_corpus
from benchmarks.measure import children_of
from benchmarks.pipeline_run import bench_fetch_settings, sitemap_source
from extract.extractors import get_extractor
from warehouse import stage_pool, stages
from warehouse.connection import open_warehouse

PAGES = 40
QUERIES = {
    "articles": "select article_id, url, status, reason, title, published_date, language, fingerprint, "
    "duplicate_of, text, content_hash from raw.articles order by 1",
    "mentions": "select * exclude (extracted_at) from raw.mentions order by mention_id",
    "links": "select * from raw.mention_links order by all",
    "log": "select article_id, extractor, extractor_version, n_mentions, status, error "
    "from raw.extraction_log order by 1",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stream-corpus")
    write_corpus(Corpus(PAGES, seed=11), folder)
    with CorpusServer(folder) as server:
        yield server


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setenv(stages.WORKERS_ENV, "2")
    monkeypatch.setattr(stages, "BATCH", 7)  # several batches in flight at once


def _tables(con) -> dict[str, list]:
    return {name: con.execute(sql).fetchall() for name, sql in QUERIES.items()}


def _ingest(con, server, **kw):
    return stages.ingest_pages(con, [sitemap_source(server.base_url)], bench_fetch_settings(4), "run-1", **kw)


def test_the_stream_stores_what_the_stages_store_and_leaves_them_nothing(tmp_path, served, small_batches):
    rules = get_extractor("rules")
    with open_warehouse(tmp_path / "staged.duckdb") as con:
        pages = _ingest(con, served)
        stages.clean_pages(con)
        stages.extract_mentions(con, rules)
        staged = _tables(con)
    assert pages.downstream == {} and pages.new == PAGES
    with open_warehouse(tmp_path / "streamed.duckdb") as con:
        pages = _ingest(con, served, extractor=rules, stream_min_items=1)
        streamed = _tables(con)
        # one time for the whole stream, whatever order the fetches finished in (PageStream says why)
        stamps = con.execute(
            "select count(distinct cleaned_at), (select count(distinct extracted_at) from raw.mentions), "
            "(select count(distinct extracted_at) from raw.extraction_log), "
            "(select min(extracted_at) from raw.mentions) = min(cleaned_at) from raw.articles"
        ).fetchone()
        left_to_clean = stages.clean_pages(con)
        left_to_extract = stages.extract_mentions(con, rules)
        again = _ingest(con, served, extractor=rules, stream_min_items=1)
        after_rerun = _tables(con)
    assert streamed == staged
    assert stamps == (1, 1, 1, True)
    articles, mentions = pages.downstream["articles"], pages.downstream["mentions"]
    assert articles.new + articles.failed == PAGES and articles.new == len(staged["log"])
    assert mentions.new == len(staged["mentions"]) > 0
    assert any(row[8] is not None for row in staged["articles"]), "a wire copy is marked duplicate_of"
    assert (left_to_clean.new, left_to_clean.failed, left_to_extract.new) == (0, 0, 0)
    assert left_to_extract.failed == 0
    assert again.new == 0 and again.downstream["articles"].new == 0
    assert after_rerun == streamed


def test_a_run_below_the_stream_threshold_is_left_to_the_stages(tmp_path, served, small_batches):
    rules = get_extractor("rules")
    with open_warehouse(tmp_path / "w.duckdb") as con:
        pages = _ingest(con, served, extractor=rules, stream_min_items=PAGES + 1)
        articles_after_ingest = con.execute("select count(*) from raw.articles").fetchone()[0]
        cleaned = stages.clean_pages(con)
        extracted = stages.extract_mentions(con, rules)
    assert pages.new == PAGES and pages.downstream["articles"].new == 0
    assert articles_after_ingest == 0
    assert cleaned.new + cleaned.failed == PAGES and extracted.new > 0


def test_a_full_first_batch_starts_the_pool_before_the_threshold(
    tmp_path, served, small_batches, monkeypatch
):
    """Acquisition's first batches are small, and a full one means more pages are coming: the stream
    starts its pool on it rather than idle a core until `min_items` pages are in."""
    import extract.acquire

    monkeypatch.setattr(extract.acquire, "FIRST_BATCH", 10)  # batches of 10, 20, then the last 10
    monkeypatch.setattr(stages, "EARLY_START_ITEMS", 10)
    rules = get_extractor("rules")
    with open_warehouse(tmp_path / "w.duckdb") as con:
        pages = _ingest(con, served, extractor=rules, stream_min_items=PAGES + 1)
        left = stages.clean_pages(con)
    assert pages.new == PAGES
    streamed = pages.downstream["articles"]
    assert streamed.new + streamed.failed == PAGES
    assert left.new + left.failed == 0


def test_an_extractor_the_workers_cannot_rebuild_is_not_streamed(tmp_path, served, small_batches):
    class InProcessOnly:
        name, version = "in-process-only", "1"

    with open_warehouse(tmp_path / "w.duckdb") as con:
        pages = _ingest(con, served, extractor=InProcessOnly(), stream_min_items=1)
        articles = con.execute("select count(*) from raw.articles").fetchone()[0]
    assert pages.new == PAGES and pages.downstream == {} and articles == 0


def test_frontlines_stream_0_leaves_the_work_to_the_stages(tmp_path, served, small_batches, monkeypatch):
    monkeypatch.setenv(stages.STREAM_ENV, "0")
    with open_warehouse(tmp_path / "w.duckdb") as con:
        pages = _ingest(con, served, extractor=get_extractor("rules"), stream_min_items=1)
        articles = con.execute("select count(*) from raw.articles").fetchone()[0]
    assert pages.new == PAGES and pages.downstream == {} and articles == 0
    monkeypatch.setenv(stages.STREAM_ENV, "sometimes")
    with pytest.raises(ValueError, match="FRONTLINES_STREAM"):
        stages.streaming_enabled()


def _kill_the_first_pool_worker(stop: threading.Event) -> None:
    """SIGKILL the first process the fork server forks (a stream worker), as the kernel's
    out-of-memory killer would."""
    while not stop.is_set():
        server = stage_pool.worker_server_pid()
        workers = children_of().get(server, []) if server else []
        if workers:
            os.kill(workers[0], signal.SIGKILL)
            return
        time.sleep(0.01)


def test_a_stream_whose_worker_is_killed_stops_with_a_clear_error_and_keeps_its_pages(
    tmp_path, served, small_batches
):
    """The fetch step fails with the reason and what to do, instead of hanging; the pages it stored
    stay, and the stages then clean and extract them."""
    rules = get_extractor("rules")
    stop = threading.Event()
    killer = threading.Thread(target=_kill_the_first_pool_worker, args=(stop,), daemon=True)
    killer.start()
    try:
        with open_warehouse(tmp_path / "w.duckdb") as con:
            with pytest.raises(stage_pool.WorkerLost, match="run again to resume"):
                _ingest(con, served, extractor=rules, stream_min_items=1)
            stored = con.execute("select count(*) from raw.pages").fetchone()[0]
            cleaned = stages.clean_pages(con)
            extracted = stages.extract_mentions(con, rules)
            articles = con.execute("select count(*) from raw.articles").fetchone()[0]
    finally:
        stop.set()
        killer.join(5)
        stage_pool.stop_worker_server()
    assert stored == PAGES
    assert articles == PAGES and cleaned.new + cleaned.failed <= PAGES
    assert extracted.failed == 0
