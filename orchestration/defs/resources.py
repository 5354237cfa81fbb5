"""Resources: the warehouse connection, the sources to read, the extractor to run, dbt."""

from __future__ import annotations

import sys
from pathlib import Path

from dagster import ConfigurableResource
from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource

from orchestration.dbt_project import dbt_project
from orchestration.source_inputs import DEFAULT_SOURCES_FILE, fetch_settings, resolve_sources
from warehouse.connection import connection_config
from warehouse.paths import export_warehouse_path


class SourcesResource(ConfigurableResource):
    """Where pages come from: the sources file, or folders / URL lists / feeds given on the CLI."""

    sources_file: str = str(DEFAULT_SOURCES_FILE)
    archives: list[str] = []
    urls_files: list[str] = []
    feeds: list[str] = []
    allow_private_addresses: bool = False

    def resolve(self):
        """(sources, errors): CLI inputs replace the sources file when any is given."""
        return resolve_sources(self.sources_file, self.archives, self.urls_files, self.feeds)

    def fetch_settings(self):
        return fetch_settings(self.allow_private_addresses)


class ExtractorResource(ConfigurableResource):
    """Which extractor reads the articles (`rules` by default; `llm` when configured)."""

    name: str = "rules"

    def get(self):
        from extract.extractors import get_extractor

        return get_extractor(self.name)


def build_resources() -> dict:
    warehouse = export_warehouse_path()
    dbt_exe = Path(sys.executable).with_name("dbt")
    return {
        # the same memory limit as every other warehouse connection (warehouse/connection.py)
        "warehouse": DuckDBResource(database=str(warehouse), connection_config=connection_config()),
        "sources": SourcesResource(),
        "extractor": ExtractorResource(),
        "dbt": DbtCliResource(
            project_dir=dbt_project,
            dbt_executable=str(dbt_exe) if dbt_exe.exists() else "dbt",
        ),
    }
