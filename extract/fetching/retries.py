"""Backoff between attempts: exponential with jitter, or the server's Retry-After (capped)."""

from __future__ import annotations

import datetime as dt
import random
from email.utils import parsedate_to_datetime

from extract.fetching.settings import FetchSettings


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


def backoff_delay(attempt: int, settings: FetchSettings, retry_after: float | None = None) -> float:
    """Delay before attempt `attempt + 1`; Retry-After wins over the exponential schedule, both capped."""
    if retry_after is not None:
        return min(retry_after, settings.max_retry_after)
    delay = min(settings.backoff_base * (2 ** (attempt - 1)), settings.backoff_max)
    spread = delay * settings.backoff_jitter
    return max(0.0, delay + random.uniform(-spread, spread))
