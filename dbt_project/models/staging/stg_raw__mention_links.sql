select
    mention_id,
    other_mention_id,
    relation,
    extractor,
    extractor_version,
    evidence
from {{ source('raw', 'mention_links') }}
