"""What changed since the last run: the marts' raw inputs, and what the sources listed.

dbt costs 30-60 s a run even when nothing changed (its start-up, every table rebuilt, 200 tests),
and a run that only finds what it already has still pays Dagster's and dbt's start-up. So each
successful dbt build records a stamp of the rows the marts read, and each run's acquisition step
records what its sources listed; a later run compares. Equal stamp and same dbt project: a rebuild
would write the same rows. Same listing, same config, no retry due: fetching would find nothing.
"""

from __future__ import annotations

import hashlib
import json

import duckdb

from warehouse.clock import utc_now

# the tables the marts are built from, with the cheap summary that changes when their rows do
# (loads replace rows with fresh timestamps, so a replacement of equal count still changes the max)
MART_INPUTS = {
    "raw.pages": "count(*), max(fetched_at)",
    "raw.articles": "count(*), max(cleaned_at), count(duplicate_of)",
    "raw.mentions": "count(*), max(extracted_at)",
    "raw.mention_links": "count(*)",
    "raw.extraction_log": "count(*), max(extracted_at)",
    # reference tables are replaced whole each run: hash their content, they are small
    "ref.actors": "count(*), sum(hash(t))",
    "ref.actor_names": "count(*), sum(hash(t))",
    "ref.places": "count(*), sum(hash(t))",
    "ref.place_names": "count(*), sum(hash(t))",
    "ref.event_types": "count(*), sum(hash(t))",
}


def _digest(value) -> str:
    return hashlib.sha1(json.dumps(value, default=str, sort_keys=True).encode("utf-8")).hexdigest()[:20]


def _as_text(summary: str) -> str:
    return ", ".join(f"coalesce(({part.strip()})::varchar, '')" for part in summary.split(","))


def raw_stamp(con: duckdb.DuckDBPyConnection) -> str:
    """A hash of the marts' inputs, in one query (a few aggregate scans, no text read)."""
    existing = {
        f"{schema}.{name}"
        for schema, name in con.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
    }
    parts = [
        f"select '{table}' as t, concat_ws('|', {_as_text(summary)}) as s from {table} t"
        for table, summary in MART_INPUTS.items()
        if table in existing
    ]
    rows = con.execute(" union all ".join(parts) + " order by 1").fetchall() if parts else []
    return _digest(rows)


def record_mart_build(con: duckdb.DuckDBPyConnection, run_id: str, stamp: str, project_key: str) -> None:
    con.execute("insert into raw.mart_builds values (?, ?, ?, ?)", [run_id, utc_now(), project_key, stamp])


def marts_current(con: duckdb.DuckDBPyConnection, stamp: str, project_key: str) -> bool:
    """The last successful build had these inputs and this dbt project, and its marts are there."""
    last = con.execute(
        "select raw_stamp, project_key from raw.mart_builds order by built_at desc limit 1"
    ).fetchone()
    if last is None or last != (stamp, project_key):
        return False
    marts = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts'"
    ).fetchone()[0]
    return marts > 0


def record_run_sources(con: duckdb.DuckDBPyConnection, run_id: str, config_key: str, state: str) -> None:
    con.execute("delete from raw.run_sources where run_id = ?", [run_id])
    con.execute("insert into raw.run_sources values (?, ?, ?, ?)", [run_id, utc_now(), config_key, state])


def last_successful_listing(con: duckdb.DuckDBPyConnection) -> tuple[str, str, str] | None:
    """(run_id, config_key, state) of the latest run that ended in success, if it is the latest run
    (a failed or running run since then means work may be waiting)."""
    last = con.execute(
        """select r.run_id, r.status, s.config_key, s.state
           from raw.runs r left join raw.run_sources s using (run_id)
           where r.status <> 'skipped'
           order by r.started_at desc limit 1"""
    ).fetchone()
    if last is None or last[1] != "success" or last[2] is None:
        return None
    return last[0], last[2], last[3]


def retries_due(con: duckdb.DuckDBPyConnection) -> int:
    """Failed URLs a run would try again now (their retry delay has passed)."""
    return con.execute(
        """select count(*) from raw.fetch_failures
           where coalesce(status, 'retry') = 'retry' and (retry_after is null or retry_after <= ?)""",
        [utc_now()],
    ).fetchone()[0]


def config_key(*parts) -> str:
    """A hash of what decides what a run would do with the same listing (sources, versions)."""
    return _digest([str(p) for p in parts])
