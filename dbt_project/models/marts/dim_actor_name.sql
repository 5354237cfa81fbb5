-- Every name an actor went by, with the dates it was in use (Jabhat al-Nusra until 2016-07-28,
-- Jabhat Fateh al-Sham after). The canonical name is always listed.
with names as (
    select
        actor_id,
        name,
        name_type,
        valid_from,
        valid_to
    from {{ ref('stg_ref__actor_names') }}
),

canonical as (
    select
        actors.actor_id,
        actors.canonical_name as name,
        'canonical' as name_type,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to
    from {{ ref('stg_ref__actors') }} as actors
    where not exists (
            select 1 from names
            where names.actor_id = actors.actor_id and names.name = actors.canonical_name
        )
),

unioned as (
    select * from names
    union all
    select * from canonical
)

select
    md5(actor_id || '|' || name || '|' || coalesce(cast(valid_from as varchar), '')) as actor_name_id,
    actor_id,
    name,
    {{ normalize_name('name') }} as name_key,
    name_type,
    valid_from,
    valid_to
from unioned
