select
    article_id,
    extractor,
    extractor_version,
    n_mentions,
    extracted_at
from {{ source('raw', 'extraction_log') }}
