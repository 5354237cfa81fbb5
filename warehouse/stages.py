"""The pipeline's stages over the warehouse: acquire pages, clean them, extract mentions.

Each stage reads what is new from the raw layer, calls the pure functions of `extract/`, and loads
the result keyed and in bulk, so a stage run twice does nothing the second time. Dagster assets and
the CLI both call these functions: one code path.

Each batch commits by itself (its pages with their fetch attempts; its articles; its articles'
mentions, links and extraction log rows), never the stage as a whole: DuckDB holds a transaction's
new rows in memory until commit, so a stage-wide transaction grew with the run (about 2.8 GB of HTML
at 100,000 pages). A stage that is stopped, even by SIGKILL, leaves whole batches, and what it
selects as new next time excludes them: fetched pages are known (revalidated, not downloaded
again), cleaned pages have their article, extracted articles their log row.

Each stage takes a `warehouse.connection.Warehouse` (or, as before, a bare connection, which is
never reopened) and closes and reopens it every `reopen_every()` committed pages or articles
(1,000 by default): the memory DuckDB frees after each commit is kept by the process and grew with
the run (about 500 MB after fetching 3,000 pages), and only closing the database returns it. So
nothing a stage keeps across batches may hold the connection: the work list is read once, and each
batch's pages or articles are read through the connection of the moment.
"""

from __future__ import annotations

import functools
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import duckdb

from extract.clean import CLEANER_VERSION
from warehouse.clock import utc_now
from warehouse.connection import Warehouse
from warehouse.load import (
    WarehouseKnownPages,
    Window,
    article_keys_to_extract,
    in_transaction,
    load_acquisition_batch,
    load_articles,
    load_mentions,
    page_id_for,
    page_keys_to_clean,
    stored_articles,
    stored_pages,
)
from warehouse.stage_pool import (
    InFlight,
    clean_and_extract_in_worker,
    clean_pool_args,
    clean_stored,
    extract_article,
    extract_in_worker,
    extract_pool_args,
    map_batches,
    new_pool,
)

log = logging.getLogger("frontlines.stages")
BATCH = 200
Progress = Callable[[str, int], None]
WORKERS_ENV = "FRONTLINES_WORKERS"
# below this many items a stage works in its own process: a pool's start-up would cost more than it saves
POOL_MIN_ITEMS = 2 * BATCH
# the fetch stage's stream starts its pool on this many new pages when their acquisition batch was
# full (more are coming), not waiting for POOL_MIN_ITEMS: acquisition's first batch holds 100 URLs
EARLY_START_ITEMS = BATCH // 2
# set to 0 to leave cleaning and extraction to their stages instead of the fetch stage's stream
STREAM_ENV = "FRONTLINES_STREAM"
# extractors that are CPU-bound, hold no connections and can be rebuilt by name in a worker process
PROCESS_SAFE_EXTRACTORS = {"rules"}


def worker_count() -> int:
    """Processes for cleaning and extraction: $FRONTLINES_WORKERS, else the cores this process may use."""
    value = os.environ.get(WORKERS_ENV, "").strip()
    if not value:
        return len(os.sched_getaffinity(0))
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        raise ValueError(f"{WORKERS_ENV}={value!r}: give a whole number of processes, 1 or more")
    return count


def streaming_enabled() -> bool:
    """Whether the fetch stage streams pages into cleaning and extraction: on unless
    $FRONTLINES_STREAM is 0, false, no or off (then the clean and extract stages do all of it)."""
    value = os.environ.get(STREAM_ENV, "").strip().lower()
    if value in {"", "1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{STREAM_ENV}={value!r}: give 1 (stream, the default) or 0 (leave it to the stages)")


@dataclass
class StageCounts:
    new: int = 0
    unchanged: int = 0
    failed: int = 0
    by_reason: Counter = field(default_factory=Counter)
    by_family: Counter = field(default_factory=Counter)
    downstream: dict = field(default_factory=dict)  # ingest_pages: what its stream cleaned and extracted

    def as_metadata(self) -> dict:
        out = {"new": self.new, "unchanged": self.unchanged, "failed": self.failed}
        if self.by_reason:
            out["by_reason"] = dict(self.by_reason)
        if self.by_family:
            out["by_family"] = dict(self.by_family)
        return out


def _stage_warehouse(warehouse: Warehouse | duckdb.DuckDBPyConnection, stage: str) -> Warehouse:
    """The Warehouse a stage writes through (a bare connection is held, never reopened). A stage
    inside an open `transaction` would commit all its batches at once at the end: refused."""
    if not isinstance(warehouse, Warehouse):
        warehouse = Warehouse.holding(warehouse)
    if in_transaction(warehouse.con):
        raise RuntimeError(
            f"{stage} commits a batch at a time: call it outside `warehouse.load.transaction`, "
            "whose one commit at the end would hold every batch in memory"
        )
    return warehouse


def ingest_pages(
    warehouse: Warehouse | duckdb.DuckDBPyConnection,
    sources,
    settings,
    run_id: str,
    progress: Progress | None = None,
    extractor=None,
    stream_min_items: int | None = None,
):
    """Discover and fetch every source; store new or changed pages and every attempt. What earlier
    runs concluded (skips, failures and their retry plan, listing validators) keeps URLs from being
    fetched again for nothing.

    With a process-safe `extractor`, each stored batch also streams through cleaning and extraction
    in the worker pool while the next batches are fetched (`PageStream`): fetching keeps one core
    busy at most, so the other cleans instead of idling, and no page is read back from the warehouse
    to be cleaned. The returned counts carry the stream's under `downstream`; what the stream did not
    do (a run of fewer than `stream_min_items` new pages, `POOL_MIN_ITEMS` by default; pages of
    earlier runs; a new cleaner or extractor version; every page with FRONTLINES_STREAM=0) is left
    to `clean_pages` and `extract_mentions`, which skip what it did."""
    from extract.acquire import acquire
    from warehouse.fetch_state import WarehouseUrlHistory

    wh = _stage_warehouse(warehouse, "ingest_pages")
    counts = StageCounts()
    streamed = extractor is not None and extractor.name in PROCESS_SAFE_EXTRACTORS and streaming_enabled()
    min_items = POOL_MIN_ITEMS if stream_min_items is None else stream_min_items
    stream = PageStream(wh, extractor, min_items, progress) if streamed else None
    # both read the warehouse once, into memory: acquisition never touches the connection
    known = WarehouseKnownPages(wh.con)
    history = WarehouseUrlHistory(wh.con)
    try:
        for batch in acquire(sources, known, settings, history=history):
            result = load_acquisition_batch(wh.con, batch, run_id)
            counts.new += result["pages_new"]
            counts.unchanged += result["pages_unchanged"] + len(batch.unchanged)
            counts.failed += result["failures"]
            counts.by_reason.update(f.error_class for f in batch.failures)
            done = len(batch.pages) + len(batch.unchanged) + len(batch.failures)
            if progress:
                progress("pages", done)
            wh.committed(done)
            if stream is not None:
                stream.add(batch.pages, result["changed"], more=batch.full)
            # let the stored batch go now: the loop variable would hold its bodies while `acquire`
            # fills the next batch, two batches of pages in memory instead of one
            del batch
        if stream is not None:
            stream.finish()
    finally:
        if stream is not None:
            stream.close()
    if stream is not None:
        counts.downstream = {"articles": stream.articles, "mentions": stream.mentions}
    return counts


class PageStream:
    """Cleans and extracts the pages `ingest_pages` stores, in a worker pool, while it fetches more.

    Pages wait until `min_items` have come (a smaller run is left to the stages, which work in
    process: a pool's start-up would cost more than it saves), or `EARLY_START_ITEMS` from a full
    acquisition batch (more are coming: the pool starts while they are fetched, instead of a core
    idling until `min_items` are in); then batches of up to `BATCH` pages go to the pool, at most two
    ahead of the one being loaded, so memory stays bounded. A part batch goes only as the pool's first
    (an early start) and at the end, so the batches a run commits are that first one, then whole
    batches of `BATCH`, then the rest. The results are
    written as the stages write them: `load_articles` (which marks wire copies), then `load_mentions`
    with the extractor's log rows, each batch committed by itself.

    Every row the stream writes carries one time, the stream's start, as `cleaned_at` and
    `extracted_at`: which pages make up a batch depends on which fetches finish first, and the strike
    marts break ties between equally dated reports by arrival (`extracted_at`, then id), so stamping
    each batch with its own load time would let two runs over the same pages name events apart."""

    def __init__(self, wh: Warehouse, extractor, min_items: int, progress: Progress | None) -> None:
        self.wh, self.extractor, self.min_items, self.progress = wh, extractor, min_items, progress
        self.waiting: list[tuple] = []
        self.pool = None  # started when the run reaches min_items
        self.in_flight: InFlight | None = None
        self.articles, self.mentions = StageCounts(), StageCounts()
        self.stamp = utc_now()

    def add(self, pages, changed: list[str], more: bool = False) -> None:
        """Queue the batch's stored pages (their bodies as fetched), send batches to the pool; `more`:
        the acquisition batch was full, so more pages may follow."""
        if not changed:
            return
        by_id = {page_id_for(page.canonical_url): page for page in pages}  # the last wins, as stored
        for page_id in changed:
            page = by_id[page_id]
            self.waiting.append((page_id, page.canonical_url, page.body, page.content_hash, page.charset))
        if self.pool is None and not self._worth_a_pool(more):
            return
        while len(self.waiting) >= BATCH or (self.waiting and self.in_flight is None):
            self._submit(self.waiting[:BATCH])
            del self.waiting[:BATCH]

    def _worth_a_pool(self, more: bool) -> bool:
        waiting = len(self.waiting)
        return waiting >= self.min_items or (more and waiting >= min(self.min_items, EARLY_START_ITEMS))

    def finish(self) -> None:
        """Send what is left (if the run reached `min_items`) and load every result."""
        if self.waiting and (self.pool is not None or len(self.waiting) >= self.min_items):
            self._submit(self.waiting)
        self.waiting = []  # below min_items: left to the stages
        if self.in_flight is not None:
            for batch, results in self.in_flight.drain():
                self._load(batch, results)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def _submit(self, items: list[tuple]) -> None:
        if self.in_flight is None:
            workers = worker_count()
            self.pool = new_pool(workers, *extract_pool_args(self.extractor))
            self.in_flight = InFlight(self.pool, clean_and_extract_in_worker, workers)
        for batch, results in self.in_flight.submit(items):
            self._load(batch, results)

    def _load(self, batch: list[tuple], results: list) -> None:
        rows = [row for row, _ in results]
        for row in rows:
            row["cleaned_at"] = self.stamp
        load_articles(self.wh.con, rows)
        _count_articles(self.articles, rows)
        extracted = [found for _, found in results if found is not None]
        self.mentions.new += load_extraction_results(
            self.wh.con, self.extractor, extracted, self.mentions, stamp=self.stamp
        )
        if self.progress:
            self.progress("articles", len(batch))
        self.wh.committed(len(batch))


def _batched(items: Iterable, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def clean_pages(
    warehouse: Warehouse | duckdb.DuckDBPyConnection,
    everything: bool = False,
    progress: Progress | None = None,
    window: Window = None,
):
    """Clean every page that has no current article; a page that fails is stored with its reason.

    `window` limits the work to pages ingested in [start, end) (a partition or a range of them)."""
    wh = _stage_warehouse(warehouse, "clean_pages")
    counts = StageCounts()
    # the work list holds keys only (the cursor cannot stay open while we write); bodies are read a
    # batch at a time, so a run over 100,000 pages never holds their HTML at once; each batch is
    # read through `wh.con` as it is when the batch is read (the connection may have been reopened)
    keys = page_keys_to_clean(wh.con, CLEANER_VERSION, everything=everything, window=window)
    workers = worker_count() if len(keys) >= POOL_MIN_ITEMS else 1
    batches = (stored_pages(wh.con, chunk) for chunk in _batched(keys, BATCH))
    initializer, initargs = clean_pool_args()
    for _, rows in map_batches(clean_stored, batches, workers, initializer, initargs):
        load_articles(wh.con, rows)
        _count_articles(counts, rows)
        if progress:
            progress("articles", len(rows))
        wh.committed(len(rows))
    return counts


def _count_articles(counts: StageCounts, rows: list[dict]) -> None:
    """An article is new; a page without one is failed, by its status (no_text, not_article...)."""
    for row in rows:
        if row["status"] == "ok":
            counts.new += 1
        else:
            counts.failed += 1
            counts.by_reason[row["status"]] += 1


def load_extraction_results(
    con: duckdb.DuckDBPyConnection, extractor, results: list, counts: StageCounts, stamp=None
) -> int:
    """Write a batch of `extract_article` results (mentions, links, log rows; an article the
    extractor failed on is logged failed, with its reason); count them into `counts`."""
    mentions, links, ids, failed = [], [], [], {}
    for article_id, found, found_links, error_type, error in results:
        ids.append(article_id)
        if error is not None:
            failed[article_id] = error
            counts.failed += 1
            counts.by_reason[error_type] += 1
            continue
        mentions.extend(found)
        links.extend(found_links)
    load_mentions(
        con, ids, mentions, links, extractor.name, extractor.version, failed=failed, extracted_at=stamp
    )
    counts.by_family.update(m.family for m in mentions)
    return len(mentions)


def extract_mentions(
    warehouse: Warehouse | duckdb.DuckDBPyConnection,
    extractor,
    everything: bool = False,
    progress: Progress | None = None,
    window: Window = None,
):
    """Run the extractor over articles it has not read; replace its rows for those articles.

    `window` limits the work to articles whose page was ingested in [start, end)."""
    wh = _stage_warehouse(warehouse, "extract_mentions")
    counts = StageCounts()
    keys = article_keys_to_extract(
        wh.con, extractor.name, extractor.version, everything=everything, window=window
    )
    parallel = extractor.name in PROCESS_SAFE_EXTRACTORS and len(keys) >= POOL_MIN_ITEMS
    workers = worker_count() if parallel else 1
    batches = (stored_articles(wh.con, chunk) for chunk in _batched(keys, BATCH))
    if workers > 1:  # each worker builds the extractor by name, once (stage_pool.start_extract_worker)
        work, (initializer, initargs) = extract_in_worker, extract_pool_args(extractor)
    else:
        work, initializer, initargs = functools.partial(extract_article, extractor), None, ()
    for batch, results in map_batches(work, batches, workers, initializer, initargs):
        counts.new += load_extraction_results(wh.con, extractor, results, counts)
        if progress:
            progress("mentions", len(batch))
        wh.committed(len(batch))
    counts.unchanged = 0
    return counts
