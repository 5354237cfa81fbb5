-- The mentions the marts count: for each article and extractor, only the rows of the version
-- that read the article last (an article a newer version read and found nothing in drops out;
-- a failed read does not count),
-- and only from articles that cleaned to status ok.
with log_versions as (
    select
        article_id,
        extractor,
        extractor_version,
        extracted_at
    from {{ ref('stg_raw__extraction_log') }}
    where status = 'ok'
),

mention_versions as (
    -- versions present in raw.mentions count even when the loader wrote no log row
    select
        article_id,
        extractor,
        extractor_version,
        max(extracted_at) as extracted_at
    from {{ ref('stg_raw__mentions') }}
    group by article_id, extractor, extractor_version
),

latest_versions as (
    select
        article_id,
        extractor,
        extractor_version,
        extracted_at as version_extracted_at
    from (
        select * from log_versions
        union all
        select * from mention_versions
    ) as all_versions
    qualify row_number() over (
            partition by article_id, extractor
            order by extracted_at desc, extractor_version desc
        ) = 1
),

ok_articles as (
    select
        articles.*,
        pages.ingest_date
    from {{ ref('stg_raw__articles') }} as articles
    left join {{ ref('stg_raw__pages') }} as pages
        on articles.page_id = pages.page_id
    where articles.status = 'ok'
),

extractor_links as (
    -- the extractor's own dispute links (same version): the disputed mention is other_mention_id
    select distinct
        other_mention_id as mention_id,
        extractor_version
    from {{ ref('stg_raw__mention_links') }}
    where relation = 'disputes'
)

select
    mentions.*,
    ok_articles.article_url,
    ok_articles.source_domain,
    ok_articles.outlet,
    ok_articles.title as article_title,
    ok_articles.published_date,
    coalesce(ok_articles.ingest_date, cast(ok_articles.cleaned_at as date)) as ingest_date,
    ok_articles.independent_story_id,
    ok_articles.duplicate_of_article_id is not null as is_wire_copy,
    mentions.disputed or extractor_links.mention_id is not null as is_disputed,
    greatest(
        ok_articles.cleaned_at,
        max(latest_versions.version_extracted_at) over (partition by mentions.article_id)
    ) as article_changed_at
from {{ ref('stg_raw__mentions') }} as mentions
inner join latest_versions
    on
        mentions.article_id = latest_versions.article_id
        and mentions.extractor = latest_versions.extractor
        and mentions.extractor_version = latest_versions.extractor_version
inner join ok_articles
    on mentions.article_id = ok_articles.article_id
left join extractor_links
    on
        mentions.mention_id = extractor_links.mention_id
        and mentions.extractor_version = extractor_links.extractor_version
