{#- ACLED's actor-type codes (inter1/inter2, the classic numeric scheme): 1 state forces,
    2 rebel groups, 3 political militias, 4 identity militias, 5 rioters, 6 protesters,
    7 civilians, 8 external/other forces. A pro-government actor from another country
    (Russia, Iran, Hezbollah's Lebanon) is external. -#}
{% macro acled_inter(side, country) -%}
    case
        when {{ side }} = 'pro_government' and coalesce({{ country }}, 'SY') not in ('SY', 'Syria') then 8
        when {{ side }} = 'pro_government' then 1
        when {{ side }} in ('opposition', 'jihadist', 'isis', 'kurdish') then 2
        when {{ side }} in ('us_coalition', 'turkey', 'israel') then 8
        when {{ side }} = 'civilian' then 7
    end
{%- endmacro %}

{#- ACLED geo_precision: 1 the exact town or neighbourhood, 2 near it or part of a district,
    3 only a province or larger area is known. -#}
{% macro acled_geo_precision(place_precision) -%}
    case
        when {{ place_precision }} in ('neighbourhood', 'village', 'town', 'city', 'site', 'road') then 1
        when {{ place_precision }} in ('district', 'region') then 2
        else 3
    end
{%- endmacro %}

{#- ACLED time_precision: 1 the day is known, 2 the week, 3 only the month. -#}
{% macro acled_time_precision(date_precision) -%}
    case
        when {{ date_precision }} is null or {{ date_precision }} = 'day' then 1
        when {{ date_precision }} in ('week', 'interval') then 2
        else 3
    end
{%- endmacro %}
