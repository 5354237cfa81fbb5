select
    attempt_id,
    run_id,
    source_id,
    url,
    attempt,
    attempted_at,
    http_status,
    outcome,
    error_class,
    error_detail,
    bytes as response_bytes,
    duration_ms
from {{ source('raw', 'fetch_log') }}
