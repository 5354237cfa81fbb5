"""A writer attaches the warehouse with small row groups, so a checkpoint rewrites a bounded group.

With DuckDB's default row groups (122,880 rows) every page of a 100,000-page warehouse sat in one
group, and the checkpoints after appends rewrote the group's HTML whole each time it had doubled:
the process's high-water mark followed the table's size. Fresh interpreters, so that what DuckDB
kept earlier in this one does not blur the figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from warehouse.connection import ROW_GROUP_SIZE, connect, open_warehouse

REPO = Path(__file__).resolve().parents[2]

WRITER = """
import json, os, sys
from pathlib import Path
import duckdb
import pyarrow as pa
from warehouse.connection import connect

def high_water_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

path, rows, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
# "plain" opens the file as duckdb.connect does, with DuckDB's default row groups
opener = (lambda: duckdb.connect(path)) if kind == "plain" else (lambda: connect(path))
con = opener()
con.execute("create table blobs (page_id varchar, html_zlib blob)")
marks = {}
for first in range(0, rows, 200):
    ids = range(first, first + 200)
    batch = pa.table({"page_id": [f"p{n}" for n in ids], "html_zlib": [os.urandom(28_000) for n in ids]})
    con.execute("insert into blobs select * from batch")
    if (first + 200) % 1000 == 0:
        con.close()  # a checkpoint, as a stage's reopening makes one
        marks[first + 200] = high_water_mb()
        con = opener()
print(json.dumps({"high_water_mb": marks, "stored": con.execute("select count(*) from blobs").fetchone()[0]}))
"""


def _high_water(tmp_path: Path, rows: int, kind: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", WRITER, str(tmp_path / f"{kind}.duckdb"), str(rows), kind],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_writer_appends_in_small_row_groups(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with open_warehouse(path) as con:
        for first in range(0, 5000, 500):
            con.execute(
                "insert into raw.runs (run_id, started_at, status) "
                "select 'r' || range, now(), 'success' from range(?, ?)",
                [first, first + 500],
            )
        groups = con.execute(
            "select row_group_id, max(count) from pragma_storage_info('raw.runs') group by all"
        ).fetchall()
        assert con.execute("select current_database()").fetchone()[0] == "warehouse"
    assert len(groups) >= 5000 // ROW_GROUP_SIZE and max(n for _, n in groups) <= ROW_GROUP_SIZE, groups
    with duckdb.connect(str(path), read_only=True) as plain:  # the file opens as any DuckDB file
        assert plain.execute("select count(*) from raw.runs").fetchone()[0] == 5000


def test_a_warehouse_file_under_a_reserved_catalog_name_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"memory\.duckdb.*another name"):
        connect(tmp_path / "memory.duckdb")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_checkpoints_do_not_grow_with_the_table(tmp_path):
    """8,000 rows of 28 KB (224 MB), a checkpoint every 1,000: with default row groups the
    high-water mark jumps each time the open group has doubled (2,000 rows: 210-300 MB, 4,000:
    about 320, 8,000: 500, 16,000: 900); with small ones it stays where the first groups left it."""
    rows = 8000
    small = _high_water(tmp_path, rows, "small")
    plain = _high_water(tmp_path, rows, "plain")
    assert small["stored"] == plain["stored"] == rows
    small_growth, plain_growth = (
        run["high_water_mb"][str(rows)] - run["high_water_mb"]["2000"] for run in (small, plain)
    )
    # measured: plain grew 315-335 MB from 2,000 to 8,000 rows, small 20-70
    assert plain["high_water_mb"][str(rows)] - small["high_water_mb"][str(rows)] > 150, (plain, small)
    assert small_growth < plain_growth / 2, (plain, small)
