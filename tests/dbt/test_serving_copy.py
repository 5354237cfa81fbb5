"""Readers never wait on writers: the serving copy is replaced atomically under an open reader."""

from __future__ import annotations

import duckdb
import pytest

from warehouse.serving import default_serving_path, publish_serving_copy

pytestmark = pytest.mark.slow


def test_reader_holding_the_serving_copy_is_undisturbed_by_a_build_and_publish(growth_run):
    # the reader kept its copy open while dbt rebuilt the warehouse and a new copy was published
    assert growth_run.reader_during == growth_run.strikes_before
    assert growth_run.warehouse_strikes_after == growth_run.strikes_before + 1


def test_reader_sees_the_new_data_on_reopening(growth_run):
    assert growth_run.reader_after_reopen == growth_run.warehouse_strikes_after


def test_publish_leaves_only_the_serving_file(growth_run):
    assert sorted(p.name for p in growth_run.serving_path.parent.iterdir()) == ["frontlines.duckdb"]


def test_serving_copy_holds_marts_descriptions_and_when_it_was_published(built_warehouse, tmp_path):
    published = publish_serving_copy(built_warehouse.path, tmp_path / "copy.duckdb")
    with duckdb.connect(str(published.path), read_only=True) as con:
        tables = dict(
            con.execute(
                "select table_name, comment from duckdb_tables() where schema_name = 'marts'"
            ).fetchall()
        )
        undocumented = con.execute(
            "select count(*) from duckdb_columns() where schema_name = 'marts' and comment is null"
        ).fetchone()[0]
        [(source,)] = con.execute("select warehouse_path from meta.published").fetchall()
    assert set(published.row_counts) == {f"marts.{t}" for t in tables}
    assert "acled_compatible_events" in tables  # the view, served as a table
    assert all(tables.values()) and undocumented == 0
    assert source == str(built_warehouse.path)
    assert (
        published.row_counts["marts.fct_strikes"]
        == built_warehouse.query("select count(*) from marts.fct_strikes")[0][0]
    )


def test_default_serving_path_sits_beside_the_warehouse(tmp_path):
    assert default_serving_path(tmp_path / "frontlines.duckdb") == tmp_path / "serving" / "frontlines.duckdb"


def test_publish_names_a_missing_warehouse(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no warehouse at .*missing\.duckdb"):
        publish_serving_copy(tmp_path / "missing.duckdb")


def test_publish_refuses_a_warehouse_without_marts(tmp_path):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(LookupError, match="no marts to serve"):
        publish_serving_copy(empty)
    assert not (tmp_path / "serving").exists() or not any((tmp_path / "serving").iterdir())
