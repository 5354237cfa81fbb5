"""WARC files: crawls users already have, read with warcio; no network at all.

Config: `kind: warc`, `path: <file.warc[.gz]>` or a folder (every `.warc`, `.warc.gz` under it, sorted).
Each `response` record with HTTP 200 and an HTML content type becomes a page directly (the record's
target URI, headers and de-chunked, decompressed body). Other responses (images, scripts, redirects,
errors) are logged as skipped attempts (`not_html`, or `filtered` with the status) rather than failures:
a crawl holds them by nature. Request, metadata and revisit records carry no page and are passed over.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from extract.discovery.items import (
    DiscoveredItem,
    DiscoveryContext,
    DiscoveryEvent,
    DiscoveryNote,
    failure_note,
)
from extract.fetching.client import HTML_TYPES
from extract.fetching.records import FetchAttempt, FetchFailure, utc_now

WARC_SUFFIXES = (".warc", ".warc.gz")


def list_warc_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(WARC_SUFFIXES))


def looks_like_warc(path: Path) -> bool:
    """warcio reads almost anything leniently; a WARC file (gzipped or not) starts with 'WARC/'."""
    with path.open("rb") as handle:
        head = handle.read(2)
        handle.seek(0)
        if head == b"\x1f\x8b":
            try:
                with gzip.GzipFile(fileobj=handle) as inflated:
                    return inflated.read(5) == b"WARC/"
            except (OSError, EOFError, zlib.error):
                return False
        return handle.read(5) == b"WARC/"


def _skipped(url: str, source_id: str, status: int | None, error_class: str, detail: str) -> DiscoveryNote:
    attempt = FetchAttempt(url, source_id, 1, utc_now(), status, "skipped", error_class, detail)
    return DiscoveryNote([attempt], filtered=[url])


def discover_warc(source, ctx: DiscoveryContext) -> Iterator[DiscoveryEvent]:
    root = Path(source.path)
    if not root.exists():
        yield failure_note(
            root.as_uri(), source.id, "source_error", f"WARC path {root} does not exist: fix `path`"
        )
        return
    limit = ctx.settings.max_body_bytes
    for warc_path in list_warc_files(root):
        try:
            if not looks_like_warc(warc_path):
                raise ValueError("the file does not start with a WARC record ('WARC/' version line)")
            with warc_path.open("rb") as stream:
                for record in ArchiveIterator(stream):
                    if record.rec_type != "response" or record.http_headers is None:
                        continue
                    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<> ")
                    if not url:
                        continue
                    http = record.http_headers
                    status = int(http.get_statuscode() or 0) or None
                    content_type = http.get_header("Content-Type") or ""
                    media_type = content_type.split(";")[0].strip().lower()
                    if status != 200:
                        yield _skipped(
                            url, source.id, status, "filtered", f"WARC response with HTTP {status}"
                        )
                        continue
                    if media_type not in HTML_TYPES:
                        detail = f"WARC record of type {media_type or 'unknown'!r}"
                        yield _skipped(url, source.id, status, "not_html", detail)
                        continue
                    body = record.content_stream().read(limit + 1)
                    if len(body) > limit:
                        detail = f"WARC record body exceeds the limit of {limit} bytes"
                        attempt = FetchAttempt(
                            url, source.id, 1, utc_now(), status, "failed", "too_large", detail
                        )
                        yield DiscoveryNote([attempt], FetchFailure(url, source.id, "too_large", detail, 1))
                        continue
                    yield DiscoveredItem(
                        url=url,
                        source_id=source.id,
                        source_kind="warc",
                        body=body,
                        content_type=content_type,
                        http_status=status,
                        etag=http.get_header("ETag"),
                        last_modified=http.get_header("Last-Modified"),
                        published=None,
                    )
        except (ArchiveLoadFailed, OSError, ValueError) as exc:
            detail = f"cannot read WARC file {warc_path}: {type(exc).__name__}: {exc}"
            yield failure_note(warc_path.as_uri(), source.id, "source_error", detail)
