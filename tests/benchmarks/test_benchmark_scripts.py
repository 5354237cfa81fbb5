"""Each benchmark script runs end to end on tiny inputs and prints its final line (no timing asserted)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NUMBER = r"([0-9]+(?:\.[0-9]+)?)"


def _last_line(script: str, *args: str, cache: Path) -> str:
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / script),
            *args,
            *(["--cache", str(cache)] if cache else []),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=1800,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.slow
def test_end_to_end_prints_pages_per_second_floor_ratio_and_peak_memory(tmp_path):
    """Also: the warehouse it keeps rebuilds from scratch with dbt_rebuild.py."""
    keep = tmp_path / "keep"
    args = ("--pages", "12", "--no-default-floor", "--keep", str(keep))
    line = _last_line("end_to_end.py", *args, cache=tmp_path)
    match = re.fullmatch(rf"pages_per_s={NUMBER} floor_ratio={NUMBER} peak_rss_mb={NUMBER}", line)
    assert match, line
    assert all(float(v) > 0 for v in match.groups())

    line = _last_line("dbt_rebuild.py", str(keep / "bench.duckdb"), "--threads", "1", cache=None)
    match = re.fullmatch(rf"dbt_s={NUMBER} peak_pss_mb={NUMBER} ok=True", line)
    assert match, line
    assert float(match.group(2)) > 0


@pytest.mark.slow
def test_scale_curve_prints_the_cost_at_both_sizes_and_their_ratio(tmp_path):
    line = _last_line("scale_curve.py", "--stored", "10,30", "--new", "6", "--base", "10", cache=tmp_path)
    match = re.fullmatch(rf"add_6_at_10_s={NUMBER} add_6_at_30_s={NUMBER} ratio={NUMBER}", line)
    assert match, line


@pytest.mark.slow
def test_noop_run_prints_the_no_op_the_forced_run_and_the_baseline(tmp_path):
    line = _last_line("noop_run.py", "--pages", "6", cache=tmp_path)
    match = re.fullmatch(rf"noop_cli_s={NUMBER} noop_forced_s={NUMBER} baseline_s={NUMBER}", line)
    assert match, line


def test_checkpoint_prints_insert_and_checkpoint_seconds_for_this_duckdb(tmp_path):
    line = _last_line("checkpoint.py", "--rows", "3000", "--stories", "20", cache=None)
    assert re.fullmatch(rf"duckdb=[0-9.]+ insert_s={NUMBER} checkpoint_s={NUMBER} mb={NUMBER}", line), line


@pytest.mark.slow
def test_floor_budget_prints_each_part_beside_the_floor_and_the_ratio_they_make(tmp_path):
    line = _last_line("floor_budget.py", "--pages", "8", cache=tmp_path)
    pattern = (
        rf"floor_ms={NUMBER} budget_ms={NUMBER} beyond_ms={NUMBER} ratio={NUMBER} "
        rf"ratio_without_extractor={NUMBER}"
    )
    match = re.fullmatch(pattern, line)
    assert match, line
    floor, budget, beyond, ratio, without = (float(v) for v in match.groups())
    assert floor > 0 and budget == pytest.approx(floor / 2, abs=0.01)
    assert ratio == pytest.approx((floor + beyond) / floor, rel=0.01)
    # the extractor costs something, so leaving it out gives a smaller ratio
    assert 1 < without < ratio
