"""One pipeline run for benchmarks, through the product's own stage functions and dbt.

The steps, their order, their commits per batch and the dbt invocations are those of `frontlines_job`
(orchestration/defs/raw_assets.py and dbt_assets.py): reference data, raw pages (acquisition), raw
articles (cleaning), raw mentions (extraction), then `dbt build` of the incremental mart over the
run's window and every other model, with the critical data tests, in one invocation (the
scheduled selector; the other data tests run in the daily audit, which a benchmark of a run leaves
out). Benchmarks call the stages directly instead of through
`frontlines run` for two reasons: the per-stage times, and the fetch settings. A benchmark serves
every page from one host (127.0.0.1), where the production politeness rules (one request a second,
two at a time per host) would measure the politeness delay; the benchmark lifts them to stand for a
crawl spread over many hosts. Everything else is the product's code.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.measure import Stopwatch  # noqa: E402
from extract.fetching.settings import FetchSettings  # noqa: E402
from extract.sources import SourceConfig  # noqa: E402

# the job's own flags, from a module that imports no dagster: imported from dbt_project inside
# dbt_build, dagster_dbt took 2 s of a 10,000-page run's measured time (session 14)
from orchestration.dbt_flags import AUDIT_FLAGS, SCHEDULED_FLAGS  # noqa: E402

OPEN_START = dt.date(1900, 1, 1)  # what partition_window gives today's partition (every earlier day)


def bench_fetch_settings(workers: int = 8) -> FetchSettings:
    """Production limits, except per-host politeness and the URLs read from one source (one local
    host and one sitemap stand for many: a day's 150,000 pages would come from many sources, and
    the production cap, 100,000 URLs a source, stopped the first 150,000-page run at 100,000) and
    private addresses (the corpus server is on 127.0.0.1)."""
    return FetchSettings(
        allow_private_addresses=True,
        politeness_delay=0,
        per_host_concurrency=workers,
        max_workers=workers,
        max_urls_per_source=10_000_000,
    )


def sitemap_source(base_url: str) -> SourceConfig:
    return SourceConfig(id="bench-sitemap", kind="sitemap", url=f"{base_url}/sitemap.xml")


@dataclass
class RunResult:
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, dict] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(self.seconds.values())


def today_window() -> tuple[dt.date, dt.date]:
    today = dt.datetime.now(dt.UTC).date()
    return OPEN_START, today + dt.timedelta(days=1)


def run_stages(
    warehouse: Path, sources: list[SourceConfig], settings: FetchSettings, watch: Stopwatch
) -> dict:
    """The four Python steps of the job, committing a batch at a time as the assets run them, through
    one `Warehouse` that each stage reopens every `reopen_every()` items as in production."""
    from extract.extractors import get_extractor
    from warehouse.connection import Warehouse
    from warehouse.load import record_run
    from warehouse.reference import load_reference_tables
    from warehouse.stage_pool import stop_worker_server
    from warehouse.stages import clean_pages, extract_mentions, ingest_pages

    run_id = f"bench-{uuid.uuid4().hex[:12]}"
    window = today_window()
    counts: dict[str, dict] = {}
    engine = get_extractor("rules")
    with Warehouse(warehouse) as wh:  # wh.con each time: a stage may have reopened it
        with watch("reference"):
            load_reference_tables(wh.con)
        with watch("fetch+clean+extract"):
            record_run(wh.con, run_id, "running")
            pages = ingest_pages(wh, sources, settings, run_id, extractor=engine)
            streamed = pages.downstream
            record_run(
                wh.con,
                run_id,
                "running",
                pages_new=pages.new,
                articles_new=streamed["articles"].new,
                mentions_new=streamed["mentions"].new,
            )
        counts["pages"] = pages.as_metadata()
        with watch("clean (rest)"):
            articles = clean_pages(wh, window=window)
            record_run(wh.con, run_id, "running", articles_new=articles.new, add=True)
        counts["articles"] = _merged(streamed["articles"], articles)
        with watch("extract (rest)"):
            mentions = extract_mentions(wh, engine, window=window)
            stop_worker_server()
            record_run(wh.con, run_id, "success", mentions_new=mentions.new, add=True)
        counts["mentions"] = _merged(streamed["mentions"], mentions)
    return counts


def _merged(streamed, staged) -> dict:
    """A stage's counts: what the fetch stage's stream did plus what the stage itself did."""
    out = streamed.as_metadata()
    for key, value in staged.as_metadata().items():
        if isinstance(value, dict):
            out[key] = {k: out.get(key, {}).get(k, 0) + value.get(k, 0) for k in {*out.get(key, {}), *value}}
        else:
            out[key] = out.get(key, 0) + value
    out["by_stage"] = {"streamed": streamed.new, "stage": staged.new}
    return out


def _dbt(warehouse: Path, args: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "FRONTLINES_WAREHOUSE": str(warehouse.resolve())}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    dbt = str(Path(sys.executable).with_name("dbt"))
    project = REPO / "dbt_project"
    target = warehouse.parent / "dbt-target"
    common = ["--project-dir", str(project), "--profiles-dir", str(project), "--target-path", str(target)]
    common += ["--log-path", str(target / "logs")]
    done = subprocess.run([dbt, *args, *common, "--quiet"], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-15:]
        raise RuntimeError(f"dbt {args[0]} failed on {warehouse}:\n" + "\n".join(tail))
    return done


def dbt_parse(warehouse: Path) -> float:
    """Parse the project for this warehouse path, untimed by the pipeline: production keeps the
    parse of its previous run (dbt reuses it while the profile, vars and files are unchanged), but
    each benchmark warehouse has a new path, which would make every benchmark build a full parse."""
    started = time.perf_counter()
    _dbt(warehouse, ["parse"])
    return time.perf_counter() - started


def dbt_audit(warehouse: Path) -> float:
    """The daily audit: every data test on the marts as they are (`frontlines_audit_job`)."""
    started = time.perf_counter()
    _dbt(warehouse, ["test", *AUDIT_FLAGS])
    return time.perf_counter() - started


def dbt_build(
    warehouse: Path,
    window: tuple[dt.date, dt.date],
    watch: Stopwatch,
    extra: tuple[str, ...] = (),
    artifacts: bool = False,
) -> None:
    """The job's one dbt invocation: every model and the critical tests (the scheduled selector),
    the incremental ones over the window; no vars for today's window, as the Dagster step passes none.
    Like the job's, it writes no JSON artifacts unless `artifacts` (run_results.json for the
    benchmarks that list the slowest models: about 1 s more at 10,000 pages)."""
    args = ["build", *SCHEDULED_FLAGS, *extra]
    if window[0] != OPEN_START:
        bounds = {"partition_start": window[0].isoformat(), "partition_end": window[1].isoformat()}
        args += ["--vars", json.dumps(bounds)]
    if artifacts:
        args.append("--write-json")  # dbt takes the last of --no-write-json / --write-json
    with watch("dbt"):
        _dbt(warehouse, args)


def run_pipeline(
    warehouse: Path,
    sources: list[SourceConfig],
    settings: FetchSettings,
    with_dbt: bool = True,
    watch: Stopwatch | None = None,
    artifacts: bool = False,
) -> RunResult:
    watch = watch or Stopwatch()
    counts = run_stages(warehouse, sources, settings, watch)
    if with_dbt:
        dbt_build(warehouse, today_window(), watch, artifacts=artifacts)
    return RunResult(dict(watch.seconds), counts)
