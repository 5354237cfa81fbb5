"""The dbt models as assets; dbt's data tests are the models' asset checks.

Two cadences (dbt_project/selectors.yml): `frontlines_job` (hourly) builds every model with only the
tests tagged `critical`; `frontlines_audit_job` (daily, or `frontlines audit`) runs every data test on
the marts as they are, rebuilding nothing. Both report each test as an asset check. The jobs plan
exactly the checks their dbt selector runs (tests/orchestration/test_dbt_cadence.py).

One dbt invocation a run (dbt's start-up is most of a small run's cost): the incremental mart is
built over the run's ingestion days, which the op reads from the run's partition tags and passes as
the dbt vars `partition_start`/`partition_end` (their defaults in dbt_project.yml cover every day,
which is what today's run asks for); every other model is rebuilt whole. When the marts' raw inputs
and the dbt project are what the last successful build had (warehouse/changes.py), a build would
write the same rows: the step skips dbt and materializes nothing, and the serving copy stays as it is.
"""

import datetime as dt
import json
import os
import shutil
from collections.abc import Mapping
from typing import Any

from dagster import (
    AssetCheckKey,
    AssetCheckResult,
    AssetExecutionContext,
    AssetSpec,
    Failure,
    FreshnessPolicy,
)
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets
from dagster_duckdb import DuckDBResource

from orchestration.dbt_flags import AUDIT_FLAGS, BUILD_FLAGS, SCHEDULED_FLAGS
from orchestration.dbt_project import critical_test_names, dbt_project
from orchestration.defs.partitions import OPEN_START, run_window
from orchestration.defs.raw_assets import OWNERS, POOL, RETRY
from orchestration.run_check import dbt_project_key
from warehouse.changes import marts_current, raw_stamp, record_mart_build
from warehouse.connection import out_of_memory_advice

# marts are rebuilt by every run: hourly by default, so a mart older than a few hours is late
MARTS_FRESHNESS = FreshnessPolicy.time_window(
    warn_window=dt.timedelta(hours=float(os.environ.get("FRONTLINES_MARTS_WARN_HOURS", "3"))),
    fail_window=dt.timedelta(hours=float(os.environ.get("FRONTLINES_MARTS_FAIL_HOURS", "26"))),
)


class FrontlinesDbtTranslator(DagsterDbtTranslator):
    """Models grouped by layer (staging, intermediate, marts) with owners; marts carry freshness.

    Sources keep dagster-dbt's default keys (`raw/pages`, `ref/actors`...), which are the keys of
    the Python raw assets: that is what draws the lineage from Python into dbt."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project) -> AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        if not unique_id.startswith(("model.", "seed.", "snapshot.")):
            return spec
        fqn = manifest["nodes"][unique_id].get("fqn", [])
        layer = fqn[1] if len(fqn) > 2 else "dbt"
        extra: dict[str, Any] = {"group_name": layer, "owners": OWNERS}
        if layer == "marts":
            extra["freshness_policy"] = MARTS_FRESHNESS
        return spec.replace_attributes(**extra)


translator = FrontlinesDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


def _window_vars(context: AssetExecutionContext) -> list[str]:
    """dbt vars for the run's ingestion days; none for today's run (the defaults: every day)."""
    window = run_window(context.run.tags)
    if window is None or window[0] == OPEN_START:
        # no vars keeps dbt's saved parse usable (new vars make dbt parse the project again)
        return []
    bounds = {"partition_start": window[0].isoformat(), "partition_end": window[1].isoformat()}
    return ["--vars", json.dumps(bounds)]


def _keep_parse(target) -> None:
    """Keep this invocation's parse for the next run (same profile and vars): a dbt start-up saved."""
    parsed = target / "partial_parse.msgpack"
    if parsed.exists():
        shared = dbt_project.project_dir / dbt_project.target_path / "partial_parse.msgpack"
        staging = shared.with_suffix(f".{os.getpid()}.tmp")
        shutil.copyfile(parsed, staging)
        os.replace(staging, shared)


def _dbt_args(context: AssetExecutionContext) -> tuple[str, list[str]]:
    """What this step runs: 'audit' (checks alone selected: every data test, `dbt test`), 'scheduled'
    (every model with the critical checks: `frontlines_job`), or 'build' (the UI's own selection).

    A `--selector` makes dbt ignore the `--select` dagster-dbt adds for a subset, so the selector
    decides what runs; the jobs plan the same checks (critical_check_keys, audit_check_keys)."""
    models = set(context.selected_asset_keys)
    checks = set(context.selected_asset_check_keys)
    every_model = models == set(context.assets_def.keys)
    if not models:
        return "audit", ["test", *AUDIT_FLAGS]
    if every_model and checks == critical_check_keys(context.assets_def):
        return "scheduled", ["build", *SCHEDULED_FLAGS]
    return "build", ["build", *BUILD_FLAGS]


def critical_check_keys(assets_def) -> set[AssetCheckKey]:
    """The asset checks of the dbt tests tagged critical: what the scheduled build runs."""
    names = critical_test_names()
    return {key for key in assets_def.check_keys if key.name in names}


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=translator,
    pool=POOL,
    retry_policy=RETRY,
    name="frontlines_dbt_models",
)
def frontlines_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: DuckDBResource):
    """Every model with its critical tests (or every data test alone, the audit), in one dbt
    invocation; a build is skipped when the marts are current."""
    mode, args = _dbt_args(context)
    every_model = set(context.selected_asset_keys) == set(context.assets_def.keys)
    project_key = dbt_project_key()
    if mode != "audit":
        with warehouse.get_connection() as con:
            stamp = raw_stamp(con)
            current = marts_current(con, stamp, project_key)
        if current and every_model:
            context.log.info("marts current: their raw inputs and the dbt project are unchanged, dbt skipped")
            return
    extra = _window_vars(context) if mode != "audit" else []
    context.log.info(f"dbt {' '.join(args)} ({mode})")
    invocation = dbt.cli([*args, *extra], context=context, raise_on_error=False)
    failed_checks = []
    for event in invocation.stream():
        if isinstance(event, AssetCheckResult) and not event.passed:
            failed_checks.append(f"{event.asset_key.to_user_string()}: {event.check_name}")
        yield event
    target = invocation.target_path
    if not extra:
        _keep_parse(target)
    shutil.rmtree(target, ignore_errors=True)  # about 1.4 MB per invocation otherwise
    if not invocation.is_successful():
        if failed_checks:  # the data is wrong: a retry would fail the same way
            raise Failure(
                f"dbt {mode}: {len(failed_checks)} data test(s) failed: {', '.join(sorted(failed_checks))}",
                allow_retries=False,
            )
        error = invocation.get_error() or Failure(f"dbt {mode} failed")
        advice = out_of_memory_advice(str(error))
        if advice:  # the same limit would fail the same way: no retry
            raise Failure(f"dbt {mode} failed. {advice}", allow_retries=False) from error
        raise error
    if mode != "audit" and every_model:
        with warehouse.get_connection() as con:
            record_mart_build(con, context.run.run_id, stamp, project_key)
