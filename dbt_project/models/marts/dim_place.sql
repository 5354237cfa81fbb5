-- The gazetteer: one row per place with its ids, admin area, precision and every name it goes by
-- (`name_keys` holds the folded names that `who_held` and analysts match on).
with places as (
    select * from {{ ref('stg_ref__places') }}
),

names as (
    select place_id, name from {{ ref('stg_ref__place_names') }}
    union
    select place_id, name from places
),

name_lists as (
    select
        place_id,
        string_agg(distinct name, '; ' order by name) as all_names,
        list(distinct {{ normalize_name('name') }} order by {{ normalize_name('name') }})
            filter (where {{ normalize_name('name') }} is not null) as name_keys
    from names
    group by place_id
)

select
    places.place_id,
    places.name,
    places.feature_type,
    places.precision,
    places.latitude,
    places.longitude,
    places.admin1,
    places.country_code,
    places.parent_place_id,
    parents.name as parent_name,
    places.source,
    places.geonames_id,
    name_lists.all_names,
    name_lists.name_keys
from places
left join places as parents on places.parent_place_id = parents.place_id
left join name_lists on places.place_id = name_lists.place_id
