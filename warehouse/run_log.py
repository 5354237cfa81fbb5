"""Runs that will never finish: a run whose process was killed leaves its `raw.runs` row at
'running' forever, and status reports and the marts' run history would count it as in progress.

The next run closes such rows. Only the orchestrator knows which runs are still alive, so it passes
their ids in; every other 'running' row is closed as failed, with the reason in `detail`."""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from warehouse.clock import utc_now

ABANDONED = "abandoned: its process ended without finishing the run (killed or crashed)"


def close_abandoned_runs(con: duckdb.DuckDBPyConnection, alive: Iterable[str]) -> list[str]:
    """Mark failed every 'running' row whose run is not in `alive`; returns their run ids, sorted."""
    alive = sorted(set(alive))
    keep = "and run_id not in (select unnest(?::varchar[]))" if alive else ""
    now = utc_now()
    params = [now, *([alive] if alive else [])]
    rows = con.execute(
        f"""
        update raw.runs
        set status = 'failed', finished_at = ?,
            detail = coalesce(detail || '; ', '') || '{ABANDONED}'
        where status = 'running' {keep}
        returning run_id
        """,
        params,
    ).fetchall()
    return sorted(r[0] for r in rows)


COUNTS = ("pages_new", "articles_new", "mentions_new")


def recorded_counts(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, int | None]:
    """The counts in the run's row of `raw.runs` (None for a count not recorded, or no row yet)."""
    row = con.execute(
        "select pages_new, articles_new, mentions_new from raw.runs where run_id = ?", [run_id]
    ).fetchone()
    return dict(zip(COUNTS, row or (None,) * len(COUNTS), strict=True))


def run_counts(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, int]:
    """What the run has stored so far by its row in `raw.runs` (0 for a count not recorded)."""
    return {k: v or 0 for k, v in recorded_counts(con, run_id).items()}
