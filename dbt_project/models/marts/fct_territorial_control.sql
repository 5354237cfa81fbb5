{{
    config(
        materialized='incremental',
        unique_key='place_key',
        post_hook=[
            "delete from {{ this }} where place_key not in
                (select claims.place_key from {{ ref('int_control_claims') }} as claims
                where claims.place_key is not null)"
        ]
    )
}}
-- Control spells per place (see int_control_spells for how they are cut), with the claims that
-- support each spell, those that contradict it, and whether it rests on independent reporting
-- or only on claims by a party to the fighting. `valid_to` is exclusive and null while current.
--
-- Incremental on the place: a place's spells depend only on its own claims (and the dim_place rows
-- they name), so a build rewrites only the places whose claims fingerprint differs from the one
-- their rows were built from (delete+insert on place_key); the post-hook drops the places that have
-- no claim any more. A full refresh computes the same rows for every place.
with all_claims as (
    select * from {{ ref('int_control_claims') }}
),

places as (
    select * from {{ ref('dim_place') }}
),

place_row_fingerprints as (
    -- a table's name alone is its whole row (a struct): every column counts
    select
        places.place_id,
        md5(cast(places as varchar)) as place_fingerprint  -- noqa: RF02
    from places
    -- only the places claims name (the gazetteer holds many more)
    where places.place_id in (select all_claims.place_id from all_claims)
),

place_fingerprints as (
    -- every claim of the place (its id, the hash of the fct_event_mentions row it comes from, which
    -- holds everything a claim row is made of but the place) with the dim_place row it names: any
    -- change to either (new, vanished or re-extracted claims, a renamed place) changes it. The row
    -- hashes were taken when fct_event_mentions wrote the rows, not here over every claim.
    select
        all_claims.place_key,
        -- sorted in a list, not string_agg(... order by): the ordered aggregate cost twice as much
        md5(array_to_string(list_sort(list(
            all_claims.claim_id
            || ':' || coalesce(all_claims.mention_row_fingerprint, '-')
            || ':' || coalesce(place_row_fingerprints.place_fingerprint, '-')
        )), ',')) as claims_fingerprint
    from all_claims
    left join place_row_fingerprints on all_claims.place_id = place_row_fingerprints.place_id
    group by all_claims.place_key
),

changed_places as (
    {{ changed_since_built(
        'place_fingerprints', 'place_key', 'claims_fingerprint', is_incremental_on('claims_fingerprint')
    ) }}
),

claims as (
    select * from all_claims
    where place_key in (select changed_places.place_key from changed_places)
),

spells as (
    -- int_control_spells' logic (the control_spells macro) on the changed places' claims alone
    {{ control_spells('claims') }}
),

claims_in_spell as (
    select
        spells.spell_id,
        claims.*,
        coalesce(claims.controller_side, 'none') = coalesce(spells.controller_side, 'none') as supports
    from spells
    inner join claims
        on
            spells.place_key = claims.place_key
            and spells.status = claims.status
            and spells.valid_from <= claims.claim_date
            and (spells.valid_to is null or spells.valid_to > claims.claim_date)
),

support as (
    select
        spell_id,
        count(*) filter (where supports) as n_supporting_claims,
        count(distinct article_id) filter (where supports) as n_supporting_articles,
        count(distinct independent_story_id) filter (where supports) as n_independent_sources,
        count(*) filter (where supports and not is_party_claim) as n_independent_claims,
        count(*) filter (where not supports) as n_conflicting_claims,
        string_agg(mention_id, ', ' order by claim_date, mention_id) filter (where supports)
            as supporting_mention_ids,
        string_agg(mention_id, ', ' order by claim_date, mention_id) filter (where not supports)
            as conflicting_mention_ids,
        string_agg(distinct claimant, '; ' order by claimant) filter (where supports) as claimants,
        mode(controller_name) filter (where supports) as controller_name,
        mode(controller_actor_id) filter (where supports) as controller_actor_id,
        mode(place_id) as place_id,
        mode(place_name) as place_name
    from claims_in_spell
    group by spell_id
),

opening as (
    select
        spell_id,
        event_type as opened_by_event_type,
        mention_id as opened_by_mention_id
    from claims_in_spell
    where supports
    qualify row_number() over (
            partition by spell_id
            order by claim_date asc, is_change desc, is_party_claim asc, mention_id asc
        ) = 1
)

select
    spells.spell_id,
    spells.place_key,
    coalesce(support.place_id, places.place_id) as place_id,
    coalesce(places.name, support.place_name) as place_name,
    places.admin1,
    places.governorate,
    places.country_code,
    places.latitude,
    places.longitude,
    spells.status,
    spells.controller_side,
    support.controller_name,
    support.controller_actor_id,
    spells.valid_from,
    spells.valid_to,
    spells.valid_to is null as is_current,
    spells.last_claim_date,
    opening.opened_by_event_type,
    opening.opened_by_mention_id,
    support.n_supporting_claims,
    support.n_supporting_articles,
    support.n_independent_sources,
    spells.has_conflict or support.n_conflicting_claims > 0 as has_conflict,
    support.n_conflicting_claims,
    case when support.n_independent_claims > 0 then 'independent' else 'party_claim' end as basis,
    support.claimants,
    support.supporting_mention_ids,
    support.conflicting_mention_ids,
    changed_places.claims_fingerprint
from spells
inner join changed_places on spells.place_key = changed_places.place_key
inner join support on spells.spell_id = support.spell_id
left join opening on spells.spell_id = opening.spell_id
left join places on support.place_id = places.place_id
