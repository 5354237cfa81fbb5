-- One hash per corridor claim of everything its rows in fct_corridor_claims and
-- fct_corridor_claim_links are made of, so the incremental build of those marts rewrites a claim
-- exactly when one of these changes:
-- * its own fct_event_mentions row (the row_fingerprint written with it);
-- * the claims it may be compared with: those of its corridor and class on each day within
--   `corridor_compare_days` of its own (one hash per corridor, class and day, over the ids and row
--   hashes of that day's claims, so a claim joining, leaving or changing on a day near it counts);
-- * the extractor's links to it, with the row of the mention that makes each (its claimant, its
--   version), and `corridor_compare_days` itself.
-- A superset of what the rules read (the modality and story tests are not applied here): a claim
-- is rewritten at worst when it need not be, never kept when its rows would differ.
with claims as (
    select
        claim_id,
        corridor_key,
        claim_class,
        claim_date,
        coalesce(mention_row_fingerprint, '-') as mention_row_fingerprint
    from {{ ref('int_corridor_claims_prepared') }}
),

day_fingerprints as (
    select
        corridor_key,
        claim_class,
        claim_date,
        md5(string_agg(claim_id || ':' || mention_row_fingerprint, ',' order by claim_id)) as day_fingerprint
    from claims
    where corridor_key is not null and claim_class is not null and claim_date is not null
    group by corridor_key, claim_class, claim_date
),

day_offsets as (
    {%- set window_days = var('corridor_compare_days') %}
    select unnest(generate_series(-{{ window_days }}, {{ window_days }})) as day_offset
),

probes as (
    -- each claim once per day it is compared on (as int_corridor_claim_links pairs them)
    select
        claims.claim_id,
        claims.corridor_key,
        claims.claim_class,
        cast(day_offsets.day_offset as integer) as day_offset,
        cast(claims.claim_date + cast(day_offsets.day_offset as integer) as date) as probe_day
    from claims
    cross join day_offsets
    where claims.claim_date is not null
),

compared_days as (
    select
        probes.claim_id,
        string_agg(
            probes.day_offset || '=' || day_fingerprints.day_fingerprint, ',' order by probes.day_offset
        ) as compared_fingerprint
    from probes
    inner join day_fingerprints
        on
            probes.corridor_key = day_fingerprints.corridor_key
            and probes.claim_class = day_fingerprints.claim_class
            and probes.probe_day = day_fingerprints.claim_date
    group by probes.claim_id
),

extractor_links as (
    select
        links.other_mention_id as claim_id,
        links.mention_id
        || ':' || links.relation
        || ':' || links.extractor || ':' || links.extractor_version
        || ':' || coalesce(links.evidence, '-')
        || ':' || coalesce(sources.row_fingerprint, '-') as link_text
    from {{ ref('stg_raw__mention_links') }} as links
    left join {{ ref('fct_event_mentions') }} as sources on links.mention_id = sources.mention_id
    where links.other_mention_id in (select claims.claim_id from claims)
),

link_fingerprints as (
    select
        claim_id,
        string_agg(link_text, ',' order by link_text) as links_fingerprint
    from extractor_links
    group by claim_id
)

select
    claims.claim_id,
    md5(
        claims.mention_row_fingerprint
        || '|' || coalesce(compared_days.compared_fingerprint, '-')
        || '|' || coalesce(link_fingerprints.links_fingerprint, '-')
        || '|{{ var("corridor_compare_days") }}'
    ) as claim_fingerprint
from claims
left join compared_days on claims.claim_id = compared_days.claim_id
left join link_fingerprints on claims.claim_id = link_fingerprints.claim_id
