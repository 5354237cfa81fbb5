"""The give-up policy across runs: which URLs an earlier run's outcome keeps from being fetched again.

Within a run the client retries transient errors a few times (seconds apart). Across runs:

- a URL skipped on purpose (the source's language filter) is not fetched again while the source's
  filters stay the same (`SourceConfig.filter_key`); changing them reconsiders it;
- a permanent failure (404/410 and most 4xx, robots.txt disallow, SSRF refusal, too large, gzip bomb,
  not HTML, redirect loop, bad URL) is not fetched again for `recheck_failed_after_days` (30 by
  default; 0 = never): removed pages come back and robots.txt rules change, so it is then tried once
  more, and a new failure starts the wait again;
- a transient failure (timeout, reset, 5xx, 429, 408...) is fetched again on a later run once a
  growing delay has passed (`retry_delay_hours`, doubled after each failed run, capped by
  `retry_delay_max_hours`), and given up after `max_failed_runs` failed runs, keeping the last reason;
  a given-up URL is rechecked like a permanent failure, and a new transient failure then counts its
  failed runs from one again.

`FetchSettings.refetch_skipped` (or FRONTLINES_REFETCH_SKIPPED=1) lifts the first two and the give-up.
"""

from __future__ import annotations

import datetime as dt

from extract.fetching.errors import FetchError
from extract.fetching.records import FetchFailure, PastOutcome
from extract.fetching.settings import FetchSettings


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _when(value: dt.datetime | None) -> str:
    return _aware(value).strftime("%Y-%m-%d %H:%M UTC") if value is not None else "an earlier run"


def retry_delay(failed_runs: int, settings: FetchSettings) -> dt.timedelta:
    """How long to wait after the `failed_runs`-th failed run before trying the URL again."""
    hours = settings.retry_delay_hours * 2 ** max(failed_runs - 1, 0)
    return dt.timedelta(hours=min(hours, settings.retry_delay_max_hours))


def _due_for_recheck(past: PastOutcome, settings: FetchSettings, now: dt.datetime) -> bool:
    """True when a final failure is old enough to be tried once more."""
    days = settings.recheck_failed_after_days
    if not days or past.at is None:
        return False
    return _aware(now) - _aware(past.at) >= dt.timedelta(days=days)


def held_back(
    past: PastOutcome | None, filter_key: str, settings: FetchSettings, now: dt.datetime
) -> tuple[str, str] | None:
    """(error class, detail) when an earlier outcome means this URL is not fetched in this run."""
    if past is None or settings.refetch_skipped:
        return None
    since = f"since {_when(past.at)}"
    if past.kind == "skipped":
        if past.filter_key != filter_key:
            return None  # the source's filters changed: judge the URL again
        return past.error_class, (
            f"skipped {since} ({past.detail}); not fetched again while the source's filters are unchanged "
            "(refetch_skipped fetches it)"
        )
    if past.status in ("permanent", "given_up") and _due_for_recheck(past, settings, now):
        return None
    recheck = (
        f"rechecked after {settings.recheck_failed_after_days:g} days"
        if settings.recheck_failed_after_days
        else "not rechecked"
    )
    if past.status == "permanent":
        return past.error_class, (
            f"failed permanently {since}: {past.detail}; not retried ({recheck}; refetch_skipped retries it)"
        )
    if past.status == "given_up":
        return past.error_class, (
            f"given up after {past.failed_runs} failed runs, last {since}: {past.detail} "
            f"({recheck}; refetch_skipped retries it)"
        )
    if past.retry_after is not None and _aware(past.retry_after) > now:
        return past.error_class, (
            f"failed in {past.failed_runs} run(s), last {since}: {past.detail}; "
            f"next try after {_when(past.retry_after)}"
        )
    return None


def failure_after(
    url: str,
    source_id: str | None,
    error: FetchError,
    attempts: int,
    past: PastOutcome | None,
    settings: FetchSettings,
    now: dt.datetime,
) -> FetchFailure:
    """The failure to record for a URL that failed in this run, with what later runs should do."""
    counting = past is not None and past.kind == "failed" and past.status == "retry"
    failed_runs = (past.failed_runs if counting else 0) + 1
    failure = FetchFailure(
        url, source_id, error.error_class, error.detail, attempts, failed_at=now, failed_runs=failed_runs
    )
    if error.permanent:
        failure.status = "permanent"
    elif failed_runs >= settings.max_failed_runs:
        failure.status = "given_up"
    else:
        failure.retry_after = now + retry_delay(failed_runs, settings)
    return failure
