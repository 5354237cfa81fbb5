"""A stage reopens the warehouse every K committed items, stores what a stage that never reopens
stores, and the reopening returns the memory a process writing pages otherwise keeps."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import Corpus, write_corpus
from extract.extractors import get_extractor
from extract.fetching.settings import FetchSettings
from extract.sources import SourceConfig
from warehouse import stages
from warehouse.connection import REOPEN_ENV, Warehouse, open_warehouse, reopen_every

REPO = Path(__file__).resolve().parents[2]
RAW = (
    "raw.pages",
    "raw.fetch_log",
    "raw.articles",
    "raw.mentions",
    "raw.mention_links",
    "raw.extraction_log",
)


def _content(con) -> dict[str, list[str]]:
    """Each raw table's rows as sorted reprs, without the columns that say when, how long or in which run."""
    out = {}
    for table in RAW:
        cols = [c[0] for c in con.execute(f"describe {table}").fetchall()]
        stable = [c for c in cols if not c.endswith(("_at", "_ms")) and c not in {"run_id", "attempt_id"}]
        out[table] = sorted(map(repr, con.execute(f"select {', '.join(stable)} from {table}").fetchall()))
    return out


def _run_stages(warehouse, source, settings) -> list[tuple[int, int, int]]:
    rules = get_extractor("rules")
    counts = [
        stages.ingest_pages(warehouse, [source], settings, "run-1"),
        stages.clean_pages(warehouse),
        stages.extract_mentions(warehouse, rules),
    ]
    return [(c.new, c.unchanged, c.failed) for c in counts]


def test_stages_over_more_than_k_items_reopen_and_store_the_same_rows_as_without(tmp_path, monkeypatch):
    """Reopening every 20 items (batches of 7, two cleaning and extraction processes reading the next
    batches ahead) gives the rows and counts of one connection held through every stage."""
    monkeypatch.setattr(stages, "BATCH", 7)
    monkeypatch.setattr(stages, "POOL_MIN_ITEMS", 1)  # the worker pools production uses, at test size
    monkeypatch.setenv(stages.WORKERS_ENV, "2")
    corpus = tmp_path / "corpus"
    write_corpus(Corpus(60, seed=11), corpus)
    source = SourceConfig(id="bench", kind="archive", path=corpus)
    settings = FetchSettings(max_batch_bytes=1)  # an acquisition batch per page

    with open_warehouse(tmp_path / "held.duckdb") as con:
        held_counts = _run_stages(con, source, settings)
        held = _content(con)

    reopens, reopened_counts = [], []
    with Warehouse(tmp_path / "reopened.duckdb", every=20) as wh:
        rules = get_extractor("rules")
        for run in (
            lambda: stages.ingest_pages(wh, [source], settings, "run-1"),
            lambda: stages.clean_pages(wh),
            lambda: stages.extract_mentions(wh, rules),
        ):
            before = wh.reopens
            counts = run()
            reopens.append(wh.reopens - before)
            reopened_counts.append((counts.new, counts.unchanged, counts.failed))
        reopened = _content(wh.con)
    assert reopens[0] == 3, "60 pages committed one by one: a reopening after 20, 40 and 60"
    assert all(n >= 1 for n in reopens[1:]), reopens  # 60 pages, then the ok articles, batches of 7
    assert reopened_counts == held_counts
    assert held["raw.pages"] and held["raw.mentions"], "the corpus gave pages and mentions"
    for table in RAW:
        assert reopened[table] == held[table], f"{table} differs when the stages reopen the warehouse"


def test_a_held_connection_is_never_reopened_nor_closed(tmp_path):
    with open_warehouse(tmp_path / "w.duckdb") as con:
        wh = Warehouse.holding(con)
        wh.committed(10**6)
        wh.close()
        assert wh.reopens == 0 and wh.con is con
        assert con.execute("select count(*) from raw.pages").fetchone()[0] == 0
        with pytest.raises(RuntimeError, match="cannot reopen"):
            wh.reopen()


def test_a_bad_reopen_setting_names_the_variable(monkeypatch):
    monkeypatch.setenv(REOPEN_ENV, "often")
    with pytest.raises(ValueError, match=f"{REOPEN_ENV}='often'"):
        reopen_every()
    monkeypatch.setenv(REOPEN_ENV, "250")
    assert reopen_every() == 250 and Warehouse("unused.duckdb").every == 250


WRITER = """
import json, os, sys
from pathlib import Path
from warehouse.connection import Warehouse
from warehouse.load import insert_columns, transaction

def anonymous_mb():
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith("Anonymous:"):
            return int(line.split()[1]) / 1024

path, rows, every = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
kept = {}  # rows written: what the process holds more than at the start, every 1,000 rows
with Warehouse(path, every=every) as wh:
    wh.con.execute("create table blobs (page_id varchar primary key, html_zlib blob)")
    start = anonymous_mb()
    for first in range(0, rows, 200):
        ids = [f"page-{n}" for n in range(first, first + 200)]
        with transaction(wh.con) as con:
            insert_columns(con, "blobs", {"page_id": ids, "html_zlib": [os.urandom(28_000) for _ in ids]})
        wh.committed(len(ids))
        if (first + 200) % 1000 == 0:
            kept[first + 200] = anonymous_mb() - start
    stored = wh.con.execute("select count(*) from blobs").fetchone()[0]
    print(json.dumps({"kept_mb": kept, "stored": stored, "reopens": wh.reopens}))
"""


def _kept(tmp_path: Path, rows: int, every: int) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", WRITER, str(tmp_path / f"every-{every}.duckdb"), str(rows), str(every)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc smaps_rollup")
def test_reopening_returns_the_memory_duckdb_keeps_from_committed_batches(tmp_path):
    """Batches of 200 pages' worth of compressed HTML (28 KB each, as the benchmark corpus's) written
    through a Warehouse in a fresh interpreter (what DuckDB kept earlier in this one would blur the
    figures): held open, the process keeps what it wrote, 110-150 MB of the 168 (before the small row
    groups of `connection.ROW_GROUP_SIZE` it kept more, 150-200); reopened every 1,000 rows, it is
    back where it started after each reopening. The table has a primary key (the
    raw tables have none): with it the kept memory grows steadily, without it in steps, which a
    threshold could not tell from noise at this size."""
    rows = 6000  # 168 MB of incompressible blobs in 30 committed batches
    held = _kept(tmp_path, rows, every=10**9)
    reopened = _kept(tmp_path, rows, every=1000)
    assert held["stored"] == reopened["stored"] == rows
    assert held["reopens"] == 0 and reopened["reopens"] == rows // 1000
    assert held["kept_mb"][str(rows)] > 100, held
    assert max(reopened["kept_mb"].values()) < 50, reopened
