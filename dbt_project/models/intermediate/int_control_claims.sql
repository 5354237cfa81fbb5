-- Control mentions as claims about a place's status on a day. Only asserted and claimed
-- mentions count (hypothetical, planned and denied ones never make a spell).
--
-- Tracks: `held` (held, captured, withdrawn), `besieged`, `supply_route_cut`, `contested`.
-- The controller is the side that holds, takes, besieges or cuts. A withdrawal names the side
-- that left in `target_side` and the side that took over in `actor_side`; when the text names
-- only the leaver (as `actor_side` with no target), the new controller is `unknown`.
-- A claim is a party claim when its claimant is one of the fighting sides.
--
-- A landmark's held track also counts for the neighbourhood it lies in (dim_place's
-- district_place_id): "rebels captured the artillery academy in Ramouseh" is a claim on Ramouseh
-- too, so the claim appears twice, once per place (`claim_id` tells them apart). Sieges and cut
-- routes of a landmark stay with the landmark.
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
        claimant,
        row_fingerprint as mention_row_fingerprint
    from mentions
),

kept as (
    select * from classified
    -- a held, captured, besieged or cut claim needs a known side to say who controls
    where
        status = 'contested'
        or (controller_side is not null and controller_side <> 'unknown')
        or event_type = 'withdrawn'
),

districts as (
    select
        landmarks.place_id as landmark_place_id,
        districts.place_id,
        districts.name
    from {{ ref('dim_place') }} as landmarks
    inner join {{ ref('dim_place') }} as districts on landmarks.district_place_id = districts.place_id
)

select
    mention_id as claim_id,
    mention_id,
    article_id,
    independent_story_id,
    place_key,
    place_id,
    place_name,
    event_type,
    status,
    claim_date,
    controller_side,
    controller_name,
    controller_actor_id,
    is_change,
    is_party_claim,
    modality,
    claimant,
    place_id as reported_place_id,
    false as via_landmark,
    mention_row_fingerprint
from kept
union all
select
    kept.mention_id || '@' || districts.place_id as claim_id,
    kept.mention_id,
    kept.article_id,
    kept.independent_story_id,
    districts.place_id as place_key,
    districts.place_id,
    districts.name as place_name,
    kept.event_type,
    kept.status,
    kept.claim_date,
    kept.controller_side,
    kept.controller_name,
    kept.controller_actor_id,
    kept.is_change,
    kept.is_party_claim,
    kept.modality,
    kept.claimant,
    kept.place_id as reported_place_id,
    true as via_landmark,
    kept.mention_row_fingerprint
from kept
inner join districts on kept.place_id = districts.landmark_place_id
where kept.status = 'held'
