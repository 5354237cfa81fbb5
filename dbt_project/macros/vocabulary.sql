{#- The contract's vocabularies (../shared/eval/README.md and extract/models.py), in one place
    for the accepted_values tests and the models that branch on them. -#}
{% macro sides() -%}
    {{ return(['pro_government', 'opposition', 'jihadist', 'isis', 'kurdish', 'us_coalition',
               'turkey', 'israel', 'civilian', 'unknown']) }}
{%- endmacro %}

{% macro combatant_sides() -%}
    {{ return(['pro_government', 'opposition', 'jihadist', 'isis', 'kurdish', 'us_coalition',
               'turkey', 'israel']) }}
{%- endmacro %}

{% macro families() -%}
    {{ return(['strike', 'control', 'corridor']) }}
{%- endmacro %}

{% macro event_types() -%}
    {{ return(['air_strike', 'drone_strike', 'missile_strike', 'shelling', 'car_bomb',
               'suicide_bombing', 'ied', 'ground_assault', 'armed_clash',
               'held', 'captured', 'withdrawn', 'besieged', 'supply_route_cut', 'contested',
               'announced', 'opened', 'used', 'closed', 'blocked']) }}
{%- endmacro %}

{% macro modalities() -%}
    {{ return(['asserted', 'claimed', 'denied', 'hypothetical', 'planned']) }}
{%- endmacro %}
