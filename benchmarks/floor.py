"""The floor: trafilatura alone over the same pages, with the same number of processes.

Two floors: `same settings` asks of trafilatura exactly what the cleaner asks
(`extract.clean.read_with_trafilatura`: the page's metadata and its main text with the cleaner's
options), so the pipeline's time over it is everything the product adds (fetching, storing, the
extractor, loads, dbt); `default` is trafilatura's everyday call (`extract` to JSON with metadata),
the figure STACK-NOTES reports, for comparison with the settings the cleaner chose.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from pathlib import Path

import trafilatura

from extract.clean import read_with_trafilatura


def _same_settings(path: str) -> int:
    _, _, doc = read_with_trafilatura(Path(path).read_bytes())
    return len(doc.text or "") if doc is not None else 0


def _default(path: str) -> int:
    return len(trafilatura.extract(Path(path).read_bytes(), with_metadata=True, output_format="json") or "")


FLOORS = {"same settings": _same_settings, "default": _default}


def floor_seconds(paths: list[Path], workers: int, kind: str = "same settings") -> float:
    """Wall time for trafilatura over every page in a pool of `workers` processes (1 = in process)."""
    work = FLOORS[kind]
    started = time.perf_counter()
    if workers <= 1:
        for path in paths:
            work(str(path))
    else:
        with mp.get_context("fork").Pool(workers) as pool:
            for _ in pool.imap_unordered(work, [str(p) for p in paths], chunksize=8):
                pass
    return time.perf_counter() - started
