"""The worker processes that clean and extract for the stages, and what runs in them.

Workers come from a fork server, not from a fork of the stage's process: by the time a stage starts,
that process holds the DuckDB connection and its buffer cache of the pages just written (hundreds of
MB). A forked worker inherits that heap as shared pages, which are counted a second time once the
parent reuses the memory, so peak memory grew with the run. The fork server is a fresh interpreter
started once per process with the cleaning and extraction modules imported (`WORKER_PRELOAD`); each
pool's workers fork from it in milliseconds, with no warehouse in their memory. The extractor is
built in each worker by name, once, by the pool's initializer.

This module imports no DuckDB: only the parent writes the warehouse.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from extract.clean import CLEANER_VERSION, clean_article
from extract.models import ArticleText, ExtractionError
from warehouse.page_blob import inflate

log = logging.getLogger("frontlines.stages")

# imported once into the fork server, so every worker starts with trafilatura and the rules loaded
WORKER_PRELOAD = ["warehouse.stage_pool", "extract.clean", "extract.extractors", "extract.events.rules"]
START_METHOD = "forkserver"
# the environment a worker sees is the fork server's, taken when it started: these are passed anew
ENV_PREFIX = "FRONTLINES_"


def worker_context() -> mp.context.BaseContext:
    """The multiprocessing context of the stage pools: the fork server, with the modules preloaded
    (the preload list takes effect when the server starts, the first time a pool is made)."""
    context = mp.get_context(START_METHOD)
    context.set_forkserver_preload(WORKER_PRELOAD)
    return context


def worker_server_pid() -> int | None:
    """The fork server's process id while it runs, else None."""
    from multiprocessing import forkserver

    return getattr(forkserver._forkserver, "_forkserver_pid", None)


def stop_worker_server() -> bool:
    """Stop the fork server once the stages are done: it holds the preloaded modules (about 80 MB)
    and would otherwise live as long as this process, through dbt. The next pool starts it again
    (a second or two). Call it only when no pool is open. Uses the standard library's own stop
    (`ForkServer._stop`, what CPython's tests call); returns whether a server was stopped."""
    from multiprocessing import forkserver

    server = forkserver._forkserver
    stop = getattr(server, "_stop", None)
    if stop is None or worker_server_pid() is None:
        return False
    stop()
    return True


def _frontlines_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)}


def start_worker(env: dict[str, str], cleaner_version: str) -> None:
    """Initializer of a cleaning worker: the parent's FRONTLINES_* settings as they are now. Refuses
    to start when its cleaner is not the parent's (the fork server imports the code afresh, so an
    upgrade under a running pipeline would store articles under a version the stage never asked
    for, and the next run would clean them all again)."""
    if cleaner_version != CLEANER_VERSION:
        raise RuntimeError(
            f"the cleaner is version {CLEANER_VERSION} in a worker but {cleaner_version} in the stage: "
            "the code changed under a running pipeline; run it again"
        )
    for key in [k for k in os.environ if k.startswith(ENV_PREFIX) and k not in env]:
        del os.environ[key]
    os.environ.update(env)


_extractor = None  # the extractor a worker built at start (start_extract_worker)


def start_extract_worker(env: dict[str, str], cleaner_version: str, name: str, version: str) -> None:
    """Initializer of an extraction worker: build the extractor by name, once for the pool's life
    (its reference data loads on its first article, then serves every batch)."""
    global _extractor
    from extract.extractors import get_extractor

    start_worker(env, cleaner_version)
    extractor = get_extractor(name)
    if extractor.version != version:
        raise RuntimeError(
            f"extractor {name!r} is version {extractor.version} in a worker but {version} in the stage: "
            "the code changed under a running pipeline; run it again"
        )
    _extractor = extractor


def new_pool(workers: int, initializer: Callable | None = None, initargs: tuple = ()) -> ProcessPoolExecutor:
    """A stage pool: `workers` processes from the fork server, `initializer(*initargs)` in each."""
    return ProcessPoolExecutor(
        workers, mp_context=worker_context(), initializer=initializer, initargs=initargs
    )


def chunk_size(items: int, workers: int) -> int:
    """Items a worker takes at a time from a batch: about four chunks a worker, so the workers
    finish a batch together."""
    return max(1, items // (workers * 4))


class WorkerLost(RuntimeError):
    """A pool worker ended without handing back its results: killed (the kernel's out-of-memory
    killer, an operator) or crashed. The stage stops; what it committed before stays."""


def release_broken(pool: ProcessPoolExecutor) -> None:
    """Let a broken pool shut down. Its queue thread may be stuck writing a batch into the pipe the
    dead workers read, a pipe this process also holds open for reading, so it never fails; the pool's
    manager waits on that thread, and `shutdown` (or the interpreter's exit) on the manager, forever.
    CPython 3.11.5 and later close that read end themselves (gh-94777); Debian's 3.11.2, on which CI
    runs, does not, and a test that killed a stream's worker hung there. Closing it again is a no-op."""
    reader = getattr(getattr(pool, "_call_queue", None), "_reader", None)
    if reader is not None:
        with contextlib.suppress(OSError):
            reader.close()


def _worker_lost(items: int, cause: BaseException) -> WorkerLost:
    return WorkerLost(
        f"a cleaning/extraction worker process ended abruptly with a batch of {items} items in hand "
        f"({cause}). Most often the system killed it for memory: check the kernel log (`dmesg`), then "
        "lower FRONTLINES_WORKERS or FRONTLINES_DUCKDB_MEMORY_LIMIT; a worker that refused to start "
        "(another code version) said why on standard error. The batches committed before it are "
        "kept; run again to resume from there."
    )


class InFlight:
    """Batches handed to a pool, at most `ahead` of them beyond the one the caller is loading (so
    memory stays bounded while the workers run ahead); results come back in submission order. A
    worker that dies raises `WorkerLost` here, instead of the pool's bare BrokenProcessPool."""

    def __init__(self, pool: ProcessPoolExecutor, work: Callable, workers: int, ahead: int = 2) -> None:
        self.pool, self.work, self.workers, self.ahead = pool, work, workers, ahead
        self.batches: deque = deque()

    def submit(self, batch: list) -> Iterator[tuple[list, list]]:
        """Send `batch` to the pool; yields (batch, results) for those that must be loaded now."""
        try:
            results = self.pool.map(self.work, batch, chunksize=chunk_size(len(batch), self.workers))
        except BrokenProcessPool as exc:  # a worker died before this batch was sent
            release_broken(self.pool)
            raise _worker_lost(len(batch), exc) from exc
        self.batches.append((batch, results))
        while len(self.batches) > self.ahead:
            yield self._done()

    def drain(self) -> Iterator[tuple[list, list]]:
        """(batch, results) for every batch still in flight."""
        while self.batches:
            yield self._done()

    def _done(self) -> tuple[list, list]:
        batch, results = self.batches.popleft()
        try:
            return batch, list(results)
        except BrokenProcessPool as exc:
            release_broken(self.pool)
            raise _worker_lost(len(batch), exc) from exc


def map_batches(
    work: Callable,
    batches: Iterable[list],
    workers: int,
    initializer: Callable | None = None,
    initargs: tuple = (),
) -> Iterator[tuple[list, list]]:
    """(batch, [work(item) for item in batch]) in order. With workers > 1, a pool of processes works on
    the next batches while the caller loads this one (CPU-bound trafilatura and rules run in
    parallel; the caller alone writes to DuckDB). Two batches are in flight, so memory stays bounded.
    `initializer(*initargs)` runs once in each worker (not in the caller's process)."""
    if workers <= 1:
        for batch in batches:
            yield batch, [work(item) for item in batch]
        return
    pool = new_pool(workers, initializer, initargs)
    try:
        in_flight = InFlight(pool, work, workers)
        for batch in batches:
            yield from in_flight.submit(batch)
        yield from in_flight.drain()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def clean_pool_args() -> tuple[Callable, tuple]:
    """initializer and initargs of a cleaning pool."""
    return start_worker, (_frontlines_env(), CLEANER_VERSION)


def extract_pool_args(extractor) -> tuple[Callable, tuple]:
    """initializer and initargs of an extraction pool running `extractor` (rebuilt by name)."""
    return start_extract_worker, (_frontlines_env(), CLEANER_VERSION, extractor.name, extractor.version)


def clean_row(page_id: str, url: str, html: bytes | str, content_hash: str) -> dict:
    result = clean_article(html, url)
    return {
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


def _decoded(body: bytes, charset: str | None) -> str | bytes:
    """The page decoded with the charset found at fetch time (trafilatura would guess it again)."""
    if charset:
        with contextlib.suppress(LookupError):
            return body.decode(charset, errors="replace")
    return body


def clean_stored(item: tuple) -> dict:
    """Clean one stored page: inflate, decode, clean."""
    page_id, url, blob, content_hash, charset = item
    return clean_row(page_id, url, _decoded(inflate(blob), charset), content_hash)


def clean_and_extract(extractor, item: tuple) -> tuple[dict, tuple | None]:
    """A page just fetched, cleaned and read by the extractor in one go (the stream of
    `warehouse.stages.ingest_pages`): the article row and, for an article, what `extract_article`
    returns for it, from the same fields the extraction stage reads back from `raw.articles`."""
    page_id, url, body, content_hash, charset = item
    row = clean_row(page_id, url, _decoded(body, charset), content_hash)
    if row["status"] != "ok":
        return row, None
    article = (row["article_id"], row["url"], row["text"], row["published_date"], row["title"])
    return row, extract_article(extractor, article)


def extract_article(extractor, item: tuple) -> tuple[str, list, list, str | None, str | None]:
    """(article_id, mentions, links, error type, error) for one stored article."""
    article_id, url, text, published, title = item
    article = ArticleText(article_id=article_id, url=url, text=text or "", published=published, title=title)
    try:
        found, found_links = extractor.extract(article)
    except ExtractionError as exc:
        log.warning("extractor %s failed on %s: %s", extractor.name, url, exc)
        return article_id, [], [], type(exc).__name__, f"{type(exc).__name__}: {exc}"[:1000]
    return article_id, list(found), list(found_links), None, None


def _worker_extractor():
    if _extractor is None:
        raise RuntimeError("no extractor in this worker: the pool was made without start_extract_worker")
    return _extractor


def extract_in_worker(item: tuple) -> tuple[str, list, list, str | None, str | None]:
    """extract_article with the extractor this worker built at start."""
    return extract_article(_worker_extractor(), item)


def clean_and_extract_in_worker(item: tuple) -> tuple[dict, tuple | None]:
    """clean_and_extract with the extractor this worker built at start."""
    return clean_and_extract(_worker_extractor(), item)
