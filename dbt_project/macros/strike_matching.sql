{#- The fct_event_mentions rows (`alias`) that are strike events to cluster: hypothetical and
    planned strikes never are. int_strike_mentions_prepared's filter, and the clustering post-hook's. -#}
{% macro clusterable_strike(alias) -%}
    {{ alias }}.family = 'strike' and {{ alias }}.modality in ('asserted', 'claimed', 'denied')
{%- endmacro %}

{#- Whether probe `a` (a strike mention on one of the days it may match, see
    int_strike_mentions_clustered) and mention `b` can be reports of one strike: same coarse class,
    b's day is a's probe day, and within `strike_cluster_km` (or the same place when one lacks
    coordinates, or the same story when both are placeless). One definition for the clustering
    and for the incremental build's search of the events a change can touch. -#}
{% macro strike_mentions_may_match(a, b) -%}
    {{ a }}.coarse_class = {{ b }}.coarse_class
    and {{ a }}.probe_day = {{ b }}.event_day
    and {{ a }}.mention_id <> {{ b }}.mention_id
    and (
        (
            {{ a }}.latitude is not null and {{ b }}.latitude is not null
            and {{ haversine_km(a ~ '.latitude', a ~ '.longitude', b ~ '.latitude', b ~ '.longitude') }}
            <= {{ var('strike_cluster_km') }}
        )
        or (({{ a }}.latitude is null or {{ b }}.latitude is null) and {{ a }}.place_key = {{ b }}.place_key)
        or (
            {{ a }}.place_key is null and {{ b }}.place_key is null
            and {{ a }}.independent_story_id = {{ b }}.independent_story_id
        )
    )
{%- endmacro %}
