"""The small vocabulary of reasons a URL did not become a page (`raw.fetch_log.error_class`).

Keep it small: `frontlines status` groups failures by these names, and a user should be able to read
the list and know what to do about each one.
"""

from __future__ import annotations

ERROR_CLASSES: dict[str, str] = {
    "timeout": "connect, read or total time limit exceeded (retried)",
    "connect_error": "could not connect: DNS failure, refused, TLS error (retried)",
    "connection_reset": "the server dropped the connection (retried)",
    "read_error": "the body could not be read or decoded (retried)",
    "http_4xx": "the server answered 4xx (not retried)",
    "http_5xx": "the server answered 5xx after every retry",
    "rate_limited": "the server answered 429 after every retry (Retry-After honoured, capped)",
    "too_large": "the body is larger than max_body_bytes",
    "decompression_bomb": "the compressed body expands far beyond its size (max_compression_ratio)",
    "not_html": "the content type is not HTML or XHTML",
    "redirect_loop": "a redirect leads back to an address already visited",
    "too_many_redirects": "more redirects than max_redirects",
    "private_address": "the host resolves to a loopback, private, link-local, multicast or reserved address",
    "robots_disallowed": "robots.txt forbids this URL for our user agent",
    "bad_url": "not an http(s) URL with a host, or malformed",
    "source_error": "a source could not be listed (missing folder, unparsable feed, API error)",
    # Not failures: reasons recorded on attempts whose outcome is 'skipped'.
    "filtered": "excluded by the source's include/exclude patterns or language filter",
}

RETRYABLE = frozenset(
    {"timeout", "connect_error", "connection_reset", "read_error", "http_5xx", "rate_limited"}
)
# Failures that another run would only repeat: the URL is not fetched again (unless refetch_skipped).
PERMANENT = frozenset(
    {
        "http_4xx",
        "too_large",
        "decompression_bomb",
        "not_html",
        "redirect_loop",
        "too_many_redirects",
        "private_address",
        "robots_disallowed",
        "bad_url",
    }
)
# 4xx answers that say "not now" rather than "never": retried on later runs like a 5xx.
TRANSIENT_4XX = frozenset({408, 409, 423, 425})


class FetchError(Exception):
    """One failed attempt, with the class a user sees and the detail that explains it."""

    def __init__(
        self,
        error_class: str,
        detail: str,
        *,
        http_status: int | None = None,
        retry_after: float | None = None,
        bytes_read: int = 0,
        permanent: bool | None = None,
    ) -> None:
        if error_class not in ERROR_CLASSES:
            raise ValueError(f"unknown error class {error_class!r}")
        super().__init__(f"{error_class}: {detail}")
        self.error_class = error_class
        self.detail = detail
        self.http_status = http_status
        self.retry_after = retry_after
        self.bytes_read = bytes_read
        self._permanent = permanent

    @property
    def retryable(self) -> bool:
        """Worth another attempt within this run."""
        return self.error_class in RETRYABLE

    @property
    def permanent(self) -> bool:
        """Not worth another run: the same request would fail the same way (404, robots, not HTML...)."""
        if self._permanent is not None:
            return self._permanent
        if self.error_class == "http_4xx":
            return self.http_status not in TRANSIENT_4XX
        return self.error_class in PERMANENT
