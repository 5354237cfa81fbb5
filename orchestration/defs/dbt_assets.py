"""The dbt models as assets: `dbt build` runs models and their tests (tests become asset checks)."""

from dagster import AssetExecutionContext
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.dbt_project import dbt_project
from orchestration.defs.raw_assets import POOL


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, pool=POOL)
def frontlines_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource):
    """Staging, intermediate and mart models of `dbt_project/`, built and tested."""
    yield from dbt.cli(["build"], context=context).stream()
