select
    page_id,
    url as requested_url,
    canonical_url,
    source_id,
    source_kind,
    fetched_at,
    ingest_date,
    http_status,
    content_type,
    charset,
    content_hash,
    html_bytes
from {{ source('raw', 'pages') }}
