-- Cluster membership: which mention belongs to which strike event, and the closest other
-- report it was merged with (distance, day gap, rule), so a user can see why.
with clustered as (
    select * from {{ ref('int_strike_mentions_clustered') }}
),

mentions as (
    select * from {{ ref('fct_event_mentions') }}
)

select
    clustered.strike_id,
    clustered.mention_id,
    mentions.article_id,
    mentions.article_url,
    mentions.source_domain,
    mentions.is_wire_copy,
    mentions.independent_story_id,
    clustered.is_anchor,
    clustered.match_rule,
    clustered.matched_mention_id,
    clustered.match_distance_km,
    clustered.match_day_gap,
    mentions.event_type,
    mentions.actor_name,
    mentions.actor_side,
    mentions.place_name,
    mentions.event_date,
    mentions.claimant,
    mentions.modality,
    mentions.sentence
from clustered
inner join mentions on clustered.mention_id = mentions.mention_id
