"""The no-op run: a run when nothing is new, timed from process start to exit.

Run: `.venv/bin/python benchmarks/noop_run.py [--pages 200]`

A warehouse first takes --pages corpus pages as an archive source through `frontlines run` (the
default configuration's kind: local files). Then, over the same unchanged source, each a fresh
process timed from start to exit:
  frontlines run           the product's CLI: it asks orchestration/run_check.py whether anything is
                           new (sources listed, retries due, marts' inputs) and, nothing being new,
                           starts no Dagster run (the hourly schedule skips its tick the same way);
  frontlines run --force   the Dagster job in process anyway: the four Python steps find nothing,
                           and the dbt step skips dbt because the marts' inputs did not change;
  python -c 'import duckdb' the baseline: an interpreter that opens nothing.
Last line: `noop_cli_s=<x> noop_forced_s=<y> baseline_s=<z>` (target: noop_cli_s under 5 s).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import cached_corpus
from benchmarks.measure import load_average, machine

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "frontlines-bench"


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
    args = parser.parse_args()
    if args.pages < 1:
        parser.error(f"--pages must be at least 1, got {args.pages}")
    print(f"machine: {machine()}")
    folder = cached_corpus(args.cache, args.pages, args.seed)
    with tempfile.TemporaryDirectory(prefix="frontlines-noop-") as tmp:
        warehouse = Path(tmp) / "noop.duckdb"
        env = {
            **os.environ,
            "DAGSTER_HOME": str(Path(tmp) / "dagster_home"),
            "FRONTLINES_WAREHOUSE": str(warehouse),
        }
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        frontlines = str(Path(sys.executable).with_name("frontlines"))
        cli = [frontlines, "run", "--archive", str(folder), "--warehouse", str(warehouse)]
        first, _ = timed(cli, env)
        print(f"first run: {args.pages} pages in {first:.0f} s (frontlines run)")
        runs = {
            "cli": cli,
            "forced": [*cli, "--force"],
            "baseline": [sys.executable, "-c", "import duckdb"],
        }
        results = {}
        for name, argv in runs.items():
            load = load_average()
            results[name], out = timed(argv, env)
            if name == "cli" and "nothing new" not in out:
                raise RuntimeError(f"the no-op run did not see that nothing is new:\n{out[-2000:]}")
            print(f"  {name:<9} {results[name]:6.2f} s  ({' '.join(argv[1:3])}...; load at start {load})")
        ratio = results["cli"] / results["baseline"]
        print(f"no-op run over the interpreter baseline: {ratio:.1f}x")
    print(
        f"noop_cli_s={results['cli']:.1f} noop_forced_s={results['forced']:.1f} "
        f"baseline_s={results['baseline']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
