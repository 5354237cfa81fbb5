select
    place_id,
    name
from {{ source('ref', 'place_names') }}
