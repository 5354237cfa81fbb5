"""Bytes per stored page: the DuckDB file after a checkpoint, and what each part of a page weighs."""

from __future__ import annotations

from pathlib import Path

import duckdb


def storage_per_page(warehouse: Path) -> dict[str, float]:
    """File bytes per page after CHECKPOINT, and the raw HTML (compressed), text and mentions per page
    as the tables hold them (uncompressed column values; DuckDB compresses text further on disk)."""
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("checkpoint")
        pages, html_raw, html_zlib = con.execute(
            "select count(*), sum(html_bytes), sum(octet_length(html_zlib)) from raw.pages"
        ).fetchone()
        text = con.execute("select coalesce(sum(strlen(text)), 0) from raw.articles").fetchone()[0]
        mentions, mention_bytes = con.execute(
            "select count(*), coalesce(sum(strlen(sentence) + 400), 0) from raw.mentions"
        ).fetchone()
    finally:
        con.close()
    if not pages:
        return {"pages": 0}
    size = Path(warehouse).stat().st_size
    return {
        "pages": pages,
        "file_bytes_per_page": round(size / pages),
        "html_bytes_per_page": round(html_raw / pages),
        "html_zlib_bytes_per_page": round(html_zlib / pages),
        "text_bytes_per_page": round(text / pages),
        "mentions_per_page": round(mentions / pages, 2),
        "mention_bytes_per_page_approx": round(mention_bytes / pages),
    }
