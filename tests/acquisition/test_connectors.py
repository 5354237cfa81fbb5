"""Feed, sitemap, WARC, GDELT and ReliefWeb connectors on realistic recorded inputs served locally."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extract.acquire import KnownPagesIndex
from extract.discovery import CONNECTORS, DiscoveredItem, DiscoveryContext
from extract.fetching.client import HttpFetcher
from extract.sources import SourceConfig
from tests.acquisition.conftest import fast_settings, run_acquire, url_source
from tests.acquisition.fault_server import FaultServer, article_html, page, send, status

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "acquisition"
LEVANT = "https://news.levant-wire.example"


def fixture_bytes(name: str, server: FaultServer | None = None) -> bytes:
    """A fixture, with the Levant Wire host pointed at the local server when one is given."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    if server is not None:
        text = text.replace(LEVANT, server.url(""))
    return text.encode("utf-8")


def serve_article(server: FaultServer, path: str, title: str, lang: str = "en") -> str:
    return server.route(
        path, page(article_html(title, f"{title}: reported by our correspondent.", lang=lang))
    )


def list_items(source: SourceConfig, settings=None) -> list:
    settings = settings or fast_settings()
    with HttpFetcher(settings) as fetcher:
        return list(CONNECTORS[source.kind](source, DiscoveryContext(fetcher, settings)))


# --- feeds --------------------------------------------------------------------------------------


def test_rss_feed_entries_become_pages_with_hints_and_a_clean_rerun(server):
    feed = server.route(
        "/middle-east/rss.xml",
        page(fixture_bytes("feed_rss.xml", server), content_type="application/rss+xml"),
    )
    rebels = serve_article(server, "/2016/07/31/rebels-launch-offensive-aleppo", "Rebels launch offensive")
    corridors = serve_article(server, "/2016/07/28/russia-announces-corridors", "Russia announces corridors")
    source = SourceConfig(id="lw-rss", kind="feed", url=feed, exclude=["/live/"])

    first = run_acquire([source])
    assert not first.failures
    by_title = {p.title_hint: p for p in first.pages}
    offensive = by_title["Rebels launch offensive to break Aleppo siege"]
    assert offensive.url == rebels + "?utm_source=rss&utm_medium=feed"
    assert offensive.canonical_url == rebels, "tracking parameters dropped from the canonical URL"
    assert offensive.published_hint == "2016-07-31T16:20:00+00:00" and offensive.language == "en"
    assert by_title["Russia announces humanitarian corridors out of eastern Aleppo"].url == corridors
    assert first.filtered == [server.url("/live/castello-road")]
    [listed] = [a for a in first.attempts if a.url == feed]
    assert (
        listed.outcome == "listed"
        and listed.error_detail == "rss20: 3 entries, 1 without a link (not acquirable)"
    )

    second = run_acquire([source], KnownPagesIndex.from_pages(first.pages))
    assert second.pages == [] and len(second.unchanged) == 2


def test_atom_feed_resolves_relative_links_and_reads_languages(server):
    feed = server.route(
        "/ar/atom.xml", page(fixture_bytes("feed_atom.xml"), content_type="application/atom+xml")
    )
    items = [
        e
        for e in list_items(SourceConfig(id="halab", kind="feed", url=feed))
        if isinstance(e, DiscoveredItem)
    ]
    assert [(i.url, i.language, i.published) for i in items] == [
        (server.url("/ar/news/2016/12/12/8841"), "ar", "2016-12-12T11:00:00+00:00"),
        ("https://www.halab-today.example/en/news/2016/12/12/8842", "en", "2016-12-12T11:25:00+00:00"),
    ]


def test_failing_feed_is_a_failure_for_its_url_and_other_sources_go_on(server):
    broken = server.route("/broken.xml", status(500))
    garbage = server.route("/garbage.xml", page(b"<html><body>Maintenance</body></html>"))
    good = serve_article(server, "/ok.html", "Still fetched")
    result = run_acquire(
        [
            SourceConfig(id="broken", kind="feed", url=broken),
            SourceConfig(id="garbage", kind="feed", url=garbage),
            url_source([good]),
        ]
    )
    assert [p.url for p in result.pages] == [good]
    failures = {f.url: f for f in result.failures}
    assert failures[broken].error_class == "http_5xx" and failures[broken].attempts == 2
    assert failures[garbage].error_class == "source_error" and "RSS/Atom" in failures[garbage].error_detail
    assert [a.outcome for a in result.attempts if a.url == garbage] == ["failed"]


# --- sitemaps -----------------------------------------------------------------------------------


def test_sitemap_index_is_followed_with_gzip_news_and_language_filter(server):
    index = server.route(
        "/sitemap.xml", page(fixture_bytes("sitemap_index.xml", server), content_type="application/xml")
    )
    server.route(
        "/sitemaps/2016-07.xml", page(fixture_bytes("sitemap_2016_07.xml", server), content_type="text/xml")
    )
    server.route(
        "/sitemaps/news.xml.gz",
        page(gzip.compress(fixture_bytes("sitemap_news.xml", server)), content_type="application/x-gzip"),
    )
    castello = serve_article(server, "/2016/07/17/castello-road-cut", "Castello Road cut")
    corridors = serve_article(server, "/2016/07/28/russia-announces-corridors", "Corridors")
    tag = serve_article(server, "/tag/aleppo", "Tag page")
    deal = serve_article(server, "/2016/12/13/aleppo-evacuation-deal-announced", "Deal")
    source = SourceConfig(id="lw-sitemap", kind="sitemap", url=index, languages=["en"])

    result = run_acquire([source])
    assert sorted(p.url for p in result.pages) == sorted([castello, corridors, tag, deal])
    [deal_page] = [p for p in result.pages if p.url == deal]
    assert deal_page.title_hint == "Evacuation deal announced for eastern Aleppo"
    assert deal_page.published_hint == "2016-12-13T09:30:00+00:00"
    assert result.filtered == [server.url("/ar/2016/12/13/evacuation")], (
        "news:language ar filtered before fetch"
    )
    assert server.hit_count("/ar/2016/12/13/evacuation") == 0
    failures = {f.url: f.error_class for f in result.failures}
    assert failures == {"javascript:void(0)": "bad_url", server.url("/sitemaps/2016-08.xml"): "http_4xx"}
    details = {a.url: a.error_detail for a in result.attempts if a.outcome == "listed"}
    assert details[index] == "sitemap index: 3 entries"
    assert details[server.url("/sitemaps/news.xml.gz")] == "urlset: 2 entries"


def test_sitemap_index_cap_is_recorded(server):
    index = server.route(
        "/sitemap.xml", page(fixture_bytes("sitemap_index.xml", server), content_type="application/xml")
    )
    server.route(
        "/sitemaps/2016-07.xml", page(fixture_bytes("sitemap_2016_07.xml", server), content_type="text/xml")
    )
    source = SourceConfig(id="capped", kind="sitemap", url=index, max_sitemaps=2)
    events = list_items(source)
    notes = [a for e in events if not isinstance(e, DiscoveredItem) for a in e.attempts]
    assert notes[-1].outcome == "skipped" and "max_sitemaps=2 reached: 2 more" in notes[-1].error_detail
    assert server.hit_count("/sitemaps/news.xml.gz") == 0


# --- WARC ---------------------------------------------------------------------------------------


def write_warc(path: Path) -> None:
    """A small crawl: two HTML pages (one gzip-encoded), an image, a redirect, a request record."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)

        def response(url: str, status_line: str, headers: list[tuple[str, str]], body: bytes) -> None:
            http = StatusAndHeaders(status_line, headers, protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
            )

        response(
            "https://news.levant-wire.example/2016/08/06/ramouseh",
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("ETag", '"r1"')],
            article_html(
                "Ramouseh falls",
                "Rebels said they took the artillery college.",
                canonical="/2016/08/06/ramouseh",
            ),
        )
        response(
            "https://news.levant-wire.example/2016/08/07/gz",
            "200 OK",
            [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
            gzip.compress(article_html("Compressed record", "Stored with gzip content encoding.")),
        )
        response(
            "https://news.levant-wire.example/logo.png", "200 OK", [("Content-Type", "image/png")], b"\x89PNG"
        )
        response("https://news.levant-wire.example/old", "301 Moved", [("Location", "/new")], b"")
        request = writer.create_warc_record(
            "https://news.levant-wire.example/2016/08/06/ramouseh",
            "request",
            payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders(
                "GET /2016/08/06/ramouseh HTTP/1.1", [("Host", "x")], is_http_request=True
            ),
        )
        writer.write_record(request)


def test_warc_response_records_become_pages_without_network(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc)
    (tmp_path / "broken.warc.gz").write_bytes(b"this is not a warc file")
    source = SourceConfig(id="crawl", kind="warc", path=tmp_path)
    settings = fast_settings(allow_private_addresses=False)  # nothing may go to the network anyway

    first = run_acquire([source], settings=settings)
    pages = {p.url: p for p in first.pages}
    assert sorted(pages) == [f"{LEVANT}/2016/08/06/ramouseh", f"{LEVANT}/2016/08/07/gz"]
    assert pages[f"{LEVANT}/2016/08/06/ramouseh"].etag == '"r1"'
    assert pages[f"{LEVANT}/2016/08/06/ramouseh"].canonical_url == f"{LEVANT}/2016/08/06/ramouseh"
    assert "Stored with gzip content encoding." in pages[f"{LEVANT}/2016/08/07/gz"].text_html
    assert sorted(first.filtered) == [f"{LEVANT}/logo.png", f"{LEVANT}/old"]
    classes = {a.url: a.error_class for a in first.attempts if a.outcome == "skipped"}
    assert classes == {f"{LEVANT}/logo.png": "not_html", f"{LEVANT}/old": "filtered"}
    [broken] = first.failures
    assert broken.error_class == "source_error" and "broken.warc.gz" in broken.url

    second = run_acquire([source], KnownPagesIndex.from_pages(first.pages), settings)
    assert second.pages == [] and sorted(second.unchanged) == sorted(pages)


# --- GDELT --------------------------------------------------------------------------------------


def test_gdelt_artlist_lists_articles_with_languages_and_dates(server):
    api = server.route(
        "/api/v2/doc/doc", page(fixture_bytes("gdelt_artlist.json"), content_type="application/json")
    )
    source = SourceConfig(
        id="gdelt", kind="gdelt", query="Aleppo sourcecountry:SY", api_url=api, timespan="7d", max_records=75
    )
    items = [e for e in list_items(source) if isinstance(e, DiscoveredItem)]
    assert [(i.language, i.published) for i in items][:3] == [
        ("en", "2016-12-13T09:45:00+00:00"),
        ("en", "2016-12-12T18:15:00+00:00"),
        ("ar", "2016-12-12T11:00:00+00:00"),
    ]
    assert [i.language for i in items] == ["en", "en", "ar", "fr", "en"]
    assert (
        items[3].url
        == "https://www.quotidien-monde.example/international/2016/12/11/alep-les-couloirs-humanitaires"
    )


def test_gdelt_request_parameters_and_fetching_the_listed_articles(server):
    seen_queries: list[dict] = []

    def api(handler):
        seen_queries.append(parse_qs(urlsplit(handler.path).query))
        send(handler, 200, fixture_bytes("gdelt_artlist.json", server), {"Content-Type": "application/json"})

    url = server.route("/api/v2/doc/doc", api)
    evac = serve_article(server, "/2016/12/13/aleppo-evacuation-deal-announced", "Evacuation deal")
    saeed = serve_article(server, "/2016/12/12/government-forces-advance-sheikh-saeed", "Sheikh Saeed")
    source = SourceConfig(
        id="gdelt",
        kind="gdelt",
        query="Aleppo sourcecountry:SY",
        api_url=url,
        languages=["en"],
        include=[r"127\.0\.0\.1"],
    )
    result = run_acquire([source])
    assert sorted(p.url for p in result.pages) == sorted([evac, saeed])
    assert len(result.filtered) == 3  # Arabic, French and the other host: filtered before any fetch
    [params] = seen_queries
    assert params["query"] == ["Aleppo sourcecountry:SY"] and params["mode"] == ["artlist"]
    assert params["format"] == ["json"] and params["maxrecords"] == ["250"] and params["timespan"] == ["24h"]


def test_gdelt_plain_text_error_is_a_source_error(server):
    api = server.route(
        "/api/v2/doc/doc", page(b"The specified phrase is too short.", content_type="text/html")
    )
    result = run_acquire([SourceConfig(id="gdelt", kind="gdelt", query="a", api_url=api)])
    [failure] = result.failures
    assert failure.error_class == "source_error" and "phrase is too short" in failure.error_detail


# --- ReliefWeb ----------------------------------------------------------------------------------


def test_reliefweb_reports_become_pages_from_the_api_body(server):
    requests: list[dict] = []

    def api(handler):
        params = parse_qs(urlsplit(handler.path).query)
        requests.append(params)
        name = "reliefweb_reports_p1.json" if params["offset"] == ["0"] else "reliefweb_reports_p2.json"
        send(handler, 200, fixture_bytes(name), {"Content-Type": "application/json"})

    url = server.route("/v2/reports", api)
    source = SourceConfig(
        id="rw-syria",
        kind="reliefweb",
        country="SYR",
        appname="frontlines-test",
        api_url=url,
        languages=["en"],
    )
    first = run_acquire([source])

    assert not first.failures
    pages = {p.url: p for p in first.pages}
    flash = pages[
        "https://reliefweb.int/report/syrian-arab-republic/syria-aleppo-flash-update-no-7-14-december-2016"
    ]
    assert flash.canonical_url == flash.url and flash.language == "en" and flash.source_kind == "reliefweb"
    assert "Evacuation of civilians and fighters" in flash.text_html
    assert flash.published_hint == "2016-12-14T00:00:00+00:00"
    plain = pages["https://reliefweb.int/node/1447713"]
    assert "<p>Partners report that very few civilians have used them so far.</p>" in plain.text_html
    assert first.filtered == [
        "https://reliefweb.int/report/syrian-arab-republic/syrie-point-de-situation-sur-alep"
    ]
    assert [r["offset"] for r in requests] == [["0"], ["2"]]
    assert requests[0]["appname"] == ["frontlines-test"]
    assert requests[0]["filter[conditions][0][field]"] == ["primary_country.iso3"]
    assert requests[0]["filter[conditions][0][value]"] == ["syr"]

    second = run_acquire([source], KnownPagesIndex.from_pages(first.pages))
    assert second.pages == [] and sorted(second.unchanged) == sorted(pages)


def test_reliefweb_refusal_is_recorded(server):
    url = server.route("/v2/reports", status(403))
    result = run_acquire(
        [SourceConfig(id="rw", kind="reliefweb", country="Syria", appname="not-approved", api_url=url)]
    )
    [failure] = result.failures
    assert failure.error_class == "http_4xx" and "403" in failure.error_detail
    assert failure.url.startswith(url + "?appname=not-approved")


def test_gdelt_fixture_is_valid_json():
    data = json.loads(fixture_bytes("gdelt_artlist.json"))
    assert {
        "url",
        "url_mobile",
        "title",
        "seendate",
        "socialimage",
        "domain",
        "language",
        "sourcecountry",
    } <= set(data["articles"][0])
