"""End to end: N pages discovered from a sitemap, fetched, cleaned, extracted, loaded, built into marts.

Run: `.venv/bin/python benchmarks/end_to_end.py --pages 1000 [--workers 2] [--seed 7]`

The corpus (benchmarks/corpus.py) is written once per (seed, N) under --cache and served by a local
HTTP server in its own process; a fresh warehouse goes through the product's stages and dbt
(benchmarks/pipeline_run.py says why not `frontlines run`). Then, in the same run, the floor:
trafilatura alone over the same page files with the same number of processes. Prints pages per second
overall and per stage, the pipeline's time over the floor, peak memory (the larger of the process
tree's sampled PSS, without the corpus server, and this process's max RSS), storage per page and the
load average, and as its LAST line:
`pages_per_s=<x> floor_ratio=<y> peak_rss_mb=<z>`.

dbt runs as the hourly job runs it: every model and the critical data tests; the daily audit (every
data test) is timed after the run, outside the pipeline's time, and the project is parsed for the new
warehouse path before the clock starts, as production reuses the parse of its previous run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import CorpusServer, cached_corpus, page_files
from benchmarks.floor import floor_seconds
from benchmarks.measure import (
    PeakMemory,
    Stopwatch,
    cpu_seconds,
    idle_seconds,
    load_average,
    machine,
    own_pss_mb,
    process_cpu_seconds,
    ru_maxrss_mb,
)
from benchmarks.pipeline_run import (
    RunResult,
    bench_fetch_settings,
    dbt_audit,
    dbt_build,
    dbt_parse,
    run_stages,
    sitemap_source,
    today_window,
)
from benchmarks.storage import storage_per_page

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "frontlines-bench"


def _since(started: tuple[float, float]) -> tuple[float, float]:
    """(idle core-seconds, the part of them waiting on the disk) since `idle_seconds()` gave `started`."""
    idle, iowait = idle_seconds()
    return idle - started[0] + iowait - started[1], iowait - started[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes for cleaning/extraction and the floor (default: FRONTLINES_WORKERS or the cores)",
    )
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where corpora are written")
    parser.add_argument("--no-default-floor", action="store_true", help="skip trafilatura's default floor")
    parser.add_argument("--no-audit", action="store_true", help="skip timing the daily audit after the run")
    parser.add_argument(
        "--no-floor",
        action="store_true",
        help="skip both floors (for memory runs at large N: the floor costs as much as the cleaning); "
        "floor_ratio is then printed as nan",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="work in this new folder and keep the warehouse there (bench.duckdb), to query or rebuild",
    )
    args = parser.parse_args()
    if args.pages < 1:
        parser.error(f"--pages must be at least 1, got {args.pages}")
    if args.workers is not None:
        if args.workers < 1:
            parser.error(f"--workers must be at least 1, got {args.workers}")
        os.environ["FRONTLINES_WORKERS"] = str(args.workers)
    from warehouse.stages import worker_count

    workers = worker_count()
    folder = cached_corpus(args.cache, args.pages, args.seed)
    files = page_files(folder)
    print(f"machine: {machine()}")
    print(f"pages: {len(files)}  workers: {workers}  load average before: {load_average()}", flush=True)

    if args.keep is not None and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"--keep {args.keep} is not empty: name a new or empty folder")
    with _workdir(args.keep) as tmp, CorpusServer(folder) as server:
        warehouse = Path(tmp) / "bench.duckdb"
        parse_s = dbt_parse(warehouse)
        started, cpu_started = time.perf_counter(), cpu_seconds(exclude={server.pid})
        idle_started = idle_seconds()
        server_started = process_cpu_seconds(server.pid)
        watch = Stopwatch()
        dbt_error = None
        with PeakMemory(exclude={server.pid}, watch=watch) as peak:
            counts = run_stages(warehouse, [sitemap_source(server.base_url)], bench_fetch_settings(), watch)
            own_before_dbt = own_pss_mb()
            try:
                dbt_build(warehouse, today_window(), watch)
            except RuntimeError as error:  # keep the stages' figures: they took the longest to get
                dbt_error = str(error)
        result = RunResult(dict(watch.seconds), counts)
        pipeline_s = time.perf_counter() - started
        pipeline_idle = _since(idle_started)
        # before the audit, without the corpus server (the web's side of fetching, not ours)
        pipeline_cpu = cpu_seconds(exclude={server.pid}) - cpu_started - peak.cpu_s
        server_cpu = process_cpu_seconds(server.pid) - server_started
        # the kernel's high-water mark of this process (dbt runs in it): the sampler, at the lowest
        # priority, may miss a short peak while both cores are busy (4GB, 100,000 pages: it saw
        # 1,913 MB, the kernel 3,935)
        own_max_rss = ru_maxrss_mb()
        audit_s = None if args.no_audit or dbt_error else dbt_audit(warehouse)
        storage = storage_per_page(warehouse)
    load_after_pipeline = load_average()

    cpu_started, idle_started = cpu_seconds(), idle_seconds()
    floor_s = None if args.no_floor else floor_seconds(files, workers, "same settings")
    floor_cpu, floor_idle = cpu_seconds() - cpu_started, _since(idle_started)
    skip_default = args.no_default_floor or args.no_floor
    cpu_started = cpu_seconds()
    default_s = None if skip_default else floor_seconds(files, workers, "default")
    default_cpu = cpu_seconds() - cpu_started
    n = len(files)
    print("stage seconds (pages/s):")
    for stage, seconds in result.seconds.items():
        print(f"  {stage:<16} {seconds:8.2f} s  {n / seconds:9.1f} pages/s")
    print(f"  {'pipeline':<16} {pipeline_s:8.2f} s  {n / pipeline_s:9.1f} pages/s")
    if floor_s is not None:
        print(
            f"  {'floor (same)':<16} {floor_s:8.2f} s  {n / floor_s:9.1f} pages/s"
            "  (trafilatura as the cleaner calls it)"
        )
    if default_s is not None:
        print(
            f"  {'floor (default)':<16} {default_s:8.2f} s  {n / default_s:9.1f} pages/s  (extract to JSON)"
        )
    print(f"dbt parse for a new warehouse path, before the run (not in the pipeline): {parse_s:.1f} s")
    if audit_s is not None:
        print(f"audit, every data test (dbt test --selector audit, not in the pipeline): {audit_s:.1f}s")
    cpu_ratio = f"{pipeline_cpu / floor_cpu:.2f}" if floor_s is not None else "nan"
    print(
        f"CPU seconds (user+system, all processes): pipeline {pipeline_cpu:.1f}, floor {floor_cpu:.1f}, "
        f"ratio {cpu_ratio} (less sensitive than wall time to other jobs on the cores)"
    )
    if default_s is not None:
        print(
            f"CPU seconds against the default call: floor {default_cpu:.1f}, "
            f"ratio {pipeline_cpu / default_cpu:.2f}; wall-time ratio {pipeline_s / default_s:.2f}"
        )
    print(
        f"CPU seconds outside the pipeline, on the same cores while it ran: the corpus server "
        f"{server_cpu:.1f}, the memory sampler {peak.cpu_s:.1f}"
    )
    idle_line = f"the pipeline {pipeline_idle[0]:.1f} ({pipeline_idle[1]:.1f})"
    if floor_s is not None:
        idle_line += f", the floor (same) {floor_idle[0]:.1f} ({floor_idle[1]:.1f})"
    print(f"idle core-seconds of the machine (of which waiting on the disk): {idle_line}")
    print(f"counts: {json.dumps(result.counts, sort_keys=True)}")
    print(f"storage per page: {json.dumps(storage)}")
    print(
        f"peak memory: tree PSS {peak.mb:.0f} MB ({peak.taken / pipeline_s:.1f} samples a second), "
        f"this process max RSS {own_max_rss:.0f} MB; the last line's peak is the larger"
    )
    peak_mb = max(peak.mb, own_max_rss)
    stages = ", ".join(f"{k} {v:.0f}" for k, v in peak.by_stage.items())
    print(f"peak memory by stage (tree PSS, MB): {stages}")
    print(f"this process's own PSS when dbt started (the stages' residue): {own_before_dbt:.0f} MB")
    print(f"load average after pipeline: {load_after_pipeline}, after floors: {load_average()}")
    if result.counts["pages"]["new"] != n:
        print(f"WARNING: {result.counts['pages']['new']} new pages stored, expected {n}")
    if dbt_error is not None:
        print(f"dbt FAILED (the pipeline's time and rate are not comparable):\n{dbt_error}")
        print(f"pages_per_s=nan floor_ratio=nan peak_rss_mb={peak_mb:.0f}")
        return 1
    floor_ratio = f"{pipeline_s / floor_s:.2f}" if floor_s is not None else "nan"
    print(f"pages_per_s={n / pipeline_s:.1f} floor_ratio={floor_ratio} peak_rss_mb={peak_mb:.0f}")
    return 0


@contextlib.contextmanager
def _workdir(keep: Path | None) -> Iterator[str]:
    """A temporary folder, or the --keep folder, left in place with the warehouse in it."""
    if keep is None:
        with tempfile.TemporaryDirectory(prefix="frontlines-e2e-") as tmp:
            yield tmp
    else:
        keep.mkdir(parents=True, exist_ok=True)
        yield str(keep)


if __name__ == "__main__":
    sys.exit(main())
