"""The reference tables in DuckDB: exact names and columns, replace-all on every load."""

from __future__ import annotations

import duckdb
import pytest

import warehouse.reference as reference_module
from warehouse.reference import load_reference_tables

EXPECTED_COLUMNS = {
    "actors": ["actor_id", "canonical_name", "side", "kind", "parent_id", "country", "description"],
    "actor_names": ["actor_id", "name", "name_type", "valid_from", "valid_to"],
    "places": [
        "place_id",
        "name",
        "feature_type",
        "precision",
        "latitude",
        "longitude",
        "admin1",
        "country_code",
        "parent_place_id",
        "source",
        "geonames_id",
    ],
    "place_names": ["place_id", "name"],
    "event_types": [
        "event_type",
        "family",
        "coarse_class",
        "description",
        "acled_event_type",
        "acled_sub_event_type",
        "plover_event_type",
        "plover_mode",
        "cameo_code",
    ],
}


def test_reference_tables_have_the_contract_columns_and_reload_without_duplicates(tmp_path):
    path = tmp_path / "wh.duckdb"
    con = duckdb.connect(str(path))
    first = load_reference_tables(con)
    second = load_reference_tables(con)
    assert first == second and first["places"] > 10_000
    for table, columns in EXPECTED_COLUMNS.items():
        got = [r[0] for r in con.execute(f"describe ref.{table}").fetchall()]
        assert got == columns, table
        (n,) = con.execute(f"select count(*) from ref.{table}").fetchone()
        assert n == first[table], table
    con.close()
    con = duckdb.connect(str(path), read_only=True)
    rows = con.execute(
        "select name, valid_from, valid_to from ref.actor_names where actor_id = 'nusra' "
        "and name_type = 'official' and valid_from is not null order by valid_from"
    ).fetchall()
    assert [r[0] for r in rows] == ["Jabhat Fateh al-Sham", "Hay'at Tahrir al-Sham"]
    (aleppo_children,) = con.execute(
        "select count(*) from ref.places c join ref.places p on c.parent_place_id = p.place_id "
        "where p.name = 'Aleppo' and p.country_code = 'SY'"
    ).fetchone()
    assert aleppo_children > 100
    (n_unique,) = con.execute("select count(distinct place_id) = count(*) from ref.places").fetchone()
    assert n_unique


def test_a_failed_load_keeps_the_previous_tables(tmp_path, monkeypatch):
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    load_reference_tables(con)
    con.execute("delete from ref.actors where actor_id = 'isis'")  # mark the old state
    broken = dict(reference_module.REF_DDL, event_types="create or replace table ref.event_types (oops")
    monkeypatch.setattr(reference_module, "REF_DDL", broken)
    with pytest.raises(duckdb.Error):
        load_reference_tables(con)
    # actors were replaced before the failure; the rollback restores the marked old state
    (n_isis,) = con.execute("select count(*) from ref.actors where actor_id = 'isis'").fetchone()
    (n,) = con.execute("select count(*) from ref.actors").fetchone()
    assert n_isis == 0 and n > 40


def test_loading_the_tables_keeps_no_reference_in_the_process(tmp_path):
    """The process that loads the `ref` tables then waits for dbt: it must not keep the matchers
    (some 40 MB) in `load_reference`'s cache for that long."""
    from extract.reference import load_reference

    load_reference.cache_clear()
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    counts = load_reference_tables(con)
    assert counts["places"] > 10_000
    assert load_reference.cache_info().currsize == 0
