"""What connectors yield: items to acquire, and notes (attempts, failures) about listing a source.

Connectors are generators, so a sitemap of 50,000 URLs or a 2 GB WARC streams through `acquire` in
bounded batches instead of being listed into memory first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extract.fetching.client import HttpFetcher, HttpResult
from extract.fetching.records import FetchAttempt, FetchFailure, KnownPage, ListingValidators, utc_now
from extract.fetching.settings import FetchSettings
from extract.fetching.url_history import UrlHistory


@dataclass(slots=True)
class DiscoveredItem:
    """One URL to acquire. `path` (archive file) or `body` (WARC record, API text) mean no network."""

    url: str
    source_id: str
    source_kind: str
    path: Path | None = None
    body: bytes | None = None
    content_type: str | None = None
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    language: str | None = None  # ISO 639-1 when the source says so
    published: str | None = None
    title: str | None = None


@dataclass(slots=True)
class DiscoveryNote:
    """Fetch-log rows from listing a source, and the failure if the listing (or one entry) failed."""

    attempts: list[FetchAttempt] = field(default_factory=list)
    failure: FetchFailure | None = None
    filtered: list[str] = field(default_factory=list)
    listing: ListingValidators | None = None  # validators to send next run (feeds, sitemaps)
    unchanged: bool = False  # the listing answered 304: its items are already known


DiscoveryEvent = DiscoveredItem | DiscoveryNote


def failure_note(url: str, source_id: str, error_class: str, detail: str) -> DiscoveryNote:
    """A listing problem that made no request (missing folder, bad line in a URL list)."""
    attempt = FetchAttempt(
        url=url,
        source_id=source_id,
        attempt=1,
        attempted_at=utc_now(),
        http_status=None,
        outcome="failed",
        error_class=error_class,
        error_detail=detail,
    )
    return DiscoveryNote([attempt], FetchFailure(url, source_id, error_class, detail, attempts=1))


def listing_failed(result: HttpResult, source_id: str, error_class: str, detail: str) -> DiscoveryNote:
    """A document was fetched but could not be used (bad XML, API error): its last attempt says why."""
    attempts = list(result.attempts)
    own = [a for a in attempts if a.url == result.url]
    if own:
        own[-1].outcome = "failed"
        own[-1].error_class = error_class
        own[-1].error_detail = detail
    else:
        attempts.append(
            FetchAttempt(
                result.url, source_id, 1, utc_now(), result.http_status, "failed", error_class, detail
            )
        )
    return DiscoveryNote(attempts, FetchFailure(result.url, source_id, error_class, detail, len(own) or 1))


class DiscoveryContext:
    """What connectors may use: the run's fetcher (guard, limits, log), settings and URL history."""

    def __init__(self, fetcher: HttpFetcher, settings: FetchSettings, history: UrlHistory | None = None):
        self.fetcher = fetcher
        self.settings = settings
        self.history = history

    def previous_listing(self, url: str) -> ListingValidators | None:
        if self.history is None or not self.settings.conditional_listings:
            return None
        return self.history.listing(url)

    def fetch_document(
        self, url: str, source_id: str, accept: str = "*/*", conditional: bool = False
    ) -> tuple[bytes | None, HttpResult, DiscoveryNote]:
        """Fetch a feed, sitemap or API answer. Body None means failure (the note holds it) or, with
        `conditional`, a 304 to the last listing's validators (`note.unchanged`: nothing new)."""
        previous = self.previous_listing(url) if conditional else None
        known = KnownPage(previous.etag, previous.last_modified, None) if previous is not None else None
        result = self.fetcher.fetch(url, source_id, purpose="document", accept=accept, known=known)
        for attempt in result.attempts:
            if attempt.outcome == "stored":
                attempt.outcome = "listed"
        if result.error is not None:
            error = result.error
            own = sum(1 for a in result.attempts if a.url == url)
            failure = FetchFailure(url, source_id, error.error_class, error.detail, attempts=own)
            return None, result, DiscoveryNote(list(result.attempts), failure)
        if result.not_modified:
            for attempt in result.attempts:
                if attempt.url == url and attempt.outcome == "not_modified":
                    attempt.error_detail = "listing unchanged since the last run (304): nothing new"
            return None, result, DiscoveryNote(list(result.attempts), unchanged=True)
        note = DiscoveryNote(list(result.attempts))
        headers = result.headers
        if conditional and headers is not None and (headers.get("etag") or headers.get("last-modified")):
            note.listing = ListingValidators(
                url, source_id, headers.get("etag"), headers.get("last-modified")
            )
        return result.body or b"", result, note


def iter_limited(items: Iterator[DiscoveredItem], limit: int) -> Iterator[DiscoveredItem]:
    for count, item in enumerate(items):
        if count >= limit:
            return
        yield item
