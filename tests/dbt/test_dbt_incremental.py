"""The growing marts build incrementally (delete+insert on a key) and must equal a full refresh:
fct_event_mentions on article_id, fct_territorial_control on place_key, fct_strikes and
fct_strike_mentions on strike_id and their clustering (int_strike_mentions_clustered) on mention_id,
fct_corridor_claims and fct_corridor_claim_links on claim_id."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from dataclasses import dataclass

import duckdb
import pytest

from tests.dbt import incremental_stories as stories
from tests.dbt import synthetic_corpus as corpus
from tests.dbt.conftest import DbtWarehouse, make_warehouse

pytestmark = pytest.mark.slow
ROWS_SQL = "select * from marts.fct_event_mentions order by mention_id"


def test_incremental_build_picks_up_new_changed_and_emptied_articles(growth_run):
    wh = growth_run.warehouse
    [new_article] = corpus.growth_corpus()
    assert wh.query(
        "select count(*) from marts.fct_event_mentions where article_id = ?", [new_article.article_id]
    ) == [(1,)]
    # a newer extractor version re-read the Idlib article: its row was replaced
    assert wh.query(
        "select fatalities_low, extractor_version from marts.fct_event_mentions where place_id = 'pl_idlib'"
    ) == [(6, "1.1.0")]
    # and re-read the 1070 article finding nothing: its old mention is gone
    assert wh.query(
        "select event_type from marts.fct_event_mentions where place_id = 'pl_1070' order by event_type"
    ) == [("captured",)]  # the other 1070 article, untouched


def test_incremental_build_rewrites_changed_articles_or_the_given_partition(growth_run):
    wh = growth_run.warehouse
    incremental = wh.query(ROWS_SQL)
    [(untouched, outlet)] = wh.query(
        "select mention_id, outlet from marts.fct_event_mentions where place_id = 'pl_castello'"
    )
    with wh.connect() as con:
        con.execute("update marts.fct_event_mentions set outlet = 'canary' where mention_id = ?", [untouched])
    # nothing changed since the last build: the untouched article's row is not rewritten
    wh.dbt("run", "--select", "fct_event_mentions")
    canary = "select outlet from marts.fct_event_mentions where mention_id = ?"
    assert wh.query(canary, [untouched]) == [("canary",)]
    # a partition run (its ingest day, as Dagster passes it) rewrites every article of that day
    window = '{"partition_start": "2016-12-20", "partition_end": "2016-12-21"}'
    wh.dbt("run", "--select", "fct_event_mentions", "--vars", window)
    assert wh.query(canary, [untouched]) == [(outlet,)]
    assert wh.query(ROWS_SQL) == incremental


def test_incremental_build_equals_a_full_refresh(growth_run):
    wh = growth_run.warehouse
    incremental = wh.query(ROWS_SQL)
    relations = compared_relations(wh)
    incremental_rows = {relation: relation_rows(wh, relation) for relation in relations}
    wh.dbt("run", "--full-refresh")
    assert wh.query(ROWS_SQL) == incremental
    assert len(incremental) > 20
    for relation in relations:
        assert relation_rows(wh, relation) == incremental_rows[relation], relation


# --- the growing strike and control marts: incremental on their keys, equal to a full refresh ---

CLUSTERED = "intermediate.int_strike_mentions_clustered"
IDLIB_STRIKES_SQL = """
    select mentions.event_date, clustered.strike_id
    from intermediate.int_strike_mentions_clustered as clustered
    inner join marts.fct_event_mentions as mentions on clustered.mention_id = mentions.mention_id
    where mentions.place_id = 'pl_idlib' order by mentions.event_date
"""
BANI_ZEID_HELD_SQL = """
    select controller_side, valid_from, valid_to from marts.fct_territorial_control
    where place_key = 'pl_bani_zeid' and status = 'held' order by valid_from
"""
CLAIM_LINKS_SQL = """
    select by_claim_id, relation, basis from marts.fct_corridor_claim_links
    where claim_id = ? order by by_claim_id, relation
"""


@dataclass
class TwoRuns:
    """A warehouse grown by two later runs and built incrementally after each, and a copy of it
    (taken before the second build) built with --full-refresh."""

    incremental: DbtWarehouse
    full: DbtWarehouse
    idlib_after_run_one: list[tuple]
    bani_zeid_after_run_one: list[tuple]
    village_rows_after_run_one: int
    rashidin_after_run_one: list[tuple]
    ministry_links_after_run_one: list[tuple]
    crossing_rows_after_run_one: int


def compared_relations(wh: DbtWarehouse) -> list[str]:
    rows = wh.query(
        "select schema_name || '.' || table_name from duckdb_tables() where schema_name = 'marts' "
        "union all select schema_name || '.' || view_name from duckdb_views() where schema_name = 'marts'"
    )
    return [*sorted(name for (name,) in rows), CLUSTERED]


def relation_rows(wh: DbtWarehouse, relation: str) -> Counter:
    """Every row of `relation` with its multiplicity; doubles rounded to 9 places (an average may add
    the same numbers in another order)."""
    schema, name = relation.split(".")
    columns = wh.query(
        "select column_name, data_type from duckdb_columns() "
        "where schema_name = ? and table_name = ? order by column_name",
        [schema, name],
    )
    select = ", ".join(f'round("{c}", 9)' if t in ("DOUBLE", "FLOAT") else f'"{c}"' for c, t in columns)
    return Counter(repr(row) for row in wh.query(f"select {select} from {relation}"))


def rows_only_in(one: DbtWarehouse, other: DbtWarehouse, relation: str) -> list[str]:
    """Rows of `relation` in `one` that `other` lacks (EXCEPT ALL, as a multiset difference)."""
    return sorted((relation_rows(one, relation) - relation_rows(other, relation)).elements())


def assert_same_rows(incremental: DbtWarehouse, full: DbtWarehouse) -> None:
    relations = compared_relations(full)
    grown = {
        "marts.fct_strikes",
        "marts.fct_strike_mentions",
        "marts.fct_territorial_control",
        "marts.fct_corridor_claims",
        "marts.fct_corridor_claim_links",
    }
    assert grown <= set(relations)
    assert compared_relations(incremental) == relations
    for relation in relations:
        assert rows_only_in(incremental, full, relation) == [], f"{relation}: only in the incremental build"
        assert rows_only_in(full, incremental, relation) == [], f"{relation}: only in the full refresh"


@pytest.fixture(scope="module")
def two_runs(built_warehouse, tmp_path_factory) -> TwoRuns:
    inc = make_warehouse(tmp_path_factory.mktemp("incremental"))
    shutil.copy(built_warehouse.path, inc.path)
    with duckdb.connect(str(inc.path)) as con:
        stories.load_run_one(con)
    inc.dbt("build")
    village_sql = "select count(*) from marts.fct_territorial_control where place_key = ?"
    rashidin_sql = (
        "select controller_side, supporting_mention_ids from marts.fct_territorial_control "
        "where place_key = 'pl_rashidin' and status = 'held'"
    )
    before = dict(
        idlib_after_run_one=inc.query(IDLIB_STRIKES_SQL),
        bani_zeid_after_run_one=inc.query(BANI_ZEID_HELD_SQL),
        village_rows_after_run_one=inc.query(village_sql, [stories.VILLAGE_KEY])[0][0],
        rashidin_after_run_one=inc.query(rashidin_sql),
        ministry_links_after_run_one=inc.query(CLAIM_LINKS_SQL, [stories.mention_ids()["corridor-figures"]]),
        crossing_rows_after_run_one=inc.query(
            "select count(*) from marts.fct_corridor_claims where corridor_key = ?", [stories.CROSSING_KEY]
        )[0][0],
    )
    with duckdb.connect(str(inc.path)) as con:
        stories.load_run_two(con)
    full = make_warehouse(tmp_path_factory.mktemp("full_refresh"))
    shutil.copy(inc.path, full.path)
    inc.dbt("build")
    full.dbt("build", "--full-refresh")
    return TwoRuns(inc, full, **before)


def test_run_one_sets_the_stage(two_runs):
    # two Idlib raids two days apart are two events; the army holds Bani Zeid with no end yet
    [(day9, first), (day11, second)] = two_runs.idlib_after_run_one
    assert (day9, day11) == (dt.date(2016, 8, 9), dt.date(2016, 8, 11)) and first != second
    assert two_runs.bani_zeid_after_run_one[-1] == ("pro_government", dt.date(2016, 7, 28), None)
    assert two_runs.village_rows_after_run_one == 1
    [(side, supporting)] = two_runs.rashidin_after_run_one
    assert side == "pro_government" and stories.mention_ids()["rashidin-frontline"] in supporting


def test_a_new_report_joins_two_events_and_a_reread_report_moves_between_events(two_runs):
    wh = two_runs.incremental
    rows = wh.query(IDLIB_STRIKES_SQL)
    assert [day for day, _ in rows] == [dt.date(2016, 8, d) for d in (9, 10, 10, 11)]
    assert len({strike for _, strike in rows}) == 1
    # the Sukkari event lost its first report (re-read as an Idlib raid) and keeps the other two
    moved = stories.mention_ids()["sukkari-raid"]
    assert wh.query(
        "select n_mentions from marts.fct_strikes where place_id = 'pl_sukkari' and event_date = '2016-08-20'"
    ) == [(2,)]
    assert wh.query(
        "select strikes.place_id from marts.fct_strike_mentions as members "
        "inner join marts.fct_strikes as strikes on members.strike_id = strikes.strike_id "
        "where members.mention_id = ?",
        [moved],
    ) == [("pl_idlib",)]


def test_a_capture_closes_a_spell_and_vanished_or_reread_claims_are_rebuilt(two_runs):
    wh = two_runs.incremental
    assert wh.query(BANI_ZEID_HELD_SQL)[-2:] == [
        ("pro_government", dt.date(2016, 7, 28), dt.date(2016, 8, 20)),
        ("opposition", dt.date(2016, 8, 20), None),
    ]
    assert wh.query(
        "select count(*) from marts.fct_territorial_control where place_key = ?", [stories.VILLAGE_KEY]
    ) == [(0,)]
    assert wh.query(
        "select controller_side, supporting_mention_ids from marts.fct_territorial_control "
        "where place_key = 'pl_rashidin' and status = 'held'"
    ) == [("opposition", stories.mention_ids()["rashidin-frontline"])]


def test_corridor_claims_dispute_across_runs_and_follow_a_reread_claim(two_runs):
    ids = stories.mention_ids()
    ministry, rebels = ids["corridor-figures"], ids["rebel-corridor-count"]
    [(monitor,)] = two_runs.incremental.query(
        "select claim_id from marts.fct_corridor_claims where claim_date = '2016-07-30' and people_high = 0"
    )
    # run one: the spokesman's handful disputes the ministry's 169 of the day before, as the monitor does
    assert two_runs.ministry_links_after_run_one == sorted(
        [(monitor, "disputes", "extractor"), (rebels, "disputes", "derived")]
    )
    assert two_runs.crossing_rows_after_run_one == 1
    wh = two_runs.incremental
    denial = ids["rebels-deny-crossings"]
    # run two: re-read as 150-200 it corroborates the 169 (whose own row did not change), and the
    # denial of the day before disputes it
    assert wh.query(CLAIM_LINKS_SQL, [ministry]) == sorted(
        [
            (monitor, "disputes", "extractor"),
            (rebels, "corroborates", "derived"),
            (denial, "disputes", "derived"),
        ]
    )
    assert wh.query(
        "select n_disputing_claims, n_corroborating_claims, disputed_by from marts.fct_corridor_claims "
        "where claim_id = ?",
        [ministry],
    ) == [(2, 1, "Syrian Observatory for Human Rights; rebel commanders")]
    # the crossing's only claim vanished with its re-read report; the road's article links its two claims
    assert wh.query(
        "select count(*) from marts.fct_corridor_claims where corridor_key = ?", [stories.CROSSING_KEY]
    ) == [(0,)]
    [_, [road_link]] = stories.run_two_corridor_articles()
    assert wh.query(CLAIM_LINKS_SQL, [road_link.other_mention_id]) == [
        (road_link.mention_id, "disputes", "extractor")
    ]


def test_incremental_strike_and_control_marts_equal_a_full_refresh(two_runs):
    assert_same_rows(two_runs.incremental, two_runs.full)


def test_unchanged_places_and_events_are_not_rewritten(two_runs, tmp_path_factory):
    wh = make_warehouse(tmp_path_factory.mktemp("canary"))
    shutil.copy(two_runs.incremental.path, wh.path)
    [(ramouseh_bomb,)] = wh.query(
        "select mention_id from marts.fct_event_mentions "
        "where event_type = 'car_bomb' and place_id = 'pl_ramouseh'"
    )
    with wh.connect() as con:
        [(strike_id,)] = con.execute(
            "select strike_id from marts.fct_strike_mentions where mention_id = ?", [ramouseh_bomb]
        ).fetchall()
        con.execute("update marts.fct_strikes set best_sentence = 'canary' where strike_id = ?", [strike_id])
        con.execute(f"update {CLUSTERED} set match_rule = 'canary' where mention_id = ?", [ramouseh_bomb])
        con.execute(
            "update marts.fct_territorial_control set place_name = 'canary' where place_key = 'pl_1070'"
        )
    wh.dbt("run", "--select", "int_strike_mentions_clustered", "fct_strikes", "fct_territorial_control")
    assert wh.query("select best_sentence from marts.fct_strikes where strike_id = ?", [strike_id]) == [
        ("canary",)
    ]
    assert wh.query(f"select match_rule from {CLUSTERED} where mention_id = ?", [ramouseh_bomb]) == [
        ("canary",)
    ]
    assert {name for (name,) in wh.query(
        "select place_name from marts.fct_territorial_control where place_key = 'pl_1070'"
    )} == {"canary"}  # fmt: skip
    # a changed report (a re-extraction: its raw row rewritten, as the loader's keyed replace leaves
    # it) rewrites its fct_event_mentions row, and so its event
    with wh.connect() as con:
        con.execute(
            "update raw.mentions set fatalities_low = 9, fatalities_high = 9, "
            "extracted_at = timestamp '2030-01-01 00:00' where mention_id = ?",
            [ramouseh_bomb],
        )
    wh.dbt("run", "--select", "fct_event_mentions", "int_strike_mentions_clustered", "fct_strikes")
    assert wh.query(
        "select best_sentence <> 'canary', fatalities_low from marts.fct_strikes where strike_id = ?",
        [strike_id],
    ) == [(True, 9)]
    assert wh.query(f"select match_rule from {CLUSTERED} where mention_id = ?", [ramouseh_bomb]) != [
        ("canary",)
    ]


def test_a_corridor_claim_is_rewritten_when_a_claim_it_is_compared_with_changes(two_runs, tmp_path_factory):
    wh = make_warehouse(tmp_path_factory.mktemp("corridor_canary"))
    shutil.copy(two_runs.incremental.path, wh.path)
    ids = stories.mention_ids()
    families, denial, state = ids["families-cross"], ids["rebels-deny-crossings"], ids["state-corridor-count"]
    with wh.connect() as con:
        for claim in (families, denial):
            con.execute(
                "update marts.fct_corridor_claims set sentence = 'canary' where claim_id = ?", [claim]
            )
            con.execute(
                "update marts.fct_corridor_claim_links set evidence = 'canary' where claim_id = ?", [claim]
            )
    canaries = """
        select claims.claim_id, claims.sentence = 'canary', bool_and(links.evidence = 'canary')
        from marts.fct_corridor_claims as claims
        inner join marts.fct_corridor_claim_links as links on claims.claim_id = links.claim_id
        where claims.claim_id in (?, ?) group by all order by claims.claim_id
    """
    corridor_marts = ("fct_event_mentions", "fct_corridor_claims", "fct_corridor_claim_links")
    # nothing changed: neither claim's row nor links are rewritten
    wh.dbt("run", "--select", *corridor_marts)
    assert wh.query(canaries, [families, denial]) == sorted([(families, True, True), (denial, True, True)])
    # state media's count of the 31st is re-extracted with another figure: the families' claim of the
    # 30th is compared with it, so its row and links are rewritten though that claim did not change;
    # the denial of the 29th is two days away and keeps its canaries
    with wh.connect() as con:
        con.execute(
            "update raw.mentions set people_low = 310, people_high = 310, "
            "extracted_at = timestamp '2030-01-01 00:00' where mention_id = ?",
            [state],
        )
    wh.dbt("run", "--select", *corridor_marts)
    assert wh.query(canaries, [families, denial]) == sorted([(families, False, False), (denial, True, True)])
    assert wh.query("select people_low from marts.fct_corridor_claims where claim_id = ?", [state]) == [
        (310,)
    ]
