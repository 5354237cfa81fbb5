"""The benchmarks' measures: the memory sampler stays out of the way and counts its own CPU; idle time."""

from __future__ import annotations

import os
import time
from pathlib import Path

from benchmarks.measure import PeakMemory, idle_seconds


def test_the_memory_sampler_runs_at_the_lowest_priority_and_keeps_its_cpu_apart():
    before = os.getpriority(os.PRIO_PROCESS, 0)
    with PeakMemory(interval=0.05) as peak:
        time.sleep(0.5)
        sampler_nice = os.getpriority(os.PRIO_PROCESS, peak._thread.native_id)
    assert sampler_nice == 19
    # the rest of the process keeps its priority: only the sampler thread was lowered
    assert os.getpriority(os.PRIO_PROCESS, 0) == before
    assert peak.taken >= 2
    assert peak.cpu_s > 0
    assert peak.mb > 0


def test_idle_seconds_read_the_kernels_idle_and_iowait_columns():
    # /proc/uptime's second figure is the idle time summed over the cores, as /proc/stat's idle column
    idle, iowait = idle_seconds()
    uptime_idle = float(Path("/proc/uptime").read_text().split()[1])
    assert abs(idle - uptime_idle) < 2.0
    assert 0 <= iowait < float(Path("/proc/uptime").read_text().split()[0]) * os.cpu_count()
    later_idle, later_iowait = idle_seconds()
    assert later_idle >= idle and later_iowait >= iowait
