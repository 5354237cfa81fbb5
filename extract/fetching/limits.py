"""Per-host politeness: at most N requests in flight to one host, and a delay between request starts.

The delay per host is the larger of the configured politeness delay and the host's robots.txt
Crawl-delay (capped), so a site that asks for patience gets it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class HostGate:
    def __init__(self, per_host: int, delay: float) -> None:
        self._per_host = per_host
        self._delay = delay
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._next_start: dict[str, float] = {}
        self._host_delay: dict[str, float] = {}

    def set_host_delay(self, host: str, delay: float) -> None:
        with self._lock:
            self._host_delay[host] = max(self._delay, delay)

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            semaphore = self._slots.setdefault(host, threading.Semaphore(self._per_host))
        semaphore.acquire()
        try:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start.get(host, 0.0))
                self._next_start[host] = start + self._host_delay.get(host, self._delay)
            if start > now:
                time.sleep(start - now)
            yield
        finally:
            semaphore.release()
