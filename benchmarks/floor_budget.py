"""The floor target's budget: the CPU a page costs in each part of the pipeline, beside trafilatura's.

The floor target asks the whole pipeline to take at most 1.5x the time of trafilatura alone, so
everything beyond trafilatura (fetching and storing pages, the cleaner's other work, the extractor
and storing its mentions, dbt) must fit in half of trafilatura's time. `end_to_end.py` measures the
ratio; this says where the rest goes. Each part runs over the same N corpus pages in this one
process, a stage at a time (`FRONTLINES_WORKERS=1`, `FRONTLINES_STREAM=0`: no pool, no stream), and
is timed by CPU, so the parts add up and other jobs on the cores move them little.

Run: `.venv/bin/python benchmarks/floor_budget.py --pages 2000`

The cleaner's work beyond trafilatura (the precision re-read of pages whose og:type says they are no
article, the fingerprint) is timed by calling it over the files; the clean stage's beyond the
cleaner is reading pages back, inflating them, and storing articles and wire copies. Two
differences from a production run, both against the pipeline: the stages read their pages and
articles back from the warehouse (the stream hands fetched pages straight to cleaning), and dbt's
fixed start (about 3 s) is spread over N pages, so its share falls as N grows. The corpus server's
CPU is printed, not counted: it stands for the web. Last line:
`floor_ms=<x> budget_ms=<half of it> beyond_ms=<y> ratio=<z> ratio_without_extractor=<w>`.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import CorpusServer, cached_corpus, page_files
from benchmarks.floor import FLOORS
from benchmarks.measure import Stopwatch, load_average, machine, process_cpu_seconds
from benchmarks.pipeline_run import bench_fetch_settings, dbt_build, dbt_parse, sitemap_source, today_window

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "frontlines-bench"


def _own_cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def _children_cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def floor_cpu(files: list[Path], kind: str) -> float:
    """CPU seconds of trafilatura alone over every file, in this process."""
    work = FLOORS[kind]
    started = _own_cpu()
    for path in files:
        work(str(path))
    return _own_cpu() - started


def cleaner_cpu(files: list[Path]) -> float:
    """CPU seconds of the cleaner's whole call (`extract.clean.clean_article`) over every file."""
    from extract.clean import clean_article

    started = _own_cpu()
    for path in files:
        clean_article(path.read_bytes())
    return _own_cpu() - started


def pipeline_parts(folder: Path, warehouse: Path) -> tuple[dict[str, float], float, dict]:
    """CPU seconds of each stage over the corpus served from `folder`, the corpus server's, and
    the stages' counts."""
    from extract.extractors import get_extractor
    from warehouse.connection import Warehouse
    from warehouse.reference import load_reference_tables
    from warehouse.stages import clean_pages, extract_mentions, ingest_pages

    parts: dict[str, float] = {}
    counts: dict = {}
    engine = get_extractor("rules")
    with CorpusServer(folder) as server:
        dbt_parse(warehouse)
        server_started = process_cpu_seconds(server.pid)
        with Warehouse(warehouse) as wh:
            load_reference_tables(wh.con)
            started = _own_cpu()
            settings = bench_fetch_settings()
            counts["pages"] = ingest_pages(wh, [sitemap_source(server.base_url)], settings, "budget").new
            parts["fetch+store pages"] = _own_cpu() - started
            server_cpu = process_cpu_seconds(server.pid) - server_started
            started = _own_cpu()
            counts["articles"] = clean_pages(wh).new
            parts["clean stage"] = _own_cpu() - started
            started = _own_cpu()
            counts["mentions"] = extract_mentions(wh, engine).new
            parts["extract+store mentions"] = _own_cpu() - started
        started = _children_cpu()
        dbt_build(warehouse, today_window(), Stopwatch())
        parts["dbt"] = _children_cpu() - started
    return parts, server_cpu, counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where corpora are written")
    args = parser.parse_args()
    if args.pages < 1:
        parser.error(f"--pages must be at least 1, got {args.pages}")
    # one process, one stage at a time: the parts add up to the pipeline's CPU
    os.environ["FRONTLINES_WORKERS"] = "1"
    os.environ["FRONTLINES_STREAM"] = "0"
    folder = cached_corpus(args.cache, args.pages, args.seed)
    files = page_files(folder)
    n = len(files)
    print(f"machine: {machine()}")
    print(f"pages: {n}  one process  load average before: {load_average()}", flush=True)

    floor_cpu(files[: min(n, 20)], "same settings")  # imports and caches, untimed
    same = floor_cpu(files, "same settings")
    default = floor_cpu(files, "default")
    cleaner = cleaner_cpu(files)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="frontlines-budget-") as tmp:
        parts, server_cpu, counts = pipeline_parts(folder, Path(tmp) / "bench.duckdb")
    wall = time.perf_counter() - started

    ms = {name: seconds / n * 1000 for name, seconds in parts.items()}
    floor_ms = same / n * 1000
    cleaner_ms = cleaner / n * 1000
    beyond = {
        "fetch+store pages": ms["fetch+store pages"],
        "cleaner beyond trafilatura": cleaner_ms - floor_ms,
        "clean stage beyond the cleaner": ms["clean stage"] - cleaner_ms,
        "extract+store mentions": ms["extract+store mentions"],
        "dbt": ms["dbt"],
    }
    beyond_ms = sum(beyond.values())
    budget_ms = floor_ms / 2
    print(f"counts: {counts}  (pipeline parts took {wall:.1f} s of wall time)")
    print("CPU a page, in one process:")
    print(f"  {'trafilatura as the cleaner calls it':<40} {floor_ms:6.2f} ms  (the floor)")
    print(f"  {'trafilatura default call':<40} {default / n * 1000:6.2f} ms")
    for name, value in beyond.items():
        print(f"  {name:<40} {value:6.2f} ms  {value / floor_ms:5.2f} of the floor")
    print(f"  {'all beyond trafilatura':<40} {beyond_ms:6.2f} ms  {beyond_ms / floor_ms:5.2f} of the floor")
    print(f"  {'the target leaves':<40} {budget_ms:6.2f} ms  0.50 of the floor")
    print(f"the corpus server (the web's side, not counted): {server_cpu / n * 1000:.2f} ms a page")
    ratio = (floor_ms + beyond_ms) / floor_ms
    without = (floor_ms + beyond_ms - beyond["extract+store mentions"]) / floor_ms
    print(
        f"against trafilatura's default call: {(floor_ms + beyond_ms) / (default / n * 1000):.2f}; "
        f"load average after: {load_average()}"
    )
    print(
        f"floor_ms={floor_ms:.2f} budget_ms={budget_ms:.2f} beyond_ms={beyond_ms:.2f} "
        f"ratio={ratio:.2f} ratio_without_extractor={without:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
