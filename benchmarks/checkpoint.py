"""DuckDB bulk load and checkpoint on our own tables: raw.articles rows with 5 KB texts.

Run: `.venv/bin/python benchmarks/checkpoint.py [--rows 100000] [--text-kb 5]`

STACK-NOTES measured 100,000 rows of 5 KB text: the insert takes 2-3 s, the checkpoint about 42 s on
duckdb 2.0.1 with its default string compression and about 1 s on 1.5.6. This repeats the measurement
on `raw.articles` (the schema the product writes, loaded through `warehouse.load.insert_rows`, Arrow)
with story texts from the benchmark corpus, with the default settings and with
`disabled_compression_methods='dict_fsst'`, and prints load and checkpoint seconds and the file size.
It runs on whichever duckdb is importable, so the same script compares versions (see docs/scaling.md).
Last line: `duckdb=<version> insert_s=<x> checkpoint_s=<y> mb=<z>` (default settings).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb

from benchmarks.corpus import _story
from warehouse.connection import apply_schema
from warehouse.load import insert_rows

BATCH = 5_000


def paragraphs(count: int, seed: int = 7) -> list[str]:
    """Story paragraphs from `count` generated stories (each row's text is drawn from them)."""
    rng = random.Random(seed)
    out: list[str] = []
    for _ in range(count):
        out += _story(rng, rng.random() < 0.5, dt.date(2016, 8, 1))[1]
    return out


def text_for(i: int, pool: list[str], kbytes: int) -> str:
    """Row i's text: paragraphs drawn at random until `kbytes` KB, so no two rows are alike."""
    rng = random.Random(i)
    parts, size = [], 0
    while size < kbytes * 1024:
        part = rng.choice(pool)
        parts.append(part)
        size += len(part) + 1
    return "\n".join(parts)[: kbytes * 1024]


def article_rows(start: int, count: int, pool: list[str], kbytes: int) -> list[dict]:
    now = dt.datetime(2024, 1, 1)
    return [
        {
            "article_id": f"a{i:08d}",
            "page_id": f"a{i:08d}",
            "url": f"https://news.example/{i}.html",
            "status": "ok",
            "title": f"Story {i}",
            "published_date": dt.date(2016, 1, 1) + dt.timedelta(days=i % 3000),
            "fingerprint": f"{i:016x}",
            "text": text_for(i, pool, kbytes),
            "text_chars": kbytes * 1024,
            "cleaner_version": "bench",
            "cleaned_at": now,
            "content_hash": f"{i:064x}",
        }
        for i in range(start, start + count)
    ]


def measure(rows: int, pool: list[str], kbytes: int, setting: str | None) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory(prefix="frontlines-ckpt-") as tmp:
        path = Path(tmp) / "w.duckdb"
        con = duckdb.connect(str(path))
        apply_schema(con)
        if setting:
            con.execute(setting)
        con.execute("checkpoint")
        starts = range(0, rows, BATCH)
        batches = [article_rows(start, min(BATCH, rows - start), pool, kbytes) for start in starts]
        started = time.perf_counter()
        con.execute("begin transaction")
        for batch in batches:
            insert_rows(con, "raw.articles", batch)
        inserted = time.perf_counter() - started
        started = time.perf_counter()
        con.execute("commit")  # a commit past the WAL limit checkpoints too
        con.execute("checkpoint")
        checkpointed = time.perf_counter() - started
        con.close()
        return inserted, checkpointed, path.stat().st_size / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--text-kb", type=int, default=5)
    parser.add_argument("--stories", type=int, default=3_000, help="stories whose paragraphs texts draw on")
    args = parser.parse_args()
    if args.rows < 1 or args.text_kb < 1 or args.stories < 1:
        parser.error("--rows, --text-kb and --stories must be positive")
    pool = paragraphs(args.stories)
    print(f"duckdb {duckdb.__version__}: {args.rows} rows of raw.articles, texts of {args.text_kb} KB")
    settings = {"default": None, "dict_fsst off": "SET disabled_compression_methods='dict_fsst'"}
    results = {}
    for name, setting in settings.items():
        try:
            results[name] = measure(args.rows, pool, args.text_kb, setting)
        except duckdb.Error as exc:
            print(f"  {name:<14} not available on this version: {str(exc).splitlines()[0]}")
            continue
        inserted, checkpointed, mb = results[name]
        print(f"  {name:<14} insert {inserted:6.2f} s  commit+checkpoint {checkpointed:6.2f} s  {mb:7.1f} MB")
    inserted, checkpointed, mb = results["default"]
    print(f"duckdb={duckdb.__version__} insert_s={inserted:.2f} checkpoint_s={checkpointed:.2f} mb={mb:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
