with articles as (
    select * from {{ source('raw', 'articles') }}
)

select
    article_id,
    page_id,
    url as article_url,
    status,
    reason,
    title,
    author,
    sitename as outlet,
    lower(regexp_replace(
        coalesce(nullif(hostname, ''), regexp_extract(url, '^[a-zA-Z]+://([^/:?#]+)', 1)),
        '^www\.', ''
    )) as source_domain,
    published_date,
    language,
    fingerprint,
    duplicate_of as duplicate_of_article_id,
    coalesce(duplicate_of, article_id) as independent_story_id,
    text as article_text,
    text_chars,
    cleaner_version,
    cleaned_at,
    content_hash
from articles
