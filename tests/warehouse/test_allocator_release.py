"""DuckDB's allocator keeps what a committed batch freed unless `release_freed_memory` purges it.

Each case runs in a fresh interpreter (what DuckDB's allocator kept earlier in this one would blur the
figures) writing the same blobs batch by batch into a real DuckDB file, and reports how much its
anonymous memory grew."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from warehouse.load import release_freed_memory

REPO = Path(__file__).resolve().parents[2]

WRITER = """
import json, os, sys
from pathlib import Path
import duckdb
from warehouse.load import insert_columns, release_freed_memory, transaction

def anonymous_mb():
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith("Anonymous:"):
            return int(line.split()[1]) / 1024

path, rows, release = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "release"
con = duckdb.connect(path)
con.execute("create table pages (page_id varchar primary key, html_zlib blob)")
start = anonymous_mb()
for first in range(0, rows, 200):
    ids = [f"page-{n}" for n in range(first, first + 200)]
    with transaction(con):
        insert_columns(con, "pages", {"page_id": ids, "html_zlib": [os.urandom(28_000) for _ in ids]})
    if release:
        release_freed_memory()
stored = con.execute("select count(*) from pages").fetchone()[0]
print(json.dumps({"growth_mb": anonymous_mb() - start, "stored": stored}))
"""


def _growth(tmp_path: Path, rows: int, mode: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", WRITER, str(tmp_path / f"{mode}.duckdb"), str(rows), mode],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc smaps_rollup")
def test_releasing_after_each_batch_keeps_memory_from_growing_with_the_rows_written(tmp_path):
    if not release_freed_memory():
        pytest.skip("this DuckDB build has no jemalloc to purge (its memory goes back through malloc)")
    rows = 4000  # 112 MB of incompressible blobs, in 20 committed batches
    kept = _growth(tmp_path, rows, "keep")
    released = _growth(tmp_path, rows, "release")
    assert kept["stored"] == released["stored"] == rows
    # without the purge the process keeps pages in proportion to what it wrote
    assert kept["growth_mb"] > 80, kept
    assert released["growth_mb"] < kept["growth_mb"] / 2, (kept, released)
