"""The stage pools' workers start from the fork server, not from the process holding the warehouse.

A worker forked from the stage's process carried that process's heap (the DuckDB cache of a whole
fetch) and peak memory grew with the run. Here the parent holds a real warehouse and a large block
of memory while both stages run in pools; each worker records what it sees.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import signal
import threading
from pathlib import Path

import pytest

from benchmarks.corpus import Corpus, write_corpus
from extract.extractors import get_extractor
from extract.fetching.settings import FetchSettings
from extract.sources import SourceConfig
from warehouse import stage_pool, stages
from warehouse.connection import open_warehouse

PROBE_ENV = "FRONTLINES_TEST_PROBE_DIR"
BALLAST_MB = 300  # held by the parent during the stages; a forked worker would map all of it


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")


def _record(kind: str) -> None:
    folder = Path(os.environ[PROBE_ENV])
    extractor = stage_pool._extractor
    record = {
        "kind": kind,
        "pid": os.getpid(),
        "start_method": mp.get_start_method(allow_none=True),
        "parent_is_stage": os.getppid() == int(os.environ["FRONTLINES_TEST_STAGE_PID"]),
        "sees_parent_ballast": hasattr(stage_pool, "parent_ballast"),
        "rss_mb": _rss_mb(),
        "extractor": None if extractor is None else [extractor.name, extractor.version],
    }
    (folder / f"{kind}-{os.getpid()}.json").write_text(json.dumps(record))


def probe_clean_worker(*args) -> None:
    stage_pool.start_worker(*args)
    _record("clean")


def probe_extract_worker(*args) -> None:
    stage_pool.start_extract_worker(*args)
    _record("extract")


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(Corpus(30, seed=11), folder)
    return folder


@pytest.fixture
def probed_pools(tmp_path, monkeypatch):
    """Stages that pool from the first item, with workers that record what they see; the parent holds
    a large block of memory that a forked worker would map."""
    probes = tmp_path / "probes"
    probes.mkdir()
    monkeypatch.setenv(stages.WORKERS_ENV, "2")
    monkeypatch.setenv(PROBE_ENV, str(probes))  # set after any fork server started: reaches workers anyway
    monkeypatch.setenv("FRONTLINES_TEST_STAGE_PID", str(os.getpid()))
    monkeypatch.setattr(stages, "POOL_MIN_ITEMS", 1)
    monkeypatch.setattr(stages, "BATCH", 7)  # several batches in flight
    clean_args, extract_args = stage_pool.clean_pool_args, stage_pool.extract_pool_args
    monkeypatch.setattr(stages, "clean_pool_args", lambda: (probe_clean_worker, clean_args()[1]))
    monkeypatch.setattr(stages, "extract_pool_args", lambda e: (probe_extract_worker, extract_args(e)[1]))
    ballast = bytes(range(256)) * (BALLAST_MB * 4096)  # written, so resident in this process
    monkeypatch.setattr(stage_pool, "parent_ballast", ballast, raising=False)
    return probes


def _assert_clean_workers(probes: Path, cleaning_pool: bool = True) -> None:
    """Two workers for each pool that ran: the cleaning stage's (unless the fetch stream cleaned
    everything) and the extraction stage's or the stream's (both build the extractor)."""
    records = [json.loads(p.read_text()) for p in sorted(probes.glob("*.json"))]
    by_kind = {kind: [r for r in records if r["kind"] == kind] for kind in ("clean", "extract")}
    assert len(by_kind["clean"]) == (2 if cleaning_pool else 0), records
    assert len(by_kind["extract"]) == 2, records
    for record in records:
        assert record["start_method"] == "forkserver", record
        assert not record["parent_is_stage"], "workers are children of the fork server"
        assert not record["sees_parent_ballast"], record
        assert record["rss_mb"] < BALLAST_MB / 2, record
    for record in by_kind["extract"]:
        # built by the initializer in the worker: nothing of the stage's extractor was inherited
        assert record["extractor"] == ["rules", get_extractor("rules").version]
    assert all(r["extractor"] is None for r in by_kind["clean"]), "cleaning workers build no extractor"


def test_pool_workers_do_not_inherit_the_warehouse_process_memory(tmp_path, corpus_dir, probed_pools):
    with open_warehouse(tmp_path / "w.duckdb") as con:
        source = SourceConfig(id="bench", kind="archive", path=corpus_dir)
        stages.ingest_pages(con, [source], FetchSettings(), "run-1")
        cleaned = stages.clean_pages(con)
        extracted = stages.extract_mentions(con, get_extractor("rules"))
        stored = con.execute("select count(*) from raw.extraction_log where status = 'ok'").fetchone()[0]
    assert cleaned.new + cleaned.failed == 30 and extracted.new > 0 and stored == cleaned.new
    _assert_clean_workers(probed_pools)


@pytest.mark.slow
def test_frontlines_run_cleans_and_extracts_in_fork_server_pools(
    tmp_path, corpus_dir, probed_pools, dbt_manifest, dagster_home
):
    """The same pools under Dagster's in-process executor, through the CLI: there the fetch step
    streams every page through cleaning and extraction in one pool, so no cleaning pool is left."""
    from orchestration.cli import main as frontlines

    path = tmp_path / "frontlines.duckdb"
    assert frontlines(["run", "--archive", str(corpus_dir), "--warehouse", str(path)]) == 0
    with open_warehouse(path, read_only=True) as con:
        articles = con.execute("select count(*) from raw.articles").fetchone()[0]
        logged = con.execute("select count(*) from raw.extraction_log where status = 'ok'").fetchone()[0]
        mentions = con.execute("select count(*) from marts.fct_event_mentions").fetchone()[0]
    assert articles == 30 and logged > 20 and mentions > 0
    _assert_clean_workers(probed_pools, cleaning_pool=False)


def test_a_worker_with_another_extractor_version_refuses_to_start():
    with pytest.raises(RuntimeError, match="version"):
        stage_pool.start_extract_worker(
            stage_pool._frontlines_env(), stage_pool.CLEANER_VERSION, "rules", "0.0.0-not-this-code"
        )


def test_a_worker_with_another_cleaner_version_refuses_to_start():
    """Articles cleaned by other code would carry a version the stage never asked for."""
    with pytest.raises(RuntimeError, match="cleaner is version"):
        stage_pool.start_worker(stage_pool._frontlines_env(), "trafilatura-0.0.0/0")
    with pytest.raises(RuntimeError, match="cleaner is version"):
        stage_pool.start_extract_worker(stage_pool._frontlines_env(), "trafilatura-0.0.0/0", "rules", "1")


def test_the_fork_server_stops_when_the_stages_are_done_and_starts_again_for_the_next_pool():
    """It holds the preloaded modules (~80 MB) and would otherwise live on through dbt."""
    done = list(stage_pool.map_batches(abs, [[-1, -2], [-3]], workers=2))
    assert done == [([-1, -2], [1, 2]), ([-3], [3])]
    pid = stage_pool.worker_server_pid()
    assert pid is not None and Path(f"/proc/{pid}").exists()
    assert stage_pool.stop_worker_server() is True
    assert stage_pool.worker_server_pid() is None
    assert not Path(f"/proc/{pid}").exists(), "the fork server process is gone (and reaped)"
    assert stage_pool.stop_worker_server() is False, "stopping twice is harmless"
    again = list(stage_pool.map_batches(abs, [[-4]], workers=2))
    assert again == [([-4], [4])] and stage_pool.worker_server_pid() not in (None, pid)
    stage_pool.stop_worker_server()


def test_a_worker_killed_mid_batch_stops_the_stage_with_a_clear_error_not_a_hang():
    """Each worker SIGKILLs itself, as the kernel's out-of-memory killer would: the stage must stop
    with an error that names the cause and what to do, not wait forever for the results."""
    outcome = {}

    def run():
        try:
            batches = [[signal.SIGKILL] * 4]
            outcome["done"] = list(stage_pool.map_batches(signal.raise_signal, batches, workers=2))
        except Exception as exc:  # the test inspects whatever was raised
            outcome["error"] = exc

    stage = threading.Thread(target=run, daemon=True)
    stage.start()
    stage.join(120)
    stage_pool.stop_worker_server()
    assert not stage.is_alive(), "the stage hung on a dead worker instead of stopping"
    error = outcome.get("error")
    assert isinstance(error, stage_pool.WorkerLost), repr(outcome)
    assert "ended abruptly" in str(error) and "run again to resume" in str(error)
    assert "FRONTLINES_WORKERS" in str(error)
