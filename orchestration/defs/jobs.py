"""The one job the schedule, the UI and `frontlines run` all materialize, and its schedule."""

import os

from dagster import AssetSelection, DefaultScheduleStatus, ScheduleDefinition, define_asset_job

frontlines_job = define_asset_job(
    "frontlines_job",
    selection=AssetSelection.all(),
    description="Fetch, clean, extract, load and build the marts.",
)

hourly_schedule = ScheduleDefinition(
    name="frontlines_hourly",
    job=frontlines_job,
    cron_schedule=os.environ.get("FRONTLINES_SCHEDULE", "0 * * * *"),
    default_status=DefaultScheduleStatus.RUNNING
    if os.environ.get("FRONTLINES_SCHEDULE_ON") == "1"
    else DefaultScheduleStatus.STOPPED,
    description="Hourly by default. FRONTLINES_SCHEDULE sets the cron, FRONTLINES_SCHEDULE_ON=1 starts it.",
)
