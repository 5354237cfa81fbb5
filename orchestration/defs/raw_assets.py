"""The raw layer as assets: pages (with the fetch log), articles, mentions, reference data.

Asset keys are `raw/<table>` and `ref/<table>`, the names dbt's sources use, so the lineage runs
from these Python assets into the dbt models.
"""


from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, MetadataValue, multi_asset
from dagster_duckdb import DuckDBResource

from orchestration.defs.resources import ExtractorResource, SourcesResource
from warehouse.load import record_run
from warehouse.stages import clean_pages, extract_mentions, ingest_pages

POOL = "warehouse_writer"  # one writer at a time: DuckDB allows one read-write process per file
KINDS = {"python", "duckdb"}
OWNERS = ["team:frontlines"]


def _spec(table: str, description: str, deps=(), group="raw", schema="raw") -> AssetSpec:
    return AssetSpec(
        AssetKey([schema, table]),
        description=description,
        deps=[AssetKey(d.split("/")) for d in deps],
        group_name=group,
        kinds=KINDS,
        owners=OWNERS,
    )


def _count(con, table: str) -> int:
    return con.execute(f"select count(*) from {table}").fetchone()[0]


def _preview(con, sql: str) -> MetadataValue:
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    rows = cur.fetchall()
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in rows:
        lines.append("| " + " | ".join(str(v).replace("|", "/")[:80] for v in row) + " |")
    return MetadataValue.md("\n".join(lines))


@multi_asset(
    specs=[
        _spec("pages", "Fetched pages, one per canonical URL, raw HTML kept compressed."),
        _spec("fetch_log", "Every fetch attempt: URL, status, error class, bytes, duration."),
        _spec("fetch_failures", "The latest failure of each URL that never became a page, with its reason."),
    ],
    name="raw_pages",
    pool=POOL,
)
def raw_pages(context: AssetExecutionContext, warehouse: DuckDBResource, sources: SourcesResource):
    """Discover and fetch the configured sources; store new or changed pages and every attempt."""
    found, errors = sources.resolve()
    for error in errors:
        context.log.error(error)
    with warehouse.get_connection() as con:
        record_run(con, context.run_id, "running")
        counts = ingest_pages(con, found, sources.fetch_settings(), context.run_id)
        record_run(con, context.run_id, "running", pages_new=counts.new)
        pages, log, failures = (_count(con, f"raw.{t}") for t in ("pages", "fetch_log", "fetch_failures"))
    meta = {"new_pages": counts.new, "unchanged": counts.unchanged, "source_errors": len(errors)}
    yield MaterializeResult(asset_key=["raw", "pages"], metadata={"row_count": pages, **meta})
    yield MaterializeResult(asset_key=["raw", "fetch_log"], metadata={"row_count": log})
    yield MaterializeResult(
        asset_key=["raw", "fetch_failures"],
        metadata={"row_count": failures, "failures_by_reason": MetadataValue.json(dict(counts.by_reason))},
    )


@multi_asset(
    specs=[
        _spec("articles", "Clean article text and metadata per page, or why a page has none.", ["raw/pages"])
    ],
    name="raw_articles",
    pool=POOL,
)
def raw_articles(context: AssetExecutionContext, warehouse: DuckDBResource):
    """Clean new pages with trafilatura; wire copies are marked `duplicate_of`, not dropped."""
    with warehouse.get_connection() as con:
        counts = clean_pages(con)
        record_run(con, context.run_id, "running", articles_new=counts.new)
        total = _count(con, "raw.articles")
        preview = _preview(
            con,
            "select url, status, published_date, title from raw.articles order by cleaned_at desc limit 5",
        )
    return MaterializeResult(
        metadata={
            "row_count": total,
            "new_articles": counts.new,
            "not_articles": counts.failed,
            "by_reason": MetadataValue.json(dict(counts.by_reason)),
            "preview": preview,
        }
    )


@multi_asset(
    specs=[
        _spec("mentions", "Event mentions with evidence, claimant and modality.", ["raw/articles"]),
        _spec("mention_links", "Disputes and corroborations between mentions.", ["raw/articles"]),
        _spec("extraction_log", "Which extractor version read which article.", ["raw/articles"]),
        _spec("runs", "One row per pipeline run, for `frontlines status`.", ["raw/articles"]),
    ],
    name="raw_mentions",
    pool=POOL,
)
def raw_mentions(context: AssetExecutionContext, warehouse: DuckDBResource, extractor: ExtractorResource):
    """Extract event mentions from articles the current extractor version has not read."""
    engine = extractor.get()
    with warehouse.get_connection() as con:
        counts = extract_mentions(con, engine)
        record_run(con, context.run_id, "success", mentions_new=counts.new)
        total, links, logged, runs = (
            _count(con, f"raw.{t}") for t in ("mentions", "mention_links", "extraction_log", "runs")
        )
        preview = _preview(
            con,
            "select family, event_type, place_name, event_date, modality, sentence "
            "from raw.mentions order by extracted_at desc limit 5",
        )
    yield MaterializeResult(
        asset_key=["raw", "mentions"],
        metadata={
            "row_count": total,
            "new_mentions": counts.new,
            "by_family": MetadataValue.json(dict(counts.by_family)),
            "extractor": f"{engine.name} {engine.version}",
            "preview": preview,
        },
    )
    yield MaterializeResult(asset_key=["raw", "mention_links"], metadata={"row_count": links})
    yield MaterializeResult(asset_key=["raw", "extraction_log"], metadata={"row_count": logged})
    yield MaterializeResult(asset_key=["raw", "runs"], metadata={"row_count": runs})


REF_TABLES = {
    "actors": "Actors: organisations and generic references, with their side.",
    "actor_names": "Every actor's names with validity dates (Nusra -> Fateh al-Sham -> HTS).",
    "places": "The gazetteer: GeoNames towns, Aleppo neighbourhoods, curated roads and sites.",
    "place_names": "Alternate names and spellings of every place.",
    "event_types": "Our event types mapped to ACLED, PLOVER and CAMEO.",
}


@multi_asset(
    specs=[_spec(t, d, group="reference", schema="ref") for t, d in REF_TABLES.items()],
    name="reference_data",
    pool=POOL,
)
def reference_data(context: AssetExecutionContext, warehouse: DuckDBResource):
    """Load the reference data shipped in `extract/reference/data` into schema `ref`."""
    from warehouse.reference import load_reference_tables

    with warehouse.get_connection() as con:
        load_reference_tables(con)
        counts = {t: _count(con, f"ref.{t}") for t in REF_TABLES}
    for table, n in counts.items():
        yield MaterializeResult(asset_key=["ref", table], metadata={"row_count": n})
