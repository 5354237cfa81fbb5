"""The no-op run: a scheduled run when nothing is new, timed from process start to exit.

Run: `.venv/bin/python benchmarks/noop_run.py [--pages 200]`

A warehouse first takes --pages corpus pages as an archive source (the default configuration's kind:
local files, skipped when unchanged by size and modification time, so no politeness delay is timed).
Then three runs over the same, unchanged source, each a fresh process timed from start to exit:
  frontlines run    the product's CLI: the Dagster job in process (its imports, definitions, the
                    four Python steps, both dbt invocations);
  stages + dbt      the same steps called directly (benchmarks/pipeline_run.py) in a plain process;
  stages only       the same without dbt: what a run costs when it skips dbt because no raw table
                    changed (the CLI does not skip it today).
Last line: `noop_cli_s=<x> noop_stages_dbt_s=<y> noop_stages_s=<z>` (target: under 5 s).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import cached_corpus
from benchmarks.measure import Stopwatch, load_average, machine
from benchmarks.pipeline_run import bench_fetch_settings, dbt_build, run_pipeline, run_stages, today_window
from extract.sources import SourceConfig

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "frontlines-bench"


def archive(folder: Path) -> SourceConfig:
    return SourceConfig(id="bench-archive", kind="archive", path=folder)


def child(warehouse: Path, folder: Path, with_dbt: bool) -> None:
    """The body of a timed process: the stages (and dbt) over the unchanged archive; prints JSON."""
    watch = Stopwatch()
    counts = run_stages(warehouse, [archive(folder)], bench_fetch_settings(), watch)
    if with_dbt:
        dbt_build(warehouse, today_window(), watch)
    print(json.dumps({"seconds": watch.seconds, "counts": counts}))


def timed(argv: list[str], env: dict) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, cwd=REPO)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:])
        raise RuntimeError(f"{' '.join(argv[:3])}... failed ({done.returncode}):\n{tail}")
    return elapsed, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--child", nargs=3, metavar=("WAREHOUSE", "FOLDER", "DBT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), args.child[2] == "dbt")
        return 0
    if args.pages < 1:
        parser.error(f"--pages must be at least 1, got {args.pages}")
    print(f"machine: {machine()}")
    folder = cached_corpus(args.cache, args.pages, args.seed)
    with tempfile.TemporaryDirectory(prefix="frontlines-noop-") as tmp:
        warehouse = Path(tmp) / "noop.duckdb"
        started = time.perf_counter()
        first = run_pipeline(warehouse, [archive(folder)], bench_fetch_settings())
        print(
            f"first run: {first.counts['pages']['new']} pages stored in {time.perf_counter() - started:.0f} s"
        )
        env = {
            **os.environ,
            "DAGSTER_HOME": str(Path(tmp) / "dagster_home"),
            "FRONTLINES_WAREHOUSE": str(warehouse),
        }
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        frontlines = str(Path(sys.executable).with_name("frontlines"))
        cli_argv = [frontlines, "run", "--archive", str(folder), "--warehouse", str(warehouse)]
        me = [sys.executable, str(Path(__file__).resolve()), "--child", str(warehouse), str(folder)]
        # the CLI's first run in a new DAGSTER_HOME sets the instance up: run it once untimed
        timed(cli_argv, env)
        results, loads = {}, {}
        for name, argv in (("cli", cli_argv), ("stages_dbt", [*me, "dbt"]), ("stages", [*me, "none"])):
            loads[name] = load_average()
            results[name], out = timed(argv, env)
            if name != "cli":
                report = json.loads(out.strip().splitlines()[-1])
                new = report["counts"]["pages"]["new"]
                steps = ", ".join(f"{k} {v:.2f}" for k, v in report["seconds"].items())
                print(f"  {name:<11} {results[name]:6.2f} s  (new pages {new}; in process: {steps})")
            else:
                print(f"  {'cli':<11} {results[name]:6.2f} s  (frontlines run, Dagster in process, dbt)")
            print(f"              load average at start: {loads[name]}")
    print(
        f"noop_cli_s={results['cli']:.1f} noop_stages_dbt_s={results['stages_dbt']:.1f} "
        f"noop_stages_s={results['stages']:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
