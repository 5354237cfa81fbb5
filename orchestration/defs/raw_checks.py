"""Checks on the raw layer, computed in the asset's own step over the run's partition window.

They run on the asset's connection (DuckDB allows one writer process, so a separate check step
would have to wait for the file) and appear in the UI as the asset's checks. Thresholds come from
the environment so an operator can tune them without a code change.
"""

from __future__ import annotations

import datetime as dt
import os

import duckdb
from dagster import AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, AssetKey, MetadataValue

from orchestration.defs.metadata import markdown_table

PAGES = AssetKey(["raw", "pages"])
MENTIONS = AssetKey(["raw", "mentions"])


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"{name}={raw!r} is not a number: set it to a decimal such as {default}") from exc


MAX_FETCH_FAILURE_RATE = _env_float("FRONTLINES_MAX_FETCH_FAILURE_RATE", 0.25)
YIELD_BAND = (
    _env_float("FRONTLINES_MIN_MENTIONS_PER_ARTICLE", 0.05),
    _env_float("FRONTLINES_MAX_MENTIONS_PER_ARTICLE", 25.0),
)
MAX_DAYS_BEFORE_PUBLICATION = int(_env_float("FRONTLINES_MAX_DAYS_BEFORE_PUBLICATION", 366))

FETCH_CHECKS = [
    AssetCheckSpec(
        "fetch_failure_rate",
        asset=PAGES,
        description=f"Share of this run's fetched URLs that failed stays under {MAX_FETCH_FAILURE_RATE:.0%}.",
    )
]
MENTION_CHECKS = [
    AssetCheckSpec(
        "extraction_yield",
        asset=MENTIONS,
        description=f"Mentions per ok article of the partition lie in [{YIELD_BAND[0]}, {YIELD_BAND[1]}].",
    ),
    AssetCheckSpec(
        "event_dates_in_article_window",
        asset=MENTIONS,
        description=(
            "Event dates are not after the article's publication, nor more than "
            f"{MAX_DAYS_BEFORE_PUBLICATION} days before it."
        ),
    ),
    AssetCheckSpec(
        "evidence_spans_valid",
        asset=MENTIONS,
        description="Each evidence sentence is the article's text at its offsets, the trigger inside it.",
    ),
]


def fetch_failure_rate(con: duckdb.DuckDBPyConnection, run_id: str) -> AssetCheckResult:
    """Failed URLs / URLs attempted in this run (a URL retried then stored counts as stored)."""
    attempted, failed = con.execute(
        """with last as (
               select url, arg_max(outcome, attempt) as outcome from raw.fetch_log
               where run_id = ? and outcome <> 'skipped' group by url)
           select count(*), count(*) filter (where outcome = 'failed') from last""",
        [run_id],
    ).fetchone()
    reasons = dict(
        con.execute(
            """select error_class, count(distinct url) from raw.fetch_log
               where run_id = ? and outcome = 'failed' group by error_class order by 2 desc""",
            [run_id],
        ).fetchall()
    )
    rate = failed / attempted if attempted else 0.0
    return AssetCheckResult(
        check_name="fetch_failure_rate",
        asset_key=PAGES,
        passed=rate <= MAX_FETCH_FAILURE_RATE,
        severity=AssetCheckSeverity.WARN,
        metadata={
            "urls_attempted": attempted,
            "urls_failed": failed,
            "failure_rate": round(rate, 4),
            "threshold": MAX_FETCH_FAILURE_RATE,
            "failures_by_reason": MetadataValue.json(reasons),
        },
    )


def _window_clause(window: tuple[dt.date, dt.date] | None) -> tuple[str, list]:
    if window is None:
        return "", []
    return " and p.ingest_date >= ? and p.ingest_date < ?", [window[0], window[1]]


def extraction_yield(con, extractor: str, version: str, window) -> AssetCheckResult:
    """Mentions per ok article read by this extractor version, over the partition window."""
    clause, params = _window_clause(window)
    articles, mentions = con.execute(
        f"""select count(*), coalesce(sum(l.n_mentions), 0)
            from raw.extraction_log l
            join raw.articles a on a.article_id = l.article_id and a.status = 'ok'
            join raw.pages p on p.page_id = a.page_id
            where l.extractor = ? and l.extractor_version = ? and l.status = 'ok'{clause}""",
        [extractor, version, *params],
    ).fetchone()
    per_article = mentions / articles if articles else None
    low, high = YIELD_BAND
    return AssetCheckResult(
        check_name="extraction_yield",
        asset_key=MENTIONS,
        passed=per_article is None or low <= per_article <= high,
        severity=AssetCheckSeverity.WARN,
        metadata={
            "articles_read": articles,
            "mentions": int(mentions),
            "mentions_per_article": round(per_article, 3) if per_article is not None else "no articles",
            "band": f"[{low}, {high}]",
        },
    )


def event_dates_in_window(con, extractor: str, version: str, window) -> AssetCheckResult:
    """No event after its article's publication day, none absurdly long before it."""
    clause, params = _window_clause(window)
    sql = f"""
        select m.mention_id, a.published_date, coalesce(m.event_date, m.date_start) as first_day,
               coalesce(m.event_date, m.date_end) as last_day, m.date_raw, m.sentence
        from raw.mentions m
        join raw.articles a on a.article_id = m.article_id
        join raw.pages p on p.page_id = a.page_id
        where m.extractor = ? and m.extractor_version = ? and a.published_date is not null
          and coalesce(m.event_date, m.date_start, m.date_end) is not null{clause}
          and (coalesce(m.event_date, m.date_start) > a.published_date
               or coalesce(m.event_date, m.date_end) < a.published_date - ?::integer)"""
    args = [extractor, version, *params, MAX_DAYS_BEFORE_PUBLICATION]
    bad = con.execute(f"select count(*) from ({sql})", args).fetchone()[0]
    checked = con.execute(
        f"""select count(*) from raw.mentions m
            join raw.articles a on a.article_id = m.article_id
            join raw.pages p on p.page_id = a.page_id
            where m.extractor = ? and m.extractor_version = ? and a.published_date is not null
              and coalesce(m.event_date, m.date_start, m.date_end) is not null{clause}""",
        [extractor, version, *params],
    ).fetchone()[0]
    meta = {"dated_mentions": checked, "outside_window": bad, "max_days_before": MAX_DAYS_BEFORE_PUBLICATION}
    if bad:
        meta["examples"] = markdown_table(con, f"{sql} order by m.mention_id limit 5", args)
    return AssetCheckResult(
        check_name="event_dates_in_article_window",
        asset_key=MENTIONS,
        passed=bad == 0,
        severity=AssetCheckSeverity.WARN,
        metadata=meta,
    )


def evidence_spans_valid(con, extractor: str, version: str, window) -> AssetCheckResult:
    """substr(text, sentence_start + 1, len) = sentence, and the trigger span inside the sentence."""
    clause, params = _window_clause(window)
    sql = f"""
        select m.mention_id, m.sentence_start, m.sentence_end, m.span_start, m.span_end, m.sentence
        from raw.mentions m
        join raw.articles a on a.article_id = m.article_id
        join raw.pages p on p.page_id = a.page_id
        where m.extractor = ? and m.extractor_version = ?{clause}
          and (substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) <> m.sentence
               or m.span_start < m.sentence_start or m.span_end > m.sentence_end
               or m.span_start >= m.span_end)"""
    args = [extractor, version, *params]
    bad = con.execute(f"select count(*) from ({sql})", args).fetchone()[0]
    meta = {"invalid_spans": bad}
    if bad:
        meta["examples"] = markdown_table(con, f"{sql} order by m.mention_id limit 5", args)
    return AssetCheckResult(
        check_name="evidence_spans_valid",
        asset_key=MENTIONS,
        passed=bad == 0,
        severity=AssetCheckSeverity.ERROR,
        metadata=meta,
    )
