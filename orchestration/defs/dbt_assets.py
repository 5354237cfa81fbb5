"""The dbt models as assets; `dbt build` runs each model's data tests, which Dagster shows as the
model's asset checks.

Split as the anchor projects do, in two dbt invocations per run: the incremental mart, with the
staging and intermediate views it reads, is partitioned by ingestion day (Dagster passes the
partition's bounds as the dbt vars `partition_start`/`partition_end`, whose defaults in
dbt_project.yml cover every day); every other model is rebuilt whole. (A third op for the views alone
would only add a dbt start-up to every run: views hold no rows.)
"""

import datetime as dt
import json
import os
import shutil
from collections.abc import Mapping
from typing import Any

from dagster import AssetExecutionContext, AssetSpec, FreshnessPolicy
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from orchestration.dbt_project import dbt_project
from orchestration.defs.partitions import OPEN_START, ingest_days, partition_window, single_run
from orchestration.defs.raw_assets import OWNERS, POOL, RETRY

# the incremental models and every model they read
INCREMENTAL = "+config.materialized:incremental"
# a test runs in the invocation that has built all of its models (a relationship test between the
# incremental mart and a whole-rebuilt one runs after the latter), never before one exists
BUILDABLE_TESTS = ["--indirect-selection", "buildable"]

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


def _build(context: AssetExecutionContext, dbt: DbtCliResource, extra: list[str]):
    """Run `dbt build`, stream its events, then keep its parse for the next run and drop its target."""
    invocation = dbt.cli(["build", *BUILDABLE_TESTS, *extra], context=context)
    yield from invocation.stream()
    target = invocation.target_path
    parsed = target / "partial_parse.msgpack"
    if not extra and parsed.exists():
        # the next invocation starts from this parse (same profile and vars): a dbt start-up saved
        shared = dbt_project.project_dir / dbt_project.target_path / "partial_parse.msgpack"
        staging = shared.with_suffix(f".{os.getpid()}.tmp")
        shutil.copyfile(parsed, staging)
        os.replace(staging, shared)
    shutil.rmtree(target, ignore_errors=True)  # about 1.4 MB per invocation otherwise


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    exclude=INCREMENTAL,
    dagster_dbt_translator=translator,
    pool=POOL,
    retry_policy=RETRY,
    name="frontlines_dbt_models",
)
def frontlines_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource):
    """The mart tables rebuilt whole (and the views only they read), with their data tests."""
    yield from _build(context, dbt, [])


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    select=INCREMENTAL,
    dagster_dbt_translator=translator,
    partitions_def=ingest_days,
    backfill_policy=single_run,
    pool=POOL,
    retry_policy=RETRY,
    name="frontlines_dbt_incremental_models",
)
def frontlines_dbt_incremental_models(context: AssetExecutionContext, dbt: DbtCliResource):
    """The incremental mart (and the views it reads) over the run's ingestion days.

    The current day's run covers every day so far, which the vars' defaults already say: passing
    no vars then keeps dbt's saved parse usable (new vars make dbt parse the project again)."""
    window = partition_window(context)
    extra = []
    if window is not None and window[0] != OPEN_START:
        bounds = {"partition_start": window[0].isoformat(), "partition_end": window[1].isoformat()}
        extra = ["--vars", json.dumps(bounds)]
    yield from _build(context, dbt, extra)
