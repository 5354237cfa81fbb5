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
        [--passes 2] [--inside extract.events.context:build_context ...]

`--inside module:function` (or module:Class.method; repeatable, one valgrind run each) prints where
the instructions go: the instructions per article spent inside that function during the same
passes (inclusive of what it calls). The function is wrapped so each of its calls runs inside
`functools.reduce`, and the passes run in a plain loop, so callgrind collects only inside it (the
wrapper adds about 1-2 K instructions a call; a function that calls itself is not supported).

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
# the child for --inside: the target function's calls run inside functools.reduce, the passes do not
_CHILD_INSIDE = """
import functools, importlib, sys
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
import extractor_speed as bench
from extract.events import default_extractor
articles = bench.articles_for({mode!r}, {count}, {seed})
ex = default_extractor()
for a in articles:
    ex.extract(a)
module_name, _, path = {target!r}.partition(":")
owner = importlib.import_module(module_name)
*parents, name = path.split(".")
for part in parents:
    owner = getattr(owner, part)
plain = getattr(owner, name)
reduce = functools.reduce
def inside(*args, **kwargs):
    return reduce(lambda _, __: plain(*args, **kwargs), (None,), None)
setattr(owner, name, inside)
if not parents:  # names imported elsewhere ("from extract.events.context import build_context")
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("extract") and getattr(module, name, None) is plain:
            setattr(module, name, inside)
for _ in range({passes}):
    for a in articles:
        ex.extract(a)
"""
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")
_TARGET = re.compile(r"[\w.]+:[\w.]+")


def count_instructions(mode: str, count: int, seed: int, passes: int, inside: str | None = None) -> int:
    """Instructions collected inside the measured passes of one child run (inside: only inside that
    function's calls during them)."""
    fields = {
        "root": str(ROOT),
        "bench": str(ROOT / "benchmarks"),
        "mode": mode,
        "count": count,
        "seed": seed,
        "passes": passes,
    }
    code = _CHILD.format(**fields) if inside is None else _CHILD_INSIDE.format(target=inside, **fields)
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
    ap.add_argument(
        "--inside",
        action="append",
        default=[],
        metavar="MODULE:FUNCTION",
        help="also count the instructions per article inside this function (module:function or "
        "module:Class.method, e.g. extract.events.context:build_context); repeatable",
    )
    args = ap.parse_args()
    if args.articles < 1 or args.passes < 1:
        ap.error(f"--articles ({args.articles}) and --passes ({args.passes}) must be at least 1")
    for target in args.inside:
        if not _TARGET.fullmatch(target):
            ap.error(f"--inside {target!r}: give module:function, e.g. extract.events.context:build_context")
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
    for target in args.inside:
        spent = count_instructions(args.mode, args.articles, args.seed, args.passes, inside=target)
        share = spent / total if total else 0.0
        print(
            f"[{args.mode}] inside {target}: {spent / (args.passes * args.articles) / 1e6:.3f} M "
            f"per article ({share:.1%})"
        )


if __name__ == "__main__":
    main()
