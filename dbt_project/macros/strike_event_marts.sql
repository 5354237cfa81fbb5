{#- What fct_strikes and fct_strike_mentions share: both are incremental on strike_id (delete+insert),
    rewriting the events whose members_fingerprint (written with the clustering: a hash of the
    members' ids and fingerprints) differs from the one their rows were built from, and a post-hook
    drops the events that no longer exist (merged into another, or all reports gone). -#}
{% macro strike_event_mart_config() -%}
{{
    config(
        materialized='incremental',
        unique_key='strike_id',
        post_hook=[
            "delete from {{ this }} where strike_id not in
                (select clustered.strike_id from {{ ref('int_strike_mentions_clustered') }} as clustered)"
        ]
    )
}}
{%- endmacro %}

{#- The two CTEs both marts start with: `event_fingerprints` (every event and its members_fingerprint)
    and `changed_events` (those to rewrite: all of them unless the build is incremental). -#}
{% macro changed_strike_events() -%}
event_fingerprints as (
    select distinct
        strike_id,
        members_fingerprint
    from {{ ref('int_strike_mentions_clustered') }}
),

changed_events as (
    {{ changed_since_built(
        'event_fingerprints', 'strike_id', 'members_fingerprint', is_incremental_on('members_fingerprint')
    ) }}
)
{%- endmacro %}
