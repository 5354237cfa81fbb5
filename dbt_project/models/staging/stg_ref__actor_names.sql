select
    actor_id,
    name,
    name_type,
    valid_from,
    valid_to
from {{ source('ref', 'actor_names') }}
