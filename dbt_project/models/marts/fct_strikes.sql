{{ strike_event_mart_config() }}
-- One row per strike event, clustered across articles (see int_strike_mentions_clustered).
-- Wire copies and near-duplicates (one independent story) count once as a source.
--
-- Incremental on strike_id: an event's row depends only on its members (their mention rows and
-- the dim_place and event-type rows they name, all in each member's fingerprint), so a build
-- rewrites only the events whose members' fingerprints differ from those the row was built from;
-- the post-hook drops events that no longer exist (merged into another, or all reports gone).
with {{ changed_strike_events() }},

members as (
    select
        clustered.strike_id,
        clustered.is_anchor,
        mentions.*,
        coalesce(mentions.event_date, mentions.published_date) as event_day,
        -- the best evidence: a named attacker, asserted over claimed over denied, a precise
        -- place, an original (not a wire copy), the earliest report
        row_number() over (
            partition by clustered.strike_id
            order by
                (mentions.actor_name is null),
                case mentions.modality when 'asserted' then 0 when 'claimed' then 1 else 2 end,
                (mentions.latitude is null),
                mentions.is_wire_copy asc,
                mentions.published_date asc nulls last,
                mentions.mention_id asc
        ) as evidence_rank
    from {{ ref('int_strike_mentions_clustered') }} as clustered
    inner join {{ ref('fct_event_mentions') }} as mentions
        on clustered.mention_id = mentions.mention_id
    where clustered.strike_id in (select changed_events.strike_id from changed_events)
),

type_votes as (
    select
        strike_id,
        event_type,
        count(*) as n_votes,
        min(evidence_rank) as best_rank
    from members
    group by strike_id, event_type
),

event_type_choice as (
    select
        strike_id,
        event_type
    from type_votes
    qualify row_number() over (partition by strike_id order by n_votes desc, best_rank asc) = 1
),

side_votes as (
    select
        strike_id,
        actor_side,
        count(*) as n_votes,
        min(evidence_rank) as best_rank
    from members
    where coalesce(actor_side, 'unknown') <> 'unknown'
    group by strike_id, actor_side
),

side_choice as (
    select
        strike_id,
        actor_side
    from side_votes
    qualify row_number() over (partition by strike_id order by n_votes desc, best_rank asc) = 1
),

aggregated as (
    select
        strike_id,
        count(*) as n_mentions,
        count(distinct article_id) as n_articles,
        count(distinct independent_story_id) as n_independent_sources,
        count(distinct source_domain) as n_outlets,
        min(published_date) as first_reported_at,
        min(event_day) as event_date_min,
        max(event_day) as event_date_max,
        min(fatalities_low) as fatalities_low,
        max(coalesce(fatalities_high, fatalities_low)) as fatalities_high,
        avg(latitude) as centroid_latitude,
        avg(longitude) as centroid_longitude,
        count(*) filter (where modality = 'denied') as n_denials,
        bool_and(modality = 'denied') as all_denied,
        string_agg(distinct claimant, '; ' order by claimant) as claimants,
        string_agg(distinct claimant_side, '; ' order by claimant_side) as claimant_sides,
        string_agg(distinct actor_name, '; ' order by actor_name) as actor_names,
        string_agg(distinct source_domain, '; ' order by source_domain) as source_domains
    from members
    group by strike_id
),

best as (
    select * from members
    where evidence_rank = 1
),

best_place as (
    -- the place: from the best report that resolved it to the gazetteer, else the best report
    select * from members
    qualify row_number() over (
            partition by strike_id order by (place_id is null), (latitude is null), evidence_rank
        ) = 1
),

places as (
    select * from {{ ref('dim_place') }}
),

event_types as (
    select * from {{ ref('stg_ref__event_types') }}
)

select
    aggregated.strike_id,
    event_type_choice.event_type,
    best.coarse_class,
    coalesce(best.event_date, best.published_date) as event_date,
    aggregated.event_date_min,
    aggregated.event_date_max,
    coalesce(side_choice.actor_side, 'unknown') as actor_side,
    best.actor_name,
    best.actor_id,
    aggregated.actor_names,
    best.target_name,
    best.target_side,
    best_place.place_name,
    best_place.place_id,
    places.admin1,
    places.governorate,
    places.country_code,
    coalesce(best_place.latitude, aggregated.centroid_latitude) as latitude,
    coalesce(best_place.longitude, aggregated.centroid_longitude) as longitude,
    best_place.place_precision,
    best.date_precision,
    aggregated.n_mentions,
    aggregated.n_articles,
    aggregated.n_independent_sources,
    aggregated.n_outlets,
    aggregated.first_reported_at,
    aggregated.fatalities_low,
    aggregated.fatalities_high,
    aggregated.claimants,
    aggregated.claimant_sides,
    aggregated.n_denials,
    aggregated.all_denied,
    aggregated.source_domains,
    best.mention_id as best_mention_id,
    best.sentence as best_sentence,
    best.article_url as best_article_url,
    best.modality as best_modality,
    event_types.plover_event_type,
    event_types.plover_mode,
    event_types.cameo_code,
    changed_events.members_fingerprint
from aggregated
inner join changed_events on aggregated.strike_id = changed_events.strike_id
inner join best on aggregated.strike_id = best.strike_id
inner join best_place on aggregated.strike_id = best_place.strike_id
inner join event_type_choice on aggregated.strike_id = event_type_choice.strike_id
left join side_choice on aggregated.strike_id = side_choice.strike_id
left join places on best_place.place_id = places.place_id
left join event_types on event_type_choice.event_type = event_types.event_type
