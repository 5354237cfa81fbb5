"""The hourly schedule: each tick materializes today's ingestion partition of `frontlines_job`."""

import datetime as dt
import os

from dagster import DefaultScheduleStatus, RunRequest, ScheduleEvaluationContext, schedule

from orchestration.defs.jobs import frontlines_job

SCHEDULE_ENV, SCHEDULE_ON_ENV = "FRONTLINES_SCHEDULE", "FRONTLINES_SCHEDULE_ON"


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
        f"{SCHEDULE_ENV} sets the cron, {SCHEDULE_ON_ENV}=1 starts it with the daemon."
    ),
)
def frontlines_hourly(context: ScheduleEvaluationContext):
    when = context.scheduled_execution_time or dt.datetime.now(dt.UTC)
    day = when.astimezone(dt.UTC).date().isoformat()
    return RunRequest(run_key=None, partition_key=day, tags={"frontlines/trigger": "schedule"})
