-- The raw layer: what `extract/` produced, keyed so every load is idempotent.
-- dbt reads these tables as sources (dbt_project/models/staging/_raw__sources.yml).
-- Every statement is idempotent: run on every connection that writes.
-- Keys are kept by the loaders (delete by key, then insert, in one transaction) and checked by dbt's
-- unique tests; no PRIMARY KEY constraints, since DuckDB rejects a delete and re-insert of one key
-- inside one transaction, and an index slows bulk loads.

create schema if not exists raw;
create schema if not exists ref;

-- Every fetch attempt, successful or not: the audit trail of acquisition.
create table if not exists raw.fetch_log (
    attempt_id varchar not null,   -- key      -- hash(url, run_id, attempt)
    run_id varchar not null,
    source_id varchar,
    url varchar not null,
    attempt integer not null,
    attempted_at timestamp not null,
    http_status integer,
    outcome varchar not null,            -- stored, not_modified, failed, skipped
    error_class varchar,                 -- timeout, http_5xx, too_large, robots_disallowed, private_address...
    error_detail varchar,
    bytes bigint,
    duration_ms double
);

-- One row per canonical URL whose body we hold. Raw HTML kept compressed (zlib), never rewritten
-- unless the content hash changes.
create table if not exists raw.pages (
    page_id varchar not null,   -- key         -- hash(canonical_url)
    url varchar not null,                -- the URL we asked for (or file:// path for archives)
    canonical_url varchar not null,
    source_id varchar,
    source_kind varchar,                 -- archive, urls, feed, sitemap, warc, gdelt, reliefweb
    fetched_at timestamp not null,
    ingest_date date not null,
    http_status integer,
    content_type varchar,
    charset varchar,
    etag varchar,
    last_modified varchar,
    content_hash varchar not null,       -- sha256 of the raw body
    html_bytes bigint,
    html_zlib blob
);

-- Latest failure per URL that never became a page (so status can count reasons without the log).
create table if not exists raw.fetch_failures (
    url varchar not null,   -- key
    source_id varchar,
    failed_at timestamp not null,
    error_class varchar not null,
    error_detail varchar,
    attempts integer
);

-- The cleaned article for each page, or the reason there is none (status <> 'ok').
create table if not exists raw.articles (
    article_id varchar not null,   -- key      -- = page_id
    page_id varchar not null,
    url varchar not null,                -- canonical URL (the page's own, else the fetched one)
    status varchar not null,             -- ok, no_text, not_article, error
    reason varchar,
    title varchar,
    author varchar,
    sitename varchar,
    hostname varchar,
    published_date date,
    language varchar,
    fingerprint varchar,                 -- trafilatura's simhash-style fingerprint
    duplicate_of varchar,                -- article_id of the first article with the same fingerprint
    text varchar,
    text_chars integer,
    cleaner_version varchar not null,
    cleaned_at timestamp not null,
    content_hash varchar                 -- the page content_hash this article was cleaned from
);

-- One row per mention per extractor version (re-extraction replaces that version's rows).
create table if not exists raw.mentions (
    mention_id varchar not null,
    article_id varchar not null,
    extractor varchar not null,
    extractor_version varchar not null,
    family varchar not null,
    event_type varchar not null,
    sentence varchar not null,
    sentence_start integer not null,
    sentence_end integer not null,
    span_start integer not null,
    span_end integer not null,
    trigger_text varchar,
    actor_raw varchar, actor_id varchar, actor_name varchar, actor_side varchar,
    target_raw varchar, target_id varchar, target_name varchar, target_side varchar,
    place_raw varchar, place_id varchar, place_name varchar,
    latitude double, longitude double, place_precision varchar, place_direction varchar,
    event_date date, date_start date, date_end date, date_precision varchar,
    date_raw varchar, date_reason varchar,
    claimant varchar, claimant_id varchar, claimant_side varchar, reporting_verb varchar,
    modality varchar not null,
    quantity_raw varchar, people_low integer, people_high integer,
    population varchar, direction varchar,
    fatalities_low integer, fatalities_high integer,
    disputed boolean not null,
    disputed_by varchar,
    dispute_sentence varchar,
    extracted_at timestamp not null,
    mention_rank integer                 -- the extractor's order within the article: its best reading first
    -- key: (mention_id, extractor_version)
);

create table if not exists raw.mention_links (
    mention_id varchar not null,
    other_mention_id varchar not null,
    relation varchar not null,           -- disputes, corroborates
    extractor varchar not null,
    extractor_version varchar not null,
    evidence varchar
    -- key: (mention_id, other_mention_id, relation, extractor_version)
);

-- Which articles each extractor version has read (so an article with no mention is not re-read).
create table if not exists raw.extraction_log (
    article_id varchar not null,
    extractor varchar not null,
    extractor_version varchar not null,
    n_mentions integer not null,
    extracted_at timestamp not null,
    status varchar not null default 'ok',  -- ok, or failed (read again on the next run)
    error varchar
    -- key: (article_id, extractor, extractor_version)
);

create table if not exists raw.runs (
    run_id varchar not null,   -- key
    started_at timestamp not null,
    finished_at timestamp,
    status varchar not null,             -- running, success, failed
    pages_new integer,
    articles_new integer,
    mentions_new integer,
    detail varchar
);

-- Columns added after the first release: files made by an earlier version gain them here.
alter table raw.mentions add column if not exists mention_rank integer;
alter table raw.extraction_log add column if not exists status varchar default 'ok';
alter table raw.extraction_log add column if not exists error varchar;

-- Acquisition across runs (added after the first release; see extract/fetching/retry_policy.py).
-- What later runs do with a failed URL: retry (after retry_after), permanent, or given_up.
alter table raw.fetch_failures add column if not exists status varchar default 'retry';
alter table raw.fetch_failures add column if not exists failed_runs integer default 1;
alter table raw.fetch_failures add column if not exists retry_after timestamp;

-- URLs left out on purpose (language filter, include/exclude patterns), kept so that a later run does
-- not fetch them again while the source's filters (filter_key) stay the same.
create table if not exists raw.skipped_urls (
    url varchar not null,   -- key
    source_id varchar,
    skipped_at timestamp not null,
    reason varchar not null,             -- filtered
    detail varchar,
    filter_key varchar                   -- fingerprint of the source's languages/include/exclude
);

-- The ETag/Last-Modified of each feed and sitemap as last listed in full: sent back next run, so an
-- unchanged listing costs a 304. children: a sitemap index's sitemaps, revalidated when it is unchanged.
create table if not exists raw.listings (
    url varchar not null,   -- key
    source_id varchar,
    etag varchar,
    last_modified varchar,
    children varchar[],
    listed_at timestamp not null
);

-- What changed since the last run (warehouse/changes.py): the sources' state as each run's acquisition
-- step listed them before fetching, and the raw inputs of the marts at each successful dbt build.
-- Together they let `frontlines run` and the schedule skip a run when nothing is new.
create table if not exists raw.run_sources (
    run_id varchar not null,   -- key
    listed_at timestamp not null,
    config_key varchar not null,         -- hash of the sources' config, cleaner and extractor versions
    state varchar not null               -- JSON: per source, its listed item keys or folder summary
);
create table if not exists raw.mart_builds (
    run_id varchar,
    built_at timestamp not null,
    project_key varchar not null,        -- hash of the dbt manifest the marts were built with
    raw_stamp varchar not null           -- hash of the row counts and newest times of the marts' inputs
);
