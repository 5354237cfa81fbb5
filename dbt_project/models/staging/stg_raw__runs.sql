select
    run_id,
    started_at,
    finished_at,
    status,
    pages_new,
    articles_new,
    mentions_new,
    detail
from {{ source('raw', 'runs') }}
