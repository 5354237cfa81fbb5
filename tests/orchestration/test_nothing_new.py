"""A run with nothing to do stops before Dagster and dbt start; a job run whose raw steps changed
nothing skips dbt; anything new, a due retry or stale marts mean a full run."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time

import duckdb
import pytest
from dagster import AssetKey, DagsterEventType, DagsterInstance

from orchestration.cli import main as frontlines
from orchestration.run_check import check, dbt_project_key
from orchestration.source_inputs import fetch_settings, resolve_sources
from tests.conftest import MINI_CORPUS
from tests.orchestration.conftest import MARTS, RAW, snapshot

pytestmark = pytest.mark.slow
TICK = dt.datetime(2026, 3, 14, 23, 0, tzinfo=dt.UTC)


def _runs(instance) -> list:
    return instance.get_runs()


def _verdict(path, corpus):
    from extract.extractors import get_extractor

    sources, _ = resolve_sources(archives=[str(corpus)])
    return check(path, sources, fetch_settings(), get_extractor("rules"))


@pytest.fixture(scope="module")
def built(tmp_path_factory, orchestration_home):
    root = tmp_path_factory.mktemp("nothing-new")
    corpus = root / "corpus"
    shutil.copytree(MINI_CORPUS, corpus)
    path = root / "frontlines.duckdb"
    assert frontlines(["run", "--archive", str(corpus), "--warehouse", str(path)]) == 0
    return path, corpus, DagsterInstance.get()


def test_a_run_with_nothing_new_starts_no_dagster_run_and_changes_nothing(built, capsys):
    path, corpus, instance = built
    before, runs = snapshot(path, RAW + MARTS), len(_runs(instance))
    assert _verdict(path, corpus).nothing_new
    capsys.readouterr()
    assert frontlines(["run", "--archive", str(corpus), "--warehouse", str(path)]) == 0
    assert "nothing new" in capsys.readouterr().out
    assert len(_runs(instance)) == runs, "no Dagster run was started"
    assert snapshot(path, RAW + MARTS) == before


def test_a_forced_run_that_loads_nothing_skips_dbt(built):
    path, corpus, instance = built
    con = duckdb.connect(str(path), read_only=True)
    builds = con.execute("select count(*) from raw.mart_builds").fetchone()[0]
    con.close()
    assert frontlines(["run", "--archive", str(corpus), "--warehouse", str(path), "--force"]) == 0
    run = instance.get_runs(limit=1)[0]
    succeeded = instance.all_logs(run.run_id, of_type=DagsterEventType.STEP_SUCCESS)
    steps = {e.dagster_event.step_key for e in succeeded}
    assert {"raw_pages", "raw_mentions", "frontlines_dbt_models"} <= steps
    marts = [
        e
        for e in instance.all_logs(run.run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION)
        if e.dagster_event.asset_key == AssetKey(["marts", "fct_event_mentions"])
    ]
    assert not marts, "dbt did not rebuild marts from unchanged rows"
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("select count(*) from raw.mart_builds").fetchone()[0] == builds
    con.close()


def test_a_new_file_a_due_retry_or_stale_marts_mean_a_run(built, tmp_path):
    path, corpus, _ = built
    assert _verdict(path, corpus).nothing_new
    page = next(corpus.glob("*.html"))
    original = page.stat()
    later = time.time() + 60
    os.utime(page, (later, later))
    verdict = _verdict(path, corpus)
    os.utime(page, ns=(original.st_atime_ns, original.st_mtime_ns))
    assert not verdict.nothing_new and "new or changed" in verdict.reason
    assert _verdict(path, corpus).nothing_new

    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(path, copy)
    con = duckdb.connect(str(copy))
    con.execute(
        "insert into raw.fetch_failures (url, source_id, failed_at, error_class, status) "
        "values ('https://example.org/a', 'x', now(), 'timeout', 'retry')"
    )
    con.close()
    assert "1 failed URL(s) due for a retry" in _verdict(copy, corpus).reason

    shutil.copyfile(path, copy)
    con = duckdb.connect(str(copy))
    con.execute("delete from raw.mentions where mention_id in (select mention_id from raw.mentions limit 1)")
    con.close()
    assert "marts are older" in _verdict(copy, corpus).reason


def test_the_project_key_follows_the_dbt_files(tmp_path):
    project = tmp_path / "dbt"
    (project / "models").mkdir(parents=True)
    (project / "dbt_project.yml").write_text("name: x\n")
    (project / "models" / "a.sql").write_text("select 1")
    first = dbt_project_key(project)
    (project / "target").mkdir()
    (project / "target" / "manifest.json").write_text("{}")
    assert dbt_project_key(project) == first, "build output is not the project"
    (project / "models" / "a.sql").write_text("select 2")
    assert dbt_project_key(project) != first


def test_the_schedule_skips_a_tick_with_nothing_new(built):
    from dagster import build_schedule_context
    from dagster_duckdb import DuckDBResource

    from orchestration.definitions import defs
    from orchestration.defs.resources import ExtractorResource, SourcesResource

    path, corpus, _ = built
    repo = defs.get_repository_def()
    schedule = repo.get_schedule_def("frontlines_hourly")
    resources = {
        "warehouse": DuckDBResource(database=str(path)),
        "sources": SourcesResource(archives=[str(corpus)]),
        "extractor": ExtractorResource(),
    }
    with DagsterInstance.ephemeral() as instance:
        context = build_schedule_context(
            instance=instance, resources=resources, scheduled_execution_time=TICK, repository_def=repo
        )
        result = schedule.evaluate_tick(context)
    assert not result.run_requests and "nothing new" in result.skip_message
    resources["sources"] = SourcesResource(archives=[str(corpus), str(MINI_CORPUS)])
    with DagsterInstance.ephemeral() as instance:
        context = build_schedule_context(
            instance=instance, resources=resources, scheduled_execution_time=TICK, repository_def=repo
        )
        result = schedule.evaluate_tick(context)
    assert len(result.run_requests) == 1
