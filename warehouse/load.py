"""Idempotent bulk loads into the raw layer: every write is keyed, each load in one transaction, via Arrow.

A re-run replaces rows by key instead of appending, so running the same input twice changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

import duckdb
import pyarrow as pa

from extract.models import Mention, MentionLink, stable_id
from warehouse.clock import naive_utc, utc_now
from warehouse.duplicates import mark_duplicates
from warehouse.fetch_state import failure_rows, listing_rows, skip_rows
from warehouse.page_blob import deflate, inflate
from warehouse.run_log import recorded_counts

# Arrow's default allocator (mimalloc) kept the freed buffers of earlier batches (page blobs, texts)
# and what it kept grew with the run: about 90 MB after fetching 3,000 pages, none with the system
# allocator, which also lowered the fetch stage's peak by about 120 MB (docs/scaling.md)
ARROW_POOL = pa.system_memory_pool()


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, Any]]) -> int:
    """Bulk insert by column name through an Arrow table (never row by row); the columns are the
    first row's keys."""
    if not rows:
        return 0
    return insert_columns(con, table, {name: [row.get(name) for row in rows] for name in rows[0]})


def insert_columns(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list]) -> int:
    """Bulk insert of equal-length columns by name through an Arrow table."""
    rows = len(next(iter(columns.values()), []))
    if not rows:
        return 0
    arrow = pa.table({name: pa.array(values, memory_pool=ARROW_POOL) for name, values in columns.items()})
    con.register("_frontlines_rows", arrow)
    try:
        con.execute(f"insert into {table} by name select * from _frontlines_rows")
    finally:
        con.unregister("_frontlines_rows")
    return rows


MENTION_FIELDS = tuple(f.name for f in dataclasses.fields(Mention))
LINK_FIELDS = tuple(f.name for f in dataclasses.fields(MentionLink))


def _columns(items: Sequence[Any], names: Sequence[str]) -> dict[str, list]:
    """{field: [item.field, ...]} for dataclasses of plain values (no copies, unlike asdict)."""
    return {name: [getattr(item, name) for item in items] for name in names}


def _delete_keys(con: duckdb.DuckDBPyConnection, table: str, column: str, keys: Iterable[str]) -> None:
    keys = list(dict.fromkeys(keys))
    if keys:
        con.register("_frontlines_keys", pa.table({"k": pa.array(keys, pa.string())}))
        try:
            con.execute(f"delete from {table} where {column} in (select k from _frontlines_keys)")
        finally:
            con.unregister("_frontlines_keys")


class transaction:
    """Commit on success, roll back on any error: a failed load leaves no partial rows.

    Nested use joins the outer transaction (DuckDB has no savepoints). The stages never run inside
    one (`warehouse.stages`): each batch load commits by itself, since DuckDB holds a transaction's
    new rows in memory until commit, and a stage-wide transaction made memory grow with the run."""

    _open: ClassVar[set[int]] = set()  # ids of connections inside a `transaction` block

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.owner = False

    def __enter__(self):
        # a failed "begin" would abort DuckDB's open transaction, so nesting is tracked here
        if id(self.con) not in transaction._open:
            self.con.execute("begin transaction")
            transaction._open.add(id(self.con))
            self.owner = True
        return self.con

    def __exit__(self, exc_type, exc, tb):
        if self.owner:
            transaction._open.discard(id(self.con))
            self.con.execute("rollback" if exc_type else "commit")
        return False


def in_transaction(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether `con` is inside a `transaction` block."""
    return id(con) in transaction._open


Window = tuple[dt.date, dt.date] | None  # [start, end) of raw.pages.ingest_date; None = every day


def _window_sql(window: Window, column: str = "p.ingest_date") -> tuple[str, list]:
    if window is None:
        return "", []
    return f" and {column} >= ? and {column} < ?", [window[0], window[1]]


# --- acquisition -----------------------------------------------------------------------------


@dataclasses.dataclass(slots=True)
class KnownPage:
    etag: str | None
    last_modified: str | None
    content_hash: str
    canonical_url: str


class WarehouseKnownPages:
    """What the warehouse already holds, by fetched URL and by canonical URL (for conditional GET)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self._by_url: dict[str, KnownPage] = {}
        for url, canonical, etag, last_modified, content_hash in con.execute(
            "select url, canonical_url, etag, last_modified, content_hash from raw.pages"
        ).fetchall():
            page = KnownPage(etag, last_modified, content_hash, canonical)
            self._by_url[url] = page
            self._by_url.setdefault(canonical, page)

    def get(self, url: str) -> KnownPage | None:
        return self._by_url.get(url)

    def __len__(self) -> int:
        return len(self._by_url)


def page_id_for(canonical_url: str) -> str:
    return stable_id("page", canonical_url)


def load_acquisition_batch(con: duckdb.DuckDBPyConnection, batch: Any, run_id: str) -> dict[str, Any]:
    """Store a batch of fetched pages, failures and attempts; returns counts of what changed, and
    under "changed" the ids of the pages stored new or changed (what cleaning has to read)."""
    now = utc_now()
    pages: dict[str, dict] = {}
    for page in batch.pages:
        pid = page_id_for(page.canonical_url)
        fetched_at = naive_utc(page.fetched_at, now)
        pages[pid] = {
            "page_id": pid,
            "url": page.url,
            "canonical_url": page.canonical_url,
            "source_id": page.source_id,
            "source_kind": page.source_kind,
            "fetched_at": fetched_at,
            "ingest_date": fetched_at.date(),
            "http_status": page.http_status,
            "content_type": page.content_type,
            "charset": page.charset,
            "etag": page.etag,
            "last_modified": page.last_modified,
            "content_hash": page.content_hash,
            "html_bytes": len(page.body),
            "body": page.body,  # compressed below, once it is known to be new or changed
        }
    attempts = [
        {
            "attempt_id": stable_id(a.url, run_id, a.attempt, a.outcome),
            "run_id": run_id,
            "source_id": a.source_id,
            "url": a.url,
            "attempt": a.attempt,
            "attempted_at": naive_utc(a.attempted_at, now),
            "http_status": a.http_status,
            "outcome": a.outcome,
            "error_class": a.error_class,
            "error_detail": a.error_detail,
            "bytes": a.bytes,
            "duration_ms": a.duration_ms,
        }
        for a in batch.attempts
    ]
    # the same child sitemap listed by two sources in one run is one attempt, logged once
    attempts = list({a["attempt_id"]: a for a in attempts}.values())
    # one row per URL (the last word wins); a URL is a failure, a skip or a page, never two of them
    failures = list({r["url"]: r for r in failure_rows(batch.failures, now)}.values())
    skips = list({r["url"]: r for r in skip_rows(getattr(batch, "skips", ()), now)}.values())
    listings = list({r["url"]: r for r in listing_rows(getattr(batch, "listings", ()), now)}.values())
    with transaction(con):
        existing = {}
        if pages:
            con.register("_ids", pa.table({"k": list(pages)}))
            existing = dict(
                con.execute(
                    "select page_id, content_hash from raw.pages where page_id in (select k from _ids)"
                ).fetchall()
            )
            con.unregister("_ids")
        changed = [row for pid, row in pages.items() if existing.get(pid) != row["content_hash"]]
        for row, blob in zip(changed, deflate([row["body"] for row in changed]), strict=True):
            row["html_zlib"] = blob
        for row in pages.values():
            del row["body"]
        _delete_keys(con, "raw.pages", "page_id", [r["page_id"] for r in changed])
        insert_rows(con, "raw.pages", changed)
        _delete_keys(con, "raw.fetch_log", "attempt_id", [a["attempt_id"] for a in attempts])
        insert_rows(con, "raw.fetch_log", attempts)
        # a URL that is now stored is no longer a failure nor a skip; a new outcome replaces the old one
        stored_urls = [p["url"] for p in pages.values()] + [p["canonical_url"] for p in pages.values()]
        unchanged = list(getattr(batch, "unchanged", ()))  # still the stored page: no longer failing
        concluded = stored_urls + unchanged + [f["url"] for f in failures] + [s["url"] for s in skips]
        _delete_keys(con, "raw.fetch_failures", "url", concluded)
        _delete_keys(con, "raw.skipped_urls", "url", concluded)
        insert_rows(con, "raw.fetch_failures", failures)
        insert_rows(con, "raw.skipped_urls", skips)
        _delete_keys(con, "raw.listings", "url", [r["url"] for r in listings])
        insert_rows(con, "raw.listings", listings)
    return {
        "pages_new": len(changed),
        "pages_unchanged": len(pages) - len(changed),
        "failures": len(failures),
        "skips": len(skips),
        "given_up": sum(1 for f in failures if f["status"] == "given_up"),
        "changed": [row["page_id"] for row in changed],
    }


# --- cleaning --------------------------------------------------------------------------------


def pages_to_clean(
    con: duckdb.DuckDBPyConnection, cleaner_version: str, everything: bool = False, window: Window = None
):
    """Pages with no article yet, or whose content or cleaner changed; yields (page_id, url, html).

    `window` keeps pages whose ingest_date lies in [start, end) (one partition or a range of them)."""
    where = (
        "where true"
        if everything
        else ("where (a.article_id is null or a.content_hash <> p.content_hash or a.cleaner_version <> ?)")
    )
    params = [] if everything else [cleaner_version]
    window_sql, window_params = _window_sql(window)
    cur = con.execute(
        f"""select p.page_id, p.canonical_url, p.html_zlib, p.content_hash
            from raw.pages p left join raw.articles a on a.article_id = p.page_id
            {where}{window_sql} order by p.page_id""",
        params + window_params,
    )
    while rows := cur.fetchmany(500):
        for page_id, url, blob, content_hash in rows:
            yield page_id, url, inflate(blob), content_hash


def _rows_by_key(
    con: duckdb.DuckDBPyConnection, table: str, key: str, columns: str, keys: Sequence[tuple[str, int]]
) -> dict[str, tuple]:
    """Rows of `table` for (key, rowid) pairs, by key. The rowid range lets DuckDB skip the row groups
    outside it (a run's new rows sit together at the end of a large table) instead of reading a
    whole column of blobs or texts; the key is what selects, so a row whose rowid moved is still
    found by a second, unranged read."""
    if not keys:
        return {}
    wanted = [k for k, _ in keys]
    rowids = [r for _, r in keys]
    con.register("_frontlines_keys", pa.table({"k": pa.array(wanted, pa.string())}))
    try:
        sql = f"select {key}, {columns} from {table} where {key} in (select k from _frontlines_keys)"
        found = {
            row[0]: row[1:]
            for row in con.execute(f"{sql} and rowid between ? and ?", [min(rowids), max(rowids)]).fetchall()
        }
        if len(found) < len(set(wanted)):
            found = {row[0]: row[1:] for row in con.execute(sql).fetchall()}
    finally:
        con.unregister("_frontlines_keys")
    return found


def page_keys_to_clean(
    con: duckdb.DuckDBPyConnection, cleaner_version: str, everything: bool = False, window: Window = None
) -> list[tuple[str, int]]:
    """(page_id, rowid) of the pages `pages_to_clean` selects, in its order, without reading HTML:
    a whole run's work list is small enough to hold, its pages' bodies are read batch by batch."""
    where = (
        "where true"
        if everything
        else "where (a.article_id is null or a.content_hash <> p.content_hash or a.cleaner_version <> ?)"
    )
    params = [] if everything else [cleaner_version]
    window_sql, window_params = _window_sql(window)
    return con.execute(
        f"""select p.page_id, p.rowid from raw.pages p left join raw.articles a on a.article_id = p.page_id
            {where}{window_sql} order by p.page_id""",
        params + window_params,
    ).fetchall()


def stored_pages(con: duckdb.DuckDBPyConnection, keys: Sequence[tuple[str, int]]) -> list[tuple]:
    """(page_id, canonical_url, html_zlib, content_hash, charset) for keys from `page_keys_to_clean`,
    in their order; the HTML stays compressed (whoever cleans it inflates it)."""
    found = _rows_by_key(con, "raw.pages", "page_id", "canonical_url, html_zlib, content_hash, charset", keys)
    return [(k, *found[k]) for k, _ in keys if k in found]


def load_articles(con: duckdb.DuckDBPyConnection, rows: Sequence[dict]) -> int:
    """Replace the articles of these pages, then mark wire copies (same fingerprint) as duplicates."""
    if not rows:
        return 0
    now = utc_now()
    for row in rows:
        row.setdefault("cleaned_at", now)
        row["text_chars"] = len(row["text"]) if row.get("text") else 0
    keys = list(dict.fromkeys(r["article_id"] for r in rows))
    with transaction(con):
        _delete_keys(con, "raw.articles", "article_id", keys)
        insert_rows(con, "raw.articles", rows)
        mark_duplicates(con, keys)
    return len(rows)


# --- extraction ------------------------------------------------------------------------------


def articles_to_extract(con, extractor: str, version: str, everything: bool = False, window: Window = None):
    """Articles this extractor version has not read since they were last cleaned.

    `window` keeps articles whose page's ingest_date lies in [start, end)."""
    where = (
        ""
        if everything
        else "and (l.article_id is null or l.status = 'failed' or l.extracted_at < a.cleaned_at)"
    )
    window_sql, window_params = _window_sql(window)
    join_pages = "join raw.pages p on p.page_id = a.page_id" if window is not None else ""
    cur = con.execute(
        f"""select a.article_id, a.url, a.text, a.published_date, a.title
            from raw.articles a {join_pages}
            left join raw.extraction_log l on l.article_id = a.article_id
                 and l.extractor = ? and l.extractor_version = ?
            where a.status = 'ok' {where}{window_sql} order by a.article_id""",
        [extractor, version, *window_params],
    )
    while rows := cur.fetchmany(500):
        yield from rows


def article_keys_to_extract(
    con: duckdb.DuckDBPyConnection,
    extractor: str,
    version: str,
    everything: bool = False,
    window: Window = None,
) -> list[tuple[str, int]]:
    """(article_id, rowid) of the articles `articles_to_extract` selects, in its order, without their
    texts (read batch by batch with `stored_articles`)."""
    where = (
        ""
        if everything
        else "and (l.article_id is null or l.status = 'failed' or l.extracted_at < a.cleaned_at)"
    )
    window_sql, window_params = _window_sql(window)
    join_pages = "join raw.pages p on p.page_id = a.page_id" if window is not None else ""
    return con.execute(
        f"""select a.article_id, a.rowid
            from raw.articles a {join_pages}
            left join raw.extraction_log l on l.article_id = a.article_id
                 and l.extractor = ? and l.extractor_version = ?
            where a.status = 'ok' {where}{window_sql} order by a.article_id""",
        [extractor, version, *window_params],
    ).fetchall()


def stored_articles(con: duckdb.DuckDBPyConnection, keys: Sequence[tuple[str, int]]) -> list[tuple]:
    """(article_id, url, text, published_date, title) for keys from `article_keys_to_extract`, in order."""
    found = _rows_by_key(con, "raw.articles", "article_id", "url, text, published_date, title", keys)
    return [(k, *found[k]) for k, _ in keys if k in found]


def load_mentions(
    con: duckdb.DuckDBPyConnection,
    article_ids: Sequence[str],
    mentions: Sequence[Mention],
    links: Sequence[MentionLink],
    extractor: str,
    version: str,
    failed: dict[str, str] | None = None,
    extracted_at: dt.datetime | None = None,
) -> int:
    """Replace this extractor version's mentions of these articles (keyed, one transaction).

    `failed` maps article ids the extractor could not read to the error; they are logged as failed
    (and read again next run) instead of being dropped. `extracted_at` (naive UTC, default now)
    stamps the rows."""
    now = extracted_at or utc_now()
    # columns read straight off the dataclasses: Mention.to_row (dataclasses.asdict) deep-copies every
    # field and was most of the extraction stage's time in this process (docs/scaling.md)
    mention_columns = _columns(mentions, MENTION_FIELDS)
    ranks: dict[str, int] = {}
    mention_ranks = []
    for article_id in mention_columns["article_id"]:
        # the extractor lists an article's mentions best reading first (most specific place first)
        ranks[article_id] = ranks.get(article_id, 0) + 1
        mention_ranks.append(ranks[article_id])
    mention_columns["extracted_at"] = [now] * len(mentions)
    mention_columns["mention_rank"] = mention_ranks
    link_columns = _columns(links, LINK_FIELDS)
    counts: dict[str, int] = dict.fromkeys(article_ids, 0)
    for article_id in mention_columns["article_id"]:
        counts[article_id] = counts.get(article_id, 0) + 1
    log_rows = [
        {
            "article_id": a,
            "extractor": extractor,
            "extractor_version": version,
            "n_mentions": n,
            "extracted_at": now,
            "status": "failed" if failed and a in failed else "ok",
            "error": (failed or {}).get(a),
        }
        for a, n in counts.items()
    ]
    with transaction(con):
        con.register("_ids", pa.table({"k": pa.array(list(counts), pa.string())}))
        try:
            # an article's mentions and its log row are written together (below), so only articles
            # this version logged before have rows to replace: a first extraction deletes nothing
            # and skips three scans of tables that grow with the warehouse
            logged = (
                bool(counts)
                and con.execute(
                    """select count(*) from raw.extraction_log where extractor = ? and extractor_version = ?
                   and article_id in (select k from _ids)""",
                    [extractor, version],
                ).fetchone()[0]
            )
            if logged:
                con.execute(
                    """delete from raw.mention_links where extractor_version = ? and extractor = ?
                       and mention_id in (select mention_id from raw.mentions
                                          where article_id in (select k from _ids))""",
                    [version, extractor],
                )
                for table in ("raw.mentions", "raw.extraction_log"):
                    con.execute(
                        f"""delete from {table} where extractor = ? and extractor_version = ?
                            and article_id in (select k from _ids)""",
                        [extractor, version],
                    )
        finally:
            con.unregister("_ids")
        insert_columns(con, "raw.mentions", mention_columns)
        insert_columns(con, "raw.mention_links", link_columns)
        insert_rows(con, "raw.extraction_log", log_rows)
    return len(mentions)


# --- runs ------------------------------------------------------------------------------------


def record_run(
    con: duckdb.DuckDBPyConnection, run_id: str, status: str, add: bool = False, **counts: Any
) -> None:
    """Upsert the run's row: started when first seen, finished when status leaves 'running'. With
    `add`, the counts given are added to those recorded (a stage finishing what an earlier step of
    the run began), else they replace them."""
    now = utc_now()
    row = con.execute("select started_at from raw.runs where run_id = ?", [run_id]).fetchone()
    started = row[0] if row else now
    with transaction(con):
        merged = recorded_counts(con, run_id)
        given = {k: v for k, v in counts.items() if k in merged and v is not None}
        if add:
            given = {k: (merged[k] or 0) + v for k, v in given.items()}
        merged.update(given)
        con.execute("delete from raw.runs where run_id = ?", [run_id])
        con.execute(
            "insert into raw.runs values (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                started,
                None if status == "running" else now,
                status,
                merged["pages_new"],
                merged["articles_new"],
                merged["mentions_new"],
                counts.get("detail"),
            ],
        )
