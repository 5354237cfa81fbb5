"""Time as the raw tables keep it: UTC without a zone (DuckDB `timestamp`), one rule for every writer."""

from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    """Now, in UTC, without a zone."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def naive_utc(value: dt.datetime | None, default: dt.datetime | None = None) -> dt.datetime | None:
    """`value` in UTC without a zone (acquisition hands over aware times; a naive one is taken as
    UTC already), or `default` when there is none."""
    if value is None:
        return default
    return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
