-- Dispute and corroboration links between corridor claims: `by_claim_id` disputes (or
-- corroborates) `claim_id`, with who said it and why the link was drawn.
with links as (
    select * from {{ ref('int_corridor_claim_links') }}
),

claims as (
    select * from {{ ref('int_corridor_claims_prepared') }}
),

mentions as (
    select
        mention_id,
        sentence
    from {{ ref('fct_event_mentions') }}
)

select
    links.link_id,
    links.claim_id,
    links.by_claim_id,
    links.relation,
    links.basis,
    links.evidence,
    claims.corridor_key,
    claims.claim_type,
    claims.claim_date,
    by_claims.claimant as by_claimant,
    by_claims.claimant_side as by_claimant_side,
    by_claims.people_low as by_people_low,
    by_claims.people_high as by_people_high,
    by_claims.modality as by_modality,
    by_mentions.sentence as by_sentence
from links
inner join claims on links.claim_id = claims.claim_id
inner join claims as by_claims on links.by_claim_id = by_claims.claim_id
inner join mentions as by_mentions on links.by_claim_id = by_mentions.mention_id
