"""Fetching that survives the real web: one HTTP client with limits, retries, robots and an SSRF guard.

`acquire.py` drives it; connectors in `extract/discovery/` use it to read feeds, sitemaps and APIs, so
every network request of a run goes through the same guard, limits and fetch log.
"""

from extract.fetching.errors import ERROR_CLASSES, FetchError
from extract.fetching.records import FetchAttempt, FetchedPage, FetchFailure, KnownPage
from extract.fetching.settings import FetchSettings

__all__ = [
    "ERROR_CLASSES",
    "FetchAttempt",
    "FetchError",
    "FetchFailure",
    "FetchSettings",
    "FetchedPage",
    "KnownPage",
]
