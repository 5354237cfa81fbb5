select
    article_id,
    extractor,
    extractor_version,
    n_mentions,
    extracted_at,
    status,
    error
from {{ source('raw', 'extraction_log') }}
