-- The gazetteer: one row per place with its ids, admin area, precision and every name it goes by
-- (`name_keys` holds the folded names that `who_held` and analysts match on). `governorate` is
-- the first-level area the place lies in: the nearest ancestor (or the place itself) whose
-- feature type is admin1, else an admin1 place sharing the nearest admin1 code.
with recursive places as (
    select * from {{ ref('stg_ref__places') }}
),

names as (
    select
        place_id,
        name
    from {{ ref('stg_ref__place_names') }}
    union
    select
        place_id,
        name
    from places
),

name_lists as (
    select
        place_id,
        string_agg(distinct name, '; ' order by name) as all_names,
        list(distinct {{ normalize_name('name') }} order by {{ normalize_name('name') }})
        filter (where {{ normalize_name('name') }} is not null) as name_keys
    from names
    group by place_id
),

ancestors (place_id, ancestor_id, depth) as (
    select
        place_id,
        place_id as ancestor_id,
        0 as depth
    from places
    union all
    select
        ancestors.place_id,
        places.parent_place_id,
        ancestors.depth + 1
    from ancestors
    inner join places on ancestors.ancestor_id = places.place_id
    where places.parent_place_id is not null and ancestors.depth < 12
),

admin1_by_tree as (
    select
        ancestors.place_id,
        admin_places.place_id as admin1_place_id
    from ancestors
    inner join places as admin_places on ancestors.ancestor_id = admin_places.place_id
    where admin_places.feature_type = 'admin1'
    qualify row_number() over (partition by ancestors.place_id order by ancestors.depth) = 1
),

admin1_code as (
    select
        ancestors.place_id,
        nullif(coded.admin1, '') as admin1
    from ancestors
    inner join places as coded on ancestors.ancestor_id = coded.place_id
    where nullif(coded.admin1, '') is not null
    qualify row_number() over (partition by ancestors.place_id order by ancestors.depth) = 1
),

admin1_by_code as (
    select
        admin1 as admin1_code,
        min(place_id) as admin1_place_id
    from places
    where feature_type = 'admin1' and nullif(admin1, '') is not null
    group by admin1
)

select
    places.place_id,
    places.name,
    places.feature_type,
    places.precision,
    places.latitude,
    places.longitude,
    coalesce(nullif(places.admin1, ''), admin1_code.admin1) as admin1,
    coalesce(admin1_by_tree.admin1_place_id, admin1_by_code.admin1_place_id) as governorate_place_id,
    coalesce(
        regexp_replace(admin_names.name, '\s+(province|governorate|oblast|region)$', '', 'i'),
        admin1_code.admin1
    ) as governorate,
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
left join admin1_by_tree on places.place_id = admin1_by_tree.place_id
left join admin1_code on places.place_id = admin1_code.place_id
left join admin1_by_code on admin1_code.admin1 = admin1_by_code.admin1_code
left join places as admin_names
    on coalesce(admin1_by_tree.admin1_place_id, admin1_by_code.admin1_place_id) = admin_names.place_id
