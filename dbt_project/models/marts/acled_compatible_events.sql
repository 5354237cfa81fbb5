{{ config(materialized='view') }}
-- Our events under ACLED's column names and event types, so users can union them with ACLED
-- data they hold: one row per strike event, and one per change of hands (a control spell
-- opened by a capture or a withdrawal). Types come from ref.event_types' ACLED mapping; a
-- capture by pro-government forces is ACLED's "Government regains territory".
with strikes as (
    select * from {{ ref('fct_strikes') }}
),

spells as (
    select
        *,
        lag(controller_name) over (partition by place_key order by valid_from) as previous_controller,
        lag(controller_side) over (partition by place_key order by valid_from) as previous_side
    from {{ ref('fct_territorial_control') }}
    where status = 'held'
),

actors as (
    select * from {{ ref('dim_actor') }}
),

event_types as (
    select * from {{ ref('stg_ref__event_types') }}
),

mentions as (
    select * from {{ ref('fct_event_mentions') }}
),

strike_rows as (
    select
        strikes.strike_id as event_id_cnty,
        strikes.event_date,
        year(strikes.event_date) as year,
        {{ acled_time_precision('strikes.date_precision') }} as time_precision,
        event_types.acled_event_type as event_type,
        event_types.acled_sub_event_type as sub_event_type,
        coalesce(attackers.canonical_name, strikes.actor_name) as actor1,
        nullif(array_to_string(list_filter(
            string_split(strikes.actor_names, '; '),
            x -> x <> coalesce(attackers.canonical_name, strikes.actor_name)
        ), '; '), '') as assoc_actor_1,
        {{ acled_inter('strikes.actor_side', 'attackers.country') }} as inter1,
        strikes.target_name as actor2,
        {{ acled_inter('strikes.target_side', 'null') }} as inter2,
        strikes.country_code as country,
        strikes.governorate as admin1,
        strikes.place_name as location,
        strikes.latitude,
        strikes.longitude,
        {{ acled_geo_precision('strikes.place_precision') }} as geo_precision,
        strikes.source_domains as source,
        strikes.best_sentence as notes,
        coalesce(strikes.fatalities_low, 0) as fatalities
    from strikes
    left join actors as attackers on strikes.actor_id = attackers.actor_id
    left join event_types on strikes.event_type = event_types.event_type
),

control_rows as (
    select
        spells.spell_id as event_id_cnty,
        spells.valid_from as event_date,
        year(spells.valid_from) as year,
        {{ acled_time_precision('opening.date_precision') }} as time_precision,
        event_types.acled_event_type as event_type,
        case
            when spells.opened_by_event_type = 'captured' and spells.controller_side = 'pro_government'
                then 'Government regains territory'
            else event_types.acled_sub_event_type
        end as sub_event_type,
        coalesce(holders.canonical_name, spells.controller_name) as actor1,
        cast(null as varchar) as assoc_actor_1,
        {{ acled_inter('spells.controller_side', 'holders.country') }} as inter1,
        spells.previous_controller as actor2,
        {{ acled_inter('spells.previous_side', 'null') }} as inter2,
        spells.country_code as country,
        spells.governorate as admin1,
        spells.place_name as location,
        coalesce(spells.latitude, opening.latitude) as latitude,
        coalesce(spells.longitude, opening.longitude) as longitude,
        {{ acled_geo_precision('opening.place_precision') }} as geo_precision,
        opening.source_domain as source,
        opening.sentence as notes,
        coalesce(opening.fatalities_low, 0) as fatalities
    from spells
    inner join mentions as opening on spells.opened_by_mention_id = opening.mention_id
    left join actors as holders on spells.controller_actor_id = holders.actor_id
    left join event_types on spells.opened_by_event_type = event_types.event_type
    where spells.opened_by_event_type in ('captured', 'withdrawn')
)

select
    event_id_cnty,
    event_date,
    year,
    time_precision,
    event_type,
    sub_event_type,
    actor1,
    assoc_actor_1,
    inter1,
    actor2,
    inter2,
    country,
    admin1,
    location,
    latitude,
    longitude,
    geo_precision,
    source,
    notes,
    fatalities
from strike_rows
union all
select
    event_id_cnty,
    event_date,
    year,
    time_precision,
    event_type,
    sub_event_type,
    actor1,
    assoc_actor_1,
    inter1,
    actor2,
    inter2,
    country,
    admin1,
    location,
    latitude,
    longitude,
    geo_precision,
    source,
    notes,
    fatalities
from control_rows
