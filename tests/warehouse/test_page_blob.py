"""Stored HTML stays a plain zlib stream: pages written by earlier releases (stdlib zlib) read back,
and what ISA-L writes reads back with stdlib zlib (a user's SQL or script needs nothing else)."""

from __future__ import annotations

import zlib
from pathlib import Path

from warehouse.page_blob import deflate, inflate

PAGES = sorted((Path(__file__).parents[1] / "fixtures" / "mini_corpus").glob("*.html"))


def test_pages_round_trip_through_both_zlibs():
    bodies = [page.read_bytes() for page in PAGES] * 4  # 12 pages: the threaded path
    assert len(bodies) >= 8
    blobs = deflate(bodies)
    for body, blob in zip(bodies, blobs, strict=True):
        assert len(blob) < len(body) / 2, "news HTML compresses to well under half"
        assert zlib.decompress(blob) == body
        assert inflate(blob) == body


def test_pages_stored_by_earlier_releases_still_read():
    for page in PAGES:
        body = page.read_bytes()
        assert inflate(zlib.compress(body, 3)) == body


def test_a_small_batch_deflates_in_the_calling_thread():
    body = PAGES[0].read_bytes()
    (blob,) = deflate([body])
    assert zlib.decompress(blob) == body
