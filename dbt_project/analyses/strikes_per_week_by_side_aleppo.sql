-- Strike events per week by attacker side in Aleppo governorate (a strike reported by many
-- outlets counts once; n_reports shows how widely each week was reported).
select
    dates.week_start,
    strikes.actor_side,
    count(*) as n_strikes,
    sum(strikes.n_independent_sources) as n_reports,
    sum(coalesce(strikes.fatalities_low, 0)) as fatalities_low
from {{ ref('fct_strikes') }} as strikes
inner join {{ ref('dim_date') }} as dates
    on strikes.event_date = dates.date_day
where strikes.governorate = 'Aleppo'
group by dates.week_start, strikes.actor_side
order by dates.week_start, strikes.actor_side
