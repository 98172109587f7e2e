{#- One row per schedule and local date of the calendar: the business minutes
    of the schedule before that date (a running clock from the calendar's
    start) and on it. With int_schedule_business_intervals this gives the
    business clock at any instant by equality joins only (see the
    business_clock macro), so the cost is linear in the instants looked up,
    however long a ticket stays open. -#}
with intervals as (
    select * from {{ ref('int_schedule_business_intervals') }}
),

resolved as (
    select * from {{ ref('int_schedules_resolved') }}
),

days as (
    select * from {{ ref('int_business_calendar_days') }}
),

day_minutes as (
    select
        schedule_id,
        local_date,
        sum(interval_minutes) as business_minutes
    from intervals
    group by schedule_id, local_date
),

schedule_days as (
    select
        resolved.schedule_id,
        resolved.timezone,
        days.date_day as local_date,
        coalesce(day_minutes.business_minutes, 0) as business_minutes
    from resolved
    cross join days
    left join day_minutes
        on resolved.schedule_id = day_minutes.schedule_id
            and days.date_day = day_minutes.local_date
),

final as (
    select
        schedule_id,
        timezone,
        local_date,
        business_minutes,
        coalesce(sum(business_minutes) over (
            partition by schedule_id
            order by local_date
            rows between unbounded preceding and 1 preceding
        ), 0) as minutes_before_day
    from schedule_days
)

select * from final
