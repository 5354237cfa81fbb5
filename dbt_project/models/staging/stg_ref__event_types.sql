select
    event_type,
    family,
    coarse_class,
    description,
    acled_event_type,
    acled_sub_event_type,
    plover_event_type,
    plover_mode,
    cameo_code
from {{ source('ref', 'event_types') }}
