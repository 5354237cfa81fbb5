"""What the sensor compares between ticks: a small state per source, cheap to compute.

Folders (archive, warc) are summarised by their file count and newest modification time, so a new
or rewritten file shows up without storing every file name. Feeds, sitemaps and URL lists keep the
short hashes of the item URLs they listed (the most recent MAX_KEYS per source). No warehouse access:
the sensor must not wait for the file a run is writing.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field

from extract.discovery import CONNECTORS, DiscoveredItem, DiscoveryContext
from extract.fetching.client import HttpFetcher

log = logging.getLogger("frontlines.source_watch")
# API sources (gdelt, reliefweb) are left to the schedule: listing them on every tick costs quota
WATCHED_KINDS = ("archive", "warc", "feed", "sitemap", "urls")
MAX_KEYS = 2000


@dataclass
class SourceState:
    files: int = 0
    newest_mtime_ns: int = 0
    keys: list[str] = field(default_factory=list)
    error: str | None = None

    def new_items_since(self, old: SourceState | None) -> int:
        """How many items are new compared with `old` (at least 1 when a folder changed)."""
        if self.error:
            return 0
        if old is None:
            return self.files + len(self.keys)
        new = len(set(self.keys) - set(old.keys))
        if self.files > old.files or self.newest_mtime_ns > old.newest_mtime_ns:
            new += max(self.files - old.files, 1)
        return new


def _key(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]


def list_source(source, ctx: DiscoveryContext) -> SourceState:
    """List one source with its connector (feeds are fetched, folders only walked)."""
    state = SourceState()
    try:
        for event in CONNECTORS[source.kind](source, ctx):
            if not isinstance(event, DiscoveredItem):
                if event.failure is not None and state.error is None:
                    state.error = f"{event.failure.error_class}: {event.failure.error_detail}"[:300]
                continue
            if event.path is not None:
                stat = event.path.stat()
                state.files += 1
                state.newest_mtime_ns = max(state.newest_mtime_ns, stat.st_mtime_ns)
            else:
                state.keys.append(_key(event.url))
    except Exception as exc:  # a broken source must not stop the sensor watching the others
        log.warning("listing source %s failed: %s", source.id, exc)
        state.error = f"{type(exc).__name__}: {exc}"[:300]
    if state.error and not state.keys and not state.files:
        return state
    state.error = None  # a partial listing (one bad entry) still counts
    state.keys = list(dict.fromkeys(state.keys))[:MAX_KEYS]
    return state


def watch_sources(sources, settings) -> dict[str, SourceState]:
    """The current state of every watched, enabled source."""
    states = {}
    with HttpFetcher(settings) as fetcher:
        ctx = DiscoveryContext(fetcher, settings)
        for source in sources:
            if source.enabled and source.kind in WATCHED_KINDS:
                states[source.id] = list_source(source, ctx)
    return states


def dump_cursor(states: dict[str, SourceState]) -> str:
    return json.dumps({sid: asdict(s) for sid, s in sorted(states.items())}, separators=(",", ":"))


def load_cursor(cursor: str | None) -> dict[str, SourceState]:
    if not cursor:
        return {}
    try:
        return {sid: SourceState(**raw) for sid, raw in json.loads(cursor).items()}
    except (ValueError, TypeError):
        log.warning("unreadable sensor cursor, starting afresh")
        return {}


def changes(old: dict[str, SourceState], new: dict[str, SourceState]) -> dict[str, int]:
    """source id -> number of new items, for the sources that have any."""
    found = {sid: state.new_items_since(old.get(sid)) for sid, state in new.items()}
    return {sid: n for sid, n in found.items() if n}
