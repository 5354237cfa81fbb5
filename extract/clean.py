"""Cleaning: raw HTML -> the article's main text and metadata, with trafilatura.

Every page gets a result: an article (status "ok") or the reason there is none, so a page that
fails to parse is recorded, never dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import trafilatura

from extract.fingerprint import content_fingerprint

# /2: fast=True (no readability/jusText fallback); identical text on the dev set, the demo corpus and
# the benchmark corpus, a third less time a page (benchmarks/end_to_end.py)
CLEANER_VERSION = f"trafilatura-{trafilatura.__version__}/2"
MIN_TEXT_CHARS = 150  # below this a page is a stub, an index or an error page, not an article

log = logging.getLogger(__name__)
# trafilatura's options for every page (benchmarks/floor.py times trafilatura alone with these)
TRAFILATURA_OPTIONS = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": False,
    "fast": True,
}


@dataclass(slots=True)
class CleanArticle:
    status: str  # ok, no_text, not_article, error
    reason: str | None = None
    url: str | None = None  # the page's canonical URL as trafilatura reads it
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    hostname: str | None = None
    published_date: dt.date | None = None
    language: str | None = None
    fingerprint: str | None = None
    text: str | None = None


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


ARTICLE_TYPES = ("article", "blogposting", "newsarticle", "reportagenewsarticle")


def _has_precise_text(html: str | bytes, url: str | None) -> bool:
    precise = trafilatura.bare_extraction(html, url=url, favor_precision=True, include_comments=False)
    return bool(precise is not None and len((precise.text or "").strip()) >= MIN_TEXT_CHARS)


def clean_article(html: str | bytes, url: str | None = None) -> CleanArticle:
    """Extract the main text and metadata of one page; never raises on bad input."""
    if not html or not html.strip():
        return CleanArticle(status="no_text", reason="empty page body", url=url)
    try:
        doc = trafilatura.bare_extraction(html, url=url, **TRAFILATURA_OPTIONS)
    except Exception as exc:  # trafilatura and lxml raise many kinds on broken markup
        log.warning("cleaning failed for %s: %s", url, exc)
        return CleanArticle(status="error", reason=f"{type(exc).__name__}: {exc}"[:500], url=url)
    if doc is None:
        return CleanArticle(status="no_text", reason="trafilatura found no main text", url=url)
    text = (doc.text or "").strip()
    result = CleanArticle(
        status="ok",
        url=doc.url or url,
        title=doc.title,
        author=doc.author,
        sitename=doc.sitename,
        hostname=doc.hostname,
        published_date=_parse_date(doc.date),
        language=doc.language,
        text=text,
    )
    if len(text) < MIN_TEXT_CHARS:
        result.status = "not_article"
        result.reason = f"main text has {len(text)} characters (< {MIN_TEXT_CHARS})"
    elif doc.pagetype and doc.pagetype.lower() not in ARTICLE_TYPES and not _has_precise_text(html, url):
        # og:type says this is no article (a section front, a tag page): trafilatura's default mode
        # falls back to headlines and menus there, its precision mode finds no main text at all
        result.status, result.reason = "not_article", f"page type is {doc.pagetype!r} and has no main text"
    if text:
        result.fingerprint = content_fingerprint(text)
    return result
