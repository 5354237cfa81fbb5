"""The dbt project as Dagster sees it. Its manifest is prepared at set-up
(`dagster-dbt project prepare-and-package --file orchestration/dbt_project.py`), never at import."""

from dagster_dbt import DbtProject

from warehouse.paths import REPO_ROOT

DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)

# `dbt build` flags of every run (orchestration/defs/dbt_assets.py; benchmarks/pipeline_run.py times
# the same). A relationship test between two models runs once both are built (a subset run skips it
# rather than fail on a missing table). Unit tests check the SQL, not the data: CI runs them
# (tests/dbt); a production build would repeat them every run on fixed inputs (about 10 s).
BUILD_FLAGS = ["--indirect-selection", "buildable", "--exclude-resource-type", "unit_test"]
