"""The jobs: the one the schedule, the sensor, the UI and `frontlines run` materialize, the daily
audit of every dbt data test, and the re-extraction job over stored pages (offline)."""

from __future__ import annotations

from dagster import AssetKey, AssetSelection, define_asset_job

from orchestration.defs.dbt_assets import critical_check_keys, frontlines_dbt_models

# the dbt tests the hourly build leaves to the audit (dbt_project/selectors.yml)
_AUDIT_ONLY = set(frontlines_dbt_models.check_keys) - critical_check_keys(frontlines_dbt_models)

frontlines_job = define_asset_job(
    "frontlines_job",
    selection=AssetSelection.all() - AssetSelection.checks(*_AUDIT_ONLY),
    description=(
        "Fetch, clean, extract, load and build the marts with the critical dbt tests (unique and not null "
        "on the incremental marts' keys); the other data tests run in frontlines_audit_job. Partitioned by "
        "ingestion day: a run cleans and extracts the pages of its day(s); a backfill over many days runs "
        "as one run."
    ),
)

frontlines_audit_job = define_asset_job(
    "frontlines_audit_job",
    selection=AssetSelection.checks_for_assets(frontlines_dbt_models),
    description=(
        "Every dbt data test (`dbt test --selector audit`) on the marts as they are, each reported as an "
        "asset check; rebuilds nothing. Daily by the frontlines_daily_audit schedule, or `frontlines audit`."
    ),
)

_EVERYTHING = {"config": {"everything": True}}
# the job's default config; a caller that passes its own run config (the CLI) must include it
REEXTRACT_OPS_CONFIG = {"raw_articles": _EVERYTHING, "raw_mentions": _EVERYTHING}

reextract_job = define_asset_job(
    "reextract_job",
    selection=AssetSelection.assets(AssetKey(["raw", "articles"])).downstream(),
    config={"ops": REEXTRACT_OPS_CONFIG},
    description=(
        "Offline: re-clean and re-extract every stored page of the selected days with the current cleaner "
        "and extractor versions (replacing that version's rows), then rebuild the marts. No fetching."
    ),
)
