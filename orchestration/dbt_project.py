"""The dbt project as Dagster sees it. Its manifest is prepared at set-up
(`dagster-dbt project prepare-and-package --file orchestration/dbt_project.py`), never at import."""

import json
from functools import cache

from dagster_dbt import DbtProject

from warehouse.paths import REPO_ROOT

DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)

# Unit tests check the SQL, not the data: CI runs them (tests/dbt); a production build would repeat
# them every run on fixed inputs (about 10 s).
NO_UNIT_TESTS = ["--exclude-resource-type", "unit_test"]
# No manifest.json, semantic manifest or run_results.json: the asset reads dbt's events from its log
# stream and deletes the invocation's target folder afterwards, and writing the manifest twice (after
# the parse and after the run) was about 1 s of a build's 9 s at 10,000 pages (docs/scaling.md,
# session 14). The parse dbt keeps for the next run (partial_parse.msgpack) is written regardless.
NO_ARTIFACTS = ["--no-write-json"]

# Two cadences for the data tests (dbt_project/selectors.yml, docs/scaling.md). The scheduled build
# (`frontlines_job`, hourly) runs every model and only the tests tagged `critical`: each data test
# costs dbt a node (about 40 ms of fixed work, plus its query), and 199 of them were half of a run's
# dbt time. The audit (`frontlines_audit_job`, daily, or `frontlines audit`) runs every data test on
# the marts as they are. benchmarks/pipeline_run.py times the scheduled build with the same flags.
CRITICAL_TAG = "critical"
SCHEDULED_SELECTOR, AUDIT_SELECTOR = "scheduled", "audit"
SCHEDULED_FLAGS = ["--selector", SCHEDULED_SELECTOR, *NO_UNIT_TESTS, *NO_ARTIFACTS]
AUDIT_FLAGS = ["--selector", AUDIT_SELECTOR, *NO_UNIT_TESTS, *NO_ARTIFACTS]
# a whole build with every data test (the UI's "materialize all"): a relationship test between two
# models runs once both are built (a subset run skips it rather than fail on a missing table)
BUILD_FLAGS = ["--indirect-selection", "buildable", *NO_UNIT_TESTS, *NO_ARTIFACTS]


@cache
def critical_test_names() -> frozenset[str]:
    """The names of the data tests tagged critical, read from the prepared manifest."""
    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    return frozenset(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test" and CRITICAL_TAG in node.get("tags", [])
    )
