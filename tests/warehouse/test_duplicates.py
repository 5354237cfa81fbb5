"""Wire-copy marking by fingerprint blocks gives what comparing every pair of articles gives."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from tests.warehouse.article_rows import article_row
from warehouse.connection import open_warehouse
from warehouse.duplicates import NEAR_DUPLICATE_BITS, NEAR_DUPLICATE_DAYS, block_variants, mark_duplicates
from warehouse.load import load_articles

START = dt.date(2016, 7, 1)


@pytest.fixture
def con(tmp_path):
    with open_warehouse(tmp_path / "w.duckdb") as connection:
        yield connection


def _flip(value: int, bits: int, rng: random.Random) -> int:
    for i in rng.sample(range(64), bits):
        value ^= 1 << i
    return value


def _articles(rng: random.Random, stories: int) -> list[dict]:
    """Stories with copies 0-12 bits away (around the 8-bit line), dates within and past a week,
    some undated, some not ok, and stories whose bases are themselves near each other."""
    rows = []
    bases = [rng.getrandbits(64) for _ in range(stories)]
    bases += [_flip(b, rng.randint(3, 10), rng) for b in bases[: stories // 3]]
    for s, base in enumerate(bases):
        day = START + dt.timedelta(days=rng.randint(0, 40))
        for c in range(rng.randint(1, 4)):
            fp = _flip(base, rng.choice((0, 1, 2, 4, 6, 7, 8, 8, 9, 10, 12)), rng)
            shift = rng.choice((0, 0, 1, 3, NEAR_DUPLICATE_DAYS, NEAR_DUPLICATE_DAYS + 1, 20))
            published = None if rng.random() < 0.1 else day + dt.timedelta(days=shift)
            status = "not_article" if rng.random() < 0.05 else "ok"
            rows.append(article_row(f"s{s:03d}c{c}", f"{fp:x}", published, status))
    rng.shuffle(rows)
    return rows


def _every_pair(rows: list[dict]) -> dict[str, str | None]:
    """duplicate_of by the rule itself: the earliest near article (publication, then id), self included."""
    ok = [r for r in rows if r["status"] == "ok"]

    def near(a, b):
        bits = bin(int(a["fingerprint"], 16) ^ int(b["fingerprint"], 16)).count("1")
        dated = a["published_date"] is not None and b["published_date"] is not None
        close = not dated or abs((a["published_date"] - b["published_date"]).days) <= NEAR_DUPLICATE_DAYS
        return bits <= NEAR_DUPLICATE_BITS and close

    def order(r):
        return (r["published_date"] or dt.date(9999, 12, 31), r["article_id"])

    marks = {r["article_id"]: None for r in rows}
    for a in ok:
        first = min((b for b in ok if near(a, b)), key=order)["article_id"]
        marks[a["article_id"]] = None if first == a["article_id"] else first
    return marks


def _marks(con) -> dict[str, str | None]:
    return dict(con.execute("select article_id, duplicate_of from raw.articles").fetchall())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_marking_everything_at_once_matches_every_pair_compared(con, seed):
    rows = _articles(random.Random(seed), 60)
    load_articles(con, [dict(r) for r in rows])
    mark_duplicates(con)
    expected = _every_pair(rows)
    assert sum(v is not None for v in expected.values()) > 20  # the data has copies to find
    assert _marks(con) == expected


@pytest.mark.parametrize("seed", [4, 5])
def test_loading_in_batches_matches_every_pair_compared(con, seed):
    """Each load re-marks only its articles' neighbourhood; after the last the whole answer holds."""
    rng = random.Random(seed)
    rows = _articles(rng, 60)
    for start in range(0, len(rows), 25):
        load_articles(con, [dict(r) for r in rows[start : start + 25]])
    assert _marks(con) == _every_pair(rows)


def test_every_change_of_up_to_eight_bits_meets_an_unchanged_block():
    """The pigeonhole the join relies on, checked on the variant table the query uses."""
    variants = block_variants().to_pylist()
    by_block: dict[int, set[int]] = {}
    for row in variants:
        by_block.setdefault(row["block"], set()).add(row["flip"])
    places = {row["block"]: (row["shift"], row["mask"]) for row in variants}
    assert sum(bin(mask).count("1") for _, mask in places.values()) == 64
    rng = random.Random(9)
    for _ in range(2000):
        diff = _flip(0, rng.randint(0, NEAR_DUPLICATE_BITS), rng)
        assert any((diff >> shift) & mask in by_block[b] for b, (shift, mask) in places.items())
