"""The new-items sensor against a real feed on 127.0.0.1 and a real inbox folder: it requests a run
when a source has something new, and only then."""

from __future__ import annotations

import os

import pytest
from dagster import DagsterInstance, build_sensor_context

from orchestration.defs.partitions import today_partition
from orchestration.defs.resources import SourcesResource
from orchestration.defs.sensors import new_source_items


def _feed(base: str, slugs: list[str]) -> str:
    items = "".join(
        f"<item><title>Story {s}</title><link>{base}/news/{s}</link><guid>{base}/news/{s}</guid>"
        "<pubDate>Mon, 01 Aug 2016 09:00:00 GMT</pubDate></item>"
        for s in slugs
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Test wire</title>'
        f"<link>{base}/</link><description>fixture</description>{items}</channel></rss>"
    )


class FeedServer:
    """A feed whose entries the test changes between sensor ticks."""

    def __init__(self, httpserver):
        self.server = httpserver
        self.slugs = ["castello-road-cut", "corridors-announced"]
        httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
        httpserver.expect_request("/feed.xml").respond_with_handler(self._respond)

    def _respond(self, request):
        from werkzeug import Response

        base = self.server.url_for("").rstrip("/")
        return Response(_feed(base, self.slugs), content_type="application/rss+xml")

    @property
    def url(self) -> str:
        return self.server.url_for("/feed.xml")


@pytest.fixture
def watched(tmp_path, httpserver):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "first.html").write_text("<html><body><p>First page.</p></body></html>")
    feed = FeedServer(httpserver)
    sources = SourcesResource(archives=[str(inbox)], feeds=[feed.url], allow_private_addresses=True)
    return inbox, feed, sources


def _tick(instance, sources, cursor):
    context = build_sensor_context(instance=instance, cursor=cursor, resources={"sources": sources})
    return new_source_items(context)


def test_sensor_requests_a_run_only_when_a_feed_or_the_inbox_has_something_new(watched):
    inbox, feed, sources = watched
    with DagsterInstance.ephemeral() as instance:
        first = _tick(instance, sources, None)
        assert len(first.run_requests) == 1, "the first tick sees every item as new"
        request = first.run_requests[0]
        assert request.partition_key == today_partition()
        assert (
            "feed:" in request.tags["frontlines/new_items"]
            and "archive:" in request.tags["frontlines/new_items"]
        )

        quiet = _tick(instance, sources, first.cursor)
        assert not quiet.run_requests and quiet.skip_reason is not None
        assert "no new items" in quiet.skip_reason.skip_message

        feed.slugs.append("ramouseh-retaken")
        after_feed = _tick(instance, sources, quiet.cursor)
        assert len(after_feed.run_requests) == 1
        assert after_feed.run_requests[0].tags["frontlines/new_items"].startswith("feed:")
        assert after_feed.run_requests[0].tags["frontlines/new_items"].endswith(": 1")

        quiet_again = _tick(instance, sources, after_feed.cursor)
        assert not quiet_again.run_requests

        new_file = inbox / "second.html"
        new_file.write_text("<html><body><p>Second page.</p></body></html>")
        stamp = os.stat(inbox / "first.html").st_mtime_ns  # a copy that kept an old timestamp
        os.utime(new_file, ns=(stamp, stamp))
        after_file = _tick(instance, sources, quiet_again.cursor)
        assert len(after_file.run_requests) == 1
        assert after_file.run_requests[0].tags["frontlines/new_items"].startswith("archive:")
        assert after_file.run_requests[0].run_key != after_feed.run_requests[0].run_key

        assert not _tick(instance, sources, after_file.cursor).run_requests


def test_a_feed_that_fails_to_list_does_not_look_all_new_when_it_returns(watched, httpserver):
    _inbox, feed, sources = watched
    with DagsterInstance.ephemeral() as instance:
        first = _tick(instance, sources, None)
        httpserver.clear()  # the feed now answers 500 (no handler), robots too
        failing = _tick(instance, sources, first.cursor)
        assert not failing.run_requests
        FeedServer(httpserver).slugs = feed.slugs
        back = _tick(instance, sources, failing.cursor)
        assert not back.run_requests, "the same entries after an outage are not new"
