{#- One row per accepted agent status interval (agent_status_log): who was
    in which status from when to when, and whether that time counts as
    logged in, productive (handling or after-call work) or staffed
    (available, handling or after-call work).
    An agent is in one status at a time, so a status log row that starts
    before the agent's previous row ends closes that previous row: its
    ended_at becomes the next row's started_at (logged_ended_at keeps the
    raw end, is_trimmed marks it). Nothing is dropped: a row trimmed to zero
    length stays, with 0 minutes. Rows starting at the same instant are
    ordered by end, then status. -#}
with status_log as (
    select * from {{ ref('stg_helpdesk__agent_status_log') }}
),

sequenced as (
    select
        agent_id,
        status,
        started_at,
        ended_at as logged_ended_at,
        lead(started_at) over (
            partition by agent_id order by started_at, ended_at, status
        ) as next_started_at
    from status_log
),

trimmed as (
    select
        agent_id,
        status,
        started_at,
        logged_ended_at,
        coalesce(next_started_at < logged_ended_at, false) as is_trimmed,
        case
            when next_started_at < logged_ended_at then next_started_at
            else logged_ended_at
        end as ended_at
    from sequenced
),

final as (
    select
        agent_id,
        status,
        started_at,
        ended_at,
        {{ seconds_between('started_at', 'ended_at') }} / 60.0 as status_minutes,
        status <> 'offline' as is_logged_in,
        status in ('handling', 'after_call_work') as is_productive,
        status in ('available', 'handling', 'after_call_work') as is_staffed,
        logged_ended_at,
        is_trimmed
    from trimmed
)

select * from final
