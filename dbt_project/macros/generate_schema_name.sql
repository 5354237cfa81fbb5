{#- A model's `+schema` is its final schema name (`marts`, not `main_marts`): BI tools and the
    evaluation read `marts.fct_event_mentions` by that exact name. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
