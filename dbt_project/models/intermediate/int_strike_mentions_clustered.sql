{{
    config(
        materialized='incremental',
        unique_key='mention_id',
        pre_hook="set threads = 1",
        post_hook=[
            "reset threads",
            "delete from {{ this }} where mention_id not in
                (select mentions.mention_id from {{ ref('fct_event_mentions') }} as mentions
                where {{ clusterable_strike('mentions') }})"
        ]
    )
}}
-- A table, not a view: the clustering is read by fct_strikes and fct_strike_mentions.
-- One DuckDB thread for this model (then back to the default): its hash tables and recursive
-- CTEs are built per thread, and at 150,000 pages under a 640MB limit two threads ran out of memory
-- where one passes (10.5 s, against 6.9 s with two threads under 4GB; docs/scaling.md, session 13).
-- Which strike event each strike mention belongs to, and why.
--
-- Two mentions may report one strike when they share the coarse type class, lie within
-- `strike_cluster_km` (or name the same place; or, placeless, come from the same story) and fall
-- within `strike_cluster_days` of each other ("may match").
-- 1. Day groups: reports of one class and one known attacker side on the SAME day that may match
--    (chained within the day) are one group.
-- 2. Reports often disagree on the day by one. A day group joins a neighbouring day group (same
--    class and side, within `strike_cluster_days`, some pair of their reports may match) that has
--    strictly more reports and is itself a peak (no neighbour has more reports than it): the
--    consensus day. The largest such peak wins (then the earlier day, then the smaller id). With
--    no such peak the group is an event of its own. So an event is one day's group and the smaller
--    groups of the days either side: it never spans more than 2 x `strike_cluster_days` + 1 days,
--    and a place struck every day for a year is a year of daily events, not one chain of a year
--    (single linkage would chain every day to the next).
-- 3. A mention with an unknown attacker joins the event of the closest known-side mention it may
--    match (so it never bridges two sides); those that match none form day groups and events of
--    their own by the same rules.
-- The event's anchor is its first-reported mention, so later reports do not change the event's id.
--
-- The steps run on nodes, not reports: reports of one class and side at one position (day, place
-- or coordinates, and story when placeless) all match each other and the same others, so they are
-- one node, named by its smallest id (which decides ties as the report would). A place reported
-- 300 times a day is one node, where pairing reports made a clique of 45,000 pairs: at 100,000
-- pages the reports' 18 million pairs are 0.5 million node pairs.
--
-- Incremental (delete+insert on mention_id). Every step above only looks along may-match pairs
-- and at most `strike_cluster_days` away per step, and a row depends on steps that reach at most
-- 7 x `strike_cluster_days` days from it (an unknown-attacker report, the known report it attaches
-- to, that report's group joining a peak, the peak's other joiners and their attached reports).
-- A build re-clusters the mentions reachable along may-match pairs from each new, changed or
-- vanished mention (as it is now and as it was built) within `reach` = 8 x that many days of it,
-- reading the pairs reachable within 2 x `reach` days as context, and writes only the first set.
-- The post-hook drops the rows of vanished mentions.
{%- set window_days = var('strike_cluster_days') %}
{%- set reach = 8 * window_days %}
{%- set position = 'coarse_class, event_day, place_key, latitude, longitude, story_key' %}
with recursive current_mentions as (
    select
        prepared.*,
        {{ strike_story_key('prepared') }} as story_key
    from {{ ref('int_strike_mentions_prepared') }} as prepared
),

day_offsets as (
    select unnest(generate_series(-{{ window_days }}, {{ window_days }})) as day_offset
),

{% if is_incremental_on('members_fingerprint') and is_incremental_on('place_key') %}
    built as (
        select
            built_rows.*,
            {{ strike_story_key('built_rows') }} as story_key
        from {{ this }} as built_rows
    ),

    changed_now as (
        -- new mentions, and changed ones as they are now
        select current_mentions.* from current_mentions
        where not exists (
                select 1 from built
                where
                    built.mention_id = current_mentions.mention_id
                    and built.mention_fingerprint = current_mentions.mention_fingerprint
            )
    ),

    seed_positions as (
        -- where something changed: new and changed mentions as they are now, and vanished and
        -- changed ones where they were when last built
        select {{ position }} from changed_now
        union
        select {{ position }} from built
        where not exists (
                select 1 from current_mentions
                where
                    current_mentions.mention_id = built.mention_id
                    and current_mentions.mention_fingerprint = built.mention_fingerprint
            )
    ),

    current_located as materialized (
        -- the walk below goes from position to position (mentions at one position match the
        -- same mentions), each a few reports where a place is reported many times a day
        select
            current_mentions.mention_id,
            dense_rank() over (order by {{ position }}) as pos
        from current_mentions
        where current_mentions.event_day is not null
    ),

    current_positions as materialized (
        select distinct
            current_located.pos,
            {%- for column in position.split(', ') %}
                current_mentions.{{ column }}{{ ',' if not loop.last }}
            {%- endfor %}
        from current_located
        inner join current_mentions on current_located.mention_id = current_mentions.mention_id
    ),

    seed_probes as (
        select
            seed_positions.*,
            cast(seed_positions.event_day + cast(day_offsets.day_offset as integer) as date) as probe_day
        from seed_positions
        cross join day_offsets
        where seed_positions.event_day is not null
    ),

    current_probes as (
        select
            current_positions.*,
            cast(current_positions.event_day + cast(day_offsets.day_offset as integer) as date) as probe_day
        from current_positions
        cross join day_offsets
    ),

    walk (pos, seed_day) as (
        -- (position, day of the change that reaches it): a position reached from several changes
        -- is kept once per change day, so each walk stops 2 x reach days from its own change.
        -- A change's own position matches itself, so it starts the walk.
        select
            b.pos,
            a.event_day as seed_day
        from seed_probes as a
        inner join current_positions as b on {{ strike_positions_may_match('a', 'b') }}
        union
        select
            b.pos,
            walk.seed_day
        from walk
        inner join current_probes as a on walk.pos = a.pos
        inner join current_positions as b on {{ strike_positions_may_match('a', 'b') }}
        where abs(date_diff('day', walk.seed_day, b.event_day)) <= {{ 2 * reach }}
    ),

    rewritten as (
        -- the rows this build writes: reached within `reach` days of a change, and changed
        -- mentions with no day (they cluster with nothing)
        select current_located.mention_id from walk
        inner join current_positions on walk.pos = current_positions.pos
        inner join current_located on walk.pos = current_located.pos
        where abs(date_diff('day', walk.seed_day, current_positions.event_day)) <= {{ reach }}
        union
        select changed_now.mention_id from changed_now
        where changed_now.event_day is null
    ),

    mentions as (
        select * from current_mentions
        where
            current_mentions.mention_id in (
                select current_located.mention_id from current_located
                where current_located.pos in (select walk.pos from walk)
            )
            or current_mentions.mention_id in (select rewritten.mention_id from rewritten)
    ),
{% else %}
    mentions as (
        select * from current_mentions
    ),
{% endif %}

numbered as (
    -- integer ids in mention_id order: smaller rows to pair, label and sort than the hash ids.
    -- The CTEs below that are read more than once are `materialized`: computed once, and with
    -- sizes the planner can see (inlined, at 600,000 mentions it chose cross products and spilled
    -- tens of GB)
    select
        mentions.*,
        row_number() over (order by mentions.mention_id) as n
    from mentions
),

positioned as materialized (
    -- reports of one class and side at one position (day, place or coordinates, story when
    -- placeless) all match each other and the same others: one node, named by its smallest id.
    -- A place reported a hundred times a day is one node, not a clique of 5,000 pairs.
    select
        numbered.n,
        numbered.latitude,
        min(numbered.n) over (partition by numbered.actor_side, {{ position }}) as node
    from numbered
    where numbered.event_day is not null
),

node_sizes as (
    select
        positioned.node,
        count(*) as n_reports,
        min(positioned.n, 2) as first_two
    from positioned
    group by positioned.node
),

nodes as materialized (
    select
        numbered.n as node,
        numbered.actor_side,
        numbered.has_known_side,
        {%- for column in position.split(', ') %}
            numbered.{{ column }},
        {%- endfor %}
        node_sizes.n_reports,
        node_sizes.first_two
    from numbered
    inner join node_sizes on numbered.n = node_sizes.node
),

probes as (
    -- each node once per day it may match (its day and `strike_cluster_days` either side), so
    -- the pair join is an equality on (class, day): a hash join, not a scan of all same-class pairs
    select
        nodes.*,
        cast(nodes.event_day + cast(day_offsets.day_offset as integer) as date) as probe_day
    from nodes
    cross join day_offsets
),

pairs as materialized (
    -- may-match pairs of nodes that can share an event: the same known side, or from an
    -- unknown-attacker node (a) to any (known-side reports of two sides never share one)
    select
        a.node as a_node,
        b.node as b_node,
        a.has_known_side as a_known,
        b.has_known_side as b_known,
        a.actor_side = b.actor_side as same_side,
        case
            when a.latitude is not null and b.latitude is not null
                then {{ haversine_km('a.latitude', 'a.longitude', 'b.latitude', 'b.longitude') }}
        end as distance_km,
        abs(date_diff('day', a.event_day, b.event_day)) as day_gap
    from probes as a
    inner join nodes as b on {{ strike_positions_may_match('a', 'b') }}
    where a.node <> b.node and (a.actor_side = b.actor_side or not a.has_known_side)
),

unknown_attached as materialized (
    -- an unknown-attacker node joins the event of its closest known-side match (a node's
    -- smallest id decides ties, as the report's would)
    select
        pairs.a_node as node,
        min({{ closest_first('pairs.distance_km', 'pairs.day_gap', 'pairs.b_node') }}).n as matched_node
    from pairs
    where not pairs.a_known and pairs.b_known
    group by pairs.a_node
),

grouped as materialized (
    -- known-side nodes, and unknown-attacker ones that match none
    select
        nodes.node,
        nodes.event_day,
        nodes.has_known_side,
        nodes.n_reports
    from nodes
    where nodes.has_known_side or nodes.node not in (select unknown_attached.node from unknown_attached)
),

same_day_edges as materialized (
    select
        pairs.a_node,
        pairs.b_node
    from pairs
    where
        pairs.day_gap = 0
        and pairs.same_side
        and pairs.a_node in (select grouped.node from grouped)
        and pairs.b_node in (select grouped.node from grouped)
),

day_labels (node, label) as (
    -- smallest-id labelling of each day's connected groups: each node starts with its own id
    -- and passes a label on along its edges only to larger ids (the group's smallest reaches all)
    select
        grouped.node,
        grouped.node as label
    from grouped
    union
    select
        same_day_edges.b_node as node,
        day_labels.label
    from day_labels
    inner join same_day_edges on day_labels.node = same_day_edges.a_node
    where day_labels.label < same_day_edges.b_node
),

day_groups as materialized (
    select
        node,
        min(label) as day_group
    from day_labels
    group by node
),

group_sizes as materialized (
    select
        day_groups.day_group,
        sum(grouped.n_reports) as n_reports,
        min(grouped.event_day) as event_day
    from day_groups
    inner join grouped on day_groups.node = grouped.node
    group by day_groups.day_group
),

neighbours as materialized (
    -- day groups of other days (same class and side, within the window) with a may-match pair,
    -- with the neighbour's size
    select distinct
        a_groups.day_group as a_group,
        b_groups.day_group as b_group,
        group_sizes.n_reports,
        group_sizes.event_day
    from pairs
    inner join day_groups as a_groups on pairs.a_node = a_groups.node
    inner join day_groups as b_groups on pairs.b_node = b_groups.node
    inner join group_sizes on b_groups.day_group = group_sizes.day_group
    where pairs.same_side and pairs.day_gap > 0
),

larger_neighbours as materialized (
    -- one join per step: with two size lookups in one query the planner, which cannot estimate
    -- these CTEs' sizes, may pair every group with every larger one first (an inequality join)
    select neighbours.*
    from neighbours
    inner join group_sizes as own on neighbours.a_group = own.day_group
    where neighbours.n_reports > own.n_reports
),

peak_joins as (
    -- a group joins its largest neighbouring peak (a group with no larger neighbour) that has
    -- more reports than it
    select
        larger_neighbours.a_group as day_group,
        arg_min(
            larger_neighbours.b_group,
            {
                'n_reports': -larger_neighbours.n_reports,
                'event_day': larger_neighbours.event_day,
                'b_group': larger_neighbours.b_group
            }
        ) as event_group
    from larger_neighbours
    where larger_neighbours.b_group not in (select not_peaks.a_group from larger_neighbours as not_peaks)
    group by larger_neighbours.a_group
),

group_events as (
    select
        group_sizes.day_group,
        coalesce(peak_joins.event_group, group_sizes.day_group) as event_group
    from group_sizes
    left join peak_joins on group_sizes.day_group = peak_joins.day_group
),

node_events as materialized (
    select
        day_groups.node,
        group_events.event_group as component,
        case when grouped.has_known_side then 'same_side_nearby' else 'unknown_actor_nearby' end as match_rule
    from day_groups
    inner join group_events on day_groups.day_group = group_events.day_group
    inner join grouped on day_groups.node = grouped.node
    union all
    select
        unknown_attached.node,
        group_events.event_group as component,
        'unknown_actor_attached' as match_rule
    from unknown_attached
    inner join day_groups on unknown_attached.matched_node = day_groups.node
    inner join group_events on day_groups.day_group = group_events.day_group
),

assigned as materialized (
    select
        positioned.n,
        node_events.component,
        node_events.match_rule
    from positioned
    inner join node_events on positioned.node = node_events.node
    union all
    -- a mention with no day clusters with nothing
    select
        numbered.n,
        numbered.n as component,
        'single_report' as match_rule
    from numbered
    where numbered.event_day is null
),

anchored as (
    select
        assigned.n,
        numbered.mention_id,
        assigned.component,
        assigned.match_rule,
        first_value(numbered.mention_id) over (
            partition by assigned.component
            order by
                numbered.published_date asc nulls last,
                numbered.event_day asc,
                numbered.extracted_at asc,
                numbered.mention_id asc
        ) as anchor_mention_id,
        count(*) over (partition by assigned.component) as cluster_size
    from assigned
    inner join numbered on assigned.n = numbered.n
),

event_fingerprints as (
    -- the event's members and their fingerprints: fct_strikes and fct_strike_mentions rewrite an
    -- event when this changes. Every member of an event is re-clustered with it, so it is whole here.
    -- Sorted in a list, not string_agg(... order by mention_id): the same text (ids of one length),
    -- but the ordered aggregate buffers each event's rows apart and cannot spill: at 100,000 pages
    -- it needed more than 400MB on its own, the list under 250MB (docs/scaling.md, session 9)
    select
        anchored.anchor_mention_id,
        md5(array_to_string(
            list_sort(list(anchored.mention_id || ':' || numbered.mention_fingerprint)), ','
        )) as members_fingerprint
    from anchored
    inner join numbered on anchored.n = numbered.n
    group by anchored.anchor_mention_id
),

both_ways as (
    -- every may-match node pair in both directions (pairs holds unknown -> known one way only)
    select
        a_node,
        b_node,
        distance_km,
        day_gap
    from pairs
    union all
    select
        b_node as a_node,
        a_node as b_node,
        distance_km,
        day_gap
    from pairs
    where not a_known and b_known
),

match_candidates as (
    -- a report's closest other member of its event is in another node of the event (the same
    -- for every report of its node: that node's smallest id) or in its own node (its smallest
    -- other id, at no distance and no day apart)
    select
        both_ways.a_node as node,
        min({{ closest_first('both_ways.distance_km', 'both_ways.day_gap', 'both_ways.b_node') }}) as closest
    from both_ways
    inner join node_events as a_events on both_ways.a_node = a_events.node
    inner join node_events as b_events on both_ways.b_node = b_events.node
    where a_events.component = b_events.component
    group by both_ways.a_node
),

closest_of_both as (
    select
        positioned.n,
        least(
            match_candidates.closest,
            case
                when nodes.n_reports > 1
                    then {{ closest_first(
                        'case when positioned.latitude is not null then cast(0 as double) end',
                        'cast(0 as bigint)',
                        'case when positioned.n = nodes.first_two[1] then nodes.first_two[2] else nodes.first_two[1] end'
                    ) }}
            end
        ) as closest
    from positioned
    inner join nodes on positioned.node = nodes.node
    left join match_candidates on positioned.node = match_candidates.node
),

closest_match as (
    -- for each member, the closest other member of its event: why it was merged
    select
        n,
        struct_extract(closest, 'n') as matched_n,
        nullif(struct_extract(closest, 'distance_km'), 'infinity') as distance_km
    from closest_of_both
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
    matched.mention_id as matched_mention_id,
    closest_match.distance_km as match_distance_km,
    abs(date_diff('day', numbered.event_day, matched.event_day)) as match_day_gap,
    numbered.mention_fingerprint,
    event_fingerprints.members_fingerprint,
    -- where the mention was when built: an incremental build starts its search there if it changes
    numbered.coarse_class,
    numbered.event_day,
    numbered.place_key,
    numbered.latitude,
    numbered.longitude,
    numbered.independent_story_id
from anchored
inner join numbered on anchored.n = numbered.n
inner join event_fingerprints on anchored.anchor_mention_id = event_fingerprints.anchor_mention_id
left join closest_match on anchored.n = closest_match.n
left join numbered as matched on closest_match.matched_n = matched.n
{%- if is_incremental_on('members_fingerprint') and is_incremental_on('place_key') %}
    where anchored.mention_id in (select rewritten.mention_id from rewritten)
{%- endif %}
