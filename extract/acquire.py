"""acquire(): every configured source -> pages, unchanged URLs and recorded failures, in bounded batches.

For each source the connector lists items (archive files, URLs, WARC records, API reports); each item is
filtered (include/exclude, language where known), skipped if the warehouse already holds it unchanged
(conditional GET with ETag/Last-Modified; for local files size+mtime, then the content hash), held back
if an earlier run's outcome says so (`UrlHistory` + `extract.fetching.retry_policy`: skipped under the
same filters, failed permanently, given up, or a retry not yet due), else read or fetched. Every URL ends
in exactly one of: a page, `unchanged`, `filtered`, `held_back`, or a failure with a reason from
`extract.fetching.errors.ERROR_CLASSES`; every request or read is a `FetchAttempt`. Deliberate skips
come back as `SkippedUrl`s and failures carry what later runs do with them, so the warehouse can keep
both; feed and sitemap validators come back as `ListingValidators` in the run's last batch.

Batches hold at most `batch_size` URLs (and about `settings.max_batch_bytes` of bodies), so a run over
100,000 pages never holds them all in memory. The first holds at most `FIRST_BATCH` URLs and each next
one twice as many, up to `batch_size`, so the caller has pages to clean within a second of the start
instead of after the first 500 fetches (about 2.6 s with one core idle, session 14). Fetching runs in
a thread pool with a sliding window while the caller loads the previous batch; results arrive in
completion order.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import logging
import queue
import time
import zlib
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from email.utils import format_datetime
from pathlib import Path
from typing import Protocol

from extract.discovery import CONNECTORS, DiscoveredItem, DiscoveryContext, DiscoveryNote
from extract.fetching.charset import decode_html
from extract.fetching.client import HttpFetcher
from extract.fetching.errors import ERROR_CLASSES, FetchError
from extract.fetching.page_head import (
    canonical_for_fetched,
    canonical_for_file,
    primary_language,
    read_head,
)
from extract.fetching.records import (
    FetchAttempt,
    FetchedPage,
    FetchFailure,
    KnownPage,
    ListingValidators,
    PastOutcome,
    SkippedUrl,
    utc_now,
)
from extract.fetching.retry_policy import failure_after, held_back
from extract.fetching.settings import FetchSettings
from extract.fetching.url_history import UrlHistory, UrlHistoryIndex
from extract.sources import SourceConfig

__all__ = [
    "ERROR_CLASSES",
    "AcquisitionBatch",
    "FetchAttempt",
    "FetchFailure",
    "FetchSettings",
    "FetchedPage",
    "KnownPage",
    "KnownPages",
    "KnownPagesIndex",
    "ListingValidators",
    "SkippedUrl",
    "UrlHistory",
    "UrlHistoryIndex",
    "acquire",
]

log = logging.getLogger(__name__)
# URLs in a run's first batch (later ones double up to `batch_size`): a pool worth starting (the
# fetch stage's stream starts one on a full batch of this many new pages), soon after the start
FIRST_BATCH = 100


class KnownPages(Protocol):
    """What the warehouse holds, looked up by the URL we ask for (file:// URI for archive files)."""

    def get(self, url: str) -> KnownPage | None: ...


class KnownPagesIndex:
    """An in-memory KnownPages (tests, benchmarks, one-off runs without a warehouse)."""

    def __init__(self, pages: dict[str, KnownPage] | None = None) -> None:
        self._pages = dict(pages or {})

    @classmethod
    def from_pages(cls, pages: Iterable[FetchedPage]) -> KnownPagesIndex:
        return cls(
            {
                p.url: KnownPage(p.etag, p.last_modified, p.content_hash, p.canonical_url, p.fetched_at)
                for p in pages
            }
        )

    def add(self, page: FetchedPage) -> None:
        self._pages[page.url] = KnownPage(
            page.etag, page.last_modified, page.content_hash, page.canonical_url, page.fetched_at
        )

    def get(self, url: str) -> KnownPage | None:
        return self._pages.get(url)

    def __len__(self) -> int:
        return len(self._pages)


@dataclass
class AcquisitionBatch:
    pages: list[FetchedPage] = field(default_factory=list)
    failures: list[FetchFailure] = field(default_factory=list)
    attempts: list[FetchAttempt] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    filtered: list[str] = field(default_factory=list)  # dropped by include/exclude or language
    held_back: list[str] = field(default_factory=list)  # an earlier failure means: not this run
    skips: list[SkippedUrl] = field(default_factory=list)  # new or changed deliberate skips to keep
    listings: list[ListingValidators] = field(default_factory=list)  # only in a run's last batch
    body_bytes: int = 0  # kept by add_page: summing the pages per fetched page was quadratic in a batch
    full: bool = False  # closed at its size or byte budget, not at the run's end: more may follow

    def add_page(self, page: FetchedPage) -> None:
        self.pages.append(page)
        self.body_bytes += len(page.body)

    @property
    def urls_done(self) -> int:
        return (
            len(self.pages)
            + len(self.failures)
            + len(self.unchanged)
            + len(self.filtered)
            + len(self.held_back)
        )


@dataclass
class _Outcome:
    attempts: list[FetchAttempt] = field(default_factory=list)
    page: FetchedPage | None = None
    failure: FetchFailure | None = None
    unchanged: str | None = None
    filtered: str | None = None
    held_back: str | None = None
    skip: SkippedUrl | None = None


def sha256_hex(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _file_validators(path: Path) -> tuple[str, str]:
    """An ETag-like token (size, mtime) and an HTTP date for a local file."""
    stat = path.stat()
    mtime = dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC)
    return f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"', format_datetime(mtime, usegmt=True)


def _read_local_page(path: Path, limit: int, max_ratio: float) -> bytes:
    """Read an archive file (inflating .gz with the same size and ratio limits as HTTP bodies)."""
    if not path.name.lower().endswith(".gz"):
        size = path.stat().st_size
        if size > limit:
            raise FetchError("too_large", f"file is {size} bytes, over the limit of {limit}")
        return path.read_bytes()
    compressed = path.stat().st_size
    out = bytearray()
    try:
        with gzip.open(path, "rb") as handle:
            while chunk := handle.read(65_536):
                out += chunk
                if len(out) > limit:
                    ratio = len(out) / max(compressed, 1)
                    error_class = "decompression_bomb" if ratio > max_ratio else "too_large"
                    raise FetchError(
                        error_class, f"{path.name} inflates past {limit} bytes (ratio {ratio:.0f})"
                    )
    except (OSError, EOFError, zlib.error) as exc:
        raise FetchError("read_error", f"corrupt gzip file {path.name}: {exc}") from exc
    return bytes(out)


def _attempt(item: DiscoveredItem, outcome: str, started: float, **fields) -> FetchAttempt:
    return FetchAttempt(
        url=item.url,
        source_id=item.source_id,
        attempt=1,
        attempted_at=utc_now(),
        http_status=fields.pop("http_status", None),
        outcome=outcome,
        duration_ms=(time.monotonic() - started) * 1000,
        **fields,
    )


class _Run:
    """State shared by one acquire() call: fetcher, settings, the warehouse's knowledge, sources."""

    def __init__(
        self,
        sources: list[SourceConfig],
        known: KnownPages,
        settings: FetchSettings,
        history: UrlHistory | None = None,
    ) -> None:
        self.sources = {s.id: s for s in sources}
        self.known = known
        self.history = history
        self.settings = settings
        self.fetcher = HttpFetcher(settings)
        self.ctx = DiscoveryContext(self.fetcher, settings, history)
        self.listings: dict[str, ListingValidators] = {}  # kept back until every item is accounted for

    def past(self, url: str) -> PastOutcome | None:
        return self.history.outcome(url) if self.history is not None else None

    # --- one item -------------------------------------------------------------------------------
    def process(
        self, item: DiscoveredItem, known: KnownPage | None, past: PastOutcome | None = None
    ) -> _Outcome:
        """Runs in a worker thread; `known` and `past` were looked up on the caller's thread (neither
        store need be thread-safe: the warehouse's may hold a DuckDB connection)."""
        try:
            if item.path is not None:
                return self._local_file(item, known)
            if item.body is not None:
                return self._body_in_hand(item, known)
            return self._http(item, known, past)
        except Exception as exc:  # a bug must not lose the URL: record it and go on
            log.exception("unexpected error acquiring %s", item.url)
            detail = f"unexpected {type(exc).__name__}: {exc}"
            attempt = _attempt(
                item, "failed", time.monotonic(), error_class="read_error", error_detail=detail
            )
            return _Outcome(
                [attempt], failure=FetchFailure(item.url, item.source_id, "read_error", detail, 1)
            )

    def _fail(self, item: DiscoveredItem, err: FetchError, started: float) -> _Outcome:
        attempt = _attempt(
            item,
            "failed",
            started,
            http_status=err.http_status,
            error_class=err.error_class,
            error_detail=err.detail,
            bytes=err.bytes_read,
        )
        return _Outcome(
            [attempt], failure=FetchFailure(item.url, item.source_id, err.error_class, err.detail, 1)
        )

    def _local_file(self, item: DiscoveredItem, known: KnownPage | None) -> _Outcome:
        started = time.monotonic()
        path = item.path
        assert path is not None
        try:
            etag, last_modified = _file_validators(path)
            if known is not None and known.etag == etag and known.last_modified == last_modified:
                detail = "file unchanged since stored (size and modification time)"
                return _Outcome([_attempt(item, "skipped", started, error_detail=detail)], unchanged=item.url)
            body = _read_local_page(path, self.settings.max_body_bytes, self.settings.max_compression_ratio)
        except FetchError as err:
            return self._fail(item, err, started)
        except OSError as exc:
            return self._fail(item, FetchError("read_error", f"cannot read {path}: {exc}"), started)
        content_hash = sha256_hex(body)
        if known is not None and known.content_hash == content_hash:
            detail = "file touched but its content hash is unchanged"
            attempt = _attempt(item, "skipped", started, error_detail=detail, bytes=len(body))
            return _Outcome([attempt], unchanged=item.url)
        text, charset = decode_html(body, None)
        head = read_head(text)
        page = FetchedPage(
            url=item.url,
            canonical_url=canonical_for_file(path, head),
            source_id=item.source_id,
            source_kind=item.source_kind,
            fetched_at=utc_now(),
            http_status=None,
            content_type="text/html",
            charset=charset,
            etag=etag,
            last_modified=last_modified,
            content_hash=content_hash,
            body=body,
            final_url=item.url,
            language=primary_language(head.language),
            title_hint=head.title,
        )
        return self._finish(item, page, _attempt(item, "stored", started, bytes=len(body)), None)

    def _body_in_hand(self, item: DiscoveredItem, known: KnownPage | None) -> _Outcome:
        started = time.monotonic()
        body = item.body or b""
        content_hash = sha256_hex(body)
        if known is not None and known.content_hash == content_hash:
            detail = f"{item.source_kind} record identical to the stored page"
            attempt = _attempt(item, "skipped", started, http_status=item.http_status, error_detail=detail)
            return _Outcome([attempt], unchanged=item.url)
        text, charset = decode_html(body, item.content_type)
        head = read_head(text)
        page = FetchedPage(
            url=item.url,
            canonical_url=canonical_for_fetched(item.url, head),
            source_id=item.source_id,
            source_kind=item.source_kind,
            fetched_at=utc_now(),
            http_status=item.http_status,
            content_type=(item.content_type or "text/html").split(";")[0].strip(),
            charset=charset,
            etag=item.etag,
            last_modified=item.last_modified,
            content_hash=content_hash,
            body=body,
            final_url=item.url,
            language=primary_language(head.language) or item.language,
            published_hint=item.published,
            title_hint=item.title or head.title,
        )
        attempt = _attempt(item, "stored", started, http_status=item.http_status, bytes=len(body))
        return self._finish(item, page, attempt, None)

    def _http(self, item: DiscoveredItem, known: KnownPage | None, past: PastOutcome | None) -> _Outcome:
        settings = self.settings
        if known is not None:
            fresh = (
                settings.revalidate_after_hours > 0
                and known.fetched_at is not None
                and utc_now() - _aware(known.fetched_at) < dt.timedelta(hours=settings.revalidate_after_hours)
            )
            no_validators = (
                not (known.etag or known.last_modified) and not settings.refetch_without_validators
            )
            if fresh or no_validators:
                detail = (
                    "stored less than revalidate_after_hours ago"
                    if fresh
                    else "already stored and the server gave no ETag/Last-Modified to revalidate with"
                )
                attempt = _attempt(item, "skipped", time.monotonic(), error_detail=detail)
                return _Outcome([attempt], unchanged=item.url)
        result = self.fetcher.fetch(item.url, item.source_id, purpose="page", known=known)
        outcome = _Outcome(list(result.attempts))
        own_attempts = [a for a in result.attempts if a.url == item.url]
        if result.error is not None:
            outcome.failure = failure_after(
                item.url, item.source_id, result.error, len(own_attempts), past, settings, utc_now()
            )
            return outcome
        if result.not_modified:
            outcome.unchanged = item.url
            return outcome
        body = result.body or b""
        content_hash = sha256_hex(body)
        last = own_attempts[-1]
        if known is not None and known.content_hash == content_hash:
            last.outcome = "not_modified"
            last.error_detail = "same content hash as the stored page"
            outcome.unchanged = item.url
            return outcome
        headers = result.headers
        content_type = headers.get("content-type") if headers is not None else None
        text, charset = decode_html(body, content_type)
        head = read_head(text)
        final_url = result.final_url or item.url
        page = FetchedPage(
            url=item.url,
            canonical_url=canonical_for_fetched(final_url, head),
            source_id=item.source_id,
            source_kind=item.source_kind,
            fetched_at=last.attempted_at,
            http_status=result.http_status,
            content_type=(content_type or "text/html").split(";")[0].strip().lower(),
            charset=charset,
            etag=headers.get("etag") if headers is not None else None,
            last_modified=headers.get("last-modified") if headers is not None else None,
            content_hash=content_hash,
            body=body,
            final_url=final_url,
            language=primary_language(head.language) or item.language,
            published_hint=item.published,
            title_hint=item.title or head.title,
        )
        outcome.attempts.remove(last)
        finished = self._finish(item, page, last, past)
        finished.attempts = [*outcome.attempts, *finished.attempts]
        return finished

    def _finish(
        self, item: DiscoveredItem, page: FetchedPage, attempt: FetchAttempt, past: PastOutcome | None
    ) -> _Outcome:
        """Apply the language filter now that the page's own language is known; a fetched page it
        refuses is kept as a skip, so the next run does not fetch it again for nothing."""
        source = self.sources.get(item.source_id)
        reason = source.language_rejected(page.language) if source is not None else None
        if reason:
            attempt.outcome = "skipped"
            attempt.error_class = "filtered"
            attempt.error_detail = reason
            skip = _new_skip(item, source, reason, past) if item.path is None and item.body is None else None
            return _Outcome([attempt], filtered=item.url, skip=skip)
        return _Outcome([attempt], page=page)

    # --- discovery --------------------------------------------------------------------------------
    def events(self) -> Iterator[DiscoveredItem | DiscoveryNote]:
        """Every source's events, in order; a source that breaks becomes a source_error note."""
        for source in self.sources.values():
            connector = CONNECTORS.get(source.kind)
            if connector is None:
                yield _source_failure(source, f"no connector for kind {source.kind!r} in this version")
                continue
            count = 0
            listings: list[ListingValidators] = []
            complete = True
            try:
                for event in connector(source, self.ctx):
                    if isinstance(event, DiscoveredItem):
                        count += 1
                        if count > self.settings.max_urls_per_source:
                            yield _cap_note(source, self.settings.max_urls_per_source)
                            complete = False
                            break
                    elif event.listing is not None:
                        listings.append(event.listing)
                    yield event
            except Exception as exc:  # a connector bug stops that source only
                log.exception("source %s failed while listing", source.id)
                yield _source_failure(source, f"listing stopped: {type(exc).__name__}: {exc}")
                complete = False
            if complete:  # a listing cut short must be read in full next run: keep no validators
                self.listings.update((listing.url, listing) for listing in listings)
            yield from self._retries(source)

    def _retries(self, source: SourceConfig) -> Iterator[DiscoveredItem]:
        """Earlier transient failures of this source, so they are retried even when the feed answered
        304 or no longer lists them (the retry policy decides whether each is due)."""
        if self.history is None or source.kind in {"archive", "warc"}:
            return
        for url in self.history.retry_candidates(source.id):
            if url.startswith(("http://", "https://")):
                yield DiscoveredItem(url=url, source_id=source.id, source_kind=source.kind)

    def close(self) -> None:
        self.fetcher.close()


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _source_failure(source: SourceConfig, detail: str) -> DiscoveryNote:
    url = source.location
    attempt = FetchAttempt(url, source.id, 1, utc_now(), None, "failed", "source_error", detail)
    return DiscoveryNote([attempt], FetchFailure(url, source.id, "source_error", detail, 1))


def _cap_note(source: SourceConfig, cap: int) -> DiscoveryNote:
    detail = f"source listed more than max_urls_per_source={cap} URLs; the rest were not read this run"
    attempt = FetchAttempt(source.location, source.id, 1, utc_now(), None, "skipped", "filtered", detail)
    return DiscoveryNote([attempt])


def _filtered_attempt(item: DiscoveredItem, reason: str, error_class: str = "filtered") -> FetchAttempt:
    return FetchAttempt(item.url, item.source_id, 1, utc_now(), None, "skipped", error_class, reason)


def _new_skip(
    item: DiscoveredItem, source: SourceConfig, reason: str, past: PastOutcome | None
) -> SkippedUrl | None:
    """The skip to keep for this URL, or None when the history already holds exactly this one."""
    key = source.filter_key
    if past is not None and past.kind == "skipped" and past.filter_key == key and past.detail == reason:
        return None
    return SkippedUrl(item.url, item.source_id, "filtered", reason, key)


def acquire(
    sources: list[SourceConfig],
    known: KnownPages,
    settings: FetchSettings | None = None,
    batch_size: int = 500,
    history: UrlHistory | None = None,
    first_batch: int | None = None,
) -> Iterator[AcquisitionBatch]:
    """Discover, filter, skip-unchanged and fetch every item of `sources`, yielding bounded batches.

    With a `history` (what earlier runs concluded), URLs skipped or failed before are held back as the
    retry policy says, and feeds and sitemaps are listed with conditional GET."""
    settings = settings or FetchSettings()
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    run = _Run([s for s in sources if s.enabled], known, settings, history)
    executor = ThreadPoolExecutor(settings.max_workers, thread_name_prefix="frontlines-fetch")
    pending: set[Future[_Outcome]] = set()
    # fetches put themselves here as they finish, so collecting them costs the same however many
    # are in flight (asking each pending future whether it is done cost a lock per future per URL)
    finished: queue.SimpleQueue[Future[_Outcome]] = queue.SimpleQueue()
    window = settings.max_workers * 4
    seen: set[str] = set()
    batch = AcquisitionBatch()
    # this batch's size: `first_batch` (FIRST_BATCH by default), doubling up to batch_size
    limit = min(batch_size, max(1, FIRST_BATCH if first_batch is None else first_batch))

    def full() -> bool:
        return batch.urls_done >= limit or batch.body_bytes >= settings.max_batch_bytes

    def closed() -> AcquisitionBatch:
        """The full batch, marked so; the next one starts empty and may be twice as large."""
        nonlocal batch, limit
        done, batch = batch, AcquisitionBatch()
        done.full = True
        limit = min(batch_size, limit * 2)
        return done

    def add(outcome: _Outcome) -> None:
        batch.attempts.extend(outcome.attempts)
        if outcome.page is not None:
            batch.add_page(outcome.page)
        if outcome.failure is not None:
            batch.failures.append(outcome.failure)
        if outcome.unchanged is not None:
            batch.unchanged.append(outcome.unchanged)
        if outcome.filtered is not None:
            batch.filtered.append(outcome.filtered)
        if outcome.held_back is not None:
            batch.held_back.append(outcome.held_back)
        if outcome.skip is not None:
            batch.skips.append(outcome.skip)

    def add_or_submit(item: DiscoveredItem) -> None:
        source = run.sources[item.source_id]
        networked = item.path is None and item.body is None
        past = run.past(item.url) if networked else None
        reason = source.url_rejected(item.url) or source.language_rejected(item.language)
        if reason:
            skip = _new_skip(item, source, reason, past) if networked else None
            add(_Outcome([_filtered_attempt(item, reason)], filtered=item.url, skip=skip))
            return
        held = held_back(past, source.filter_key, settings, utc_now()) if past is not None else None
        if held is not None:
            attempt = _filtered_attempt(item, held[1], held[0])
            if past is not None and past.kind == "skipped":
                add(_Outcome([attempt], filtered=item.url))
            else:
                add(_Outcome([attempt], held_back=item.url))
            return
        future = executor.submit(run.process, item, run.known.get(item.url), past)
        pending.add(future)
        future.add_done_callback(finished.put)

    def harvest(block: bool) -> Iterator[AcquisitionBatch]:
        """Collect every fetch that has finished; with `block`, wait for one first."""
        while pending:
            try:
                future = finished.get(block=block)
            except queue.Empty:
                return
            block = False
            pending.discard(future)
            add(future.result())
            if full():
                yield closed()

    try:
        for event in run.events():
            if isinstance(event, DiscoveryNote):
                batch.attempts.extend(event.attempts)
                if event.failure is not None:
                    batch.failures.append(event.failure)
                batch.filtered.extend(event.filtered)
            elif event.url not in seen:
                seen.add(event.url)
                add_or_submit(event)
            # Results are collected as they finish, so one slow URL never stalls the window.
            yield from harvest(block=len(pending) >= window)
            if full():
                yield closed()
        while pending:
            yield from harvest(block=True)
        # validators last: a run that stops early leaves its listings to be read in full next time
        batch.listings.extend(run.listings.values())
        if batch.urls_done or batch.attempts or batch.listings:
            yield batch
    finally:
        for future in pending:
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)
        run.close()
