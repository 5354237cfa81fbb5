"""The small pure parts of fetching: address classes, Retry-After, backoff, charset, canonical URLs."""

from __future__ import annotations

import codecs
import datetime as dt
import ipaddress

import pytest

from extract.fetching.address_guard import is_public_address, resolve_checked
from extract.fetching.charset import decode_html, decode_with
from extract.fetching.errors import FetchError
from extract.fetching.page_head import canonical_for_fetched, read_head
from extract.fetching.retries import backoff_delay, parse_retry_after
from extract.fetching.settings import FetchSettings


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2a00:1450:4001:80b::200e", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.9", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("224.0.0.1", False),  # multicast
        ("0.0.0.0", False),
        ("240.0.0.1", False),  # reserved
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
    ],
)
def test_address_classes(address, public):
    assert is_public_address(ipaddress.ip_address(address)) is public


def test_guard_resolves_names_and_numeric_hosts():
    guarded = FetchSettings(allow_private_addresses=False)
    for host in ("localhost", "127.1", "2130706433", "[::1]"):
        with pytest.raises(FetchError) as refused:
            resolve_checked(host, 80, guarded)
        assert refused.value.error_class == "private_address"
    assert resolve_checked("localhost", 80, FetchSettings(allow_private_addresses=True)) is None
    allow_one = FetchSettings(allow_private_addresses=False, allowed_private_hosts=["127.0.0.1:8080"])
    assert resolve_checked("127.0.0.1", 8080, allow_one) == "127.0.0.1"
    with pytest.raises(FetchError):
        resolve_checked("127.0.0.1", 8081, allow_one)


def test_retry_after_seconds_and_dates():
    now = dt.datetime(2016, 12, 13, 9, 0, tzinfo=dt.UTC)
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Tue, 13 Dec 2016 09:00:30 GMT", now) == 30
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_backoff_grows_with_jitter_and_respects_caps():
    settings = FetchSettings(backoff_base=1, backoff_max=5, backoff_jitter=0.5, max_retry_after=10)
    delays = [backoff_delay(attempt, settings) for attempt in (1, 2, 3, 4, 5)]
    assert 0.5 <= delays[0] <= 1.5 and 1 <= delays[1] <= 3 and all(d <= 7.5 for d in delays)
    assert backoff_delay(1, settings, retry_after=3600) == 10


def test_charset_bom_and_windows_1252_labels():
    assert decode_html("\ufeffحلب".encode("utf-8")) == ("حلب", "utf-8")
    text, charset = decode_html(
        "Caf\u00e9 \u2013 \u201cquoted\u201d".encode("cp1252"), "text/html; charset=iso-8859-1"
    )
    assert charset == "cp1252" and text == "Café – “quoted”"


# bodies that take each of decode_html's paths: BOMs, a lying Latin label over UTF-8, a meta tag,
# plain UTF-8, detection, and the windows-1252 replacement of last resort
_BODIES = [
    ("\ufeffحلب".encode("utf-8"), None),
    (codecs.BOM_UTF16_LE + "Alep".encode("utf-16-le"), None),
    (codecs.BOM_UTF16_BE + "Alep\udc80".encode("utf-16-be", "surrogatepass"), None),
    ("Café حلب".encode(), "text/html; charset=iso-8859-1"),
    ('<meta charset="windows-1256"><p>قالت</p>'.encode("cp1256"), None),
    ("<p>Привет, Алеппо, сегодня</p>".encode("cp1251"), None),
    (b"<p>plain ascii</p>", "text/html"),
    (bytes(range(256)) * 3, None),
    (b"\xef\xbb\xbf" + bytes(range(128, 256)), None),
    (b"\x81\x8d\x8f\x90\x9d", "text/html; charset=utf-8"),
]


@pytest.mark.parametrize(("body", "content_type"), _BODIES)
def test_decode_with_gives_back_what_decode_html_gave(body, content_type):
    """A fetched page keeps its bytes and charset, and decodes on demand: the same text."""
    text, charset = decode_html(body, content_type)
    assert decode_with(body, charset) == text


def test_head_reading_ignores_the_body_and_resolves_relative_canonicals():
    html = (
        '<?xml version="1.0" encoding="utf-8"?><html xml:lang="ar"><head><title>t</title>'
        '<link rel="alternate canonical" href="/a/b#frag"></head>'
        '<body><link rel="canonical" href="/wrong"></body>'
    )
    head = read_head(html)
    assert head.canonical == "/a/b#frag" and head.language == "ar"
    assert (
        canonical_for_fetched("https://WWW.Example.org/x?utm_source=t", head) == "https://www.example.org/a/b"
    )
    assert read_head("").canonical is None
