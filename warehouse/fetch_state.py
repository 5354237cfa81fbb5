"""Acquisition's memory across runs: failures with their retry plan, deliberate skips, listing validators.

`WarehouseUrlHistory` hands what earlier runs concluded to `extract.acquire.acquire` (as its
`UrlHistory`); the row builders below give `warehouse.load.load_acquisition_batch` what a batch
concluded, stored in the same transaction as its pages. A URL has at most one row across
raw.fetch_failures and raw.skipped_urls, and none once it is a page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from extract.fetching.records import ListingValidators, PastOutcome
from warehouse.clock import naive_utc


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


class WarehouseUrlHistory:
    """Earlier runs' failures, skips and listings, read once at the start of a run (caller's thread)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self._outcomes: dict[str, PastOutcome] = {}
        self._retry: dict[str, list[str]] = {}
        for url, source_id, at, error_class, detail, status, runs, retry_after in con.execute(
            """select url, source_id, failed_at, error_class, error_detail, coalesce(status, 'retry'),
                      coalesce(failed_runs, 1), retry_after
               from raw.fetch_failures"""
        ).fetchall():
            self._outcomes[url] = PastOutcome(
                "failed", error_class, detail or "", _aware(at), status, runs, _aware(retry_after)
            )
            if status == "retry" and retry_after is not None and source_id is not None:
                self._retry.setdefault(source_id, []).append(url)
        for url, at, reason, detail, key in con.execute(
            "select url, skipped_at, reason, detail, filter_key from raw.skipped_urls"
        ).fetchall():
            self._outcomes[url] = PastOutcome(
                "skipped", reason, detail or "", _aware(at), "skipped", 0, None, key
            )
        self._listings = {
            url: ListingValidators(url, source_id, etag, last_modified, tuple(children or ()), _aware(at))
            for url, source_id, etag, last_modified, children, at in con.execute(
                "select url, source_id, etag, last_modified, children, listed_at from raw.listings"
            ).fetchall()
        }

    def outcome(self, url: str) -> PastOutcome | None:
        return self._outcomes.get(url)

    def listing(self, url: str) -> ListingValidators | None:
        return self._listings.get(url)

    def retry_candidates(self, source_id: str) -> list[str]:
        """Failed pages with a retry plan; listings and local files (no `retry_after`) are read again
        by their source every run anyway."""
        return sorted(self._retry.get(source_id, []))


def failure_rows(failures: Any, now: dt.datetime) -> list[dict]:
    return [
        {
            "url": f.url,
            "source_id": f.source_id,
            "failed_at": naive_utc(getattr(f, "failed_at", None), now),
            "error_class": f.error_class,
            "error_detail": f.error_detail,
            "attempts": f.attempts,
            "status": getattr(f, "status", "retry"),
            "failed_runs": getattr(f, "failed_runs", 1),
            "retry_after": naive_utc(getattr(f, "retry_after", None)),
        }
        for f in failures
    ]


def skip_rows(skips: Any, now: dt.datetime) -> list[dict]:
    return [
        {
            "url": s.url,
            "source_id": s.source_id,
            "skipped_at": naive_utc(s.skipped_at, now),
            "reason": s.reason,
            "detail": s.detail,
            "filter_key": s.filter_key,
        }
        for s in skips
    ]


def listing_rows(listings: Any, now: dt.datetime) -> list[dict]:
    return [
        {
            "url": listing.url,
            "source_id": listing.source_id,
            "etag": listing.etag,
            "last_modified": listing.last_modified,
            "children": list(listing.children),
            "listed_at": naive_utc(listing.listed_at, now),
        }
        for listing in listings
    ]
