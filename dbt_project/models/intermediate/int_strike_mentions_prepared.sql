-- Strike mentions ready to cluster: a day, a place key and a known/unknown attacker side.
-- Hypothetical and planned strikes are not events and never enter a cluster.
select
    mention_id,
    article_id,
    independent_story_id,
    published_date,
    extracted_at,
    event_type,
    coarse_class,
    coalesce(event_date, published_date) as event_day,
    {{ place_key('place_id', 'place_name') }} as place_key,
    latitude,
    longitude,
    coalesce(actor_side, 'unknown') as actor_side,
    coalesce(actor_side, 'unknown') <> 'unknown' as has_known_side
from {{ ref('fct_event_mentions') }}
where
    family = 'strike'
    and modality in ('asserted', 'claimed', 'denied')
