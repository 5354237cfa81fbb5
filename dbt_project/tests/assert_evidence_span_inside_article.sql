-- Every evidence sentence is exactly the article's text at its offsets (Python's
-- text[sentence_start:sentence_end]), and the trigger span lies inside the sentence.
select
    mentions.mention_id,
    mentions.article_id,
    mentions.sentence,
    mentions.sentence_start,
    mentions.sentence_end,
    mentions.span_start,
    mentions.span_end
from {{ ref('fct_event_mentions') }} as mentions
inner join {{ ref('stg_raw__articles') }} as articles
    on mentions.article_id = articles.article_id
where
    coalesce(substr(
        articles.article_text,
        mentions.sentence_start + 1,
        mentions.sentence_end - mentions.sentence_start
    ), '') <> mentions.sentence
    or mentions.span_start < mentions.sentence_start
    or mentions.span_end > mentions.sentence_end
    or mentions.span_end < mentions.span_start
