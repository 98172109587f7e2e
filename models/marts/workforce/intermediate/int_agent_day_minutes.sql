{#- One row per agent, UTC day and measure: minutes of each status
    (status_<status>), of each scheduled activity (scheduled_<activity>), and
    of adherence (status matching the schedule: work <-> available, handling
    or after-call work; break, meeting and training <-> the same status).
    Intervals crossing midnight are split at the day boundary. The schedule is
    int_agent_schedule_segments, so a break nested in a work block counts
    once, as break. -#}
with status_intervals as (
    select * from {{ ref('fact_agent_status_interval') }}
),

schedule as (
    -- the schedule on one timeline: overlapping blocks resolved
    select * from {{ ref('int_agent_schedule_segments') }}
),

days as (
    select
        date_day,
        cast(date_day as {{ dbt.type_timestamp() }}) as day_start_at,
        {{ dbt.dateadd('day', 1, 'cast(date_day as ' ~ dbt.type_timestamp() ~ ')') }}
            as day_end_at
    from {{ ref('int_calendar_days') }}
),

adherent_spans as (
    -- time in which the agent's status matched the scheduled activity
    select
        schedule.agent_id,
        {{ later_of('status_intervals.started_at', 'schedule.scheduled_start') }}
            as span_start_at,
        {{ earlier_of('status_intervals.ended_at', 'schedule.scheduled_end') }}
            as span_end_at
    from schedule
    inner join status_intervals
        on schedule.agent_id = status_intervals.agent_id
            and schedule.scheduled_end > status_intervals.started_at
            and schedule.scheduled_start < status_intervals.ended_at
    where (schedule.activity = 'work' and status_intervals.is_staffed)
        or schedule.activity = status_intervals.status
),

spans as (
    select
        agent_id,
        'status_' || status as measure,
        started_at as span_start_at,
        ended_at as span_end_at
    from status_intervals
    union all
    select
        agent_id,
        'scheduled_' || activity as measure,
        scheduled_start as span_start_at,
        scheduled_end as span_end_at
    from schedule
    union all
    select
        agent_id,
        'adherent' as measure,
        span_start_at,
        span_end_at
    from adherent_spans
),

final as (
    select
        spans.agent_id,
        days.date_day,
        spans.measure,
        sum({{ overlap_seconds('spans.span_start_at', 'spans.span_end_at',
            'days.day_start_at', 'days.day_end_at') }}) / 60.0 as minutes
    from spans
    inner join days
        on spans.span_start_at < days.day_end_at
            and spans.span_end_at > days.day_start_at
    group by spans.agent_id, days.date_day, spans.measure
)

select * from final
