"""What the warehouse holds: the figures `frontlines status` and the run summary print."""

from __future__ import annotations

import duckdb


def _scalar(con: duckdb.DuckDBPyConnection, sql: str):
    return con.execute(sql).fetchone()[0]


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        _scalar(
            con,
            f"select count(*) from information_schema.tables "
            f"where table_schema = '{schema}' and table_name = '{table}'",
        )
    )


def warehouse_status(con: duckdb.DuckDBPyConnection) -> dict:
    """Pages fetched, failures by reason (and how many are given up), URLs skipped on purpose,
    articles, mentions by family, the last run's time."""
    last_run = _scalar(con, "select max(coalesce(finished_at, started_at)) from raw.runs")
    return {
        "pages": _scalar(con, "select count(*) from raw.pages"),
        "articles": _scalar(con, "select count(*) from raw.articles where status = 'ok'"),
        "not_articles": dict(
            con.execute(
                "select status, count(*) from raw.articles where status <> 'ok' group by 1 order by 1"
            ).fetchall()
        ),
        "fetch_failures": dict(
            con.execute(
                "select error_class, count(*) from raw.fetch_failures group by 1 order by 2 desc, 1"
            ).fetchall()
        ),
        # of those failures, the ones no later run will try again: permanent or given up after retries
        "fetch_failures_final": dict(
            con.execute(
                """select status, count(*) from raw.fetch_failures
                   where status in ('permanent', 'given_up') group by 1 order by 1"""
            ).fetchall()
        ),
        "given_up": _scalar(con, "select count(*) from raw.fetch_failures where status = 'given_up'"),
        "skipped": dict(
            con.execute(
                "select reason, count(*) from raw.skipped_urls group by 1 order by 2 desc, 1"
            ).fetchall()
        ),
        "mentions": dict(
            con.execute("select family, count(*) from raw.mentions group by 1 order by 1").fetchall()
        ),
        "last_run_at": last_run.isoformat(timespec="seconds") if last_run else None,
    }


MART_COUNTS = {
    "mentions": "marts.fct_event_mentions",
    "strikes": "marts.fct_strikes",
    "control_spells": "marts.fct_territorial_control",
    "corridor_claims": "marts.fct_corridor_claims",
}


def mart_summary(con: duckdb.DuckDBPyConnection, examples: int = 3) -> dict:
    """Row counts of the marts and a few example mentions with their evidence sentences."""
    counts = {
        name: (_scalar(con, f"select count(*) from {table}") if _has_table(con, *table.split(".")) else None)
        for name, table in MART_COUNTS.items()
    }
    rows = []
    if _has_table(con, "marts", "fct_event_mentions"):
        rows = con.execute(
            f"""select family, event_type, actor_name, place_name, event_date, modality, claimant, sentence
                from (select *, row_number() over (partition by family order by event_date nulls last,
                                                   mention_id) as n
                      from marts.fct_event_mentions
                      where modality in ('asserted', 'claimed'))
                where n <= {int(examples)} order by family, n"""
        ).fetchall()
    keys = ("family", "event_type", "actor", "place", "date", "modality", "claimant", "sentence")
    return {"counts": counts, "examples": [dict(zip(keys, r, strict=True)) for r in rows]}
