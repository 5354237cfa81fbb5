"""fct_event_mentions grows incrementally (delete+insert on article_id) and must equal a full refresh."""

from __future__ import annotations

import pytest

from tests.dbt import synthetic_corpus as corpus

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
    wh.dbt("run", "--full-refresh", "--select", "fct_event_mentions")
    assert wh.query(ROWS_SQL) == incremental
    assert len(incremental) > 20
