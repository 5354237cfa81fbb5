"""`frontlines`: run the pipeline, open the UI, report status. Every run goes through the one
Dagster job that the schedule runs, executed in process."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.logging import RichHandler
from rich.table import Table

from warehouse.paths import REPO_ROOT, dagster_home, export_warehouse_path

console = Console(stderr=False)


def _prepare_dbt_manifest() -> None:
    """Users who skipped `make setup`, or edited a model since, get a current manifest: Dagster defines
    the dbt assets from it, and a manifest older than the models makes dbt report tests it lacks."""
    from orchestration.dbt_project import dbt_project
    from orchestration.run_check import dbt_project_files

    manifest = dbt_project.manifest_path
    newest = max((p.stat().st_mtime for p in dbt_project_files()), default=0)
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        console.print("[dim]preparing the dbt manifest (first run, or the dbt project changed)...[/dim]")
        dbt_project.preparer.prepare(dbt_project)


def _load_job(name: str):
    _prepare_dbt_manifest()
    from orchestration.definitions import defs

    return defs.resolve_job_def(name)


def _instance():
    """The persistent instance under DAGSTER_HOME, with Frontlines' dagster.yaml (one writer)."""
    from dagster import DagsterInstance

    from orchestration.instance import check_instance_config, ensure_instance, release_dead_runs

    home = ensure_instance(dagster_home())
    warning = check_instance_config(home)
    if warning:
        console.print(f"[yellow]{warning}[/yellow]")
    instance = DagsterInstance.get()
    for run_id in release_dead_runs(instance):
        console.print(
            f"[yellow]run {run_id} died without finishing: marked failed, its writer slot freed[/yellow]"
        )
    return instance


def _execute(job_name: str, run_config: dict, warehouse, **kwargs) -> int:
    """Execute a job in process with progress on the terminal; 0 on success, 1 on failure."""
    started = time.monotonic()
    job = _load_job(job_name)
    from orchestration.instance import process_tags

    instance = _instance()
    kwargs["tags"] = {**kwargs.get("tags", {}), **process_tags()}
    result = job.execute_in_process(run_config=run_config, instance=instance, raise_on_error=False, **kwargs)
    elapsed = time.monotonic() - started
    for event in result.all_events:
        if event.is_step_success or event.is_step_failure:
            mark = "[green]ok[/green]" if event.is_step_success else "[red]FAILED[/red]"
            console.print(f"  {mark} {event.step_key}")
    if not result.success:
        for event in result.all_events:
            if event.is_step_failure and event.step_failure_data.error is not None:
                console.print(f"[red]{event.step_key}: {event.step_failure_data.error.message.strip()}[/red]")
        console.print(
            f"[red]run failed after {elapsed:.1f}s[/red] (run id {result.run_id});"
            " see the errors above or the run in `frontlines ui`"
        )
        return 1
    console.print(f"[green]run succeeded in {elapsed:.1f}s[/green] (run id {result.run_id})")
    _print_summary(warehouse)
    return 0


def _resources_config(warehouse, extractor: str | None = None) -> dict:
    # the warehouse is explicit, so a process that runs several warehouses (tests) never reuses a path
    from warehouse.connection import connection_config

    warehouse_config = {"database": str(warehouse), "connection_config": connection_config()}
    config: dict = {"warehouse": {"config": warehouse_config}}
    if extractor:
        config["extractor"] = {"config": {"name": extractor}}
    return config


QUIET = {"console": {"config": {"log_level": "WARNING"}}}


def cmd_run(args: argparse.Namespace) -> int:
    """Today's partition of `frontlines_job`, the job the schedule and the sensor run."""
    warehouse = export_warehouse_path(args.warehouse)
    if args.allow_private_addresses:
        os.environ["FRONTLINES_ALLOW_PRIVATE_ADDRESSES"] = "1"
    if args.refetch_skipped:
        os.environ["FRONTLINES_REFETCH_SKIPPED"] = "1"
    sources_config: dict = {"allow_private_addresses": bool(args.allow_private_addresses)}
    if args.archive or args.urls or args.feed:
        sources_config.update(
            archives=[os.path.abspath(p) for p in args.archive],
            urls_files=[os.path.abspath(p) for p in args.urls],
            feeds=list(args.feed),
        )
    elif args.sources:
        sources_config["sources_file"] = os.path.abspath(args.sources)
    resources = _resources_config(warehouse, args.extractor)
    resources["sources"] = {"config": sources_config}
    if not (args.force or args.refetch_skipped or args.partition) and args.job == "frontlines_job":
        verdict = _nothing_new(warehouse, sources_config, args.extractor)
        if verdict.nothing_new:
            console.print(f"[green]{verdict.reason}[/green]: the marts are current, no run started")
            console.print("[dim](--force runs anyway)[/dim]")
            return 0
        console.print(f"[dim]running: {verdict.reason}[/dim]")
    from orchestration.defs.partitions import today_partition  # imports Dagster: after the check

    partition = args.partition or today_partition()
    console.print(f"[bold]frontlines run[/bold] (ingestion day {partition}) -> {warehouse}")
    return _execute(args.job, {"resources": resources, "loggers": QUIET}, warehouse, partition_key=partition)


def _nothing_new(warehouse, sources_config: dict, extractor: str | None):
    """The check the schedule makes too (orchestration/run_check.py), before Dagster is imported."""
    from extract.extractors import get_extractor
    from orchestration.run_check import Verdict, check
    from orchestration.source_inputs import fetch_settings, resolve_sources

    options = {k: v for k, v in sources_config.items() if k != "allow_private_addresses"}
    try:
        sources, errors = resolve_sources(**options)
        engine = get_extractor(extractor or "rules")
    except ValueError as exc:  # the run reports it with its own wording
        return Verdict(False, str(exc).splitlines()[0])
    if errors:
        return Verdict(False, f"{len(errors)} source(s) in error")
    return check(warehouse, sources, fetch_settings(sources_config["allow_private_addresses"]), engine)


def cmd_reextract(args: argparse.Namespace) -> int:
    """`reextract_job` over stored pages, offline. Without --since: today's partition, which takes
    every stored page; with --since/--until: one run over exactly those ingestion days."""
    from orchestration.defs.partitions import ingest_days, partition_range_tags, today_partition

    warehouse = export_warehouse_path(args.warehouse)
    if not warehouse.exists():
        console.print(f"[red]no warehouse at {warehouse}[/red]: run `frontlines run` first (or --warehouse)")
        return 2
    from orchestration.defs.jobs import REEXTRACT_OPS_CONFIG

    run_config = {
        "resources": _resources_config(warehouse, args.extractor),
        "ops": REEXTRACT_OPS_CONFIG,
        "loggers": QUIET,
    }
    today = today_partition()
    if not args.since and not args.until:
        console.print(f"[bold]frontlines reextract[/bold] (every stored page) -> {warehouse}")
        return _execute("reextract_job", run_config, warehouse, partition_key=today)
    keys = ingest_days.get_partition_keys()
    first, last = args.since or keys[0], args.until or today
    for flag, day in (("--since", first), ("--until", last)):
        if day not in keys:
            console.print(
                f"[red]{flag} {day}: not an ingestion day[/red]"
                f" (use YYYY-MM-DD between {keys[0]} and {keys[-1]})"
            )
            return 2
    if first > last:
        console.print(f"[red]--since {first} is after --until {last}[/red]: swap them")
        return 2
    console.print(f"[bold]frontlines reextract[/bold] (pages ingested {first} to {last}) -> {warehouse}")
    return _execute("reextract_job", run_config, warehouse, tags=partition_range_tags(first, last))


def cmd_audit(args: argparse.Namespace) -> int:
    """`frontlines_audit_job`: every dbt data test on the marts as they are (the hourly build runs only
    the critical ones); each test is an asset check in the UI. 0 when every test passes."""
    warehouse = export_warehouse_path(args.warehouse)
    if not warehouse.exists():
        console.print(f"[red]no warehouse at {warehouse}[/red]: run `frontlines run` first (or --warehouse)")
        return 2
    console.print(f"[bold]frontlines audit[/bold] (every dbt data test) -> {warehouse}")
    started = time.monotonic()
    job = _load_job("frontlines_audit_job")
    instance = _instance()
    from orchestration.instance import process_tags

    run_config = {"resources": _resources_config(warehouse), "loggers": QUIET}
    result = job.execute_in_process(
        run_config=run_config, instance=instance, raise_on_error=False, tags=process_tags()
    )
    checks = [
        event.event_specific_data
        for event in result.all_events
        if event.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    failed = sorted(f"{c.asset_key.to_user_string()}: {c.check_name}" for c in checks if not c.passed)
    elapsed = time.monotonic() - started
    for name in failed:
        console.print(f"  [red]FAILED[/red] {name}")
    if not result.success and not failed:
        for event in result.all_events:
            if event.is_step_failure and event.step_failure_data.error is not None:
                console.print(f"[red]{event.step_key}: {event.step_failure_data.error.message.strip()}[/red]")
    colour = "green" if result.success and not failed else "red"
    console.print(
        f"[{colour}]{len(checks) - len(failed)} of {len(checks)} dbt tests passed[/{colour}]"
        f" in {elapsed:.1f}s (run id {result.run_id})"
    )
    return 0 if result.success and not failed else 1


def _print_summary(warehouse) -> None:
    from warehouse.connection import open_warehouse
    from warehouse.status import mart_summary, warehouse_status

    with open_warehouse(warehouse, read_only=True) as con:
        status = warehouse_status(con)
        summary = mart_summary(con)
    table = Table(title="Frontlines warehouse", show_header=False)
    table.add_row("pages", str(status["pages"]))
    table.add_row("articles", str(status["articles"]))
    table.add_row("fetch failures", json.dumps(status["fetch_failures"]))
    table.add_row("given up", str(status["given_up"]))
    table.add_row("skipped on purpose", json.dumps(status["skipped"]))
    for name, n in summary["counts"].items():
        table.add_row(name.replace("_", " "), "missing" if n is None else str(n))
    console.print(table)
    for row in summary["examples"]:
        console.print(
            f"[bold]{row['family']}/{row['event_type']}[/bold] {row['actor'] or '?'} @ {row['place'] or '?'}"
            f" on {row['date'] or '?'} ({row['modality']}{', ' + row['claimant'] if row['claimant'] else ''})"
        )
        console.print(f"   [dim]“{row['sentence']}”[/dim]")


def cmd_status(args: argparse.Namespace) -> int:
    from warehouse.connection import open_warehouse
    from warehouse.status import warehouse_status

    path = export_warehouse_path(args.warehouse)
    try:
        with open_warehouse(path, read_only=True) as con:
            status = warehouse_status(con)
    except FileNotFoundError as exc:
        console.print(f"[red]{exc}[/red]")
        return 2
    except Exception as exc:  # duckdb's lock error while a run writes
        console.print(f"[red]cannot read {path}: {str(exc).splitlines()[0]}[/red] (is a run writing it?)")
        return 2
    if args.json:
        print(json.dumps(status))
        return 0
    table = Table(title=f"Frontlines status ({path})", show_header=False)
    for key, value in status.items():
        table.add_row(key, json.dumps(value) if isinstance(value, dict) else str(value))
    console.print(table)
    return 0


def cmd_ui(args: argparse.Namespace) -> int:
    from orchestration.instance import check_instance_config, ensure_instance

    export_warehouse_path(args.warehouse)
    home = ensure_instance(dagster_home())
    warning = check_instance_config(home)
    if warning:
        console.print(f"[yellow]{warning}[/yellow]")
    _prepare_dbt_manifest()
    dagster = os.path.join(os.path.dirname(sys.executable), "dagster")
    argv = [dagster, "dev", "-m", "orchestration.definitions", "-h", "127.0.0.1", "-p", str(args.port)]
    console.print(f"Dagster UI on http://127.0.0.1:{args.port} (DAGSTER_HOME={home})")
    os.chdir(REPO_ROOT)
    os.execv(dagster, argv)
    return 0  # pragma: no cover - execv does not return


def cmd_lake(args: argparse.Namespace) -> int:
    """Build the marts into a DuckLake (catalog + Parquet files) from the warehouse's raw layer: the
    dbt profile's `lake` target, the scheduled selection. For many readers and writers on shared
    storage; the warehouse file keeps the raw layer and its own marts (docs/scaling.md)."""
    import subprocess

    from warehouse.lake import lake_environment

    warehouse = export_warehouse_path(args.warehouse)
    if not warehouse.exists():
        console.print(f"[red]no warehouse at {warehouse}[/red]: run `frontlines run` first (or --warehouse)")
        return 2
    catalog, data = Path(args.catalog).resolve(), Path(args.data).resolve()
    catalog.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **lake_environment(catalog, data), "DBT_SEND_ANONYMOUS_USAGE_STATS": "0"}
    dbt = os.path.join(os.path.dirname(sys.executable), "dbt")
    project = str(REPO_ROOT / "dbt_project")
    console.print(f"[bold]frontlines lake[/bold] {warehouse} -> catalog {catalog}, files {data}")
    argv = [
        dbt,
        "build",
        "--target",
        "lake",
        "--selector",
        "scheduled",
        "--exclude-resource-type",
        "unit_test",
    ]
    # its own target folder: the lake target's parse must not replace the manifest Dagster reads
    folders = ["--target-path", "target/lake", "--log-path", "logs/lake"]
    result = subprocess.run(
        [*argv, *folders, "--project-dir", project, "--profiles-dir", project],
        env=env,
        cwd=project,
        check=False,
    )
    colour = "green" if result.returncode == 0 else "red"
    console.print(f"[{colour}]dbt exited {result.returncode}[/{colour}]")
    return result.returncode


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="frontlines", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="fetch, clean, extract, load and build the marts")
    run.add_argument(
        "--archive",
        action="append",
        default=[],
        metavar="DIR",
        help="ingest every .html/.htm file under DIR (repeatable)",
    )
    run.add_argument(
        "--urls", action="append", default=[], metavar="FILE", help="a file of URLs, one a line (repeatable)"
    )
    run.add_argument(
        "--feed", action="append", default=[], metavar="URL", help="an RSS/Atom feed (repeatable)"
    )
    run.add_argument("--sources", metavar="FILE", help="a sources YAML file (default config/sources.yaml)")
    run.add_argument("--warehouse", metavar="PATH", help="DuckDB file (default $FRONTLINES_WAREHOUSE)")
    run.add_argument(
        "--allow-private-addresses",
        action="store_true",
        help="let fetches reach loopback/private addresses (local mirrors, tests)",
    )
    run.add_argument(
        "--partition", metavar="YYYY-MM-DD", help="the ingestion day to process (default: today, UTC)"
    )
    run.add_argument(
        "--extractor",
        metavar="NAME",
        help="extractor to run: rules (default) or llm (needs FRONTLINES_LLM_*)",
    )
    run.add_argument(
        "--refetch-skipped",
        action="store_true",
        help="fetch again the URLs earlier runs skipped on purpose (language filter, URL patterns), refused "
        "for good (404, robots.txt, not HTML...) or gave up on after repeated failures",
    )
    run.add_argument(
        "--force",
        action="store_true",
        help="run even when nothing is new (by default a run first checks, in about a second, that "
        "some source lists new items, a retry is due or the marts are stale)",
    )
    run.add_argument("--job", default="frontlines_job", help=argparse.SUPPRESS)
    run.set_defaults(func=cmd_run)

    reextract = sub.add_parser(
        "reextract",
        help="re-clean and re-extract stored pages with the current versions (offline); rebuild the marts",
    )
    reextract.add_argument(
        "--since", metavar="YYYY-MM-DD", help="only pages ingested from this day (default: every page)"
    )
    reextract.add_argument("--until", metavar="YYYY-MM-DD", help="only pages ingested up to this day")
    reextract.add_argument("--extractor", metavar="NAME", help="extractor to run (default: rules)")
    reextract.add_argument("--warehouse", metavar="PATH", help="DuckDB file (default $FRONTLINES_WAREHOUSE)")
    reextract.set_defaults(func=cmd_reextract)

    audit = sub.add_parser(
        "audit",
        help="every dbt data test on the marts as they are (`run` builds with the critical ones only)",
    )
    audit.add_argument("--warehouse", metavar="PATH", help="DuckDB file (default $FRONTLINES_WAREHOUSE)")
    audit.set_defaults(func=cmd_audit)

    lake = sub.add_parser(
        "lake", help="build the marts into a DuckLake (catalog + Parquet) from the warehouse"
    )
    lake.add_argument(
        "--catalog", default=str(REPO_ROOT / "warehouse" / "lake" / "catalog.ducklake"), help="catalog file"
    )
    lake.add_argument(
        "--data", default=str(REPO_ROOT / "warehouse" / "lake" / "data"), help="folder for the Parquet files"
    )
    lake.add_argument("--warehouse", metavar="PATH", help="DuckDB file (default $FRONTLINES_WAREHOUSE)")
    lake.set_defaults(func=cmd_lake)

    status = sub.add_parser("status", help="what the warehouse holds and when it last ran")
    status.add_argument("--json", action="store_true", help="one JSON object, for scripts")
    status.add_argument("--warehouse", metavar="PATH")
    status.set_defaults(func=cmd_status)

    ui = sub.add_parser("ui", help="open the Dagster UI on 127.0.0.1")
    ui.add_argument("--port", type=int, default=3000)
    ui.add_argument("--warehouse", metavar="PATH")
    ui.set_defaults(func=cmd_ui)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s", handlers=[RichHandler(show_path=False)])
    for noisy in ("dagster", "dagster_dbt", "httpx", "trafilatura", "htmldate", "courlan"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
