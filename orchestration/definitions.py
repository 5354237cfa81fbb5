"""Everything Dagster loads: `dagster dev -m orchestration.definitions` or `frontlines ui`."""

from dagster import Definitions

from orchestration.defs.dbt_assets import frontlines_dbt_models
from orchestration.defs.jobs import frontlines_job, hourly_schedule
from orchestration.defs.raw_assets import raw_articles, raw_mentions, raw_pages, reference_data
from orchestration.defs.resources import build_resources

defs = Definitions(
    assets=[reference_data, raw_pages, raw_articles, raw_mentions, frontlines_dbt_models],
    jobs=[frontlines_job],
    schedules=[hourly_schedule],
    resources=build_resources(),
)
