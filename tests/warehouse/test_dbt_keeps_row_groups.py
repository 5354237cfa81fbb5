"""Sessions that open the warehouse plainly (dbt's, Dagster's DuckDBResource) leave the writers'
small row groups as they are, and the file does not double.

DuckDB does not keep a row-group size in the file: such a session uses the default 122,880 rows,
and its first checkpoint with any change, to any table, merges every run of adjacent small groups of
every table into fewer default-size groups (DuckDB's vacuum tasks). dbt's rewrote the raw tables
whole, the HTML too, and left their old blocks free: a 10,000-page warehouse went from 38.7 KB per
page after the stages to 78.5 after dbt, 38 of it free. `connection_config()` turns the tasks off
for the pipeline's plain connections; the dbt profile must do the same (`max_vacuum_tasks: 0` in its
settings), and these tests open the file with the profile's own settings, as dbt-duckdb does.
DuckDB merges a table's last groups only once they hold twice the first one's rows: at 3,000 pages
raw.pages (2,048 + 952 rows) was left alone, which is why 3,000 pages grew only 6 %.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import jinja2
import pyarrow as pa
import pytest
import yaml

from warehouse.connection import ROW_GROUP_SIZE, connection_config, open_warehouse

REPO = Path(__file__).resolve().parents[2]
PROFILES = REPO / "dbt_project" / "profiles.yml"
PAGES = 5 * ROW_GROUP_SIZE  # 10,240 pages: five full groups, enough for DuckDB to merge them
HTML_BYTES = 3_000  # random, so that it does not compress: about 31 MB of HTML in all


def dbt_settings() -> dict[str, str]:
    """The DuckDB settings of the dbt profile's `dev` target, rendered as dbt renders them."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    text = env.from_string(PROFILES.read_text(encoding="utf-8")).render(
        env_var=lambda name, default="": os.environ.get(name, default)
    )
    settings = yaml.safe_load(text)["frontlines"]["outputs"]["dev"]["settings"]
    return {key: str(value) for key, value in settings.items()}


def _write_pages(path: Path) -> None:
    """raw.pages as a stage writes it: batches of 200 committed one at a time, the file reopened
    every 1,000 pages (each close a checkpoint)."""
    for first in range(0, PAGES, 1000):
        with open_warehouse(path) as con:
            for start in range(first, min(first + 1000, PAGES), 200):
                ids = range(start, min(start + 200, PAGES))
                batch = pa.table(
                    {
                        "page_id": [f"p{i}" for i in ids],
                        "html_zlib": [os.urandom(HTML_BYTES) for _ in ids],
                    }
                )
                con.register("batch", batch)
                con.execute(
                    """insert into raw.pages (page_id, url, canonical_url, fetched_at, ingest_date,
                           content_hash, html_bytes, html_zlib)
                       select page_id, 'https://example.org/' || page_id, 'https://example.org/' || page_id,
                              now(), current_date, md5(page_id), octet_length(html_zlib), html_zlib
                       from batch"""
                )


def _layout(path: Path) -> dict:
    with duckdb.connect(str(path), read_only=True) as con:
        groups = con.execute(
            "select count(distinct row_group_id) from pragma_storage_info('raw.pages')"
        ).fetchone()[0]
        _, _, block_size, _total, used, free, *_ = con.execute("pragma database_size").fetchone()
    return {"groups": groups, "used_mb": used * block_size / 2**20, "free_mb": free * block_size / 2**20}


def _a_dbt_session(path: Path, settings: dict[str, str]) -> None:
    """What a dbt build does to the file from outside the raw tables: it creates a mart and closes
    (the close's checkpoint is where DuckDB vacuums)."""
    with duckdb.connect(str(path), config=settings) as con:
        con.execute("create schema if not exists marts")
        con.execute(
            "create or replace table marts.daily_pages as "
            "select ingest_date, count(*) as pages from raw.pages group by 1"
        )


@pytest.fixture()
def written(tmp_path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    _write_pages(path)
    return path


def test_a_default_session_rewrites_the_small_row_groups(written):
    """The hazard itself, so that the test below can fail: DuckDB's defaults merge the groups and
    the file keeps the old blocks free, about as much as raw.pages weighs."""
    before = _layout(written)
    assert before["groups"] >= PAGES // ROW_GROUP_SIZE, before
    _a_dbt_session(written, {"memory_limit": "1GB"})
    after = _layout(written)
    assert after["groups"] == 1, (before, after)
    assert after["free_mb"] - before["free_mb"] > 0.6 * before["used_mb"], (before, after)


def test_dbt_keeps_the_writers_row_groups(written):
    before = _layout(written)
    _a_dbt_session(written, dbt_settings())
    after = _layout(written)
    assert after["groups"] == before["groups"] >= PAGES // ROW_GROUP_SIZE, (before, after)
    # a mart of a few rows: the file's used and free blocks stay within a couple of blocks
    assert after["free_mb"] - before["free_mb"] < 2, (before, after)
    assert after["used_mb"] - before["used_mb"] < 2, (before, after)


def test_dagster_resource_keeps_the_writers_row_groups(written):
    """Dagster's DuckDBResource opens the file plainly with `connection_config()`, and its steps write
    through it (the reference data before the stages, raw.mart_builds after dbt): the close's
    checkpoint must not rewrite the raw tables either."""
    from dagster_duckdb import DuckDBResource

    from warehouse.changes import record_mart_build

    before = _layout(written)
    resource = DuckDBResource(database=str(written), connection_config=connection_config())
    with resource.get_connection() as con:
        record_mart_build(con, "run-1", "stamp", "project")
    after = _layout(written)
    assert after["groups"] == before["groups"] >= PAGES // ROW_GROUP_SIZE, (before, after)
    assert after["free_mb"] - before["free_mb"] < 2, (before, after)
