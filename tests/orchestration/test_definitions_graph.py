"""What the UI shows, read from the definitions: descriptions, owners, kinds, groups, partitions,
checks, freshness, pools and retries, the schedule; and the instance config that enforces one writer."""

from __future__ import annotations

import datetime as dt

import pytest
from dagster import AssetKey, DagsterInstance, build_schedule_context

WRITER_OPS = {
    "raw_pages",
    "raw_articles",
    "raw_mentions",
    "reference_data",
    "frontlines_dbt_models",
    "serving__marts_snapshot",  # holds the warehouse open (read-only) while it copies the marts
}


@pytest.fixture(scope="module")
def repo(dbt_manifest):
    from orchestration.definitions import defs

    return defs.get_repository_def()


def test_every_asset_is_described_owned_grouped_and_kinded(repo):
    graph = repo.asset_graph
    for key in graph.materializable_asset_keys:
        node = graph.get(key)
        name = key.to_user_string()
        assert node.description, f"{name} has no description"
        assert node.group_name and node.group_name != "default", f"{name} has no group"
        assert node.owners == ["team:frontlines"], f"{name} has no owner"
        assert node.kinds & {"python", "dbt"} and "duckdb" in node.kinds, f"{name}: kinds {node.kinds}"


def test_raw_checks_and_dbt_tests_are_asset_checks(repo):
    checks = {(k.asset_key.to_user_string(), k.name) for k in repo.asset_graph.asset_check_keys}
    for expected in (
        ("raw/pages", "fetch_failure_rate"),
        ("raw/mentions", "extraction_yield"),
        ("raw/mentions", "event_dates_in_article_window"),
        ("raw/mentions", "evidence_spans_valid"),
    ):
        assert expected in checks
    mart_checks = [name for asset, name in checks if asset == "marts/fct_event_mentions"]
    assert any(name.startswith("unique_fct_event_mentions") for name in mart_checks), mart_checks


def test_marts_carry_a_freshness_policy_and_staging_does_not(repo):
    graph = repo.asset_graph
    assert graph.get(AssetKey(["marts", "fct_strikes"])).freshness_policy is not None
    assert graph.get(AssetKey(["staging", "stg_raw__pages"])).freshness_policy is None


def test_partitions_follow_ingestion_days_and_backfill_in_one_run(repo):
    from dagster import BackfillPolicy

    graph = repo.asset_graph
    for key in (["raw", "articles"], ["raw", "mentions"]):
        node = graph.get(AssetKey(key))
        assert node.partitions_def is not None, key
        assert node.backfill_policy == BackfillPolicy.single_run(), key
    # dbt is one step a run: its incremental mart takes the run's days from the run's tags
    unpartitioned = (
        ["raw", "pages"],
        ["marts", "fct_event_mentions"],
        ["marts", "fct_strikes"],
        ["ref", "places"],
    )
    for key in unpartitioned:
        assert graph.get(AssetKey(key)).partitions_def is None, key
    assert repo.get_job("frontlines_job").partitions_def is not None


def test_the_dbt_step_reads_its_window_from_the_runs_partition_tags():
    from orchestration.defs.partitions import OPEN_START, partition_range_tags, run_window, today_partition

    today = dt.date.fromisoformat(today_partition())
    assert run_window({}) is None
    assert run_window({"dagster/partition": today.isoformat()}) == (OPEN_START, today + dt.timedelta(days=1))
    assert run_window({"dagster/partition": "2026-03-14"}) == (dt.date(2026, 3, 14), dt.date(2026, 3, 15))
    assert run_window(partition_range_tags("2026-03-01", "2026-03-14")) == (
        dt.date(2026, 3, 1),
        dt.date(2026, 3, 15),
    )


def test_every_writer_step_is_in_the_one_writer_pool_with_retries(repo):
    job = repo.get_job("frontlines_job")
    nodes = {node.name: node.definition for node in job.graph.node_dict.values()}
    assert set(nodes) == WRITER_OPS
    for name, op in nodes.items():
        assert op.pool == "warehouse_writer", name
        assert op.retry_policy is not None and op.retry_policy.max_retries >= 1, name


def test_reextract_job_reads_stored_pages_and_never_fetches(repo):
    job = repo.get_job("reextract_job")
    ops = {node.name for node in job.graph.node_dict.values()}
    assert "raw_pages" not in ops and {"raw_articles", "raw_mentions"} <= ops


def test_hourly_schedule_requests_the_partition_of_its_tick(repo, tmp_path):
    from dagster_duckdb import DuckDBResource

    from orchestration.defs.resources import ExtractorResource, SourcesResource

    schedule = repo.get_schedule_def("frontlines_hourly")
    assert schedule.cron_schedule == "0 * * * *" and schedule.job_name == "frontlines_job"
    tick = dt.datetime(2026, 3, 14, 23, 0, tzinfo=dt.UTC)
    resources = {  # a warehouse not built yet: there is something to do
        "warehouse": DuckDBResource(database=str(tmp_path / "new.duckdb")),
        "sources": SourcesResource(),
        "extractor": ExtractorResource(),
    }
    with DagsterInstance.ephemeral() as instance:
        context = build_schedule_context(
            instance=instance, scheduled_execution_time=tick, repository_def=repo, resources=resources
        )
        request = schedule.evaluate_tick(context).run_requests[0]
    assert request.partition_key == "2026-03-14"


def test_instance_config_admits_one_writer_and_keeps_an_operators_file(tmp_path):
    from orchestration.instance import check_instance_config, ensure_instance

    home = ensure_instance(tmp_path / "home")
    assert check_instance_config(home) is None
    with DagsterInstance.from_config(str(home)) as instance:
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 1
    (home / "dagster.yaml").write_text("concurrency:\n  pools:\n    default_limit: 4\n")
    ensure_instance(home)
    assert "default_limit: 4" in (home / "dagster.yaml").read_text()
    warning = check_instance_config(home)
    assert warning and "default_limit" in warning and "set it to 1" in warning


def test_a_killed_cli_run_is_marked_failed_and_frees_the_writer_slot(tmp_path):
    import subprocess

    from dagster import DagsterRunStatus
    from dagster._core.test_utils import create_run_for_test

    from orchestration.instance import ensure_instance, process_tags, release_dead_runs

    gone = subprocess.Popen(["true"])
    gone.wait()
    home = ensure_instance(tmp_path / "home")
    with DagsterInstance.from_config(str(home)) as instance:
        storage = instance.event_log_storage
        storage.initialize_concurrency_limit_to_default("warehouse_writer")
        dead = create_run_for_test(
            instance,
            job_name="frontlines_job",
            status=DagsterRunStatus.STARTED,
            tags={**process_tags(), "frontlines/pid": str(gone.pid)},
        )
        alive = create_run_for_test(
            instance, job_name="frontlines_job", status=DagsterRunStatus.STARTED, tags=process_tags()
        )
        assert storage.claim_concurrency_slot("warehouse_writer", dead.run_id, "raw_articles").is_claimed
        waiting = storage.claim_concurrency_slot("warehouse_writer", alive.run_id, "raw_pages")
        assert not waiting.is_claimed, "one writer at a time"

        assert release_dead_runs(instance) == [dead.run_id]
        assert instance.get_run_by_id(dead.run_id).status == DagsterRunStatus.FAILURE
        assert instance.get_run_by_id(alive.run_id).status == DagsterRunStatus.STARTED
        assert storage.claim_concurrency_slot("warehouse_writer", alive.run_id, "raw_pages").is_claimed
