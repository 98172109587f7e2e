{#- The business clock of a schedule at given instants: business minutes of
    the schedule from the calendar's start up to each instant. The business
    minutes between two instants are the difference of their clocks.

    points: a relation or CTE name with columns point_id, point_name,
    schedule_id, point_at (UTC). Returns SQL selecting point_id, point_name,
    business_clock_minutes (no row when the schedule is unknown or the
    instant is off the calendar).

    Engine-neutral: the local date comes from the dispatched utc_to_local;
    everything else is equality joins and arithmetic. -#}
{% macro business_clock(points) %}
    select
        located.point_id,
        located.point_name,
        max(located.minutes_before_day)
        + coalesce(sum(
            case
                when located.point_at <= intervals.interval_start_at then 0
                when located.point_at >= intervals.interval_end_at
                    then intervals.interval_minutes
                else {{ seconds_between('intervals.interval_start_at', 'located.point_at') }} / 60.0
            end
        ), 0) as business_clock_minutes
    from (
        select
            dated.point_id,
            dated.point_name,
            dated.point_at,
            calendar.schedule_id,
            calendar.local_date,
            calendar.minutes_before_day
        from (
            -- the local date of each instant, as a plain column for an equality join
            select
                points.point_id,
                points.point_name,
                points.point_at,
                points.schedule_id,
                cast({{ utc_to_local('points.point_at', 'schedules.timezone') }} as date)
                    as local_date
            from {{ points }} as points
            inner join {{ ref('int_schedules_resolved') }} as schedules
                on points.schedule_id = schedules.schedule_id
        ) as dated
        inner join {{ ref('int_schedule_calendar') }} as calendar
            on dated.schedule_id = calendar.schedule_id
            and dated.local_date = calendar.local_date
    ) as located
    left join {{ ref('int_schedule_business_intervals') }} as intervals
        on located.schedule_id = intervals.schedule_id
        and located.local_date = intervals.local_date
    group by located.point_id, located.point_name
{% endmacro %}
