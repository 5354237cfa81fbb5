"""The whole path for real: HTML folder -> Dagster job (fetch, clean, extract, load, dbt build) ->
marts, through `frontlines run`, into a temporary DuckDB file."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata

import duckdb
import pytest
import yaml

from orchestration.cli import main as frontlines
from tests.conftest import MINI_CORPUS

pytestmark = pytest.mark.slow
TABLES = (
    "raw.pages",
    "raw.articles",
    "raw.mentions",
    "raw.mention_links",
    "marts.fct_event_mentions",
    "marts.fct_strikes",
    "marts.fct_territorial_control",
    "marts.fct_corridor_claims",
)


def _norm(value) -> str:
    text = unicodedata.normalize("NFKD", str(value or ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[’'`\-_.]", " ", text)
    text = re.sub(r"^(al|el|the)\s+", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def _snapshot(path) -> dict[str, list]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        snap = {}
        for table in TABLES:
            cols = [c[0] for c in con.execute(f"describe {table}").fetchall()]
            stable = [c for c in cols if not c.endswith("_at") and c not in {"run_id", "attempt_id"}]
            snap[table] = sorted(
                map(repr, con.execute(f"select {', '.join(stable)} from {table}").fetchall())
            )
        return snap
    finally:
        con.close()


@pytest.fixture(scope="module")
def mini_warehouse(tmp_path_factory, dbt_manifest, dagster_home):
    path = tmp_path_factory.mktemp("e2e") / "frontlines.duckdb"
    assert frontlines(["run", "--archive", str(MINI_CORPUS), "--warehouse", str(path)]) == 0
    first = _snapshot(path)
    # --force: a real second run (without it the run would see nothing new and not start)
    assert frontlines(["run", "--archive", str(MINI_CORPUS), "--warehouse", str(path), "--force"]) == 0
    return path, first


def _matches(expected: dict, row: dict) -> bool:
    places = {_norm(expected["place_name"]), *map(_norm, expected.get("place_aliases", []))}
    if _norm(row["place_name"]) not in places:
        return False
    for key in ("family", "event_type", "actor_side", "modality", "people_low", "people_high", "disputed"):
        if key in expected and row[key] != expected[key]:
            return False
    if "event_date" in expected and str(row["event_date"]) != str(expected["event_date"]):
        return False
    return _norm(row["claimant"]) == _norm(expected.get("claimant"))


def test_the_mini_corpus_gives_exactly_the_expected_mentions(mini_warehouse):
    path, _ = mini_warehouse
    spec = yaml.safe_load((MINI_CORPUS / "expected_mentions.yaml").read_text())
    con = duckdb.connect(str(path), read_only=True)
    cur = con.execute(
        "select * from marts.fct_event_mentions where modality in ('asserted', 'claimed', 'denied')"
    )
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    con.close()
    for page in spec["pages"]:
        produced = [r for r in rows if r["article_url"].rstrip("/") == page["url"].rstrip("/")]
        unmatched = list(produced)
        for expected in page["mentions"]:
            hit = next((r for r in unmatched if _matches(expected, r)), None)
            assert hit is not None, f"{page['file']}: no row for {expected}\nproduced: {produced}"
            unmatched.remove(hit)
            assert (
                hit["sentence"] in " ".join(expected["sentence"].split())
                or " ".join(expected["sentence"].split()) in hit["sentence"]
            )
        assert not unmatched, f"{page['file']}: unexpected rows {unmatched}"


def test_a_second_run_changes_and_duplicates_nothing(mini_warehouse):
    path, first = mini_warehouse
    assert _snapshot(path) == first
    assert first["raw.pages"] and first["marts.fct_event_mentions"]
    # the fetch log is an audit trail: the second run adds one row per file, saying it was skipped
    con = duckdb.connect(str(path), read_only=True)
    outcomes = con.execute("select outcome, count(*) from raw.fetch_log group by 1 order by 1").fetchall()
    con.close()
    assert outcomes == [("skipped", 3), ("stored", 3)]


def test_status_reports_what_the_run_stored(mini_warehouse, capsys):
    path, _ = mini_warehouse
    capsys.readouterr()
    assert frontlines(["status", "--json", "--warehouse", str(path)]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["pages"] == 3 and status["articles"] == 3
    assert status["fetch_failures"] == {}
    assert (
        set(status["mentions"]) <= {"strike", "control", "corridor"} and sum(status["mentions"].values()) >= 3
    )
    assert status["last_run_at"]


def test_the_eval_set_runs_through_the_cli_and_score_py_reads_the_marts(
    shared_dir, tmp_path, dbt_manifest, dagster_home
):
    path = tmp_path / "dev.duckdb"
    assert (
        frontlines(["run", "--archive", str(shared_dir / "eval" / "articles"), "--warehouse", str(path)]) == 0
    )
    out = subprocess.run(
        [
            sys.executable,
            str(shared_dir / "eval" / "score.py"),
            "--db",
            str(path),
            "--gold",
            str(shared_dir / "eval" / "gold-dev.jsonl"),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(out.stdout)
    assert report["articles_without_predictions"] == [] or len(report["articles_without_predictions"]) < 9
    assert report["overall"]["tp"] > 0


def test_each_run_publishes_a_read_only_serving_copy_of_the_marts(mini_warehouse):
    path, _ = mini_warehouse
    serving = path.parent / "serving" / path.name
    assert serving.is_file(), f"no serving copy beside {path}"
    main = duckdb.connect(str(path), read_only=True)
    copy = duckdb.connect(str(serving), read_only=True)
    try:
        for table in ("fct_event_mentions", "fct_strikes", "fct_corridor_claims"):
            query = f"select count(*) from marts.{table}"
            assert copy.execute(query).fetchone() == main.execute(query).fetchone()
    finally:
        main.close()
        copy.close()
