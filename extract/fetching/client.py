"""The HTTP client every request of a run goes through (httpx, streamed, redirects followed by hand).

Following redirects by hand lets each hop pass the SSRF guard and robots.txt, and lets loops be named
as loops. Bodies are read raw and inflated here with a cap on the output, so neither a huge body nor a
gzip bomb can fill memory; the total time of an attempt is bounded even when a server trickles bytes.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from extract.fetching.address_guard import resolve_checked
from extract.fetching.errors import FetchError
from extract.fetching.limits import HostGate
from extract.fetching.records import FetchAttempt, KnownPage, utc_now
from extract.fetching.retries import backoff_delay, parse_retry_after
from extract.fetching.robots import RobotsRules
from extract.fetching.settings import FetchSettings

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512_000
_BOMB_CHECK_FLOOR = 1_000_000  # judge the compression ratio once this much has been inflated


@dataclass(slots=True)
class HttpResult:
    """How one URL's fetch ended, with every attempt made for it (robots.txt requests included)."""

    url: str
    attempts: list[FetchAttempt] = field(default_factory=list)
    final_url: str | None = None
    http_status: int | None = None
    headers: httpx.Headers | None = None
    body: bytes | None = None
    not_modified: bool = False
    error: FetchError | None = None


class _Inflater:
    """gzip/deflate decoding with a cap on the output of every call."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.consumed = 0  # compressed bytes actually inflated so far (the ratio's denominator)
        if encoding in {"gzip", "x-gzip"}:
            self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._d = None  # zlib-wrapped or raw: decided on the first bytes
        else:
            raise FetchError("read_error", f"unsupported Content-Encoding {encoding!r}")

    def feed(self, chunk: bytes, room: int) -> tuple[bytes, bool]:
        if self._d is None:
            wrapped = len(chunk) >= 2 and (chunk[0] & 0x0F) == 8 and ((chunk[0] << 8) | chunk[1]) % 31 == 0
            self._d = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        try:
            data = self._d.decompress(chunk, room + 1)
        except zlib.error as exc:
            raise FetchError("read_error", f"corrupt {self.encoding} body: {exc}") from exc
        self.consumed += len(chunk) - len(self._d.unconsumed_tail)
        return data, len(data) > room or bool(self._d.unconsumed_tail)

    def finish(self) -> bytes:
        if self._d is None:
            return b""
        try:
            return self._d.flush()
        except zlib.error as exc:
            raise FetchError("read_error", f"corrupt {self.encoding} body: {exc}") from exc


def _exception_chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def classify_transport_error(exc: Exception) -> FetchError:
    """Map httpx's exceptions onto our error classes."""
    chain = _exception_chain(exc)
    text = " ".join(str(e) for e in chain) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return FetchError("timeout", f"{type(exc).__name__}: {text}")
    if any(isinstance(e, ConnectionResetError | BrokenPipeError) for e in chain) or "reset" in text.lower():
        return FetchError("connection_reset", f"connection reset by peer: {text}")
    if isinstance(exc, httpx.RemoteProtocolError) and (
        "without sending" in text or "disconnected" in text.lower()
    ):
        return FetchError("connection_reset", f"server closed the connection: {text}")
    if isinstance(exc, httpx.ConnectError):
        return FetchError("connect_error", text)
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return FetchError("bad_url", text)
    return FetchError("read_error", f"{type(exc).__name__}: {text}")


def split_http_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL, or FetchError('bad_url')."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError("bad_url", f"malformed URL {url!r}: {exc}") from exc
    if parts.scheme not in {"http", "https"}:
        raise FetchError("bad_url", f"only http(s) URLs can be fetched, got {url!r}")
    if not parts.hostname:
        raise FetchError("bad_url", f"URL without a host: {url!r}")
    if len(url) > 4096:
        raise FetchError("bad_url", f"URL longer than 4096 characters ({len(url)})")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def _without_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def looks_like_html(head: bytes) -> bool:
    sample = head[:2048].lstrip().lower()
    return any(marker in sample for marker in (b"<!doctype html", b"<html", b"<head", b"<body"))


class HttpFetcher:
    """One per run: a pooled httpx client, the host gate and the robots cache, shared by all threads."""

    def __init__(self, settings: FetchSettings) -> None:
        self.settings = settings
        self._client = httpx.Client(
            follow_redirects=False,
            verify=settings.verify_tls,
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_connections=settings.max_workers * 2, max_keepalive_connections=20),
            timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
        )
        self.gate = HostGate(settings.per_host_concurrency, settings.politeness_delay)
        self.robots = RobotsRules(
            lambda url, source_id: self.fetch(url, source_id, purpose="robots"),
            settings.user_agent,
            self.gate,
            settings.max_crawl_delay,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(
        self,
        url: str,
        source_id: str | None,
        *,
        purpose: str = "page",
        known: KnownPage | None = None,
        accept: str | None = None,
    ) -> HttpResult:
        """Fetch with retries. purpose: 'page' (HTML only, robots, max_body_bytes), 'document' (feeds,
        sitemaps, APIs: any type, max_document_bytes) or 'robots'."""
        result = HttpResult(url=url)
        headers = {"Accept": accept or ("text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")}
        if known is not None:
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
        for attempt in range(1, self.settings.max_attempts + 1):
            attempted_at = utc_now()
            started = time.monotonic()
            try:
                status, final_url, response_headers, body, raw_bytes = self._attempt(
                    url, headers, purpose, source_id, result.attempts
                )
            except FetchError as err:
                result.attempts.append(
                    FetchAttempt(
                        url=url,
                        source_id=source_id,
                        attempt=attempt,
                        attempted_at=attempted_at,
                        http_status=err.http_status,
                        outcome="failed",
                        error_class=err.error_class,
                        error_detail=err.detail,
                        bytes=err.bytes_read,
                        duration_ms=(time.monotonic() - started) * 1000,
                    )
                )
                result.http_status = err.http_status
                result.error = err
                if err.retryable and attempt < self.settings.max_attempts:
                    time.sleep(backoff_delay(attempt, self.settings, err.retry_after))
                    continue
                return result
            result.error = None
            result.http_status = status
            result.final_url = final_url
            result.headers = response_headers
            result.body = body
            result.not_modified = status == 304
            result.attempts.append(
                FetchAttempt(
                    url=url,
                    source_id=source_id,
                    attempt=attempt,
                    attempted_at=attempted_at,
                    http_status=status,
                    outcome="not_modified" if status == 304 else "stored",
                    error_detail=f"redirected to {final_url}" if final_url != url else None,
                    bytes=raw_bytes,
                    duration_ms=(time.monotonic() - started) * 1000,
                )
            )
            return result
        return result

    def _attempt(
        self,
        url: str,
        headers: dict[str, str],
        purpose: str,
        source_id: str | None,
        log: list[FetchAttempt],
    ) -> tuple[int, str, httpx.Headers, bytes | None, int]:
        settings = self.settings
        deadline = time.monotonic() + settings.total_timeout
        visited: list[str] = []
        current = _without_fragment(url)
        for _hop in range(settings.max_redirects + 1):
            scheme, host, port = split_http_url(current)
            pinned = resolve_checked(host, port, settings)  # before robots: no request to a refused host
            if purpose == "page" and settings.respect_robots:
                allowed, reason, robots_attempts = self.robots.check(current, source_id)
                log.extend(robots_attempts)
                if not allowed:
                    raise FetchError(
                        "robots_disallowed", reason, permanent=not self.robots.unavailable(current)
                    )
            request_url = httpx.URL(current)
            request_headers = dict(headers)
            extensions: dict[str, object] = {}
            if pinned is not None and pinned != host.strip("[]"):
                request_url = request_url.copy_with(host=pinned)
                request_headers["Host"] = urlsplit(current).netloc.rsplit("@", 1)[-1]
                if scheme == "https":
                    extensions["sni_hostname"] = host
            queued_at = time.monotonic()
            with self.gate.slot(host):
                deadline += time.monotonic() - queued_at  # politeness waits do not count against the limit
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise FetchError("timeout", f"total time limit {settings.total_timeout:g} s exceeded")
                timeout = httpx.Timeout(
                    min(settings.read_timeout, remaining),
                    connect=min(settings.connect_timeout, remaining),
                    pool=remaining,
                )
                try:
                    with self._client.stream(
                        "GET", request_url, headers=request_headers, extensions=extensions, timeout=timeout
                    ) as response:
                        status = response.status_code
                        if status in REDIRECT_STATUSES:
                            target = self._redirect_target(current, response, visited)
                            visited.append(current)
                            current = target
                            continue
                        self._raise_for_status(response)
                        if status == 304:
                            return status, current, response.headers, None, 0
                        content_type = response.headers.get("content-type", "")
                        media_type = content_type.split(";")[0].strip().lower()
                        if purpose == "page" and media_type and media_type not in HTML_TYPES:
                            raise FetchError(
                                "not_html", f"content type {media_type!r} is not HTML", http_status=status
                            )
                        limit = (
                            settings.max_body_bytes
                            if purpose == "page"
                            else ROBOTS_MAX_BYTES
                            if purpose == "robots"
                            else settings.max_document_bytes
                        )
                        body, raw_bytes = self._read_body(response, limit, deadline)
                        if purpose == "page" and not media_type and not looks_like_html(body):
                            raise FetchError(
                                "not_html",
                                "no content type and the body does not look like HTML",
                                http_status=status,
                            )
                        return status, current, response.headers, body, raw_bytes
                except httpx.HTTPError as exc:
                    raise classify_transport_error(exc) from exc
        raise FetchError(
            "too_many_redirects",
            f"more than {settings.max_redirects} redirects: {' -> '.join([*visited, current])}",
        )

    @staticmethod
    def _redirect_target(current: str, response: httpx.Response, visited: list[str]) -> str:
        location = response.headers.get("location")
        if not location:
            raise FetchError(
                "bad_url",
                f"HTTP {response.status_code} without a Location header",
                http_status=response.status_code,
            )
        target = _without_fragment(urljoin(current, location.strip()))
        if target == current or target in visited:
            raise FetchError(
                "redirect_loop",
                f"redirect loop: {' -> '.join([*visited, current, target])}",
                http_status=response.status_code,
            )
        return target

    @staticmethod
    def _raise_for_status(response: httpx.Response) -> None:
        status = response.status_code
        if status == 429:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            raise FetchError(
                "rate_limited",
                f"HTTP 429 (Retry-After: {response.headers.get('retry-after', 'none')})",
                http_status=status,
                retry_after=retry_after,
            )
        if status >= 500:
            raise FetchError(
                "http_5xx",
                f"HTTP {status} {response.reason_phrase}",
                http_status=status,
                retry_after=parse_retry_after(response.headers.get("retry-after")),
            )
        if status >= 400 or (status >= 300 and status != 304) or status < 200:
            raise FetchError("http_4xx", f"HTTP {status} {response.reason_phrase}", http_status=status)

    def _read_body(self, response: httpx.Response, limit: int, deadline: float) -> tuple[bytes, int]:
        settings = self.settings
        status = response.status_code
        declared = (response.headers.get("content-length") or "").strip()
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(
                "too_large",
                f"Content-Length {declared} exceeds the limit of {limit} bytes",
                http_status=status,
            )
        encoding = (response.headers.get("content-encoding") or "identity").strip().lower()
        inflater = None if encoding in {"", "identity"} else _Inflater(encoding)
        out = bytearray()
        raw = 0

        def too_big(reason: str) -> FetchError:
            used = inflater.consumed if inflater is not None else raw
            ratio = len(out) / max(used, 1)
            if inflater is not None and ratio > settings.max_compression_ratio:
                return FetchError(
                    "decompression_bomb",
                    f"{encoding} body: {used} compressed bytes inflate past {len(out)} bytes "
                    f"(ratio {ratio:.0f} > {settings.max_compression_ratio:g}); {reason}",
                    http_status=status,
                    bytes_read=raw,
                )
            return FetchError("too_large", reason, http_status=status, bytes_read=raw)

        for chunk in response.iter_raw():
            raw += len(chunk)
            if time.monotonic() > deadline:
                raise FetchError(
                    "timeout",
                    f"total time limit {settings.total_timeout:g} s exceeded while reading the body "
                    f"({raw} bytes in)",
                    http_status=status,
                    bytes_read=raw,
                )
            if inflater is None:
                out += chunk
                if len(out) > limit:
                    raise too_big(f"body exceeds the limit of {limit} bytes")
                continue
            data, overflow = inflater.feed(chunk, limit - len(out))
            out += data
            if overflow or len(out) > limit:
                raise too_big(f"decoded body exceeds the limit of {limit} bytes")
            if (
                len(out) > _BOMB_CHECK_FLOOR
                and len(out) / max(inflater.consumed, 1) > settings.max_compression_ratio
            ):
                raise too_big("stopped early")
        if inflater is not None:
            out += inflater.finish()
            if len(out) > limit:
                raise too_big(f"decoded body exceeds the limit of {limit} bytes")
        return bytes(out), raw
