"""The dbt project as Dagster sees it. Its manifest is prepared at set-up
(`dagster-dbt project prepare-and-package --file orchestration/dbt_project.py`), never at import."""

from dagster_dbt import DbtProject

from warehouse.paths import REPO_ROOT

DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
