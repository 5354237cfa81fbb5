-- The gazetteer: one row per place with its ids, admin area, precision and every name it goes by
-- (`name_keys` holds the folded names that `who_held` and analysts match on). `governorate` is
-- the first-level area the place lies in: the nearest ancestor (or the place itself) whose
-- feature type is admin1, else the admin1 place that the nearest admin1 code stands for (an
-- admin1 place carrying that code, or the one whose namesake town carries it: GeoNames codes
-- Aleppo city SY.09, so SY.09 is Aleppo province). `district_place_id` is, for a landmark (a
-- place of site precision), the neighbourhood it lies in: its parent when that is a
-- neighbourhood, else the nearby neighbourhood of its country whose name it carries
-- ("Ramouseh artillery academy" lies in Ramouseh).
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

admin1_by_own_code as (
    select
        admin1 as admin1_code,
        min(place_id) as admin1_place_id
    from places
    where feature_type = 'admin1' and nullif(admin1, '') is not null
    group by admin1
),

admin1_places as (
    select
        *,
        regexp_replace(name, '\s+(province|governorate|oblast|region)$', '', 'i') as area_name
    from places
    where feature_type = 'admin1'
),

namesake_towns as (
    -- towns with an admin1 code named like an admin1 place of their country, and how far apart
    select
        towns.admin1 as admin1_code,
        admin1_places.place_id as admin1_place_id,
        {{ haversine_km(
            'admin1_places.latitude', 'admin1_places.longitude', 'towns.latitude', 'towns.longitude'
        ) }} as distance_km
    from admin1_places
    inner join places as towns
        on
            admin1_places.country_code = towns.country_code
            and {{ normalize_name('towns.name') }} = {{ normalize_name('admin1_places.area_name') }}
    where nullif(towns.admin1, '') is not null and towns.feature_type <> 'admin1'
),

admin1_by_namesake as (
    select
        admin1_code,
        admin1_place_id
    from namesake_towns
    where distance_km <= 150
    qualify row_number() over (partition by admin1_code order by distance_km, admin1_place_id) = 1
),

admin1_by_code as (
    select
        codes.admin1_code,
        coalesce(own.admin1_place_id, namesake.admin1_place_id) as admin1_place_id
    from (
        select admin1_code from admin1_by_own_code
        union
        select admin1_code from admin1_by_namesake
    ) as codes
    left join admin1_by_own_code as own on codes.admin1_code = own.admin1_code
    left join admin1_by_namesake as namesake on codes.admin1_code = namesake.admin1_code
),

name_key_rows as (
    select
        place_id,
        unnest(name_keys) as name_key
    from name_lists
),

districts as (
    select * from places
    where precision = 'neighbourhood'
),

district_candidates as (
    -- a landmark whose name carries a neighbourhood's name as whole words
    select
        sites.place_id,
        districts.place_id as district_place_id,
        length(district_keys.name_key) as key_length,
        {{ haversine_km('sites.latitude', 'sites.longitude', 'districts.latitude', 'districts.longitude') }}
            as distance_km
    from places as sites
    inner join name_key_rows as site_keys on sites.place_id = site_keys.place_id
    inner join districts
        on
            sites.country_code = districts.country_code
            and sites.place_id <> districts.place_id
    inner join name_key_rows as district_keys on districts.place_id = district_keys.place_id
    where
        sites.precision = 'site'
        and site_keys.name_key <> district_keys.name_key
        and ' ' || site_keys.name_key || ' ' like '% ' || district_keys.name_key || ' %'
),

district_by_name as (
    -- the longest such name within 5 km, then the nearest
    select
        place_id,
        district_place_id
    from district_candidates
    where distance_km <= 5
    qualify row_number() over (
            partition by place_id order by key_length desc, distance_km asc, district_place_id asc
        ) = 1
),

district_of_site as (
    select
        sites.place_id,
        coalesce(
            case when parents.precision = 'neighbourhood' then parents.place_id end,
            district_by_name.district_place_id
        ) as district_place_id
    from places as sites
    left join places as parents on sites.parent_place_id = parents.place_id
    left join district_by_name on sites.place_id = district_by_name.place_id
    where sites.precision = 'site'
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
    district_of_site.district_place_id,
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
left join district_of_site on places.place_id = district_of_site.place_id
left join places as admin_names
    on coalesce(admin1_by_tree.admin1_place_id, admin1_by_code.admin1_place_id) = admin_names.place_id
