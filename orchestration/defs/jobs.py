"""The jobs: the one the schedule, the sensor, the UI and `frontlines run` materialize, and the
re-extraction job over stored pages (offline)."""

from __future__ import annotations

from dagster import AssetKey, AssetSelection, define_asset_job

frontlines_job = define_asset_job(
    "frontlines_job",
    selection=AssetSelection.all(),
    description=(
        "Fetch, clean, extract, load and build the marts. Partitioned by ingestion day: a run cleans and "
        "extracts the pages of its day(s); a backfill over many days runs as one run."
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
