-- The mentions the marts count: for each article and extractor, only the rows of the version
-- that read the article last (an article a newer version read and found nothing in drops out;
-- a failed read does not count), and only from articles that cleaned to status ok.
-- The logic is the mentions_latest_versions macro, so fct_event_mentions' incremental build can
-- compute it for the changed articles alone.
{{ mentions_latest_versions() }}
