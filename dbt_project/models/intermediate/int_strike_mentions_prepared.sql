-- Strike mentions ready to cluster: a day, a place key and a known/unknown attacker side.
-- Hypothetical and planned strikes are not events and never enter a cluster.
-- `mention_fingerprint` covers everything the strike marts read about the mention (its whole
-- fct_event_mentions row, the dim_place and event-type rows it names) and the clustering vars:
-- the incremental clustering re-clusters around a mention exactly when it changes.
with mentions as (
    select * from {{ ref('fct_event_mentions') }}
    where
        family = 'strike'
        and modality in ('asserted', 'claimed', 'denied')
),

places as (
    select * from {{ ref('dim_place') }}
),

event_types as (
    select * from {{ ref('stg_ref__event_types') }}
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
    -- a table's name alone is its whole row (a struct): every column counts, present and future
    md5(
        md5(cast(mentions as varchar))  -- noqa: RF02
        || ':' || md5(cast(places as varchar))  -- noqa: RF02
        || ':' || md5(cast(event_types as varchar))  -- noqa: RF02
        || ':{{ var("strike_cluster_km") }}:{{ var("strike_cluster_days") }}'
    ) as mention_fingerprint
from mentions
left join places on mentions.place_id = places.place_id
left join event_types on mentions.event_type = event_types.event_type
