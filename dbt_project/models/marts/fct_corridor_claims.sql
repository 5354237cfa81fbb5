{{
    config(
        materialized='incremental',
        unique_key='claim_id',
        post_hook=[
            "delete from {{ this }} where claim_id not in
                (select claims.claim_id from {{ ref('int_corridor_claims_prepared') }} as claims)"
        ]
    )
}}
-- One row per humanitarian-corridor claim: which corridor, what is claimed (announced, opened,
-- used, closed, blocked), who claims it and their side, how many people (range and raw words),
-- and whether anyone disputes it (the text says so, or another claim contradicts it: see
-- fct_corridor_claim_links).
--
-- Incremental on claim_id: a claim's row depends only on its own mention row, the claims it is
-- compared with and the extractor's links to it, all in its claim_fingerprint
-- (int_corridor_claim_fingerprints), so a build rewrites only the claims whose fingerprint differs
-- from the one their row was built from, computing their links alone (the corridor_claim_links
-- macro); the post-hook drops the claims that no longer exist.
with fingerprints as (
    select * from {{ ref('int_corridor_claim_fingerprints') }}
),

changed_claims as (
    {{ changed_since_built(
        'fingerprints', 'claim_id', 'claim_fingerprint', is_incremental_on('claim_fingerprint')
    ) }}
),

all_claims as (
    select * from {{ ref('int_corridor_claims_prepared') }}
),

claims as (
    select * from all_claims
    where claim_id in (select changed_claims.claim_id from changed_claims)
),

mentions as (
    select * from {{ ref('fct_event_mentions') }}
    where mention_id in (select changed_claims.claim_id from changed_claims)
),

claim_links as (
    {{ corridor_claim_links('all_claims', 'select changed_claims.claim_id from changed_claims') }}
),

links as (
    select
        claim_links.claim_id,
        count(*) filter (where claim_links.relation = 'disputes') as n_disputing_claims,
        count(*) filter (where claim_links.relation = 'corroborates') as n_corroborating_claims,
        string_agg(distinct by_claims.claimant, '; ' order by by_claims.claimant)
        filter (where claim_links.relation = 'disputes') as disputing_claimants
    from claim_links
    inner join all_claims as by_claims on claim_links.by_claim_id = by_claims.claim_id
    group by claim_links.claim_id
)

select
    claims.claim_id,
    claims.corridor_key,
    claims.corridor_name,
    claims.place_id,
    claims.claim_type,
    claims.claim_date,
    claims.modality,
    claims.claimant,
    claims.claimant_side,
    mentions.actor_name,
    mentions.actor_side,
    mentions.people_low,
    mentions.people_high,
    mentions.quantity_raw,
    mentions.population,
    mentions.direction,
    mentions.place_direction,
    mentions.disputed or coalesce(links.n_disputing_claims, 0) > 0 as disputed,
    nullif(array_to_string(list_sort(list_distinct(list_filter(
        [mentions.disputed_by] || coalesce(string_split(links.disputing_claimants, '; '), []),
        x -> x is not null
    ))), '; '), '') as disputed_by,
    coalesce(links.n_disputing_claims, 0) as n_disputing_claims,
    coalesce(links.n_corroborating_claims, 0) as n_corroborating_claims,
    mentions.article_id,
    mentions.article_url,
    mentions.source_domain,
    mentions.published_date,
    claims.is_wire_copy,
    mentions.sentence,
    mentions.dispute_sentence,
    changed_claims.claim_fingerprint
from claims
inner join changed_claims on claims.claim_id = changed_claims.claim_id
inner join mentions on claims.claim_id = mentions.mention_id
left join links on claims.claim_id = links.claim_id
