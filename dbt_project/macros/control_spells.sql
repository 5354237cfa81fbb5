{#- The control spells of the claims in `claims_relation` (rows shaped as int_control_claims).
    int_control_spells applies it to every claim; fct_territorial_control's incremental build to
    the claims of the places that changed, so only their spells are computed.

    Control spells: maximal runs of days on which a place kept one status under one controller.

    Each (place, status, day) gets one winning controller: the side with the most independent
    stories, then the most stories, then the most reports in an outlet's own voice, then the most
    mentions, then a capture over a mere statement (a day where two sides claim the place is
    flagged as a conflict). On the held track a place changes hands only by a capture or a
    withdrawal: a day whose winner merely says another side holds it is a conflicting claim of the
    current spell, not a new spell (unless nobody was known to hold it: the first report, or after
    a withdrawal with no named successor). On the other tracks each day's winner counts.
    A spell starts when the controller changes and lasts until the next spell of that status
    starts (`valid_to` is exclusive: the day the next spell begins; null while current). Sieges
    and cut routes also end when the place changes hands; a contested spell ends on the next day
    a controller is reported. -#}
{% macro control_spells(claims_relation) -%}
with spell_claims as (
    select * from {{ claims_relation }}
),

side_days as (
    select
        place_key,
        status,
        claim_date,
        coalesce(controller_side, 'none') as controller_side,
        count(*) as n_mentions,
        count(distinct independent_story_id) as n_stories,
        count(distinct independent_story_id) filter (where not is_party_claim) as n_independent,
        count(*) filter (where modality = 'asserted') as n_asserted,
        bool_or(is_change) as has_change
    from spell_claims
    group by place_key, status, claim_date, coalesce(controller_side, 'none')
),

day_winners as (
    select
        place_key,
        status,
        claim_date,
        controller_side,
        has_change,
        count(*) over (partition by place_key, status, claim_date) > 1 as is_conflict_day
    from side_days
    qualify row_number() over (
            partition by place_key, status, claim_date
            order by
                n_independent desc, n_stories desc, n_asserted desc, n_mentions desc, has_change desc,
                controller_side asc
        ) = 1
),

turning as (
    -- the days whose winner can change who controls the place
    select
        *,
        status <> 'held'
        or has_change
        or coalesce(
            lag(controller_side) over (partition by place_key, status order by claim_date), 'unknown'
        ) = 'unknown' as is_turning
    from day_winners
),

carried as (
    -- each day's controller: its own winner on a turning day, else that of the last turning day
    select
        *,
        last_value(case when is_turning then controller_side end ignore nulls) over (
            partition by place_key, status order by claim_date
            rows between unbounded preceding and current row
        ) as carried_side
    from turning
),

days as (
    select
        place_key,
        status,
        claim_date,
        carried_side as controller_side,
        has_change,
        -- a statement that another side holds the place is a conflict, not a change of hands
        is_conflict_day or controller_side <> carried_side as is_conflict_day
    from carried
),

held_days as (
    select * from days
    where status = 'held'
),

tracks as (
    select distinct
        place_key,
        status
    from days
    where status <> 'held'
),

end_markers as (
    -- days that close a siege, cut or contest without a claim of that status
    select distinct
        tracks.place_key,
        tracks.status,
        held_days.claim_date
    from tracks
    inner join held_days
        on
            tracks.place_key = held_days.place_key
            and (tracks.status = 'contested' or held_days.has_change)
),

timeline as (
    select
        place_key,
        status,
        claim_date,
        'claim' as kind,
        controller_side,
        is_conflict_day
    from days
    union all
    select
        end_markers.place_key,
        end_markers.status,
        end_markers.claim_date,
        'end' as kind,
        cast(null as varchar) as controller_side,
        false as is_conflict_day
    from end_markers
    where not exists (
            select 1 from days
            where
                days.place_key = end_markers.place_key
                and days.status = end_markers.status
                and days.claim_date = end_markers.claim_date
        )
),

previous as (
    select
        *,
        lag(kind) over (partition by place_key, status order by claim_date) as previous_kind,
        lag(controller_side) over (partition by place_key, status order by claim_date) as previous_side
    from timeline
),

flagged as (
    select
        *,
        case
            when coalesce(previous_kind, '') <> kind then 1
            when coalesce(previous_side, '~') <> coalesce(controller_side, '~') then 1
            else 0
        end as starts_island
    from previous
),

islands as (
    select
        *,
        sum(starts_island) over (
            partition by place_key, status order by claim_date
            rows between unbounded preceding and current row
        ) as island
    from flagged
),

island_spans as (
    select
        place_key,
        status,
        island,
        min(kind) as kind,
        min(controller_side) as controller_side,
        min(claim_date) as valid_from,
        max(claim_date) as last_claim_date,
        count(*) as n_claim_days,
        bool_or(is_conflict_day) as has_conflict
    from islands
    group by place_key, status, island
),

spans as (
    select
        *,
        lead(valid_from) over (partition by place_key, status order by island) as valid_to
    from island_spans
)

select
    md5(place_key || '|' || status || '|' || cast(valid_from as varchar) || '|' || controller_side)
        as spell_id,
    place_key,
    status,
    nullif(controller_side, 'none') as controller_side,
    valid_from,
    valid_to,
    last_claim_date,
    n_claim_days,
    has_conflict
from spans
where kind = 'claim'
{%- endmacro %}
