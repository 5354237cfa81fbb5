"""Shared fixtures: where the repo, the shared folder and the fixture corpora are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = (REPO_ROOT / ".." / "shared").resolve()
MINI_CORPUS = REPO_ROOT / "tests" / "fixtures" / "mini_corpus"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared holds the team's eval set; users cloning the repo do not have it."""
    if not (SHARED / "eval" / "score.py").is_file():
        pytest.skip("../shared/eval is absent (it is not part of the repository)")
    return SHARED


@pytest.fixture(scope="session")
def dbt_manifest() -> Path:
    """The dbt manifest Dagster needs, prepared as `make setup` does if a test runs without it."""
    from orchestration.dbt_project import dbt_project

    if not dbt_project.manifest_path.exists():
        dbt_project.preparer.prepare(dbt_project)
    return dbt_project.manifest_path


@pytest.fixture(scope="session")
def dagster_home(tmp_path_factory) -> Path:
    import os

    home = tmp_path_factory.mktemp("dagster_home")
    os.environ["DAGSTER_HOME"] = str(home)
    return home
