{#- True on an incremental run whose built table already carries `column_name` (the fingerprint an
    incremental build compares against). A table built before the column existed is computed in
    full once (delete+insert replaces every key), so upgrading never needs a --full-refresh.
    Unit tests compile with no `this`: they test the full computation. -#}
{% macro is_incremental_on(column_name) -%}
    {%- if this is none or not is_incremental() -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set built_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {{ return(column_name | lower in built_columns) }}
{%- endmacro %}
