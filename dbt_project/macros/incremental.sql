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

{#- The rows of `fingerprints` (a CTE with a `key` column and a `fingerprint` column) an incremental
    build must (re)write: on an incremental run, those whose key has no built row with the same
    fingerprint (new, or changed since its rows were written); otherwise all of them. `compare` is
    the model's is_incremental_on(fingerprint), passed in so a unit test can override it on the model. -#}
{% macro changed_since_built(fingerprints, key, fingerprint, compare) -%}
    select * from {{ fingerprints }}
    {%- if compare %}
    where not exists (
            select 1 from {{ this }} as built
            where
                built.{{ key }} = {{ fingerprints }}.{{ key }}
                and built.{{ fingerprint }} = {{ fingerprints }}.{{ fingerprint }}
        )
    {%- endif %}
{%- endmacro %}
