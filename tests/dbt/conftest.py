"""A warehouse built once per session from the synthetic corpus with real dbt, and a grown copy.

dbt runs as a subprocess (as Dagster's DbtCliResource runs it) with its target and log folders
in the test's temporary folder, so tests never touch dbt_project/target.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from tests.dbt import synthetic_corpus as corpus
from warehouse.connection import connection_config
from warehouse.serving import publish_serving_copy

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT = REPO_ROOT / "dbt_project"
DBT = Path(sys.executable).with_name("dbt")


@dataclass
class DbtWarehouse:
    """A warehouse file and the dbt folders that built it."""

    path: Path
    target: Path
    logs: Path

    def dbt(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run dbt on this warehouse; fail the test with dbt's output when it fails."""
        result = self.dbt_unchecked(*args)
        if result.returncode != 0:
            errors = "\n".join(line for line in result.stdout.splitlines() if "error" in line.lower())
            pytest.fail(
                f"dbt {' '.join(args)} failed (exit {result.returncode}):\n{errors[-4000:]}\n"
                f"{result.stdout[-4000:]}\n{result.stderr[-2000:]}"
            )
        return result

    def dbt_unchecked(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                str(DBT), *args,
                "--project-dir", str(DBT_PROJECT), "--profiles-dir", str(DBT_PROJECT),
                "--target-path", str(self.target), "--log-path", str(self.logs),
            ],
            env={**os.environ, "FRONTLINES_WAREHOUSE": str(self.path), "DBT_SEND_ANONYMOUS_USAGE_STATS": "0"},
            capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.path), config=connection_config())

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.path), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    def query_dicts(self, sql: str) -> list[dict]:
        with duckdb.connect(str(self.path), read_only=True) as con:
            cur = con.execute(sql)
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def compiled_analysis(self, name: str) -> str:
        return (self.target / "compiled" / "frontlines" / "analyses" / f"{name}.sql").read_text(
            encoding="utf-8"
        )


def make_warehouse(folder: Path) -> DbtWarehouse:
    folder.mkdir(parents=True, exist_ok=True)
    return DbtWarehouse(folder / "frontlines.duckdb", folder / "target", folder / "logs")


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory) -> DbtWarehouse:
    """The synthetic corpus loaded into raw.* and ref.*, then `dbt build` (models, tests, unit tests)
    and `dbt docs generate` (which also compiles the analyses)."""
    wh = make_warehouse(tmp_path_factory.mktemp("built"))
    corpus.build_warehouse(wh.path)
    wh.dbt("build")
    shutil.copy(wh.target / "run_results.json", wh.target / "build_results.json")
    wh.dbt("docs", "generate")
    return wh


@dataclass
class GrowthRun:
    """What a reader holding the serving copy saw while the warehouse grew, was rebuilt and republished."""

    warehouse: DbtWarehouse
    serving_path: Path
    strikes_before: int
    reader_during: int = -1
    reader_after_reopen: int = -1
    warehouse_strikes_after: int = -1
    publish_seconds: list[float] = field(default_factory=list)


GROWTH_TIME = dt.datetime(2016, 12, 21, 12, 0)
NEW_VERSION = "1.1.0"


def grow(con: duckdb.DuckDBPyConnection) -> None:
    """A later run: a new article; a newer extractor version re-reads the Idlib article (now five
    killed becomes six) and the 1070 article (where it finds nothing)."""
    corpus.load_articles(con, corpus.growth_corpus(), GROWTH_TIME)
    articles, _ = corpus.build_corpus()
    by_key = {a.url.rsplit("/", 1)[1]: a for a in articles}
    idlib, fight = by_key["idlib-raid"], by_key["fight-for-1070"]
    idlib.mentions.clear()
    idlib.mention(
        0,
        "strike",
        "air_strike",
        version=NEW_VERSION,
        **corpus.SAA,
        **corpus._place("pl_idlib"),
        event_date=dt.date(2016, 8, 9),
        fatalities_low=6,
        fatalities_high=6,
        trigger="strikes",
    )
    corpus.load_mentions(con, idlib.mentions, GROWTH_TIME)
    con.execute(
        "insert into raw.extraction_log (article_id, extractor, extractor_version, n_mentions, extracted_at) "
        "values (?, ?, ?, 0, ?)",
        [fight.article_id, corpus.EXTRACTOR, NEW_VERSION, GROWTH_TIME],
    )


@pytest.fixture(scope="session")
def growth_run(built_warehouse, tmp_path_factory) -> GrowthRun:
    """Copy the built warehouse, publish it, open a reader on the serving copy, then grow the
    warehouse, run `dbt build` (fct_event_mentions incrementally) and publish again while the
    reader stays open."""
    wh = make_warehouse(tmp_path_factory.mktemp("grown"))
    shutil.copy(built_warehouse.path, wh.path)
    serving = wh.path.parent / "serving" / "frontlines.duckdb"
    first = publish_serving_copy(wh.path, serving)
    reader = duckdb.connect(str(serving), read_only=True)
    try:
        count_sql = "select count(*) from marts.fct_strikes"
        run = GrowthRun(wh, serving, reader.execute(count_sql).fetchone()[0], publish_seconds=[first.seconds])
        with duckdb.connect(str(wh.path), config=connection_config()) as con:
            grow(con)
        wh.dbt("build")
        run.publish_seconds.append(publish_serving_copy(wh.path, serving).seconds)
        run.reader_during = reader.execute(count_sql).fetchone()[0]
    finally:
        reader.close()
    with duckdb.connect(str(serving), read_only=True) as again:
        run.reader_after_reopen = again.execute(count_sql).fetchone()[0]
    run.warehouse_strikes_after = wh.query(count_sql)[0][0]
    return run
