"""The analysts' questions: the dbt analyses, the SQL in docs/querying.md, `dbt docs generate`, and
the evaluation's score.py reading marts.fct_event_mentions."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from warehouse.serving import publish_serving_copy

pytestmark = pytest.mark.slow
D = dt.date.fromisoformat
QUERYING_DOC = Path(__file__).resolve().parents[2] / "docs" / "querying.md"
ANALYSES = (
    "who_held_ramouseh_2016_08_10",
    "strikes_per_week_by_side_aleppo",
    "corridor_claims_july_2016_disputes",
    "car_bomb_actors_2016_names",
)


def run_analysis(wh, name: str) -> list[dict]:
    with duckdb.connect(str(wh.path), read_only=True) as con:
        cur = con.execute(wh.compiled_analysis(name))
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def doc_queries() -> dict[str, str]:
    text = QUERYING_DOC.read_text(encoding="utf-8")
    return dict(re.findall(r"<!-- query: (\w+) -->\s*```sql\n(.*?)```", text, flags=re.S))


def test_who_held_ramouseh_on_2016_08_10_is_the_opposition(built_warehouse):
    rows = run_analysis(built_warehouse, "who_held_ramouseh_2016_08_10")
    assert [(r["controller_side"], r["valid_from"], r["valid_to"]) for r in rows] == [
        ("opposition", D("2016-08-06"), D("2016-09-08"))
    ]


def test_who_held_matches_any_name_of_the_place_on_any_day(built_warehouse):
    rows = run_analysis(built_warehouse, "ramouseh_control_through_2016")
    assert [(r["asked_name"], str(r["asked_day"]), r["controller_side"]) for r in rows] == [
        ("al-Ramousah", "2016-08-01", "pro_government"),
        ("Ramussa", "2016-08-06", "opposition"),
        ("Ramouseh", "2016-08-10", "opposition"),
        ("RAMOUSEH", "2016-12-01", "pro_government"),
    ]  # and nobody is known to hold it on 2016-07-01, before the first report


def test_strikes_per_week_by_side_in_aleppo_governorate(built_warehouse):
    rows = run_analysis(built_warehouse, "strikes_per_week_by_side_aleppo")
    assert [(r["week_start"], r["actor_side"], r["n_strikes"]) for r in rows] == [
        (D("2016-07-18"), "jihadist", 1),
        (D("2016-07-25"), "opposition", 1),
        (D("2016-07-25"), "pro_government", 1),  # one strike, four reports, two independent
        (D("2016-08-01"), "jihadist", 1),
        (D("2016-08-01"), "pro_government", 1),
    ]  # the Idlib strike is in another governorate
    assert rows[2]["n_reports"] == 2


def test_corridor_claims_of_july_2016_with_who_disputed_them(built_warehouse):
    rows = run_analysis(built_warehouse, "corridor_claims_july_2016_disputes")
    pairs = {(r["claimant"], r["disputed_by"]) for r in rows}
    assert pairs == {
        ("Russian Defence Ministry", None),
        ("the ministry", None),
        ("Russian defence ministry", "Syrian Observatory for Human Rights"),
        ("Syrian Observatory for Human Rights", "Russian defence ministry"),
        ("Syrian Observatory for Human Rights", "a pro-government outlet"),
        ("a pro-government outlet", "Syrian Observatory for Human Rights"),
    }


def test_car_bomb_actors_of_2016_under_all_their_names(built_warehouse):
    [row] = run_analysis(built_warehouse, "car_bomb_actors_2016_names")
    assert (row["canonical_name"], row["n_car_bombs"]) == ("Jabhat Fateh al-Sham", 2)
    assert row["names_in_reports"] == "Jabhat Fateh al-Sham; al-Nusra Front"
    for name in (
        "Jabhat al-Nusra ( to 2016-07-28)",
        "al-Nusra Front ( to 2016-07-28)",
        "Jabhat Fateh al-Sham (2016-07-28 to )",
    ):
        assert name in row["all_names"]


def test_documented_queries_give_the_analyses_answers_on_the_serving_copy(built_warehouse, tmp_path):
    queries = doc_queries()
    assert set(queries) == set(ANALYSES)
    serving = publish_serving_copy(built_warehouse.path, tmp_path / "serving" / "frontlines.duckdb").path
    with duckdb.connect(str(serving), read_only=True) as con:
        for name, sql in queries.items():
            cur = con.execute(sql)
            cols = [d[0] for d in cur.description]
            documented = [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
            assert documented == run_analysis(built_warehouse, name), name
            assert documented, name


def test_dbt_docs_generate_describes_the_marts(built_warehouse):
    catalog = json.loads((built_warehouse.target / "catalog.json").read_text())
    strikes = catalog["nodes"]["model.frontlines.fct_strikes"]
    assert strikes["metadata"]["schema"] == "marts"
    assert "n_independent_sources" in {c.lower() for c in strikes["columns"]}
    manifest = json.loads((built_warehouse.target / "manifest.json").read_text())
    assert manifest["nodes"]["model.frontlines.fct_strikes"]["description"]
    assert len(manifest["exposures"]) >= 4


def test_score_py_reads_the_event_mentions_contract(built_warehouse, shared_dir):
    score = shared_dir / "eval" / "score.py"
    gold = shared_dir / "eval" / "gold-dev.jsonl"
    ok = subprocess.run(
        [sys.executable, str(score), "--db", str(built_warehouse.path), "--gold", str(gold), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    report = json.loads(ok.stdout)
    assert set(report["families"]) == {"strike", "control", "corridor"}
    # a table without the contract's columns is refused: the check above is a real one
    bad = subprocess.run(
        [
            sys.executable,
            str(score),
            "--db",
            str(built_warehouse.path),
            "--gold",
            str(gold),
            "--table",
            "marts.fct_strikes",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2 and "lacks the contract's columns" in bad.stderr
