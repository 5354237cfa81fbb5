{#- Which corridor claims dispute or corroborate which (int_corridor_claim_links' logic), for the
    claims in `claims_relation` (rows shaped as int_corridor_claims_prepared), optionally only the links
    whose disputed (target) claim is one of `target_ids` (a query returning claim_id values, or none
    for every claim). A target's links depend only on its own row, the claims it is compared with and
    the extractor's links to it, and the dedup below is partitioned by target, so its links are the
    same computed alone: the incremental corridor marts compute the links of the changed claims only.

    Two sources:
    * the extractor's links inside one article (raw.mention_links: `mention_id` disputes or
      corroborates `other_mention_id`), kept as they are;
    * links derived across claims about one corridor, of one class, within
      `corridor_compare_days`, from different stories or different claimants (a wire copy of one
      claim is not a second voice): a denial disputes an affirmation; two head counts that do not
      overlap, given by claimants of different sides, dispute each other; overlapping counts (or
      two count-less affirmations) corroborate each other.
    Hypothetical and planned claims are not compared. -#}
{% macro corridor_claim_links(claims_relation, target_ids=none) -%}
    {%- set only_targets -%}
        {%- if target_ids is not none %} and target.claim_id in ({{ target_ids }}){% endif -%}
    {%- endset -%}
    {%- set only_target_probes -%}
        {%- if target_ids is not none %} and comparable.claim_id in ({{ target_ids }}){% endif -%}
    {%- endset -%}
with claims as (
    select * from {{ claims_relation }}
),

extractor_links as (
    select
        links.other_mention_id as claim_id,
        links.mention_id as by_claim_id,
        links.relation,
        'extractor' as basis,
        links.evidence
    from {{ ref('stg_raw__mention_links') }} as links
    inner join claims as target on links.other_mention_id = target.claim_id
    inner join claims as source on links.mention_id = source.claim_id
    inner join {{ ref('fct_event_mentions') }} as mentions
        on
            links.mention_id = mentions.mention_id
            and links.extractor_version = mentions.extractor_version
    where links.relation in ('disputes', 'corroborates'){{ only_targets }}
),

comparable as (
    select * from claims
    where modality in ('asserted', 'claimed', 'denied')
),

day_offsets as (
    {%- set window_days = var('corridor_compare_days') %}
    select unnest(generate_series(-{{ window_days }}, {{ window_days }})) as day_offset
),

probes as (
    -- each claim once per day it may be compared on (its day and `corridor_compare_days` either
    -- side), so the pair join is an equality on (corridor, class, day): a hash join whose pairs grow
    -- with the claims of one corridor and day, not with all the claims of one corridor; only the
    -- targets' probes when the links of some claims are asked for
    select
        comparable.*,
        cast(comparable.claim_date + cast(day_offsets.day_offset as integer) as date) as probe_day
    from comparable
    cross join day_offsets
    where comparable.claim_date is not null{{ only_target_probes }}
),

pairs as (
    select
        a.claim_id,
        b.claim_id as by_claim_id,
        (a.modality = 'denied') <> (b.modality = 'denied') as one_denies,
        a.modality = 'denied' and b.modality = 'denied' as both_deny,
        coalesce(a.people_low, a.people_high) is not null
        and coalesce(b.people_low, b.people_high) is not null as both_counted,
        coalesce(a.people_low, a.people_high) is null
        and coalesce(b.people_low, b.people_high) is null as neither_counted,
        coalesce(a.people_high, a.people_low) < coalesce(b.people_low, b.people_high)
        or coalesce(b.people_high, b.people_low) < coalesce(a.people_low, a.people_high)
            as counts_disjoint,
        coalesce(a.claimant_side, 'independent') <> coalesce(b.claimant_side, 'independent')
            as sides_differ,
        a.claim_type,
        b.claimant as by_claimant
    from probes as a
    inner join comparable as b
        on
            a.corridor_key = b.corridor_key
            and a.claim_class = b.claim_class
            and a.probe_day = b.claim_date
            and a.claim_id <> b.claim_id
            and (
                a.independent_story_id <> b.independent_story_id
                or coalesce(a.claimant, '') <> coalesce(b.claimant, '')
            )
),

derived_links as (
    select
        claim_id,
        by_claim_id,
        case
            when one_denies then 'disputes'
            when both_counted and counts_disjoint and sides_differ then 'disputes'
            else 'corroborates'
        end as relation,
        'derived' as basis,
        case
            when one_denies then 'one claim denies what the other affirms'
            when both_counted and counts_disjoint and sides_differ
                then 'head counts do not overlap and the claimants are on different sides'
            when both_counted then 'head counts overlap'
            else 'both affirm it without a count'
        end as evidence
    from pairs
    where
        not both_deny
        and (
            one_denies
            or (both_counted and counts_disjoint and sides_differ)
            or (both_counted and not counts_disjoint)
            or neither_counted
        )
),

unioned as (
    select
        *,
        0 as priority
    from extractor_links
    union all
    select
        *,
        1 as priority
    from derived_links
)

select
    md5(claim_id || '|' || by_claim_id || '|' || relation) as link_id,
    claim_id,
    by_claim_id,
    relation,
    basis,
    evidence
from unioned
qualify row_number() over (partition by claim_id, by_claim_id, relation order by priority) = 1
{%- endmacro %}
