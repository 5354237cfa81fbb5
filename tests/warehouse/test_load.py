"""The raw layer's loads are keyed: loading the same thing twice leaves the same rows."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from extract.models import Mention, MentionLink
from tests.warehouse.article_rows import article_row
from warehouse.connection import open_warehouse
from warehouse.load import (
    WarehouseKnownPages,
    load_acquisition_batch,
    load_articles,
    load_mentions,
    record_run,
)


@pytest.fixture
def con(tmp_path):
    with open_warehouse(tmp_path / "w.duckdb") as connection:
        yield connection


def _page(url, body=b"<html><body><p>text</p></body></html>", canonical=None):
    return SimpleNamespace(
        url=url,
        canonical_url=canonical or url,
        source_id="s1",
        source_kind="urls",
        fetched_at=dt.datetime(2016, 8, 1, 12),
        http_status=200,
        content_type="text/html",
        charset="utf-8",
        etag='"v1"',
        last_modified=None,
        content_hash=str(hash(body)),
        body=body,
    )


def _attempt(url, outcome="stored", error_class=None):
    return SimpleNamespace(
        url=url,
        source_id="s1",
        attempt=1,
        attempted_at=dt.datetime(2016, 8, 1, 12),
        http_status=200,
        outcome=outcome,
        error_class=error_class,
        error_detail=None,
        bytes=10,
        duration_ms=1.0,
    )


def _batch(pages, failures=(), attempts=()):
    return SimpleNamespace(pages=list(pages), failures=list(failures), attempts=list(attempts), unchanged=[])


def test_reloading_the_same_pages_adds_no_rows(con):
    batch = _batch(
        [_page("https://a.example/1"), _page("https://a.example/2")],
        attempts=[_attempt("https://a.example/1"), _attempt("https://a.example/2")],
    )
    first = load_acquisition_batch(con, batch, "run-1")
    second = load_acquisition_batch(con, batch, "run-1")
    assert first["pages_new"] == 2 and second["pages_new"] == 0
    assert con.execute("select count(*) from raw.pages").fetchone()[0] == 2
    assert con.execute("select count(*) from raw.fetch_log").fetchone()[0] == 2


def test_changed_content_replaces_the_page_and_a_stored_url_clears_its_failure(con):
    failure = SimpleNamespace(
        url="https://a.example/1", source_id="s1", error_class="http_5xx", error_detail="503", attempts=3
    )
    load_acquisition_batch(con, _batch([], failures=[failure]), "run-1")
    assert con.execute("select count(*) from raw.fetch_failures").fetchone()[0] == 1
    load_acquisition_batch(con, _batch([_page("https://a.example/1", b"<p>v2</p>")]), "run-2")
    assert con.execute("select count(*) from raw.fetch_failures").fetchone()[0] == 0
    load_acquisition_batch(con, _batch([_page("https://a.example/1", b"<p>v3</p>")]), "run-3")
    rows = con.execute("select count(*), max(html_bytes) from raw.pages").fetchone()
    assert rows == (1, len(b"<p>v3</p>"))
    known = WarehouseKnownPages(con)
    assert known.get("https://a.example/1").etag == '"v1"'


WIRE = "c38a887c9d97df2f"  # a 64-bit simhash, as trafilatura's content_fingerprint gives
WIRE_COPY = "c38a887c9d97df6e"  # two bits apart: a copy with a changed byline
OTHER = "3c757783626820d0"  # every bit different: another story


def test_wire_copies_point_at_the_earliest_article_and_nothing_is_dropped(con):
    load_articles(
        con, [article_row("b", WIRE_COPY, dt.date(2016, 8, 2)), article_row("c", OTHER, dt.date(2016, 8, 1))]
    )
    assert dict(con.execute("select article_id, duplicate_of from raw.articles").fetchall()) == {
        "b": None,
        "c": None,
    }
    # the original arrives later: the copy loaded before now points at it
    load_articles(con, [article_row("a", WIRE, dt.date(2016, 8, 1))])
    rows = dict(con.execute("select article_id, duplicate_of from raw.articles").fetchall())
    assert rows == {"a": None, "b": "a", "c": None}


def test_a_near_fingerprint_weeks_apart_is_another_story(con):
    load_articles(
        con, [article_row("a", WIRE, dt.date(2016, 8, 1)), article_row("b", WIRE_COPY, dt.date(2016, 9, 1))]
    )
    assert con.execute("select count(duplicate_of) from raw.articles").fetchone()[0] == 0


def _mention(article_id, start, version="1"):
    return Mention(
        article_id=article_id,
        family="strike",
        event_type="air_strike",
        sentence="Jets struck Anadan.",
        sentence_start=0,
        sentence_end=19,
        span_start=5 + start,
        span_end=11,
        trigger_text="struck",
        extractor="rules",
        extractor_version=version,
    )


def test_re_extraction_replaces_that_versions_rows(con):
    first = [_mention("a", 0), _mention("a", 1)]
    link = MentionLink(first[0].mention_id, first[1].mention_id, "disputes", "rules", "1")
    load_mentions(con, ["a"], first, [link], "rules", "1")
    load_mentions(con, ["a"], first, [link], "rules", "1")
    assert con.execute("select count(*) from raw.mentions").fetchone()[0] == 2
    assert con.execute("select count(*) from raw.mention_links").fetchone()[0] == 1
    load_mentions(con, ["a"], [_mention("a", 0)], [], "rules", "1")
    assert con.execute("select count(*) from raw.mentions").fetchone()[0] == 1
    assert con.execute("select count(*) from raw.mention_links").fetchone()[0] == 0
    load_mentions(con, ["a"], [_mention("a", 0, version="2")], [], "rules", "2")
    versions = con.execute(
        "select extractor_version, count(*) from raw.mentions group by 1 order by 1"
    ).fetchall()
    assert versions == [("1", 1), ("2", 1)]


def test_an_article_with_no_mentions_is_logged_so_it_is_not_read_again(con):
    load_articles(con, [article_row("a", "f1", dt.date(2016, 8, 1))])
    from warehouse.load import articles_to_extract

    assert [r[0] for r in articles_to_extract(con, "rules", "1")] == ["a"]
    load_mentions(con, ["a"], [], [], "rules", "1")
    assert list(articles_to_extract(con, "rules", "1")) == []
    assert [r[0] for r in articles_to_extract(con, "rules", "2")] == ["a"]


def test_run_rows_merge_their_counts(con):
    record_run(con, "r1", "running", pages_new=3)
    record_run(con, "r1", "success", mentions_new=7)
    row = con.execute(
        "select status, pages_new, mentions_new, finished_at is not null from raw.runs"
    ).fetchone()
    assert row == ("success", 3, 7, True)


def test_a_stage_finishing_what_the_fetch_stream_began_adds_to_the_runs_counts(con):
    from warehouse.run_log import run_counts

    record_run(con, "r1", "running", pages_new=5, articles_new=4, mentions_new=None)
    record_run(con, "r1", "running", articles_new=1, mentions_new=6, add=True)
    record_run(con, "r1", "success", mentions_new=2, add=True)
    assert run_counts(con, "r1") == {"pages_new": 5, "articles_new": 5, "mentions_new": 8}
    assert run_counts(con, "never-recorded") == {"pages_new": 0, "articles_new": 0, "mentions_new": 0}


def test_a_batch_of_pages_is_stored_compressed_and_inflates_to_each_pages_own_bytes(con):
    """Bodies are deflated on threads (a batch of 40 takes that path); each row keeps its own body."""
    import zlib

    bodies = {
        f"https://a.example/{i}": (f"<p>story {i} of the day</p>".encode() * 50 + bytes(range(256)) * (i + 1))
        for i in range(40)
    }
    batch = _batch([_page(url, body) for url, body in bodies.items()])
    assert load_acquisition_batch(con, batch, "run-1")["pages_new"] == 40
    rows = con.execute("select url, html_bytes, html_zlib from raw.pages").fetchall()
    assert len(rows) == 40
    for url, size, blob in rows:
        assert zlib.decompress(blob) == bodies[url] and size == len(bodies[url])
        assert len(blob) < size, "stored compressed"


def test_stored_mentions_hold_every_field_the_extractor_gave(con):
    """load_mentions reads the dataclasses column by column (not through asdict): every field of
    real rule-extractor output, dates, coordinates, counts and flags included, is stored as
    Mention.to_row gives it, with each article's mentions ranked in the extractor's order."""
    from extract.extractors import get_extractor
    from extract.models import ArticleText

    text = (
        "Syrian government forces captured the town of Hanano on Tuesday, state media said. "
        "Russian jets struck Aleppo on 3 August 2016, killing at least 12 civilians, activists said. "
        "The rebels denied that Hanano had fallen. A humanitarian corridor opened out of eastern Aleppo, "
        "letting some 200 civilians leave, Russia's defence ministry said."
    )
    articles = [
        ArticleText(article_id=a, url=f"https://x.example/{a}", text=text, published=dt.date(2016, 8, 4))
        for a in ("a", "b")
    ]
    extractor = get_extractor("rules")
    mentions, links = [], []
    for article in articles:
        found, found_links = extractor.extract(article)
        mentions += found
        links += found_links
    assert len(mentions) >= 4 and any(m.event_date for m in mentions) and any(m.latitude for m in mentions)
    load_mentions(con, ["a", "b"], mentions, links, extractor.name, extractor.version)
    fields = list(mentions[0].to_row())
    stored = con.execute(f"select {', '.join(fields)}, mention_rank from raw.mentions").fetchall()
    by_id = {row[fields.index("mention_id")]: row for row in stored}
    assert len(by_id) == len(mentions)
    for article_id in ("a", "b"):
        own = [m for m in mentions if m.article_id == article_id]
        for rank, mention in enumerate(own, start=1):
            row = by_id[mention.mention_id]
            assert dict(zip(fields, row[:-1], strict=True)) == pytest.approx(mention.to_row()), mention
            assert row[-1] == rank
    stored_links = con.execute("select mention_id, other_mention_id, relation from raw.mention_links")
    assert sorted(stored_links.fetchall()) == sorted(
        (x.mention_id, x.other_mention_id, x.relation) for x in links
    )
