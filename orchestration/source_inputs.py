"""Which sources a run reads and how it fetches them, from the sources file or the CLI's folders,
URL lists and feeds. Plain Python (no Dagster), so the CLI can ask "anything new?" before it starts
Dagster; the `sources` resource calls the same functions."""

from __future__ import annotations

import os
from pathlib import Path

from warehouse.paths import REPO_ROOT

DEFAULT_SOURCES_FILE = REPO_ROOT / "config" / "sources.yaml"


def resolve_sources(
    sources_file: str | Path = DEFAULT_SOURCES_FILE,
    archives: list[str] = (),
    urls_files: list[str] = (),
    feeds: list[str] = (),
):
    """(sources, errors): CLI inputs replace the sources file when any is given."""
    from extract.sources import load_sources, sources_from_cli

    if archives or urls_files or feeds:
        return sources_from_cli(list(archives), list(urls_files), list(feeds)), []
    path = Path(sources_file)
    if not path.is_absolute():
        path = REPO_ROOT / path
    loaded = load_sources(path)
    return loaded.sources, loaded.errors


def fetch_settings(allow_private_addresses: bool = False):
    """The fetch settings: private addresses only when asked (flag or environment)."""
    from extract.fetching import FetchSettings
    from extract.fetching.settings import ALLOW_PRIVATE_ENV

    allow = allow_private_addresses or os.environ.get(ALLOW_PRIVATE_ENV) == "1"
    return FetchSettings(allow_private_addresses=allow)
