-- One row per actor: canonical name, side, kind, parent group and every name it went by
-- (dated names are in dim_actor_name).
with actors as (
    select * from {{ ref('stg_ref__actors') }}
),

names as (
    select
        actor_id,
        string_agg(distinct name, '; ' order by name) as all_names,
        count(distinct name) as n_names
    from {{ ref('dim_actor_name') }}
    group by actor_id
)

select
    actors.actor_id,
    actors.canonical_name,
    actors.side,
    actors.kind,
    actors.parent_id,
    parents.canonical_name as parent_name,
    actors.country,
    actors.description,
    coalesce(names.all_names, actors.canonical_name) as all_names,
    coalesce(names.n_names, 1) as n_names
from actors
left join actors as parents on actors.parent_id = parents.actor_id
left join names on actors.actor_id = names.actor_id
