"""The dbt project as Dagster sees it. Its manifest is prepared at set-up
(`dagster-dbt project prepare-and-package --file orchestration/dbt_project.py`), never at import."""

import json
from functools import cache

from dagster_dbt import DbtProject

from orchestration.dbt_flags import CRITICAL_TAG
from warehouse.paths import REPO_ROOT

DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


@cache
def critical_test_names() -> frozenset[str]:
    """The names of the data tests tagged critical, read from the prepared manifest."""
    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    return frozenset(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test" and CRITICAL_TAG in node.get("tags", [])
    )
