"""Connectors: each kind of source lists its items as a stream of `DiscoveredItem`s and notes.

`CONNECTORS` maps a source kind to its generator function `(source, ctx) -> Iterator[event]`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from extract.discovery.archives import discover_archive
from extract.discovery.items import DiscoveredItem, DiscoveryContext, DiscoveryEvent, DiscoveryNote
from extract.discovery.url_lists import discover_url_list

Connector = Callable[[Any, DiscoveryContext], Iterator[DiscoveryEvent]]

CONNECTORS: dict[str, Connector] = {
    "archive": discover_archive,
    "urls": discover_url_list,
}

__all__ = ["CONNECTORS", "DiscoveredItem", "DiscoveryContext", "DiscoveryEvent", "DiscoveryNote"]
