"""Everything Dagster loads: `dagster dev -m orchestration.definitions` or `frontlines ui`."""

from dagster import Definitions

from orchestration.defs.dbt_assets import frontlines_dbt_models
from orchestration.defs.jobs import frontlines_audit_job, frontlines_job, reextract_job
from orchestration.defs.raw_assets import raw_articles, raw_mentions, raw_pages, reference_data
from orchestration.defs.resources import build_resources
from orchestration.defs.schedules import frontlines_daily_audit, frontlines_hourly
from orchestration.defs.sensors import new_source_items
from orchestration.defs.serving_assets import serving_snapshot

defs = Definitions(
    assets=[
        reference_data,
        raw_pages,
        raw_articles,
        raw_mentions,
        frontlines_dbt_models,
        serving_snapshot,
    ],
    jobs=[frontlines_job, frontlines_audit_job, reextract_job],
    schedules=[frontlines_hourly, frontlines_daily_audit],
    sensors=[new_source_items],
    resources=build_resources(),
)
