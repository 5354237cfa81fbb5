"""Partitions by ingestion day: the day a page's current content entered the warehouse (UTC).

Acquisition is always "now" (the web cannot be fetched in the past), so `raw/pages` is not
partitioned; cleaning, extraction and the incremental mart work on the pages of their days. Today's
partition exists from the start of the day (end_offset=1), so the hourly schedule and the sensor
request it while the day is running.

A run of the current day's partition alone (what `frontlines run`, the schedule and the sensor
request) also takes pages of earlier days that are still waiting to be cleaned or read, so a run that
failed late yesterday strands nothing. A run over a range of days (a backfill, `frontlines reextract
--since`) works on exactly those days.
"""

from __future__ import annotations

import datetime as dt
import os

from dagster import AssetExecutionContext, BackfillPolicy, DailyPartitionsDefinition

PARTITIONS_START_ENV = "FRONTLINES_PARTITIONS_START"

ingest_days = DailyPartitionsDefinition(
    start_date=os.environ.get(PARTITIONS_START_ENV, "2024-01-01"), timezone="UTC", end_offset=1
)

# a backfill of many days runs as one run: one pass of each stage, one dbt build over the range
single_run = BackfillPolicy.single_run()


def today_partition() -> str:
    """The current UTC day's partition key, what `frontlines run`, the schedule and the sensor ask for."""
    return dt.datetime.now(dt.UTC).date().isoformat()


# the lower bound of an open window, equal to the default of the dbt var `partition_start`
OPEN_START = dt.date(1900, 1, 1)
RANGE_START_TAG, RANGE_END_TAG = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"


def partition_window(context: AssetExecutionContext) -> tuple[dt.date, dt.date] | None:
    """[start, end) of ingest dates the step works on; None for an unpartitioned run (every day).

    The current day's partition alone starts at OPEN_START (see the module docstring)."""
    if not context.has_partition_key_range and not context.has_partition_key:
        return None
    window = context.partition_time_window
    start, end = window.start.date(), window.end.date()
    key_range = context.partition_key_range
    if key_range.start == key_range.end == today_partition():
        start = OPEN_START
    return start, end


PARTITION_TAG = "dagster/partition"


def run_window(tags: dict[str, str]) -> tuple[dt.date, dt.date] | None:
    """The window of `partition_window`, read from a run's tags: what an unpartitioned step of a
    partitioned run (the one dbt step) works on. None when the run has no partition (every day)."""
    first = tags.get(RANGE_START_TAG) or tags.get(PARTITION_TAG)
    last = tags.get(RANGE_END_TAG) or tags.get(PARTITION_TAG)
    if not first or not last:
        return None
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last) + dt.timedelta(days=1)
    if first == last == today_partition():
        start = OPEN_START
    return start, end


def partition_range_tags(first: str, last: str) -> dict[str, str]:
    """Run tags that make one run cover partitions first..last (what a single-run backfill does)."""
    return {RANGE_START_TAG: first, RANGE_END_TAG: last}
