"""GDELT DOC 2.0 API: article lists for a query, in JSON (`mode=artlist`), then each article fetched.

Enable it in `config/sources.yaml`:

```yaml
  - id: gdelt-aleppo
    kind: gdelt
    query: 'Aleppo (airstrike OR shelling) sourcecountry:SY sourcelang:english'
    timespan: 24h          # or start/end (UTC) for a fixed window; GDELT covers the last 3 months
    max_records: 250       # GDELT's maximum per query
    api_url: https://api.gdeltproject.org/api/v2/doc/doc   # the default; tests point it at 127.0.0.1
```

No key is needed. GDELT asks for at most one request every 5 seconds; it answers errors as plain text
with HTTP 200 ("Invalid query..."), which become a `source_error` for the API URL. GDELT's language
names (English, Arabic...) are mapped to ISO 639-1 so the source's `languages` filter applies before
any article is fetched; `seendate` travels as the published hint (the page's own date wins later).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from urllib.parse import quote, urlencode

from extract.discovery.items import DiscoveredItem, DiscoveryContext, DiscoveryEvent, listing_failed
from extract.sources import GDELT_API_URL

GDELT_LANGUAGES = {
    "english": "en", "arabic": "ar", "french": "fr", "russian": "ru", "turkish": "tr", "spanish": "es",
    "german": "de", "persian": "fa", "hebrew": "he", "kurdish": "ku", "ukrainian": "uk", "chinese": "zh",
    "italian": "it", "portuguese": "pt", "dutch": "nl", "urdu": "ur", "hindi": "hi", "japanese": "ja",
    "korean": "ko", "indonesian": "id", "polish": "pl", "swedish": "sv", "greek": "el", "armenian": "hy",
}  # fmt: skip


def _gdelt_time(value: dt.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.strftime("%Y%m%d%H%M%S")


def gdelt_request_url(source) -> str:
    params = {
        "query": source.query,
        "mode": "artlist",
        "format": "json",
        "maxrecords": str(min(source.max_records, 250)),
        "sort": "datedesc",
    }
    if source.start is not None:
        params["startdatetime"] = _gdelt_time(source.start)
        params["enddatetime"] = _gdelt_time(source.end or dt.datetime.now(dt.UTC))
    else:
        params["timespan"] = source.timespan or "24h"
    return f"{source.api_url or GDELT_API_URL}?{urlencode(params, quote_via=quote)}"


def parse_seendate(value: str | None) -> str | None:
    """'20161213T094500Z' -> '2016-12-13T09:45:00+00:00'."""
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC).isoformat()
    except ValueError:
        return None


def discover_gdelt(source, ctx: DiscoveryContext) -> Iterator[DiscoveryEvent]:
    url = gdelt_request_url(source)
    body, result, note = ctx.fetch_document(url, source.id, accept="application/json")
    if body is None:
        yield note
        return
    text = body.decode("utf-8", errors="replace").strip()
    try:
        data = json.loads(text, strict=False) if text else {}
    except json.JSONDecodeError:
        yield listing_failed(
            result, source.id, "source_error", f"GDELT answered with text, not JSON: {text[:300]}"
        )
        return
    if not isinstance(data, dict) or not isinstance(data.get("articles", []), list):
        yield listing_failed(result, source.id, "source_error", "GDELT JSON without an `articles` list")
        return
    articles = [a for a in data.get("articles", []) if isinstance(a, dict) and a.get("url")]
    for attempt in note.attempts:
        if attempt.url == url and attempt.outcome == "listed":
            attempt.error_detail = f"GDELT artlist: {len(articles)} articles"
    yield note
    for article in articles:
        yield DiscoveredItem(
            url=article["url"].strip(),
            source_id=source.id,
            source_kind="gdelt",
            language=GDELT_LANGUAGES.get(str(article.get("language", "")).strip().lower()),
            published=parse_seendate(article.get("seendate")),
            title=article.get("title"),
        )
