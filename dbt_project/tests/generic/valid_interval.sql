{#- Fails on rows whose interval ends before it starts (`to_column` null means open-ended). -#}
{% test valid_interval(model, column_name, to_column) %}
select *
from {{ model }}
where
    {{ to_column }} is not null
    and {{ column_name }} is not null
    and {{ to_column }} < {{ column_name }}
{% endtest %}
