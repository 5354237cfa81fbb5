"""The read-only serving copy: after each build the marts are published to a file of their own, so
a BI tool or an analyst's session can stay open through the next run (readers never wait on writers)."""

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset
from dagster_duckdb import DuckDBResource

from orchestration.defs.dbt_assets import frontlines_dbt_models
from orchestration.defs.raw_assets import KINDS, OWNERS, POOL, RETRY
from warehouse.serving import publish_serving_copy


@asset(
    key=AssetKey(["serving", "marts_snapshot"]),
    deps=[frontlines_dbt_models],
    group_name="serving",
    kinds=KINDS,
    owners=OWNERS,
    pool=POOL,
    retry_policy=RETRY,
    description="The marts copied to a separate DuckDB file (warehouse/serving/), replaced atomically "
    "after each build; point BI tools and ad-hoc sessions at it, read-only.",
)
def serving_snapshot(context: AssetExecutionContext, warehouse: DuckDBResource) -> MaterializeResult:
    published = publish_serving_copy(warehouse.database)
    context.log.info(f"serving copy published to {published.path}")
    return MaterializeResult(
        metadata={
            "path": MetadataValue.path(str(published.path)),
            "tables": MetadataValue.json(dict(published.row_counts)),
            "seconds": round(published.seconds, 2),
        }
    )
