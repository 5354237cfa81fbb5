{{ strike_event_mart_config() }}
-- Cluster membership: which mention belongs to which strike event, and the closest other
-- report it was merged with (distance, day gap, rule), so a user can see why.
--
-- Incremental on strike_id, as fct_strikes: an event's rows depend only on its members (their
-- clustering rows, which depend on the event's members alone, and their mention rows, both in
-- the members' fingerprints), so a build rewrites only the events whose members_fingerprint
-- differs from the one their rows were built from; the post-hook drops events that no longer exist.
with {{ changed_strike_events() }},

clustered as (
    select * from {{ ref('int_strike_mentions_clustered') }}
    where strike_id in (select changed_events.strike_id from changed_events)
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
    mentions.sentence,
    changed_events.members_fingerprint
from clustered
inner join changed_events on clustered.strike_id = changed_events.strike_id
inner join mentions on clustered.mention_id = mentions.mention_id
