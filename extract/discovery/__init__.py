"""Connectors: each kind of source lists its items as a stream of `DiscoveredItem`s and notes.

`CONNECTORS` maps a source kind to its generator function `(source, ctx) -> Iterator[event]`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from extract.discovery.archives import discover_archive
from extract.discovery.feeds import discover_feed
from extract.discovery.gdelt import discover_gdelt
from extract.discovery.items import DiscoveredItem, DiscoveryContext, DiscoveryEvent, DiscoveryNote
from extract.discovery.reliefweb import discover_reliefweb
from extract.discovery.sitemaps import discover_sitemap
from extract.discovery.url_lists import discover_url_list
from extract.discovery.warc import discover_warc

Connector = Callable[[Any, DiscoveryContext], Iterator[DiscoveryEvent]]

CONNECTORS: dict[str, Connector] = {
    "archive": discover_archive,
    "urls": discover_url_list,
    "feed": discover_feed,
    "sitemap": discover_sitemap,
    "warc": discover_warc,
    "gdelt": discover_gdelt,
    "reliefweb": discover_reliefweb,
}

__all__ = ["CONNECTORS", "DiscoveredItem", "DiscoveryContext", "DiscoveryEvent", "DiscoveryNote"]
