"""Local archive folders: every `.html`, `.htm` and `.html.gz` file under a folder, recursively, sorted.

Config: `kind: archive`, `path: <folder>` (relative paths resolve from the YAML file's folder). Each file
becomes a page whose URL is its `file://` URI and whose canonical URL is the page's own
`<link rel="canonical">` or `og:url` (else the file URI). Reading is incremental: a file whose size and
modification time match the stored page is skipped unread, and one whose bytes hash to the stored
content hash is not parsed again.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from extract.discovery.items import DiscoveredItem, DiscoveryContext, DiscoveryEvent, failure_note

ARCHIVE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz", ".xhtml")


def is_archive_page(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def list_archive_pages(root: Path) -> list[Path]:
    """All archive pages under root, sorted by path (symlinked folders are not followed: no loops)."""
    found: list[Path] = []
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        found.extend(Path(folder, name) for name in filenames if is_archive_page(name))
    return sorted(found)


def discover_archive(source, ctx: DiscoveryContext) -> Iterator[DiscoveryEvent]:
    root = Path(source.path).resolve()
    if not root.is_dir():
        yield failure_note(
            root.as_uri(),
            source.id,
            "source_error",
            f"archive folder {root} does not exist or is not a folder: fix `path` of source {source.id!r}",
        )
        return
    for path in list_archive_pages(root):
        yield DiscoveredItem(url=path.as_uri(), source_id=source.id, source_kind="archive", path=path)
