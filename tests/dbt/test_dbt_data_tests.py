"""The custom data tests fail on bad rows: a copy of the built warehouse with its marts corrupted
on purpose, and `dbt test` on it."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.dbt.conftest import make_warehouse

pytestmark = pytest.mark.slow


def test_custom_tests_catch_dates_spans_vocabulary_and_overlapping_spells(built_warehouse, tmp_path):
    wh = make_warehouse(tmp_path / "corrupt")
    shutil.copy(built_warehouse.path, wh.path)
    with wh.connect() as con:
        ids = [
            r[0]
            for r in con.execute(
                "select mention_id from marts.fct_event_mentions where modality in ('asserted', 'claimed') "
                "order by mention_id"
            ).fetchall()
        ]
        # an event dated after its article was published
        con.execute(
            "update marts.fct_event_mentions set event_date = published_date + 3 "
            "where mention_id = ? and modality not in ('planned', 'hypothetical')",
            [ids[0]],
        )
        # an evidence span that no longer matches the article's text
        con.execute(
            "update marts.fct_event_mentions set sentence_start = sentence_start + 1 where mention_id = ?",
            [ids[1]],
        )
        # a side outside the vocabulary
        con.execute(
            "update marts.fct_event_mentions set actor_side = 'rebels' where mention_id = ?", [ids[2]]
        )
        # a spell ending before it starts, and a second spell of Ramouseh overlapping the first
        con.execute(
            "insert into marts.fct_territorial_control (spell_id, place_key, status, controller_side, "
            "valid_from, valid_to) values ('bad1', 'pl_ramouseh', 'held', 'isis', date '2016-08-20', "
            "date '2016-08-10')"
        )
    result = wh.dbt_unchecked(
        "test", "--select", "fct_event_mentions", "fct_territorial_control", "--exclude", "test_type:unit"
    )
    assert result.returncode == 1, result.stdout[-3000:]
    results = json.loads((wh.target / "run_results.json").read_text())["results"]
    failed = {r["unique_id"].split(".")[2] for r in results if r["status"] == "fail"}
    assert {
        "assert_event_date_not_after_publication",
        "assert_evidence_span_inside_article",
        "valid_interval_fct_territorial_control_valid_from__valid_to",
    } <= failed
    assert any(name.startswith("accepted_values_fct_event_mentions_actor_side") for name in failed)
    assert any(name.startswith("no_overlapping_intervals_fct_territorial_control") for name in failed)
    passed = {r["unique_id"].split(".")[2] for r in results if r["status"] == "pass"}
    assert "unique_fct_event_mentions_mention_id" in passed  # only what was broken fails
