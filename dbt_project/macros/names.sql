{#- A name folded for matching: lower case, accents and a leading Arabic article dropped, so
    "al-Ramousah", "Ramousah" and "RAMOUSAH" compare equal. -#}
{% macro normalize_name(expr) -%}
    nullif(regexp_replace(
        regexp_replace(lower(strip_accents(trim({{ expr }}))), '^(al|el|ad|ar|as|ash|at|az)[- ]', ''),
        '[^a-z0-9]+', ' ', 'g'
    ), '')
{%- endmacro %}

{#- The key a place is tracked by: the gazetteer id when the extractor resolved one, else its
    folded name (so unresolved places still form spells and clusters). -#}
{% macro place_key(place_id, place_name) -%}
    coalesce({{ place_id }}, 'name:' || {{ normalize_name(place_name) }})
{%- endmacro %}
