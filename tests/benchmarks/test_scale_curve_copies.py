"""The scale curve's bulk copies are stored articles like any other, for the near-duplicate search too."""

from __future__ import annotations

import datetime as dt

from benchmarks.scale_curve import grow
from tests.warehouse.article_rows import article_row
from warehouse.connection import open_warehouse
from warehouse.load import load_articles

WIRE, WIRE_COPY, OTHER = "c38a887c9d97df2f", "c38a887c9d97df6e", "3c757783626820d0"


def test_copies_have_fingerprints_the_search_reads_and_keep_their_wire_copies(tmp_path):
    path = tmp_path / "w.duckdb"
    day = dt.date(2016, 8, 1)
    with open_warehouse(path) as con:
        load_articles(
            con, [article_row("a", WIRE, day), article_row("b", WIRE_COPY, day), article_row("c", OTHER, day)]
        )
    grow(path, 4)
    with open_warehouse(path) as con:
        rows = con.execute(
            "select article_id, try_cast('0x' || fingerprint as ubigint), duplicate_of from raw.articles"
        ).fetchall()
    fps = {article_id: fp for article_id, fp, _ in rows}
    assert len(rows) == 15 and None not in fps.values()
    assert len(set(fps.values())) == 15

    def bits(x: str, y: str) -> int:
        return bin(fps[x] ^ fps[y]).count("1")

    for k in range(1, 5):
        assert bits(f"a-c{k}", f"b-c{k}") == bits("a", "b") == 2  # a copy's wire copy stays one
        assert all(bits(f"a-c{k}", other) > 8 for other in fps if not other.endswith(f"-c{k}"))
    duplicates = {article_id: dup for article_id, _, dup in rows if dup}
    assert duplicates == {"b": "a", **{f"b-c{k}": f"a-c{k}" for k in range(1, 5)}}
