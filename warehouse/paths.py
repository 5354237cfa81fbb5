"""One warehouse path for Dagster, dbt and the CLI: `FRONTLINES_WAREHOUSE`, made absolute.

dbt-duckdb resolves a relative path from the profile's folder and Python from the working
directory; resolving it once here, and exporting the absolute path, keeps them on one file.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WAREHOUSE = REPO_ROOT / "warehouse" / "frontlines.duckdb"
ENV_VAR = "FRONTLINES_WAREHOUSE"


def warehouse_path(explicit: str | os.PathLike | None = None) -> Path:
    """The warehouse file: an explicit path, else $FRONTLINES_WAREHOUSE, else the default."""
    raw = explicit or os.environ.get(ENV_VAR) or DEFAULT_WAREHOUSE
    return Path(raw).expanduser().resolve()


def export_warehouse_path(explicit: str | os.PathLike | None = None) -> Path:
    """Resolve the path, create its folder, and export it so child processes (dbt) agree."""
    path = warehouse_path(explicit)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.environ[ENV_VAR] = str(path)
    return path


def dagster_home() -> Path:
    """A persistent DAGSTER_HOME under warehouse/ (unset, Dagster throws run history away)."""
    home = Path(os.environ.get("DAGSTER_HOME") or REPO_ROOT / "warehouse" / "dagster_home").resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["DAGSTER_HOME"] = str(home)
    return home
