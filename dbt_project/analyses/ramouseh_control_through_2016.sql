-- Who held Ramouseh at each turn of the 2016 campaign (any spelling of the name finds the place;
-- no row for a day before any report of who held it).
{% set days = [
    ('Ramouseh', '2016-07-01'),
    ('al-Ramousah', '2016-08-01'),
    ('Ramussa', '2016-08-06'),
    ('Ramouseh', '2016-08-10'),
    ('RAMOUSEH', '2016-12-01'),
] %}
{% for place, day in days %}
    select
        '{{ place }}' as asked_name,
        cast('{{ day }}' as date) as asked_day,
        held.controller_side,
        held.controller_name,
        held.valid_from,
        held.valid_to
    from ({{ who_held(place, day) }}) as held
    {% if not loop.last %}union all{% endif %}
{% endfor %}
order by asked_day
