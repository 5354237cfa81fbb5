"""The schedules: hourly, each tick materializes today's ingestion partition of `frontlines_job`,
unless nothing is new (orchestration/run_check.py): then the tick is skipped with the reason, and
no run starts (a run that found nothing would still pay Dagster's and dbt's start-up); and daily,
`frontlines_audit_job` runs every dbt data test (the hourly build runs only the critical ones)."""

import datetime as dt
import os
from pathlib import Path

from dagster import DefaultScheduleStatus, RunRequest, ScheduleEvaluationContext, SkipReason, schedule
from dagster_duckdb import DuckDBResource

from orchestration import run_check
from orchestration.defs.jobs import frontlines_audit_job, frontlines_job
from orchestration.defs.resources import ExtractorResource, SourcesResource

SCHEDULE_ENV, SCHEDULE_ON_ENV = "FRONTLINES_SCHEDULE", "FRONTLINES_SCHEDULE_ON"
ALWAYS_ENV = "FRONTLINES_SCHEDULE_ALWAYS"  # =1: a run every tick, even with nothing new


def _nothing_new(warehouse: DuckDBResource, sources: SourcesResource, extractor: ExtractorResource):
    try:
        found, errors = sources.resolve()
        engine = extractor.get()
    except ValueError as exc:  # the run will report it
        return run_check.Verdict(False, str(exc))
    if errors:
        return run_check.Verdict(False, f"{len(errors)} source(s) in error")
    return run_check.check(Path(warehouse.database), found, sources.fetch_settings(), engine)


@schedule(
    name="frontlines_hourly",
    job=frontlines_job,
    cron_schedule=os.environ.get(SCHEDULE_ENV, "0 * * * *"),
    execution_timezone="UTC",
    default_status=DefaultScheduleStatus.RUNNING
    if os.environ.get(SCHEDULE_ON_ENV) == "1"
    else DefaultScheduleStatus.STOPPED,
    description=(
        "Hourly by default: fetch every source and process today's ingestion partition. "
        f"{SCHEDULE_ENV} sets the cron, {SCHEDULE_ON_ENV}=1 starts it with the daemon. "
        "A tick with nothing new (no source lists a new item, no retry due, marts current) is skipped; "
        f"{ALWAYS_ENV}=1 runs every tick."
    ),
)
def frontlines_hourly(
    context: ScheduleEvaluationContext,
    warehouse: DuckDBResource,
    sources: SourcesResource,
    extractor: ExtractorResource,
):
    if os.environ.get(ALWAYS_ENV) != "1":
        verdict = _nothing_new(warehouse, sources, extractor)
        if verdict.nothing_new:
            return SkipReason(verdict.reason)
    when = context.scheduled_execution_time or dt.datetime.now(dt.UTC)
    day = when.astimezone(dt.UTC).date().isoformat()
    return RunRequest(run_key=None, partition_key=day, tags={"frontlines/trigger": "schedule"})


AUDIT_SCHEDULE_ENV = "FRONTLINES_AUDIT_SCHEDULE"


@schedule(
    name="frontlines_daily_audit",
    job=frontlines_audit_job,
    cron_schedule=os.environ.get(AUDIT_SCHEDULE_ENV, "30 3 * * *"),
    execution_timezone="UTC",
    default_status=DefaultScheduleStatus.RUNNING
    if os.environ.get(SCHEDULE_ON_ENV) == "1"
    else DefaultScheduleStatus.STOPPED,
    description=(
        "Daily at 03:30 UTC by default: every dbt data test on the marts as they are (the hourly build "
        f"runs only the critical ones). {AUDIT_SCHEDULE_ENV} sets the cron; {SCHEDULE_ON_ENV}=1 starts it "
        "with the daemon, as it does the hourly schedule."
    ),
)
def frontlines_daily_audit(context: ScheduleEvaluationContext):
    return RunRequest(run_key=None, tags={"frontlines/trigger": "schedule"})
