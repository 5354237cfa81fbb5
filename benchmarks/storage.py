"""Bytes per stored page: the DuckDB file after a checkpoint, how much of it is free, where the used
blocks go, and what each part of a page weighs.

The file's size counts free blocks too (blocks a checkpoint stopped using; DuckDB reuses them but
does not give them back to the file system unless they sit at its end), so the file alone cannot
tell a heavier warehouse from a rewritten one: a 10,000-page warehouse stored 78.5 KB per page after
dbt's session rewrote the raw tables, half of it free (docs/scaling.md, session 7).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.connection import connect


def storage_per_page(warehouse: Path) -> dict[str, float]:
    """File, used and free bytes per page after CHECKPOINT; the used blocks per page by schema (raw,
    ref, marts, ...; a block shared by two schemas counts for both); and the raw HTML (compressed),
    text and mentions per page as the tables hold them (uncompressed column values; DuckDB
    compresses text further on disk). The file is opened as the pipeline's writers open it, so the
    checkpoint of a leftover WAL leaves their row groups as they are."""
    con = connect(warehouse)
    try:
        con.execute("set enable_progress_bar = false")  # a session setting: connect's config refuses it
        con.execute("checkpoint")
        pages, html_raw, html_zlib = con.execute(
            "select count(*), sum(html_bytes), sum(octet_length(html_zlib)) from raw.pages"
        ).fetchone()
        text = con.execute("select coalesce(sum(strlen(text)), 0) from raw.articles").fetchone()[0]
        mentions, mention_bytes = con.execute(
            "select count(*), coalesce(sum(strlen(sentence) + 400), 0) from raw.mentions"
        ).fetchone()
        block_size, used, free = con.execute(
            "select block_size, used_blocks, free_blocks from pragma_database_size() "
            "where database_name = current_database()"
        ).fetchone()
        by_schema = _used_blocks_by_schema(con)
    finally:
        con.close()
    if not pages:
        return {"pages": 0}
    size = Path(warehouse).stat().st_size
    return {
        "pages": pages,
        "file_bytes_per_page": round(size / pages),
        "used_bytes_per_page": round(used * block_size / pages),
        "free_bytes_per_page": round(free * block_size / pages),
        **{f"{schema}_bytes_per_page": round(n * block_size / pages) for schema, n in by_schema.items()},
        "html_bytes_per_page": round(html_raw / pages),
        "html_zlib_bytes_per_page": round(html_zlib / pages),
        "text_bytes_per_page": round(text / pages),
        "mentions_per_page": round(mentions / pages, 2),
        "mention_bytes_per_page_approx": round(mention_bytes / pages),
    }


def _used_blocks_by_schema(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Distinct data blocks each schema's tables hold (their segments' and overflow blocks)."""
    tables = con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = current_database() "
        "order by all"
    ).fetchall()
    blocks: dict[str, set[int]] = {}
    for schema, table in tables:
        name = f'"{schema}"."{table}"'.replace("'", "''")
        ids = con.execute(
            f"""select list(distinct b) from (
                    select block_id as b from pragma_storage_info('{name}') where block_id >= 0
                    union all
                    select unnest(additional_block_ids) from pragma_storage_info('{name}')
                )"""
        ).fetchone()[0]
        blocks.setdefault(schema, set()).update(ids or [])
    return {schema: len(ids) for schema, ids in blocks.items()}
