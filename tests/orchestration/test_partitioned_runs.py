"""Real runs into a temporary DuckDB: today's partition through `frontlines run`, a re-run, the
re-extraction job offline, and a backfill of past days as one run."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import pytest
from dagster import AssetKey, AssetRecordsFilter, DagsterEventType, DagsterInstance, DagsterRunStatus

from orchestration.cli import main as frontlines
from orchestration.dbt_project import critical_test_names
from orchestration.defs.partitions import partition_range_tags, today_partition
from tests.conftest import MINI_CORPUS
from tests.orchestration.conftest import MARTS, RAW, snapshot

pytestmark = pytest.mark.slow


def _latest_run(instance):
    return instance.get_runs(limit=1)[0]


def _events(instance, run_id, event_type):
    return [e.dagster_event for e in instance.all_logs(run_id, of_type=event_type)]


@pytest.fixture(scope="module")
def mini(tmp_path_factory, orchestration_home):
    path = tmp_path_factory.mktemp("partitioned") / "frontlines.duckdb"
    args = ["run", "--archive", str(MINI_CORPUS), "--warehouse", str(path)]
    assert frontlines(args) == 0
    instance = DagsterInstance.get()
    first_run = _latest_run(instance)
    first = snapshot(path, RAW + MARTS)
    assert frontlines([*args, "--force"]) == 0  # a real re-run (without --force nothing new: no run)
    return path, first, first_run, instance


def test_frontlines_run_materializes_todays_partition_with_readable_metadata(mini):
    _, _, run, instance = mini
    assert run.job_name == "frontlines_job" and run.tags["dagster/partition"] == today_partition()
    assert run.status == DagsterRunStatus.SUCCESS
    for key in (["raw", "mentions"], ["raw", "articles"]):
        records = instance.fetch_materializations(
            AssetRecordsFilter(asset_key=AssetKey(key), asset_partitions=[today_partition()]), limit=5
        ).records
        assert any(r.run_id == run.run_id for r in records), key
    marts = instance.fetch_materializations(AssetKey(["marts", "fct_event_mentions"]), limit=5).records
    assert any(r.run_id == run.run_id for r in marts)
    mentions = next(
        e.event_specific_data.materialization
        for e in _events(instance, run.run_id, DagsterEventType.ASSET_MATERIALIZATION)
        if e.asset_key == AssetKey(["raw", "mentions"])
    )
    meta = mentions.metadata
    assert meta["row_count"].value >= 3 and meta["new_mentions"].value == meta["row_count"].value
    assert "| family |" in meta["preview"].value and meta["duration_s"].value >= 0
    pages = next(
        e.event_specific_data.materialization
        for e in _events(instance, run.run_id, DagsterEventType.ASSET_MATERIALIZATION)
        if e.asset_key == AssetKey(["raw", "pages"])
    )
    assert pages.metadata["new_pages"].value == 3


def test_raw_and_dbt_checks_ran_and_passed_on_the_mini_corpus(mini):
    _, _, run, instance = mini
    results = {
        (
            e.event_specific_data.asset_key.to_user_string(),
            e.event_specific_data.check_name,
        ): e.event_specific_data
        for e in _events(instance, run.run_id, DagsterEventType.ASSET_CHECK_EVALUATION)
    }
    for check in (
        ("raw/pages", "fetch_failure_rate"),
        ("raw/mentions", "extraction_yield"),
        ("raw/mentions", "event_dates_in_article_window"),
        ("raw/mentions", "evidence_spans_valid"),
    ):
        assert results[check].passed, (check, results[check].metadata)
    # the scheduled build runs the dbt tests tagged critical (the audit runs the rest), as asset checks
    layers = ("marts/", "intermediate/", "staging/")
    dbt_checks = {name for asset, name in results if asset.startswith(layers)}
    assert dbt_checks == set(critical_test_names()), dbt_checks ^ set(critical_test_names())
    assert {"unique_fct_event_mentions_mention_id", "unique_fct_strikes_strike_id"} <= dbt_checks
    failed = [k for k, r in results.items() if not r.passed]
    assert not failed, failed


def _audit_checks(instance, run_id) -> dict[str, bool]:
    return {
        f"{e.event_specific_data.asset_key.to_user_string()}:{e.event_specific_data.check_name}": (
            e.event_specific_data.passed
        )
        for e in _events(instance, run_id, DagsterEventType.ASSET_CHECK_EVALUATION)
    }


def test_the_audit_runs_every_dbt_data_test_as_asset_checks_and_rebuilds_nothing(mini):
    path, first, _, instance = mini
    from orchestration.defs.dbt_assets import frontlines_dbt_models

    assert frontlines(["audit", "--warehouse", str(path)]) == 0
    run = _latest_run(instance)
    assert run.job_name == "frontlines_audit_job" and run.status == DagsterRunStatus.SUCCESS
    checks = _audit_checks(instance, run.run_id)
    expected = {f"{k.asset_key.to_user_string()}:{k.name}" for k in frontlines_dbt_models.check_keys}
    assert set(checks) == expected and len(expected) > 150
    assert all(checks.values())
    assert not _events(instance, run.run_id, DagsterEventType.ASSET_MATERIALIZATION), "no model rebuilt"
    assert snapshot(path, RAW + MARTS) == first


def test_the_audit_fails_on_a_broken_mart_that_the_hourly_build_does_not_test(mini, tmp_path):
    """A duplicate dim_place row breaks `unique_dim_place_place_id`, a test only the audit runs."""
    path, _, _, instance = mini
    broken = tmp_path / path.name  # same file name: the views name their catalog after it
    shutil.copy(path, broken)
    con = duckdb.connect(str(broken))
    con.execute("insert into marts.dim_place select * from marts.dim_place limit 1")
    con.close()
    assert "unique_dim_place_place_id" not in critical_test_names()

    assert frontlines(["audit", "--warehouse", str(broken)]) == 1
    run = _latest_run(instance)
    assert run.job_name == "frontlines_audit_job" and run.status == DagsterRunStatus.FAILURE
    failed = {name for name, passed in _audit_checks(instance, run.run_id).items() if not passed}
    assert failed == {"marts/dim_place:unique_dim_place_place_id"}


def test_a_rerun_of_the_partition_duplicates_nothing(mini):
    path, first, _, _ = mini
    assert snapshot(path, RAW + MARTS) == first
    assert first["raw.mentions"] and first["marts.fct_event_mentions"]


def test_reextract_rereads_every_stored_page_offline_and_replaces_that_versions_rows(mini):
    path, first, _, instance = mini
    con = duckdb.connect(str(path), read_only=True)
    before_read = con.execute("select max(extracted_at) from raw.extraction_log").fetchone()[0]
    fetches = con.execute("select count(*) from raw.fetch_log").fetchone()[0]
    con.close()

    assert frontlines(["reextract", "--warehouse", str(path)]) == 0

    run = _latest_run(instance)
    assert run.job_name == "reextract_job"
    steps = {e.step_key for e in _events(instance, run.run_id, DagsterEventType.STEP_SUCCESS)}
    assert "raw_pages" not in steps and {"raw_articles", "raw_mentions"} <= steps
    con = duckdb.connect(str(path), read_only=True)
    stale = con.execute(
        """select count(*) from raw.articles a left join raw.extraction_log l using (article_id)
           where a.status = 'ok' and (l.extracted_at is null or l.extracted_at <= ?)""",
        [before_read],
    ).fetchone()[0]
    assert con.execute("select count(*) from raw.fetch_log").fetchone()[0] == fetches, "no fetching"
    con.close()
    assert stale == 0, "every ok article was read again"
    assert snapshot(path, RAW + MARTS) == first, "same versions, same rows: replaced, not added"


def test_a_backfill_of_past_days_runs_once_over_exactly_those_days(mini):
    path, _, _, instance = mini
    today = dt.date.fromisoformat(today_partition())
    past = today - dt.timedelta(days=2)
    con = duckdb.connect(str(path))
    moved, kept = (
        r[0] for r in con.execute("select page_id from raw.pages order by page_id limit 2").fetchall()
    )
    con.execute("update raw.pages set ingest_date = ? where page_id = ?", [past, moved])
    con.execute("delete from raw.articles where article_id in (?, ?)", [moved, kept])  # both pending again
    con.close()

    from orchestration.definitions import defs

    job = defs.resolve_job_def("frontlines_job")
    first, last = (past - dt.timedelta(days=1)).isoformat(), past.isoformat()
    result = job.execute_in_process(
        run_config={
            "resources": {
                "warehouse": {"config": {"database": str(path)}},
                "sources": {"config": {"archives": [str(MINI_CORPUS)]}},
            }
        },
        instance=instance,
        tags=partition_range_tags(first, last),
    )
    assert result.success
    assert instance.get_run_by_id(result.run_id).status == DagsterRunStatus.SUCCESS
    partitions = {
        e.partition
        for e in _events(instance, result.run_id, DagsterEventType.ASSET_MATERIALIZATION)
        if e.asset_key == AssetKey(["raw", "articles"])
    }
    assert partitions == {first, last}, "one run materialized both days"
    con = duckdb.connect(str(path), read_only=True)
    cleaned = {r[0] for r in con.execute("select article_id from raw.articles").fetchall()}
    con.close()
    assert moved in cleaned, "the page ingested on a backfilled day was cleaned"
    assert kept not in cleaned, "a page of another day is left for its own partition"
