"""Fetch 1,000 locally served pages, 10 % of them faulty in mixed ways, and account for every one.

Run: `.venv/bin/python benchmarks/fetch_faults.py [--pages 1000] [--fault-rate 0.1] [--workers 8]`

Prints how many URLs were stored, failed (by reason) and left unaccounted (must be 0), pages per
second, and then re-runs with the first run's pages as KnownPages to show nothing is fetched again.
The SSRF guard is on, with only the benchmark server allowlisted, so redirects to private addresses
are refused as they would be in production.
"""

from __future__ import annotations

import argparse
import collections
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract.acquire import AcquisitionBatch, FetchSettings, KnownPagesIndex, acquire
from extract.sources import SourceConfig
from tests.acquisition.fault_server import (
    FaultServer,
    article_html,
    gzip_bomb,
    hang,
    oversized,
    page,
    redirect,
    reset,
    sequence,
    slow_body,
    status,
)

# fault name -> (expected outcome, route factory taking (server, index))
FAULTS = {
    "timeout": ("timeout", lambda s, i: hang(3.0)),
    "slow_body": ("timeout", lambda s, i: slow_body(total_bytes=200_000, chunk=200, interval=0.05)),
    "500_then_200": ("stored", lambda s, i: sequence(status(500), page(article_html(f"R{i}", "recovered")))),
    "503_always": ("http_5xx", lambda s, i: status(503)),
    "429_retry_after": (
        "stored",
        lambda s, i: sequence(status(429, {"Retry-After": "1"}), page(article_html(f"Q{i}", "later"))),
    ),
    "connection_reset": ("connection_reset", lambda s, i: reset()),
    "oversized": ("too_large", lambda s, i: oversized(6_000_000)),
    "gzip_bomb": ("decompression_bomb", None),  # one shared body, built once
    "not_html": ("not_html", lambda s, i: page(b"%PDF-1.4", content_type="application/pdf")),
    "redirect_loop": ("redirect_loop", lambda s, i: redirect(f"/fault/{i}")),
    "private_redirect": (
        "private_address",
        lambda s, i: redirect("http://169.254.169.254/latest/meta-data/"),
    ),
    "robots": ("robots_disallowed", None),  # served under /private/, disallowed by robots.txt
    "http_404": ("http_4xx", None),  # no route at all
    "wrong_charset": (
        "stored",
        lambda s, i: page(
            f"<html><body><p>Caf\u00e9 {i} — حلب</p></body></html>".encode(),
            content_type="text/html; charset=ISO-8859-1",
        ),
    ),
}


def build_site(server: FaultServer, pages: int, fault_rate: float) -> tuple[list[str], dict[str, str]]:
    """Register the pages; return all URLs and the expected outcome of each faulty one."""
    server.route("/robots.txt", page(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    bomb = gzip_bomb(50_000_000)
    fault_every = round(1 / fault_rate) if fault_rate else 0
    names = list(FAULTS)
    urls: list[str] = []
    expected: dict[str, str] = {}
    fault_index = 0
    for i in range(pages):
        if fault_every and i % fault_every == fault_every - 1:
            name = names[fault_index % len(names)]
            fault_index += 1
            outcome, factory = FAULTS[name]
            if name == "robots":
                url = server.route(f"/private/{i}", page(article_html("x", "x")))
            elif name == "http_404":
                url = server.url(f"/missing/{i}")
            elif name == "gzip_bomb":
                url = server.route(f"/fault/{i}", bomb)
            else:
                url = server.route(f"/fault/{i}", factory(server, i))
            expected[url] = f"{name}:{outcome}"
        else:
            body = article_html(f"Report {i}", f"Shelling was reported near checkpoint {i}. " * 20)
            url = server.route(f"/news/{i}.html", page(body, etag=f'"v{i}"' if i % 2 else None))
        urls.append(url)
    return urls, expected


def run(sources, known, settings) -> tuple[AcquisitionBatch, float, int]:
    merged = AcquisitionBatch()
    batches = 0
    started = time.monotonic()
    for batch in acquire(sources, known, settings, batch_size=200):
        batches += 1
        merged.pages += batch.pages
        merged.failures += batch.failures
        merged.attempts += batch.attempts
        merged.unchanged += batch.unchanged
        merged.filtered += batch.filtered
        for fetched in batch.pages:  # the warehouse would store them; keep only what KnownPages needs
            fetched.body = b""
    return merged, time.monotonic() - started, batches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--fault-rate", type=float, default=0.1)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()

    with FaultServer() as server:
        urls, expected = build_site(server, args.pages, args.fault_rate)
        settings = FetchSettings(
            connect_timeout=2,
            read_timeout=1.0,
            total_timeout=3.0,
            max_attempts=3,
            backoff_base=0.05,
            backoff_max=0.5,
            max_retry_after=1.5,
            politeness_delay=0,
            max_workers=args.workers,
            per_host_concurrency=args.workers,
            allow_private_addresses=False,
            allowed_private_hosts=[f"127.0.0.1:{server.port}"],
        )
        source = SourceConfig(id="bench", kind="urls", urls=urls)
        first, seconds, batches = run([source], KnownPagesIndex(), settings)

        outcome_of: dict[str, str] = {}
        duplicates = 0
        for url in [p.url for p in first.pages]:
            duplicates += url in outcome_of
            outcome_of[url] = "stored"
        for failure in first.failures:
            duplicates += failure.url in outcome_of
            outcome_of[failure.url] = failure.error_class
        unaccounted = [u for u in urls if u not in outcome_of]
        reasons = collections.Counter(f.error_class for f in first.failures)
        wrong = {
            u: (e, outcome_of.get(u)) for u, e in expected.items() if e.split(":")[1] != outcome_of.get(u)
        }

        print(f"pages served: {len(urls)} ({len(expected)} faulty, {len(FAULTS)} fault kinds)")
        print(f"stored: {len(first.pages)}  failed: {len(first.failures)}  unaccounted: {len(unaccounted)}")
        print("failed by reason: " + ", ".join(f"{k}={v}" for k, v in sorted(reasons.items())))
        print(
            f"faults ending as expected: {len(expected) - len(wrong)}/{len(expected)}  "
            f"duplicates: {duplicates}"
        )
        for url, (exp, got) in list(wrong.items())[:5]:
            print(f"  unexpected: {url} expected {exp} got {got}")
        print(f"fetch log rows: {len(first.attempts)} in {batches} batches")
        print(
            f"time: {seconds:.1f} s  -> {len(urls) / seconds:.0f} URLs/s, "
            f"{len(first.pages) / seconds:.0f} pages/s"
        )

        hits_before = {path: len(h) for path, h in server.hits.items() if path.startswith("/news/")}
        second, seconds2, _ = run([source], KnownPagesIndex.from_pages(first.pages), settings)
        refetched = sum(
            1
            for path, hits in server.hits.items()
            if path.startswith("/news/")
            for hit in hits[hits_before.get(path, 0) :]
            if "if-none-match" not in hit
        )
        print(
            f"re-run: new pages {len(second.pages)}, unchanged {len(second.unchanged)}, "
            f"unconditional refetches of stored pages {refetched}, failed again {len(second.failures)}, "
            f"{seconds2:.1f} s"
        )
        print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        return 1 if unaccounted or duplicates or wrong else 0


if __name__ == "__main__":
    sys.exit(main())
