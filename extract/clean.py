"""Cleaning: raw HTML -> the article's main text and metadata, with trafilatura.

Every page gets a result: an article (status "ok") or the reason there is none, so a page that
fails to parse is recorded, never dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.utils import load_html

from extract.fingerprint import content_fingerprint
from extract.page_metadata import page_metadata

# /2: fast=True (no readability/jusText fallback); identical text on the dev set, the demo corpus and
# the benchmark corpus, a third less time a page (benchmarks/end_to_end.py)
# /3: metadata without categories, tags and licence (extract/page_metadata.py); the same fields
CLEANER_VERSION = f"trafilatura-{trafilatura.__version__}/3"
MIN_TEXT_CHARS = 150  # below this a page is a stub, an index or an error page, not an article

log = logging.getLogger(__name__)
# trafilatura's options for every page's main text (the metadata: `page_metadata`)
TRAFILATURA_OPTIONS = {
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


def read_with_trafilatura(
    html: str | bytes, url: str | None = None
) -> tuple[HtmlElement | None, Document | None, Document | None]:
    """What the cleaner asks of trafilatura (benchmarks/floor.py times this alone): the page parsed
    once, its metadata, and its main text (`bare_extraction` works on a copy of the tree)."""
    tree = load_html(html)
    if tree is None:
        return None, None, None
    meta = page_metadata(tree, url)
    return tree, meta, trafilatura.bare_extraction(tree, url=url or meta.url, **TRAFILATURA_OPTIONS)


def _has_precise_text(tree: HtmlElement, url: str | None) -> bool:
    precise = trafilatura.bare_extraction(tree, url=url, favor_precision=True, include_comments=False)
    return bool(precise is not None and len((precise.text or "").strip()) >= MIN_TEXT_CHARS)


def clean_article(html: str | bytes, url: str | None = None) -> CleanArticle:
    """Extract the main text and metadata of one page; never raises on bad input."""
    if not html or not html.strip():
        return CleanArticle(status="no_text", reason="empty page body", url=url)
    try:
        tree, meta, doc = read_with_trafilatura(html, url)
    except Exception as exc:  # trafilatura and lxml raise many kinds on broken markup
        log.warning("cleaning failed for %s: %s", url, exc)
        return CleanArticle(status="error", reason=f"{type(exc).__name__}: {exc}"[:500], url=url)
    if doc is None:
        return CleanArticle(status="no_text", reason="trafilatura found no main text", url=url)
    text = (doc.text or "").strip()
    result = CleanArticle(
        status="ok",
        url=meta.url or url,
        title=meta.title,
        author=meta.author,
        sitename=meta.sitename,
        hostname=meta.hostname,
        published_date=_parse_date(meta.date),
        language=meta.language,
        text=text,
    )
    if len(text) < MIN_TEXT_CHARS:
        result.status = "not_article"
        result.reason = f"main text has {len(text)} characters (< {MIN_TEXT_CHARS})"
    elif meta.pagetype and meta.pagetype.lower() not in ARTICLE_TYPES and not _has_precise_text(tree, url):
        # og:type says this is no article (a section front, a tag page): trafilatura's default mode
        # falls back to headlines and menus there, its precision mode finds no main text at all
        result.status, result.reason = "not_article", f"page type is {meta.pagetype!r} and has no main text"
    if text:
        result.fingerprint = content_fingerprint(text)
    return result
