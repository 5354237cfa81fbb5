"""Materialization metadata a person can read in the UI: counts, previews, durations."""

from __future__ import annotations

from dagster import MetadataValue


def row_count(con, table: str) -> int:
    return con.execute(f"select count(*) from {table}").fetchone()[0]


def markdown_table(con, sql: str, params: list | None = None, width: int = 80) -> MetadataValue:
    """The first rows of a query as a Markdown table (cells cut to `width` characters)."""
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    rows = cur.fetchall()
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in rows:
        cells = (str(v).replace("|", "/").replace("\n", " ")[:width] for v in row)
        lines.append("| " + " | ".join(cells) + " |")
    return MetadataValue.md("\n".join(lines))
