"""A real HTTP server on 127.0.0.1 whose routes misbehave on purpose: the faults of the real web.

Used by the acquisition tests and by `benchmarks/fetch_faults.py`. Each route is a function of the
request handler, so a test states exactly what the server does (hang, trickle, reset, redirect...).
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
import socket
import struct
import threading
import time
import zlib
from collections import defaultdict
from collections.abc import Callable
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        self.server.owner.record(self)
        route = self.server.owner.routes.get(self.path) or self.server.owner.routes.get(
            self.path.split("?")[0]
        )
        if route is None:
            send(self, 404, b"<html><body>not found</body></html>")
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self)

    def log_message(self, format: str, *args: object) -> None:
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128
    owner: FaultServer

    def handle_error(self, request, client_address) -> None:  # the faults are on purpose
        return


class FaultServer:
    """Start with `with FaultServer() as server:`; register routes; read `hits` afterwards."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, list[dict[str, str]]] = defaultdict(list)
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def record(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            entry = {k.lower(): v for k, v in handler.headers.items()}
            entry["_time"] = repr(time.monotonic())
            self.hits[handler.path.split("?")[0]].append(entry)

    def hit_count(self, path: str) -> int:
        return len(self.hits.get(path, []))

    def route(self, path: str, behaviour: Route) -> str:
        self.routes[path] = behaviour
        return self.url(path)


# --- behaviours ---------------------------------------------------------------------------------


def send(
    handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None
) -> None:
    handler.send_response(status)
    merged = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body))}
    merged.update(headers or {})
    for key, value in merged.items():
        if value is not None:
            handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


def article_html(title: str, paragraph: str, canonical: str | None = None, lang: str = "en") -> bytes:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{link}'
        f"</head><body><article><h1>{title}</h1><p>{paragraph}</p></article></body></html>"
    ).encode()


def page(
    body: bytes,
    *,
    content_type: str | None = "text/html; charset=utf-8",
    etag: str | None = None,
    last_modified: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Route:
    """A page that answers conditional requests with 304 when its validators match."""

    def behaviour(handler: BaseHTTPRequestHandler) -> None:
        if etag and handler.headers.get("If-None-Match") == etag:
            send(handler, 304, b"", {"ETag": etag, "Content-Length": None})
            return
        if last_modified and handler.headers.get("If-Modified-Since") == last_modified and not etag:
            send(handler, 304, b"", {"Last-Modified": last_modified, "Content-Length": None})
            return
        extra = {"Content-Type": content_type, "ETag": etag, "Last-Modified": last_modified}
        extra.update(headers or {})
        send(handler, status, body, extra)

    return behaviour


def sequence(*behaviours: Route) -> Route:
    """The n-th request gets the n-th behaviour; the last one repeats."""
    counter = itertools.count()

    def behaviour(handler: BaseHTTPRequestHandler) -> None:
        index = min(next(counter), len(behaviours) - 1)
        behaviours[index](handler)

    return behaviour


def status(code: int, headers: dict[str, str] | None = None) -> Route:
    return lambda handler: send(handler, code, f"<html><body>HTTP {code}</body></html>".encode(), headers)


def hang(seconds: float) -> Route:
    """Accept the request and say nothing for `seconds` (a read timeout)."""

    def behaviour(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)

    return behaviour


def slow_body(total_bytes: int = 4000, chunk: int = 50, interval: float = 0.05) -> Route:
    """Send headers at once, then trickle the body: every read is quick, the whole is too slow."""

    def behaviour(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(total_bytes))
        handler.end_headers()
        handler.wfile.write(b"<html><body>")
        sent = 12
        while sent < total_bytes:
            handler.wfile.write(b"x" * min(chunk, total_bytes - sent))
            handler.wfile.flush()
            sent += chunk
            time.sleep(interval)

    return behaviour


def reset() -> Route:
    """Read the request, then drop the connection with a TCP RST."""

    def behaviour(handler: BaseHTTPRequestHandler) -> None:
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()
        handler.close_connection = True

    return behaviour


def redirect(location: str, code: int = 302) -> Route:
    return lambda handler: send(handler, code, b"", {"Location": location})


def oversized(total_bytes: int, declare_length: bool = False) -> Route:
    """A body of `total_bytes`, streamed without a Content-Length unless `declare_length`."""

    def behaviour(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        if declare_length:
            handler.send_header("Content-Length", str(total_bytes))
        handler.end_headers()
        block = b"<p>" + b"a" * 65_529 + b"</p>"
        sent = 0
        while sent < total_bytes:
            handler.wfile.write(block[: total_bytes - sent])
            sent += len(block)

    return behaviour


def gzip_bomb(decoded_bytes: int = 50_000_000) -> Route:
    """A small gzip body that inflates to `decoded_bytes` of zeros."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * 1_048_576
    parts = [compressor.compress(block) for _ in range(decoded_bytes // len(block))]
    parts.append(compressor.flush())
    body = b"".join(parts)

    def behaviour(handler: BaseHTTPRequestHandler) -> None:
        send(handler, 200, body, {"Content-Encoding": "gzip"})

    return behaviour


def gzipped(body: bytes, **kwargs) -> Route:
    return page(gzip.compress(body), headers={"Content-Encoding": "gzip"}, **kwargs)


def http_date(epoch: float) -> str:
    return formatdate(epoch, usegmt=True)
