"""No page fetched twice for nothing, across runs: skips, give-up policy and conditional listings.

Every test runs the real stage (`warehouse.stages.ingest_pages`) into a real DuckDB file, against the
fault server on 127.0.0.1, several times, and counts the requests the server saw.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from extract.acquire import KnownPagesIndex, UrlHistoryIndex, acquire
from extract.fetching.retry_policy import retry_delay
from extract.sources import SourceConfig
from tests.acquisition.conftest import fast_settings, url_source
from tests.acquisition.fault_server import (
    FaultServer,
    article_html,
    oversized,
    page,
    redirect,
    sequence,
    status,
)
from warehouse.connection import open_warehouse
from warehouse.stages import ingest_pages
from warehouse.status import warehouse_status

_runs = itertools.count(1)


@pytest.fixture
def warehouse(tmp_path):
    return tmp_path / "frontlines.duckdb"


def ingest(path, sources, settings=None) -> str:
    """One acquisition run into the warehouse file; returns its run id."""
    run_id = f"run-{next(_runs)}"
    with open_warehouse(path) as con:
        ingest_pages(con, sources, settings or fast_settings(), run_id)
    return run_id


def rows(path, sql: str, params=()) -> list[tuple]:
    with open_warehouse(path) as con:
        return con.execute(sql, list(params)).fetchall()


def log_of(path, run_id: str, url: str) -> list[tuple]:
    return rows(
        path,
        "select outcome, error_class, error_detail from raw.fetch_log where run_id = ? and url = ? "
        "order by attempted_at, attempt",
        [run_id, url],
    )


def path_of(url: str, server: FaultServer) -> str:
    return url.split(str(server.port), 1)[1]


def time_passes(path, url: str) -> None:
    """Move a failure's planned retry into the past, as if the delay had gone by."""
    with open_warehouse(path) as con:
        con.execute(
            "update raw.fetch_failures set retry_after = retry_after - interval 400 day where url = ?", [url]
        )


# --- deliberate skips ---------------------------------------------------------------------------


def test_a_language_filtered_page_is_recorded_once_and_not_fetched_again(server, warehouse):
    english = server.route("/en/strike.html", page(article_html("Strike", "Shelling hit the market.")))
    arabic = server.route("/ar/strike.html", page(article_html("قصف", "قصف السوق.", lang="ar")))
    source = url_source([english, arabic], languages=["en"])

    first = ingest(warehouse, [source])
    assert rows(warehouse, "select url from raw.pages") == [(english,)]
    [(url, reason, detail, key)] = rows(
        warehouse, "select url, reason, detail, filter_key from raw.skipped_urls"
    )
    assert (url, reason) == (arabic, "filtered") and "language 'ar'" in detail and key == source.filter_key
    assert [o for o, _, _ in log_of(warehouse, first, arabic)] == ["skipped"]

    second = ingest(warehouse, [source])
    assert server.hit_count("/ar/strike.html") == 1, "the second run does not fetch it again"
    [(outcome, error_class, detail)] = log_of(warehouse, second, arabic)
    assert outcome == "skipped" and error_class == "filtered" and "not fetched again" in detail
    assert rows(warehouse, "select count(*) from raw.skipped_urls") == [(1,)], "nothing duplicated"
    assert warehouse_status_of(warehouse)["skipped"] == {"filtered": 1}

    # the user widens the filter: the page is judged again, stored, and no longer a skip
    widened = url_source([english, arabic], languages=["en", "ar"])
    ingest(warehouse, [widened])
    assert server.hit_count("/ar/strike.html") == 2
    assert sorted(rows(warehouse, "select url from raw.pages")) == sorted([(english,), (arabic,)])
    assert rows(warehouse, "select count(*) from raw.skipped_urls") == [(0,)]


def test_refetch_skipped_is_also_read_from_the_environment(monkeypatch):
    from extract.fetching.settings import FetchSettings

    monkeypatch.setenv("FRONTLINES_REFETCH_SKIPPED", "1")
    assert FetchSettings().refetch_skipped is True
    monkeypatch.delenv("FRONTLINES_REFETCH_SKIPPED")
    assert FetchSettings().refetch_skipped is False


def test_refetch_skipped_fetches_a_skipped_page_again(server, warehouse):
    french = server.route("/fr/a.html", page(article_html("Frappe", "Une frappe.", lang="fr")))
    source = url_source([french], languages=["en"])
    ingest(warehouse, [source])
    ingest(warehouse, [source])
    assert server.hit_count("/fr/a.html") == 1
    ingest(warehouse, [source], fast_settings(refetch_skipped=True))
    assert server.hit_count("/fr/a.html") == 2, "asked for: fetched again (and skipped again)"
    assert rows(warehouse, "select count(*) from raw.skipped_urls") == [(1,)]


def test_an_excluded_url_is_recorded_with_its_reason_without_a_request(server, warehouse):
    video = server.route("/video/clip.html", page(article_html("Clip", "A clip.")))
    kept = server.route("/news/story.html", page(article_html("Story", "A story.")))
    source = url_source([video, kept], exclude=["/video/"])
    ingest(warehouse, [source])
    ingest(warehouse, [source])
    assert server.hit_count("/video/clip.html") == 0
    [(url, detail)] = rows(warehouse, "select url, detail from raw.skipped_urls")
    assert url == video and "exclude pattern '/video/'" in detail
    assert rows(warehouse, "select url from raw.pages") == [(kept,)]


def warehouse_status_of(path) -> dict:
    with open_warehouse(path) as con:
        return warehouse_status(con)


# --- permanent failures -------------------------------------------------------------------------


def test_permanent_failures_are_recorded_and_not_retried_on_later_runs(server, warehouse):
    server.route("/robots.txt", page(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    gone = server.route("/gone.html", status(410))
    missing = server.url("/missing.html")
    pdf = server.route("/report.pdf", page(b"%PDF-1.4 binary", content_type="application/pdf"))
    private = server.route("/private/a.html", page(article_html("P", "p")))
    huge = server.route("/huge.html", oversized(300_000))
    metadata = server.route("/meta", redirect("http://169.254.169.254/latest/meta-data/"))
    good = server.route("/good.html", page(article_html("Good", "A good page.")))
    faulty = [gone, missing, pdf, private, huge, metadata]
    settings = fast_settings(
        max_body_bytes=100_000,
        allow_private_addresses=False,
        allowed_private_hosts=[f"127.0.0.1:{server.port}"],
    )
    source = url_source([good, *faulty])

    ingest(warehouse, [source], settings)
    failures = dict(
        rows(warehouse, "select url, error_class from raw.fetch_failures where status = 'permanent'")
    )
    assert failures == {
        gone: "http_4xx",
        missing: "http_4xx",
        pdf: "not_html",
        private: "robots_disallowed",
        huge: "too_large",
        metadata: "private_address",
    }
    hits = {url: server.hit_count(path_of(url, server)) for url in faulty}

    second = ingest(warehouse, [source], settings)
    assert {url: server.hit_count(path_of(url, server)) for url in faulty} == hits, "no request on the re-run"
    for url in faulty:
        [(outcome, error_class, detail)] = log_of(warehouse, second, url)
        assert outcome == "skipped" and error_class == failures[url] and "not retried" in detail
    assert rows(warehouse, "select count(*) from raw.fetch_failures") == [(6,)], "nothing duplicated"
    assert rows(warehouse, "select url from raw.pages") == [(good,)]
    status_now = warehouse_status_of(warehouse)
    assert status_now["fetch_failures"] == {
        "http_4xx": 2,
        "not_html": 1,
        "private_address": 1,
        "robots_disallowed": 1,
        "too_large": 1,
    }
    assert status_now["fetch_failures_final"] == {"permanent": 6} and status_now["given_up"] == 0


def failure_ages(path, url: str, days: int) -> None:
    """Move a failure's last attempt `days` into the past, as if a month of runs had gone by."""
    with open_warehouse(path) as con:
        con.execute(
            f"update raw.fetch_failures set failed_at = failed_at - interval {days} day where url = ?", [url]
        )


def test_a_permanent_failure_is_rechecked_once_a_month_and_a_page_that_came_back_is_stored(server, warehouse):
    body = article_html("Back online", "The report was restored after a server move.")
    gone = server.route("/moved.html", sequence(status(404), status(404), page(body)))
    source = url_source([gone])

    ingest(warehouse, [source])
    ingest(warehouse, [source])
    assert server.hit_count("/moved.html") == 1, "a fresh permanent failure is not retried"

    failure_ages(warehouse, gone, 29)
    held = ingest(warehouse, [source])
    assert server.hit_count("/moved.html") == 1, "29 days is not yet the 30-day recheck"
    [(outcome, _, detail)] = log_of(warehouse, held, gone)
    assert outcome == "skipped" and "rechecked after 30 days" in detail

    failure_ages(warehouse, gone, 2)
    ingest(warehouse, [source])
    assert server.hit_count("/moved.html") == 2, "rechecked once the 30 days passed"
    assert rows(
        warehouse, "select status, failed_runs, failed_at > now() - interval 1 day from raw.fetch_failures"
    ) == [("permanent", 1, True)], "the new 404 starts the wait again, one row, not two"

    ingest(warehouse, [source])
    assert server.hit_count("/moved.html") == 2
    failure_ages(warehouse, gone, 31)
    ingest(warehouse, [source])
    assert rows(warehouse, "select url from raw.pages") == [(gone,)], "the page came back and is stored"
    assert rows(warehouse, "select count(*) from raw.fetch_failures") == [(0,)]


def test_recheck_can_be_turned_off_and_a_given_up_url_is_rechecked_too(server, warehouse):
    flaky = server.route("/down.html", status(503))
    never = fast_settings(max_attempts=1, retry_delay_hours=0, max_failed_runs=2, recheck_failed_after_days=0)
    for _ in range(2):
        ingest(warehouse, [url_source([flaky])], never)
    assert rows(warehouse, "select status from raw.fetch_failures") == [("given_up",)]
    failure_ages(warehouse, flaky, 400)
    ingest(warehouse, [url_source([flaky])], never)
    assert server.hit_count("/down.html") == 2, "0 days: a given-up URL is never rechecked"

    monthly = never.model_copy(update={"recheck_failed_after_days": 30})
    ingest(warehouse, [url_source([flaky])], monthly)
    assert server.hit_count("/down.html") == 3, "given up more than 30 days ago: tried once more"
    assert rows(warehouse, "select status, failed_runs from raw.fetch_failures") == [("retry", 1)]


def test_an_unreachable_robots_txt_is_retried_later_not_treated_as_a_rule(server, warehouse):
    server.route(
        "/robots.txt", sequence(status(503), page(b"User-agent: *\nAllow: /\n", content_type="text/plain"))
    )
    url = server.route("/story.html", page(article_html("Story", "A story.")))
    ingest(warehouse, [url_source([url])], fast_settings(max_attempts=1, retry_delay_hours=0))
    [(error_class, state)] = rows(warehouse, "select error_class, status from raw.fetch_failures")
    assert (error_class, state) == ("robots_disallowed", "retry")
    ingest(warehouse, [url_source([url])], fast_settings(max_attempts=1, retry_delay_hours=0))
    assert rows(warehouse, "select url from raw.pages") == [(url,)]
    assert rows(warehouse, "select count(*) from raw.fetch_failures") == [(0,)]


# --- transient failures: retried with a growing delay, then given up -----------------------------


def test_a_transient_failure_is_retried_with_a_growing_delay_then_given_up(server, warehouse):
    url = server.route("/down.html", status(503))
    good = server.route("/fine.html", page(article_html("Fine", "Fine.")))
    source = url_source([good, url])
    settings = fast_settings(max_failed_runs=3, retry_delay_hours=2, retry_delay_max_hours=100)

    def state():
        [row] = rows(
            warehouse,
            "select error_class, status, failed_runs, retry_after - failed_at from raw.fetch_failures",
        )
        return row

    ingest(warehouse, [source], settings)
    assert state() == ("http_5xx", "retry", 1, dt.timedelta(hours=2))
    assert server.hit_count("/down.html") == 2, "two attempts within the run"

    held = ingest(warehouse, [source], settings)
    assert server.hit_count("/down.html") == 2, "not due yet: no request"
    [(outcome, error_class, detail)] = log_of(warehouse, held, url)
    assert outcome == "skipped" and error_class == "http_5xx" and "next try after" in detail

    time_passes(warehouse, url)
    ingest(warehouse, [source], settings)
    assert server.hit_count("/down.html") == 4
    assert state() == ("http_5xx", "retry", 2, dt.timedelta(hours=4)), "the delay doubles"

    time_passes(warehouse, url)
    ingest(warehouse, [source], settings)
    assert server.hit_count("/down.html") == 6
    error_class, given_up, runs, _ = state()
    assert (error_class, given_up, runs) == ("http_5xx", "given_up", 3)
    assert warehouse_status_of(warehouse)["given_up"] == 1
    assert warehouse_status_of(warehouse)["fetch_failures"] == {"http_5xx": 1}

    time_passes(warehouse, url)
    last = ingest(warehouse, [source], settings)
    assert server.hit_count("/down.html") == 6, "given up: never requested again"
    assert "given up after 3 failed runs" in log_of(warehouse, last, url)[0][2]
    assert rows(warehouse, "select count(*) from raw.fetch_failures") == [(1,)]
    assert server.hit_count("/fine.html") == 1 and rows(warehouse, "select count(*) from raw.pages") == [(1,)]

    # the site is back and the user asks: the page is stored and the failure cleared
    server.route("/down.html", page(article_html("Back", "Back up.")))
    ingest(warehouse, [source], fast_settings(refetch_skipped=True))
    assert rows(warehouse, "select count(*) from raw.fetch_failures") == [(0,)]
    assert rows(warehouse, "select count(*) from raw.pages") == [(2,)]


def test_a_transient_failure_that_recovers_becomes_a_page_on_a_later_run(server, warehouse):
    body = article_html("Recovered", "The server came back the next day.")
    url = server.route("/flaky.html", sequence(status(502), status(429, {"Retry-After": "0"}), page(body)))
    settings = fast_settings(max_attempts=1, retry_delay_hours=0)
    ingest(warehouse, [url_source([url])], settings)
    ingest(warehouse, [url_source([url])], settings)
    assert rows(warehouse, "select error_class, failed_runs from raw.fetch_failures") == [("rate_limited", 2)]
    ingest(warehouse, [url_source([url])], settings)
    assert rows(warehouse, "select url from raw.pages") == [(url,)]
    assert rows(warehouse, "select count(*) from raw.fetch_failures") == [(0,)]


def test_retry_delay_doubles_and_is_capped():
    settings = fast_settings(retry_delay_hours=1.5, retry_delay_max_hours=10)
    assert [retry_delay(n, settings) for n in (1, 2, 3, 4)] == [
        dt.timedelta(hours=1.5),
        dt.timedelta(hours=3),
        dt.timedelta(hours=6),
        dt.timedelta(hours=10),
    ]


# --- feeds and sitemaps: conditional GET on the listing -----------------------------------------


def rss(server: FaultServer, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {p}</title><link>{server.url(p)}</link>"
        f"<pubDate>Mon, 01 Aug 2016 09:00:00 GMT</pubDate></item>"
        for p in paths
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Test wire</title>'
        f"<link>{server.url('/')}</link><language>en</language>{items}</channel></rss>"
    ).encode()


def test_an_unchanged_feed_costs_a_304_and_yields_nothing_new(server, warehouse):
    stories = ["/s/1.html", "/s/2.html"]
    for p in stories:
        server.route(p, page(article_html(p, "Fighting near the ring road.")))
    feed = server.route(
        "/rss.xml", page(rss(server, stories), content_type="application/rss+xml", etag='"v1"')
    )
    source = SourceConfig(id="wire", kind="feed", url=feed)

    ingest(warehouse, [source])
    assert rows(warehouse, "select etag from raw.listings where url = ?", [feed]) == [('"v1"',)]
    assert rows(warehouse, "select count(*) from raw.pages") == [(2,)]

    second = ingest(warehouse, [source])
    assert server.hits["/rss.xml"][-1].get("if-none-match") == '"v1"', "the listing's ETag is sent back"
    assert [o for o, _, _ in log_of(warehouse, second, feed)] == ["not_modified"]
    assert rows(warehouse, "select count(*) from raw.fetch_log where run_id = ?", [second]) == [(1,)], (
        "a 304 feed yields no item: not even a skip per known story"
    )
    assert [server.hit_count(p) for p in stories] == [1, 1]

    # the feed changes: listed again in full, only the new story is fetched
    stories.append("/s/3.html")
    server.route("/s/3.html", page(article_html("3", "A new story.")))
    server.route("/rss.xml", page(rss(server, stories), content_type="application/rss+xml", etag='"v2"'))
    ingest(warehouse, [source])
    assert [server.hit_count(p) for p in stories] == [1, 1, 1]
    assert rows(warehouse, "select count(*) from raw.pages") == [(3,)]
    assert rows(warehouse, "select etag from raw.listings") == [('"v2"',)], "one row per listing"


def test_a_story_that_failed_is_retried_although_its_feed_answers_304(server, warehouse):
    server.route("/s/ok.html", page(article_html("ok", "Fine.")))
    flaky = sequence(status(503), page(article_html("late", "Arrived late.")))
    server.route("/s/late.html", flaky)
    feed = server.route(
        "/rss.xml",
        page(rss(server, ["/s/ok.html", "/s/late.html"]), content_type="application/rss+xml", etag='"v1"'),
    )
    source = SourceConfig(id="wire", kind="feed", url=feed)
    settings = fast_settings(max_attempts=1, retry_delay_hours=0)
    ingest(warehouse, [source], settings)
    assert rows(warehouse, "select url from raw.fetch_failures") == [(server.url("/s/late.html"),)]
    ingest(warehouse, [source], settings)
    assert server.hit_count("/rss.xml") == 2 and server.hits["/rss.xml"][-1].get("if-none-match")
    assert rows(warehouse, "select count(*) from raw.pages") == [(2,)]
    assert rows(warehouse, "select count(*) from raw.fetch_failures") == [(0,)]


def sitemap(urls: list[str], index: bool = False) -> bytes:
    tag, item = ("sitemapindex", "sitemap") if index else ("urlset", "url")
    entries = "".join(f"<{item}><loc>{u}</loc></{item}>" for u in urls)
    return (
        f'<?xml version="1.0"?><{tag} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</{tag}>'
    ).encode()


def test_an_unchanged_sitemap_index_still_revalidates_its_sitemaps(server, warehouse):
    july = [server.route(f"/2016/07/{i}.html", page(article_html(f"J{i}", "July."))) for i in range(2)]
    server.route("/sm/july.xml", page(sitemap(july), content_type="application/xml", etag='"july-1"'))
    index = server.route(
        "/sitemap.xml",
        page(sitemap([server.url("/sm/july.xml")], index=True), content_type="application/xml", etag='"i1"'),
    )
    source = SourceConfig(id="sm", kind="sitemap", url=index)

    ingest(warehouse, [source])
    assert rows(warehouse, "select url, children from raw.listings where url = ?", [index]) == [
        (index, [server.url("/sm/july.xml")])
    ]
    second = ingest(warehouse, [source])
    outcomes = rows(
        warehouse, "select url, outcome from raw.fetch_log where run_id = ? order by url", [second]
    )
    assert sorted(outcomes) == sorted([(server.url("/sm/july.xml"), "not_modified"), (index, "not_modified")])

    # the July sitemap grows while the index stays the same: the new page is still found
    july.append(server.route("/2016/07/2.html", page(article_html("J2", "Late July."))))
    server.route("/sm/july.xml", page(sitemap(july), content_type="application/xml", etag='"july-2"'))
    ingest(warehouse, [source])
    assert server.hits["/sitemap.xml"][-1].get("if-none-match") == '"i1"'
    assert rows(warehouse, "select count(*) from raw.pages") == [(3,)]
    assert [server.hit_count(f"/2016/07/{i}.html") for i in range(3)] == [1, 1, 1]


def test_a_listing_cut_short_keeps_no_validators(server, warehouse):
    stories = [f"/s/{i}.html" for i in range(3)]
    for p in stories:
        server.route(p, page(article_html(p, "Story.")))
    feed = server.route(
        "/rss.xml", page(rss(server, stories), content_type="application/rss+xml", etag='"v1"')
    )
    source = SourceConfig(id="wire", kind="feed", url=feed)
    ingest(warehouse, [source], fast_settings(max_urls_per_source=2))
    assert rows(warehouse, "select count(*) from raw.listings") == [(0,)], "the rest must be listed next run"
    ingest(warehouse, [source])
    assert rows(warehouse, "select count(*) from raw.pages") == [(3,)]
    assert "if-none-match" not in server.hits["/rss.xml"][-1]


def test_a_failing_feed_is_listed_again_next_run_never_fetched_as_a_page(server, warehouse):
    feed = server.route("/rss.xml", status(500))
    source = SourceConfig(id="wire", kind="feed", url=feed)
    settings = fast_settings(max_attempts=1, retry_delay_hours=0)
    ingest(warehouse, [source], settings)
    second = ingest(warehouse, [source], settings)
    assert server.hit_count("/rss.xml") == 2, "a listing is read every run"
    assert [(o, c) for o, c, _ in log_of(warehouse, second, feed)] == [("failed", "http_5xx")]
    assert rows(warehouse, "select error_class, status, retry_after from raw.fetch_failures") == [
        ("http_5xx", "retry", None)
    ]


def test_a_stored_page_that_failed_once_is_cleared_when_it_answers_304_again(server, warehouse):
    body = article_html("Kept", "A stored page.")
    url = server.route("/kept.html", sequence(page(body, etag='"k"'), status(503), page(body, etag='"k"')))
    settings = fast_settings(max_attempts=1, retry_delay_hours=0)
    ingest(warehouse, [url_source([url])], settings)
    ingest(warehouse, [url_source([url])], settings)
    assert rows(warehouse, "select error_class from raw.fetch_failures") == [("http_5xx",)]
    third = ingest(warehouse, [url_source([url])], settings)
    assert [o for o, _, _ in log_of(warehouse, third, url)] == ["not_modified"]
    assert rows(warehouse, "select count(*) from raw.fetch_failures") == [(0,)]
    assert rows(warehouse, "select count(*) from raw.pages") == [(1,)]


def test_an_older_warehouse_file_gains_the_new_columns_and_its_failures_are_retried(server, tmp_path):
    import duckdb

    path = tmp_path / "old.duckdb"
    url = server.route("/old.html", page(article_html("Old", "An old failure, now fine.")))
    con = duckdb.connect(str(path))
    con.execute("create schema raw")
    con.execute(
        """create table raw.fetch_failures (url varchar not null, source_id varchar, failed_at timestamp
           not null, error_class varchar not null, error_detail varchar, attempts integer)"""
    )
    con.execute("insert into raw.fetch_failures values (?, 'test-urls', now(), 'timeout', 'old', 3)", [url])
    con.close()
    assert rows(path, "select status, failed_runs, retry_after from raw.fetch_failures") == [
        ("retry", 1, None)
    ]
    ingest(path, [url_source([url])])
    assert rows(path, "select url from raw.pages") == [(url,)]
    assert rows(path, "select count(*) from raw.fetch_failures") == [(0,)]


# --- the same contract without a warehouse ------------------------------------------------------


def test_acquire_with_an_in_memory_history_holds_back_what_earlier_runs_concluded(server):
    gone = server.route("/gone.html", status(404))
    arabic = server.route("/ar.html", page(article_html("ع", "نص", lang="ar")))
    source = url_source([gone, arabic], languages=["en"])
    first = list(acquire([source], KnownPagesIndex(), fast_settings()))
    assert [(f.url, f.status) for b in first for f in b.failures] == [(gone, "permanent")]
    assert [s.url for b in first for s in b.skips] == [arabic]

    history = UrlHistoryIndex().record(first)
    again = list(acquire([source], KnownPagesIndex(), fast_settings(), history=history))
    assert server.hit_count("/gone.html") == 1 and server.hit_count("/ar.html") == 1
    assert [u for b in again for u in b.held_back] == [gone]
    assert [u for b in again for u in b.filtered] == [arabic]
    assert not any(b.failures or b.skips for b in again), "nothing new to record"
