{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='article_id',
        on_schema_change='sync_all_columns',
        post_hook=[
            "delete from {{ this }} where mention_id not in
                (select mention_id from {{ ref('int_mentions_latest_versions') }})"
        ]
    )
}}
-- One row per extracted mention: the evaluation contract (../shared/eval/README.md) plus ids,
-- source, evidence span and extractor version. Incremental: an article whose text or extraction
-- changed since the last build has all its rows replaced (delete+insert on article_id); the
-- post-hook drops rows of articles that no longer count (re-read with no mention, or no longer ok).
-- A run given a partition window (vars partition_start/partition_end, ingest days) rewrites every
-- article of the window; a run without one takes the articles changed since the last build.
{% set whole_history = var("partition_start") == "1900-01-01" and var("partition_end") == "9999-12-31" %}

with mentions as (
    select * from {{ ref('int_mentions_latest_versions') }}
    where
        ingest_date >= cast('{{ var("partition_start") }}' as date)
        and ingest_date < cast('{{ var("partition_end") }}' as date)
    {% if is_incremental() and whole_history %}
            and article_changed_at > (
                select coalesce(max(existing.article_changed_at), timestamp '1900-01-01')
                from {{ this }} as existing
            )
        {% endif %}
),

event_types as (
    select * from {{ ref('stg_ref__event_types') }}
)

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
-- an article's rows in the extractor's order (its best reading first): readers that take the first
-- row of a group get the most specific place
order by mentions.article_id, mentions.mention_rank, mentions.mention_id
