"""The marts in a DuckLake: `dbt build --target lake` writes them as Parquet files listed by a local
catalog, reading the raw layer from the warehouse file, and they equal the DuckDB file's marts, also
after a later run is built incrementally. The ducklake extension comes from its registry package
(warehouse/lake.py), so this runs offline."""

from __future__ import annotations

import os
import shutil

import duckdb
import pytest

from orchestration.cli import main as frontlines
from tests.dbt import synthetic_corpus as corpus
from tests.dbt.conftest import NEW_VERSION, grow, make_warehouse
from warehouse.lake import attach_lake, lake_environment, prepare_extension_directory

pytestmark = pytest.mark.slow
SCHEDULED = ["--selector", "scheduled", "--exclude-resource-type", "unit_test"]  # as `frontlines lake` runs


def _lake_build(wh, env: dict[str, str], *args: str) -> None:
    """dbt's lake target on this warehouse, in the test's own dbt folders."""
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        wh.dbt("build", "--target", "lake", *args)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _differences(wh, catalog, data, extensions) -> dict[str, tuple[int, int, int]]:
    """Per mart: (rows in the file, rows only in the file, rows only in the lake, Parquet files of
    the lake's table). DuckLake keeps a small insert in its catalog (data inlining), a big one as
    Parquet files."""
    con = duckdb.connect(config={"extension_directory": str(extensions)})
    try:
        # under its own name: views in both catalogs name the warehouse's catalog
        con.execute(f"attach '{wh.path}' (read_only)")
        attach_lake(con, catalog, data)
        tables = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_catalog = 'frontlines' "
                "and table_schema = 'marts' and table_type = 'BASE TABLE' order by 1"
            ).fetchall()
        ]
        out = {}
        for table in tables:
            only_file, only_lake = (
                con.execute(
                    f"select count(*) from (from {a}.marts.{table} except all from {b}.marts.{table})"
                ).fetchone()[0]
                for a, b in (("frontlines", "lake"), ("lake", "frontlines"))
            )
            rows = con.execute(f"select count(*) from frontlines.marts.{table}").fetchone()[0]
            files = con.execute(
                f"select count(*) from ducklake_list_files('lake', '{table}', schema => 'marts')"
            ).fetchone()[0]
            out[table] = (rows, only_file, only_lake, files)
        return out
    finally:
        con.close()


def test_the_lake_target_builds_the_same_marts_as_the_warehouse_file_and_grows_incrementally(tmp_path):
    wh = make_warehouse(tmp_path / "wh")
    corpus.build_warehouse(wh.path)
    catalog, data, extensions = (
        tmp_path / "lake" / "catalog.ducklake",
        tmp_path / "lake" / "data",
        tmp_path / "ext",
    )
    env = lake_environment(catalog, data, extensions)

    wh.dbt("build", "--exclude-resource-type", "unit_test")
    _lake_build(wh, env, "--exclude-resource-type", "unit_test")
    first = _differences(wh, catalog, data, extensions)
    assert {"fct_strikes", "fct_territorial_control", "fct_corridor_claims", "dim_actor", "dim_place"} <= set(
        first
    )
    assert first["fct_event_mentions"][0] > 0 and first["fct_strikes"][0] > 0
    assert {t: d[1:3] for t, d in first.items() if d[1:3] != (0, 0)} == {}, first
    assert catalog.is_file() and first["dim_place"][3] >= 1 and first["dim_date"][3] >= 1, first
    assert list(data.rglob("*.parquet")), "the big marts are Parquet files in the data path"

    with duckdb.connect(str(wh.path)) as con:
        grow(con)
    wh.dbt("build", *SCHEDULED)
    # the later run as users start it: `frontlines lake` builds the scheduled selection into the lake
    assert (
        frontlines(["lake", "--catalog", str(catalog), "--data", str(data), "--warehouse", str(wh.path)]) == 0
    )
    second = _differences(wh, catalog, data, extensions)
    with duckdb.connect(config={"extension_directory": str(extensions)}) as con:
        con.execute(f"attach '{wh.path}' (read_only)")
        attach_lake(con, catalog, data)
        reread = con.execute(
            "select count(*) from lake.marts.fct_event_mentions where extractor_version = ?", [NEW_VERSION]
        ).fetchone()[0]
    assert reread == 1, "the incremental lake build took the later run's re-extracted article"
    assert {t: d[1:3] for t, d in second.items() if d[1:3] != (0, 0)} == {}, second


def test_the_extension_directory_is_laid_out_as_duckdb_expects_and_loads_offline(tmp_path):
    directory = prepare_extension_directory(tmp_path / "ext")
    [binary] = list(directory.rglob("ducklake.duckdb_extension"))
    assert binary.parent.parent.name == f"v{duckdb.__version__}"
    prepare_extension_directory(directory)  # idempotent
    with duckdb.connect(
        config={"extension_directory": str(directory), "autoinstall_known_extensions": False}
    ) as con:
        attach_lake(con, tmp_path / "c.ducklake", tmp_path / "files")
        con.execute("create table lake.t as select 1 as x")
        assert con.execute("select x from lake.t").fetchall() == [(1,)]
    shutil.rmtree(directory)
    with (
        duckdb.connect(
            config={"extension_directory": str(directory), "autoinstall_known_extensions": False}
        ) as con,
        pytest.raises(duckdb.Error),
    ):
        attach_lake(con, tmp_path / "c2.ducklake", tmp_path / "files2")
