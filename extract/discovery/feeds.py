"""RSS and Atom feeds: the feed is fetched with the run's client, then parsed from bytes by feedparser.

Config: `kind: feed`, `url: https://site/rss.xml`. Fetching it ourselves (not feedparser's own
downloader) keeps the SSRF guard, size limits and fetch log for the feed request too. Each entry's link
becomes an item; its language (entry or feed `language`), title and published date travel with it. A
feed that fails (HTTP error, unparsable XML) becomes a failure for the feed URL; other sources go on.
The feed is fetched with the ETag/Last-Modified of its last full listing: an unchanged feed costs a 304
and yields nothing (its items are already known; transient failures among them are retried by
`acquire` from the URL history).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator

import feedparser

from extract.discovery.items import DiscoveredItem, DiscoveryContext, DiscoveryEvent, listing_failed
from extract.fetching.page_head import primary_language

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"
log = logging.getLogger(__name__)


def _iso(parsed: time.struct_time | None) -> str | None:
    if not parsed:
        return None
    return dt.datetime(*parsed[:6], tzinfo=dt.UTC).isoformat()


def _entry_link(entry) -> str | None:
    link = entry.get("link")
    if link:
        return link.strip()
    for candidate in entry.get("links", []):
        if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
            return candidate["href"].strip()
    return None


def _entry_language(entry) -> str | None:
    """The entry's own language: its `language`, else the xml:lang feedparser kept on title or summary."""
    for value in (
        entry.get("language"),
        (entry.get("title_detail") or {}).get("language"),
        (entry.get("summary_detail") or {}).get("language"),
    ):
        if value:
            return primary_language(value)
    return None


def discover_feed(source, ctx: DiscoveryContext) -> Iterator[DiscoveryEvent]:
    body, result, note = ctx.fetch_document(source.url, source.id, accept=FEED_ACCEPT, conditional=True)
    if body is None:
        yield note
        return
    headers = result.headers
    parsed = feedparser.parse(
        body,
        response_headers={
            "content-location": result.final_url or source.url,
            "content-type": headers.get("content-type", "application/xml") if headers else "application/xml",
        },
    )
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no RSS or Atom document found"
        yield listing_failed(result, source.id, "source_error", f"not a readable RSS/Atom feed: {reason}")
        return
    feed_language = primary_language(parsed.feed.get("language"))
    items = []
    without_link = 0
    for entry in parsed.entries:
        link = _entry_link(entry)
        if not link:
            without_link += 1
            continue
        items.append(
            DiscoveredItem(
                url=link,
                source_id=source.id,
                source_kind="feed",
                language=_entry_language(entry) or feed_language,
                published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
                title=entry.get("title"),
            )
        )
    listed = [a for a in note.attempts if a.url == source.url and a.outcome == "listed"]
    if listed:
        listed[-1].error_detail = f"{parsed.version or 'feed'}: {len(items)} entries" + (
            f", {without_link} without a link (not acquirable)" if without_link else ""
        )
    if without_link:
        log.warning("feed %s: %d entries have no link", source.url, without_link)
    yield note
    yield from items
