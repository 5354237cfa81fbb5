-- A calendar for BI tools: one row per day with the week, month and quarter to group by.
with days as (
    select cast(day_ts as date) as date_day
    from generate_series(
            cast('{{ var("dim_date_start") }}' as timestamp),
            cast('{{ var("dim_date_end") }}' as timestamp),
            interval 1 day
        ) as series (day_ts)
)

select
    date_day,
    year(date_day) as year,
    quarter(date_day) as quarter,
    month(date_day) as month,
    monthname(date_day) as month_name,
    cast(date_trunc('month', date_day) as date) as month_start,
    cast(date_trunc('week', date_day) as date) as week_start,
    weekofyear(date_day) as iso_week,
    isodow(date_day) as iso_day_of_week,
    dayname(date_day) as day_name,
    isodow(date_day) in (6, 7) as is_weekend
from days
