{#- One row per business interval of each schedule on each local date of the
    calendar: the weekly rows of that weekday, minus holidays, overlapping or
    touching rows merged (09:00-17:00 plus 12:00-13:00 is one 8-hour
    interval, never 9 hours), converted from the schedule's wall clock to UTC
    with the offset in force that day (DST). -#}
with schedules as (
    select * from {{ ref('stg_helpdesk__schedules') }}
),

resolved as (
    select * from {{ ref('int_schedules_resolved') }}
),

holidays as (
    select distinct
        schedule_id,
        holiday_date
    from {{ ref('stg_helpdesk__holidays') }}
),

days as (
    select * from {{ ref('int_business_calendar_days') }}
),

local_intervals as (
    select
        schedules.schedule_id,
        resolved.timezone,
        days.date_day as local_date,
        {{ date_at_time('days.date_day', 'schedules.start_time') }} as local_start,
        {{ date_at_time('days.date_day', 'schedules.end_time') }} as local_end
    from days
    inner join schedules
        on days.day_of_week = schedules.day_of_week
    inner join resolved
        on schedules.schedule_id = resolved.schedule_id
    left join holidays
        on schedules.schedule_id = holidays.schedule_id
            and days.date_day = holidays.holiday_date
    where holidays.schedule_id is null
),

ordered as (
    select
        local_intervals.*,
        max(local_end) over (
            partition by schedule_id, local_date
            order by local_start, local_end
            rows between unbounded preceding and 1 preceding
        ) as previous_end
    from local_intervals
),

islands as (
    -- a new island starts where no earlier row of the day reaches this start
    select
        ordered.*,
        sum(case when previous_end is null or local_start > previous_end then 1 else 0 end)
            over (
                partition by schedule_id, local_date
                order by local_start, local_end
                rows between unbounded preceding and current row
            ) as island_number
    from ordered
),

merged as (
    select
        schedule_id,
        timezone,
        local_date,
        min(local_start) as local_start,
        max(local_end) as local_end
    from islands
    group by schedule_id, timezone, local_date, island_number
),

final as (
    select
        schedule_id,
        timezone,
        local_date,
        {{ local_to_utc('local_start', 'timezone') }} as interval_start_at,
        {{ local_to_utc('local_end', 'timezone') }} as interval_end_at
    from merged
),

measured as (
    select
        final.*,
        {{ seconds_between('interval_start_at', 'interval_end_at') }} / 60.0
            as interval_minutes
    from final
)

-- Each interval's place in its day, so that a business clock reads one row:
-- the business minutes of the day before it, and the stretch of the day it
-- answers for (from its start, or from the day's start for the first, to
-- the next interval's start, or to the day's end for the last).
select
    measured.*,
    cast(row_number() over (
        partition by schedule_id, local_date order by interval_start_at
    ) as {{ dbt.type_bigint() }}) as interval_number,
    coalesce(sum(interval_minutes) over (
        partition by schedule_id, local_date
        order by interval_start_at
        rows between unbounded preceding and 1 preceding
    ), 0) as minutes_before_interval,
    lead(interval_start_at) over (
        partition by schedule_id, local_date order by interval_start_at
    ) as next_interval_start_at
from measured
