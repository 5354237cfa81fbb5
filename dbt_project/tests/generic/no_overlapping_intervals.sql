{#- Fails on pairs of rows of one group (e.g. one place and status) whose half-open intervals
    [from, to) overlap; a null `to_column` is open-ended. -#}
{% test no_overlapping_intervals(model, column_name, to_column, group_by) %}
with intervals as (
    select
        {{ group_by | join(', ') }},
        {{ column_name }} as interval_from,
        {{ to_column }} as interval_to,
        row_number() over () as row_key
    from {{ model }}
)

select
    a.*,
    b.interval_from as other_from,
    b.interval_to as other_to
from intervals as a
inner join intervals as b
    on
        a.row_key < b.row_key
        {%- for column in group_by %}
        and coalesce(cast(a.{{ column }} as varchar), '') = coalesce(cast(b.{{ column }} as varchar), '')
        {%- endfor %}
        and a.interval_from < coalesce(b.interval_to, date '9999-12-31')
        and b.interval_from < coalesce(a.interval_to, date '9999-12-31')
{% endtest %}
