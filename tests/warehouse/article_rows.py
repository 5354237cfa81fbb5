"""A `raw.articles` row as `load_articles` takes it, for tests that load articles by hand."""

from __future__ import annotations

import datetime as dt


def article_row(
    article_id: str,
    fingerprint: str | None = None,
    published: dt.date | None = dt.date(2016, 8, 1),
    status: str = "ok",
    text: str = "some text",
) -> dict:
    return {
        "article_id": article_id,
        "page_id": article_id,
        "url": f"https://x.example/{article_id}",
        "status": status,
        "reason": None,
        "title": "t",
        "author": None,
        "sitename": None,
        "hostname": None,
        "published_date": published,
        "language": "en",
        "fingerprint": fingerprint,
        "duplicate_of": None,
        "text": text,
        "cleaner_version": "v1",
        "content_hash": "h",
    }
