"""Is there anything for a run to do? Answered in about a second, without Dagster or dbt.

Starting Dagster and dbt costs 10-60 s before a run learns that nothing changed, so `frontlines run`
and the hourly schedule ask first. Nothing is new when: the latest run succeeded; every watched
source lists exactly what it listed at that run's start, under the same sources config, cleaner and
extractor versions; no failed URL is due for a retry; and the marts were built from the raw rows as
they are now, by the dbt project as it is now. Sources that cannot be listed cheaply (the GDELT and
ReliefWeb APIs) always mean a run. Any doubt (a locked or missing warehouse) means a run too.
No Dagster import here: the check must stay cheap.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from orchestration.defs import source_watch
from warehouse.paths import REPO_ROOT

DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
# what dbt builds the marts from: a change to any of these files changes the marts
DBT_SOURCE_DIRS = ("models", "macros", "tests", "seeds", "snapshots", "analyses")
DBT_SOURCE_FILES = ("dbt_project.yml", "profiles.yml", "packages.yml", "selectors.yml")


@dataclass(frozen=True)
class Verdict:
    nothing_new: bool
    reason: str


def dbt_project_files(project_dir: Path = DBT_PROJECT_DIR) -> list[Path]:
    """The dbt project's own files (not its target/ or logs)."""
    files = [project_dir / name for name in DBT_SOURCE_FILES]
    for folder in DBT_SOURCE_DIRS:
        files.extend(sorted((project_dir / folder).rglob("*")))
    return [path for path in files if path.is_file()]


def dbt_project_key(project_dir: Path = DBT_PROJECT_DIR) -> str:
    """A hash of the dbt project's own files."""
    digest = hashlib.sha1()
    for path in dbt_project_files(project_dir):
        digest.update(str(path.relative_to(project_dir)).encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def run_config_key(sources, extractor) -> str:
    """What decides what a run does with a listing: the sources' config and the stage versions."""
    from extract.clean import CLEANER_VERSION
    from warehouse.changes import config_key

    configs = sorted(json.dumps(s.model_dump(mode="json"), sort_keys=True) for s in sources)
    return config_key(configs, CLEANER_VERSION, extractor.name, extractor.version)


def listing_state(sources, settings) -> str:
    """The watched sources' listing as the sensor's cursor holds it (item keys, folder summaries)."""
    return source_watch.dump_cursor(source_watch.watch_sources(sources, settings))


def check(warehouse: Path, sources, settings, extractor) -> Verdict:
    """Whether a run now would find nothing new (see the module docstring)."""
    import duckdb

    from warehouse.changes import last_successful_listing, marts_current, raw_stamp, retries_due

    unwatched = sorted(s.id for s in sources if s.enabled and s.kind not in source_watch.WATCHED_KINDS)
    if unwatched:
        return Verdict(False, f"sources listed only by a run: {', '.join(unwatched)}")
    if not warehouse.exists():
        return Verdict(False, f"no warehouse at {warehouse} yet")
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as exc:  # another process is writing it
        return Verdict(False, f"cannot read {warehouse}: {str(exc).splitlines()[0]}")
    try:
        last = last_successful_listing(con)
        if last is None:
            return Verdict(False, "the latest run did not succeed, or recorded no listing")
        run_id, key, state = last
        if key != run_config_key(sources, extractor):
            return Verdict(False, "the sources' config or a stage version changed since the last run")
        due = retries_due(con)
        if due:
            return Verdict(False, f"{due} failed URL(s) due for a retry")
        if not marts_current(con, raw_stamp(con), dbt_project_key()):
            return Verdict(False, "the marts are older than the raw rows or the dbt project")
    except duckdb.Error as exc:  # a warehouse from before these tables: let the run migrate it
        return Verdict(False, f"cannot tell from {warehouse}: {str(exc).splitlines()[0]}")
    finally:
        con.close()
    old = source_watch.load_cursor(state)
    new = source_watch.watch_sources(sources, settings)
    errors = sorted(sid for sid, s in new.items() if s.error)
    if errors:
        return Verdict(False, f"sources that could not be listed: {', '.join(errors)}")
    if set(old) != set(new):
        return Verdict(False, "the set of watched sources changed")
    found = source_watch.changes(old, new)
    changed = {sid: n for sid, n in found.items()}
    changed.update({sid: 1 for sid in new if _differs(old[sid], new[sid]) and sid not in changed})
    if changed:
        summary = ", ".join(f"{sid}: {n}" for sid, n in sorted(changed.items()))
        return Verdict(False, f"new or changed items ({summary})")
    return Verdict(True, f"nothing new since run {run_id}: {len(new)} source(s) list what they did")


def _differs(old: source_watch.SourceState, new: source_watch.SourceState) -> bool:
    """Any change at all, including a file removed or rewritten with an older time."""
    return (old.files, old.newest_mtime_ns, sorted(old.keys)) != (
        new.files,
        new.newest_mtime_ns,
        sorted(new.keys),
    )
