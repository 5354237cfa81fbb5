"""A run killed with SIGKILL while it loads leaves no partial rows, and the next run catches up.

What "as before" means here (docs/orchestration.md): every step of a run writes in one DuckDB
transaction. A kill inside a step leaves the tables of that step, and of every later step, exactly
as they were before the run; a step that had already finished stays committed whole (here: the
pages were stored, all of them, and simply wait to be cleaned). The next run completes and its marts
equal those of a run that was never interrupted."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance

from orchestration.cli import main as frontlines
from tests.conftest import MINI_CORPUS, REPO_ROOT
from tests.orchestration.conftest import MARTS, snapshot

pytestmark = pytest.mark.slow
PAGES = 600  # three load batches: the kill lands seconds before the cleaning step could commit
LATER_TABLES = ("raw.articles", "raw.mentions", "raw.mention_links", "raw.extraction_log", *MARTS)
DISTRICTS = [
    "Sakhour",
    "Hanano",
    "Bustan al-Qasr",
    "Salaheddine",
    "Sheikh Said",
    "Ramouseh",
    "Masaken Hanano",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _write_corpus(folder: Path) -> None:
    """Our own short news pages (no third-party text), enough of them to need several load batches."""
    folder.mkdir()
    for i in range(PAGES):
        district, day = DISTRICTS[i % len(DISTRICTS)], DAYS[i % len(DAYS)]
        paragraphs = [
            f"Shelling hit the {district} district of eastern Aleppo on {day}, killing {i % 9 + 2} people, "
            "a local monitoring group said.",
            f"Residents of {district} described a night of heavy bombardment and said bakeries had closed.",
            "Aid workers said they could not reach the area because of the fighting on the main roads.",
            f"This is report number {i} in a series prepared for the Frontlines test suite.",
        ]
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        (folder / f"report-{i:04d}.html").write_text(
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>Shelling in {district} ({i})</title>"
            f"<link rel='canonical' href='https://aleppo-daily.example/2016/08/report-{i:04d}'>"
            "<meta property='article:published_time' content='2016-08-15T09:00:00Z'></head>"
            f"<body><article><h1>Shelling in {district} ({i})</h1>{body}</article></body></html>",
            encoding="utf-8",
        )


def _kill_while_cleaning(warehouse: Path, corpus: Path, home: Path) -> None:
    """Start `frontlines run` in a child process and SIGKILL it once a batch of articles is loaded
    inside the cleaning step's open transaction."""
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        # cleaning in one process: about 20 ms a page, so the open transaction lasts ~10 s after the
        # first batch is reported, far longer than this test needs to see the report and kill
        "FRONTLINES_WORKERS": "1",
    }
    instance = DagsterInstance.get()
    known = {r.run_id for r in instance.get_runs()}
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "orchestration.cli",
            "run",
            "--archive",
            str(MINI_CORPUS),
            "--archive",
            str(corpus),
            "--warehouse",
            str(warehouse),
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            assert child.poll() is None, "the run ended before it could be killed in the middle of cleaning"
            runs = [r for r in instance.get_runs(limit=3) if r.run_id not in known]
            messages = [e.user_message or "" for r in runs for e in instance.all_logs(r.run_id)]
            loaded = [int(m.group(1)) for msg in messages if (m := re.match(r"articles: (\d+) loaded", msg))]
            if loaded and max(loaded) < PAGES + 3:
                child.send_signal(signal.SIGKILL)
                child.wait(30)
                return
            time.sleep(0.2)
        pytest.fail("no batch of articles was loaded within 10 minutes")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)


def test_a_run_killed_while_loading_leaves_no_partial_rows_and_the_next_run_catches_up(
    tmp_path, orchestration_home
):
    corpus = tmp_path / "reports"
    _write_corpus(corpus)
    warehouse = tmp_path / "killed.duckdb"
    assert frontlines(["run", "--archive", str(MINI_CORPUS), "--warehouse", str(warehouse)]) == 0
    before = snapshot(warehouse, LATER_TABLES)

    _kill_while_cleaning(warehouse, corpus, orchestration_home)

    after_kill = snapshot(warehouse, LATER_TABLES)
    for table in LATER_TABLES:
        assert after_kill[table] == before[table], f"{table} changed although its step never committed"
    con = duckdb.connect(str(warehouse), read_only=True)
    pages = con.execute("select count(*) from raw.pages").fetchone()[0]
    con.close()
    assert pages == PAGES + 3, "the finished acquisition step is committed whole, never in part"

    both = ["--archive", str(MINI_CORPUS), "--archive", str(corpus)]
    assert frontlines(["run", *both, "--warehouse", str(warehouse)]) == 0
    uninterrupted = tmp_path / "uninterrupted.duckdb"
    assert frontlines(["run", *both, "--warehouse", str(uninterrupted)]) == 0
    resumed, reference = snapshot(warehouse, MARTS), snapshot(uninterrupted, MARTS)
    assert reference["marts.fct_event_mentions"] and len(reference["marts.fct_event_mentions"]) > PAGES / 2
    for table in MARTS:
        assert resumed[table] == reference[table], f"{table} differs from an uninterrupted run"
    con = duckdb.connect(str(warehouse), read_only=True)
    runs = con.execute("select status, detail from raw.runs order by started_at").fetchall()
    con.close()
    assert [status for status, _ in runs] == ["success", "failed", "success"], runs
    assert runs[1][1].startswith("abandoned"), "the killed run's row says why it never finished"
