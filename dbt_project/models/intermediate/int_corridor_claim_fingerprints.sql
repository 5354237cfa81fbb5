-- One hash per corridor claim of everything its rows in fct_corridor_claims and
-- fct_corridor_claim_links are made of, so the incremental build of those marts rewrites a claim
-- exactly when one of these changes:
-- * its own fct_event_mentions row (the row_fingerprint written with it);
-- * the claims it may be compared with: those of its corridor and class on each day within
--   `corridor_compare_days` of its own (one hash per corridor, class and day, over the ids and row
--   hashes of that day's claims, so a claim joining, leaving or changing on a day near it counts;
--   one join per day of the window, not a grouping of the claim's days, which cost far more);
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
        -- sorted in a list, not string_agg(... order by): the ordered aggregate cost three times more
        md5(array_to_string(list_sort(list(claim_id || ':' || mention_row_fingerprint)), ','))
            as day_fingerprint
    from claims
    where corridor_key is not null and claim_class is not null and claim_date is not null
    group by corridor_key, claim_class, claim_date
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
        array_to_string(list_sort(list(link_text)), ',') as links_fingerprint
    from extractor_links
    group by claim_id
)

{%- set window_days = var('corridor_compare_days') | int %}
{%- set offsets = range(-window_days, window_days + 1) | list %}
-- one join per day of the window (sqlfluff cannot follow the indent of a templated loop)
-- noqa: disable=LT02
select
    claims.claim_id,
    md5(
        claims.mention_row_fingerprint
        {%- for offset in offsets %}
        || '|{{ offset }}=' || coalesce(day_{{ loop.index }}.day_fingerprint, '-')
        {%- endfor %}
        || '|' || coalesce(link_fingerprints.links_fingerprint, '-')
        || '|{{ window_days }}'
    ) as claim_fingerprint
from claims
{%- for offset in offsets %}
left join day_fingerprints as day_{{ loop.index }}
    on
        claims.corridor_key = day_{{ loop.index }}.corridor_key
        and claims.claim_class = day_{{ loop.index }}.claim_class
        and claims.claim_date + {{ offset }} = day_{{ loop.index }}.claim_date
{%- endfor %}
left join link_fingerprints on claims.claim_id = link_fingerprints.claim_id
-- noqa: enable=LT02
