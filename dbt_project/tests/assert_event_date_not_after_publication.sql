-- An event cannot happen after the article reporting it was published: a date after it is a
-- date resolved wrongly ("on Friday" read forward instead of back).
select
    mention_id,
    article_url,
    event_date,
    published_date,
    date_raw,
    sentence
from {{ ref('fct_event_mentions') }}
where
    event_date > published_date
    and modality not in ('planned', 'hypothetical')
