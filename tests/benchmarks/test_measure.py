"""The benchmarks' memory sampler stays out of the pipeline's way and accounts for its own CPU."""

from __future__ import annotations

import os
import time

from benchmarks.measure import PeakMemory


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
