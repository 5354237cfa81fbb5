{#- "Who held X on day D": the control spells of a place (matched on any of its names, folded)
    in force on a day. Use in an analysis or a dbt-compiled query:
        {{ who_held('Ramouseh', '2016-08-10') }}
    `status` picks another track (besieged, supply_route_cut, contested). -#}
{% macro who_held(place_name, on_date, status='held') -%}
    select
        spells.place_name,
        spells.status,
        spells.controller_side,
        spells.controller_name,
        spells.valid_from,
        spells.valid_to,
        spells.basis,
        spells.has_conflict,
        spells.supporting_mention_ids
    from {{ ref('fct_territorial_control') }} as spells
    left join {{ ref('dim_place') }} as places
        on spells.place_id = places.place_id
    where
        spells.status = '{{ status }}'
        and spells.valid_from <= cast('{{ on_date }}' as date)
        and (spells.valid_to is null or spells.valid_to > cast('{{ on_date }}' as date))
        and (
            list_contains(places.name_keys, {{ normalize_name("'" ~ place_name ~ "'") }})
            or {{ normalize_name('spells.place_name') }} = {{ normalize_name("'" ~ place_name ~ "'") }}
        )
{%- endmacro %}
