"""The raw layer as assets: pages (with the fetch log), articles, mentions, reference data.

Asset keys are `raw/<table>` and `ref/<table>`, the names dbt's sources use, so the lineage runs
from these Python assets into the dbt models. Each step commits a batch at a time (a batch of
pages with its fetch attempts; of articles; of articles' mentions with their links and log rows), so
its memory does not grow with the run: a step that fails or is killed leaves whole batches, which
the next run keeps and does not redo (docs/orchestration.md). dbt runs only after these steps.

The steps that write many batches open the warehouse as a `Warehouse` (the resource's path and
settings) instead of through `DuckDBResource.get_connection`: the stage closes and reopens it every
1,000 pages or articles so the process returns the memory DuckDB kept, which works only if no other
connection in the process holds the file open meanwhile (warehouse/connection.py).
"""

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    Backoff,
    Config,
    Failure,
    Jitter,
    MaterializeResult,
    MetadataValue,
    RetryPolicy,
    multi_asset,
)
from dagster_duckdb import DuckDBResource

from orchestration import run_check
from orchestration.defs import raw_checks
from orchestration.defs.metadata import markdown_table, row_count
from orchestration.defs.partitions import ingest_days, partition_window, single_run
from orchestration.defs.resources import ExtractorResource, SourcesResource
from orchestration.instance import active_run_ids
from warehouse.changes import record_run_sources
from warehouse.connection import Warehouse, apply_schema, out_of_memory_advice
from warehouse.load import record_run, transaction
from warehouse.run_log import close_abandoned_runs, run_counts
from warehouse.stage_pool import stop_worker_server
from warehouse.stages import clean_pages, extract_mentions, ingest_pages

POOL = "warehouse_writer"  # one writer at a time: DuckDB allows one read-write process per file
KINDS = {"python", "duckdb"}
OWNERS = ["team:frontlines"]
# transient failures (a locked file, a network blip, a killed worker) get two more tries
RETRY = RetryPolicy(max_retries=2, delay=5, backoff=Backoff.EXPONENTIAL, jitter=Jitter.PLUS_MINUS)


class StageConfig(Config):
    """`everything`: re-read every page or article of the window, not only the new ones (re-extraction)."""

    everything: bool = False


def _spec(table: str, description: str, deps=(), group="raw", schema="raw") -> AssetSpec:
    return AssetSpec(
        AssetKey([schema, table]),
        description=description,
        deps=[AssetKey(d.split("/")) for d in deps],
        group_name=group,
        kinds=KINDS,
        owners=OWNERS,
    )


def _window_meta(context: AssetExecutionContext) -> dict:
    window = partition_window(context)
    if window is None:
        return {"window": "every ingestion day"}
    return {"window": f"ingested {window[0]} to {window[1]} (end excluded)"}


@contextmanager
def _stage_warehouse(resource: DuckDBResource) -> Iterator[Warehouse]:
    """The resource's warehouse as the one connection a stage may reopen (the resource's own
    connection is not open meanwhile). DuckDB out of memory under the limit fails the step once,
    naming the variable to raise: a retry under the same limit would fail the same way."""
    try:
        with Warehouse(resource.database, config=resource.connection_config) as wh:
            yield wh
    except duckdb.Error as exc:
        advice = out_of_memory_advice(str(exc), (resource.connection_config or {}).get("memory_limit"))
        if advice is None:
            raise
        raise Failure(advice, allow_retries=False) from exc


def _progress(context: AssetExecutionContext):
    """Log each batch once it is committed (it stays, even if the step is killed later)."""
    done: Counter = Counter()  # per stage: the fetch step also reports what its stream cleaned

    def report(stage: str, n: int) -> None:
        done[stage] += n
        context.log.info(f"{stage}: {done[stage]} committed")

    return report


@multi_asset(
    specs=[
        _spec("pages", "Fetched pages, one per canonical URL, raw HTML kept compressed."),
        _spec("fetch_log", "Every fetch attempt: URL, status, error class, bytes, duration."),
        _spec("fetch_failures", "The latest failure of each URL that never became a page, with its reason."),
    ],
    check_specs=raw_checks.FETCH_CHECKS,
    name="raw_pages",
    pool=POOL,
    retry_policy=RETRY,
)
def raw_pages(
    context: AssetExecutionContext,
    warehouse: DuckDBResource,
    sources: SourcesResource,
    extractor: ExtractorResource,
):
    """Discover and fetch the configured sources; store new or changed pages and every attempt.

    Not partitioned: acquisition always happens now, and each page's ingest_date (the day its
    current content arrived) places it in a partition of the downstream assets. What the sources
    list before fetching is recorded with the run, so a later run can tell nothing is new."""
    started = time.monotonic()
    try:
        found, errors = sources.resolve()
    except ValueError as exc:  # a bad --archive/--urls/--feed: retrying cannot fix it
        raise Failure(str(exc), allow_retries=False) from exc
    for error in errors:
        context.log.error(error)
    listing = run_check.listing_state(found, sources.fetch_settings())
    key = run_check.run_config_key(found, extractor.get())
    with _stage_warehouse(warehouse) as wh:
        with transaction(wh.con) as con:
            alive = active_run_ids(context.instance) | {context.run_id}
            for run_id in close_abandoned_runs(con, alive):
                context.log.warning(f"run {run_id} never finished (its process was killed): marked failed")
            record_run(con, context.run_id, "running")
            record_run_sources(con, context.run_id, key, listing)
        # the stream cleans and extracts each stored batch while the next is fetched; raw_articles
        # and raw_mentions then do what it left (warehouse.stages.ingest_pages)
        counts = ingest_pages(
            wh,
            found,
            sources.fetch_settings(),
            context.run_id,
            progress=_progress(context),
            extractor=extractor.get(),
        )
        stop_worker_server()  # the stream's pool: free its memory; the next stage starts its own
        con = wh.con  # the stage may have reopened it
        streamed = {stage: c.new for stage, c in counts.downstream.items()}
        record_run(
            con,
            context.run_id,
            "running",
            pages_new=counts.new,
            articles_new=streamed.get("articles"),
            mentions_new=streamed.get("mentions"),
        )
        pages, log, failures = (row_count(con, f"raw.{t}") for t in ("pages", "fetch_log", "fetch_failures"))
        check = raw_checks.fetch_failure_rate(con, context.run_id)
        preview = markdown_table(
            con,
            "select canonical_url, ingest_date, http_status, html_bytes from raw.pages "
            "order by fetched_at desc, page_id limit 5",
        )
    duration = round(time.monotonic() - started, 2)
    yield MaterializeResult(
        asset_key=["raw", "pages"],
        metadata={
            "row_count": pages,
            "new_pages": counts.new,
            "unchanged": counts.unchanged,
            "source_errors": len(errors),
            "cleaned_while_fetching": streamed.get("articles", 0),
            "mentions_while_fetching": streamed.get("mentions", 0),
            "duration_s": duration,
            "preview": preview,
        },
    )
    yield MaterializeResult(asset_key=["raw", "fetch_log"], metadata={"row_count": log})
    yield MaterializeResult(
        asset_key=["raw", "fetch_failures"],
        metadata={
            "row_count": failures,
            "new_failures": counts.failed,
            "failures_by_reason": MetadataValue.json(dict(counts.by_reason)),
        },
    )
    yield check


@multi_asset(
    specs=[
        _spec("articles", "Clean article text and metadata per page, or why a page has none.", ["raw/pages"])
    ],
    name="raw_articles",
    pool=POOL,
    partitions_def=ingest_days,
    backfill_policy=single_run,
    retry_policy=RETRY,
)
def raw_articles(context: AssetExecutionContext, config: StageConfig, warehouse: DuckDBResource):
    """Clean the partition's new pages with trafilatura; wire copies are marked `duplicate_of`."""
    started = time.monotonic()
    window = partition_window(context)
    with _stage_warehouse(warehouse) as wh:
        counts = clean_pages(wh, everything=config.everything, window=window, progress=_progress(context))
        con = wh.con  # the stage may have reopened it
        record_run(con, context.run_id, "running", articles_new=counts.new, add=True)
        this_run = run_counts(con, context.run_id)["articles_new"]
        total = row_count(con, "raw.articles")
        preview = markdown_table(
            con,
            "select url, status, published_date, title from raw.articles "
            "order by cleaned_at desc, article_id limit 5",
        )
    return MaterializeResult(
        metadata={
            "row_count": total,
            "new_articles": counts.new,
            "new_articles_this_run": this_run,  # with those cleaned while fetching (raw_pages)
            "not_articles": counts.failed,
            "failures_by_reason": MetadataValue.json(dict(counts.by_reason)),
            "reread_everything": config.everything,
            **_window_meta(context),
            "duration_s": round(time.monotonic() - started, 2),
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
    check_specs=raw_checks.MENTION_CHECKS,
    name="raw_mentions",
    pool=POOL,
    partitions_def=ingest_days,
    backfill_policy=single_run,
    retry_policy=RETRY,
)
def raw_mentions(
    context: AssetExecutionContext,
    config: StageConfig,
    warehouse: DuckDBResource,
    extractor: ExtractorResource,
):
    """Extract event mentions from the partition's articles the current extractor version has not read."""
    started = time.monotonic()
    engine = extractor.get()
    window = partition_window(context)
    with _stage_warehouse(warehouse) as wh:
        counts = extract_mentions(
            wh, engine, everything=config.everything, window=window, progress=_progress(context)
        )
        stop_worker_server()  # the last stage with worker pools: free its ~80 MB before dbt runs
        con = wh.con  # the stage may have reopened it
        record_run(con, context.run_id, "success", mentions_new=counts.new, add=True)
        this_run = run_counts(con, context.run_id)["mentions_new"]
        total, links, logged, runs = (
            row_count(con, f"raw.{t}") for t in ("mentions", "mention_links", "extraction_log", "runs")
        )
        preview = markdown_table(
            con,
            "select family, event_type, place_name, event_date, modality, sentence "
            "from raw.mentions order by extracted_at desc, mention_id limit 5",
        )
        checks = [
            raw_checks.extraction_yield(con, engine.name, engine.version, window),
            raw_checks.event_dates_in_window(con, engine.name, engine.version, window),
            raw_checks.evidence_spans_valid(con, engine.name, engine.version, window),
        ]
    yield MaterializeResult(
        asset_key=["raw", "mentions"],
        metadata={
            "row_count": total,
            "new_mentions": counts.new,
            "new_mentions_this_run": this_run,  # with those extracted while fetching (raw_pages)
            "by_family": MetadataValue.json(dict(counts.by_family)),
            "failed_articles": counts.failed,
            "failures_by_reason": MetadataValue.json(dict(counts.by_reason)),
            "extractor": f"{engine.name} {engine.version}",
            "reread_everything": config.everything,
            **_window_meta(context),
            "duration_s": round(time.monotonic() - started, 2),
            "preview": preview,
        },
    )
    yield MaterializeResult(asset_key=["raw", "mention_links"], metadata={"row_count": links})
    yield MaterializeResult(asset_key=["raw", "extraction_log"], metadata={"row_count": logged})
    yield MaterializeResult(asset_key=["raw", "runs"], metadata={"row_count": runs})
    yield from checks


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
    retry_policy=RETRY,
)
def reference_data(context: AssetExecutionContext, warehouse: DuckDBResource):
    """Load the reference data shipped in `extract/reference/data` into schema `ref`."""
    from warehouse.reference import load_reference_tables

    started = time.monotonic()
    with warehouse.get_connection() as con:
        apply_schema(con)
        load_reference_tables(con)  # its own replace-all transaction
        counts = {t: row_count(con, f"ref.{t}") for t in REF_TABLES}
    duration = round(time.monotonic() - started, 2)
    for table, n in counts.items():
        yield MaterializeResult(asset_key=["ref", table], metadata={"row_count": n, "duration_s": duration})
