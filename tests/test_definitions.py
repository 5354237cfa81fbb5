"""The Dagster definitions load, and everything in them can be read in the UI."""

from __future__ import annotations

from dagster import AssetKey


def test_definitions_load_with_described_assets_the_dbt_models_and_the_hourly_schedule(dbt_manifest):
    from orchestration.definitions import defs

    repo = defs.get_repository_def()
    graph = repo.asset_graph
    keys = set(graph.get_all_asset_keys())
    for key in (["raw", "pages"], ["raw", "articles"], ["raw", "mentions"], ["ref", "actors"]):
        assert AssetKey(key) in keys
    for mart in ("fct_event_mentions", "fct_strikes", "fct_territorial_control", "fct_corridor_claims"):
        assert any(k.path[-1] == mart for k in keys), f"dbt model {mart} is not an asset"
    for key in keys:
        node = graph.get(key)
        if node.is_materializable:
            assert node.description, f"{key.to_user_string()} has no description"
            assert node.group_name, f"{key.to_user_string()} has no group"
    schedule = repo.get_schedule_def("frontlines_hourly")
    assert schedule.cron_schedule == "0 * * * *"
    assert schedule.job_name == "frontlines_job"


def test_dbt_sources_line_up_with_the_python_raw_assets(dbt_manifest):
    """The marts depend on the very assets the Python code materializes (lineage in the UI)."""
    from orchestration.definitions import defs

    graph = defs.get_repository_def().asset_graph
    mentions_mart = next(k for k in graph.get_all_asset_keys() if k.path[-1] == "fct_event_mentions")
    upstream = graph.get(mentions_mart).parent_keys
    seen, frontier = set(), set(upstream)
    while frontier:
        key = frontier.pop()
        seen.add(key)
        frontier |= set(graph.get(key).parent_keys) - seen
    assert AssetKey(["raw", "mentions"]) in seen
    assert graph.get(AssetKey(["raw", "mentions"])).is_materializable
