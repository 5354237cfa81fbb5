{#- The mentions the marts count (int_mentions_latest_versions), optionally for some articles only:
    `article_ids` is a query returning article_id values, or none for every article. Each raw table
    is filtered by article before the window functions run, and every window is partitioned by
    article, so the rows of an article are the same whether it is computed alone or with all the
    others: fct_event_mentions' incremental build reads only the articles that changed.

    For each article and extractor, only the rows of the version that read the article last (an
    article a newer version read and found nothing in drops out; a failed read does not count),
    and only from articles that cleaned to status ok. -#}
{% macro mentions_latest_versions(article_ids=none) -%}
    {%- set only_these -%}
        {%- if article_ids is not none %} and article_id in ({{ article_ids }}){% endif -%}
    {%- endset -%}
with log_versions as (
    select
        article_id,
        extractor,
        extractor_version,
        extracted_at
    from {{ ref('stg_raw__extraction_log') }}
    where status = 'ok'{{ only_these }}
),

mention_versions as (
    -- versions present in raw.mentions count even when the loader wrote no log row
    select
        article_id,
        extractor,
        extractor_version,
        max(extracted_at) as extracted_at
    from {{ ref('stg_raw__mentions') }}
    where true{{ only_these }}
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
    where articles.status = 'ok'{% if article_ids is not none %} and articles.article_id in ({{ article_ids }}){% endif %}
),

article_mentions as (
    select * from {{ ref('stg_raw__mentions') }}
    where true{{ only_these }}
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
from article_mentions as mentions
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
{%- endmacro %}

{#- Articles whose rows in the built fct_event_mentions (`built`) may no longer count: raw rows
    loaded for the article after its rows were built (a re-read, a re-clean), or the article gone or
    no longer ok, or one of its mentions gone from raw.mentions. A superset of the articles whose mentions dropped out; the post-hook then drops
    exactly the rows mentions_latest_versions no longer returns for them. -#}
{% macro event_mentions_touched_articles(built) -%}
    select built.article_id from {{ built }} as built
    left join {{ ref('stg_raw__articles') }} as articles
        on built.article_id = articles.article_id and articles.status = 'ok'
    where articles.article_id is null or articles.cleaned_at > built.article_changed_at
    union
    select built.article_id from {{ built }} as built
    inner join {{ ref('stg_raw__mentions') }} as raw_mentions
        on built.article_id = raw_mentions.article_id and raw_mentions.extracted_at > built.article_changed_at
    union
    select built.article_id from {{ built }} as built
    inner join {{ ref('stg_raw__extraction_log') }} as raw_log
        on built.article_id = raw_log.article_id and raw_log.extracted_at > built.article_changed_at
    union
    select built.article_id from {{ built }} as built
    where not exists (
        select 1 from {{ ref('stg_raw__mentions') }} as raw_mentions
        where raw_mentions.mention_id = built.mention_id
    )
{%- endmacro %}
