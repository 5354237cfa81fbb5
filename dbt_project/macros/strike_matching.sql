{#- The fct_event_mentions rows (`alias`) that are strike events to cluster: hypothetical and
    planned strikes never are. int_strike_mentions_prepared's filter, and the clustering post-hook's. -#}
{% macro clusterable_strike(alias) -%}
    {{ alias }}.family = 'strike' and {{ alias }}.modality in ('asserted', 'claimed', 'denied')
{%- endmacro %}

{#- The story a placeless report is matched by (`story_key`): reports with a place never match by
    story, so it is null for them and two reports at one place share a position whatever their
    story. A report with neither place nor story matches nothing, so it is a position of its own. -#}
{% macro strike_story_key(alias) -%}
    case
        when {{ alias }}.place_key is null
            then coalesce({{ alias }}.independent_story_id, 'mention:' || {{ alias }}.mention_id)
    end
{%- endmacro %}

{#- Whether probe `a` (a strike position on one of the days it may match, see
    int_strike_mentions_clustered) and position `b` can be reports of one strike: same coarse class,
    b's day is a's probe day, and within `strike_cluster_km` (or the same place when one lacks
    coordinates, or the same story when both are placeless). A position matches itself. One
    definition for the clustering and for the incremental build's search of the events a change
    can touch. -#}
{% macro strike_positions_may_match(a, b) -%}
    {{ a }}.coarse_class = {{ b }}.coarse_class
    and {{ a }}.probe_day = {{ b }}.event_day
    and (
        (
            {{ a }}.latitude is not null and {{ b }}.latitude is not null
            and {{ haversine_km(a ~ '.latitude', a ~ '.longitude', b ~ '.latitude', b ~ '.longitude') }}
            <= {{ var('strike_cluster_km') }}
        )
        or (({{ a }}.latitude is null or {{ b }}.latitude is null) and {{ a }}.place_key = {{ b }}.place_key)
        or (
            {{ a }}.place_key is null and {{ b }}.place_key is null
            and {{ a }}.story_key = {{ b }}.story_key
        )
    )
{%- endmacro %}

{#- The order in which a report's candidate matches are preferred: nearest, then fewest days
    apart, then the smallest id (so the choice never depends on row order). For arg_min. -#}
{% macro closest_first(distance_km, day_gap, n) -%}
    {
        'distance_km': coalesce({{ distance_km }}, 'infinity'),
        'day_gap': {{ day_gap }},
        'n': {{ n }}
    }
{%- endmacro %}
