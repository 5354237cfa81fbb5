"""A page's metadata as trafilatura reads it, without the parts Frontlines never stores.

`trafilatura.metadata.extract_metadata` also looks for categories, tags and a licence: XPath scans
of every link in the page that took 14 % of trafilatura's time on the benchmark corpus (1.35 of 9.4
ms a page) and 21 % on the dev-set and demo pages, for fields the warehouse has no column for. This
is that function's sequence, step for step and with its own helpers, less those three;
tests/test_page_metadata.py checks it gives what `extract_metadata` gives on every page we have.
"""

from __future__ import annotations

import logging

from courlan import extract_domain
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document, set_date_params

log = logging.getLogger(__name__)


def page_metadata(tree: HtmlElement, url: str | None) -> Document:
    """Title, author, URL, hostname, date, sitename, page type... of a parsed page (never modified)."""
    # trafilatura calls extract_metadata with its `fast` flag as `extensive`: the cleaner runs fast
    date_config = set_date_params(True)
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception as err:  # trafilatura's own guard: bugs in its JSON-LD reader
        log.warning("error in JSON metadata extraction: %s", err)
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.author:
        metadata.author = extract_author(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, url)
    if metadata.url:
        metadata.hostname = extract_domain(metadata.url, fast=True)
    date_config["url"] = metadata.url
    metadata.date = find_date(tree, **date_config)
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url:
        match = META_URL.match(metadata.url)
        if match:
            metadata.sitename = match[1]
    metadata.filedate = date_config.get("max_date")
    metadata.clean_and_trim()
    return metadata
