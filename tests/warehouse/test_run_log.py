"""A run whose process died leaves a 'running' row; the next run closes it, and only it."""

from __future__ import annotations

import duckdb

from warehouse.connection import apply_schema
from warehouse.load import record_run
from warehouse.run_log import close_abandoned_runs


def _runs(con) -> dict[str, tuple]:
    rows = con.execute("select run_id, status, finished_at is not null, detail from raw.runs").fetchall()
    return {run_id: rest for run_id, *rest in rows}


def test_only_running_rows_of_runs_no_longer_alive_are_closed(tmp_path):
    con = duckdb.connect(str(tmp_path / "runs.duckdb"))
    apply_schema(con)
    record_run(con, "killed", "running", pages_new=40)
    record_run(con, "queued-elsewhere", "running")
    record_run(con, "done", "success", pages_new=2)
    record_run(con, "broke", "failed", detail="dbt build failed")

    assert close_abandoned_runs(con, {"queued-elsewhere", "this-run"}) == ["killed"]
    runs = _runs(con)
    assert runs["killed"][0] == "failed" and runs["killed"][1] is True
    assert runs["killed"][2].startswith("abandoned:")
    assert runs["queued-elsewhere"] == ["running", False, None]
    assert runs["done"] == ["success", True, None]
    assert runs["broke"] == ["failed", True, "dbt build failed"], "finished rows are never rewritten"
    assert con.execute("select pages_new from raw.runs where run_id = 'killed'").fetchone() == (40,)

    assert close_abandoned_runs(con, {"queued-elsewhere"}) == [], "a second call finds nothing to close"
    assert close_abandoned_runs(con, set()) == ["queued-elsewhere"]
