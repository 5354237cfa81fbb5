-- Control mentions as claims about a place's status on a day. Only asserted and claimed
-- mentions count (hypothetical, planned and denied ones never make a spell).
--
-- Tracks: `held` (held, captured, withdrawn), `besieged`, `supply_route_cut`, `contested`.
-- The controller is the side that holds, takes, besieges or cuts. A withdrawal names the side
-- that left in `target_side` and the side that took over in `actor_side`; when the text names
-- only the leaver (as `actor_side` with no target), the new controller is `unknown`.
-- A claim is a party claim when its claimant is one of the fighting sides.
with mentions as (
    select * from {{ ref('fct_event_mentions') }}
    where
        family = 'control'
        and modality in ('asserted', 'claimed')
        and coalesce(event_date, published_date) is not null
        and coalesce(place_id, place_name) is not null
),

classified as (
    select
        mention_id,
        article_id,
        independent_story_id,
        {{ place_key('place_id', 'place_name') }} as place_key,
        place_id,
        place_name,
        event_type,
        case
            when event_type in ('held', 'captured', 'withdrawn') then 'held'
            else event_type
        end as status,
        coalesce(event_date, published_date) as claim_date,
        case
            when event_type = 'contested' then cast(null as varchar)
            when event_type = 'withdrawn' and target_side is null then 'unknown'
            else actor_side
        end as controller_side,
        case
            when event_type = 'withdrawn' and target_side is null then cast(null as varchar)
            else actor_name
        end as controller_name,
        case
            when event_type = 'withdrawn' and target_side is null then cast(null as varchar)
            else actor_id
        end as controller_actor_id,
        event_type in ('captured', 'withdrawn') as is_change,
        coalesce(claimant_side in (
            {%- for side in combatant_sides() %}'{{ side }}'{{ ", " if not loop.last }}
            {% endfor -%}
        ), false) as is_party_claim,
        modality,
        claimant
    from mentions
)

select * from classified
-- a held, captured, besieged or cut claim needs a known side to say who controls
where
    status = 'contested'
    or (controller_side is not null and controller_side <> 'unknown')
    or event_type = 'withdrawn'
