"""ReliefWeb reports API: humanitarian reports for a country, with their full text, no page fetch needed.

Enable it in `config/sources.yaml`:

```yaml
  - id: reliefweb-syria
    kind: reliefweb
    country: Syria            # a name, or an ISO3 code such as SYR
    query: Aleppo             # optional full-text query
    appname: <approved name>  # or FRONTLINES_RELIEFWEB_APPNAME
    max_records: 100
    start: 2016-07-01T00:00:00Z   # optional window on date.original
    api_url: https://api.reliefweb.int/v2/reports   # the default; tests point it at 127.0.0.1
```

Since November 2025 ReliefWeb refuses calls without a pre-approved `appname` (request one at
https://apidoc.reliefweb.int/parameters#appname) and v1 answers 410, so the default is v2 (same
request and answer shape; an `api_url` ending in /v1/reports still works against a v1 server). Each
report's `body-html` is wrapped into a small HTML page carrying the report URL as canonical link, its
title, language and original date, so cleaning reads it like any article. With `fetch_pages: true` the
report pages on reliefweb.int are fetched instead. Pages of results are followed with `offset` until
`max_records` or the end of the list.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterator
from urllib.parse import urlencode

from extract.discovery.items import DiscoveredItem, DiscoveryContext, DiscoveryEvent, listing_failed
from extract.sources import RELIEFWEB_API_URL, RELIEFWEB_APPNAME_ENV

PAGE_SIZE = 100
FIELDS = (
    "title",
    "url",
    "url_alias",
    "body-html",
    "body",
    "date.original",
    "date.created",
    "language.code",
    "source.shortname",
    "source.name",
    "primary_country.iso3",
)


def reliefweb_request_url(source, offset: int, limit: int) -> str:
    country = (source.country or "").strip()
    params: list[tuple[str, str]] = [
        ("appname", source.appname or os.environ.get(RELIEFWEB_APPNAME_ENV, "")),
        ("limit", str(limit)),
        ("offset", str(offset)),
        ("sort[]", "date.original:desc"),
    ]
    params += [("fields[include][]", name) for name in FIELDS]
    conditions: list[tuple[str, str]] = []
    if country:
        is_iso3 = bool(re.fullmatch(r"[A-Za-z]{3}", country))
        field = "primary_country.iso3" if is_iso3 else "primary_country.name"
        conditions.append((field, country.lower() if is_iso3 else country))
    for index, (field, value) in enumerate(conditions):
        params += [
            (f"filter[conditions][{index}][field]", field),
            (f"filter[conditions][{index}][value]", value),
        ]
    index = len(conditions)
    if source.start or source.end:
        params.append((f"filter[conditions][{index}][field]", "date.original"))
        if source.start:
            params.append((f"filter[conditions][{index}][value][from]", source.start.isoformat()))
        if source.end:
            params.append((f"filter[conditions][{index}][value][to]", source.end.isoformat()))
        index += 1
    if index:
        params.append(("filter[operator]", "AND"))
    if source.query:
        params.append(("query[value]", source.query))
    return f"{source.api_url or RELIEFWEB_API_URL}?{urlencode(params)}"


def report_page_html(fields: dict, url: str) -> str:
    """A minimal article page around the report's body-html (or its plain-text body)."""
    title = html.escape(str(fields.get("title") or ""))
    languages = fields.get("language") or [{}]
    lang = html.escape(str(languages[0].get("code") or "en"))
    date = (fields.get("date") or {}).get("original") or (fields.get("date") or {}).get("created") or ""
    sources = ", ".join(s.get("shortname") or s.get("name") or "" for s in fields.get("source") or [])
    body = fields.get("body-html")
    if not body:
        paragraphs = [p.strip() for p in str(fields.get("body") or "").split("\n\n") if p.strip()]
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="canonical" href="{html.escape(url)}">'
        f'<meta property="article:published_time" content="{html.escape(date)}">'
        f'<meta name="author" content="{html.escape(sources)}">'
        f'<meta property="og:site_name" content="ReliefWeb"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def discover_reliefweb(source, ctx: DiscoveryContext) -> Iterator[DiscoveryEvent]:
    collected = 0
    offset = 0
    while collected < source.max_records:
        limit = min(PAGE_SIZE, source.max_records - collected)
        url = reliefweb_request_url(source, offset, limit)
        body, result, note = ctx.fetch_document(url, source.id, accept="application/json")
        if body is None:
            yield note
            return
        try:
            data = json.loads(body)
            reports = data["data"]
            total = int(data.get("totalCount", 0))
        except (ValueError, KeyError, TypeError) as exc:
            yield listing_failed(result, source.id, "source_error", f"unexpected ReliefWeb answer: {exc}")
            return
        for attempt in note.attempts:
            if attempt.url == url and attempt.outcome == "listed":
                attempt.error_detail = f"ReliefWeb: {len(reports)} reports at offset {offset} of {total}"
        yield note
        for report in reports:
            fields = report.get("fields") or {}
            page_url = fields.get("url_alias") or fields.get("url")
            if not page_url:
                continue
            languages = fields.get("language") or [{}]
            dates = fields.get("date") or {}
            common = {
                "url": page_url,
                "source_id": source.id,
                "source_kind": "reliefweb",
                "language": languages[0].get("code"),
                "published": dates.get("original") or dates.get("created"),
                "title": fields.get("title"),
            }
            if source.fetch_pages:
                yield DiscoveredItem(**common)
            else:
                page = report_page_html(fields, page_url).encode("utf-8")
                yield DiscoveredItem(**common, body=page, content_type="text/html; charset=utf-8")
        collected += len(reports)
        offset += len(reports)
        if not reports or offset >= total:
            return
