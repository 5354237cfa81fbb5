"""FetchSettings: every limit of the fetcher in one validated object, with production defaults.

Tests shrink the timeouts and backoff; the CLI and Dagster pass `allow_private_addresses` through.
"""

from __future__ import annotations

import os

from pydantic import BaseModel, ConfigDict, Field

ALLOW_PRIVATE_ENV = "FRONTLINES_ALLOW_PRIVATE_ADDRESSES"
REFETCH_SKIPPED_ENV = "FRONTLINES_REFETCH_SKIPPED"
DEFAULT_USER_AGENT = "FrontlinesBot/0.1 (+https://github.com/frontlines/frontlines; conflict news research)"


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _private_allowed_by_env() -> bool:
    return _env_flag(ALLOW_PRIVATE_ENV)


def _refetch_skipped_by_env() -> bool:
    return _env_flag(REFETCH_SKIPPED_ENV)


class FetchSettings(BaseModel):
    """Limits and politeness for one acquisition run."""

    model_config = ConfigDict(extra="forbid")

    user_agent: str = DEFAULT_USER_AGENT
    # timeouts, seconds: connect and read apply per socket operation, total to one whole attempt
    connect_timeout: float = Field(10.0, gt=0)
    read_timeout: float = Field(20.0, gt=0)
    total_timeout: float = Field(60.0, gt=0)
    # retries on connection errors, timeouts, 5xx and 429: exponential backoff with jitter
    max_attempts: int = Field(3, ge=1, le=10)
    backoff_base: float = Field(1.0, ge=0)
    backoff_max: float = Field(30.0, ge=0)
    backoff_jitter: float = Field(0.5, ge=0, le=1)  # +-50 % of the computed delay
    max_retry_after: float = Field(120.0, ge=0)  # a longer Retry-After is cut to this
    # concurrency and politeness
    max_workers: int = Field(8, ge=1, le=64)
    per_host_concurrency: int = Field(2, ge=1)
    politeness_delay: float = Field(1.0, ge=0)  # between request starts to one host
    max_crawl_delay: float = Field(10.0, ge=0)  # robots.txt Crawl-delay is honoured up to this
    # sizes
    max_body_bytes: int = Field(5_000_000, gt=0)  # pages, enforced while streaming (decoded size)
    max_document_bytes: int = Field(50_000_000, gt=0)  # feeds, sitemaps, API answers, robots.txt
    max_compression_ratio: float = Field(200.0, gt=1)  # decoded/encoded above this = gzip bomb
    max_batch_bytes: int = Field(128_000_000, gt=0)  # a batch is yielded early past this many body bytes
    # redirects, robots, addresses
    max_redirects: int = Field(5, ge=0)
    respect_robots: bool = True
    allow_private_addresses: bool = Field(default_factory=_private_allowed_by_env)
    allowed_private_hosts: list[str] = Field(default_factory=list)  # "host" or "host:port" exceptions
    verify_tls: bool = True
    # revisiting pages the warehouse already holds
    refetch_without_validators: bool = False  # known page without ETag/Last-Modified: skip unless True
    revalidate_after_hours: float = Field(0.0, ge=0)  # 0: always send a conditional GET for known pages
    # across runs (needs the warehouse's history: see extract.fetching.retry_policy)
    max_failed_runs: int = Field(5, ge=1)  # a URL failing transiently in this many runs is given up
    retry_delay_hours: float = Field(1.0, ge=0)  # wait after the first failed run, doubled after each
    retry_delay_max_hours: float = Field(168.0, ge=0)
    refetch_skipped: bool = Field(default_factory=_refetch_skipped_by_env)  # fetch skipped/given up again
    # a permanent failure or a given-up URL is tried once more after this many days (pages come back,
    # robots.txt rules change); 0 never tries them again without refetch_skipped
    recheck_failed_after_days: float = Field(30.0, ge=0)
    conditional_listings: bool = True  # feeds and sitemaps: send the last listing's ETag/Last-Modified
    # discovery caps
    max_sitemaps: int = Field(50, ge=1)  # sitemap files followed from one sitemap index tree
    max_urls_per_source: int = Field(100_000, ge=1)
