{{
    config(
        materialized='incremental',
        unique_key='article_id',
        post_hook=[
            "delete from {{ this }} where mention_id in (
                select built.mention_id from {{ this }} as built
                where
                    built.article_id in ({{ event_mentions_touched_articles(this) }})
                    and built.mention_id not in (
                        select latest.mention_id from ({{
                            mentions_latest_versions(event_mentions_touched_articles(this))
                        }}) as latest
                    )
            )"
        ]
    )
}}
-- One row per extracted mention: the evaluation contract (../shared/eval/README.md) plus ids,
-- source, evidence span and extractor version. Incremental: an article whose text or extraction
-- changed since the last build has all its rows replaced (delete+insert on article_id); the
-- post-hook drops rows of articles that no longer count (re-read with no mention, or no longer ok),
-- looking only at the articles with raw rows loaded after their rows were built.
-- A run given a partition window (vars partition_start/partition_end, ingest days) rewrites every
-- article of the window; a run without one takes the articles changed since the last build.
-- Either way the latest versions (int_mentions_latest_versions' logic, the
-- mentions_latest_versions macro) are computed for those articles alone, not the whole warehouse.
{% set whole_history = var("partition_start") == "1900-01-01" and var("partition_end") == "9999-12-31" %}
{#- a table built before row_fingerprint existed is rewritten whole once (no --full-refresh needed) -#}
{% set changed_only = is_incremental_on('row_fingerprint') and whole_history %}

with
{% if changed_only %}
    watermark as (
        select coalesce(max(existing.article_changed_at), timestamp '1900-01-01') as changed_after
        from {{ this }} as existing
    ),

    changed_articles as (
        -- a superset of the articles whose article_changed_at can exceed the watermark: any raw row
        -- of theirs loaded after it
        select article_id from {{ ref('stg_raw__articles') }}
        where cleaned_at > (select watermark.changed_after from watermark)
        union
        select article_id from {{ ref('stg_raw__mentions') }}
        where extracted_at > (select watermark.changed_after from watermark)
        union
        select article_id from {{ ref('stg_raw__extraction_log') }}
        where extracted_at > (select watermark.changed_after from watermark)
    ),
{% elif not whole_history %}
    changed_articles as (
        -- the articles of the partition window (the day mentions_latest_versions gives them)
        select articles.article_id
        from {{ ref('stg_raw__articles') }} as articles
        left join {{ ref('stg_raw__pages') }} as pages on articles.page_id = pages.page_id
        where
            coalesce(pages.ingest_date, cast(articles.cleaned_at as date))
            >= cast('{{ var("partition_start") }}' as date)
            and coalesce(pages.ingest_date, cast(articles.cleaned_at as date))
            < cast('{{ var("partition_end") }}' as date)
    ),
{% endif %}

{% set these_articles = "select changed_articles.article_id from changed_articles" %}
latest as (
    {{ mentions_latest_versions(none if whole_history and not changed_only else these_articles) }}
),

mentions as (
    select * from latest
    where
        ingest_date >= cast('{{ var("partition_start") }}' as date)
        and ingest_date < cast('{{ var("partition_end") }}' as date)
    {% if changed_only %}
            and article_changed_at > (select watermark.changed_after from watermark)
        {% endif %}
),

event_types as (
    select * from {{ ref('stg_ref__event_types') }}
),

built_rows as (
    select
        mentions.mention_id,
        mentions.article_id,
        mentions.article_url,
        mentions.source_domain,
        mentions.outlet,
        mentions.article_title,
        mentions.published_date,
        mentions.ingest_date,
        mentions.is_wire_copy,
        mentions.independent_story_id,
        mentions.family,
        mentions.event_type,
        coalesce(event_types.coarse_class, mentions.event_type) as coarse_class,
        mentions.actor_name,
        mentions.actor_side,
        mentions.actor_id,
        mentions.actor_raw,
        mentions.target_name,
        mentions.target_side,
        mentions.target_id,
        mentions.target_raw,
        mentions.place_name,
        mentions.place_id,
        mentions.place_raw,
        mentions.latitude,
        mentions.longitude,
        mentions.place_precision,
        mentions.place_direction,
        mentions.event_date,
        mentions.date_start,
        mentions.date_end,
        mentions.date_precision,
        mentions.date_raw,
        mentions.date_reason,
        mentions.claimant,
        mentions.claimant_id,
        mentions.claimant_side,
        mentions.reporting_verb,
        mentions.modality,
        mentions.quantity_raw,
        mentions.people_low,
        mentions.people_high,
        mentions.population,
        mentions.direction,
        mentions.fatalities_low,
        mentions.fatalities_high,
        mentions.is_disputed as disputed,
        mentions.disputed_by,
        mentions.dispute_sentence,
        mentions.sentence,
        mentions.sentence_start,
        mentions.sentence_end,
        mentions.span_start,
        mentions.span_end,
        mentions.mention_rank,
        mentions.trigger_text,
        mentions.extractor,
        mentions.extractor_version,
        mentions.extracted_at,
        mentions.article_changed_at
    from mentions
    left join event_types
        on mentions.event_type = event_types.event_type
)

select
    built_rows.*,
    -- a table's name alone is its whole row (a struct): a hash of every column, computed once when
    -- the row is written, so the strike marts compare it instead of hashing every stored row again
    md5(cast(built_rows as varchar)) as row_fingerprint  -- noqa: RF02
from built_rows
-- an article's rows in the extractor's order (its best reading first): readers that take the first
-- row of a group get the most specific place
order by built_rows.article_id, built_rows.mention_rank, built_rows.mention_id
