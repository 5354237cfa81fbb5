-- The actors behind car bombs in 2016, under all their names (with the days each name was used),
-- whichever name the reports used.
with car_bomb_actors as (
    select
        mentions.actor_id,
        count(distinct members.strike_id) as n_car_bombs,
        string_agg(distinct mentions.actor_name, '; ' order by mentions.actor_name) as names_in_reports
    from {{ ref('fct_strikes') }} as strikes
    inner join {{ ref('fct_strike_mentions') }} as members
        on strikes.strike_id = members.strike_id
    inner join {{ ref('fct_event_mentions') }} as mentions
        on members.mention_id = mentions.mention_id
    where
        strikes.event_type = 'car_bomb'
        and year(strikes.event_date) = 2016
        and mentions.actor_id is not null
    group by mentions.actor_id
)

select
    actors.actor_id,
    actors.canonical_name,
    actors.side,
    car_bomb_actors.n_car_bombs,
    car_bomb_actors.names_in_reports,
    string_agg(
        names.name
        || case
            when names.valid_from is null and names.valid_to is null then ''
            else ' (' || coalesce(cast(names.valid_from as varchar), '') || ' to '
                || coalesce(cast(names.valid_to as varchar), '') || ')'
        end,
        '; ' order by names.valid_from nulls first, names.name
    ) as all_names
from car_bomb_actors
inner join {{ ref('dim_actor') }} as actors
    on car_bomb_actors.actor_id = actors.actor_id
inner join {{ ref('dim_actor_name') }} as names
    on actors.actor_id = names.actor_id
group by
    actors.actor_id, actors.canonical_name, actors.side, car_bomb_actors.n_car_bombs,
    car_bomb_actors.names_in_reports
order by car_bomb_actors.n_car_bombs desc, actors.canonical_name asc
