"""Two cadences for dbt's data tests: the hourly job builds every model with the critical tests, the
daily audit runs every data test. The Dagster jobs plan the same sets as dbt's selectors, which is
what the dbt step runs (dbt_project/selectors.yml)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.dbt_flags import AUDIT_SELECTOR, SCHEDULED_SELECTOR
from orchestration.dbt_project import DBT_PROJECT_DIR, critical_test_names

DBT = Path(sys.executable).with_name("dbt")


@pytest.fixture(scope="module")
def repo(dbt_manifest):
    from orchestration.definitions import defs

    return defs.get_repository_def()


@pytest.fixture(scope="module")
def manifest(dbt_manifest) -> dict:
    from orchestration.dbt_project import dbt_project

    return json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))


def _dbt_ls(args: list[str], tmp: Path) -> str:
    """`dbt ls ARGS` on the project, its target folder `tmp/target`; its standard output."""
    env = {**os.environ, "FRONTLINES_WAREHOUSE": str(tmp / "unused.duckdb")}
    done = subprocess.run(
        [
            *(str(DBT), "ls", *args),
            *("--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)),
            *("--target-path", str(tmp / "target"), "--log-path", str(tmp / "logs"), "--quiet"),
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


def _listed(selector: str, tmp: Path) -> dict[str, set[str]]:
    """`dbt ls --selector` as {resource_type: names}."""
    listed = _dbt_ls(["--selector", selector, "--output", "json", "--output-keys", "name resource_type"], tmp)
    out: dict[str, set[str]] = {}
    for line in listed.splitlines():
        node = json.loads(line)
        out.setdefault(node["resource_type"], set()).add(node["name"])
    return out


def test_the_scheduled_selector_builds_every_model_with_the_critical_tests_only(manifest, tmp_path):
    listed = _listed(SCHEDULED_SELECTOR, tmp_path)
    models = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    assert listed["model"] == models
    assert listed["test"] == set(critical_test_names())
    assert 5 <= len(critical_test_names()) <= 20, "a handful of cheap key tests, not the suite"
    assert "unit_test" not in listed


def test_the_audit_selector_runs_every_data_test_and_builds_nothing(manifest, tmp_path):
    listed = _listed(AUDIT_SELECTOR, tmp_path)
    tests = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "test"}
    assert set(listed) == {"test"}, "the audit builds no model"
    assert listed["test"] == tests and len(tests) > 150


def test_the_jobs_plan_the_checks_their_selectors_run(repo):
    from orchestration.defs.dbt_assets import frontlines_dbt_models

    dbt_checks = set(frontlines_dbt_models.check_keys)
    critical = {k for k in dbt_checks if k.name in critical_test_names()}
    assert critical and critical < dbt_checks
    hourly = repo.get_job("frontlines_job").asset_layer
    planned = set(hourly.asset_graph.asset_check_keys)
    # the hourly job: every model, the critical dbt checks and the raw layer's checks
    assert planned & dbt_checks == critical, (planned & dbt_checks) ^ critical
    assert {k.asset_key.path[0] for k in planned - dbt_checks} == {"raw"}
    assert set(frontlines_dbt_models.keys) <= set(hourly.selected_asset_keys)
    # the audit: every dbt check, and no asset materialized
    audit = repo.get_job("frontlines_audit_job").asset_layer
    assert set(audit.asset_graph.asset_check_keys) == dbt_checks
    assert not audit.selected_asset_keys


def test_the_daily_audit_schedule_runs_the_audit_job(repo):
    schedule = repo.get_schedule_def("frontlines_daily_audit")
    assert schedule.job_name == "frontlines_audit_job"
    assert schedule.cron_schedule == "30 3 * * *"


@pytest.mark.parametrize("flags", ["SCHEDULED_FLAGS", "AUDIT_FLAGS", "BUILD_FLAGS"])
def test_the_jobs_dbt_flags_write_no_json_artifacts_but_keep_the_parse(flags, tmp_path):
    """The asset deletes each invocation's target folder: manifest.json (written twice a build) and
    run_results.json were work for nothing. The parse must still be written: the next run reuses it."""
    import orchestration.dbt_flags as project

    assert _dbt_ls(getattr(project, flags), tmp_path).strip(), "dbt listed nothing"
    written = {p.name for p in (tmp_path / "target").iterdir()}
    assert "partial_parse.msgpack" in written
    assert not written & {"manifest.json", "semantic_manifest.json", "run_results.json"}, written
