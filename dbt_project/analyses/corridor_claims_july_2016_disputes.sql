-- Corridor claims about July 2016, with who disputed each of them and with what.
select
    claims.claim_date,
    claims.corridor_name,
    claims.claim_type,
    claims.claimant,
    claims.claimant_side,
    claims.people_low,
    claims.people_high,
    claims.quantity_raw,
    claims.disputed,
    links.by_claimant as disputed_by,
    links.by_claimant_side as disputed_by_side,
    links.by_people_low as their_people_low,
    links.by_people_high as their_people_high,
    links.basis as dispute_basis,
    claims.sentence
from {{ ref('fct_corridor_claims') }} as claims
left join {{ ref('fct_corridor_claim_links') }} as links
    on
        claims.claim_id = links.claim_id
        and links.relation = 'disputes'
where claims.claim_date >= date '2016-07-01' and claims.claim_date < date '2016-08-01'
order by claims.claim_date, claims.claim_type, claims.claimant, links.by_claimant
