-- One row per outlet (web domain): what it is called and how much we hold from it.
with articles as (
    select * from {{ ref('stg_raw__articles') }}
)

select
    source_domain,
    mode(outlet) as outlet,
    count(*) as n_articles,
    count(*) filter (where status = 'ok') as n_ok_articles,
    count(*) filter (where duplicate_of_article_id is not null) as n_wire_copies,
    min(published_date) as first_published_date,
    max(published_date) as last_published_date
from articles
where source_domain is not null
group by source_domain
