"""The scale curve: the time to add N new pages when the warehouse already holds 10,000 and 100,000.

Run: `.venv/bin/python benchmarks/scale_curve.py [--stored 10000,100000] [--new 1000] [--base 1000]`

Running the pipeline over 100,000 pages takes hours on two cores, so the big warehouses are built by
bulk insertion: a base corpus of --base pages goes through the real pipeline and dbt once, and its raw
rows (pages with their compressed HTML, articles, mentions, links, logs) are then copied inside DuckDB
with new ids, URLs and fingerprints, each copy one ingestion day further back, until the warehouse
holds --stored pages (each copy's events DAYS_APART days further back, at places of their own); with
dbt, the marts are then built over them with a full refresh (untimed), as the runs that stored them
would have left them.
Then the same --new pages (another corpus, served locally) are added to each warehouse through the
stages and dbt, as a scheduled run would add them, and timed per stage.
Prints the per-stage times at each size, their ratio, peak memory, and as its last line
`add_<new>_at_<small>_s=<x> add_<new>_at_<large>_s=<y> ratio=<y/x>` (target: ratio <= 1.5).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import CorpusServer, cached_corpus
from benchmarks.measure import PeakMemory, Stopwatch, load_average, machine
from benchmarks.pipeline_run import (
    bench_fetch_settings,
    dbt_build,
    dbt_parse,
    run_pipeline,
    sitemap_source,
    today_window,
)

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "frontlines-bench"

# Copies report their events this many days apart: more than the strike clustering's day window, so
# the copies of one report are other events, not 100 reports of one strike (exact copies on the same
# day would pair with each other and make the clustering quadratic in the number of copies).
DAYS_APART = 3
# ... and at other places: copy k's mentions name place `<id>-c<k>`, its points moved by a step of
# a 10 x 10 grid of PLACE_STEP_DEG (11 km, beyond the clustering's 5 km). Without it, 100 copies of
# the base's 27 places over the same ten years put strikes at every place on nearly every day: one
# day-to-day chain per place, whose reachability walk in int_strike_mentions_clustered is quadratic
# in its length (the full refresh over 100,000 pages spilled 900 MB and had not ended after 20
# minutes), and the corridor claims of one place compared pairwise (int_corridor_claim_links 3 s at
# 10,000, 150 s at 100,000). A warehouse 100 times larger holds reports of more places, each about
# as often reported as the base's.
PLACE_STEP_DEG = 0.1

# every raw table, with the expressions that make copy k of a row distinct (ids, URLs, fingerprints)
# and one ingestion day older per copy; columns not named are copied as they are
COPY_RULES = {
    "raw.pages": {
        "page_id": "page_id || '-c' || k",
        "url": "url || '?copy=' || k",
        "canonical_url": "canonical_url || '?copy=' || k",
        "ingest_date": "ingest_date - cast(k as integer)",
        "fetched_at": "fetched_at - to_days(cast(k as integer))",
    },
    "raw.articles": {
        "article_id": "article_id || '-c' || k",
        "page_id": "page_id || '-c' || k",
        "url": "url || '?copy=' || k",
        # another story's simhash, 64 bits like every fingerprint: the copy takes part in the
        # near-duplicate search as a stored article would (copies within one copy keep their
        # distances, so their duplicate_of marks still hold; copies of different k are ~32 bits apart)
        "fingerprint": "lower(hex(xor(try_cast('0x' || fingerprint as ubigint), hash(k))))",
        "duplicate_of": "duplicate_of || '-c' || k",
        "cleaned_at": "cleaned_at - to_days(cast(k as integer))",
        "published_date": f"published_date - cast({DAYS_APART} * k as integer)",
    },
    "raw.mentions": {
        "mention_id": "mention_id || '-c' || k",
        "article_id": "article_id || '-c' || k",
        "extracted_at": "extracted_at - to_days(cast(k as integer))",
        "event_date": f"event_date - cast({DAYS_APART} * k as integer)",
        "date_start": f"date_start - cast({DAYS_APART} * k as integer)",
        "date_end": f"date_end - cast({DAYS_APART} * k as integer)",
        "place_id": "place_id || '-c' || k",
        "latitude": f"latitude + {PLACE_STEP_DEG} * (k % 10)",
        "longitude": f"longitude + {PLACE_STEP_DEG} * (k // 10)",
    },
    "raw.mention_links": {
        "mention_id": "mention_id || '-c' || k",
        "other_mention_id": "other_mention_id || '-c' || k",
    },
    "raw.extraction_log": {
        "article_id": "article_id || '-c' || k",
        "extracted_at": "extracted_at - to_days(cast(k as integer))",
    },
    "raw.fetch_log": {
        "attempt_id": "attempt_id || '-c' || k",
        "url": "url || '?copy=' || k",
        "attempted_at": "attempted_at - to_days(cast(k as integer))",
    },
}


def grow(warehouse: Path, copies: int) -> None:
    """Append `copies` copies of every raw row (bulk, inside DuckDB), then checkpoint."""
    import duckdb

    from warehouse.connection import connection_config

    # the pipeline's plain-connection settings: no vacuum merging the writers' small row groups
    con = duckdb.connect(str(warehouse), config=connection_config())
    try:
        for table, rules in COPY_RULES.items():
            replace = ", ".join(f"{expr} as {col}" for col, expr in rules.items())
            con.execute(f"create temp table base as select * from {table}")
            con.execute(
                f"insert into {table} select * exclude (k) replace ({replace}) "
                f"from base, range(1, {copies + 1}) as copies(k)"
            )
            con.execute("drop table base")
        con.execute("checkpoint")
    finally:
        con.close()


def slowest_models(warehouse: Path, top: int = 6) -> str:
    """The slowest nodes of the last dbt invocation on this warehouse (dbt's run_results.json)."""
    import json

    path = warehouse.parent / "dbt-target" / "run_results.json"
    if not path.is_file():
        return "no run_results.json"
    results = json.loads(path.read_text(encoding="utf-8"))["results"]
    results.sort(key=lambda r: -r["execution_time"])
    return ", ".join(f"{r['unique_id'].split('.')[-1]} {r['execution_time']:.1f}" for r in results[:top])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", default="10000,100000", help="warehouse sizes, pages, comma-separated")
    parser.add_argument("--new", type=int, default=1000, help="new pages added at each size")
    parser.add_argument("--base", type=int, default=1000, help="pages run through the pipeline, then copied")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument(
        "--no-dbt",
        action="store_true",
        help="time the Python stages only (the whole-rebuilt marts grow with the warehouse: docs/scaling.md)",
    )
    args = parser.parse_args()
    try:
        sizes = [int(s) for s in args.stored.split(",")]
    except ValueError:
        parser.error(f"--stored {args.stored!r}: give page counts separated by commas, e.g. 10000,100000")
    if args.new < 1 or args.base < 1 or any(s < args.base or s % args.base for s in sizes):
        parser.error("--new and --base must be positive, and every --stored size a multiple of --base")
    print(f"machine: {machine()}")
    base_corpus = cached_corpus(args.cache, args.base, args.seed + 1000, namespace="base")
    new_corpus = cached_corpus(args.cache, args.new, args.seed, namespace="new")

    with tempfile.TemporaryDirectory(prefix="frontlines-scale-", dir=args.cache) as tmp:
        base = Path(tmp) / "base.duckdb"
        started = time.perf_counter()
        with CorpusServer(base_corpus) as server:
            run_pipeline(base, [sitemap_source(server.base_url)], bench_fetch_settings(), not args.no_dbt)
        took = time.perf_counter() - started
        print(f"base warehouse: {args.base} pages through the pipeline in {took:.0f} s")
        results = {}
        for size in sizes:
            warehouse = Path(tmp) / f"stored-{size}.duckdb"
            shutil.copy(base, warehouse)
            started = time.perf_counter()
            grow(warehouse, size // args.base - 1)
            mb, took = warehouse.stat().st_size / 2**20, time.perf_counter() - started
            print(f"grew to {size} pages by bulk copies in {took:.0f} s ({mb:.0f} MB)", flush=True)
            if not args.no_dbt:  # the marts of the stored pages, as the runs that stored them left them
                watch = Stopwatch()
                parse_s = dbt_parse(warehouse)
                # a full refresh: the copies' load times are in the past, so an incremental build
                # would take them for rows it had already built
                dbt_build(warehouse, today_window(), watch, extra=("--full-refresh",), artifacts=True)
                print(
                    f"marts built (full refresh) over the {size} stored pages in {watch.seconds['dbt']:.0f} s"
                    f" (parse {parse_s:.0f} s), untimed",
                    flush=True,
                )
                print(f"  slowest dbt nodes (s): {slowest_models(warehouse)}", flush=True)
            with CorpusServer(new_corpus) as server:
                load = load_average()
                started = time.perf_counter()
                watch = Stopwatch()
                with PeakMemory(exclude={server.pid}, watch=watch) as peak:
                    run = run_pipeline(
                        warehouse,
                        [sitemap_source(server.base_url)],
                        bench_fetch_settings(),
                        not args.no_dbt,
                        watch=watch,
                        artifacts=True,  # the slowest nodes, printed below: at both sizes alike
                    )
                total = time.perf_counter() - started
            new_pages = run.counts["pages"]["new"]
            if new_pages != args.new:
                print(f"WARNING: {new_pages} new pages stored at {size}, expected {args.new}")
            results[size] = (run.seconds, total, peak.mb, load)
            laps = ", ".join(f"{k} {v:.1f}" for k, v in run.seconds.items())
            print(f"added {args.new} at {size} in {total:.1f} s (load {load}): {laps}", flush=True)
            if not args.no_dbt:
                print(f"  slowest dbt nodes (s): {slowest_models(warehouse)}", flush=True)
            stages = ", ".join(f"{k} {v:.0f}" for k, v in peak.by_stage.items())
            print(f"peak memory by stage at {size} (tree PSS, MB): {stages}", flush=True)
            warehouse.unlink()

    small, large = sizes[0], sizes[-1]
    what = "Python stages only, no dbt" if args.no_dbt else "stages and dbt"
    print(f"adding {args.new} pages, seconds by stage ({what}):")
    print(f"  {'stage':<16}" + "".join(f"{f'at {s}':>14}" for s in sizes) + f"{'ratio':>8}")
    for stage in results[small][0]:
        cells = "".join(f"{results[s][0][stage]:14.2f}" for s in sizes)
        ratio = results[large][0][stage] / max(results[small][0][stage], 1e-9)
        print(f"  {stage:<16}{cells}{ratio:8.2f}")
    cells = "".join(f"{results[s][1]:14.2f}" for s in sizes)
    print(f"  {'total':<16}{cells}{results[large][1] / results[small][1]:8.2f}")
    print("  peak MB (PSS)   " + "".join(f"{results[s][2]:14.0f}" for s in sizes))
    print("  load average    " + "".join(f"{results[s][3]:>22}" for s in sizes))
    ratio = results[large][1] / results[small][1]
    print(
        f"add_{args.new}_at_{small}_s={results[small][1]:.1f} "
        f"add_{args.new}_at_{large}_s={results[large][1]:.1f} ratio={ratio:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
