{{
    config(
        materialized='incremental',
        unique_key='claim_id',
        post_hook=[
            "delete from {{ this }} as built where not exists (
                select 1 from {{ ref('fct_corridor_claims') }} as claims
                where
                    claims.claim_id = built.claim_id
                    and claims.claim_fingerprint = built.claim_fingerprint
                    and claims.n_disputing_claims + claims.n_corroborating_claims > 0
            )"
        ]
    )
}}
-- Dispute and corroboration links between corridor claims: `by_claim_id` disputes (or
-- corroborates) `claim_id`, with who said it and why the link was drawn.
--
-- Incremental on claim_id (the disputed claim): a claim's links depend on what its
-- claim_fingerprint covers (see int_corridor_claim_fingerprints), so a build rewrites the links of
-- the claims fct_corridor_claims counts links for whose fingerprint differs from the one their
-- links were built from (a claim with no link has no row to compare, and is not recomputed); the
-- post-hook drops the links of claims that changed and now have none, or no longer exist.
with linked_claims as (
    select
        claim_id,
        claim_fingerprint
    from {{ ref('fct_corridor_claims') }}
    where n_disputing_claims + n_corroborating_claims > 0
),

changed_claims as (
    {{ changed_since_built(
        'linked_claims', 'claim_id', 'claim_fingerprint', is_incremental_on('claim_fingerprint')
    ) }}
),

all_claims as (
    select * from {{ ref('int_corridor_claims_prepared') }}
),

links as (
    {{ corridor_claim_links('all_claims', 'select changed_claims.claim_id from changed_claims') }}
),

by_mentions as (
    select
        mention_id,
        sentence
    from {{ ref('fct_event_mentions') }}
    where mention_id in (select links.by_claim_id from links)
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
    by_mentions.sentence as by_sentence,
    changed_claims.claim_fingerprint
from links
inner join changed_claims on links.claim_id = changed_claims.claim_id
inner join all_claims as claims on links.claim_id = claims.claim_id
inner join all_claims as by_claims on links.by_claim_id = by_claims.claim_id
inner join by_mentions on links.by_claim_id = by_mentions.mention_id
