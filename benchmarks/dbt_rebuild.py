"""The marts' first build on a kept warehouse: `dbt build --full-refresh` as the job runs it.

A 100,000-page run takes hours, most of it fetching and cleaning; the marts' memory and time can
be measured again on its warehouse (`end_to_end.py --keep DIR`) after a model changes. Prints
the build's seconds, the process tree's peak PSS (dbt included) and the rows of the strike marts.
Set FRONTLINES_DUCKDB_MEMORY_LIMIT as the run did (since session 9 the 1.5 GB target is measured
under 640MB, with the profile's one dbt thread).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb

from benchmarks.measure import PeakMemory, Stopwatch, load_average, machine
from benchmarks.pipeline_run import dbt_build, dbt_parse, today_window
from warehouse.connection import connection_config


def peaks_by_model(peak: PeakMemory, run_results: Path, top: int = 5) -> list[tuple[str, float, float]]:
    """(model, seconds, peak PSS while it ran) of the `top` models by peak."""
    peaks = []
    for result in json.loads(run_results.read_text(encoding="utf-8"))["results"]:
        spans = [t for t in result.get("timing", []) if t["name"] == "execute"]
        if not spans:
            continue
        start = dt.datetime.fromisoformat(spans[0]["started_at"].replace("Z", "+00:00"))
        end = dt.datetime.fromisoformat(spans[0]["completed_at"].replace("Z", "+00:00"))
        during = [mb for at, mb in peak.samples if start <= at <= end]
        if during:
            peaks.append((result["unique_id"].split(".")[-1], result["execution_time"], max(during)))
    return sorted(peaks, key=lambda row: -row[2])[:top]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path, help="a kept bench.duckdb (end_to_end.py --keep DIR)")
    parser.add_argument("--threads", type=int, help="dbt's threads (default: the profile's)")
    args = parser.parse_args()
    if not args.warehouse.is_file():
        parser.error(f"{args.warehouse} is not a file: keep one with end_to_end.py --keep DIR")
    print(machine(), f"load average before: {load_average()}", flush=True)
    dbt_parse(args.warehouse)
    watch = Stopwatch()
    error = None
    threads = ("--threads", str(args.threads)) if args.threads else ()
    with PeakMemory(watch=watch, record=True) as peak:
        try:
            dbt_build(
                args.warehouse, today_window(), watch, extra=("--full-refresh", *threads), artifacts=True
            )
        except RuntimeError as failed:
            error = str(failed)
    with duckdb.connect(str(args.warehouse), read_only=True, config=connection_config()) as con:
        mentions = con.sql("select count(*) from marts.fct_event_mentions").fetchone()[0]
        strikes = None if error else con.sql("select count(*) from marts.fct_strikes").fetchone()[0]
    if error:
        print(f"dbt FAILED:\n{error}")
    run_results = args.warehouse.parent / "dbt-target" / "run_results.json"
    if run_results.is_file():
        for name, seconds, mb in peaks_by_model(peak, run_results):
            print(f"  {name:45} {seconds:7.1f} s  peak PSS while it ran {mb:6.0f} MB")
    print(f"mentions: {mentions}  strike events: {strikes}  load average after: {load_average()}")
    print(f"dbt_s={watch.seconds['dbt']:.1f} peak_pss_mb={peak.mb:.0f} ok={error is None}")
    return 1 if error else 0


if __name__ == "__main__":
    raise SystemExit(main())
