"""DuckDB's memory limit reaches every connection the pipeline opens and dbt's (issue 7: left at
DuckDB's default of 80 % of RAM, the buffer cache made peak memory grow with the run)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from warehouse.connection import (
    DEFAULT_MEMORY_LIMIT,
    MEMORY_LIMIT_ENV,
    connect,
    open_warehouse,
    out_of_memory_advice,
)

REPO = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).with_name("dbt")


def _as_duckdb_shows(limit: str) -> str:
    """How DuckDB reports a limit set by hand (e.g. 1GB -> '953.6 MiB'), to compare like with like."""
    with duckdb.connect(":memory:") as con:
        con.execute(f"set memory_limit = '{limit}'")
        return con.execute("select current_setting('memory_limit')").fetchone()[0]


def _setting(con) -> str:
    return con.execute("select current_setting('memory_limit')").fetchone()[0]


def test_default_limit_reaches_a_real_warehouse_file(tmp_path, monkeypatch):
    monkeypatch.delenv(MEMORY_LIMIT_ENV, raising=False)
    with duckdb.connect(":memory:") as plain:
        duckdb_default = _setting(plain)
    with open_warehouse(tmp_path / "w.duckdb") as con:
        assert _setting(con) == _as_duckdb_shows(DEFAULT_MEMORY_LIMIT)
        assert _setting(con) != duckdb_default
    with open_warehouse(tmp_path / "w.duckdb", read_only=True) as con:
        assert _setting(con) == _as_duckdb_shows(DEFAULT_MEMORY_LIMIT)


def test_the_variable_sets_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "300MB")
    with open_warehouse(tmp_path / "w.duckdb") as con:
        assert _setting(con) == _as_duckdb_shows("300MB")


def test_a_bad_limit_names_the_variable(tmp_path, monkeypatch):
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "lots")
    with pytest.raises(ValueError, match=f"{MEMORY_LIMIT_ENV}='lots'"), open_warehouse(tmp_path / "w.duckdb"):
        pass


def test_another_bad_setting_is_not_taken_for_the_limit(tmp_path, monkeypatch):
    """DuckDB's own error for another setting says what it is, even when it mentions memory."""
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "300MB")
    with pytest.raises(duckdb.InvalidInputException, match="'memory' to INT64"):
        connect(tmp_path / "w.duckdb", config={"threads": "memory"})


def _dbt_memory_limit(tmp_path: Path, limit: str | None) -> str:
    """The memory_limit of the connection dbt opens from profiles.yml, with the variable at `limit`."""
    env = {
        **os.environ,
        "FRONTLINES_WAREHOUSE": str(tmp_path / "w.duckdb"),
        "PATH": f"{DBT.parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    env.pop(MEMORY_LIMIT_ENV, None)
    if limit is not None:
        env[MEMORY_LIMIT_ENV] = limit
    project = REPO / "dbt_project"
    paths = ["--project-dir", str(project), "--profiles-dir", str(project)]
    paths += ["--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")]
    query = ["--inline", "select current_setting('memory_limit') as m", "--output", "json", "--quiet"]
    done = subprocess.run(
        [str(DBT), "show", *query, *paths],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout[done.stdout.index("{") :])["show"][0]["m"]


def test_dbt_profile_passes_the_limit(tmp_path):
    """dbt opens its own connection from profiles.yml: the same variable must reach it."""
    assert _dbt_memory_limit(tmp_path, "300MB") == _as_duckdb_shows("300MB")


def test_dbt_profile_defaults_to_the_pipelines_limit(tmp_path):
    """Unset, the profile's default is the pipeline's: the 1.5 GB budget counts dbt's pool too."""
    assert _dbt_memory_limit(tmp_path, None) == _as_duckdb_shows(DEFAULT_MEMORY_LIMIT)


def test_dagster_runs_open_the_warehouse_with_the_limit(tmp_path, monkeypatch):
    """The assets' DuckDBResource, as the definitions and the CLI configure it."""
    from orchestration.cli import _resources_config
    from orchestration.defs.resources import build_resources

    monkeypatch.setenv(MEMORY_LIMIT_ENV, "300MB")
    monkeypatch.setenv("FRONTLINES_WAREHOUSE", str(tmp_path / "defs.duckdb"))
    with build_resources()["warehouse"].get_connection() as con:
        assert _setting(con) == _as_duckdb_shows("300MB")
    from dagster_duckdb import DuckDBResource

    cli_config = _resources_config(tmp_path / "cli.duckdb")["warehouse"]["config"]
    with DuckDBResource(**cli_config).get_connection() as con:
        assert _setting(con) == _as_duckdb_shows("300MB")


def test_duckdbs_out_of_memory_error_gets_advice_naming_the_variable_and_others_none(monkeypatch):
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "8MB")
    with duckdb.connect(":memory:", config={"memory_limit": "8MB", "temp_directory": ""}) as con:
        with pytest.raises(duckdb.OutOfMemoryException) as out_of_memory:
            con.execute("select range % 1000003 as k, list(range) from range(3000000) group by k").fetchall()
        with pytest.raises(duckdb.CatalogException) as other:
            con.execute("select * from no_such_table")
    advice = out_of_memory_advice(str(out_of_memory.value))
    assert advice is not None and f"Set {MEMORY_LIMIT_ENV} higher" in advice and "limit of 8MB" in advice
    assert "failed to allocate" in advice or "pin block" in advice  # DuckDB's own line is kept
    assert out_of_memory_advice(str(other.value)) is None
