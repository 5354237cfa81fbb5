-- Strike mentions ready to cluster: a day, a place key and a known/unknown attacker side.
-- Hypothetical and planned strikes are not events and never enter a cluster.
-- `mention_fingerprint` covers everything the strike marts read about the mention (its whole
-- fct_event_mentions row, by the row_fingerprint written with it; the dim_place and event-type rows
-- it names) and the clustering vars:
-- the incremental clustering re-clusters around a mention exactly when it changes.
with mentions as (
    select * from {{ ref('fct_event_mentions') }} as event_mentions
    where {{ clusterable_strike('event_mentions') }}
),

place_fingerprints as (
    -- a table's name alone is its whole row (a struct): every column counts, present and future
    select
        places.place_id,
        md5(cast(places as varchar)) as place_fingerprint  -- noqa: RF02
    from {{ ref('dim_place') }} as places
),

type_fingerprints as (
    select
        event_types.event_type,
        md5(cast(event_types as varchar)) as type_fingerprint  -- noqa: RF02
    from {{ ref('stg_ref__event_types') }} as event_types
)

select
    mentions.mention_id,
    mentions.article_id,
    mentions.independent_story_id,
    mentions.published_date,
    mentions.extracted_at,
    mentions.event_type,
    mentions.coarse_class,
    coalesce(mentions.event_date, mentions.published_date) as event_day,
    {{ place_key('mentions.place_id', 'mentions.place_name') }} as place_key,
    mentions.latitude,
    mentions.longitude,
    coalesce(mentions.actor_side, 'unknown') as actor_side,
    coalesce(mentions.actor_side, 'unknown') <> 'unknown' as has_known_side,
    -- the row's hash, taken when fct_event_mentions wrote it (not recomputed over every row here)
    md5(
        coalesce(mentions.row_fingerprint, md5(cast(mentions as varchar)))  -- noqa: RF02
        || ':' || coalesce(place_fingerprints.place_fingerprint, '-')
        || ':' || coalesce(type_fingerprints.type_fingerprint, '-')
        || ':{{ var("strike_cluster_km") }}:{{ var("strike_cluster_days") }}'
    ) as mention_fingerprint
from mentions
left join place_fingerprints on mentions.place_id = place_fingerprints.place_id
left join type_fingerprints on mentions.event_type = type_fingerprints.event_type
