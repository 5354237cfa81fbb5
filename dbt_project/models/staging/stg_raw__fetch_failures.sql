select
    url,
    source_id,
    failed_at,
    error_class,
    error_detail,
    attempts
from {{ source('raw', 'fetch_failures') }}
