"""robots.txt, honoured by default: one fetch per origin per run, parsed with protego.

RFC 9309: a 4xx robots.txt means no rules (allow all); a 5xx or an unreachable one means the site
cannot tell us its rules, so nothing is fetched from it in this run (complete disallow). Crawl-delay is
passed to the host gate, capped by `max_crawl_delay`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from protego import Protego

from extract.fetching.limits import HostGate
from extract.fetching.records import FetchAttempt

if TYPE_CHECKING:
    from extract.fetching.client import HttpResult


@dataclass
class _OriginRules:
    lock: threading.Lock = field(default_factory=threading.Lock)
    loaded: bool = False
    parser: Protego | None = None
    blocked_reason: str | None = None  # set when robots.txt was unreachable (disallow all)


def product_token(user_agent: str) -> str:
    """'FrontlinesBot/0.1 (+url)' -> 'FrontlinesBot', the name robots.txt groups match against."""
    return user_agent.split("/")[0].split()[0] if user_agent.strip() else "*"


class RobotsRules:
    def __init__(
        self,
        fetch_robots: Callable[[str, str | None], HttpResult],
        user_agent: str,
        gate: HostGate,
        max_crawl_delay: float,
    ) -> None:
        self._fetch = fetch_robots
        self._agent = product_token(user_agent)
        self._gate = gate
        self._max_crawl_delay = max_crawl_delay
        self._lock = threading.Lock()
        self._origins: dict[str, _OriginRules] = {}

    def check(self, url: str, source_id: str | None) -> tuple[bool, str, list[FetchAttempt]]:
        """(allowed, reason if not, robots.txt attempts made by this call)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            rules = self._origins.setdefault(origin, _OriginRules())
        attempts: list[FetchAttempt] = []
        with rules.lock:
            if not rules.loaded:
                attempts = self._load(origin, rules, source_id, parts.hostname or "")
        if rules.blocked_reason:
            return False, rules.blocked_reason, attempts
        if rules.parser is not None and not rules.parser.can_fetch(url, self._agent):
            return False, f"robots.txt of {origin} disallows this URL for {self._agent}", attempts
        return True, "", attempts

    def unavailable(self, url: str) -> bool:
        """True when this URL's origin had no readable robots.txt this run (a reason to try again later,
        unlike a rule that disallows the URL)."""
        parts = urlsplit(url)
        rules = self._origins.get(f"{parts.scheme}://{parts.netloc}")
        return rules is not None and rules.blocked_reason is not None

    def _load(self, origin: str, rules: _OriginRules, source_id: str | None, host: str) -> list[FetchAttempt]:
        result = self._fetch(f"{origin}/robots.txt", source_id)
        rules.loaded = True
        status = result.http_status
        if result.error is None and status is not None and 200 <= status < 300:
            for attempt in result.attempts:
                attempt.outcome = "listed"
            text = (result.body or b"").decode("utf-8", errors="replace")
            rules.parser = Protego.parse(text)
            delay = rules.parser.crawl_delay(self._agent)
            if delay:
                self._gate.set_host_delay(host, min(float(delay), self._max_crawl_delay))
        elif result.error is not None and result.error.error_class == "http_4xx":
            rules.parser = None  # no robots.txt: everything allowed
            for attempt in result.attempts:
                attempt.outcome = "listed"
                attempt.error_class = None
                attempt.error_detail = f"no robots.txt (HTTP {status}): everything allowed"
        else:
            reason = result.error.detail if result.error else f"HTTP {status}"
            rules.blocked_reason = (
                f"robots.txt of {origin} unavailable ({reason}); treated as disallow-all (RFC 9309)"
            )
        return result.attempts
