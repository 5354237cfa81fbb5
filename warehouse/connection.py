"""Opening the warehouse: one writer connection with the raw schema in place."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import duckdb

SCHEMA_SQL = Path(__file__).with_name("schema.sql")


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
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        if not read_only:
            apply_schema(con)
        yield con
    finally:
        con.close()
