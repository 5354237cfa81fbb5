"""Fixtures for acquisition tests: a real fault server on 127.0.0.1 and fast fetch settings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from extract.acquire import AcquisitionBatch, FetchSettings, KnownPages, KnownPagesIndex, acquire
from extract.sources import SourceConfig
from tests.acquisition.fault_server import FaultServer


def fast_settings(**overrides) -> FetchSettings:
    """Tiny timeouts and backoff so the whole suite stays fast; private addresses allowed (127.0.0.1)."""
    values = {
        "connect_timeout": 1.0,
        "read_timeout": 0.5,
        "total_timeout": 2.0,
        "max_attempts": 2,
        "backoff_base": 0.01,
        "backoff_max": 0.05,
        "max_retry_after": 2.0,
        "politeness_delay": 0.0,
        "max_workers": 4,
        "per_host_concurrency": 4,
        "allow_private_addresses": True,
    }
    values.update(overrides)
    return FetchSettings(**values)


def run_acquire(
    sources: list[SourceConfig], known: KnownPages | None = None, settings: FetchSettings | None = None, **kw
) -> AcquisitionBatch:
    """All batches of one acquire call merged into one (tests only: the product streams them)."""
    merged = AcquisitionBatch()
    for batch in acquire(sources, known or KnownPagesIndex(), settings or fast_settings(), **kw):
        merged.pages += batch.pages
        merged.failures += batch.failures
        merged.attempts += batch.attempts
        merged.unchanged += batch.unchanged
        merged.filtered += batch.filtered
    return merged


def url_source(urls: list[str], source_id: str = "test-urls", **fields) -> SourceConfig:
    return SourceConfig(id=source_id, kind="urls", urls=urls, **fields)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running
