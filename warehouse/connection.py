"""Opening the warehouse: one writer connection with the raw schema in place.

Every connection the pipeline opens gets a DuckDB memory limit: left to itself, DuckDB's buffer
cache may grow to 80 % of the machine's RAM, and a long run keeps in it what it wrote and read
(peak memory grew with the run's size). Past the limit DuckDB evicts or spills to its temp folder.

The stages commit a batch at a time (warehouse/stages.py), so a commit needs memory for one batch
and what awaits the next checkpoint, not for a whole stage's new rows, which DuckDB holds in memory
until commit (when each stage was one transaction, 3,000 fetched pages, about 85 MB of compressed
HTML, failed to commit under 64MB). At 16MB even the commit of a batch of 30 pages failed ("failed
to pin block"). What the limit bounds is the buffer cache of what the connection wrote and read,
which otherwise grows with the run. The default, the dbt profile's too, is 640MB: the setting that
keeps a run of 100,000 new pages under 1.5 GB in all (1,189 MB in the benchmark, 1,411 MB through
`frontlines run`; 1,339 MB at 150,000). Under 4GB the same 100,000-page run peaked at 3.9 GB, and
a full rebuild of 150,000 pages' marts took 45 s against 54 s under 640MB (docs/scaling.md,
"Session 15"): raise it on a machine with memory to spare.

The limit does not bound the rest: memory DuckDB frees after a committed batch is kept by the
process (its allocator's, outside `duckdb_memory()` and the limit), and it grew with the run,
about 500 MB after fetching 3,000 pages. Only closing the database returns it, so a long stage
writes through a `Warehouse`, which holds the one connection to the file and closes and reopens it
every `reopen_every()` pages or articles. DuckDB shares one database instance among every
connection of a process to the same file and frees it only when the last one closes: while a stage
runs, nothing else in the process may hold a connection to the warehouse, or reopening frees
nothing.

A writer attaches the file with small row groups (`ROW_GROUP_SIZE`, 2,048 rows): with DuckDB's
default (122,880 rows, all of raw.pages up to 100,000 pages in one group), a checkpoint after an
append rewrote the table's open row group whole, its HTML column included, each time the group had
doubled, so the checkpoint's transient memory and the file's growth followed the table's size (28 KB
blobs, reopened every 1,000 rows: 909 MB high-water mark at 16,000 rows against 185 MB with 2,048-row
groups; docs/scaling.md, "Session 6: row groups"). DuckDB does not keep the size in the file, so
every writing connection attaches with it.

Any other session that writes the file must not vacuum: at its first checkpoint with a change, to any
table, a session with DuckDB's default row groups merges every run of adjacent small groups of every
table into default-size ones, so it rewrites the raw tables whole, HTML included, and leaves their old
blocks free in the file. dbt's session did (10,000 pages: 38.7 KB per page after the stages, 78.5
after dbt, 38 of it free blocks; the rewrite alone took 650 MB and 5 s), and so did Dagster's
DuckDBResource connection, which writes the reference data and raw.mart_builds. `connection_config()`
turns DuckDB's vacuum off for such plain connections, dbt's profile must set `max_vacuum_tasks: 0`
(tests/warehouse/test_dbt_keeps_row_groups.py). A writer keeps its vacuum: in its session it merges
only adjacent groups that fit into fewer groups of 2,048 rows, and it reclaims deleted rows.
"""

from __future__ import annotations

import functools
import os
import re
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

SCHEMA_SQL = Path(__file__).with_name("schema.sql")
MEMORY_LIMIT_ENV = "FRONTLINES_DUCKDB_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT = "640MB"  # the dbt profile's default too (dbt_project/profiles.yml)
# how DuckDB says a query or a commit needed more than the limit ("Out of Memory Error: failed to pin
# block...", "TransactionContext Error: Failed to commit: could not allocate block...")
OUT_OF_MEMORY = re.compile(
    r"Out of Memory Error|could not allocate block|failed to pin block|failed to allocate data"
)
REOPEN_ENV = "FRONTLINES_REOPEN_EVERY"
# pages or articles a stage commits between two reopenings: five batches of 200. Each reopening
# costs a checkpoint (0.2-1.5 s with 10,000 pages' HTML stored); a DuckDB blob-writing loop kept
# 55-79 MB when it reopened every 1,000 rows against ~980 MB by 20,000 rows when it did not
DEFAULT_REOPEN_EVERY = 1000
# a reader (`frontlines status`) may hold the file for a moment when a stage opens or reopens it:
# DuckDBResource.get_connection's retries, 0.1 s doubling ten times (about 100 s in all)
LOCK_RETRIES = 10
# rows per row group of the tables a writer appends to: one group of pages is about 57 MB of HTML
ROW_GROUP_SIZE = 2048
# DuckDB's vacuum tasks per checkpoint (merges of adjacent row groups into fewer of the session's
# size). A writer's session may merge its own small groups (DuckDB's default, 100); a session that
# opens the file plainly, with default-size groups, must not: it would rewrite the writers' groups
PLAIN_VACUUM_TASKS = "0"
WRITER_VACUUM_TASKS = "100"
# the catalogs a DuckDB session always has: a warehouse file may not be attached under these names
RESERVED_CATALOGS = {"memory", "system", "temp"}
LOCK_FIRST_DELAY_S = 0.1


def memory_limit() -> str:
    """DuckDB's memory_limit for the pipeline's connections: $FRONTLINES_DUCKDB_MEMORY_LIMIT, else 640MB."""
    return os.environ.get(MEMORY_LIMIT_ENV, "").strip() or DEFAULT_MEMORY_LIMIT


def out_of_memory_advice(error_text: str, limit: str | None = None) -> str | None:
    """What to do when DuckDB's error says it ran out of memory under the limit (`limit`, else the
    variable's): its own advice, `SET memory_limit`, cannot reach the pipeline's or dbt's
    connections. None for other errors."""
    detail = next((line.strip() for line in error_text.splitlines() if OUT_OF_MEMORY.search(line)), None)
    if detail is None:
        return None
    return (
        f"DuckDB ran out of memory under its limit of {limit or memory_limit()} ({detail}). Set "
        f"{MEMORY_LIMIT_ENV} higher (for example 2GB) if the machine has that much to spare, then run "
        "again: what the run stored before the error is kept."
    )


def connection_config() -> dict[str, str]:
    """The settings every warehouse connection opens with (dbt's are in its profile): the memory limit,
    and no vacuum for one that opens the file plainly (Dagster's DuckDBResource, readers); `connect`
    gives a writer, whose row groups are the writers', DuckDB's vacuum back."""
    return {"memory_limit": memory_limit(), "max_vacuum_tasks": PLAIN_VACUUM_TASKS}


def reopen_every() -> int:
    """Items a stage commits between two reopenings of the warehouse: $FRONTLINES_REOPEN_EVERY, else 1000."""
    value = os.environ.get(REOPEN_ENV, "").strip()
    if not value:
        return DEFAULT_REOPEN_EVERY
    try:
        every = int(value)
    except ValueError:
        every = 0
    if every < 1:
        raise ValueError(
            f"{REOPEN_ENV}={value!r}: give a whole number of pages, 1 or more, after which a stage "
            f"closes and reopens the warehouse (default {DEFAULT_REOPEN_EVERY})"
        )
    return every


def connect(
    path: str | Path, read_only: bool = False, config: dict[str, Any] | None = None
) -> duckdb.DuckDBPyConnection:
    """duckdb.connect with the pipeline's settings (`config` adds to them or overrides them); a bad
    memory limit is named with its variable. A writer gets the file attached with `ROW_GROUP_SIZE`
    under its stem, the catalog name `duckdb.connect(path)` gives it (dbt's views name it), and
    DuckDB's vacuum, which in its session merges only groups of `ROW_GROUP_SIZE`."""
    config = {**connection_config(), **(config or {})}
    _check_memory_limit(config["memory_limit"])
    if read_only or str(path) == ":memory:":
        return duckdb.connect(str(path), read_only=read_only, config=config)
    return _attach_writer(Path(path), {**config, "max_vacuum_tasks": WRITER_VACUUM_TASKS})


@functools.cache
def _check_memory_limit(value: str) -> None:
    """Raise a ValueError naming the variable when DuckDB rejects `value` as a memory limit: checked
    alone, once per value, so no other error of the connection is taken for this one."""
    try:
        duckdb.connect(":memory:", config={"memory_limit": value}).close()
    except (duckdb.ParserException, duckdb.InvalidInputException) as exc:
        raise ValueError(
            f"{MEMORY_LIMIT_ENV}={value!r} is not a DuckDB memory size: "
            f"give one such as 1GB or 512MB ({str(exc).splitlines()[0]})"
        ) from exc


def _attach_writer(path: Path, config: dict[str, Any]) -> duckdb.DuckDBPyConnection:
    catalog = path.stem
    if catalog.lower() in RESERVED_CATALOGS:
        raise ValueError(
            f"the warehouse file {path} would be attached as {catalog!r}, a name DuckDB reserves: "
            "give the file another name (for example warehouse.duckdb)"
        )
    con = duckdb.connect(":memory:", config={"temp_directory": f"{path}.tmp", **config})
    try:
        quoted = catalog.replace('"', '""')
        literal = str(path).replace("'", "''")
        con.execute(f"attach '{literal}' as \"{quoted}\" (row_group_size {ROW_GROUP_SIZE})")
        con.execute(f'use "{quoted}"')
    except BaseException:
        con.close()
        raise
    return con


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


class Warehouse:
    """The warehouse file a run writes, and the one connection this process holds to it, which a
    long stage closes and opens again every `every` committed items to return the memory DuckDB
    kept (see the module's docstring).

    Use `con` for every statement and do not keep it across a stage: after a reopening it is
    closed. `Warehouse.holding(con)` wraps a caller's own connection, which is never reopened nor
    closed (its process keeps what DuckDB freed, as before). `reopens` counts the reopenings."""

    def __init__(self, path: str | Path, every: int | None = None, config: dict[str, Any] | None = None):
        self.path: Path | None = Path(path)
        self.every: int | None = reopen_every() if every is None else every
        self.config = dict(config or {})
        self.reopens = 0
        self._since = 0  # items committed since the connection was opened
        self._con: duckdb.DuckDBPyConnection | None = None

    @classmethod
    def holding(cls, con: duckdb.DuckDBPyConnection) -> Warehouse:
        """A caller's connection as a Warehouse that never reopens nor closes it."""
        held = cls(".", every=1)
        held.path, held.every, held._con = None, None, con
        return held

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open connection (opened, with the raw schema in place, on first use)."""
        if self._con is None:
            self._open()
        return self._con

    def _open(self) -> None:
        if self.path is None:
            raise RuntimeError("a Warehouse holding a caller's connection cannot open another")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        delay = LOCK_FIRST_DELAY_S
        for attempt in range(LOCK_RETRIES + 1):
            try:
                self._con = connect(self.path, config=self.config)
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or attempt == LOCK_RETRIES:
                    raise
                time.sleep(delay)
                delay *= 2
        if self.reopens == 0:
            apply_schema(self._con)
        self._since = 0

    def committed(self, items: int) -> None:
        """Count what a stage just committed; reopen once `every` items were committed since the
        connection was opened. Call it between transactions only."""
        if self.every is None:
            return
        self._since += items
        if self._since >= self.every:
            self.reopen()

    def reopen(self) -> None:
        """Close the connection and open a new one: DuckDB frees the database and what its
        allocator kept, provided no other connection of this process holds the file open."""
        if self.path is None:
            raise RuntimeError("a Warehouse holding a caller's connection cannot reopen it")
        self.close()
        self.reopens += 1
        self._open()

    def close(self) -> None:
        """Close the connection (a held caller's connection is left open: it is the caller's)."""
        if self._con is not None and self.path is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
