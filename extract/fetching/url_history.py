"""What earlier runs concluded about URLs that are not pages, and the validators of past listings.

`acquire()` reads this through the `UrlHistory` protocol; the warehouse implements it over its raw
tables (`warehouse.fetch_state.WarehouseUrlHistory`), tests and one-off runs use `UrlHistoryIndex`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from extract.fetching.records import FetchFailure, ListingValidators, PastOutcome, SkippedUrl


class UrlHistory(Protocol):
    def outcome(self, url: str) -> PastOutcome | None:
        """The last failure or deliberate skip recorded for `url`, if it is not a page."""
        ...

    def listing(self, url: str) -> ListingValidators | None:
        """The validators of the feed or sitemap at `url` as last listed in full."""
        ...

    def retry_candidates(self, source_id: str) -> list[str]:
        """Pages of this source that failed transiently and are to be tried again (due or not): those
        with a `retry_after`. Listings and local files have none: their source reads them every run."""
        ...


def past_failure(failure: FetchFailure) -> PastOutcome:
    return PastOutcome(
        "failed",
        failure.error_class,
        failure.error_detail,
        failure.failed_at,
        failure.status,
        failure.failed_runs,
        failure.retry_after,
    )


def past_skip(skip: SkippedUrl) -> PastOutcome:
    return PastOutcome(
        "skipped", skip.reason, skip.detail, skip.skipped_at, "skipped", filter_key=skip.filter_key
    )


class UrlHistoryIndex:
    """An in-memory UrlHistory, fed with the batches of earlier runs (what the warehouse load keeps)."""

    def __init__(self) -> None:
        self._outcomes: dict[str, PastOutcome] = {}
        self._sources: dict[str, str | None] = {}
        self._listings: dict[str, ListingValidators] = {}

    def record(self, batches: Iterable) -> UrlHistoryIndex:
        """Apply acquisition batches in order, as `warehouse.load.load_acquisition_batch` does."""
        for batch in batches:
            for page in batch.pages:
                for url in (page.url, page.canonical_url):
                    self._outcomes.pop(url, None)
            for url in batch.unchanged:
                self._outcomes.pop(url, None)
            for skip in batch.skips:
                self._outcomes[skip.url] = past_skip(skip)
                self._sources[skip.url] = skip.source_id
            for failure in batch.failures:
                self._outcomes[failure.url] = past_failure(failure)
                self._sources[failure.url] = failure.source_id
            for listing in batch.listings:
                self._listings[listing.url] = listing
        return self

    def set_outcome(self, url: str, outcome: PastOutcome) -> None:
        self._outcomes[url] = outcome

    def outcome(self, url: str) -> PastOutcome | None:
        return self._outcomes.get(url)

    def listing(self, url: str) -> ListingValidators | None:
        return self._listings.get(url)

    def retry_candidates(self, source_id: str) -> list[str]:
        return sorted(
            url
            for url, past in self._outcomes.items()
            if past.kind == "failed"
            and past.status == "retry"
            and past.retry_after is not None
            and self._sources.get(url) == source_id
        )
