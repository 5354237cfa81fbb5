{{
    config(
        materialized='incremental',
        unique_key='mention_id',
        post_hook=[
            "delete from {{ this }} where mention_id not in
                (select mentions.mention_id from {{ ref('fct_event_mentions') }} as mentions
                where {{ clusterable_strike('mentions') }})"
        ]
    )
}}
-- A table, not a view: the recursive clustering is read by fct_strikes and fct_strike_mentions.
-- Which strike event each strike mention belongs to, and why.
--
-- Two mentions can describe one strike when they share the coarse type class, lie within
-- `strike_cluster_km` (or name the same place; or, placeless, come from the same story) and fall
-- within `strike_cluster_days`. Mentions with a known attacker side link only to the same side,
-- and clusters are the connected components of those links. A mention with an unknown attacker
-- joins the closest matching cluster (so it can never bridge two sides); unknown-side mentions
-- that match none cluster among themselves. The event's anchor is its first-reported mention,
-- so later reports do not change the event's id.
--
-- Incremental (delete+insert on mention_id). Every step above only looks along "may match" pairs,
-- so the events of one connected group of pairs (a pair component) depend on that group alone,
-- and every event lies inside one group. A build therefore re-clusters exactly the pair components
-- (in today's data) that hold a new or changed mention (its fingerprint differs) or a member of an
-- event built from a mention that changed or vanished; it finds them by walking the pairs from
-- those mentions, with no bound on how far a chain of one-day steps reaches. Every other mention's
-- pair component is unchanged and so is its row. The post-hook drops the rows of vanished mentions
-- (int_strike_mentions_prepared's rows, found without computing its fingerprints).
with recursive current_mentions as (
    select * from {{ ref('int_strike_mentions_prepared') }}
),

day_offsets as (
    {%- set window_days = var('strike_cluster_days') %}
    select unnest(generate_series(-{{ window_days }}, {{ window_days }})) as day_offset
),

{% if is_incremental_on('mention_fingerprint') and is_incremental_on('members_fingerprint') %}
    built as (
        select
            mention_id,
            strike_id,
            mention_fingerprint
        from {{ this }}
    ),

    stale_events as (
        -- events built from a mention that has vanished or changed since
        select distinct built.strike_id from built
        where not exists (
                select 1 from current_mentions
                where
                    current_mentions.mention_id = built.mention_id
                    and current_mentions.mention_fingerprint = built.mention_fingerprint
            )
    ),

    seeds as (
        select current_mentions.mention_id from current_mentions
        where not exists (
                select 1 from built
                where
                    built.mention_id = current_mentions.mention_id
                    and built.mention_fingerprint = current_mentions.mention_fingerprint
            )
        union
        select built.mention_id from built
        where built.strike_id in (select stale_events.strike_id from stale_events)
    ),

    current_probes as (
        select
            current_mentions.*,
            cast(current_mentions.event_day + cast(day_offsets.day_offset as integer) as date) as probe_day
        from current_mentions
        cross join day_offsets
        where current_mentions.event_day is not null
    ),

    affected (mention_id) as (
        -- the seeds' whole pair components: every mention reachable along may-match pairs
        select seeds.mention_id from seeds
        union
        select b.mention_id
        from affected
        inner join current_probes as a on affected.mention_id = a.mention_id
        inner join current_mentions as b on {{ strike_mentions_may_match('a', 'b') }}
    ),

    mentions as (
        select * from current_mentions
        where current_mentions.mention_id in (select affected.mention_id from affected)
    ),
{% else %}
    mentions as (
        select * from current_mentions
    ),
{% endif %}

probes as (
    -- each mention once per day it may match (its day and `strike_cluster_days` either side), so
    -- the pair join is an equality on (class, day): a hash join, not a scan of all same-class pairs
    select
        mentions.*,
        cast(mentions.event_day + cast(day_offsets.day_offset as integer) as date) as probe_day
    from mentions
    cross join day_offsets
    where mentions.event_day is not null
),

pairs as (
    select
        a.mention_id as a_id,
        b.mention_id as b_id,
        a.has_known_side as a_known,
        b.has_known_side as b_known,
        a.actor_side = b.actor_side as same_side,
        case
            when a.latitude is not null and b.latitude is not null
                then {{ haversine_km('a.latitude', 'a.longitude', 'b.latitude', 'b.longitude') }}
        end as distance_km,
        abs(date_diff('day', a.event_day, b.event_day)) as day_gap
    from probes as a
    inner join mentions as b on {{ strike_mentions_may_match('a', 'b') }}
),

known_edges as (
    select
        a_id,
        b_id
    from pairs
    where a_known and b_known and same_side
),

known_labels (mention_id, label) as (
    -- smallest-id labelling of the connected components: each mention starts with its own id as a
    -- label and passes a label on along its edges only to mentions with a larger id (no id below the
    -- component's smallest exists, so that one reaches every member). A mention holds only the labels
    -- smaller than itself that reach it through larger ids: with ids that are hashes, about log(n)
    -- labels a mention, not the n of every pair of a connected group (a place struck almost daily
    -- chains hundreds of reports into one group).
    select
        mention_id,
        mention_id as label
    from mentions
    where has_known_side
    union
    select
        known_edges.b_id as mention_id,
        known_labels.label
    from known_labels
    inner join known_edges on known_labels.mention_id = known_edges.a_id
    where known_labels.label < known_edges.b_id
),

known_components as (
    select
        mention_id,
        min(label) as component
    from known_labels
    group by mention_id
),

unknown_attached as (
    -- an unknown-side mention joins the component of its closest known-side match
    select
        pairs.a_id as mention_id,
        known_components.component,
        pairs.b_id as matched_mention_id,
        pairs.distance_km,
        pairs.day_gap
    from pairs
    inner join known_components on pairs.b_id = known_components.mention_id
    where not pairs.a_known and pairs.b_known
    qualify row_number() over (
            partition by pairs.a_id
            order by pairs.distance_km asc nulls last, pairs.day_gap asc, pairs.b_id asc
        ) = 1
),

unknown_free as (
    select mentions.mention_id from mentions
    where
        not mentions.has_known_side
        and mentions.mention_id not in (select unknown_attached.mention_id from unknown_attached)
),

unknown_edges as (
    select
        pairs.a_id,
        pairs.b_id
    from pairs
    where
        pairs.a_id in (select unknown_free.mention_id from unknown_free)
        and pairs.b_id in (select unknown_free.mention_id from unknown_free)
),

unknown_labels (mention_id, label) as (
    -- the same smallest-id labelling as known_labels
    select
        mention_id,
        mention_id as label
    from unknown_free
    union
    select
        unknown_edges.b_id as mention_id,
        unknown_labels.label
    from unknown_labels
    inner join unknown_edges on unknown_labels.mention_id = unknown_edges.a_id
    where unknown_labels.label < unknown_edges.b_id
),

unknown_components as (
    select
        mention_id,
        'u:' || min(label) as component
    from unknown_labels
    group by mention_id
),

assigned as (
    select
        mention_id,
        'k:' || component as component,
        'same_side_nearby' as match_rule
    from known_components
    union all
    select
        mention_id,
        'k:' || component as component,
        'unknown_actor_attached' as match_rule
    from unknown_attached
    union all
    select
        mention_id,
        component,
        'unknown_actor_nearby' as match_rule
    from unknown_components
),

anchored as (
    select
        assigned.mention_id,
        assigned.component,
        assigned.match_rule,
        first_value(assigned.mention_id) over (
            partition by assigned.component
            order by
                mentions.published_date asc nulls last,
                mentions.event_day asc,
                mentions.extracted_at asc,
                assigned.mention_id asc
        ) as anchor_mention_id,
        count(*) over (partition by assigned.component) as cluster_size
    from assigned
    inner join mentions on assigned.mention_id = mentions.mention_id
),

event_fingerprints as (
    -- the event's members and their fingerprints: fct_strikes and fct_strike_mentions rewrite an
    -- event when this changes. Every member of an event is re-clustered with it, so it is whole here.
    select
        anchored.anchor_mention_id,
        md5(string_agg(
            anchored.mention_id || ':' || mentions.mention_fingerprint, ',' order by anchored.mention_id
        )) as members_fingerprint
    from anchored
    inner join mentions on anchored.mention_id = mentions.mention_id
    group by anchored.anchor_mention_id
),

closest_match as (
    -- for each member, the closest other member of its event: why it was merged
    select
        anchored.mention_id,
        pairs.b_id as matched_mention_id,
        pairs.distance_km,
        pairs.day_gap
    from anchored
    inner join anchored as other
        on
            anchored.component = other.component
            and anchored.mention_id <> other.mention_id
    inner join pairs
        on
            anchored.mention_id = pairs.a_id
            and other.mention_id = pairs.b_id
    qualify row_number() over (
            partition by anchored.mention_id
            order by pairs.distance_km asc nulls last, pairs.day_gap asc, pairs.b_id asc
        ) = 1
)

select
    anchored.mention_id,
    'strike_' || substr(md5(anchored.anchor_mention_id), 1, 16) as strike_id,
    anchored.anchor_mention_id,
    anchored.mention_id = anchored.anchor_mention_id as is_anchor,
    case
        when anchored.cluster_size = 1 then 'single_report'
        else anchored.match_rule
    end as match_rule,
    closest_match.matched_mention_id,
    closest_match.distance_km as match_distance_km,
    closest_match.day_gap as match_day_gap,
    mentions.mention_fingerprint,
    event_fingerprints.members_fingerprint
from anchored
inner join mentions on anchored.mention_id = mentions.mention_id
inner join event_fingerprints on anchored.anchor_mention_id = event_fingerprints.anchor_mention_id
left join closest_match on anchored.mention_id = closest_match.mention_id
