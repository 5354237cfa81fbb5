select
    actor_id,
    canonical_name,
    side,
    kind,
    parent_id,
    country,
    description
from {{ source('ref', 'actors') }}
