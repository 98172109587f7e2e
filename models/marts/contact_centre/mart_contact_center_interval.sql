{#- One row per contact-centre interval (var interval_minutes, UTC) from the
    first to the last call: inbound calls offered (by queued_at), answered,
    abandoned, service level, ASA, longest wait, hold, after-call work and
    handle time, outbound calls, and the agents staffed in the interval
    (available, handling or after-call work time / interval length), the
    input of the staffing model. is_period_complete: the interval has ended
    at as_of (interval_start_at + var interval_minutes <= as_of). -#}
{%- set interval_seconds = (var('interval_minutes') | int) * 60 -%}
{%- set interval = var('interval_minutes') | int -%}
with call_facts as (
    select * from {{ ref('fact_call') }}
),

calls as (
    -- each call's interval, for an equality join to the grid
    select
        call_facts.*,
        {{ dbt.dateadd(
            'minute',
            'floor(' ~ dbt.datediff('cast(cast(queued_at as date) as ' ~ dbt.type_timestamp() ~ ')',
                'queued_at', 'minute') ~ ' / ' ~ interval ~ ') * ' ~ interval,
            'cast(cast(queued_at as date) as ' ~ dbt.type_timestamp() ~ ')') }} as call_interval_start_at
    from call_facts
),

status_intervals as (
    select * from {{ ref('fact_agent_status_interval') }}
    where is_staffed
),

spine as (
    select * from {{ ref('int_interval_spine') }}
),

as_of as (
    select as_of_at from {{ ref('int_as_of') }}
),

call_range as (
    select
        min(queued_at) as first_call_at,
        max(queued_at) as last_call_at
    from call_facts
),

grid_origin as (
    select cast(cast(min(queued_at) as date) as {{ dbt.type_timestamp() }}) as origin_at
    from call_facts
),

grid as (
    select spine.*
    from spine
    cross join call_range
    where spine.interval_end_at > call_range.first_call_at
        and spine.interval_start_at <= call_range.last_call_at
),

call_intervals as (
    select
        grid.interval_start_at,
        count(case when calls.is_inbound then 1 end) as calls_offered,
        count(case when calls.is_inbound and calls.is_answered then 1 end) as calls_answered,
        count(case when calls.is_abandoned then 1 end) as calls_abandoned,
        count(case when calls.is_short_abandon then 1 end) as short_abandons,
        count(case when calls.is_answered_within_service_level then 1 end)
            as answered_within_service_level,
        avg(case when calls.is_inbound and calls.is_answered then calls.queue_wait_seconds end)
            as asa_seconds,
        max(calls.queue_wait_seconds) as longest_queue_wait_seconds,
        avg(case when calls.is_inbound and calls.is_answered then calls.hold_seconds end)
            as avg_hold_seconds,
        avg(case when calls.is_inbound and calls.is_answered then calls.after_call_work_seconds end)
            as avg_after_call_work_seconds,
        avg(case when calls.is_inbound then calls.handle_seconds end) as avg_handle_seconds,
        count(case when not calls.is_inbound then 1 end) as outbound_calls,
        count(calls.call_id) as total_calls
    from grid
    left join calls
        on grid.interval_start_at = calls.call_interval_start_at
    group by grid.interval_start_at
),

status_buckets as (
    -- each staffed interval with the numbers of the first and last grid
    -- intervals it touches (counted from the first call's day), found by
    -- arithmetic instead of a range join against the grid
    select
        status_intervals.started_at,
        status_intervals.ended_at,
        status_intervals.agent_id,
        floor(
            {{ seconds_between('grid_origin.origin_at', 'status_intervals.started_at') }}
            / {{ interval_seconds }}
        ) as first_bucket,
        ceil(
            {{ seconds_between('grid_origin.origin_at', 'status_intervals.ended_at') }}
            / {{ interval_seconds }}
        ) - 1 as last_bucket
    from status_intervals
    cross join grid_origin
    where status_intervals.ended_at > grid_origin.origin_at
),

bucket_offsets as (
    -- 0, 1, 2, ... up to the longest span of a staffed interval (the spine
    -- has at least as many rows as the calendar has intervals)
    select bucket_offset
    from (
        select row_number() over (order by interval_start_at) - 1 as bucket_offset
        from spine
    ) as numbered
    where bucket_offset <= (
            select max(status_buckets.last_bucket - status_buckets.first_bucket)
            from status_buckets
        )
),

status_in_buckets as (
    select
        status_buckets.agent_id,
        status_buckets.started_at,
        status_buckets.ended_at,
        {{ add_minutes('grid_origin.origin_at',
            '(status_buckets.first_bucket + bucket_offsets.bucket_offset) * ' ~ interval) }}
            as interval_start_at
    from status_buckets
    cross join grid_origin
    inner join bucket_offsets
        on status_buckets.last_bucket - status_buckets.first_bucket >= bucket_offsets.bucket_offset
),

staffing as (
    select
        interval_start_at,
        sum({{ overlap_seconds('started_at', 'ended_at', 'interval_start_at',
            add_minutes('interval_start_at', interval)) }})
        / {{ interval_seconds }}.0 as agents_staffed,
        count(distinct agent_id) as agents_logged_in
    from status_in_buckets
    group by interval_start_at
),

final as (
    select
        grid.date_day,
        grid.interval_start_at,
        grid.interval_end_at,
        {{ dbt.dateadd('minute', interval, 'grid.interval_start_at') }} <= as_of.as_of_at
            as is_period_complete,
        call_intervals.calls_offered,
        call_intervals.calls_answered,
        call_intervals.calls_abandoned,
        call_intervals.short_abandons,
        call_intervals.answered_within_service_level,
        {{ safe_ratio('call_intervals.answered_within_service_level',
            'call_intervals.calls_offered - call_intervals.short_abandons') }}
            as service_level,
        {{ safe_ratio('call_intervals.calls_abandoned', 'call_intervals.calls_offered') }}
            as abandonment_rate,
        call_intervals.asa_seconds,
        call_intervals.longest_queue_wait_seconds,
        call_intervals.avg_hold_seconds,
        call_intervals.avg_after_call_work_seconds,
        call_intervals.avg_handle_seconds,
        call_intervals.outbound_calls,
        call_intervals.total_calls,
        coalesce(staffing.agents_staffed, 0) as agents_staffed,
        coalesce(staffing.agents_logged_in, 0) as agents_logged_in
    from grid
    inner join call_intervals
        on grid.interval_start_at = call_intervals.interval_start_at
    left join staffing
        on grid.interval_start_at = staffing.interval_start_at
    cross join as_of
)

select * from final
