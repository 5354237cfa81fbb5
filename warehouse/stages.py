"""The pipeline's stages over the warehouse: acquire pages, clean them, extract mentions.

Each stage reads what is new from the raw layer, calls the pure functions of `extract/`, and loads
the result keyed and in bulk, so a stage run twice does nothing the second time. Dagster assets and
the CLI both call these functions: one code path.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import duckdb

from extract.clean import CLEANER_VERSION, clean_article
from extract.models import ArticleText, ExtractionError
from warehouse.load import (
    WarehouseKnownPages,
    Window,
    article_keys_to_extract,
    load_acquisition_batch,
    load_articles,
    load_mentions,
    page_keys_to_clean,
    stored_articles,
    stored_pages,
)

log = logging.getLogger("frontlines.stages")
BATCH = 200
Progress = Callable[[str, int], None]
WORKERS_ENV = "FRONTLINES_WORKERS"
# below this many items a stage works in its own process: a pool's start-up would cost more than it saves
POOL_MIN_ITEMS = 2 * BATCH
# extractors that are CPU-bound and hold no connections, so forked worker processes may run them
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


@dataclass
class StageCounts:
    new: int = 0
    unchanged: int = 0
    failed: int = 0
    by_reason: Counter = field(default_factory=Counter)
    by_family: Counter = field(default_factory=Counter)

    def as_metadata(self) -> dict:
        out = {"new": self.new, "unchanged": self.unchanged, "failed": self.failed}
        if self.by_reason:
            out["by_reason"] = dict(self.by_reason)
        if self.by_family:
            out["by_family"] = dict(self.by_family)
        return out


def ingest_pages(
    con: duckdb.DuckDBPyConnection, sources, settings, run_id: str, progress: Progress | None = None
):
    """Discover and fetch every source; store new or changed pages and every attempt. What earlier
    runs concluded (skips, failures and their retry plan, listing validators) keeps URLs from being
    fetched again for nothing."""
    from extract.acquire import acquire
    from warehouse.fetch_state import WarehouseUrlHistory

    counts = StageCounts()
    known = WarehouseKnownPages(con)
    history = WarehouseUrlHistory(con)
    for batch in acquire(sources, known, settings, history=history):
        result = load_acquisition_batch(con, batch, run_id)
        counts.new += result["pages_new"]
        counts.unchanged += result["pages_unchanged"] + len(batch.unchanged)
        counts.failed += result["failures"]
        counts.by_reason.update(f.error_class for f in batch.failures)
        if progress:
            progress("pages", len(batch.pages) + len(batch.unchanged) + len(batch.failures))
    return counts


def _clean_row(page_id: str, url: str, html: bytes, content_hash: str) -> dict:
    result = clean_article(html, url)
    row = {
        "article_id": page_id,
        "page_id": page_id,
        "url": result.url or url,
        "status": result.status,
        "reason": result.reason,
        "title": result.title,
        "author": result.author,
        "sitename": result.sitename,
        "hostname": result.hostname,
        "published_date": result.published_date,
        "language": result.language,
        "fingerprint": result.fingerprint,
        "duplicate_of": None,
        "text": result.text,
        "cleaner_version": CLEANER_VERSION,
        "content_hash": content_hash,
    }
    return row


def _batched(items: Iterable, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _map_batches(work: Callable, batches: Iterable[list], workers: int) -> Iterator[tuple[list, list]]:
    """(batch, [work(item) for item in batch]) in order. With workers > 1, a pool of forked processes
    works on the next batches while the caller loads this one (CPU-bound trafilatura and rules run in
    parallel; the caller alone writes to DuckDB). Two batches are in flight, so memory stays bounded."""
    if workers <= 1:
        for batch in batches:
            yield batch, [work(item) for item in batch]
        return
    # fork: workers start in milliseconds with the parent's modules and extractor already loaded
    pool = ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"))
    try:
        in_flight: deque = deque()
        for batch in batches:
            chunk = max(1, len(batch) // (workers * 4))
            in_flight.append((batch, pool.map(work, batch, chunksize=chunk)))
            if len(in_flight) > 2:
                done, results = in_flight.popleft()
                yield done, list(results)
        while in_flight:
            done, results = in_flight.popleft()
            yield done, list(results)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _clean_stored(item: tuple) -> dict:
    """Clean one stored page (runs in a worker): inflate, decode with the charset found at fetch time
    (trafilatura would guess it again), clean."""
    page_id, url, blob, content_hash, charset = item
    html: str | bytes = zlib.decompress(blob)
    if charset:
        with contextlib.suppress(LookupError):
            html = html.decode(charset, errors="replace")
    return _clean_row(page_id, url, html, content_hash)


def clean_pages(
    con: duckdb.DuckDBPyConnection,
    everything: bool = False,
    progress: Progress | None = None,
    window: Window = None,
):
    """Clean every page that has no current article; a page that fails is stored with its reason.

    `window` limits the work to pages ingested in [start, end) (a partition or a range of them)."""
    counts = StageCounts()
    # the work list holds keys only (the cursor cannot stay open while we write); bodies are read a
    # batch at a time, so a run over 100,000 pages never holds their HTML at once
    keys = page_keys_to_clean(con, CLEANER_VERSION, everything=everything, window=window)
    workers = worker_count() if len(keys) >= POOL_MIN_ITEMS else 1
    batches = (stored_pages(con, chunk) for chunk in _batched(keys, BATCH))
    for _, rows in _map_batches(_clean_stored, batches, workers):
        load_articles(con, rows)
        for row in rows:
            if row["status"] == "ok":
                counts.new += 1
            else:
                counts.failed += 1
                counts.by_reason[row["status"]] += 1
        if progress:
            progress("articles", len(rows))
    return counts


_extractor = None  # the extractor of the running stage, inherited by forked workers


def _extract_one(item: tuple) -> tuple[str, list, list, str | None, str | None]:
    """(article_id, mentions, links, error type, error) for one stored article (runs in a worker)."""
    article_id, url, text, published, title = item
    article = ArticleText(article_id=article_id, url=url, text=text or "", published=published, title=title)
    try:
        found, found_links = _extractor.extract(article)
    except ExtractionError as exc:
        log.warning("extractor %s failed on %s: %s", _extractor.name, url, exc)
        return article_id, [], [], type(exc).__name__, f"{type(exc).__name__}: {exc}"[:1000]
    return article_id, list(found), list(found_links), None, None


def extract_mentions(
    con: duckdb.DuckDBPyConnection,
    extractor,
    everything: bool = False,
    progress: Progress | None = None,
    window: Window = None,
):
    """Run the extractor over articles it has not read; replace its rows for those articles.

    `window` limits the work to articles whose page was ingested in [start, end)."""
    global _extractor
    counts = StageCounts()
    keys = article_keys_to_extract(
        con, extractor.name, extractor.version, everything=everything, window=window
    )
    parallel = extractor.name in PROCESS_SAFE_EXTRACTORS and len(keys) >= POOL_MIN_ITEMS
    workers = worker_count() if parallel else 1
    batches = (stored_articles(con, chunk) for chunk in _batched(keys, BATCH))
    _extractor = extractor
    try:
        for batch, results in _map_batches(_extract_one, batches, workers):
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
            load_mentions(con, ids, mentions, links, extractor.name, extractor.version, failed=failed)
            counts.new += len(mentions)
            counts.by_family.update(m.family for m in mentions)
            if progress:
                progress("mentions", len(batch))
    finally:
        _extractor = None
    counts.unchanged = 0
    return counts
