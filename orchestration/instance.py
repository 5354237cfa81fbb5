"""The Dagster instance Frontlines runs on: a persistent DAGSTER_HOME whose `dagster.yaml` makes the
`warehouse_writer` pool (and any other) admit one step at a time, so only one process writes the
DuckDB file, and turns on freshness policies. Called by `frontlines run`, `frontlines ui` and tests."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import yaml

from warehouse.paths import dagster_home

INSTANCE_CONFIG = {
    # every pool without an explicit limit admits one step at a time, across all runs
    "concurrency": {"pools": {"default_limit": 1}},
    # the marts' freshness policies are evaluated (a preview feature, off by default)
    "freshness": {"enabled": True},
    # keep the UI's telemetry off: the machine may have no internet
    "telemetry": {"enabled": False},
    # the daemon notices runs whose worker died and frees their pool slots
    "run_monitoring": {"enabled": True, "free_slots_after_run_end_seconds": 60},
}

PID_TAG, HOST_TAG = "frontlines/pid", "frontlines/host"


def process_tags() -> dict[str, str]:
    """Tags that let a later `frontlines` command tell whether this process still runs the run."""
    return {PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def release_dead_runs(instance) -> list[str]:
    """Mark failed the in-process runs of this machine whose process is gone (killed, power cut) and
    free the pool slots they held; otherwise the one-writer pool would wait for them forever.

    Runs launched by the daemon are watched by Dagster's run monitoring instead."""
    from dagster import DagsterRunStatus, RunsFilter

    released = []
    active = instance.get_runs(
        filters=RunsFilter(statuses=[DagsterRunStatus.STARTED, DagsterRunStatus.STARTING])
    )
    for run in active:
        pid, host = run.tags.get(PID_TAG), run.tags.get(HOST_TAG)
        if pid and host == socket.gethostname() and int(pid) != os.getpid() and not _alive(int(pid)):
            instance.report_run_failed(run, f"the process that ran it (pid {pid}) is gone: killed or crashed")
            instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
            released.append(run.run_id)
    return released


def active_run_ids(instance) -> set[str]:
    """Ids of the runs this instance still counts as queued or in progress."""
    from dagster import DagsterRunStatus, RunsFilter

    statuses = [
        DagsterRunStatus.QUEUED,
        DagsterRunStatus.NOT_STARTED,
        DagsterRunStatus.STARTING,
        DagsterRunStatus.STARTED,
        DagsterRunStatus.CANCELING,
    ]
    return {run.run_id for run in instance.get_runs(filters=RunsFilter(statuses=statuses))}


def ensure_instance(home: Path | None = None) -> Path:
    """Create DAGSTER_HOME and write `dagster.yaml` there if absent; returns the home.

    An existing file is left as the operator wrote it, but one without a pool limit gets a warning
    from `check_instance_config`."""
    home = Path(home) if home is not None else dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        header = "# Written by Frontlines (orchestration/instance.py). One writer at a time: keep limit 1.\n"
        config.write_text(header + yaml.safe_dump(INSTANCE_CONFIG, sort_keys=False), encoding="utf-8")
    return home


def check_instance_config(home: Path) -> str | None:
    """A warning when an existing dagster.yaml lets pools run more than one writer, else None."""
    try:
        loaded = yaml.safe_load((home / "dagster.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        return f"{home / 'dagster.yaml'}: cannot read it ({exc}); delete it to get Frontlines' default"
    limit = ((loaded.get("concurrency") or {}).get("pools") or {}).get("default_limit")
    if limit != 1:
        return (
            f"{home / 'dagster.yaml'} sets concurrency.pools.default_limit to {limit!r}: set it to 1 so only "
            "one step writes the warehouse at a time (or delete the file to get Frontlines' default)"
        )
    return None
