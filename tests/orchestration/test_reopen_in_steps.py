"""The Dagster steps let their stage reopen the warehouse, and nothing else in the step's process holds
the file open meanwhile: DuckDB frees a database (and the memory its process kept) only when the
last connection of the process to it closes, so one forgotten connection would make every
reopening useless (warehouse/connection.py)."""

from __future__ import annotations

import sys

import duckdb
import pytest

from orchestration.cli import main as frontlines
from tests.conftest import MINI_CORPUS
from warehouse.connection import REOPEN_ENV, Warehouse

pytestmark = pytest.mark.slow
STAGES = ("ingest_pages", "clean_pages", "extract_mentions")


def _database_is_free(path) -> bool:
    """Whether no connection of this process holds `path`: a connection with settings no other
    connection uses is refused while the database is open with other settings."""
    try:
        probe = duckdb.connect(str(path), config={"custom_user_agent": "frontlines-reopen-probe"})
    except duckdb.ConnectionException as exc:
        assert "different configuration" in str(exc), exc
        return False
    probe.close()
    return True


def test_each_step_reopens_the_warehouse_with_no_other_connection_open(
    tmp_path, orchestration_home, monkeypatch
):
    closes: list[bool] = []  # after each close of a stage's Warehouse: was the database free?
    reopens: list[str] = []  # the stage that reopened
    close, reopen = Warehouse.close, Warehouse.reopen

    def probing_close(self):
        close(self)
        if self.path is not None:
            closes.append(_database_is_free(self.path))

    def recording_reopen(self):
        reopens.append(sys._getframe(2).f_code.co_name)  # reopen <- committed <- the stage
        reopen(self)

    monkeypatch.setattr(Warehouse, "close", probing_close)
    monkeypatch.setattr(Warehouse, "reopen", recording_reopen)
    monkeypatch.setenv(REOPEN_ENV, "1")  # the mini corpus's three pages: a reopening in every step
    path = tmp_path / "frontlines.duckdb"

    assert frontlines(["run", "--archive", str(MINI_CORPUS), "--warehouse", str(path)]) == 0

    assert set(reopens) == set(STAGES), reopens
    assert closes and all(closes), f"another connection held the warehouse at {closes.count(False)} closes"
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.execute("select count(*) from raw.pages").fetchone()[0] == 3
        assert con.execute("select count(*) from raw.extraction_log").fetchone()[0] == 3
        assert con.execute("select status from raw.runs").fetchall() == [("success",)]
    finally:
        con.close()
