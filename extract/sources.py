"""Sources: what to acquire, declared in one YAML file and validated with pydantic.

```yaml
sources:
  - id: demo-corpus          # unique; stored with every page
    kind: archive            # archive | urls | feed | sitemap | warc | gdelt | reliefweb
    path: ../demo/corpus     # relative paths resolve from this file's folder
    enabled: true
    schedule_hint: hourly    # hourly | daily | weekly | a 5-field cron expression
    languages: [en]          # keep pages in these languages (where the language is known)
    include: ['/world/']     # regexes searched in each URL: keep only matches (if any given)
    exclude: ['/video/']     # regexes: drop matches
```

A bad entry is reported with the file, its index and id, and what to fix; the other entries load.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from extract.fetching.client import split_http_url
from extract.fetching.errors import FetchError

SourceKind = Literal["archive", "urls", "feed", "sitemap", "warc", "gdelt", "reliefweb"]
KINDS: tuple[str, ...] = ("archive", "urls", "feed", "sitemap", "warc", "gdelt", "reliefweb")
GDELT_API_URL = "https://api.gdeltproject.org/api/v2/doc/doc"
# ReliefWeb retired v1 (it answers 410) and requires a pre-approved appname since November 2025.
RELIEFWEB_API_URL = "https://api.reliefweb.int/v2/reports"
RELIEFWEB_APPNAME_ENV = "FRONTLINES_RELIEFWEB_APPNAME"

COMMON_FIELDS = frozenset(
    {"id", "kind", "enabled", "schedule_hint", "languages", "include", "exclude", "description"}
)
KIND_FIELDS: dict[str, frozenset[str]] = {
    "archive": frozenset({"path"}),
    "urls": frozenset({"path", "urls"}),
    "feed": frozenset({"url"}),
    "sitemap": frozenset({"url", "max_sitemaps"}),
    "warc": frozenset({"path"}),
    "gdelt": frozenset({"query", "api_url", "max_records", "timespan", "start", "end"}),
    "reliefweb": frozenset(
        {"country", "query", "appname", "api_url", "max_records", "start", "end", "fetch_pages"}
    ),
}
_SCHEDULE_WORDS = {"hourly", "daily", "weekly", "manual"}
_CRON_FIELD = re.compile(r"^[\d*/,\-A-Za-z?]+$")
_TIMESPAN = re.compile(r"^\d+(min|h|d|w|m)$")

FIX_HINTS = {
    "id": "give every source a unique `id` (letters, digits, '-', '_', '.', ':')",
    "kind": f"set `kind` to one of {', '.join(KINDS)}",
    "path": "set `path` to an existing file or folder (relative paths resolve from the YAML file's folder)",
    "url": "set `url` to the http(s) address of the feed or sitemap",
    "urls": "list http(s) URLs under `urls`, or give a file with one URL a line as `path`",
    "api_url": "set `api_url` to an http(s) address, or leave it out for the public API",
    "include": "write Python regular expressions; each is searched in the URL (re.search)",
    "exclude": "write Python regular expressions; each is searched in the URL (re.search)",
    "languages": "list ISO 639-1 codes such as en, ar, fr",
    "schedule_hint": "use hourly, daily, weekly, manual or a 5-field cron expression such as '0 * * * *'",
    "query": "give the search query, e.g. 'Aleppo sourcecountry:SY' for GDELT",
    "country": "give the country name or ISO3 code, e.g. Syria or SYR",
    "appname": f"ask ReliefWeb for an approved appname and set `appname` or ${RELIEFWEB_APPNAME_ENV}",
    "timespan": "use a GDELT timespan such as 15min, 24h, 7d, 2w or 3m",
    "max_records": "use a positive whole number (GDELT returns at most 250 per query)",
}


class SourceConfig(BaseModel):
    """One source. Kind-specific fields are only accepted for the kinds that use them."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=300, pattern=r"^[^\s]+$")
    kind: SourceKind
    enabled: bool = True
    schedule_hint: str = "hourly"
    languages: list[str] = Field(default_factory=list)
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    description: str | None = None
    # kind-specific
    path: Path | None = None  # archive folder, URL list file, WARC file or folder
    urls: list[str] = Field(default_factory=list)  # urls: inline list
    url: str | None = None  # feed, sitemap
    max_sitemaps: int | None = Field(None, ge=1)  # sitemap: cap on files followed from an index
    query: str | None = None  # gdelt query; reliefweb full-text query
    country: str | None = None  # reliefweb: name or ISO3
    appname: str | None = None  # reliefweb
    api_url: str | None = None  # gdelt, reliefweb: base URL (tests point it at a local server)
    max_records: int = Field(250, ge=1, le=10_000)
    timespan: str | None = None  # gdelt: e.g. 24h, 7d (ignored when start is given)
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    fetch_pages: bool = False  # reliefweb: fetch report pages instead of using the API's body-html

    _include: list[re.Pattern[str]] = PrivateAttr(default_factory=list)
    _exclude: list[re.Pattern[str]] = PrivateAttr(default_factory=list)

    @field_validator("path", mode="after")
    @classmethod
    def _resolve_path(cls, value: Path | None, info: ValidationInfo) -> Path | None:
        if value is None:
            return None
        value = value.expanduser()
        base = (info.context or {}).get("base_dir")
        if not value.is_absolute() and base is not None:
            value = Path(base) / value
        return value.resolve()

    @field_validator("languages", mode="after")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        out = []
        for tag in value:
            primary = tag.strip().replace("_", "-").split("-")[0].lower()
            if not re.fullmatch(r"[a-z]{2,3}", primary):
                raise ValueError(f"{tag!r} is not a language code")
            out.append(primary)
        return out

    @field_validator("include", "exclude", mode="after")
    @classmethod
    def _patterns(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{pattern!r} is not a valid regular expression: {exc}") from exc
        return value

    @field_validator("schedule_hint", mode="after")
    @classmethod
    def _schedule(cls, value: str) -> str:
        value = value.strip()
        fields = value.split()
        if value.lower() in _SCHEDULE_WORDS or (
            len(fields) == 5 and all(_CRON_FIELD.match(f) for f in fields)
        ):
            return value
        raise ValueError(f"{value!r} is neither hourly/daily/weekly/manual nor a 5-field cron expression")

    @field_validator("url", "api_url", mode="after")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            split_http_url(value.strip())
        except FetchError as err:
            raise ValueError(err.detail) from err
        return value.strip()

    @field_validator("urls", mode="after")
    @classmethod
    def _http_urls(cls, value: list[str]) -> list[str]:
        cleaned = []
        for index, url in enumerate(value):
            try:
                split_http_url(url.strip())
            except FetchError as err:
                raise ValueError(f"urls[{index}]: {err.detail}") from err
            cleaned.append(url.strip())
        return cleaned

    @field_validator("timespan", mode="after")
    @classmethod
    def _timespan(cls, value: str | None) -> str | None:
        if value is not None and not _TIMESPAN.match(value.strip()):
            raise ValueError(f"{value!r} is not a GDELT timespan")
        return value

    @model_validator(mode="after")
    def _kind_fields(self) -> SourceConfig:
        allowed = COMMON_FIELDS | KIND_FIELDS[self.kind]
        stray = sorted(set(self.model_fields_set) - allowed)
        if stray:
            raise ValueError(
                f"field(s) {', '.join(stray)} do not apply to kind {self.kind!r}; "
                f"its fields are {', '.join(sorted(KIND_FIELDS[self.kind]))}"
            )
        kind = self.kind
        self._include = [re.compile(p) for p in self.include]
        self._exclude = [re.compile(p) for p in self.exclude]
        if kind in {"archive", "warc"} and self.path is None:
            raise ValueError(f"kind {kind!r} needs `path`")
        if kind == "urls" and self.path is None and not self.urls:
            raise ValueError("kind 'urls' needs `path` (a file with one URL a line) or `urls` (a list)")
        if kind in {"feed", "sitemap"} and not self.url:
            raise ValueError(f"kind {kind!r} needs `url`")
        if kind == "gdelt" and not (self.query or "").strip():
            raise ValueError("kind 'gdelt' needs `query`, e.g. 'Aleppo sourcecountry:SY'")
        if kind == "reliefweb" and not (self.country or self.query):
            raise ValueError("kind 'reliefweb' needs `country` (name or ISO3) or `query`")
        if self.start and self.end and self.end <= self.start:
            raise ValueError("`end` must be after `start`")
        if self.enabled:
            self._check_ready()
        return self

    def _check_ready(self) -> None:
        """Checks of the world outside the file (paths exist, credentials set): enabled sources only."""
        kind = self.kind
        if kind == "archive" and self.path is not None and not self.path.is_dir():
            raise ValueError(f"archive folder {self.path} does not exist (fix `path`)")
        if kind == "warc" and self.path is not None and not self.path.exists():
            raise ValueError(f"WARC path {self.path} does not exist (fix `path`)")
        if kind == "urls" and self.path is not None and not self.path.is_file():
            raise ValueError(f"URL list file {self.path} does not exist (fix `path`)")
        if kind == "reliefweb" and not (self.appname or os.environ.get(RELIEFWEB_APPNAME_ENV)):
            raise ValueError(
                f"kind 'reliefweb' needs `appname` (or ${RELIEFWEB_APPNAME_ENV}): ReliefWeb refuses "
                "requests without a pre-approved appname"
            )

    def url_rejected(self, url: str) -> str | None:
        """Why the include/exclude patterns drop this URL, or None if it is kept."""
        if self._include and not any(p.search(url) for p in self._include):
            return f"matches none of the include patterns of source {self.id!r}"
        for pattern in self._exclude:
            if pattern.search(url):
                return f"matches exclude pattern {pattern.pattern!r} of source {self.id!r}"
        return None

    def language_rejected(self, language: str | None) -> str | None:
        """Why the language filter drops a page in `language` (unknown languages are kept)."""
        if not self.languages or not language:
            return None
        primary = language.strip().replace("_", "-").split("-")[0].lower()
        if primary in self.languages:
            return None
        return f"language {primary!r} is not in {self.languages} of source {self.id!r}"

    @property
    def filter_key(self) -> str:
        """A fingerprint of the filters (languages, include, exclude): a URL skipped under one set of
        filters is not fetched again until they change."""
        spec = json.dumps([sorted(self.languages), self.include, self.exclude])
        return hashlib.sha256(spec.encode("utf-8")).hexdigest()[:16]

    @property
    def location(self) -> str:
        """The address a listing failure is recorded under."""
        if self.url:
            return self.url
        if self.path is not None:
            return Path(self.path).as_uri()
        return self.api_url or f"source:{self.id}"


@dataclass
class SourcesLoad:
    sources: list[SourceConfig] = field(default_factory=list)  # valid and enabled
    errors: list[str] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)  # ids of valid entries with enabled: false


def _format_error(where: str, error: dict[str, Any]) -> str:
    loc = [str(part) for part in error.get("loc", ())]
    fld = loc[0] if loc else None
    message = error.get("msg", "invalid").removeprefix("Value error, ")
    if error.get("type") == "extra_forbidden" and fld:
        hint = "remove it or fix its spelling"
        return f"{where}: unknown field {fld!r}: {hint}"
    label = f"field {'.'.join(loc)!r}: " if loc else ""
    hint = FIX_HINTS.get(fld or "", "")
    if not hint:
        for name, text in FIX_HINTS.items():
            if f"`{name}`" in message:
                hint = text
                break
    return f"{where}: {label}{message}" + (f" (fix: {hint})" if hint and hint not in message else "")


def load_sources(path: str | Path) -> SourcesLoad:
    """Read and validate a sources YAML file. Never raises for bad content: see `.errors`."""
    path = Path(path)
    result = SourcesLoad()
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        result.errors.append(f"{path}: cannot read the sources file: {exc}")
        return result
    except yaml.YAMLError as exc:
        result.errors.append(f"{path}: not valid YAML: {exc}")
        return result
    if not isinstance(document, dict) or not isinstance(document.get("sources"), list):
        result.errors.append(f"{path}: expected a top-level `sources:` list of source entries")
        return result
    seen: set[str] = set()
    base_dir = path.resolve().parent
    for index, entry in enumerate(document["sources"]):
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        where = f"{path}: entry {index}" + (f" (id {entry_id!r})" if entry_id else "")
        if not isinstance(entry, dict):
            result.errors.append(f"{where}: expected a mapping with at least `id` and `kind`")
            continue
        try:
            source = SourceConfig.model_validate(entry, context={"base_dir": base_dir})
        except ValidationError as exc:
            result.errors.extend(_format_error(where, err) for err in exc.errors())
            continue
        if source.id in seen:
            result.errors.append(f"{where}: duplicate id {source.id!r}: give every source a unique `id`")
            continue
        seen.add(source.id)
        if source.enabled:
            result.sources.append(source)
        else:
            result.disabled.append(source.id)
    return result


def sources_from_cli(archives: list[str], urls_files: list[str], feeds: list[str]) -> list[SourceConfig]:
    """Sources for `frontlines run --archive DIR --urls FILE --feed URL`; ids are stable across runs.

    Raises ValueError naming the argument and what to fix when one is unusable."""
    specs: list[tuple[str, dict[str, Any]]] = []
    for folder in archives:
        resolved = Path(folder).expanduser().resolve()
        specs.append(
            (f"--archive {folder}", {"id": f"archive:{resolved}", "kind": "archive", "path": resolved})
        )
    for file in urls_files:
        resolved = Path(file).expanduser().resolve()
        specs.append((f"--urls {file}", {"id": f"urls:{resolved}", "kind": "urls", "path": resolved}))
    for url in feeds:
        specs.append((f"--feed {url}", {"id": f"feed:{url.strip()}", "kind": "feed", "url": url}))
    sources: list[SourceConfig] = []
    for argument, spec in specs:
        try:
            sources.append(SourceConfig.model_validate(spec))
        except ValidationError as exc:
            reasons = "; ".join(e.get("msg", "").removeprefix("Value error, ") for e in exc.errors())
            raise ValueError(f"{argument}: {reasons}") from exc
    return sources
