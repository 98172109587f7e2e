{#- One row per accepted agent status interval (agent_status_log): who was
    in which status from when to when, and whether that time counts as
    logged in, productive (handling or after-call work) or staffed
    (available, handling or after-call work). -#}
with status_log as (
    select * from {{ ref('int_agent_status_log_validated') }}
    where dq_reason is null
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
        status in ('available', 'handling', 'after_call_work') as is_staffed
    from status_log
)

select * from final
