"""The pipeline's stages over the warehouse: acquire pages, clean them, extract mentions.

Each stage reads what is new from the raw layer, calls the pure functions of `extract/`, and loads
the result keyed and in bulk, so a stage run twice does nothing the second time. Dagster assets and
the CLI both call these functions: one code path.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import duckdb

from extract.clean import CLEANER_VERSION, clean_article
from extract.models import ArticleText, ExtractionError
from warehouse.load import (
    WarehouseKnownPages,
    Window,
    articles_to_extract,
    load_acquisition_batch,
    load_articles,
    load_mentions,
    pages_to_clean,
)

log = logging.getLogger("frontlines.stages")
BATCH = 200
Progress = Callable[[str, int], None]


@dataclass
class StageCounts:
    new: int = 0
    unchanged: int = 0
    failed: int = 0
    by_reason: Counter = field(default_factory=Counter)
    by_family: Counter = field(default_factory=Counter)

    def as_metadata(self) -> dict:
        out = {"new": self.new, "unchanged": self.unchanged, "failed": self.failed}
        if self.by_reason:
            out["by_reason"] = dict(self.by_reason)
        if self.by_family:
            out["by_family"] = dict(self.by_family)
        return out


def ingest_pages(
    con: duckdb.DuckDBPyConnection, sources, settings, run_id: str, progress: Progress | None = None
):
    """Discover and fetch every source; store new or changed pages and every attempt."""
    from extract.acquire import acquire

    counts = StageCounts()
    known = WarehouseKnownPages(con)
    for batch in acquire(sources, known, settings):
        result = load_acquisition_batch(con, batch, run_id)
        counts.new += result["pages_new"]
        counts.unchanged += result["pages_unchanged"] + len(batch.unchanged)
        counts.failed += result["failures"]
        counts.by_reason.update(f.error_class for f in batch.failures)
        if progress:
            progress("pages", len(batch.pages) + len(batch.unchanged) + len(batch.failures))
    return counts


def _clean_row(page_id: str, url: str, html: bytes, content_hash: str) -> dict:
    result = clean_article(html, url)
    row = {
        "article_id": page_id,
        "page_id": page_id,
        "url": result.url or url,
        "status": result.status,
        "reason": result.reason,
        "title": result.title,
        "author": result.author,
        "sitename": result.sitename,
        "hostname": result.hostname,
        "published_date": result.published_date,
        "language": result.language,
        "fingerprint": result.fingerprint,
        "duplicate_of": None,
        "text": result.text,
        "cleaner_version": CLEANER_VERSION,
        "content_hash": content_hash,
    }
    return row


def _batched(items: Iterable, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def clean_pages(
    con: duckdb.DuckDBPyConnection,
    everything: bool = False,
    progress: Progress | None = None,
    window: Window = None,
):
    """Clean every page that has no current article; a page that fails is stored with its reason.

    `window` limits the work to pages ingested in [start, end) (a partition or a range of them)."""
    counts = StageCounts()
    # materialise the work list first: the cursor cannot stay open while we write
    pending = list(pages_to_clean(con, CLEANER_VERSION, everything=everything, window=window))
    for batch in _batched(pending, BATCH):
        rows = [_clean_row(*item) for item in batch]
        load_articles(con, rows)
        for row in rows:
            if row["status"] == "ok":
                counts.new += 1
            else:
                counts.failed += 1
                counts.by_reason[row["status"]] += 1
        if progress:
            progress("articles", len(rows))
    return counts


def extract_mentions(
    con: duckdb.DuckDBPyConnection,
    extractor,
    everything: bool = False,
    progress: Progress | None = None,
    window: Window = None,
):
    """Run the extractor over articles it has not read; replace its rows for those articles.

    `window` limits the work to articles whose page was ingested in [start, end)."""
    counts = StageCounts()
    pending = list(
        articles_to_extract(con, extractor.name, extractor.version, everything=everything, window=window)
    )
    for batch in _batched(pending, BATCH):
        mentions, links, ids, failed = [], [], [], {}
        for article_id, url, text, published, title in batch:
            ids.append(article_id)
            article = ArticleText(
                article_id=article_id, url=url, text=text or "", published=published, title=title
            )
            try:
                found, found_links = extractor.extract(article)
            except ExtractionError as exc:
                log.warning("extractor %s failed on %s: %s", extractor.name, url, exc)
                failed[article_id] = f"{type(exc).__name__}: {exc}"[:1000]
                counts.failed += 1
                counts.by_reason[type(exc).__name__] += 1
                continue
            mentions.extend(found)
            links.extend(found_links)
        load_mentions(con, ids, mentions, links, extractor.name, extractor.version, failed=failed)
        counts.new += len(mentions)
        counts.by_family.update(m.family for m in mentions)
        if progress:
            progress("mentions", len(batch))
    counts.unchanged = 0
    return counts
