"""Plain URL lists: a text file with one URL a line (`#` starts a comment line), or `urls:` in YAML.

Config: `kind: urls` with `path: <file>` and/or `urls: [..]`. A line that is not an http(s) URL becomes
a `bad_url` failure naming the file and line, and the other lines still run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from extract.discovery.items import DiscoveredItem, DiscoveryContext, DiscoveryEvent, failure_note
from extract.fetching.client import split_http_url
from extract.fetching.errors import FetchError


def _item_or_failure(url: str, source_id: str, where: str) -> DiscoveryEvent:
    try:
        split_http_url(url)
    except FetchError as err:
        return failure_note(url, source_id, "bad_url", f"{where}: {err.detail}")
    return DiscoveredItem(url=url, source_id=source_id, source_kind="urls")


def discover_url_list(source, ctx: DiscoveryContext) -> Iterator[DiscoveryEvent]:
    for index, url in enumerate(source.urls or [], start=1):
        yield _item_or_failure(url.strip(), source.id, f"source {source.id!r} urls[{index}]")
    if source.path is None:
        return
    path = Path(source.path).resolve()
    try:
        handle = path.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        yield failure_note(
            path.as_uri(), source.id, "source_error", f"cannot read URL list {path}: {exc}; fix `path`"
        )
        return
    with handle:
        for line_no, line in enumerate(handle, start=1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            yield _item_or_failure(text.split()[0], source.id, f"{path}:{line_no}")
