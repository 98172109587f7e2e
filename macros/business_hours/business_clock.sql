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
        {{ business_clock_reading('located', 'located.point_at', 'intervals') }}
            as business_clock_minutes
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
    {{ business_clock_interval_join('intervals', 'located', 'located.point_at') }}
{% endmacro %}

{#- The business clock at several instants of each row, one column each, in
    one row per point (no pivot of readings): `points` has point_id,
    schedule_id and a column per name in `instants` (UTC timestamps). Returns
    SQL selecting point_id and <instant>_business_clock per instant (null
    when the schedule is unknown, the instant null or off the calendar).
    Each instant finds its day and interval by equality joins, as
    business_clock does. -#}
{% macro business_clocks(points, instants) %}
    select
        dated.point_id,
        {%- for instant in instants %}
            case when {{ instant }}_day.local_date is not null then
                {{ business_clock_reading(instant ~ '_day', 'dated.' ~ instant, instant ~ '_interval') }}
            end as {{ instant }}_business_clock{{ ',' if not loop.last }}
        {%- endfor %}
    from (
        select
            points.point_id,
            points.schedule_id,
            {%- for instant in instants %}
                points.{{ instant }},
                cast({{ utc_to_local('points.' ~ instant, 'schedules.timezone') }} as date)
                    as {{ instant }}_local_date{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ points }} as points
        left join {{ ref('int_schedules_resolved') }} as schedules
            on points.schedule_id = schedules.schedule_id
    ) as dated
    {%- for instant in instants %}
        left join {{ ref('int_schedule_calendar') }} as {{ instant }}_day
            on dated.schedule_id = {{ instant }}_day.schedule_id
            and dated.{{ instant }}_local_date = {{ instant }}_day.local_date
        {{ business_clock_interval_join(instant ~ '_interval', instant ~ '_day', 'dated.' ~ instant) }}
    {%- endfor %}
{% endmacro %}

{#- The one business interval of its local day an instant reads the clock
    from: a left join of int_schedule_business_intervals as `alias` on
    `located` (columns schedule_id, local_date) and the instant. Each
    interval answers for the stretch of its day from its start (the first:
    from the day's start) to the next interval's start (the last: to the
    day's end), so an instant matches exactly one interval, or none on a day
    without business hours: no aggregate over the day's intervals. -#}
{% macro business_clock_interval_join(alias, located, instant) %}
    left join {{ ref('int_schedule_business_intervals') }} as {{ alias }}
        on {{ located }}.schedule_id = {{ alias }}.schedule_id
        and {{ located }}.local_date = {{ alias }}.local_date
        and ({{ alias }}.interval_number = 1 or {{ instant }} >= {{ alias }}.interval_start_at)
        and (
            {{ alias }}.next_interval_start_at is null
            or {{ instant }} < {{ alias }}.next_interval_start_at
        )
{% endmacro %}

{#- The business clock at an instant: the business minutes before its local
    day (`located`.minutes_before_day), before its interval, and of its
    interval up to the instant (`intervals`: the row business_clock_interval_join
    matched; none on a day without business hours). -#}
{% macro business_clock_reading(located, instant, intervals) %}
    {{ located }}.minutes_before_day + coalesce(
        {{ intervals }}.minutes_before_interval + case
            when {{ instant }} <= {{ intervals }}.interval_start_at then 0
            when {{ instant }} >= {{ intervals }}.interval_end_at
                then {{ intervals }}.interval_minutes
            else {{ seconds_between(intervals ~ '.interval_start_at', instant) }} / 60.0
        end,
        0
    )
{% endmacro %}

{#- The inverse of business_clock: the instant at which the business clock
    of a schedule reads a given value (business minutes from the calendar's
    start). When the value is reached exactly at the end of a business
    interval, that end (not the next interval's start).

    points: a relation or CTE name with columns point_id, point_name,
    schedule_id, clock_minutes. Returns SQL selecting point_id, point_name,
    instant_at (no row when the value is beyond the calendar).

    Engine-neutral and linear: the day is found by an equality join on a
    bucket of the clock (bucket_minutes wide; a day spans at most
    ceil(1440 / bucket_minutes) + 1 buckets), then a range test within the
    few candidate days and the day's few intervals. -#}
{% macro business_clock_instant(points, bucket_minutes=480) %}
    {%- set buckets_per_day = (1440 / bucket_minutes) | round(0, 'ceil') | int + 1 %}
    select
        located.point_id,
        located.point_name,
        {{ add_minutes('intervals.interval_start_at',
            'located.minutes_into_day - intervals.minutes_before_interval') }} as instant_at
    from (
        select
            points.point_id,
            points.point_name,
            points.schedule_id,
            days.local_date,
            points.clock_minutes - days.minutes_before_day as minutes_into_day
        from {{ points }} as points
        inner join (
            -- each day with business time under every bucket it overlaps
            select
                calendar.schedule_id,
                calendar.local_date,
                calendar.minutes_before_day,
                calendar.business_minutes,
                cast(floor(calendar.minutes_before_day / {{ bucket_minutes }}) as {{ dbt.type_bigint() }})
                + offsets.bucket_offset as clock_bucket
            from {{ ref('int_schedule_calendar') }} as calendar
            cross join (
                {%- for offset in range(buckets_per_day) %}
                {% if not loop.first %}union all {% endif %}select {{ offset }} as bucket_offset
                {%- endfor %}
            ) as offsets
            where calendar.business_minutes > 0
                and cast(floor(calendar.minutes_before_day / {{ bucket_minutes }}) as {{ dbt.type_bigint() }})
                + offsets.bucket_offset
                <= floor((calendar.minutes_before_day + calendar.business_minutes) / {{ bucket_minutes }})
        ) as days
            on points.schedule_id = days.schedule_id
            and cast(floor(points.clock_minutes / {{ bucket_minutes }}) as {{ dbt.type_bigint() }})
            = days.clock_bucket
        where points.clock_minutes > days.minutes_before_day
            and points.clock_minutes <= days.minutes_before_day + days.business_minutes
    ) as located
    inner join {{ ref('int_schedule_business_intervals') }} as intervals
        on located.schedule_id = intervals.schedule_id
        and located.local_date = intervals.local_date
    where located.minutes_into_day > intervals.minutes_before_interval
        and located.minutes_into_day
        <= intervals.minutes_before_interval + intervals.interval_minutes
{% endmacro %}
