-- One row per humanitarian-corridor claim: which corridor, what is claimed (announced, opened,
-- used, closed, blocked), who claims it and their side, how many people (range and raw words),
-- and whether anyone disputes it (the text says so, or another claim contradicts it: see
-- fct_corridor_claim_links).
with claims as (
    select * from {{ ref('int_corridor_claims_prepared') }}
),

mentions as (
    select * from {{ ref('fct_event_mentions') }}
),

links as (
    select
        links.claim_id,
        count(*) filter (where links.relation = 'disputes') as n_disputing_claims,
        count(*) filter (where links.relation = 'corroborates') as n_corroborating_claims,
        string_agg(distinct by_claims.claimant, '; ' order by by_claims.claimant)
        filter (where links.relation = 'disputes') as disputing_claimants
    from {{ ref('int_corridor_claim_links') }} as links
    inner join claims as by_claims on links.by_claim_id = by_claims.claim_id
    group by links.claim_id
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
    mentions.dispute_sentence
from claims
inner join mentions on claims.claim_id = mentions.mention_id
left join links on claims.claim_id = links.claim_id
