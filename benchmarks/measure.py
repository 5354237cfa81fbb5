"""What every benchmark reports beside its figures: peak memory of the process tree, load, machine.

Peak memory is sampled as the sum of PSS (proportional set size) over this process and all its
descendants (pool workers, dbt, the corpus server is excluded by pid), so pages shared after a
fork are counted once, not once per worker as a sum of RSS would.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import platform
import resource
import threading
import time
from importlib import metadata
from pathlib import Path


def children_of() -> dict[int, list[int]]:
    """Every live process's children, by parent pid (from /proc)."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _walk(start: list[int], exclude: set[int]):
    """The live processes from `start` down through their descendants, skipping `exclude` and theirs."""
    tree, stack = children_of(), list(start)
    while stack:
        pid = stack.pop()
        if pid in exclude:
            continue
        yield pid
        stack.extend(tree.get(pid, []))


def tree_pss_mb(root: int, exclude: set[int]) -> float:
    return sum(_pss_kb(pid) for pid in _walk([root], exclude)) / 1024


def own_pss_mb() -> float:
    """This process's PSS alone, without its children (what it still holds when dbt starts)."""
    return _pss_kb(os.getpid()) / 1024


class PeakMemory:
    """`with PeakMemory(exclude={server_pid}) as peak: ...` then `peak.mb` (sampled every 0.25 s);
    given the run's Stopwatch, also `peak.by_stage` (the peak while each named lap ran); with
    `record`, every sample as (UTC time, MB) in `peak.samples`, to match against other logs.

    The sampler is not the pipeline: reading `smaps_rollup` walks each process's page tables, about
    22 ms of CPU a sample with the stages' processes at 10,000 pages (7 CPU seconds of a 96-second
    run, 4 % of the pipeline's CPU on two busy cores). So its thread runs at the lowest priority
    (Linux gives each thread its own nice value) and takes idle cycles first, and it keeps its own
    CPU in `peak.cpu_s`, which the benchmarks take out of the pipeline's CPU seconds."""

    def __init__(
        self,
        exclude: set[int] | None = None,
        interval: float = 0.25,
        watch: Stopwatch | None = None,
        record: bool = False,
    ) -> None:
        self.exclude = set(exclude or ())
        self.interval = interval
        self.watch = watch
        self.record = record
        self.mb = 0.0
        self.cpu_s = 0.0
        self.taken = 0  # samples: fewer than 4 a second when the cores were too busy to give it any
        self.by_stage: dict[str, float] = {}
        self.samples: list[tuple[dt.datetime, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with contextlib.suppress(OSError):  # Linux: this thread alone; elsewhere it may be refused
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        root = os.getpid()
        while not self._stop.is_set():
            started = time.thread_time()
            mb = tree_pss_mb(root, self.exclude)
            self.cpu_s += time.thread_time() - started
            self.taken += 1
            self.mb = max(self.mb, mb)
            if self.record:
                self.samples.append((dt.datetime.now(dt.UTC), mb))
            stage = self.watch.current if self.watch else None
            if stage:
                self.by_stage[stage] = max(self.by_stage.get(stage, 0.0), mb)
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.mb = max(self.mb, tree_pss_mb(os.getpid(), self.exclude))


def cpu_seconds(exclude: set[int] | None = None) -> float:
    """User + system CPU of this process, of its children that have been waited for (dbt after it
    exits), and of its live descendants with what they waited for: the stage pools' workers are
    children of the fork server, which lives as long as this process and reaps them itself, so
    their CPU would otherwise never reach this process's own figures. On shared cores this moves
    far less with other jobs' load than wall time does. `exclude`: live processes left out (the
    corpus server)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    own_children = children_of().get(os.getpid(), [])
    return total + sum(process_cpu_seconds(pid) for pid in _walk(own_children, set(exclude or ())))


def process_cpu_seconds(pid: int) -> float:
    """utime + stime + cutime + cstime of a live process (its own CPU and its reaped children's)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def idle_seconds() -> tuple[float, float]:
    """(idle, iowait) core-seconds of the whole machine since boot, from /proc/stat (two separate
    columns: a core waiting on the disk counts as iowait, not idle): the difference over a run says
    how long its cores had no work, and how much of that waited on the disk (here the host reclaims
    file pages unread for a minute, so a corpus on disk is often read cold)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[4]) / tick, int(fields[5]) / tick


def ru_maxrss_mb() -> float:
    """Peak RSS of this process alone (kernel's figure), for comparison with the sampled tree PSS."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def machine() -> str:
    cpu = "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = " ".join(f"{p}={metadata.version(p)}" for p in ("duckdb", "trafilatura", "dbt-duckdb"))
    return (
        f"{cpu}, {len(os.sched_getaffinity(0))} cores, {mem_gb:.0f} GB, "
        f"Python {platform.python_version()}, {versions}"
    )


class Stopwatch:
    """Named wall-clock laps: `with watch("clean"): ...`; `watch.seconds["clean"]`."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.current: str | None = None  # the lap running now (PeakMemory attributes samples to it)

    def __call__(self, name: str) -> _Lap:
        return _Lap(self, name)


class _Lap:
    def __init__(self, watch: Stopwatch, name: str) -> None:
        self.watch, self.name = watch, name

    def __enter__(self) -> None:
        self.started = time.perf_counter()
        self.watch.current = self.name

    def __exit__(self, *exc: object) -> None:
        elapsed = time.perf_counter() - self.started
        self.watch.current = None
        self.watch.seconds[self.name] = self.watch.seconds.get(self.name, 0.0) + elapsed
