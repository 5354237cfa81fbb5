"""The records acquisition hands to the warehouse: pages, attempts (the fetch log) and failures.

Field names match `warehouse/schema.sql` (raw.pages, raw.fetch_log, raw.fetch_failures) so the spine's
loaders can map them column for column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from extract.fetching.charset import decode_with


@dataclass(slots=True)
class FetchedPage:
    """A page whose raw bytes we hold: fetched over HTTP, read from an archive, a WARC or an API."""

    url: str  # the URL we asked for (file:// URI for archive files)
    canonical_url: str
    source_id: str
    source_kind: str
    fetched_at: dt.datetime
    http_status: int | None
    content_type: str | None
    charset: str
    etag: str | None
    last_modified: str | None
    content_hash: str  # sha256 hex of body
    body: bytes  # raw, undecoded (decompressed from gzip transfer or .html.gz)
    final_url: str | None = None  # after redirects
    language: str | None = None  # from the source's metadata or <html lang>
    published_hint: str | None = None  # date the source gave (feed, API), ISO text; the page's own wins
    title_hint: str | None = None

    @property
    def text_html(self) -> str:
        """The body decoded with `charset`, made on demand: a batch holds the bytes only, not a
        second, decoded copy of every page (the warehouse stores the bytes and the charset)."""
        return decode_with(self.body, self.charset)


@dataclass(slots=True)
class FetchAttempt:
    """One row of raw.fetch_log: a request (or a local read, or a skip) and how it ended."""

    url: str
    source_id: str | None
    attempt: int
    attempted_at: dt.datetime
    http_status: int | None
    outcome: str  # stored, not_modified, failed, skipped
    error_class: str | None = None
    error_detail: str | None = None
    bytes: int = 0
    duration_ms: float = 0.0


@dataclass(slots=True)
class FetchFailure:
    """One row of raw.fetch_failures: a URL that did not become a page, and why.

    `status` says what later runs do with it (see `extract.fetching.retry_policy`): `retry` (again once
    `retry_after` has passed), `permanent` (404, robots, not HTML...: not fetched again) or `given_up`
    (failed in `max_failed_runs` runs)."""

    url: str
    source_id: str | None
    error_class: str
    error_detail: str
    attempts: int  # requests made in this run
    failed_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    status: str = "retry"
    failed_runs: int = 1  # runs in a row whose fetch of this URL failed
    retry_after: dt.datetime | None = None


@dataclass(slots=True)
class SkippedUrl:
    """One row of raw.skipped_urls: a URL left out on purpose (language filter, include/exclude patterns).

    `filter_key` fingerprints the source's filters: while they stay the same the URL is not fetched again."""

    url: str
    source_id: str
    reason: str  # an error class whose outcome is 'skipped' (today: 'filtered')
    detail: str
    filter_key: str
    skipped_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


@dataclass(frozen=True, slots=True)
class PastOutcome:
    """What an earlier run concluded about a URL that did not become a page."""

    kind: str  # 'failed' or 'skipped'
    error_class: str
    detail: str
    at: dt.datetime | None = None
    status: str = "retry"  # failures: retry, permanent, given_up
    failed_runs: int = 0
    retry_after: dt.datetime | None = None
    filter_key: str | None = None  # skips: the source's filters at the time


@dataclass(frozen=True, slots=True)
class ListingValidators:
    """The validators of a feed or sitemap as last listed, sent back as a conditional GET next run.

    `children` keeps a sitemap index's sitemaps, so an index that answers 304 still has its (possibly
    changed) sitemaps revalidated one by one."""

    url: str
    source_id: str
    etag: str | None
    last_modified: str | None
    children: tuple[str, ...] = ()
    listed_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


@dataclass(frozen=True, slots=True)
class KnownPage:
    """What the warehouse already holds for a URL: enough to skip it or revalidate it cheaply."""

    etag: str | None
    last_modified: str | None
    content_hash: str | None
    canonical_url: str | None = None
    fetched_at: dt.datetime | None = None


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
