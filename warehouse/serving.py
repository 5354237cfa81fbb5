"""The serving copy: the marts in a DuckDB file of their own that readers open read-only.

DuckDB lets one process hold a file for writing, and while it does no other process can open the
file at all; a reader left open (a BI tool, an analyst's shell) in turn makes `dbt build` fail.
So readers never open the warehouse: after each successful run the marts are copied into a new
file under a temporary name, and that file is renamed over the previous serving copy. The rename
is atomic; a reader that still holds the old copy keeps reading its (unlinked) file undisturbed
and sees the new data when it reopens the path.

A DuckDB file (rather than Parquet files plus a view file) keeps column types, the marts' column
descriptions (dbt's persist_docs) and one path to point a BI tool at, and the DuckDB CLI, Python
and duckdb-engine open it directly.
"""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from warehouse.clock import utc_now
from warehouse.connection import connect

SERVED_SCHEMAS = ("marts",)


@dataclass(frozen=True, slots=True)
class PublishedCopy:
    """What a publish wrote: where, which relations with how many rows, and how long it took."""

    path: Path
    row_counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def default_serving_path(warehouse_path: str | os.PathLike[str]) -> Path:
    """`<warehouse folder>/serving/<warehouse file name>`: warehouse/serving/frontlines.duckdb."""
    warehouse = Path(warehouse_path).resolve()
    return warehouse.parent / "serving" / warehouse.name


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def publish_serving_copy(
    warehouse_path: str | os.PathLike[str], serving_path: str | os.PathLike[str] | None = None
) -> PublishedCopy:
    """Copy the marts (tables and views, as tables) with their descriptions to a new serving file.

    Call it when no writer holds the warehouse (after a run): it attaches the warehouse read-only.
    """
    started = time.perf_counter()
    warehouse = Path(warehouse_path).resolve()
    if not warehouse.is_file():
        raise FileNotFoundError(
            f"no warehouse at {warehouse}: run the pipeline (`frontlines run`) before publishing "
            "a serving copy"
        )
    target = Path(serving_path).resolve() if serving_path else default_serving_path(warehouse)
    if target == warehouse:
        raise ValueError(f"the serving copy must be another file than the warehouse ({warehouse})")
    target.parent.mkdir(parents=True, exist_ok=True)
    # a hidden name of its own beside the target (same filesystem, so the rename is atomic); DuckDB
    # names a file's catalog after the part before its first dot, here `publishing_...`
    temp = target.with_name(f".publishing_{os.getpid()}_{uuid.uuid4().hex[:8]}.{target.name}")
    try:
        row_counts = _write_copy(warehouse, temp)
        os.replace(temp, target)
        _fsync_dir(target.parent)
    finally:
        for leftover in (temp, temp.with_name(temp.name + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return PublishedCopy(target, row_counts, time.perf_counter() - started)


def _write_copy(warehouse: Path, temp: Path) -> dict[str, int]:
    # Views in the warehouse name their catalog by the file's stem (dbt-duckdb qualifies them so),
    # so the warehouse is attached under that name for them to resolve.
    alias = warehouse.stem
    con = connect(temp)
    try:
        if con.execute("select current_database()").fetchone()[0] == alias:
            raise ValueError(f"the serving file {temp.name} and the warehouse share the catalog name {alias}")
        con.execute(f"attach {_quote_literal(str(warehouse))} as {_quote_ident(alias)} (read_only)")
        relations = con.execute(
            """
            select schema_name, table_name, comment from duckdb_tables()
            where database_name = ? and schema_name in (select unnest(?))
            union all
            select schema_name, view_name, comment from duckdb_views()
            where database_name = ? and schema_name in (select unnest(?)) and not internal
            order by 1, 2
            """,
            [alias, list(SERVED_SCHEMAS), alias, list(SERVED_SCHEMAS)],
        ).fetchall()
        if not relations:
            raise LookupError(
                f"the warehouse {warehouse} has no marts to serve: "
                "run `dbt build` (or `frontlines run`) first"
            )
        columns = con.execute(
            """
            select schema_name, table_name, column_name, comment from duckdb_columns()
            where database_name = ? and schema_name in (select unnest(?)) and comment is not null
            """,
            [alias, list(SERVED_SCHEMAS)],
        ).fetchall()
        row_counts: dict[str, int] = {}
        for schema in SERVED_SCHEMAS:
            con.execute(f"create schema if not exists {_quote_ident(schema)}")
        for schema, name, comment in relations:
            local = f"{_quote_ident(schema)}.{_quote_ident(name)}"
            con.execute(f"create table {local} as select * from {_quote_ident(alias)}.{local}")
            if comment:
                con.execute(f"comment on table {local} is {_quote_literal(comment)}")
            row_counts[f"{schema}.{name}"] = con.execute(f"select count(*) from {local}").fetchone()[0]
        for schema, table, column, comment in columns:
            con.execute(
                f"comment on column {_quote_ident(schema)}.{_quote_ident(table)}.{_quote_ident(column)} "
                f"is {_quote_literal(comment)}"
            )
        con.execute("create schema if not exists meta")
        con.execute(
            "create table meta.published as select ?::timestamp as published_at, ? as warehouse_path, "
            "? as duckdb_version",
            [utc_now(), str(warehouse), duckdb.__version__],
        )
        con.execute(
            "comment on table meta.published is 'When this serving copy was published, and from where.'"
        )
        con.execute(f"detach {_quote_ident(alias)}")
        con.execute("checkpoint")
    finally:
        con.close()
    return row_counts


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable (a crash right after it must not bring the old copy back)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
