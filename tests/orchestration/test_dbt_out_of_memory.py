"""A step that runs out of DuckDB's memory fails once, with advice that names
FRONTLINES_DUCKDB_MEMORY_LIMIT: DuckDB's own advice (`SET memory_limit`) cannot reach the
pipeline's or dbt's connections, and a retry under the same limit would fail the same way."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from dagster import DagsterEventType, DagsterInstance

from orchestration.cli import main as frontlines
from tests.conftest import MINI_CORPUS
from warehouse.connection import MEMORY_LIMIT_ENV, OUT_OF_MEMORY

pytestmark = pytest.mark.slow
TOO_LITTLE = "2MB"


@pytest.fixture(scope="module")
def built(tmp_path_factory, orchestration_home):
    path = tmp_path_factory.mktemp("out-of-memory") / "frontlines.duckdb"
    assert frontlines(["run", "--archive", str(MINI_CORPUS), "--warehouse", str(path)]) == 0
    return path


def _run_job(built, tmp_path, warehouse_config: dict):
    """frontlines_job over a copy of the built warehouse, whose marts are made stale first."""
    path = tmp_path / "frontlines.duckdb"
    shutil.copy(built, path)
    with duckdb.connect(str(path)) as con:
        con.execute("delete from raw.mart_builds")  # the marts are stale: the run builds them
    from orchestration.definitions import defs
    from orchestration.defs.partitions import today_partition

    return defs.resolve_job_def("frontlines_job").execute_in_process(
        run_config={
            "resources": {
                "warehouse": {"config": {"database": str(path), **warehouse_config}},
                "sources": {"config": {"archives": [str(MINI_CORPUS)]}},
            }
        },
        instance=DagsterInstance.get(),
        partition_key=today_partition(),
        raise_on_error=False,
    )


def _the_one_failure(result) -> tuple[str, str]:
    assert not result.success
    failures = [event for event in result.all_events if event.is_step_failure]
    assert len(failures) == 1, [event.step_key for event in failures]
    retried = [e for e in result.all_events if e.event_type == DagsterEventType.STEP_UP_FOR_RETRY]
    assert not retried, "a step past the memory limit is not retried under the same limit"
    return failures[0].step_key, failures[0].step_failure_data.error.message


def test_a_dbt_build_past_the_memory_limit_says_which_variable_to_raise(built, tmp_path, monkeypatch):
    monkeypatch.setenv(MEMORY_LIMIT_ENV, TOO_LITTLE)  # what dbt's profile reads when dbt starts
    # the raw steps keep a workable limit of their own, so dbt is the step that runs out
    result = _run_job(built, tmp_path, {"connection_config": {"memory_limit": "640MB"}})
    step, message = _the_one_failure(result)
    assert step == "frontlines_dbt_models", message
    assert OUT_OF_MEMORY.search(message), message
    assert f"Set {MEMORY_LIMIT_ENV} higher" in message and f"limit of {TOO_LITTLE}" in message, message


def test_a_raw_step_past_the_memory_limit_says_which_variable_to_raise(built, tmp_path, monkeypatch):
    monkeypatch.setenv(MEMORY_LIMIT_ENV, TOO_LITTLE)
    step, message = _the_one_failure(_run_job(built, tmp_path, {}))
    assert step == "raw_pages", message
    assert OUT_OF_MEMORY.search(message), message
    assert f"Set {MEMORY_LIMIT_ENV} higher" in message and f"limit of {TOO_LITTLE}" in message, message
