"""Wire copies: which stored article each near-duplicate points at, found without comparing every pair.

Two articles are near duplicates when their 64-bit text fingerprints (simhash) differ in at most
NEAR_DUPLICATE_BITS bits and they were published within NEAR_DUPLICATE_DAYS of each other (or one
has no date). Comparing each new article with every stored one made each load cost grow with the
warehouse: 1,000 new articles against 100,000 stored is 100 million comparisons. Instead the 64 bits
are cut into BLOCKS blocks: if two fingerprints differ in at most 8 bits, one of the 5 blocks differs
in at most 1 (pigeonhole). Each new article's blocks are spelt out with every change of up to 1 bit
(69 variants in all), and a hash join on (block, value, week) with the stored articles' blocks finds
every candidate pair; the exact rule is checked on those only (the scheme of Manku, Jain and Das
Sarma, WWW 2007, for simhash). The answer is the same as comparing every pair:
tests/warehouse/test_duplicates.py compares them.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import duckdb
import pyarrow as pa

NEAR_DUPLICATE_BITS = 8  # simhash bits of 64 that may differ: similarity >= 0.875 (wire copies ~0.9+)
NEAR_DUPLICATE_DAYS = 7  # wire copies run within days of each other; also the search's "week" (>= 1)
FINGERPRINT_BITS = 64
BLOCKS = 5


def block_variants(
    bits: int = FINGERPRINT_BITS, max_differing: int = NEAR_DUPLICATE_BITS, blocks: int = BLOCKS
) -> pa.Table:
    """(block, shift, mask, flip) rows: each block's place in the fingerprint and every change of up
    to `max_differing // blocks` of its bits (flip 0 is the block as it is)."""
    per_block = max_differing // blocks  # blocks * (per_block + 1) > max_differing: the pigeonhole
    rows, shift = [], 0
    for block in range(blocks):
        width = bits // blocks + (1 if block < bits % blocks else 0)
        for n in range(per_block + 1):
            for chosen in combinations(range(width), n):
                rows.append((block, shift, (1 << width) - 1, sum(1 << i for i in chosen)))
        shift += width
    names = ("block", "shift", "mask", "flip")
    return pa.table({name: pa.array([r[i] for r in rows], pa.uint64()) for i, name in enumerate(names)})


FP = "try_cast('0x' || fingerprint as ubigint)"
NEAR = (
    f"bit_count(xor(t.fp, o.fp)) <= {NEAR_DUPLICATE_BITS} and (t.published_date is null "
    f"or o.published_date is null or abs(date_diff('day', t.published_date, o.published_date)) "
    f"<= {NEAR_DUPLICATE_DAYS})"
)
_VARIANTS = block_variants()


def _near_pairs(side: str) -> str:
    """SQL: (t_id, o_id, o_published) for every article t of the CTE `side` (its blocks spelt out
    with their variants) and every stored article o near it, o = t included. Candidates share a
    block and, when both are dated, a week (`stored` holds each dated article under its own week and
    the two beside it; a week is NEAR_DUPLICATE_DAYS days, so near dates are weeks at most 1 apart).
    A pair may come twice."""
    pick = "select t.article_id as t_id, o.article_id as o_id, o.published_date as o_published"
    same_block = "t.block = o.block and t.part = o.part"
    return f"""
        {pick} from {side} as t join stored as o on {same_block} and t.week = o.week and {NEAR}
        union all
        {pick} from {side} as t join stored as o on {same_block} and o.week_offset = 0 and {NEAR}
        where t.week is null
        union all
        {pick} from {side} as t join stored as o on {same_block} and {NEAR}
        where o.week is null and t.week is not null
    """


def mark_duplicates(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str] | None = None) -> None:
    """duplicate_of = the earliest article (by publication, then id) whose text fingerprint (a simhash)
    is near this one's: wire copies and light rewrites form one cluster; none is dropped.

    Only the given articles and their near neighbours are re-marked, and neighbours are found by
    hash joins on fingerprint blocks and weeks: a load's cost grows with the articles it brings
    and those published the same weeks, not with the warehouse."""
    if article_ids is None:
        article_ids = [r[0] for r in con.execute("select article_id from raw.articles").fetchall()]
    con.register("_dup_keys", pa.table({"k": pa.array(list(article_ids), pa.string())}))
    con.register("_dup_variants", _VARIANTS)
    try:
        con.execute(
            f"""
            create or replace temp table _dup_scope as
            with ok as (
                select article_id, published_date, {FP} as fp,
                       date_diff('day', date '1970-01-01', published_date) // {NEAR_DUPLICATE_DAYS} as week
                from raw.articles
                where status = 'ok' and fingerprint is not null and {FP} is not null
            ),
            stored as (
                select ok.article_id, ok.published_date, ok.fp, b.block, (ok.fp >> b.shift) & b.mask as part,
                       ok.week + w.week_offset as week, w.week_offset
                from ok
                cross join (select * from _dup_variants where flip = 0) as b
                cross join (values (-1), (0), (1)) as w (week_offset)
                where ok.week is not null or w.week_offset = 0
            ),
            seeds as (
                select ok.*, v.block, xor((ok.fp >> v.shift) & v.mask, v.flip) as part
                from ok cross join _dup_variants as v
                where ok.article_id in (select k from _dup_keys)
            ),
            touched as (
                -- the seeds' neighbours, and the clusters the seeds belonged to before this load
                select o_id as article_id from ({_near_pairs("seeds")})
                union select article_id from raw.articles where duplicate_of in (select k from _dup_keys)
                union select duplicate_of from raw.articles where article_id in (select k from _dup_keys)
            ),
            targets as (
                select ok.*, v.block, xor((ok.fp >> v.shift) & v.mask, v.flip) as part
                from ok cross join _dup_variants as v
                where ok.article_id in (select article_id from touched)
            )
            select t_id as article_id,
                   arg_min(o_id, (coalesce(o_published, date '9999-12-31'), o_id)) as first_id
            from ({_near_pairs("targets")})
            group by t_id
            """
        )
        con.execute(
            """
            update raw.articles as a set duplicate_of = nullif(s.first_id, a.article_id)
            from _dup_scope as s
            where a.article_id = s.article_id
              and a.duplicate_of is distinct from nullif(s.first_id, a.article_id)
            """
        )
        # an article that is not (or no longer) ok is nobody's copy, and nobody's original
        con.execute(
            """update raw.articles set duplicate_of = null
               where duplicate_of is not null and (status <> 'ok' or duplicate_of in (
                   select article_id from raw.articles where status <> 'ok'))"""
        )
        con.execute("drop table if exists _dup_scope")
    finally:
        con.unregister("_dup_keys")
        con.unregister("_dup_variants")
