select
    place_id,
    name,
    feature_type,
    precision,
    latitude,
    longitude,
    admin1,
    country_code,
    parent_place_id,
    source,
    geonames_id
from {{ source('ref', 'places') }}
