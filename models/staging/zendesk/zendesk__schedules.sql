{{ config(enabled=is_helpdesk_source('zendesk')) }}
{#- The schedules table of SPEC section 1 from Zendesk's schedules
    (docs/connectors.md): Zendesk keeps each business-hours interval in
    minutes from Sunday 00:00, local time; an interval is cut at each local
    midnight into one row per day (day_of_week 0 = Monday), its times as
    HH:MM:SS (an interval to midnight ends at 24:00:00). The time zone's
    Rails name ("Pacific Time (US & Canada)") becomes its IANA name through
    seeds/connectors/zendesk_time_zones.csv; a name missing there is kept,
    and the helpdesk base model rejects the row as an unknown time zone.
    The default schedule is Zendesk's first (the earliest created). -#}
{%- set row_order = 'day_pieces.schedule_id, day_pieces.zendesk_day, day_pieces.start_minute' -%}
with schedules as (
    -- a schedule deleted in Zendesk is gone (and not the default)
    select * from {{ ref('base_zendesk__schedule') }}
    where not is_deleted
),

time_zones as (
    select * from {{ ref('zendesk_time_zones') }}
),

week_days as (
    -- Zendesk's days: 0 = Sunday .. 6 = Saturday
    {%- for day in range(7) %}
        select {{ day }} as zendesk_day
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

default_schedule as (
    select min(schedule_id) as schedule_id
    from (
        select
            schedule_id,
            row_number() over (
                order by {{ parse_timestamp_utc('created_at') }}, schedule_id
            ) as schedule_number
        from schedules
    ) as ranked
    where schedule_number = 1
),

day_pieces as (
    -- the part of each interval inside each day it touches, in minutes from
    -- that day's midnight
    select
        schedules.schedule_id,
        schedules.time_zone,
        week_days.zendesk_day,
        greatest(schedules.start_minute, week_days.zendesk_day * 1440)
        - week_days.zendesk_day * 1440 as start_minute,
        least(schedules.end_minute, (week_days.zendesk_day + 1) * 1440)
        - week_days.zendesk_day * 1440 as end_minute
    from schedules
    inner join week_days
        on schedules.start_minute < (week_days.zendesk_day + 1) * 1440
            and schedules.end_minute > week_days.zendesk_day * 1440
),

final as (
    select
        day_pieces.schedule_id,
        coalesce(
            time_zones.iana_time_zone,
            -- not in the seed: dbt-spark cannot load a seed value with an apostrophe
            case when day_pieces.time_zone = 'Nuku''alofa' then 'Pacific/Tongatapu' end,
            day_pieces.time_zone
        ) as timezone,
        cast(mod(day_pieces.zendesk_day + 6, 7) as {{ dbt.type_string() }}) as day_of_week,
        {{ minute_of_day_text('day_pieces.start_minute') }} as start_time,
        {{ minute_of_day_text('day_pieces.end_minute') }} as end_time,
        case when day_pieces.schedule_id = default_schedule.schedule_id then 'true' else 'false' end
            as is_default,
        -- the raw layer's bookkeeping (a mapped row has no file line)
        {{ connector_raw_bookkeeping(row_order) }}
    from day_pieces
    left join time_zones
        on day_pieces.time_zone = time_zones.zendesk_time_zone
    cross join default_schedule
)

select * from final
