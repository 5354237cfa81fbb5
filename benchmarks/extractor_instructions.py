#!/usr/bin/env python3
"""CPU instructions the rule extractor spends per synthetic article, counted under valgrind.

Wall and CPU time swing with whatever else shares the cores; an instruction count does not. The
script runs the same workload as `extractor_speed.py` (same article generator and seed) in a child
process under `valgrind --tool=callgrind`: a warm-up pass, then `--passes` passes over the articles
run inside `functools.reduce`, a C function the extractor never calls, and callgrind collects only
while inside it (`--collect-atstart=no --toggle-collect=functools_reduce`). The count divided by
passes times articles is the instructions of one extraction per article, without the interpreter
start, the reference load or the warm-up.

    .venv/bin/python benchmarks/extractor_instructions.py [--mode realistic|dense] [--articles 60] \
        [--passes 2]

Slow by nature (valgrind runs Python some 50 times slower): the defaults take a minute or two.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# the child: build the benchmark's articles, warm up, then run `passes` passes inside functools.reduce
_CHILD = """
import functools, sys
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
import extractor_speed as bench
from extract.events import default_extractor
articles = bench.articles_for({mode!r}, {count}, {seed})
ex = default_extractor()
for a in articles:
    ex.extract(a)
functools.reduce(lambda _, a: ex.extract(a), articles * {passes}, None)
"""
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def count_instructions(mode: str, count: int, seed: int, passes: int) -> int:
    """Instructions collected inside the measured passes of one child run."""
    code = _CHILD.format(
        root=str(ROOT), bench=str(ROOT / "benchmarks"), mode=mode, count=count, seed=seed, passes=passes
    )
    # without address randomisation (setarch -R, where present): dicts keyed by id() then hash alike
    # from run to run, as the fixed hash seed makes str hashes alike
    no_aslr = ["setarch", platform.machine(), "-R"] if shutil.which("setarch") else []
    cmd = [
        *no_aslr,
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        "--collect-atstart=no",
        "--toggle-collect=functools_reduce",
        sys.executable,
        "-c",
        code,
    ]
    # a fixed hash seed: set and dict orders (and so the work) are the same from run to run
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or not found:
        raise SystemExit(f"valgrind run failed (exit {done.returncode}): {done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=["realistic", "dense"], default="realistic")
    ap.add_argument("--articles", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--passes", type=int, default=2, help="measured passes after the warm-up")
    args = ap.parse_args()
    if args.articles < 1 or args.passes < 1:
        ap.error(f"--articles ({args.articles}) and --passes ({args.passes}) must be at least 1")
    if shutil.which("valgrind") is None:
        raise SystemExit(
            "valgrind is not on PATH: install it (apt-get install valgrind) to count instructions"
        )
    total = count_instructions(args.mode, args.articles, args.seed, args.passes)
    if total == 0:
        raise SystemExit(
            "callgrind collected nothing: was functools_reduce inlined or renamed in this Python?"
        )
    per_article = total / (args.passes * args.articles)
    print(
        f"[{args.mode}] {args.articles} articles, seed {args.seed}, {args.passes} passes: "
        f"{total:,} instructions"
    )
    print(f"[{args.mode}] instructions per article: {per_article / 1e6:.2f} M")


if __name__ == "__main__":
    main()
