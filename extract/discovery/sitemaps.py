"""XML sitemaps and sitemap indexes (also gzipped, Google News sitemaps and plain-text URL sitemaps).

Config: `kind: sitemap`, `url: https://site/sitemap.xml`, optional `max_sitemaps` (default from
FetchSettings, 50). An index is followed breadth-first up to that many sitemap files; each page URL
becomes an item, with `news:language`, `news:title` and the publication date when present. Parsing is
ours (lxml, entities and network off) rather than trafilatura's `sitemap_search`, because that function
downloads with its own client and would bypass the SSRF guard, the size limits and the fetch log.

Every sitemap file is fetched with the ETag/Last-Modified of its last full listing, so an unchanged one
costs a 304 and yields nothing; an unchanged index still revalidates the sitemaps it listed last time.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from lxml import etree

from extract.discovery.items import (
    DiscoveredItem,
    DiscoveryContext,
    DiscoveryEvent,
    DiscoveryNote,
    listing_failed,
)
from extract.fetching.client import split_http_url
from extract.fetching.errors import FetchError
from extract.fetching.page_head import primary_language
from extract.fetching.records import FetchAttempt, FetchFailure, utc_now

SITEMAP_ACCEPT = "application/xml, text/xml;q=0.9, text/plain;q=0.5, */*;q=0.1"


@dataclass
class SitemapEntry:
    loc: str
    lastmod: str | None = None
    language: str | None = None
    title: str | None = None


@dataclass
class ParsedSitemap:
    is_index: bool
    entries: list[SitemapEntry] = field(default_factory=list)


def _text(node, name: str) -> str | None:
    found = node.xpath(f"./*[local-name()='{name}']")
    return found[0].text.strip() if found and found[0].text and found[0].text.strip() else None


def _inflate(body: bytes, limit: int) -> bytes:
    if not body.startswith(b"\x1f\x8b"):
        return body
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as handle:
            while chunk := handle.read(65_536):
                out += chunk
                if len(out) > limit:
                    raise ValueError(f"gzipped sitemap inflates past {limit} bytes")
    except (OSError, EOFError, zlib.error) as exc:
        raise ValueError(f"corrupt gzipped sitemap: {exc}") from exc
    return bytes(out)


def parse_sitemap(body: bytes, limit: int = 50_000_000) -> ParsedSitemap:
    """A sitemap index, a urlset or a plain-text list of URLs; ValueError if it is none of these."""
    body = _inflate(body, limit)
    stripped = body.lstrip()
    if not stripped.startswith(b"<"):
        lines = [line.strip() for line in body.decode("utf-8", "replace").splitlines()]
        urls = [line for line in lines if line.startswith(("http://", "https://"))]
        if not urls:
            raise ValueError("neither XML nor a text list of URLs")
        return ParsedSitemap(False, [SitemapEntry(u) for u in urls])
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"invalid XML: {exc}") from exc
    if root is None:
        raise ValueError("empty or unparsable XML")
    tag = etree.QName(root).localname.lower()
    if tag == "sitemapindex":
        children = root.xpath("./*[local-name()='sitemap']")
        return ParsedSitemap(
            True, [SitemapEntry(loc, _text(c, "lastmod")) for c in children if (loc := _text(c, "loc"))]
        )
    if tag == "urlset":
        entries = []
        for node in root.xpath("./*[local-name()='url']"):
            loc = _text(node, "loc")
            if not loc:
                continue
            news = node.xpath("./*[local-name()='news']")
            language = title = published = None
            if news:
                publication = news[0].xpath("./*[local-name()='publication']")
                language = _text(publication[0], "language") if publication else None
                title = _text(news[0], "title")
                published = _text(news[0], "publication_date")
            entries.append(
                SitemapEntry(loc, published or _text(node, "lastmod"), primary_language(language), title)
            )
        return ParsedSitemap(False, entries)
    raise ValueError(f"root element <{tag}> is neither <urlset> nor <sitemapindex>")


def discover_sitemap(source, ctx: DiscoveryContext) -> Iterator[DiscoveryEvent]:
    cap = source.max_sitemaps or ctx.settings.max_sitemaps
    queue: deque[str] = deque([source.url])
    seen: set[str] = set()
    read = 0
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        if read >= cap:
            detail = f"max_sitemaps={cap} reached: {len(queue) + 1} more sitemap(s) not read this run"
            yield DiscoveryNote(
                [FetchAttempt(url, source.id, 1, utc_now(), None, "skipped", "filtered", detail)]
            )
            return
        read += 1
        body, result, note = ctx.fetch_document(url, source.id, accept=SITEMAP_ACCEPT, conditional=True)
        if body is None:
            yield note
            previous = ctx.previous_listing(url) if note.unchanged else None
            if previous is not None:
                queue.extend(previous.children)  # an unchanged index: its sitemaps may still have changed
            continue
        try:
            sitemap = parse_sitemap(body, ctx.settings.max_document_bytes)
        except ValueError as exc:
            yield listing_failed(result, source.id, "source_error", f"unreadable sitemap {url}: {exc}")
            continue
        if note.listing is not None and sitemap.is_index:
            note.listing = replace(note.listing, children=tuple(e.loc for e in sitemap.entries))
        listed = [a for a in note.attempts if a.url == url and a.outcome == "listed"]
        if listed:
            what = "sitemap index" if sitemap.is_index else "urlset"
            listed[-1].error_detail = f"{what}: {len(sitemap.entries)} entries"
        yield note
        for entry in sitemap.entries:
            if sitemap.is_index:
                queue.append(entry.loc)
                continue
            try:
                split_http_url(entry.loc)
            except FetchError as err:
                attempt = FetchAttempt(
                    entry.loc, source.id, 1, utc_now(), None, "failed", "bad_url", err.detail
                )
                yield DiscoveryNote([attempt], FetchFailure(entry.loc, source.id, "bad_url", err.detail, 1))
                continue
            yield DiscoveredItem(
                url=entry.loc,
                source_id=source.id,
                source_kind="sitemap",
                language=entry.language,
                published=entry.lastmod,
                title=entry.title,
            )
