"""The marts built by real dbt from the synthetic corpus: what analysts are promised."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from tests.dbt import synthetic_corpus as corpus
from tests.dbt.conftest import DBT_PROJECT

pytestmark = pytest.mark.slow
D = dt.date.fromisoformat


def test_dbt_build_runs_every_model_test_and_unit_test(built_warehouse):
    results = json.loads((built_warehouse.target / "build_results.json").read_text())["results"]
    failed = [r["unique_id"] for r in results if r["status"] not in ("success", "pass", "no-op")]
    assert failed == []
    kinds = {}
    for r in results:
        kind = r["unique_id"].split(".")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds["model"] >= 30
    declared = [
        test["name"]
        for path in DBT_PROJECT.glob("models/**/*.yml")
        for test in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("unit_tests", [])
    ]
    assert len(declared) >= 6  # clustering, its day window, spells, landmarks, hands changing, corridors
    assert kinds["unit_test"] == len(declared)
    assert kinds["test"] >= 150


def test_marts_land_in_the_marts_schema(built_warehouse):
    tables = {
        row[0]
        for row in built_warehouse.query(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        )
    }
    assert {
        "fct_event_mentions",
        "fct_strikes",
        "fct_strike_mentions",
        "fct_territorial_control",
        "fct_corridor_claims",
        "fct_corridor_claim_links",
        "dim_actor",
        "dim_actor_name",
        "dim_place",
        "dim_source",
        "dim_date",
        "acled_compatible_events",
    } <= tables
    assert not [
        s for (s,) in built_warehouse.query("select schema_name from duckdb_schemas()") if "main_" in s
    ]


def test_event_mentions_keep_latest_version_of_ok_articles_only(built_warehouse):
    articles, _ = corpus.build_corpus()
    expected = {
        m.mention_id
        for a in articles
        if a.status == "ok"
        for m in a.mentions
        if m.extractor_version == corpus.VERSION
    }
    rows = built_warehouse.query("select mention_id, extractor_version from marts.fct_event_mentions")
    assert {r[0] for r in rows} == expected
    assert {r[1] for r in rows} == {corpus.VERSION}


def test_every_mart_column_carries_its_description(built_warehouse):
    undocumented = built_warehouse.query(
        "select table_name, column_name from duckdb_columns() "
        "where schema_name = 'marts' and (comment is null or comment = '')"
    )
    assert undocumented == []


def test_one_strike_reported_by_three_outlets_is_one_event_and_wire_copy_counts_once(built_warehouse):
    [strike] = built_warehouse.query_dicts(
        "select * from marts.fct_strikes where place_id = 'pl_rashidin' and event_date_min = '2016-07-30'"
    )
    assert strike["n_mentions"] == 4  # two originals, one wire copy, one report with no attacker
    assert strike["n_articles"] == 3
    assert strike["n_independent_sources"] == 2
    assert (strike["fatalities_low"], strike["fatalities_high"]) == (12, 15)
    assert strike["claimants"] == "Syrian Observatory for Human Rights; activists"
    assert strike["actor_side"] == "pro_government"
    assert strike["governorate"] == "Aleppo"
    assert strike["plover_event_type"] == "ASSAULT"
    assert strike["first_reported_at"] == D("2016-08-01")


def test_membership_says_why_reports_were_merged(built_warehouse):
    rows = built_warehouse.query_dicts(
        "select m.* from marts.fct_strike_mentions m join marts.fct_strikes s using (strike_id) "
        "where s.place_id = 'pl_rashidin' and s.event_date_min = '2016-07-30'"
    )
    rules = sorted(r["match_rule"] for r in rows)
    assert rules == ["same_side_nearby"] * 3 + ["unknown_actor_attached"]
    assert sum(r["is_anchor"] for r in rows) == 1
    russian = next(r for r in rows if r["place_name"] == "Rashideen")
    assert 0.5 < russian["match_distance_km"] < 1.0 and russian["match_day_gap"] == 1


def test_strikes_apart_in_time_side_or_class_stay_apart(built_warehouse):
    rows = built_warehouse.query(
        "select place_name, event_type, actor_side, event_date from marts.fct_strikes "
        "order by event_date, place_name"
    )
    assert rows == [
        ("Bani Zeid", "car_bomb", "jihadist", D("2016-07-20")),
        ("Rashidin", "air_strike", "pro_government", rows[1][3]),
        ("Sukkari", "shelling", "opposition", D("2016-07-31")),
        ("Ramouseh", "car_bomb", "jihadist", D("2016-08-05")),
        ("Rashidin", "air_strike", "pro_government", D("2016-08-06")),
        ("Idlib", "air_strike", "pro_government", D("2016-08-09")),
    ]


def test_ramouseh_changes_hands_twice(built_warehouse):
    spells = built_warehouse.query(
        "select controller_side, valid_from, valid_to, has_conflict, basis, opened_by_event_type "
        "from marts.fct_territorial_control where place_id = 'pl_ramouseh' and status = 'held' "
        "order by valid_from"
    )
    assert spells == [
        ("pro_government", D("2016-07-31"), D("2016-08-06"), False, "independent", "held"),
        # state media still claimed it on the day of the capture: a conflict the monitor's report wins
        ("opposition", D("2016-08-06"), D("2016-09-08"), True, "independent", "captured"),
        ("pro_government", D("2016-09-08"), None, False, "independent", "captured"),
    ]


def test_hypothetical_capture_is_not_a_control_change(built_warehouse):
    articles, _ = corpus.build_corpus()
    hypothetical = next(m for a in articles for m in a.mentions if m.modality == "hypothetical")
    used = built_warehouse.query(
        "select count(*) from marts.fct_territorial_control "
        "where contains(coalesce(supporting_mention_ids, '') || coalesce(conflicting_mention_ids, ''), ?)",
        [hypothetical.mention_id],
    )
    assert used == [(0,)]
    assert built_warehouse.query(
        "select count(*) from marts.fct_event_mentions where mention_id = ?", [hypothetical.mention_id]
    ) == [(1,)]


def test_withdrawal_ends_a_spell_and_a_party_claim_is_marked(built_warehouse):
    spells = built_warehouse.query(
        "select controller_side, valid_from, valid_to, basis from marts.fct_territorial_control "
        "where place_id = 'pl_bani_zeid' order by valid_from"
    )
    assert spells == [
        ("opposition", D("2016-07-20"), D("2016-07-27"), "independent"),
        ("unknown", D("2016-07-27"), D("2016-07-28"), "independent"),
        ("pro_government", D("2016-07-28"), None, "party_claim"),  # only state television says so
    ]


def test_contest_ends_when_a_controller_is_reported_and_sieges_run_on(built_warehouse):
    rows = built_warehouse.query(
        "select place_id, status, controller_side, valid_from, valid_to from marts.fct_territorial_control "
        "where place_id in ('pl_1070', 'pl_castello', 'pl_east_aleppo') order by place_id, valid_from, status"
    )
    assert rows == [
        ("pl_1070", "contested", None, D("2016-08-01"), D("2016-08-03")),
        ("pl_1070", "held", "opposition", D("2016-08-03"), None),
        ("pl_castello", "supply_route_cut", "pro_government", D("2016-07-17"), None),
        ("pl_east_aleppo", "besieged", "pro_government", D("2016-07-17"), None),
    ]


def test_corridor_head_counts_from_opposing_sides_are_disputed(built_warehouse):
    claims = {
        r["claimant"]: r for r in built_warehouse.query_dicts("select * from marts.fct_corridor_claims")
    }
    assert claims["Russian defence ministry"]["disputed"] is True
    assert claims["Russian defence ministry"]["disputed_by"] == "Syrian Observatory for Human Rights"
    assert claims["Syrian Observatory for Human Rights"]["n_disputing_claims"] == 2
    assert claims["a pro-government outlet"]["disputed"] is True
    assert claims["Russian Defence Ministry"]["disputed"] is False  # the announcement
    assert claims["the ministry"]["modality"] == "planned" and claims["the ministry"]["disputed"] is False
    links = built_warehouse.query(
        "select by_claimant, basis from marts.fct_corridor_claim_links l "
        "join marts.fct_corridor_claims c using (claim_id) where c.claimant = 'Russian defence ministry'"
    )
    assert links == [("Syrian Observatory for Human Rights", "extractor")]


def test_actor_names_are_dated(built_warehouse):
    names = built_warehouse.query(
        "select name, valid_from, valid_to from marts.dim_actor_name where actor_id = 'act_jfs' order by name"
    )
    assert ("Jabhat al-Nusra", None, D("2016-07-28")) in names
    assert ("Jabhat Fateh al-Sham", D("2016-07-28"), None) in names
    [(side, n_names)] = built_warehouse.query(
        "select side, n_names from marts.dim_actor where actor_id = 'act_jfs'"
    )
    assert (side, n_names) == ("jihadist", 4)


def test_places_know_their_governorate_through_the_parent_chain(built_warehouse):
    rows = dict(built_warehouse.query("select place_id, governorate from marts.dim_place"))
    assert rows["pl_ramouseh"] == "Aleppo"  # neighbourhood -> city -> province
    assert rows["pl_castello"] == "Aleppo"
    assert rows["pl_idlib"] == "Idlib"


def test_acled_view_speaks_acleds_columns_and_types(built_warehouse):
    rows = built_warehouse.query_dicts("select * from marts.acled_compatible_events")
    assert {
        "event_date",
        "event_type",
        "sub_event_type",
        "actor1",
        "assoc_actor_1",
        "inter1",
        "actor2",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "time_precision",
        "source",
        "notes",
        "fatalities",
    } <= set(rows[0])
    ramouseh = sorted(
        (r for r in rows if r["location"] == "Ramouseh" and r["event_type"] == "Battles"),
        key=lambda r: r["event_date"],
    )
    assert [(r["sub_event_type"], r["inter1"]) for r in ramouseh] == [
        ("Non-state actor overtakes territory", 2),
        ("Government regains territory", 1),
    ]
    idlib = next(r for r in rows if r["location"] == "Idlib")
    assert (idlib["event_type"], idlib["sub_event_type"], idlib["fatalities"]) == (
        "Explosions/Remote violence",
        "Air/drone strike",
        5,
    )
    assert len(rows) == len({r["event_id_cnty"] for r in rows})
