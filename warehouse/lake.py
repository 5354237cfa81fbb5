"""DuckLake, the warehouse for many writers: the marts as Parquet files listed by a catalog database.

DuckDB fetches its extensions from its own server on first use, which a machine without internet
cannot do. The `ducklake` binary for the pinned duckdb comes instead from the registry package
`duckdb-extension-ducklake` (pinned with it); this module lays it out as DuckDB's extension directory
(`<dir>/v<version>/<platform>/ducklake.duckdb_extension`), so ATTACH 'ducklake:...' loads it offline.
The dbt profile's `lake` target reads that directory and the lake's paths from the environment
(`lake_environment`); docs/scaling.md says how to run it.
"""

from __future__ import annotations

import importlib.resources
import shutil
from pathlib import Path

import duckdb

from warehouse.paths import REPO_ROOT

DEFAULT_EXTENSION_DIR = REPO_ROOT / ".duckdb_extensions"
EXTENSIONS_ENV = "FRONTLINES_DUCKDB_EXTENSIONS"
CATALOG_ENV, DATA_ENV = "FRONTLINES_LAKE_CATALOG", "FRONTLINES_LAKE_DATA"
LAKE_TARGET = "lake"


def _packaged_binary(version: str) -> Path:
    try:
        package = importlib.resources.files("duckdb_extension_ducklake")
    except ModuleNotFoundError as exc:
        raise RuntimeError(
            "the ducklake extension package is not installed: run `make setup` (uv sync) to install "
            "duckdb-extension-ducklake, pinned with duckdb"
        ) from exc
    binary = Path(str(package)) / "extensions" / version / "ducklake.duckdb_extension"
    if not binary.is_file():
        raise RuntimeError(
            f"duckdb-extension-ducklake has no binary for duckdb {version} ({binary} is missing): pin "
            "the two packages to the same version in pyproject.toml"
        )
    return binary


def prepare_extension_directory(directory: Path = DEFAULT_EXTENSION_DIR) -> Path:
    """Install the packaged ducklake binary into `directory` as DuckDB expects it; returns the
    directory (pass it as DuckDB's `extension_directory`). Idempotent and offline."""
    version = f"v{duckdb.__version__}"
    with duckdb.connect() as con:
        platform = con.execute("pragma platform").fetchone()[0]
    target = Path(directory) / version / platform / "ducklake.duckdb_extension"
    source = _packaged_binary(version)
    if not target.is_file() or target.stat().st_size != source.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return Path(directory)


def lake_environment(catalog: Path, data: Path, extensions: Path = DEFAULT_EXTENSION_DIR) -> dict[str, str]:
    """The environment the dbt profile's `lake` target reads: catalog file, Parquet folder, and the
    extension directory (prepared here)."""
    data.mkdir(parents=True, exist_ok=True)
    return {
        CATALOG_ENV: str(Path(catalog).resolve()),
        DATA_ENV: str(Path(data).resolve()) + "/",
        EXTENSIONS_ENV: str(prepare_extension_directory(extensions).resolve()),
    }


def attach_lake(con: duckdb.DuckDBPyConnection, catalog: Path, data: Path, alias: str = LAKE_TARGET) -> None:
    """Attach the lake to a connection opened with the prepared `extension_directory` (readers, tests)."""
    con.execute(
        f"attach 'ducklake:{Path(catalog).resolve()}' as {alias} (data_path '{Path(data).resolve()}/')"
    )
