"""Fixtures for orchestration tests: a Dagster home with Frontlines' instance config, warehouses.

Dagster writes every event to SQLite with a commit; on a slow disk that is ~50 ms an event and a
run has hundreds, so the home goes to a RAM-backed folder (/dev/shm) when the machine has one.
It is the same Dagster and the same SQLite, only faster storage."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import duckdb
import pytest

from orchestration.instance import ensure_instance


def _fast_tmp_root() -> str | None:
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


@pytest.fixture(scope="session")
def orchestration_home(dbt_manifest) -> Path:
    """DAGSTER_HOME for this session's runs, with the one-writer dagster.yaml written by Frontlines."""
    home = Path(tempfile.mkdtemp(prefix="frontlines-dagster-", dir=_fast_tmp_root()))
    previous = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    ensure_instance(home)
    yield home
    if previous is None:
        os.environ.pop("DAGSTER_HOME", None)
    else:
        os.environ["DAGSTER_HOME"] = previous
    shutil.rmtree(home, ignore_errors=True)


def snapshot(path: Path, tables: tuple[str, ...]) -> dict[str, list[str]]:
    """Each table's rows as sorted reprs, without the columns that record when or which run (or
    hash such columns)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for table in tables:
            exists = con.execute(
                "select count(*) from information_schema.tables where table_schema || '.' || table_name = ?",
                [table],
            ).fetchone()[0]
            if not exists:
                out[table] = ["<missing>"]
                continue
            cols = [c[0] for c in con.execute(f"describe {table}").fetchall()]
            # *_fingerprint: the incremental marts' change detectors hash whole input rows, load times
            # included, so two warehouses with equal content but different load times differ there
            stable = [
                c
                for c in cols
                if not c.endswith(("_at", "_fingerprint")) and c not in {"run_id", "attempt_id"}
            ]
            rows = con.execute(f"select {', '.join(stable)} from {table}").fetchall()
            out[table] = sorted(map(repr, rows))
        return out
    finally:
        con.close()


MARTS = (
    "marts.fct_event_mentions",
    "marts.fct_strikes",
    "marts.fct_strike_mentions",
    "marts.fct_territorial_control",
    "marts.fct_corridor_claims",
    "marts.dim_actor",
    "marts.dim_place",
)
RAW = ("raw.pages", "raw.articles", "raw.mentions", "raw.mention_links", "raw.extraction_log")
