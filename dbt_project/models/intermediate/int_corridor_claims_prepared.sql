-- Corridor mentions as claims: a corridor key (gazetteer place, else the named route or place,
-- folded), the day, and the claim's class (announced/opened, used, closed/blocked) for comparing,
-- with the hash of the fct_event_mentions row it comes from (taken when that row was written).
select
    mention_id as claim_id,
    article_id,
    independent_story_id,
    {{ place_key('place_id', 'place_name') }} as corridor_key,
    place_id,
    place_name as corridor_name,
    event_type as claim_type,
    case
        when event_type in ('announced', 'opened') then 'announced'
        when event_type in ('closed', 'blocked') then 'closed'
        else event_type
    end as claim_class,
    coalesce(event_date, published_date) as claim_date,
    modality,
    claimant,
    claimant_side,
    people_low,
    people_high,
    is_wire_copy,
    row_fingerprint as mention_row_fingerprint
from {{ ref('fct_event_mentions') }}
where family = 'corridor'
