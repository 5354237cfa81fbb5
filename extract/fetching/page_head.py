"""Read a page's canonical URL and language from its <head> only, and normalise URLs with courlan.

Parsing just the head keeps this cheap enough to run on every page before it is stored. A fetched page
may only claim a canonical URL on its own registered domain: a syndicated wire copy that names the
original outlet as canonical must stay a page of its own, or the marts would lose an independent source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import courlan
import lxml.html
from lxml import etree

_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_HEAD_SCAN_CHARS = 262_144


@dataclass(frozen=True, slots=True)
class PageHead:
    canonical: str | None
    og_url: str | None
    language: str | None
    title: str | None


def read_head(html_text: str) -> PageHead:
    """Canonical link, og:url, <html lang> and <title>; all None when the head cannot be parsed."""
    chunk = html_text[:_HEAD_SCAN_CHARS]
    end = _HEAD_END.search(chunk)
    if end:
        chunk = chunk[: end.start()]
    chunk = _XML_DECL.sub("", chunk)
    if not chunk.strip():
        return PageHead(None, None, None, None)
    try:
        root = lxml.html.document_fromstring(chunk + "</head><body></body></html>")
    except (etree.ParserError, ValueError):
        return PageHead(None, None, None, None)
    canonical = None
    for link in root.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        if "canonical" in rels and (link.get("href") or "").strip():
            canonical = link.get("href").strip()
            break
    og_url = None
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").strip().lower() == "og:url":
            og_url = (meta.get("content") or "").strip() or None
            if og_url:
                break
    language = (root.get("lang") or root.get("xml:lang") or "").strip() or None
    title_el = root.find(".//title")
    title = title_el.text_content().strip() if title_el is not None else None
    return PageHead(canonical, og_url, language, title or None)


def normalise_url(url: str) -> str:
    """courlan's normalisation (lower-case host, sorted query, tracking parameters gone), no fragment."""
    try:
        normalised = courlan.normalize_url(url)
    except (ValueError, AttributeError, TypeError):
        normalised = url
    parts = urlsplit(normalised)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def _registered_domain(url: str) -> str | None:
    """'https://amp.bbc.co.uk/x' -> 'bbc.co.uk'; the bare host for IP addresses and local names."""
    try:
        domain = courlan.extract_domain(url, fast=True)
    except (ValueError, AttributeError, TypeError):
        domain = None
    return domain or (urlsplit(url).hostname or None)


def _http_candidate(base_url: str, value: str | None) -> str | None:
    if not value:
        return None
    absolute = urljoin(base_url, value)
    parts = urlsplit(absolute)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    return absolute


def canonical_for_fetched(page_url: str, head: PageHead) -> str:
    """The page's own canonical (or og:url) on its registered domain, else its normalised URL."""
    page_domain = _registered_domain(page_url)
    for value in (head.canonical, head.og_url):
        candidate = _http_candidate(page_url, value)
        if candidate and page_domain and _registered_domain(candidate) == page_domain:
            return normalise_url(candidate)
    return normalise_url(page_url)


def canonical_for_file(path: Path, head: PageHead) -> str:
    """An archive file's canonical/og:url (any domain: the file has no address of its own) else file://."""
    for value in (head.canonical, head.og_url):
        candidate = _http_candidate("http://invalid.invalid/", value) if value else None
        if candidate and not candidate.startswith("http://invalid.invalid/"):
            return normalise_url(candidate)
    return path.resolve().as_uri()


def primary_language(tag: str | None) -> str | None:
    """'en-GB' -> 'en'; None for empty tags."""
    if not tag:
        return None
    primary = tag.strip().replace("_", "-").split("-")[0].lower()
    return primary or None
