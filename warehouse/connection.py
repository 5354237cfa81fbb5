"""Opening the warehouse: one writer connection with the raw schema in place.

Every connection the pipeline opens gets a DuckDB memory limit: left to itself, DuckDB's buffer
cache may grow to 80 % of the machine's RAM, and a long run keeps in it what it wrote and read
(peak memory grew with the run's size). Past the limit DuckDB evicts or spills to its temp folder.

The stages commit a batch at a time (warehouse/stages.py), so a commit needs memory for one batch
and what awaits the next checkpoint, not for a whole stage's new rows, which DuckDB holds in memory
until commit (when each stage was one transaction, 3,000 fetched pages, about 85 MB of compressed
HTML, failed to commit under 64MB). At 16MB even the commit of a batch of 30 pages failed ("failed
to pin block"). What the limit bounds is the buffer cache of what the connection wrote and read,
which otherwise grows with the run. The default stays 4GB, the dbt profile's too: what dbt's
rebuilds need at 100,000 pages is not measured; 256MB ran 10,000 pages end to end.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import duckdb

SCHEMA_SQL = Path(__file__).with_name("schema.sql")
MEMORY_LIMIT_ENV = "FRONTLINES_DUCKDB_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT = "4GB"  # the dbt profile's default too (dbt_project/profiles.yml)


def memory_limit() -> str:
    """DuckDB's memory_limit for the pipeline's connections: $FRONTLINES_DUCKDB_MEMORY_LIMIT, else 4GB."""
    return os.environ.get(MEMORY_LIMIT_ENV, "").strip() or DEFAULT_MEMORY_LIMIT


def connection_config() -> dict[str, str]:
    """The settings every warehouse connection opens with (dbt's are in its profile)."""
    return {"memory_limit": memory_limit()}


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """duckdb.connect with the pipeline's settings; a bad memory limit is named with its variable."""
    config = connection_config()
    try:
        return duckdb.connect(str(path), read_only=read_only, config=config)
    except (duckdb.ParserException, duckdb.InvalidInputException) as exc:
        if "memory" not in str(exc).lower():
            raise
        raise ValueError(
            f"{MEMORY_LIMIT_ENV}={config['memory_limit']!r} is not a DuckDB memory size: "
            f"give one such as 1GB or 512MB ({str(exc).splitlines()[0]})"
        ) from exc


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw tables if they are missing (every statement is idempotent)."""
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))


@contextmanager
def open_warehouse(path: str | Path, read_only: bool = False):
    """A connection to the warehouse file, closed on exit so dbt can open it next."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.exists():
        raise FileNotFoundError(
            f"no warehouse at {path}: run `frontlines run` first, "
            "or set FRONTLINES_WAREHOUSE to an existing file"
        )
    con = connect(path, read_only=read_only)
    try:
        if not read_only:
            apply_schema(con)
        yield con
    finally:
        con.close()
